"""The concept browser's plain data, the way Skosmos presents a vocabulary: the schemes with their
titles, descriptions and sizes; a scheme as a tree with definitions, labels in both languages and
how many initiatives use each concept; one concept with its labels, hierarchy, mappings to other
vocabularies (EU List of Waste, NACE, CEON) and its use."""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Literal, URIRef

from . import queries
from .errors import NotFound
from .facets import fold
from .labels import slug_of
from .namespaces import CONCEPT, SYM

#: Mapping properties -> (Swedish, English) names, strongest first.
RELATIONS = {
    "http://www.w3.org/2004/02/skos/core#exactMatch": ("Exakt motsvarighet", "Exact match"),
    "http://www.w3.org/2004/02/skos/core#closeMatch": ("Nära motsvarighet", "Close match"),
    "http://www.w3.org/2004/02/skos/core#broadMatch": ("Bredare motsvarighet", "Broader match"),
    "http://www.w3.org/2004/02/skos/core#narrowMatch": ("Smalare motsvarighet", "Narrower match"),
    "http://www.w3.org/2004/02/skos/core#relatedMatch": ("Besläktad", "Related match"),
}
#: Vocabularies mapped to, by the datatype of their codes or the start of their IRIs.
VOCABULARIES = {
    str(SYM.ListOfWasteCode): ("EU:s avfallsförteckning", "EU List of Waste"),
    str(SYM.NaceCode): ("NACE rev. 2 (SNI 2007)", "NACE Rev. 2"),
    "http://w3id.org/CEON/": ("CEON (cirkulär ekonomi)", "CEON (circular economy)"),
    "https://schema.org/": ("schema.org", "schema.org"),
    "http://www.w3.org/ns/org#": ("W3C ORG", "W3C ORG"),
}


def _pick(values: dict[str | None, str], lang: str) -> tuple[str | None, str | None]:
    """(text, language) in ``lang``, else the other language, else any."""
    for wanted in (lang, "sv" if lang == "en" else "en", None):
        if wanted in values:
            return values[wanted], wanted
    if values:
        language, text = next(iter(values.items()))
        return text, language
    return None, None


def _used_by(catalogue, facet: str | None, iri: str) -> int | None:
    """How many initiatives a search with this concept as ``facet`` finds (None: no such facet)."""
    if facet is None:
        return None
    return len(catalogue.index.postings.get(facet, {}).get(iri, ()))


def _search(facet: str | None, slug: str, lang: str) -> str | None:
    return f"/?{facet}={slug}&lang={lang}" if facet else None


def _schemes(catalogue) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for row in queries.select(catalogue.store, "concept_schemes"):
        scheme = found.setdefault(str(row["scheme"]), {"labels": {}, "definitions": {}, "concepts": set()})
        if "label" in row:
            scheme["labels"][row["label"].language] = str(row["label"])
        if "definition" in row:
            scheme["definitions"][row["definition"].language] = str(row["definition"])
        if "concept" in row:
            scheme["concepts"].add(str(row["concept"]))
    return found


def scheme_index(catalogue, facets: dict[str, str], lang: str = "sv") -> dict:
    """Every Symbios concept scheme: title and description in ``lang`` (or the other), its number
    of concepts (current and retired), and the search facet that uses it, by title."""
    items = []
    for iri, scheme in _schemes(catalogue).items():
        slug = slug_of(iri)
        label, label_lang = _pick(scheme["labels"], lang)
        definition, definition_lang = _pick(scheme["definitions"], lang)
        retired = sum(1 for c in scheme["concepts"] if catalogue.concepts.concepts.get(c) and catalogue.concepts.concepts[c].deprecated)
        items.append({"iri": iri, "slug": slug, "label": label or slug, "label_lang": label_lang,
                      "definition": definition, "definition_lang": definition_lang,
                      "concepts": len(scheme["concepts"]) - retired, "retired": retired,
                      "facet": facets.get(slug)})
    items.sort(key=lambda s: fold(s["label"]))
    return {"lang": lang, "total": len(items), "items": items}


