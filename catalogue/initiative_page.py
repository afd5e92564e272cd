"""What an initiative's page shows beyond the record view: a summary (what, where, who, status,
main exchanges), in-page contents, references numbered in the order the page cites them (each
statement carries the numbers of the quotes that support it), quantities and outcomes written
the way the page's language writes numbers, the symbiosis map, the locator map's markers and
how to cite the record.

Plain data for ``initiative.html``; the record view itself is :func:`catalogue.views.initiative_view`.
"""

from __future__ import annotations

from datetime import datetime

from .citation import citation
from .errors import NotFound
from .mapping import markers
from .namespaces import SYM
from .symbiosis_map import map_data
from .views import Text

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
#: Statements of the initiative itself -> the properties whose quotes support them.
STATEMENTS = {
    "name": (SKOS + "prefLabel", SKOS + "altLabel"),
    "description": (DCT + "description",),
    "kind": (str(SYM.kind),),
    "places": (str(SYM.place),),
    "status": (str(SYM.status), str(SYM.startYear), str(SYM.endYear)),
    "organisation": (str(SYM.organisationForm), str(SYM.organisationDescription)),
    "how_started": (str(SYM.howStarted),),
    "business_model": (str(SYM.businessModel),),
    "related": (str(SYM.relatedInitiative), str(SYM.inspiredBy), str(SYM.partOf)),
}
#: Roles that make an actor one of the initiative's main actors, most telling first.
MAIN_ROLES = ("process-owner", "initiator", "coordinator", "facilitator", "owner", "resource-provider", "resource-receiver")
MAIN_ACTORS = 5  # actors named in the summary (the rest: "and N more")
MAIN_EXCHANGES = 4  # exchanges named in the summary
EXCHANGE_ORDER = ("existing", "in-test", "planned", "potential", "ended")


def number(value: float | int, lang: str) -> str:
    """A number as the language writes it: 1 234 567,5 in Swedish, 1,234,567.5 in English."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.6f}".rstrip("0").rstrip(".")
    if lang == "sv":
        return text.replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")
    return text


def amount(value, low, high, unit: dict | None, lang: str) -> str | None:
    """A value, or a range low–high, or an open bound ("minst 2"), with its unit; None without a number."""
    sv = lang == "sv"
    if value is not None:
        text = number(value, lang)
    elif low is not None and high is not None:
        text = f"{number(low, lang)}\u2013{number(high, lang)}"
    elif low is not None:
        text = f"{'minst' if sv else 'at least'} {number(low, lang)}"
    elif high is not None:
        text = f"{'högst' if sv else 'at most'} {number(high, lang)}"
    else:
        return None
    return f"{text} {unit['label']}" if unit and unit.get("slug") != "count" else text  # "5", not "5 count"


def references(item: dict) -> tuple[dict[str, list[int]], dict[str, int], list[dict]]:
    """(statement -> reference numbers, evidence id -> number, the numbered list).

    The list is grouped by source, sources in the order the page first cites them; within a source,
    numbers follow the page: the initiative's own statements first, then actors, exchanges,
    drivers, barriers, success factors, outcomes, funding; quotes no statement cites come last.
    A quote attached to the initiative supports the statements its ``supports`` properties name.
    """
    evidence = item["evidence"]
    cited_elsewhere = {i for key in ("roles", "exchanges", "drivers", "barriers", "success_factors", "outcomes",
                                     "funding", "status_history") for part in item[key] for i in part["evidence"]}
    own = [i for i in evidence if i in item["initiative_evidence"] or i not in cited_elsewhere]
    statements = {name: [i for i in own if set(evidence[i]["supports"]) & set(props)] for name, props in STATEMENTS.items()}
    order: list[str] = []
    for ids in [statements[name] for name in STATEMENTS] + [
            part["evidence"] for key in ("roles", "exchanges", "drivers", "barriers", "success_factors", "outcomes",
                                         "funding") for part in item[key]] + [list(evidence)]:
        order += [i for i in ids if i not in order and i in evidence]
    sources = list(dict.fromkeys((evidence[i].get("source") or {}).get("iri") for i in order))
    order.sort(key=lambda i: sources.index((evidence[i].get("source") or {}).get("iri")))  # stable: page order within a source
    numbers = {i: n for n, i in enumerate(order, start=1)}
    entries = [{"number": numbers[i], **evidence[i]} for i in order]
    return {name: sorted(numbers[i] for i in ids) for name, ids in statements.items()}, numbers, entries


def _party(ref: dict | None, description: str | None, lang: str) -> str:
    if ref:
        return ref["label"]
    return description or ("okänd" if lang == "sv" else "unknown")


def summary(item: dict, regions: dict[str, str], labels, lang: str) -> dict:
    """What, where, who, status and the main exchanges, for the box at the top of the page."""
    places = item["places"]
    counties_named = {regions[p["iri"]] for p in places if p["iri"] in regions}
    where = [{**p, "county": labels.ref(regions[p["iri"]], lang) if p["iri"] in regions else None}
             for p in places if p["iri"] not in counties_named]
    roles = [r for r in item["roles"] if r["actor"]]
    rank = {slug: n for n, slug in enumerate(MAIN_ROLES)}

    def weight(role: dict) -> int:
        return min((rank.get(r["slug"], len(rank)) for r in role["role"]), default=len(rank))

    main = sorted((r for r in roles if weight(r) < len(rank)), key=weight) or roles
    who, seen = [], set()
    for role in main:
        if role["actor"]["iri"] not in seen:
            seen.add(role["actor"]["iri"])
            who.append(role["actor"])
    actors = {r["actor"]["iri"] for r in roles}
    status_rank = {slug: n for n, slug in enumerate(EXCHANGE_ORDER)}
    exchanges = sorted(item["exchanges"], key=lambda x: status_rank.get((x["status"] or {}).get("slug"), len(status_rank)))
    return {
        "kind": item["kind"],
        "where": where,
        "who": who[:MAIN_ACTORS],
        "more_actors": len(actors) - len(who[:MAIN_ACTORS]),
        "status": item["status"],
        "start_year": item["start_year"],
        "end_year": item["end_year"],
        "exchanges": [{"resource": x["resource_type"], "status": x["status"],
                       "from": _party(x["provider"], x["provider_description"], lang),
                       "to": _party(x["receiver"], x["receiver_description"], lang)}
                      for x in exchanges[:MAIN_EXCHANGES]],
        "more_exchanges": max(0, len(exchanges) - MAIN_EXCHANGES),
    }


def sections(item: dict, similar: list, has_citation: bool) -> list[dict]:
    """The page's sections that have something to show, in page order (the in-page contents)."""
    candidates = [
        ("about", "Om initiativet", "About", item["organisation"] or item["organisation_form"] or item["how_started"] or item["business_model"]),
        ("actors", "Aktörer", "Actors", True),
        ("exchanges", "Resursutbyten", "Resource exchanges", True),
        ("drivers", "Drivkrafter", "Drivers", item["drivers"]),
        ("barriers", "Hinder och utmaningar", "Barriers and challenges", item["barriers"]),
        ("success-factors", "Framgångsfaktorer", "Success factors", item["success_factors"]),
        ("outcomes", "Resultat", "Outcomes", item["outcomes"]),
        ("funding", "Finansiering", "Funding", item["funding"]),
        ("related", "Relaterade initiativ", "Related initiatives", item["related"] or item["inspired_by"] or item["part_of"]),
        ("similar", "Liknande initiativ", "Similar initiatives", similar),
        ("references", "Källor och citat", "Sources and quotes", item["evidence"]),
        ("cite", "Så citerar du", "How to cite", has_citation),
    ]
    return [{"id": key, "sv": sv, "en": en} for key, sv, en, present in candidates if present]


