"""/static with cache headers (#22 item 6): versioned URLs live a year, the rest revalidate.

Pages name their scripts and styles through the template global ``static('x.js')``, which gives
``/static/x.js?v=<hash of the file's bytes>``. Such a URL changes whenever the file does, so its answer
is ``public, max-age=31536000, immutable``: a returning visitor loads nothing again, and a new
release is fetched at once (a new hash), with no version number to bump by hand. Any other URL under
/static (a stale or missing ``v``, the files a script or a style sheet loads itself: Leaflet's marker
images, the county outline, Swagger UI's assets) gets a short life and is revalidated with
Starlette's ETag and Last-Modified (304): a day for the npm libraries in /static/vendor (they change
only with `make install`), five minutes for the project's own files.
"""

from __future__ import annotations

import hashlib
import os
from urllib.parse import parse_qs

from fastapi.staticfiles import StaticFiles

IMMUTABLE = "public, max-age=31536000, immutable"
VENDOR = "public, max-age=86400"
OWN = "public, max-age=300"


class Versions:
    """The version (a content hash) of each static file, read again when its size or time changes."""

    def __init__(self, directory) -> None:
        self.directory = os.path.realpath(directory)
        self._known: dict[str, tuple[tuple[int, int], str]] = {}

    def of(self, path: str) -> str | None:
        full = os.path.realpath(os.path.join(self.directory, path))
        if not full.startswith(self.directory + os.sep):
            return None
        try:
            stat = os.stat(full)
        except OSError:
            return None
        key = (stat.st_size, stat.st_mtime_ns)
        known = self._known.get(path)
        if known is None or known[0] != key:
            with open(full, "rb") as file:
                known = (key, hashlib.sha256(file.read()).hexdigest()[:16])
            self._known[path] = known
        return known[1]

    def url(self, path: str) -> str:
        """The URL of /static/``path`` with its version (the template global ``static``)."""
        version = self.of(path)
        return f"/static/{path}?v={version}" if version else f"/static/{path}"


class CachedStaticFiles(StaticFiles):
    """StaticFiles whose answers say how long they may be kept (see the module's docstring)."""

    def __init__(self, *, directory, versions: Versions) -> None:
        super().__init__(directory=directory)
        self.versions = versions

    async def get_response(self, path: str, scope):
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [None])[0]
            name = path.replace(os.sep, "/")
            if asked and asked == self.versions.of(name):
                response.headers["Cache-Control"] = IMMUTABLE
            else:
                response.headers["Cache-Control"] = VENDOR if name.startswith("vendor/") else OWN
        return response
