"""Writes in the JSON shape that ``GET /api/initiatives/{slug}`` and ``GET /api/actors/{slug}`` return.

The JSON view shows a record in one language, names resolved; this module turns such a body
back into the record graph, as an edit of the current version. A body *replaces* what the JSON
view shows (``PUT``); partial edits are JSON merge patches (RFC 7396, ``PATCH``) applied to that
view, see :func:`record_from_patch` (#20):

- a key that is absent, ``null`` or ``[]`` removes that part of the record — in a sub-object
  too (an exchange sent without its ``quantities`` has none);
- a text (``description``, ``how_started`` …) is the text in the body's language (``lang``):
  text equal to one already stored, in any language, changes nothing (the view falls back to
  the other language when one is missing); other text replaces the one in that language only;
- a reference is ``{"iri": …}`` as GET returns it, or the IRI itself;
- an evidence (``evidence``: id -> {source, locator, quote, interpretation, supports, prefix,
  suffix}) may say where its quote stands in the source's text: ``prefix`` and ``suffix`` are the
  text just before and after it, stored as a Web Annotation ``oa:TextQuoteSelector`` whose exact
  text is the quote; ``interpretation`` (text in the body's language, ``sym:interpretation``) is
  the curator's reasoning when the fact is read out of the quote rather than stated in it;
- sub-nodes (roles, exchanges, drivers, outcomes, funding, quantities, evidence …) are matched
  by their ``iri``; one without an IRI is new and gets one under the record; one left out is
  removed with everything it holds;
- statements the JSON shape does not show (and stored literals equal to what is sent) are kept,
  so ``GET`` then ``PUT`` of the same JSON stores the same triples (tests check every curated
  record).

The result is validated against the shapes like any other write.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Callable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .errors import InvalidData
from .iris import is_iri
from .namespaces import OA, ORG, SYM, record_iri

# value kinds: "iris" (list of references), "iri" (one), "text" (one language), "number",
# "labels" ({lang: text}), "strings" (alternative names), "quote" (Swedish text), "ids" (evidence ids),
# "string" (text without a language: a locator)
FIELDS = {
    "initiative": {
        "labels": (SKOS.prefLabel, "labels"), "alt_labels": (SKOS.altLabel, "strings"),
        "description": (DCTERMS.description, "text"), "kind": (SYM.kind, "iris"), "status": (SYM.status, "iri"),
        "start_year": (SYM.startYear, "number"), "end_year": (SYM.endYear, "number"), "places": (SYM.place, "iris"),
        "organisation_form": (SYM.organisationForm, "iris"), "organisation": (SYM.organisationDescription, "text"),
        "how_started": (SYM.howStarted, "text"), "business_model": (SYM.businessModel, "text"),
        "process_phase": (SYM.processPhase, "iris"), "meets_criteria": (SYM.meetsCriterion, "iris"),
        "related": (SYM.relatedInitiative, "iris"), "inspired_by": (SYM.inspiredBy, "iris"),
        "part_of": (SYM.partOf, "iris"), "sources": (DCTERMS.source, "iris"), "initiative_evidence": (SYM.evidence, "ids"),
    },
    "actor": {
        "label": (SKOS.prefLabel, "text"), "alt_labels": (SKOS.altLabel, "strings"),
        "actor_types": (SYM.actorType, "iris"), "places": (SYM.place, "iris"), "part_of": (ORG.subOrganizationOf, "iris"),
        "sources": (DCTERMS.source, "iris"), "actor_evidence": (SYM.evidence, "ids"),
    },
}
FACTOR = {"type": (SYM.factorType, "iri"), "description": (DCTERMS.description, "text"), "evidence": (SYM.evidence, "ids")}
QUANTITY = {"value": (SYM.numericValue, "number"), "min": (SYM.minValue, "number"), "max": (SYM.maxValue, "number"),
            "unit": (SYM.unit, "iri"), "text": (SYM.valueText, "text")}
#: JSON key -> (link from the record, class of a new node, fields of the node)
NODES = {
    "status_history": (SYM.statusHistory, SYM.StatusChange, {
        "status": (SYM.status, "iri"), "year": (SYM.year, "number"), "evidence": (SYM.evidence, "ids")}),
    "roles": (SYM.hasRole, SYM.Role, {
        "actor": (SYM.agent, "iri"), "role": (SYM.roleType, "iris"), "start_year": (SYM.startYear, "number"),
        "end_year": (SYM.endYear, "number"), "evidence": (SYM.evidence, "ids")}),
    "exchanges": (SYM.hasExchange, SYM.ResourceExchange, {
        "provider": (SYM.provider, "iri"), "provider_description": (SYM.providerDescription, "text"),
        "receiver": (SYM.receiver, "iri"), "receiver_description": (SYM.receiverDescription, "text"),
        "resource_type": (SYM.resourceType, "iri"), "status": (SYM.exchangeStatus, "iri"),
        "start_year": (SYM.startYear, "number"), "end_year": (SYM.endYear, "number"),
        "description": (DCTERMS.description, "text"), "evidence": (SYM.evidence, "ids")}),
    "drivers": (SYM.hasDriver, SYM.Driver, FACTOR),
    "barriers": (SYM.hasBarrier, SYM.Barrier, FACTOR),
    "success_factors": (SYM.hasSuccessFactor, SYM.SuccessFactor, FACTOR),
    "outcomes": (SYM.hasOutcome, SYM.Outcome, {
        "indicator": (SYM.indicator, "iri"), "value": (SYM.numericValue, "number"), "min": (SYM.minValue, "number"),
        "max": (SYM.maxValue, "number"), "unit": (SYM.unit, "iri"), "year": (SYM.year, "number"),
        "description": (DCTERMS.description, "text"), "evidence": (SYM.evidence, "ids")}),
    "funding": (SYM.hasFunding, SYM.Funding, {
        "funder": (SYM.funder, "iri"), "programme": (SYM.programme, "iri"), "amount": (SYM.amount, "number"),
        "currency": (SYM.currency, "text"), "share_percent": (SYM.share, "number"), "start_year": (SYM.startYear, "number"),
        "end_year": (SYM.endYear, "number"), "condition": (SYM.condition, "text"),
        "description": (DCTERMS.description, "text"), "evidence": (SYM.evidence, "ids")}),
}
EVIDENCE = {"source": (DCTERMS.source, "iri"), "locator": (SYM.locator, "string"), "quote": (SYM.quote, "quote"),
            "interpretation": (SYM.interpretation, "text")}
#: how a new node of each kind is named inside the record (#exchange-3 …)
NAMES = {"status_history": "status", "roles": "role", "exchanges": "exchange", "drivers": "driver",
         "barriers": "barrier", "success_factors": "success-factor", "outcomes": "outcome", "funding": "funding"}
#: keys GET returns that are derived, not stored: ignored on write
DERIVED = {"iri", "slug", "label", "initiatives", "lang"}
LANGUAGE_TAG = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")
#: The media type of a partial edit (RFC 7396).
MERGE_PATCH = "application/merge-patch+json"


def merge_patch(target: object, patch: object) -> object:
    """``target`` with the JSON merge patch ``patch`` applied (RFC 7396): objects merge member by
    member, recursively; ``null`` removes a member; anything else (arrays too) replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def record_from_patch(patch: object, kind: str, slug: str, current: Graph, lang: str,
                      view: Callable[[Graph], dict]) -> Graph:
    """The record after applying the merge ``patch`` to ``view(current)``, its JSON form in ``lang``:
    only what the patch names changes. An initiative's ``label`` stands for its name in ``lang``."""
    if not isinstance(patch, dict):
        raise InvalidData(f"A merge patch ({MERGE_PATCH}) of a {kind} is a JSON object naming the fields to "
                          "change, e.g. {\"start_year\": 2021}; null removes a field.")
    if kind == "initiative" and "label" in patch:
        labels = patch.get("labels")
        patch = {**patch, "labels": {**(labels if isinstance(labels, dict) else {}), lang: patch["label"]}}
        del patch["label"]
    return record_from_json(merge_patch(view(current), patch), kind, slug, current, lang)


