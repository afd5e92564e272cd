"""JSONResponse encoded with orjson: the JSON API's one response class.

Starlette's JSONResponse encodes with the standard library: 0.09 ms for the 18 KB listing page,
a quarter of the search behind it; orjson takes 0.006 ms. The output is the same compact UTF-8
JSON; integer keys (counts per year) become strings, as with ``json.dumps``.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as _StarletteJSONResponse


class JSONResponse(_StarletteJSONResponse):
    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


__all__ = ["JSONResponse"]
