"""Names of concepts, records and ontology terms in Swedish and English."""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from . import queries
from .store import Store


class Labels:
    """IRI -> {language: label}, with a fallback to the other language, then to the slug."""

    def __init__(self, names: dict[str, dict[str, str]]) -> None:
        self.names = names

    @classmethod
    def build(cls, store: Store) -> "Labels":
        names: dict[str, dict[str, str]] = defaultdict(dict)
        for row in queries.select(store, "labels"):
            label = row["label"]
            names[str(row["thing"])].setdefault(label.language, str(label))
        return cls(dict(names))

    def updated(self, store: Store, records: list[str]) -> "Labels":
        """The next labels after ``records`` changed: the names of each record and of the things inside it
        (``record#…``) as its graph in the store now states them (none when it was withdrawn)."""
        names = dict(self.names)
        inside = tuple(record + "#" for record in records)
        for thing in [thing for thing in names if thing in records or thing.startswith(inside)]:
            del names[thing]
        for record in records:
            for row in queries.select(store, "labels_in_graph", g=URIRef(record)):
                label, thing = row["label"], str(row["thing"])
                found = names.get(thing)
                if found is None or found is self.names.get(thing):  # never change the previous labels' dicts
                    found = names[thing] = dict(found or {})
                found.setdefault(label.language, str(label))
        return Labels(names)

    def known(self) -> frozenset[str]:
        found = getattr(self, "_known", None)
        if found is None:
            found = self._known = frozenset(self.names)
        return found

    def get(self, iri: str, lang: str = "sv") -> str:
        found = self.names.get(iri, {})
        other = "en" if lang == "sv" else "sv"
        return found.get(lang) or found.get(other) or iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

    def ref(self, iri: str, lang: str = "sv") -> dict:
        """The JSON form of a reference: IRI, slug and label."""
        return {"iri": iri, "slug": slug_of(iri), "label": self.get(iri, lang)}


def slug_of(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: its first letter in lower case, unless it opens an
    acronym ("Biogen koldioxid" -> "biogen koldioxid", but "EU body" and "CO2" stay as they are)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]
