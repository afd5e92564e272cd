"""Evidence for every fact, checked on every write (#20 item 3).

Two rules, each giving curators one problem per thing to fix (``path``, ``focus``, ``value``,
``closest``, messages in Swedish and English with no prefixed names):

- **Every quote is in its source.** Each ``sym:quote`` of each ``sym:Evidence`` must occur in its
  source's text after normalisation (:mod:`catalogue.quotes`: whitespace of any kind, U+2009 and
  U+00A0 included, soft hyphens and words hyphenated across a line break). A quote that is not
  there is refused naming the closest passage of the text. A Web Annotation selector's text
  before and after (``oa:prefix``, ``oa:suffix``) must stand around the quote in the text too.
- **A fact without evidence is refused.** A write that adds or changes a fact compared with the
  version it edits (any fact, on create) must support it: a property of the record whose shape says
  ``symsh:needsEvidence true`` needs evidence on the record with ``sym:supportsProperty`` that
  property; a new or changed node of a class whose node shape says so (roles, exchanges, factors,
  outcomes, funding, status changes) needs ``sym:evidence``. The evidence must carry a quote and be
  new or changed in this write (an old quote does not prove a new value). Facts left as they were
  need nothing new, so every curated record re-saves unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from rapidfuzz import fuzz
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH
from rdflib.term import Node

from .errors import NotFound
from .namespaces import OA, SYM, SYMSH
from .quotes import SourceText, collapse
from .rdf_input import Budget
from .source_texts import SourceTexts
from .validation import Problem

QUOTE_IN_SOURCE = str(SYMSH.QuoteInSource)
SELECTOR_IN_SOURCE = str(SYMSH.SelectorInSource)
SOURCE_HAS_TEXT = str(SYMSH.SourceHasText)
FACT_NEEDS_EVIDENCE = str(SYMSH.FactNeedsEvidence)
#: How much of the text around the closest passage a problem shows, in characters each side.
CONTEXT = 40


@dataclass(frozen=True)
class SourceInfo:
    """What a write needs to know of a source: its title (for messages) and its text's file name."""

    title: str
    file_name: str | None


# -- the rule, as the shapes declare it ---------------------------------------------------------------

def _names(shapes: Graph, node: Node, predicate: URIRef) -> dict[str, str]:
    return {value.language: str(value) for value in shapes.objects(node, predicate)
            if isinstance(value, Literal) and value.language in ("sv", "en")}


def _marked(shapes: Graph, node: Node) -> bool:
    return any(value.toPython() is True for value in shapes.objects(node, SYMSH.needsEvidence)
               if isinstance(value, Literal))


def fact_names(shapes: Graph, target_class: URIRef) -> dict[URIRef, dict[str, str]]:
    """Property -> its name by language ({"sv": "startår", "en": "start year"}), for the
    properties of ``target_class`` a write must support with evidence when it adds or changes them."""
    found: dict[URIRef, dict[str, str]] = {}
    for node_shape in shapes.subjects(SH.targetClass, target_class):
        for prop in shapes.objects(node_shape, SH.property):
            path = shapes.value(prop, SH.path)
            if _marked(shapes, prop) and isinstance(path, URIRef):
                found[path] = {**_names(shapes, prop, SH.name), **found.get(path, {})}
    return found


def facts_needing_evidence(shapes: Graph, target_class: URIRef) -> set[URIRef]:
    """The properties of records of ``target_class`` whose values need evidence when a write adds
    or changes them (``symsh:needsEvidence true`` on their property shapes): the fields the form
    shows an evidence block for."""
    return set(fact_names(shapes, target_class))


def nodes_needing_evidence(shapes: Graph) -> dict[URIRef, dict[str, str]]:
    """Class -> its name by language, for the parts of a record (roles, exchanges …) that need
    ``sym:evidence`` when a write adds or changes them (``symsh:needsEvidence true`` on the node shape)."""
    found: dict[URIRef, dict[str, str]] = {}
    for node_shape in shapes.subjects(SH.targetClass, None):
        cls = shapes.value(node_shape, SH.targetClass)
        if _marked(shapes, node_shape) and isinstance(cls, URIRef):
            found[cls] = {**_names(shapes, node_shape, RDFS.label), **found.get(cls, {})}
    return found


# -- quotes ---------------------------------------------------------------------------------------