def _by_source(entries: list[dict]) -> list[list[dict]]:
    groups: list[list[dict]] = []
    for entry in entries:
        if groups and groups[-1][0]["source"] == entry["source"]:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def initiative_page(catalogue, item: dict, lang: str, modified: datetime | None = None) -> dict:
    """Everything ``initiative.html`` needs besides the record view ``item``."""
    statement_refs, numbers, entries = references(item)
    for entry in entries:  # the language a reference is written in, to mark it on a page in another
        quote_lang = getattr(entry["quote"], "lang", None)
        entry["locator"] = entry["locator"] and Text(entry["locator"], getattr(entry["locator"], "lang", None) or quote_lang)
        names = catalogue.labels.names.get(entry["source"]["iri"], {}) if entry["source"] else {}
        entry["source_lang"] = None if lang in names else next(iter(names), None)
    try:
        similar = catalogue.similarity.similar_to(item["slug"], 5, lang)
    except NotFound:  # an initiative with nothing to compare yet
        similar = []
    exchanges = [{**x, "amounts": [{"amount": amount(q["value"], q["min"], q["max"], q["unit"], lang), "text": q["text"]}
                                  for q in x["quantities"]]} for x in item["exchanges"]]
    for x in exchanges:  # a quantity: the number the page's way, and the source's own words when there are some
        x["amounts"] = [a for a in x["amounts"] if a["amount"] or a["text"]]
    outcomes = [{**o, "amount": amount(o["value"], o["min"], o["max"], o["unit"], lang)} for o in item["outcomes"]]
    funding = [{**f, "amount_text": f"{number(f['amount'], lang)} {f['currency'] or ''}".strip() if f["amount"] is not None else None}
               for f in item["funding"]]
    located = {"slug": item["slug"], "label": item["label"], "places": item["places"], "status": item["status"],
               "resource_types": list({x["resource_type"]["iri"]: x["resource_type"] for x in item["exchanges"]
                                       if x["resource_type"]}.values())}
    placed, _ = markers([located], catalogue.matchmaker.points)
    cited_as = citation(item["label"], item["iri"], modified, lang)
    return {
        "summary": summary(item, catalogue.matchmaker.regions, catalogue.labels, lang),
        "sections": sections(item, similar, bool(cited_as)),
        "statement_refs": statement_refs,
        "numbers": numbers,
        "references": entries,
        "reference_groups": [{"source": group[0]["source"], "source_lang": group[0]["source_lang"], "entries": group}
                             for group in _by_source(entries)],
        "exchanges": exchanges,
        "show_quantity": any(x["amounts"] for x in exchanges),
        "described_in": next((d.lang for x in exchanges for d, actor in ((x["provider_description"], x["provider"]),
                              (x["receiver_description"], x["receiver"])) if d and not actor and d.lang and d.lang != lang), None),
        "outcomes": outcomes,
        "funding": funding,
        "symbiosis": map_data(item, catalogue.concepts, "okänd" if lang == "sv" else "unknown"),
        "similar": similar,
        "markers": placed,
        "citation": cited_as,
    }
