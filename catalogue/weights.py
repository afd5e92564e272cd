"""The similarity weights: the components' names, their defaults, and the setting parsed and checked.

``SYMBIOS_SIMILARITY_WEIGHTS`` overrides some of the defaults, e.g. ``resources=3,distance=1``.
A name that is no component, or a value that is not a number ≥ 0, stops the CLI (exit 2) and the
app before it starts, with a message naming the setting, the bad part and the accepted names.
"""

from __future__ import annotations

import math

from .errors import BadSetting

SETTING = "SYMBIOS_SIMILARITY_WEIGHTS"
#: Component -> default weight. ``distance`` (nearness of the municipal seats, scale 150 km) and
#: ``region`` (in the same county) count only when both sides are placed.
DEFAULT_WEIGHTS = {"resources": 3.0, "flows": 2.0, "kinds": 1.0, "organisation_forms": 0.5, "actor_types": 1.0,
                   "roles": 0.5, "drivers": 1.0, "barriers": 1.0, "distance": 0.0, "region": 0.0}


def _weight(part: str, name: str, value: object) -> float:
    """The weight ``value`` of component ``name`` (``part`` as written in the setting), or :class:`BadSetting`."""
    if name not in DEFAULT_WEIGHTS:
        problem = f"names no similarity component ({name!r})"
    else:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = math.nan
        if math.isfinite(number) and number >= 0:
            return number
        problem = "does not give a number ≥ 0 as the weight"
    raise BadSetting(f"{SETTING}: {part!r} {problem}. Give name=number pairs separated by commas "
                     f"(e.g. resources=3,distance=1); the names are: {', '.join(DEFAULT_WEIGHTS)}.",
                     setting=SETTING, part=part, accepted=list(DEFAULT_WEIGHTS))


def check_weights(weights: dict) -> dict[str, float]:
    """The weights as floats, every name a component and every value a number ≥ 0."""
    return {name: _weight(f"{name}={value}", name, value) for name, value in weights.items()}


def parse_weights(text: str) -> dict[str, float]:
    """'resources=3,distance=1' -> {'resources': 3.0, 'distance': 1.0}; :class:`BadSetting` for anything else."""
    weights = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition("=")
        weights[name.strip()] = _weight(part, name.strip(), value.strip() or None)
    return weights