def _definitions(catalogue, scheme_iri: str) -> tuple[dict, dict]:
    definitions: dict[str, dict] = defaultdict(dict)
    notes: dict[str, dict] = defaultdict(dict)
    for row in queries.select(catalogue.store, "concept_definitions", scheme=URIRef(scheme_iri)):
        if "definition" in row:
            definitions[str(row["concept"])][row["definition"].language] = str(row["definition"])
        if "note" in row:
            notes[str(row["concept"])][row["note"].language] = str(row["note"])
    return definitions, notes


def _node(catalogue, concept, facet: str | None, lang: str, definitions: dict, notes: dict) -> dict:
    other = "en" if lang == "sv" else "sv"
    definition, definition_lang = _pick(definitions.get(concept.iri, {}), lang)
    note, note_lang = _pick(notes.get(concept.iri, {}), lang)
    slug = slug_of(concept.iri)
    label = concept.pref.get(lang) or concept.pref.get(other) or slug
    return {
        "iri": concept.iri, "slug": slug, "label": label,
        "label_lang": lang if lang in concept.pref else (other if other in concept.pref else None),
        "labels": dict(concept.pref), "other_label": concept.pref.get(other) if concept.pref.get(other) != label else None,
        "alt_labels": sorted(set(concept.alt), key=fold),
        "definition": definition, "definition_lang": definition_lang, "note": note, "note_lang": note_lang,
        "deprecated": concept.deprecated,
        "used_by": _used_by(catalogue, facet, concept.iri), "search": _search(facet, slug, lang),
    }


def _scheme_concepts(catalogue, scheme: str) -> list:
    wanted = CONCEPT + scheme
    return [c for c in catalogue.concepts.concepts.values() if c.scheme == wanted]


def scheme_tree(catalogue, scheme: str, facet: str | None, lang: str = "sv") -> dict:
    """A scheme as a tree (top concepts first, narrower ones inside, by label), each concept with
    its definition, both labels, and the initiatives that use it (or a narrower one) and the
    search that finds them. Retired concepts are in the tree, marked."""
    concepts = _scheme_concepts(catalogue, scheme)
    iri = CONCEPT + scheme
    info = _schemes(catalogue).get(iri)
    if not concepts or info is None:
        raise NotFound(f"No concept scheme '{scheme}'. See /concept for the schemes.")
    definitions, notes = _definitions(catalogue, iri)
    nodes = {c.iri: _node(catalogue, c, facet, lang, definitions, notes) for c in concepts}
    children: dict[str, list[str]] = defaultdict(list)
    roots = []
    for concept in concepts:
        parents = [b for b in concept.broader if b in nodes]
        if parents:
            for parent in parents:
                children[parent].append(concept.iri)
        else:
            roots.append(concept.iri)

    def build(iri: str, trail: frozenset) -> dict:
        kids = sorted((k for k in children.get(iri, ()) if k not in trail), key=lambda k: fold(nodes[k]["label"]))
        return {**nodes[iri], "narrower": [build(k, trail | {k}) for k in kids]}

    tree = [build(r, frozenset({r})) for r in sorted(roots, key=lambda r: fold(nodes[r]["label"]))]
    label, label_lang = _pick(info["labels"], lang)
    definition, definition_lang = _pick(info["definitions"], lang)
    return {
        "iri": iri, "scheme": scheme, "slug": scheme, "label": label or scheme, "label_lang": label_lang,
        "definition": definition, "definition_lang": definition_lang, "facet": facet,
        "concepts": sum(1 for c in concepts if not c.deprecated), "retired": sum(1 for c in concepts if c.deprecated),
        "tree": tree,
        "items": catalogue.concepts.find(catalogue.labels, scheme, None, lang),  # the flat list, as before
    }


CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _mappings(catalogue, iri: str, lang: str) -> list[dict]:
    found: dict[str, dict] = {}
    for row in queries.select(catalogue.store, "concept_mappings", concept=URIRef(iri)):
        relation, target = str(row["relation"]), row["target"]
        key = f"{relation} {target}"
        mapping = found.get(key)
        if mapping is None:
            code_type = str(row["codeType"]) if "codeType" in row else None
            target_iri = str(target) if isinstance(target, URIRef) else None
            vocabulary = next((names for start, names in VOCABULARIES.items()
                               if (code_type and code_type == start) or (target_iri and target_iri.startswith(start))), None)
            if vocabulary is None and "targetScheme" in row:
                vocabulary = (catalogue.labels.get(str(row["targetScheme"]), "sv"), catalogue.labels.get(str(row["targetScheme"]), "en"))
            local = re.split(r"[/#]", target_iri.rstrip("/#"))[-1] if target_iri else None
            mapping = found[key] = {
                "relation": relation, "relation_label": RELATIONS[relation][0 if lang == "sv" else 1],
                "vocabulary": vocabulary[0 if lang == "sv" else 1] if vocabulary else None,
                "code": str(row["notation"]) if "notation" in row else None,
                "iri": target_iri,
                "labels": {},
                "name": CAMEL.sub(" ", local).capitalize() if local else None,
            }
        if "label" in row and isinstance(row["label"], Literal):
            mapping["labels"][row["label"].language] = str(row["label"]).strip()
        if target_iri := mapping["iri"]:
            mapping["labels"].update({k: v for k, v in catalogue.labels.names.get(target_iri, {}).items() if k not in mapping["labels"]})
    out = []
    for mapping in found.values():
        mapping["label"], mapping["label_lang"] = _pick(mapping.pop("labels"), lang)
        out.append(mapping)
    order = list(RELATIONS)
    out.sort(key=lambda m: (m["vocabulary"] or "", order.index(m["relation"]), m["code"] or "", m["label"] or m["name"] or ""))
    return out


def concept_page(catalogue, scheme: str, slug: str, facet: str | None, lang: str = "sv") -> dict:
    """One concept: labels in both languages, definition, broader and narrower concepts (retired
    narrower ones marked), mappings to other vocabularies with codes and their labels, and how
    many initiatives use it (or a narrower one) with the search that finds them."""
    iri = f"{CONCEPT}{scheme}/{slug}"
    concept = catalogue.concepts.concepts.get(iri)
    if concept is None:
        raise NotFound(f"No concept '{slug}' in the scheme '{scheme}'.")
    definitions, notes = _definitions(catalogue, CONCEPT + scheme)
    node = _node(catalogue, concept, facet, lang, definitions, notes)
    plain = next(c for c in catalogue.concepts.find(catalogue.labels, scheme, None, lang) if c["iri"] == iri)
    ref = lambda i: {**catalogue.labels.ref(i, lang), "deprecated": bool(catalogue.concepts.concepts.get(i) and catalogue.concepts.concepts[i].deprecated)}
    narrower = sorted((n for n in concept.narrower), key=lambda n: fold(catalogue.labels.get(n, lang)))
    info = _schemes(catalogue).get(CONCEPT + scheme, {"labels": {}})
    return {
        **plain,
        **node,
        "scheme": scheme,
        "scheme_ref": {"iri": CONCEPT + scheme, "slug": scheme, "label": _pick(info["labels"], lang)[0] or scheme},
        "broader": [ref(b) for b in sorted(concept.broader)],
        "narrower": [ref(n) for n in narrower if not catalogue.concepts._retired(n)],
        "retired_narrower": [ref(n) for n in narrower if catalogue.concepts._retired(n)],
        "mappings": _mappings(catalogue, iri, lang),
    }


__all__ = ["scheme_index", "scheme_tree", "concept_page", "schemes_graph", "RELATIONS", "VOCABULARIES"]


def schemes_graph(catalogue):
    """The /concept index as RDF: every scheme with its titles, descriptions and top concepts."""
    from .resources import with_prefixes

    return with_prefixes(catalogue.store.construct(queries.query_text("concept_schemes_graph")))