def closest_passage(quote: str, text: SourceText) -> tuple[str, float]:
    """The passage of ``text`` most like ``quote`` (whole words, with a little context) and how
    alike they are (0–100)."""
    wanted = collapse(quote)
    if not wanted or not text.collapsed:
        return "", 0.0
    alignment = fuzz.partial_ratio_alignment(wanted, text.collapsed)
    start, end = alignment.dest_start, alignment.dest_end
    haystack = text.collapsed
    while start > 0 and not haystack[start - 1].isspace():
        start -= 1
    while end < len(haystack) and not haystack[end].isspace():
        end += 1
    return haystack[start:end].strip(), round(alignment.score, 1)


def quote_problems(record: Graph, sources: Callable[[str], SourceInfo | None], texts: SourceTexts,
                   budget: Budget | None = None) -> list[Problem]:
    """A problem for each quote of ``record`` that is not in its source's text (or whose source has
    no text), and for each selector whose text before or after does not stand around its quote."""
    problems: list[Problem] = []
    for evidence in sorted(set(record.subjects(RDF.type, SYM.Evidence)) | set(record.subjects(SYM.quote, None)), key=str):
        source = record.value(evidence, DCTERMS.source)
        for quote in sorted(record.objects(evidence, SYM.quote), key=str):
            if budget is not None:
                budget.check_time()
            if not isinstance(source, URIRef):
                continue  # the shapes say the source is missing
            info = sources(str(source))
            text = _text_of(texts, info)
            if text is None:
                problems.append(_no_text(evidence, source, info))
                break
            if not text.contains(str(quote)):
                problems.append(_not_found(evidence, str(quote), info, text))
                continue
            problems += _selector_problems(record, evidence, str(quote), info, text)
    return problems


def _text_of(texts: SourceTexts, info: SourceInfo | None) -> SourceText | None:
    if info is None or not info.file_name:
        return None
    try:
        return texts.searchable(info.file_name)
    except NotFound:
        return None


def _no_text(evidence: Node, source: URIRef, info: SourceInfo | None) -> Problem:
    title = info.title if info is not None else None
    named_sv = f"Källan ”{title}”" if title else "Källan"
    named_en = f"The source “{title}”" if title else "The source"
    return Problem(
        severity="Violation", focus=str(evidence), path=str(DCTERMS.source), shape=SOURCE_HAS_TEXT, value=str(source),
        message_sv=f"{named_sv} har ingen text att jämföra citatet med. Lägg till källans text (ladda upp dess PDF "
                   "eller klistra in texten) och spara igen.",
        message_en=f"{named_en} has no text to check the quote against. Add the source's text (upload its PDF "
                   "or paste the text) and save again.",
    )


def _not_found(evidence: Node, quote: str, info: SourceInfo, text: SourceText) -> Problem:
    closest, score = closest_passage(quote, text)
    return Problem(
        severity="Violation", focus=str(evidence), path=str(SYM.quote), shape=QUOTE_IN_SOURCE, value=quote,
        closest=closest or None,
        message_sv=f"Citatet ”{quote}” står inte ordagrant i källan ”{info.title}”. "
                   + (f"Närmast liknande i texten: ”{closest}”. " if closest else "")
                   + "Kopiera citatet ur källans text, ord för ord.",
        message_en=f"The quote “{quote}” is not word for word in the source “{info.title}”. "
                   + (f"The closest passage in the text: “{closest}”. " if closest else "")
                   + "Copy the quote from the source's text, word for word.",
    )


def _selector_problems(record: Graph, evidence: Node, quote: str, info: SourceInfo, text: SourceText) -> list[Problem]:
    problems = []
    for selector in record.objects(evidence, OA.hasSelector):
        for predicate, sv, en in ((OA.prefix, "före", "before"), (OA.suffix, "efter", "after")):
            end = record.value(selector, predicate)
            if end is None or not str(end).strip():
                continue
            around = str(end) + quote if predicate == OA.prefix else quote + str(end)
            spaced = str(end) + " " + quote if predicate == OA.prefix else quote + " " + str(end)
            if text.contains(around) or text.contains(spaced):  # the space between them may have been trimmed
                continue
            problems.append(Problem(
                severity="Violation", focus=str(evidence), path=str(predicate), shape=SELECTOR_IN_SOURCE, value=str(end),
                closest=closest_passage(around, text)[0] or None,
                message_sv=f"Texten {sv} citatet (”{end}”) står inte {sv} det i källan ”{info.title}”. "
                           "Markera citatet i källans text igen.",
                message_en=f"The text {en} the quote (“{end}”) does not stand {en} it in the source “{info.title}”. "
                           "Select the quote in the source's text again.",
            ))
    return problems


