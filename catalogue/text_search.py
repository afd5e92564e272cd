"""Ranked text search over initiatives with Tantivy (a Rust full-text engine, BM25 scoring).

Each initiative is one document with fields per language — names, other names and spellings,
the labels of the concepts it uses (resource types, kinds, drivers, barriers, with their
broader concepts and alternative labels) and descriptions — analysed with the Snowball
stemmer of that language, lower-cased and accent-folded after stemming, so "Stenungssund",
"stenungsund" and "STENUNGSUND" meet and "restvärme" finds "restvärmen". A query matches when
all its words match (in any field); a fuzzy variant (one edit) rescues typos at a lower weight.
Fields are weighted: names count most, descriptions least. The index is rebuilt in memory
when the catalogue is built and updated document by document when records change (see
:mod:`catalogue.indexing`).

A concept named in the query counts as that concept (#21): the query's words are analysed as the
concept labels are (every sv and en preferred and alternative label, with both languages'
analyzers), and a run of words that is a label, as a phrase, stands for its concept — in both
languages, so "tekniskt vatten" and "technical water" give the same answer. Such a run matches the
initiatives that involve the concept or a narrower one (a resource type of an exchange, a kind, a
driver, a barrier, a programme, an actor type) and those whose name, other names or description
hold one of those concepts' labels as a phrase; the other words of the query must match as text.
Ranking is in tiers: involving every named concept, then a phrase in the name, then a phrase in
the description, then loose (stemmed or fuzzy) matches; BM25 orders each tier.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import tantivy

from .errors import BadRequest

LANGUAGES = {"sv": "swedish", "en": "english"}
#: Field weights (BM25 scores are multiplied by these).
WEIGHTS = {"name": 4.0, "alt": 3.0, "concepts": 2.0, "description": 1.0}
#: Fields indexed with positions, for phrase matches of concept labels and of the query.
PHRASE_FIELDS = ("name", "alt", "description")
FUZZY_WEIGHT = 0.3
#: Most analysed words remembered for snippets before the memory is cleared.
STEMS_KEPT = 200_000
WORD = re.compile(r"[\w]+", re.UNICODE)
#: Most words a search may have: each word is a fuzzy query over every text field, and 3 000 words
#: kept the server busy for 6 s.
MAX_WORDS = 32
#: Ranking tiers (#21): a score is tier * TIER + BM25, so that no BM25 score lifts a match over a tier.
TIER = 10_000.0
CONCEPT, NAME_PHRASE, DESCRIPTION_PHRASE, LOOSE = 3, 2, 1, 0
#: Concept schemes whose concepts a query can name, and the facet that says an initiative involves one.
CONCEPT_FACETS = {"resource-types": "resource", "initiative-kinds": "kind", "barrier-types": "barrier",
                  "driver-types": "driver", "funding-programmes": "programme", "actor-types": "actor_type"}


def analyzer(language: str) -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.stemmer(language))
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


@dataclass
class TextDocument:
    iri: str
    texts: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # field -> lang -> texts

    def add(self, name: str, lang: str | None, text: str) -> None:
        languages = [lang] if lang in LANGUAGES else list(LANGUAGES)  # untagged text: analysed both ways
        for language in languages:
            self.texts.setdefault(name, {}).setdefault(language, []).append(text)


@dataclass
class NamedConcept:
    """A concept the search can recognise: its labels (any language) and its narrower concepts' labels, and
    the initiatives that involve it or a narrower one."""
    iri: str
    labels: list[str]
    phrases: list[str]  # its own labels and those of every narrower concept
    involving: set[str]


@dataclass
class Span:
    """A run of query words (``start``..``end`` exclusive) that names one or more concepts."""
    start: int
    end: int
    concepts: list[str]


@dataclass
class TextMatch:
    """What a query matched: relevance per initiative, the concepts it named, its words and their stems."""
    scores: dict[str, float]
    words: list[str]
    spans: list[Span]
    stems: dict[str, set[str]]  # lang -> the analysed forms of the query's words
    involved: dict[str, set[str]] = field(default_factory=dict)  # initiative -> named concepts it involves

    @property
    def concepts(self) -> list[str]:
        return [c for span in self.spans for c in span.concepts]


class TextIndex:
    def __init__(self, documents: list[TextDocument], concepts: list[NamedConcept] = ()) -> None:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("iri", stored=True, tokenizer_name="raw")
        self.fields = []
        for name in WEIGHTS:
            for lang in LANGUAGES:
                builder.add_text_field(f"{name}_{lang}", tokenizer_name=f"symbios_{lang}",
                                       index_option="position" if name in PHRASE_FIELDS else "freq")
                self.fields.append(f"{name}_{lang}")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)  # in memory
        self.analyzers = {lang: analyzer(language) for lang, language in LANGUAGES.items()}
        for lang, language in LANGUAGES.items():
            self.index.register_tokenizer(f"symbios_{lang}", analyzer(language))
        self.writer = self.index.writer(heap_size=15_000_000, num_threads=1)  # kept for updated()
        self.documents = {}
        for document in documents:
            self.writer.add_document(self._document(document))
            self.documents[document.iri] = document
        self.writer.commit()
        self.index.reload()
        self.searcher = self.index.searcher()  # this index's state: a later update gives the next index its own
        self.size = len(documents)
        self.deleted = 0  # documents replaced or removed since the build (still counted in BM25 statistics)
        self.boosts = {f: WEIGHTS[f.rsplit("_", 1)[0]] for f in self.fields}
        self._set_concepts(concepts)
        self._stems: dict[tuple[str, str], tuple[str, ...]] = {}
        self.vocabulary = None  # the words for "did you mean" (catalogue.search_answers.Vocabulary), built on first use

    @staticmethod
    def _document(document: TextDocument) -> tantivy.Document:
        values = {"iri": [document.iri]}
        for name, by_lang in document.texts.items():
            for lang, texts in by_lang.items():
                values[f"{name}_{lang}"] = texts
        return tantivy.Document(**values)

    def updated(self, documents: dict[str, "TextDocument | None"], concepts: list[NamedConcept]) -> "TextIndex":
        """The next index: each document of ``documents`` replaces the one with its IRI (None: removed), in one
        commit of the same Tantivy index; this index keeps answering from its own snapshot. Call from one thread
        at a time (the catalogue's updater). Tantivy counts a replaced document in its BM25 statistics until
        its segment is merged, so scores drift a little from a fresh build's; :attr:`deleted` says by how much
        (the catalogue builds afresh once they pass a share of the size)."""
        new = copy.copy(self)
        new.documents = dict(self.documents)
        for iri, document in documents.items():
            if iri in new.documents:
                self.writer.delete_documents_by_term("iri", iri)
                new.deleted += 1
                del new.documents[iri]
            if document is not None:
                self.writer.add_document(self._document(document))
                new.documents[iri] = document
        self.writer.commit()
        self.index.reload()
        new.searcher = self.index.searcher()
        new.size = len(new.documents)
        new._set_concepts(concepts)
        return new

    def _set_concepts(self, concepts) -> None:
        self.concepts = {c.iri: c for c in concepts}
        self._phrase_hits: dict[str, dict[str, int]] = {}  # concept -> initiative -> tier of its label's best place
        key = tuple((c.iri, tuple(c.labels)) for c in concepts)
        if getattr(self, "_labels_key", None) == key:
            return  # the same labels: the same phrases (an update of records, not of the vocabulary)
        self._labels_key = key
        # lang -> analysed label -> concepts with that label; a query is analysed both ways
        self.phrases: dict[str, dict[tuple[str, ...], set[str]]] = {lang: {} for lang in LANGUAGES}
        for concept in concepts:
            for label in concept.labels:
                for lang in LANGUAGES:
                    key = tuple(self.analyse(label, lang))
                    if key:
                        self.phrases[lang].setdefault(key, set()).add(concept.iri)
        self.longest = max((len(k) for by_key in self.phrases.values() for k in by_key), default=0)

    def analyse(self, text: str, lang: str) -> list[str]:
        return self.analyzers[lang].analyze(text)

    def stem(self, word: str, lang: str) -> tuple[str, ...]:
        """The analysed form of one word, remembered (for snippets: the same words come back on every page)."""
        key = (word, lang)
        found = self._stems.get(key)
        if found is None:
            if len(self._stems) > STEMS_KEPT:
                self._stems.clear()
            found = self._stems[key] = tuple(self.analyzers[lang].analyze(word))
        return found

    # -- the query ---------------------------------------------------------------

    def words(self, text: str) -> list[str]:
        words = [word.lower() for word in WORD.findall(text[:MAX_WORDS * 64])]  # lower case: "AND", "OR" are words here
        if len(words) > MAX_WORDS:
            raise BadRequest(f"The search has more than {MAX_WORDS} words. Search for the few words that matter most.",
                             parameter="q", limit=MAX_WORDS)
        return words

    def scores(self, text: str) -> dict[str, float]:
        """IRI -> relevance for every initiative matching ``text`` (see :meth:`match`)."""
        return self.match(text).scores

    def match(self, text: str) -> TextMatch:
        """The initiatives matching ``text``: every concept it names (as a phrase) and all its other words."""
        words = self.words(text)
        stems = {lang: {stem for word in words for stem in self.analyse(word, lang)} for lang in LANGUAGES}
        if not words or not self.size:
            return TextMatch({}, words, [], stems)
        spans = self.recognise(words)
        rest = [word for number, word in enumerate(words) if not any(s.start <= number < s.end for s in spans)]
        if not spans:
            scores = self._loose(words)
            phrase = self._phrase_tiers(words)
            return TextMatch({iri: phrase.get(iri, LOOSE) * TIER + score for iri, score in scores.items()}, words, [], stems)
        candidates: dict[str, int] | None = None
        involved: dict[str, set[str]] = {}
        for span in spans:
            tiers: dict[str, int] = {}
            for iri in span.concepts:
                for initiative, tier in self._concept_hits(iri).items():
                    tiers[initiative] = max(tiers.get(initiative, LOOSE), tier)
                    if tier == CONCEPT:
                        involved.setdefault(initiative, set()).add(iri)
            candidates = tiers if candidates is None else {i: min(t, tiers[i]) for i, t in candidates.items() if i in tiers}
        base: dict[str, float] = {}
        if rest:
            remaining = self._loose(rest)
            candidates = {i: t for i, t in candidates.items() if i in remaining}
            base = dict(remaining)
        for span in spans:  # the concepts' own labels in both languages, not the words typed: the same order in sv and en
            for iri, score in self._label_scores(tuple(span.concepts)).items():
                base[iri] = base.get(iri, 0.0) + score
        scores = {iri: tier * TIER + base.get(iri, 0.0) for iri, tier in candidates.items()}
        return TextMatch(scores, words, spans, stems, {i: c for i, c in involved.items() if i in scores})

    def recognise(self, words: list[str]) -> list[Span]:
        """The runs of ``words`` that are concept labels (longest first, left to right), in the language
        whose analysis recognises the most words (Swedish on a tie)."""
        best: list[Span] = []
        for lang in LANGUAGES:
            stems = [self.analyse(word, lang) for word in words]
            spans, number = [], 0
            while number < len(words):
                for length in range(min(self.longest, len(words) - number), 0, -1):
                    run = stems[number:number + length]
                    if any(len(s) != 1 for s in run):
                        continue
                    found = self.phrases[lang].get(tuple(s[0] for s in run))
                    if found:
                        spans.append(Span(number, number + length, sorted(found)))
                        number += length
                        break
                else:
                    number += 1
            if sum(s.end - s.start for s in spans) > sum(s.end - s.start for s in best):
                best = spans
        return best

    def _search(self, query) -> dict[str, float]:
        searcher = self.searcher
        return {searcher.doc(address)["iri"][0]: score for score, address in searcher.search(query, limit=self.size).hits}

    def _loose(self, words: list[str]) -> dict[str, float]:
        """Every initiative with all of ``words`` in some field, stemmed, or one edit away at a lower weight."""
        return self._search(self._words_query(words, conjunction=True))

    def _words_query(self, words: list[str], conjunction: bool):
        """``words`` in any field, stemmed, or one edit away at a lower weight; all of them or any."""
        query_text = " ".join(words)  # only words reach the query parser: no syntax from users
        exact, _ = self.index.parse_query_lenient(query_text, self.fields, field_boosts=self.boosts,
                                                  conjunction_by_default=conjunction)
        fuzzy, _ = self.index.parse_query_lenient(query_text, self.fields, field_boosts=self.boosts,
                                                  fuzzy_fields={f: (False, 1, True) for f in self.fields},
                                                  conjunction_by_default=conjunction)
        return tantivy.Query.boolean_query([
            (tantivy.Occur.Should, exact),
            (tantivy.Occur.Should, tantivy.Query.boost_query(fuzzy, FUZZY_WEIGHT)),
        ])

    def candidates(self, text: str, limit: int) -> list[str]:
        """The ``limit`` documents with most of the words of ``text`` (any of them, stemmed, or one edit away
        at a lower weight), best BM25 first: the recall of the reconciliation service, which scores what
        it gets by names itself (a company name in a spreadsheet has words, "AB", a record does not)."""
        words = self.words(text)
        if not words or not self.size:
            return []
        searcher = self.searcher
        hits = searcher.search(self._words_query(words, conjunction=False), limit=limit).hits
        return [searcher.doc(address)["iri"][0] for _, address in hits]

    def _label_scores(self, concepts: tuple[str, ...]) -> dict[str, float]:
        """BM25 of the initiatives with any word of the concepts' labels (every language): the order within a
        tier when the query named them."""
        labels = sorted({label for iri in concepts for label in self.concepts[iri].labels})
        words = [word.lower() for label in labels for word in WORD.findall(label)]
        query, _ = self.index.parse_query_lenient(" ".join(dict.fromkeys(words)), self.fields, field_boosts=self.boosts,
                                                  conjunction_by_default=False)
        return self._search(query)

    def _phrase_query(self, text: str, names: tuple[str, ...]):
        """``text`` as a phrase in the fields ``names`` (both languages' analysis), or None if it has no words."""
        clauses = []
        for lang in LANGUAGES:
            stems = self.analyse(text, lang)
            if not stems:
                continue
            for name in names:
                name = f"{name}_{lang}"
                term = (tantivy.Query.term_query(self.schema, name, stems[0]) if len(stems) == 1
                        else tantivy.Query.phrase_query(self.schema, name, stems))
                clauses.append((tantivy.Occur.Should, term))
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def _phrase_tiers(self, words: list[str]) -> dict[str, int]:
        """Initiatives whose name (or other name) holds the query as a phrase, then those whose description does."""
        tiers: dict[str, int] = {}
        for tier, names in ((DESCRIPTION_PHRASE, ("description",)), (NAME_PHRASE, ("name", "alt"))):
            query = self._phrase_query(" ".join(words), names)
            if query is not None:
                tiers.update(dict.fromkeys(self._search(query), tier))
        return tiers

    def _concept_hits(self, iri: str) -> dict[str, int]:
        """Initiative -> tier for one concept: involving it (or a narrower one), else one of their labels as a
        phrase in the name, else in the description. Computed once per concept and index."""
        found = self._phrase_hits.get(iri)
        if found is None:
            concept = self.concepts[iri]
            found = {}
            for tier, names in ((DESCRIPTION_PHRASE, ("description",)), (NAME_PHRASE, ("name", "alt"))):
                clauses = [(tantivy.Occur.Should, q) for q in (self._phrase_query(label, names) for label in concept.phrases)
                           if q is not None]
                if clauses:
                    found.update(dict.fromkeys(self._search(tantivy.Query.boolean_query(clauses)), tier))
            found.update(dict.fromkeys(concept.involving, CONCEPT))
            self._phrase_hits[iri] = found
        return found


#: Facets whose values (concepts, actors, places) are searchable by their labels.
LABELLED_FACETS = ("resource", "kind_direct", "barrier", "driver", "programme", "actor_type", "actor_direct", "municipality", "region")
TEXT_FIELDS = {"label": "name", "altLabel": "alt", "description": "description"}


def named_concepts(facets, concepts) -> list[NamedConcept]:
    """The concepts of :data:`CONCEPT_FACETS`' schemes, with the initiatives that involve each (the facet
    index has expanded every value upwards, so its posting of a concept holds the narrower ones' too; it is
    shared, never copied: the facet index never changes a posting in place)."""
    return [NamedConcept(iri, labels, phrases, facets.postings.get(facet, {}).get(iri, frozenset()))
            for iri, facet, labels, phrases in _concept_phrases(concepts)]


def _concept_phrases(concepts) -> list[tuple[str, str, list[str], list[str]]]:
    """(concept, facet, its labels, its and its narrower concepts' labels), computed once per concept index."""
    found = getattr(concepts, "_named", None)
    if found is not None:
        return found
    found = []
    for iri, concept in concepts.concepts.items():
        facet = CONCEPT_FACETS.get(concept.scheme.rsplit("/", 1)[-1])
        if facet is None:
            continue
        below, todo = {iri}, [iri]
        while todo:
            for narrower in concepts.concepts[todo.pop()].narrower:
                if narrower in concepts.concepts and narrower not in below:
                    below.add(narrower)
                    todo.append(narrower)
        labels = [*concept.pref.values(), *concept.alt]
        phrases = sorted({label for b in below for label in (*concepts.concepts[b].pref.values(), *concepts.concepts[b].alt)})
        found.append((iri, facet, labels, phrases))
    concepts._named = found
    return found


def text_document(entry, concepts, labels) -> TextDocument:
    """The document of one initiative: its facet index entry, with the labels of its concepts and records."""
    document = TextDocument(entry.iri)
    for name, lang, text in entry.texts:
        document.add(TEXT_FIELDS[name], lang, text)
    for facet in LABELLED_FACETS:
        for value in sorted(entry.values.get(facet, ())):
            concept = concepts.concepts.get(value)
            if concept is not None:
                for lang, text in concept.pref.items():
                    document.add("concepts", lang, text)
                for text in concept.alt:
                    document.add("concepts", None, text)
            else:
                for lang in LANGUAGES:
                    document.add("concepts", lang, labels.get(value, lang))
    return document


def build_text_index(facets, concepts, labels) -> TextIndex:
    """One document per initiative from the facet index entries, concept labels and record labels."""
    documents = [text_document(entry, concepts, labels) for entry in facets.entries.values()]
    return TextIndex(documents, named_concepts(facets, concepts))
