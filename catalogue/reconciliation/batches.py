"""Reading what a reconciliation client sends: query batches and data extension queries (JSON in a
form field or query parameter), checked field by field with errors that say what to send instead."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..errors import BadRequest, PayloadTooLarge

#: Most types, property constraints and values one query may name (a spreadsheet row names a few).
MAX_TYPES = 20
MAX_CONSTRAINTS = 20
MAX_VALUES = 20
MAX_KEY = 200
MAX_PROPERTIES = 50
STRICTNESS = ("should", "all", "any")
EXAMPLE = '{"q0": {"query": "Borealis", "type": "https://w3id.org/symbios/def#Actor"}}'


@dataclass
class Constraint:
    pid: str
    values: list  # str, int, float, bool, or {"id": …}


@dataclass
class Query:
    text: str | None
    types: list[str] = field(default_factory=list)
    limit: int | None = None
    constraints: list[Constraint] = field(default_factory=list)


@dataclass
class ExtendQuery:
    ids: list[str]
    properties: list[tuple[str, int]]  # (property id, most values; 0 = all)


def _json(text: str, parameter: str, example: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadRequest(f"'{parameter}' is not JSON ({error.msg}, line {error.lineno}, column {error.colno}). "
                         f"Send a JSON object, e.g. {example}.", parameter=parameter) from None
    except RecursionError:
        raise BadRequest(f"'{parameter}' is nested too deeply. Send a JSON object, e.g. {example}.",
                         parameter=parameter) from None


def _text(value, where: str, most: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"{where} must be a non-empty string.", parameter="queries")
    if len(value) > most:
        raise BadRequest(f"{where} has more than {most} characters (SYMBIOS_QUERY_TEXT_MAX). Send the name alone.",
                         parameter="queries", limit=most)
    return value.strip()


def _strings(value, where: str, most: int) -> list[str]:
    found = [value] if isinstance(value, str) else value
    if not isinstance(found, list) or not all(isinstance(v, str) and v for v in found):
        raise BadRequest(f"{where} must be a string or an array of strings.", parameter="queries")
    if len(found) > most:
        raise BadRequest(f"{where} names more than {most}.", parameter="queries", limit=most)
    return found


def _value(value, where: str, most_text: int):
    if isinstance(value, bool) or isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and value != value:
            raise BadRequest(f"{where} is not a number.", parameter="queries")
        return value
    if isinstance(value, str):
        return _text(value, where, most_text)
    if isinstance(value, dict) and set(value) <= {"id", "name"} and isinstance(value.get("id"), str) and value["id"]:
        return {"id": value["id"][:MAX_KEY * 5]}
    raise BadRequest(f"{where} must be a string, a number, a boolean or an entity {{\"id\": \"…\"}}.", parameter="queries")


def read_query(key: str, body, max_limit: int, max_text: int) -> Query:
    where = f"Query {key[:40]!r}"
    if not isinstance(body, dict):
        raise BadRequest(f"{where} must be an object with 'query' and optionally 'type', 'limit', 'properties'. "
                         f"For example {EXAMPLE}.", parameter="queries")
    unknown = sorted(set(body) - {"query", "type", "limit", "properties", "type_strict"})
    if unknown:
        raise BadRequest(f"{where} has an unknown field {unknown[0][:40]!r}. Use query, type, limit, properties, "
                         "type_strict.", parameter="queries", accepted=["query", "type", "limit", "properties", "type_strict"])
    text = _text(body["query"], f"{where}: 'query'", max_text) if body.get("query") is not None else None
    types = _strings(body["type"], f"{where}: 'type'", MAX_TYPES) if body.get("type") is not None else []
    limit = body.get("limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit):
        raise BadRequest(f"{where}: 'limit' must be a positive whole number (at most {max_limit} candidates are given).",
                         parameter="queries", limit=max_limit)
    if body.get("type_strict") is not None and body["type_strict"] not in STRICTNESS:
        raise BadRequest(f"{where}: 'type_strict' must be one of {', '.join(STRICTNESS)}.", parameter="queries",
                         accepted=list(STRICTNESS))
    constraints = []
    properties = body.get("properties") or []
    if not isinstance(properties, list) or len(properties) > MAX_CONSTRAINTS:
        raise BadRequest(f"{where}: 'properties' must be an array of at most {MAX_CONSTRAINTS} objects "
                         '{"pid": "municipality", "v": "Stenungsund"}.', parameter="queries", limit=MAX_CONSTRAINTS)
    for number, constraint in enumerate(properties, 1):
        part = f"{where}, property {number}"
        if not isinstance(constraint, dict) or not isinstance(constraint.get("pid"), str) or "v" not in constraint:
            raise BadRequest(f'{part} must be an object {{"pid": "municipality", "v": "Stenungsund"}}.', parameter="queries")
        values = constraint["v"] if isinstance(constraint["v"], list) else [constraint["v"]]
        if not values or len(values) > MAX_VALUES:
            raise BadRequest(f"{part} must have 1 to {MAX_VALUES} values in 'v'.", parameter="queries", limit=MAX_VALUES)
        constraints.append(Constraint(constraint["pid"][:MAX_KEY], [_value(v, f"{part}: a value", max_text) for v in values]))
    if text is None and not constraints:
        raise BadRequest(f"{where} needs a 'query' (a name), 'properties', or both.", parameter="queries")
    return Query(text, types, None if limit is None else min(limit, max_limit), constraints)


def read_batch(text: str, max_batch: int, max_limit: int, max_text: int) -> dict[str, Query]:
    """A reconciliation query batch: an object of queries by key."""
    batch = _json(text, "queries", EXAMPLE)
    if not isinstance(batch, dict) or not batch:
        raise BadRequest(f"'queries' must be a JSON object with at least one query, e.g. {EXAMPLE}.", parameter="queries")
    if len(batch) > max_batch:
        raise PayloadTooLarge(f"The batch has {len(batch)} queries; this service takes at most {max_batch} at once "
                              "(batchSize in its manifest, SYMBIOS_RECONCILE_BATCH_SIZE). Send them in smaller batches.",
                              parameter="queries", limit=max_batch)
    for key in batch:
        if len(key) > MAX_KEY:
            raise BadRequest(f"A query's key has more than {MAX_KEY} characters.", parameter="queries", limit=MAX_KEY)
    return {key: read_query(key, body, max_limit, max_text) for key, body in batch.items()}


def read_extend(text: str, max_ids: int) -> ExtendQuery:
    """A data extension query: {"ids": [...], "properties": [{"id": ..., "settings": {"limit": n}}]}."""
    example = '{"ids": ["https://w3id.org/symbios/id/actor/borealis"], "properties": [{"id": "municipality"}]}'
    query = _json(text, "extend", example)
    if not isinstance(query, dict) or not isinstance(query.get("ids"), list) or not isinstance(query.get("properties"), list):
        raise BadRequest(f"'extend' must be an object with 'ids' and 'properties', e.g. {example}.", parameter="extend")
    ids = query["ids"]
    if not all(isinstance(i, str) and i and len(i) <= MAX_KEY * 5 for i in ids):
        raise BadRequest("'ids' must be an array of entity identifiers (IRIs).", parameter="extend")
    if len(ids) > max_ids:
        raise PayloadTooLarge(f"The extension asks for {len(ids)} entities; this service takes at most {max_ids} at once "
                              "(SYMBIOS_RECONCILE_BATCH_SIZE × 10). Send them in smaller batches.", parameter="extend",
                              limit=max_ids)
    if not query["properties"] or len(query["properties"]) > MAX_PROPERTIES:
        raise BadRequest(f"'properties' must name 1 to {MAX_PROPERTIES} properties, e.g. [{{\"id\": \"municipality\"}}].",
                         parameter="extend", limit=MAX_PROPERTIES)
    properties = []
    for item in query["properties"]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise BadRequest('Each property must be an object {"id": "municipality"}, with "settings" if wanted.',
                             parameter="extend")
        settings = item.get("settings") or {}
        most = settings.get("limit", 0) if isinstance(settings, dict) else None
        if isinstance(most, str) and most.strip().isdigit():
            most = int(most)  # OpenRefine sends a number setting as the text of its form field
        if isinstance(most, bool) or not isinstance(most, int) or most < 0:
            raise BadRequest(f"The setting 'limit' of property {item['id'][:40]!r} must be a whole number, 0 for all values.",
                             parameter="extend")
        properties.append((item["id"][:MAX_KEY], most))
    return ExtendQuery(list(dict.fromkeys(ids)), properties)