# -- facts ------------------------------------------------------------------------------------------

def fact_problems(iri: str, record: Graph, before: Graph | None, shapes: Graph, classes: Iterable[URIRef]) -> list[Problem]:
    """A problem for each fact ``record`` adds or changes compared with ``before`` (None: a new
    record, every fact is new) that no new or changed evidence with a quote supports."""
    before = before if before is not None else Graph()
    subject = URIRef(iri)
    problems = []
    facts: dict[URIRef, dict[str, str]] = {}
    for cls in classes:
        if (subject, RDF.type, cls) in record:
            facts.update(fact_names(shapes, cls))
    for prop, names in sorted(facts.items()):
        added = set(record.objects(subject, prop)) - set(before.objects(subject, prop))
        supported = any(_quoted(record, e) and (e, SYM.supportsProperty, prop) in record
                        and ((e, SYM.supportsProperty, prop) not in before or _said_anew(record, before, e))
                        for e in record.objects(subject, SYM.evidence))
        if added and not supported:
            problems.append(_unsupported(subject, prop, names, sorted(added, key=str)[0]))
    kinds = nodes_needing_evidence(shapes)
    for node in sorted({s for s in record.subjects() if isinstance(s, URIRef) and str(s).startswith(iri + "#")}, key=str):
        cls = next((c for c in record.objects(node, RDF.type) if c in kinds), None)
        if cls is None or not _node_changed(record, before, node, kinds):
            continue
        supported = any(_quoted(record, e) and ((node, SYM.evidence, e) not in before or _said_anew(record, before, e))
                        for e in record.objects(node, SYM.evidence))
        if not supported:
            problems.append(_unsupported(node, SYM.evidence, kinds[cls], None))
    return problems


def _quoted(record: Graph, evidence: Node) -> bool:
    return any(str(q).strip() for q in record.objects(evidence, SYM.quote))


def _said_anew(record: Graph, before: Graph, evidence: Node) -> bool:
    """Whether the evidence quotes a new text or source in this write (then it may prove a changed
    fact; an evidence that says what it said before proves nothing new)."""
    said = {(p, o) for p, o in record.predicate_objects(evidence) if p in (SYM.quote, DCTERMS.source)}
    was = {(p, o) for p, o in before.predicate_objects(evidence) if p in (SYM.quote, DCTERMS.source)}
    return bool(said - was)


def _node_triples(graph: Graph, node: Node, kinds: dict, seen: set | None = None) -> set[tuple]:
    """What a node states, with the nodes it holds (a quantity), without its links to evidence."""
    seen = seen if seen is not None else set()
    seen.add(node)
    out = set()
    for predicate, value in graph.predicate_objects(node):
        if predicate == SYM.evidence:
            continue
        out.add((node, predicate, value))
        held = isinstance(value, URIRef) and "#" in str(value) and value not in seen \
            and (value, RDF.type, SYM.Evidence) not in graph and not any(c in kinds for c in graph.objects(value, RDF.type))
        if held and str(value).split("#", 1)[0] == str(node).split("#", 1)[0]:
            out |= _node_triples(graph, value, kinds, seen)
    return out


def _node_changed(record: Graph, before: Graph, node: Node, kinds: dict) -> bool:
    return bool(_node_triples(record, node, kinds) - _node_triples(before, node, kinds))


def _unsupported(focus: Node, prop: URIRef, names: dict[str, str], value: Node | None) -> Problem:
    sv = (names.get("sv") or names.get("en") or "Uppgiften")
    en = (names.get("en") or names.get("sv") or "The fact")
    sv, en = sv[:1].upper() + sv[1:], en[:1].upper() + en[1:]
    return Problem(
        severity="Violation", focus=str(focus), path=str(prop), shape=FACT_NEEDS_EVIDENCE,
        value=None if value is None else str(value),
        message_sv=f"{sv}: ange ett belägg – ett citat ur källan, med var i källan det står – som styrker uppgiften "
                   "du lade till eller ändrade.",
        message_en=f"{en}: give evidence – a quote from the source, with where in the source it stands – that "
                   "supports the fact you added or changed.",
    )
