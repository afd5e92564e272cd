"""RecordGraph: one record's triples as a read-only rdflib Graph, indexed for the record views.

A record page reads one named graph (about a hundred triples), builds its view by asking the graph
"the objects of this subject under this predicate" a few hundred times, and may serialise it. On
rdflib's memory stores, building the graph (``addN``) and those lookups took a third of the page's
time. Here the triples stay in a list with two dict indexes (subject → predicate → objects,
predicate → object → subjects), built once in a few microseconds; ``triples``, the lookups the
views use, ``len`` and ``in`` answer from them. Everything else in rdflib's Graph API, including
every serialiser, goes through ``triples`` and works unchanged.

It is read-only: ``add``/``remove`` raise. Writers (curation, loading) and pySHACL use ordinary
Graphs.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from rdflib import RDF, Graph
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class RecordGraph(Graph):
    def __init__(self, triples: Iterable[Triple]) -> None:
        super().__init__(store="SimpleMemory")  # holds only the namespace bindings
        self._triples: list[Triple] = list(triples)
        by_subject: dict[Node, dict[Node, list[Node]]] = {}
        by_predicate: dict[Node, dict[Node, list[Node]]] = {}
        for s, p, o in self._triples:
            by_subject.setdefault(s, {}).setdefault(p, []).append(o)
            by_predicate.setdefault(p, {}).setdefault(o, []).append(s)
        self._by_subject, self._by_predicate = by_subject, by_predicate

    # -- the one general lookup every other Graph method rests on -----------------------------------

    def triples(self, pattern) -> Iterator[Triple]:  # type: ignore[override]
        s, p, o = pattern
        if s is not None:
            predicates = self._by_subject.get(s, {})
            for predicate, objects in (predicates.items() if p is None else ((p, predicates.get(p, ())),)):
                for value in objects:
                    if o is None or value == o:
                        yield s, predicate, value
        elif p is not None and o is not None:
            for subject in self._by_predicate.get(p, {}).get(o, ()):
                yield subject, p, o
        else:
            for triple in self._triples:
                if (p is None or triple[1] == p) and (o is None or triple[2] == o):
                    yield triple

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple) -> bool:  # type: ignore[override]
        return next(self.triples(triple), None) is not None

    # -- the lookups the views make, answered from the indexes directly -------------------------

    def objects(self, subject=None, predicate=None, unique=False):  # type: ignore[override]
        if subject is not None and predicate is not None:
            return iter(self._by_subject.get(subject, {}).get(predicate, ()))
        return (o for _, _, o in self.triples((subject, predicate, None)))

    def subjects(self, predicate=None, object=None, unique=False):  # type: ignore[override]
        if predicate is not None and object is not None:
            return iter(self._by_predicate.get(predicate, {}).get(object, ()))
        return (s for s, _, _ in self.triples((None, predicate, object)))

    def predicate_objects(self, subject=None, unique=False):  # type: ignore[override]
        if subject is not None:
            return ((p, o) for p, objects in self._by_subject.get(subject, {}).items() for o in objects)
        return ((p, o) for _, p, o in self.triples((None, None, None)))

    def value(self, subject=None, predicate=RDF.value, object=None, default=None, any=True):  # type: ignore[override]
        if subject is not None and predicate is not None and object is None and any:
            found = self._by_subject.get(subject, {}).get(predicate)
            return found[0] if found else default
        return super().value(subject, predicate, object, default, any)

    # -- read-only ------------------------------------------------------------------------------

    def add(self, triple):  # type: ignore[override]
        raise TypeError("A RecordGraph is read-only: copy it into a Graph to change it.")

    def addN(self, quads):  # type: ignore[override]
        raise TypeError("A RecordGraph is read-only: copy it into a Graph to change it.")

    def remove(self, triple):  # type: ignore[override]
        raise TypeError("A RecordGraph is read-only: copy it into a Graph to change it.")


__all__ = ["RecordGraph"]
