"""Precision and recall of the suggestions from the source texts (#20 item 4).

The curated records in data/ say which facts each seed text supports: every evidence quote of a
record, with the facts it is evidence for — the concept of a barrier, driver, success factor,
exchange, outcome or funding that cites it, the actors of roles, exchanges and funding, the
quantity of an exchange, the value of an outcome, the record's own concept fields and start year
when the evidence supports them, and an actor record's name. The suggestions for the whole text
are compared with those facts where they overlap a curated quote:

- a suggestion is **right** when a curated fact of the same kind and value has a quote that
  overlaps the suggestion's sentence;
- **precision** = right / suggestions whose sentence overlaps some curated quote (elsewhere in the
  text nobody has curated anything, so nothing can be said of a suggestion there);
- **recall** = curated facts with a right suggestion / curated facts.

    python benchmarks/bench_suggestions.py          # the table
    python benchmarks/bench_suggestions.py --json   # the figures as JSON
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Graph, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, RDF, SKOS  # noqa: E402

from catalogue.loading import load_catalogue, read_shapes  # noqa: E402
from catalogue.namespaces import SYM  # noqa: E402
from catalogue.quotes import collapse  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from catalogue.source_sections import clean  # noqa: E402
from catalogue.store import Store  # noqa: E402
from catalogue.suggestions import NOT_PROPOSED, Finder, Lexicon  # noqa: E402

KINDS = ("concept", "actor", "quantity", "outcome", "startYear")
ACTOR_LINKS = (SYM.agent, SYM.provider, SYM.receiver, SYM.funder)


def _number(value) -> float:
    number = float(value)
    return int(number) if number.is_integer() else number


def gold_facts(data_dir: Path, schemes: set[str]) -> dict[str, list[tuple[str, object, str]]]:
    """Source IRI -> (kind, value, quote) of every fact the curated records tie to a quote of it."""
    facts: dict[str, list[tuple[str, object, str]]] = defaultdict(list)
    for path in sorted([*data_dir.glob("initiatives/*.ttl"), *data_dir.glob("actors/*.ttl")]):
        graph = Graph().parse(path)

        def concepts(node):
            return [("concept", str(o)) for _, o in graph.predicate_objects(node)
                    if isinstance(o, URIRef) and str(o).rsplit("/", 1)[0] in schemes]

        def facts_of_node(node):
            found = concepts(node)
            found += [("actor", str(o)) for p in ACTOR_LINKS for o in graph.objects(node, p)]
            for quantity in graph.objects(node, SYM.quantity):
                unit = str(graph.value(quantity, SYM.unit))
                found += [("quantity", (_number(v), unit)) for p in (SYM.numericValue, SYM.minValue, SYM.maxValue)
                          for v in graph.objects(quantity, p)]
            if (node, RDF.type, SYM.Outcome) in graph and graph.value(node, SYM.numericValue) is not None:
                found.append(("outcome", (_number(graph.value(node, SYM.numericValue)), str(graph.value(node, SYM.unit)))))
            return found

        for evidence in graph.subjects(RDF.type, SYM.Evidence):
            source, quote = graph.value(evidence, DCTERMS.source), graph.value(evidence, SYM.quote)
            if source is None or quote is None:
                continue
            found = []
            for node in graph.subjects(SYM.evidence, evidence):
                if (node, RDF.type, SYM.Initiative) not in graph:
                    found += facts_of_node(node)
            for record in graph.subjects(SYM.evidence, evidence):
                for prop in graph.objects(evidence, SYM.supportsProperty):
                    if prop == SYM.startYear:
                        found += [("startYear", int(y)) for y in graph.objects(record, SYM.startYear)]
                    elif prop == SKOS.prefLabel and (record, RDF.type, SYM.Actor) in graph:
                        found.append(("actor", str(record)))
                    else:
                        found += [("concept", str(o)) for o in graph.objects(record, prop)
                                  if isinstance(o, URIRef) and str(o).rsplit("/", 1)[0] in schemes]
            if (URIRef(str(evidence).split("#")[0]), RDF.type, SYM.Actor) in graph:
                for prop in graph.objects(evidence, SYM.supportsProperty):
                    if prop == SKOS.prefLabel:
                        found.append(("actor", str(evidence).split("#")[0]))
            facts[str(source)] += [(kind, value, collapse(str(quote))) for kind, value in dict.fromkeys(found)]
    return facts


def _span(collapsed: str, quote: str) -> tuple[int, int] | None:
    at = collapsed.find(quote)
    return (at, at + len(quote)) if at >= 0 else None


def _overlap(a, b) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _value(suggestion: dict):
    if suggestion["kind"] in ("quantity", "outcome"):
        return [(v, suggestion["unit"]) for v in suggestion.get("values", {}).values()] or [(suggestion["value"], suggestion["unit"])]
    return [suggestion["value"]]


def evaluate(settings: Settings) -> dict:
    store = Store.open(None)
    load_catalogue(store, settings)
    lexicon = Lexicon.build(store, read_shapes(settings.shapes_dir))
    schemes = set(lexicon.targets) - NOT_PROPOSED
    gold = gold_facts(settings.data_dir, schemes)
    counts = {k: defaultdict(int) for k in (*KINDS, "all")}
    per_source = {}
    for path in sorted(settings.data_dir.glob("sources/*.ttl")):
        graph = Graph().parse(path)
        for source, file_name in graph.subject_objects(SYM.fileName):
            text_path = settings.sources_dir / str(file_name)
            if not text_path.is_file():
                continue
            text = text_path.read_text(encoding="utf-8")
            collapsed = clean(text)
            facts = [(k, v, _span(collapsed, q)) for k, v, q in gold.get(str(source), [])]
            facts = [f for f in facts if f[2] is not None]
            spans = [f[2] for f in facts]
            suggestions = Finder(lexicon, text, str(source)).suggest()
            judged = right = 0
            hit: set[int] = set()
            for s in suggestions:
                span = _span(collapsed, s["evidence"]["quote"])
                if not any(_overlap(span, g) for g in spans):
                    continue
                judged += 1
                matches = [i for i, (k, v, g) in enumerate(facts) if k == s["kind"] and v in _value(s) and _overlap(span, g)]
                for kind in (s["kind"], "all"):
                    counts[kind]["judged"] += 1
                    counts[kind]["right"] += bool(matches)
                right += bool(matches)
                hit.update(matches)
            for i, (kind, _, _) in enumerate(facts):
                for k in (kind, "all"):
                    counts[k]["facts"] += 1
                    counts[k]["found"] += i in hit
            per_source[str(file_name)] = {"suggestions": len(suggestions), "judged": judged, "right": right,
                                          "facts": len(facts), "found": len(hit)}
    table = {}
    for kind, c in counts.items():
        table[kind] = {"precision": round(c["right"] / c["judged"], 3) if c["judged"] else None,
                       "recall": round(c["found"] / c["facts"], 3) if c["facts"] else None,
                       "judged": c["judged"], "facts": c["facts"]}
    return {"kinds": table, "sources": per_source}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    settings = Settings(store=":memory:", data_dir=ROOT / "data")
    result = evaluate(settings)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{'kind':<10} {'precision':>9} {'recall':>7} {'judged':>7} {'facts':>6}")
    for kind, row in result["kinds"].items():
        p = f"{row['precision']:.2f}" if row["precision"] is not None else "–"
        r = f"{row['recall']:.2f}" if row["recall"] is not None else "–"
        print(f"{kind:<10} {p:>9} {r:>7} {row['judged']:>7} {row['facts']:>6}")
    print()
    for name, row in result["sources"].items():
        print(f"{name}: {row['suggestions']} suggestions, {row['right']}/{row['judged']} right where curated, "
              f"{row['found']}/{row['facts']} curated facts found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
