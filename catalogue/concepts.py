"""Concept look-up by any label in either language, with broader and narrower concepts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import queries
from .errors import BadRequest
from .facets import fold
from .labels import Labels, slug_of
from .namespaces import CONCEPT
from .store import Store


def match_rank(wanted: str, names: list[str]) -> int | None:
    """How well ``wanted`` (folded, its words joined by single spaces) matches one of ``names`` (#21): 0 a name
    is it, 1 a name has it as whole words, 2 a word of a name starts with it, 3 a name holds it; None if none."""
    words = [" ".join(re.findall(r"\w+", fold(name))) for name in names]
    wanted_words = " ".join(re.findall(r"\w+", wanted))
    folded = [fold(name) for name in names]
    if wanted in folded or (wanted_words and wanted_words in words):
        return 0
    if wanted_words and any(f" {wanted_words} " in f" {name} " for name in words):
        return 1
    if wanted_words and any(f" {name}".find(f" {wanted_words}") >= 0 for name in words):
        return 2
    if any(wanted in name for name in folded):
        return 3
    return None


@dataclass
class Concept:
    iri: str
    scheme: str
    pref: dict[str, str] = field(default_factory=dict)
    alt: list[str] = field(default_factory=list)
    broader: set[str] = field(default_factory=set)
    narrower: set[str] = field(default_factory=set)
    deprecated: bool = False  # retired (owl:deprecated): still resolvable, never offered for new use


class ConceptIndex:
    def __init__(self, concepts: dict[str, Concept]) -> None:
        self.concepts = concepts
        self.schemes = sorted({slug_of(c.scheme) for c in concepts.values()})

    @classmethod
    def build(cls, store: Store) -> "ConceptIndex":
        concepts: dict[str, Concept] = {}
        for row in queries.select(store, "concepts"):
            iri = str(row["concept"])
            concept = concepts.setdefault(iri, Concept(iri, str(row["scheme"])))
            if "kind" in row and str(row["kind"]) == "deprecated":
                concept.deprecated = True
            elif "label" in row:
                label = row["label"]
                if str(row["kind"]) == "pref" and label.language:
                    concept.pref[label.language] = str(label)
                else:
                    concept.alt.append(str(label))
            if "broader" in row:
                concept.broader.add(str(row["broader"]))
            if "narrower" in row:
                concept.narrower.add(str(row["narrower"]))
        return cls(concepts)

    def find(self, labels: Labels, scheme: str | None = None, q: str | None = None, lang: str = "sv",
             current_only: bool = False) -> list[dict]:
        """Concepts (of ``scheme``, matching ``q`` in any label), each saying whether it is retired;
        ``current_only`` leaves retired ones out (pickers). Narrower lists never show retired ones.
        With ``q``: a label that is ``q`` first, then a label that has it as whole words, then one with a word
        that starts with it, then one that holds it (accent- and case-insensitive); within each, a preferred label before an alternative
        one, then by scheme and name. Without: by scheme and name."""
        if scheme is not None and scheme not in self.schemes:
            raise BadRequest(f"Unknown scheme {scheme!r}. Use one of: {', '.join(self.schemes)}.", parameter="scheme", accepted=self.schemes)
        wanted = " ".join(fold(q).split()) if q else None
        found, ranks = [], {}
        for concept in self.concepts.values():
            if scheme is not None and concept.scheme != CONCEPT + scheme:
                continue
            if current_only and concept.deprecated:
                continue
            if wanted:
                by_pref, by_alt = match_rank(wanted, list(concept.pref.values())), match_rank(wanted, concept.alt)
                best = min((r, kind) for r, kind in ((by_pref, 0), (by_alt, 1)) if r is not None) \
                    if by_pref is not None or by_alt is not None else None
                if best is None:
                    continue
                ranks[concept.iri] = best
            found.append({
                **labels.ref(concept.iri, lang),
                "scheme": slug_of(concept.scheme),
                "labels": concept.pref,
                "alt_labels": sorted(concept.alt),
                "broader": [labels.ref(b, lang) for b in sorted(concept.broader)],
                "narrower": [labels.ref(n, lang) for n in sorted(concept.narrower) if not self._retired(n)],
                "deprecated": concept.deprecated,
            })
        found.sort(key=lambda c: (*ranks.get(c["iri"], ()), c["scheme"], fold(c["label"])))
        return found

    def _retired(self, iri: str) -> bool:
        concept = self.concepts.get(iri)
        return concept is not None and concept.deprecated
