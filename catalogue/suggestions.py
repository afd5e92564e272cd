"""Suggestions from a source's text: candidate facts a curator accepts or rejects (#20 item 4).

Rule-based and explainable; nothing here writes anything. In a passage of a source's text (the
whole text, a character range or a section) it proposes:

- **concepts** whose Swedish or English preferred or alternative label occurs, compared word by
  word after Swedish (Snowball) stemming, and inside compounds: a word that begins with a label's
  stem ("biogasanläggningen" -> Biogas) or ends with it ("industrirestvärme" -> Waste heat);
- **actors** by a name (preferred or alternative) of an actor record, with or without "AB";
- **quantities** (a number with a unit of the units scheme) for an exchange, or **outcomes** when
  the sentence names an indicator ("16 nya arbetstillfällen");
- **start years** after a word that says something started ("startade 2019", "sedan 2015").

Each carries the sentence it was found in as its quote (the exact text of the source, so it passes
the evidence check), the text before and after it (a Web Annotation selector), the locator
(section heading or page, :mod:`catalogue.source_sections`) and *why*, in Swedish and English.
Where a concept goes in the form is read from the shapes: a property shape whose ``sh:node`` says
"in scheme X" on the node shape of class C puts X's concepts in C's field (``factorType`` of
a barrier), and C's group is the ontology's property from an initiative to C (``hasBarrier``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import snowballstemmer
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from . import queries
from .forms import _scheme_of
from .namespaces import CONCEPT, SYM
from .quotes import SourceText
from .source_sections import Locator, clean, selector, sentences
from .store import Store

WORD = re.compile(r"[^\W_]+")
UNITS = f"{CONCEPT}units"
INDICATORS = f"{CONCEPT}indicators"
COUNT = f"{CONCEPT}units/count"
#: Schemes never proposed as concepts on their own: units come with their numbers, an actor's role with
#: the actor (a role type alone would be a role without an actor), and a status is seldom named by its
#: label (measured: most such matches were wrong, see benchmarks/bench_suggestions.py).
NOT_PROPOSED = {UNITS, f"{CONCEPT}actor-roles", f"{CONCEPT}exchange-status", f"{CONCEPT}initiative-status"}
#: The shortest label stem a compound may begin with, and the shortest it may end with. Only a concept
#: without narrower ones is proposed from a part of a word: a compound names something specific
#: ("energieffektivisering" is no kind of Energy).
MIN_MODIFIER, MIN_HEAD = 5, 5
START_WORDS = (r"startade|startades|starta(?:t|des)?|påbörjades|inleddes|grundades|bildades|skapades|etablerades|initierades"
               r"|drogs igång|kom igång|togs i drift|med start|sedan|löper under|pågår|pågått under"
               r"|started|since|founded|began|launched")
YEAR = r"(19[5-9]\d|20\d\d)(?![\d-])"
START_YEAR = re.compile(rf"\b({START_WORDS})\b[^.!?\d]{{0,30}}?\b{YEAR}", re.IGNORECASE)
YEAR_THEN_START = re.compile(rf"(?<![\d,.])\b{YEAR}\s+(inleddes|startade|startades|skapades|bildades|grundades|påbörjades|etablerades)\b")
PER_YEAR = re.compile(r"^[^.!?]{0,40}?\b(per år|varje år|årligen|om året)\b|^\s*/\s*år\b")
NUMBER = r"\d{1,3}(?:[ \u00a0\u2009]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
QUALIFIER = re.compile(r"(upp till|högst|maximalt|max|över|minst|mer än|drygt|ca|cirka|omkring|ungefär)\s*$", re.IGNORECASE)
MIN_WORDS, MAX_WORDS = {"över", "minst", "mer än", "drygt"}, {"upp till", "högst", "maximalt", "max"}
LEGAL_FORM = re.compile(r"\s+(AB|Aktiebolag|\(publ\)|Oy|A/S|AS|ek\. för\.|ekonomisk förening)$")
_stemmers = {"sv": snowballstemmer.stemmer("swedish"), "en": snowballstemmer.stemmer("english")}


def stem(word: str, lang: str = "sv") -> str:
    return _stemmers.get(lang, _stemmers["sv"]).stemWord(word.casefold())


@dataclass(frozen=True)
class Target:
    group: str | None
    key: str

    def json(self) -> dict:
        return {"group": self.group, "key": self.key}


@dataclass
class Term:
    iri: str
    names: dict[str, str]
    scheme: str | None = None


@dataclass(frozen=True)
class Label:
    term: Term
    text: str
    stems: tuple[str, ...]
    lang: str = "sv"


@dataclass
class Lexicon:
    """What a text is searched for: labels of concepts, names of actors and units, and where each goes."""

    concepts: list[Label] = field(default_factory=list)
    actors: list[tuple[Term, str]] = field(default_factory=list)
    units: list[tuple[Term, str]] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)
    broad: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_first: dict[str, list[Label]] = {}
        self.single: dict[str, list[Label]] = {}
        for label in self.concepts:
            self.by_first.setdefault(label.stems[0], []).append(label)
            if len(label.stems) == 1 and label.lang == "sv" and label.term.iri not in self.broad:  # compounds are Swedish
                self.single.setdefault(label.stems[0], []).append(label)
        self.per_year: dict[str, Term] = {}  # "ton" -> tonnes per year: the unit when "per år" follows
        for term, name in self.units:
            if name.endswith(" per år") and not name[:-7].isdigit():
                self.per_year.setdefault(name[:-7].casefold(), term)
        self.units += [(term, base) for base, term in self.per_year.items()
                       if not any(n.casefold() == base for _, n in self.units)]
        self.units.sort(key=lambda u: -len(u[1]))
        unit_names = "|".join(re.escape(name) for _, name in self.units)
        self.quantity = re.compile(rf"(?<![\w,.])({NUMBER})(?:\s*[-–]\s*({NUMBER}))?\s*({unit_names})(?![\w/])") \
            if unit_names else None
        self.unit_of = {name: term for term, name in self.units}
        self.actor_pattern = self._actor_pattern()

    def _actor_pattern(self):
        names: dict[str, tuple[Term, str]] = {}
        for term, name in self.actors:
            for form in {name, LEGAL_FORM.sub("", name)}:
                if len(form) >= 3 and (len(form) > 3 or form.isupper()):
                    names.setdefault(form.casefold(), (term, form))
        self.actor_of = names
        if not names:
            return None
        ordered = sorted(names, key=len, reverse=True)
        return re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)", re.IGNORECASE)

    @classmethod
    def build(cls, store: Store, shapes: Graph, target_class: URIRef = SYM.Initiative) -> "Lexicon":
        """The lexicon of the published catalogue, with targets read from ``shapes`` for records of ``target_class``."""
        groups = {URIRef(str(row["class"])): str(row["group"]) for row in queries.select(store, "suggestion_groups")}
        targets = scheme_targets(shapes, target_class, groups)
        terms: dict[str, Term] = {}
        rows = list(queries.select(store, "suggestion_concept_labels"))
        for row in rows:
            term = terms.setdefault(str(row["concept"]), Term(str(row["concept"]), {}, str(row["scheme"])))
            if str(row["pref"]) == "pref" and row["label"].language:
                term.names[row["label"].language] = str(row["label"])
        concepts, units = [], []
        for row in rows:
            term, text = terms[str(row["concept"])], str(row["label"])
            if term.scheme == UNITS:
                units.append((term, text))
            elif term.scheme in targets and term.scheme not in NOT_PROPOSED:
                lang = row["label"].language or "sv"
                stems = tuple(stem(w, lang) for w in WORD.findall(text))
                if stems:
                    concepts.append(Label(term, text, stems, lang))
        actors: dict[str, Term] = {}
        names = []
        for row in queries.select(store, "suggestion_actor_names"):
            term = actors.setdefault(str(row["actor"]), Term(str(row["actor"]), {}))
            if str(row["pref"]) == "pref":
                term.names[row["label"].language or "sv"] = str(row["label"])
            names.append((term, str(row["label"])))
        broad = {str(row["concept"]) for row in queries.select(store, "suggestion_broader_concepts")}
        return cls(concepts, names, units, targets, broad)


def local_name(iri: str) -> str:
    return re.split(r"[#/]", str(iri))[-1]


def scheme_targets(shapes: Graph, target_class: URIRef, groups: dict[URIRef, str]) -> dict[str, Target]:
    """Scheme IRI -> where its concepts go in the form of a record of ``target_class``: the record's
    own field, or a field of a node in one of its groups, as the shapes and the ontology say."""
    found: dict[str, Target] = {}
    for node_shape in shapes.subjects(SH.targetClass, None):
        cls = shapes.value(node_shape, SH.targetClass)
        if cls == target_class:
            group = None
        elif cls in groups:
            group = local_name(groups[cls])
        else:
            continue
        for prop in shapes.objects(node_shape, SH.property):
            node, path = shapes.value(prop, SH.node), shapes.value(prop, SH.path)
            scheme = _scheme_of(shapes, node) if node is not None else None
            if scheme and isinstance(path, URIRef):
                target = Target(group, local_name(path))
                if scheme not in found or (group is None and found[scheme].group is not None):
                    found[scheme] = target
    return found


# -- finding --------------------------------------------------------------------------------------

@dataclass
class Word:
    start: int
    end: int
    text: str
    stem: str


def _number(text: str) -> float:
    value = float(re.sub(r"[ \u00a0\u2009]", "", text).replace(",", "."))
    return int(value) if value.is_integer() else value


def _label_name(term: Term, lang: str) -> str:
    return term.names.get(lang) or term.names.get("sv") or term.names.get("en") or local_name(term.iri)


def _why_concept(word: str, label: Label, how: str) -> dict[str, str]:
    sv_name, en_name = _label_name(label.term, "sv"), _label_name(label.term, "en")
    if how == "same":
        return {"sv": f"”{word}” är benämningen ”{label.text}” för {sv_name}.",
                "en": f"“{word}” is the label “{label.text}” of {en_name}."}
    if how == "form":
        return {"sv": f"”{word}” är en svensk böjningsform av benämningen ”{label.text}” för {sv_name}.",
                "en": f"“{word}” is a Swedish form of the label “{label.text}” of {en_name}."}
    if how == "modifier":
        return {"sv": f"”{word}” är ett sammansatt ord som börjar med ”{label.text}”, en benämning för {sv_name}.",
                "en": f"“{word}” is a compound that begins with “{label.text}”, a label of {en_name}."}
    return {"sv": f"”{word}” är ett sammansatt ord som slutar på ”{label.text}”, en benämning för {sv_name}.",
            "en": f"“{word}” is a compound that ends in “{label.text}”, a label of {en_name}."}


class Finder:
    """Suggestions in one source text."""

    def __init__(self, lexicon: Lexicon, text: str, source: str, lang: str = "sv") -> None:
        self.lexicon, self.text, self.source, self.lang = lexicon, text, source, lang
        self.searchable = SourceText.of(text)
        self.locator = Locator(text)

    def suggest(self, start: int = 0, end: int | None = None, limit: int | None = None) -> list[dict]:
        found: dict[str, dict] = {}
        for s, e in sentences(self.text, start, end):
            for suggestion in self._in_sentence(s, e):
                found.setdefault(suggestion["id"], suggestion)
                if limit is not None and len(found) >= limit:
                    return list(found.values())
        return list(found.values())

    def _in_sentence(self, s: int, e: int) -> list[dict]:
        sentence = self.text[s:e]
        out: list[dict] = []
        concepts = self._concepts(sentence)
        indicators = [(label, word) for label, word, _ in concepts if label.term.scheme == INDICATORS]
        for label, word, how in concepts:
            target = self.lexicon.targets[label.term.scheme]
            out.append(self._make(s, e, "concept", target, label.term.iri, label.term.names, None,
                                  _why_concept(word, label, how)))
        out += self._actors(s, e, sentence)
        out += self._numbers(s, e, sentence, indicators)
        out += self._years(s, e, sentence)
        return [o for o in out if o is not None]

    def _concepts(self, sentence: str) -> list[tuple[Label, str, str]]:
        words = [Word(m.start(), m.end(), m.group(0), stem(m.group(0), self.lang)) for m in WORD.finditer(sentence)]
        whole: dict[int, tuple[Label, str, str, int]] = {}  # word index -> the longest label starting there
        covered: set[int] = set()
        for i, word in enumerate(words):
            for label in self.lexicon.by_first.get(word.stem, []):
                n = len(label.stems)
                if tuple(w.stem for w in words[i:i + n]) == label.stems:
                    text = sentence[word.start:words[i + n - 1].end]
                    how = "same" if text.casefold() == label.text.casefold() else "form"
                    if i not in whole or n > whole[i][3]:
                        whole[i] = (label, text, how, n)
        for i, (_, _, _, n) in whole.items():
            covered.update(range(i, i + n))
        found = [(label, text, how) for label, text, how, _ in whole.values()]
        for i, word in enumerate(words):
            if i in covered or word.text.isupper():
                continue
            match = self._compound(word.stem)
            if match:
                found.append((match[0], word.text, match[1]))
        seen, unique = set(), []
        for label, text, how in found:
            if label.term.iri not in seen:
                seen.add(label.term.iri)
                unique.append((label, text, how))
        return unique

    def _compound(self, word_stem: str) -> tuple[Label, str] | None:
        """The label whose stem the word begins with (longest first), else the one it ends with."""
        for n in range(len(word_stem) - 1, MIN_MODIFIER - 1, -1):
            labels = self.lexicon.single.get(word_stem[:n])
            if labels:
                return labels[0], "modifier"
        for n in range(1, len(word_stem) - MIN_HEAD + 1):
            labels = self.lexicon.single.get(word_stem[n:])
            if labels:
                return labels[0], "head"
        return None

    def _actors(self, s: int, e: int, sentence: str) -> list[dict]:
        pattern = self.lexicon.actor_pattern
        out = []
        for match in (pattern.finditer(sentence) if pattern else []):
            name = match.group(0)
            term, form = self.lexicon.actor_of[name.casefold()]
            if (form.isupper() and name != form) or not name[0].isupper():
                continue  # an acronym only in capitals; a name only with its capital
            sv, en = _label_name(term, "sv"), _label_name(term, "en")
            why = {"sv": f"”{name}” är ett namn på aktören {sv}.", "en": f"“{name}” is a name of the actor {en}."}
            out.append(self._make(s, e, "actor", Target("hasRole", "agent"), term.iri, term.names, None, why))
        return out

    def _numbers(self, s: int, e: int, sentence: str, indicators: list[tuple[Label, str]]) -> list[dict]:
        out = []
        quantity = self.lexicon.quantity
        for match in (quantity.finditer(sentence) if quantity else []):
            unit_term = self.lexicon.unit_of.get(match.group(3)) or next(
                (t for t, n in self.lexicon.units if n.casefold() == match.group(3).casefold()), None)
            if unit_term is None or unit_term.iri == COUNT:
                continue
            yearly = self.lexicon.per_year.get(match.group(3).casefold())
            if yearly is not None and PER_YEAR.search(sentence[match.end():]):
                unit_term = yearly
            elif unit_term.iri.endswith("-per-year") and not match.group(3).endswith("år"):
                continue  # "2 miljoner ton" without a year: no unit of the scheme says it
            low, high = _number(match.group(1)), _number(match.group(2)) if match.group(2) else None
            qualifier = QUALIFIER.search(sentence[max(0, match.start() - 12):match.start()])
            word = qualifier.group(1).lower() if qualifier else ""
            value = {"numericValue": low} if high is None else {"minValue": low, "maxValue": high}
            if high is None and word in MIN_WORDS:
                value = {"minValue": low}
            elif high is None and word in MAX_WORDS:
                value = {"maxValue": low}
            said = sentence[match.start():match.end()]
            unit_sv, unit_en = _label_name(unit_term, "sv"), _label_name(unit_term, "en")
            if indicators:
                label, word_found = indicators[0]
                why = {"sv": f"”{said}” är ett tal med enheten {unit_sv}, och meningen nämner ”{word_found}” ({_label_name(label.term, 'sv')}).",
                       "en": f"“{said}” is a number with the unit {unit_en}, and the sentence names “{word_found}” ({_label_name(label.term, 'en')})."}
                out.append(self._make(s, e, "outcome", Target("hasOutcome", "numericValue"), low, label.term.names,
                                      unit_term.iri, why, extra={"indicator": label.term.iri, "values": value}))
            elif unit_term.scheme == UNITS and not unit_term.iri.endswith(("/sek", "/msek", "/eur", "/percent")):
                why = {"sv": f"”{said}” är ett tal med enheten {unit_sv}: en mängd för ett resursutbyte.",
                       "en": f"“{said}” is a number with the unit {unit_en}: a quantity for an exchange."}
                out.append(self._make(s, e, "quantity", Target("hasExchange", "quantity"), low,
                                      {"sv": f"{said}", "en": f"{said}"}, unit_term.iri, why, extra={"values": value}))
        for label, word_found in indicators:
            count = re.search(rf"(?<![\w,.])({NUMBER})\s+(?:\w+\s+)?{re.escape(word_found)}", sentence)
            if count:
                number = _number(count.group(1))
                name_sv, name_en = _label_name(label.term, "sv"), _label_name(label.term, "en")
                why = {"sv": f"”{count.group(0)}” är ett antal av det indikatorn {name_sv} mäter.",
                       "en": f"“{count.group(0)}” is a count of what the indicator {name_en} measures."}
                out.append(self._make(s, e, "outcome", Target("hasOutcome", "numericValue"), number, label.term.names,
                                      COUNT, why, extra={"indicator": label.term.iri, "values": {"numericValue": number}}))
        return out

    def _years(self, s: int, e: int, sentence: str) -> list[dict]:
        out = []
        found = [(m.group(0), m.group(1), int(m.group(2))) for m in START_YEAR.finditer(sentence)]
        found += [(m.group(0), m.group(2), int(m.group(1))) for m in YEAR_THEN_START.finditer(sentence)]
        for said, cue, year in found:
            why = {"sv": f"”{said}”: året står intill ”{cue}”, som säger när något startade.",
                   "en": f"“{said}”: the year stands next to “{cue}”, which says when something started."}
            out.append(self._make(s, e, "startYear", Target(None, "startYear"), year, {"sv": str(year), "en": str(year)},
                                  None, why))
        return out

    def _make(self, s: int, e: int, kind: str, target: Target, value, label: dict, unit: str | None,
              why: dict, extra: dict | None = None) -> dict | None:
        quote, prefix, suffix = selector(self.text, self.searchable, s, e)
        if not quote or not self.searchable.contains(quote):
            return None
        key = f"{kind}|{target.group}|{target.key}|{value}|{unit}|{s}"
        return {"id": hashlib.sha1(key.encode()).hexdigest()[:16], "kind": kind, "target": target.json(),
                "value": value, "label": {"sv": label.get("sv") or label.get("en") or str(value),
                                          "en": label.get("en") or label.get("sv") or str(value)},
                "unit": unit, "why": why, "start": s, "end": e,
                "evidence": {"source": self.source, "locator": self.locator.at(s), "quote": quote,
                             "prefix": prefix, "suffix": suffix}, **(extra or {})}


def section_range(text: str, label: str) -> tuple[int, int] | None:
    """The character range of the section called ``label`` ("Bilaga A4"), None when there is none."""
    wanted = " ".join(label.split()).casefold()
    for section in Locator(text).sections:
        if section.label.casefold() == wanted:
            return section.start, section.end
    return None


__all__ = ["Finder", "Lexicon", "Target", "scheme_targets", "section_range", "stem", "clean"]