def record_from_json(body: object, kind: str, slug: str, current: Graph | None, lang: str) -> Graph:
    """The record ``kind``/``slug`` after applying the JSON ``body`` to ``current`` (None: a new record)."""
    if kind not in FIELDS:
        raise InvalidData(f"JSON writes are for initiatives and actors; send a {kind} as Turtle or JSON-LD.")
    if not isinstance(body, dict):
        raise InvalidData("The JSON body must be an object, in the shape GET returns for the record.")
    graph = Graph()
    graph += current if current is not None else Graph()  # a copy: the stored version stays as it was
    writer = _Writer(graph, record_iri(kind, slug), lang)
    subject = URIRef(writer.iri)
    writer.graph.add((subject, RDF.type, SYM.Initiative if kind == "initiative" else SYM.Actor))
    allowed = set(FIELDS[kind]) | DERIVED | {"evidence"} | (set(NODES) if kind == "initiative" else set())
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise InvalidData(f"Unknown field {unknown[0]!r} for a {kind}. Known fields: {', '.join(sorted(allowed - DERIVED))}.",
                          path=unknown[0])
    if kind == "initiative" and "label" in body and "labels" not in body:
        body = {**body, "labels": {lang: body["label"]}} if body["label"] else body
    body = {**dict.fromkeys(set(FIELDS[kind]) | (allowed - DERIVED)), **body}  # replace: absent is removed
    writer.fields(subject, FIELDS[kind], body, "")
    writer.evidence(subject, body["evidence"])
    if kind == "initiative":
        for key, (link, cls, fields) in NODES.items():
            writer.nodes(subject, link, cls, fields, body[key], key, NAMES[key])
    return writer.graph


class _Writer:
    def __init__(self, graph: Graph, iri: str, lang: str) -> None:
        self.graph, self.iri, self.lang = graph, iri, lang
        self.minted: set[str] = set()

    # -- nodes -----------------------------------------------------------------------

    def nodes(self, subject: URIRef, link: URIRef, cls: URIRef, fields: dict, items: object, key: str, name: str) -> None:
        items = self._list(items, key)
        old = {o for o in self.graph.objects(subject, link) if isinstance(o, URIRef)}
        kept = []
        for number, item in enumerate(items):
            path = f"{key}[{number}]"
            if not isinstance(item, dict):
                raise InvalidData(f"'{path}' must be an object like the ones GET returns.", path=path)
            node = self._node(item.get("iri") or f"{self.iri}#{self._fresh(name)}", path)
            kept.append(node)
            if (node, RDF.type, None) not in self.graph:
                self.graph.add((node, RDF.type, cls))
            self.fields(node, fields, {**dict.fromkeys(fields), **item}, path)  # replace: absent is removed
            if key == "exchanges":
                self.nodes(node, SYM.quantity, SYM.Quantity, QUANTITY, item.get("quantities"), f"{path}.quantities",
                           f"{node.rsplit('#', 1)[-1]}-quantity")
        for node in old - set(kept):
            self._remove(node)
        self.graph.remove((subject, link, None))
        for node in kept:
            self.graph.add((subject, link, node))

    def evidence(self, subject: URIRef, items: object) -> None:
        if items is None:
            items = {}
        if not isinstance(items, dict):
            raise InvalidData("'evidence' must be an object from evidence id to {source, locator, quote, interpretation, supports, prefix, suffix}.",
                              path="evidence")
        old = set(self.graph.subjects(RDF.type, SYM.Evidence))
        kept = set()
        for name, item in items.items():
            path = f"evidence.{name}"
            if not isinstance(item, dict):
                raise InvalidData(f"'{path}' must be an object with source, locator and quote.", path=path)
            node = self._node(item.get("iri") or f"{self.iri}#{name}", path)
            kept.add(node)
            self.graph.add((node, RDF.type, SYM.Evidence))
            self.fields(node, EVIDENCE, {**dict.fromkeys(EVIDENCE), **item}, path)
            self.selector(node, item, path)
            self.graph.remove((node, SYM.supportsProperty, None))
            for prop in self._list(item.get("supports"), f"{path}.supports"):  # property IRIs (or sym: local names)
                iri = str(prop) if str(prop).startswith(("http://", "https://")) else str(SYM[str(prop)])
                self.graph.add((node, SYM.supportsProperty, self._checked(iri, f"{path}.supports", prop)))
        for node in old - kept:
            self._remove(node)

    def selector(self, evidence: URIRef, item: dict, path: str) -> None:
        """The Web Annotation selector of an evidence: its exact text is the quote, with the text
        before (``prefix``) and after (``suffix``) it. Sending neither removes a selector that had
        them; a selector that never had them (only the exact text) is kept, its text the quote's."""
        ends = {key: item.get(key) for key in ("prefix", "suffix")}
        for key, value in ends.items():
            if value is not None and not isinstance(value, str):
                raise InvalidData(f"'{path}.{key}' must be text, not {value!r}.", path=f"{path}.{key}", value=str(value))
        stored = self.graph.value(evidence, OA.hasSelector)
        had_ends = stored is not None and any(self.graph.value(stored, OA[key]) is not None for key in ends)
        quote = self.graph.value(evidence, SYM.quote)
        if quote is None or (not any(ends.values()) and (stored is None or had_ends)):
            if stored is not None:
                self._remove(stored)
            return
        selector = stored if isinstance(stored, URIRef) else URIRef(f"{evidence}-selector")
        self.graph.remove((selector, None, None))
        self.graph.add((evidence, OA.hasSelector, selector))
        self.graph.add((selector, RDF.type, OA.TextQuoteSelector))
        self.graph.add((selector, OA.exact, Literal(str(quote))))
        for key, value in ends.items():
            if value:
                self.graph.add((selector, OA[key], Literal(value)))

    def _fresh(self, name: str) -> str:
        """A node name not used in the record yet: name, name-2, name-3 …"""
        number, candidate = 1, name
        while (URIRef(f"{self.iri}#{candidate}"), None, None) in self.graph or candidate in self.minted:
            number += 1
            candidate = f"{name}-{number}"
        self.minted.add(candidate)
        return candidate

    def _node(self, iri: object, path: str) -> URIRef:
        if not isinstance(iri, str) or not iri.startswith(self.iri + "#") or not is_iri(iri):
            raise InvalidData(f"'{path}.iri' must be an IRI inside the record, like <{self.iri}#name>.", path=f"{path}.iri")
        return URIRef(iri)

    @staticmethod
    def _checked(iri: str, path: str, value: object) -> URIRef:
        if not is_iri(iri):
            raise InvalidData(f"'{path}' holds {value!r}, which is no IRI: send a reference like {{\"iri\": \"https://…\"}} "
                              "or an evidence name of letters, digits and hyphens.", path=path, value=str(value))
        return URIRef(iri)

    def _remove(self, node: URIRef) -> None:
        for part in [*self.graph.objects(node, SYM.quantity), *self.graph.objects(node, OA.hasSelector)]:
            self._remove(part)
        self.graph.remove((node, None, None))
        self.graph.remove((None, None, node))

    # -- values ----------------------------------------------------------------------

    def fields(self, subject: URIRef, fields: dict, item: dict, path: str) -> None:
        for key, (predicate, kind) in fields.items():
            if key in item:
                self.set(subject, predicate, kind, item[key], f"{path}.{key}" if path else key)

    def set(self, subject: URIRef, predicate: URIRef, kind: str, value: object, path: str) -> None:
        graph, stored = self.graph, list(self.graph.objects(subject, predicate))
        if kind in ("iris", "iri", "ids"):
            values = self._list(value, path) if kind != "iri" else ([] if value is None else [value])
            graph.remove((subject, predicate, None))
            for one in values:
                graph.add((subject, predicate, self._reference(one, path, kind == "ids")))
        elif kind == "number":
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                raise InvalidData(f"'{path}' must be a number, not {value!r}.", path=path, value=str(value))
            if value is None or not any(isinstance(s, Literal) and s.toPython() == value for s in stored):
                graph.remove((subject, predicate, None))
                if value is not None:
                    graph.add((subject, predicate, Literal(value) if isinstance(value, int) else Literal(Decimal(str(value)))))
        elif kind == "labels":
            value = {} if value is None else value
            if not isinstance(value, dict) or not all(isinstance(v, str) and LANGUAGE_TAG.fullmatch(k)
                                                      for k, v in value.items()):
                raise InvalidData(f"'{path}' must be an object from language to name, e.g. {{\"sv\": \"…\"}}.", path=path)
            graph.remove((subject, predicate, None))
            for language, text in value.items():
                graph.add((subject, predicate, Literal(text, lang=language)))
        elif kind == "strings":
            texts = [str(t) for t in self._list(value, path)]
            for literal in stored:
                if str(literal) not in texts:
                    graph.remove((subject, predicate, literal))
            for text in texts:
                if not any(str(s) == text for s in stored):
                    graph.add((subject, predicate, Literal(text, lang=self.lang)))
        else:  # "text" in the body's language, "quote" in Swedish, "string" in none
            if value is not None and not isinstance(value, str):
                raise InvalidData(f"'{path}' must be text, not {value!r}.", path=path, value=str(value))
            if value is None or value == "":
                graph.remove((subject, predicate, None))
            elif kind == "string":
                if set(stored) != {Literal(value)}:
                    graph.remove((subject, predicate, None))
                    graph.add((subject, predicate, Literal(value)))
            elif not any(str(s) == value for s in stored):
                language = "sv" if kind == "quote" else self.lang
                for literal in stored:
                    if isinstance(literal, Literal) and (literal.language or language) == language:
                        graph.remove((subject, predicate, literal))
                graph.add((subject, predicate, Literal(value, lang=language)))

    def _reference(self, value: object, path: str, evidence: bool) -> URIRef:
        if evidence and isinstance(value, str) and not value.startswith(("http://", "https://")):
            return self._checked(f"{self.iri}#{value}", path, value)
        iri = value.get("iri") if isinstance(value, dict) else value
        if not isinstance(iri, str) or not iri.startswith(("http://", "https://", "urn:")):
            raise InvalidData(f"'{path}' must be a reference like {{\"iri\": \"https://…\"}} (as GET returns it).",
                              path=path, value=str(value))
        return self._checked(iri, path, value)

    @staticmethod
    def _list(value: object, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise InvalidData(f"'{path}' must be a list.", path=path)
        return value
