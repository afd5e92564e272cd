"""Ranked text search over initiatives with Tantivy (a Rust full-text engine, BM25 scoring).

Each initiative is one document with fields per language — names, other names and spellings,
the labels of the concepts it uses (resource types, kinds, drivers, barriers, with their
broader concepts and alternative labels) and descriptions — analysed with the Snowball
stemmer of that language, lower-cased and accent-folded after stemming, so "Stenungssund",
"stenungsund" and "STENUNGSUND" meet and "restvärme" finds "restvärmen". A query matches when
all its words match (in any field); a fuzzy variant (one edit) rescues typos at a lower weight.
Fields are weighted: names count most, descriptions least. The index is rebuilt in memory
whenever the catalogue's published records change (see :meth:`catalogue.service.Catalogue.refresh`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tantivy

from .errors import BadRequest

LANGUAGES = {"sv": "swedish", "en": "english"}
#: Field weights (BM25 scores are multiplied by these).
WEIGHTS = {"name": 4.0, "alt": 3.0, "concepts": 2.0, "description": 1.0}
FUZZY_WEIGHT = 0.3
WORD = re.compile(r"[\w]+", re.UNICODE)
#: Most words a search may have: each word is a fuzzy query over every text field, and 3 000 words
#: kept the server busy for 6 s.
MAX_WORDS = 32


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


class TextIndex:
    def __init__(self, documents: list[TextDocument]) -> None:
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("iri", stored=True, tokenizer_name="raw")
        self.fields = []
        for name in WEIGHTS:
            for lang in LANGUAGES:
                builder.add_text_field(f"{name}_{lang}", tokenizer_name=f"symbios_{lang}", index_option="freq")
                self.fields.append(f"{name}_{lang}")
        self.index = tantivy.Index(builder.build())  # in memory
        for lang, language in LANGUAGES.items():
            self.index.register_tokenizer(f"symbios_{lang}", analyzer(language))
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        for document in documents:
            values = {"iri": [document.iri]}
            for name, by_lang in document.texts.items():
                for lang, texts in by_lang.items():
                    values[f"{name}_{lang}"] = texts
            writer.add_document(tantivy.Document(**values))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.size = len(documents)
        self.boosts = {f: WEIGHTS[f.rsplit("_", 1)[0]] for f in self.fields}

    def scores(self, text: str) -> dict[str, float]:
        """IRI -> relevance for every initiative matching all the words of ``text``."""
        words = [word.lower() for word in WORD.findall(text[:MAX_WORDS * 64])]  # lower case: "AND", "OR" are words here
        if len(words) > MAX_WORDS:
            raise BadRequest(f"The search has more than {MAX_WORDS} words. Search for the few words that matter most.",
                             parameter="q", limit=MAX_WORDS)
        if not words or not self.size:
            return {}
        query_text = " ".join(words)  # only words reach the query parser: no syntax from users
        exact, _ = self.index.parse_query_lenient(query_text, self.fields, field_boosts=self.boosts,
                                                  conjunction_by_default=True)
        fuzzy, _ = self.index.parse_query_lenient(query_text, self.fields, field_boosts=self.boosts,
                                                  fuzzy_fields={f: (False, 1, True) for f in self.fields},
                                                  conjunction_by_default=True)
        query = tantivy.Query.boolean_query([
            (tantivy.Occur.Should, exact),
            (tantivy.Occur.Should, tantivy.Query.boost_query(fuzzy, FUZZY_WEIGHT)),
        ])
        searcher = self.index.searcher()
        hits = searcher.search(query, limit=self.size).hits
        return {searcher.doc(address)["iri"][0]: score for score, address in hits}


#: Facets whose values (concepts, actors, places) are searchable by their labels.
LABELLED_FACETS = ("resource", "kind_direct", "barrier", "driver", "programme", "actor_type", "actor", "municipality", "region")
TEXT_FIELDS = {"label": "name", "altLabel": "alt", "description": "description"}


def build_text_index(facets, concepts, labels) -> TextIndex:
    """One document per initiative from the facet index entries, concept labels and record labels."""
    documents = []
    for entry in facets.entries.values():
        document = TextDocument(entry.iri)
        for name, lang, text in entry.texts:
            document.add(TEXT_FIELDS[name], lang, text)
        for facet in LABELLED_FACETS:
            for value in entry.values.get(facet, ()):
                concept = concepts.concepts.get(value)
                if concept is not None:
                    for lang, text in concept.pref.items():
                        document.add("concepts", lang, text)
                    for text in concept.alt:
                        document.add("concepts", None, text)
                else:
                    for lang in LANGUAGES:
                        document.add("concepts", lang, labels.get(value, lang))
        documents.append(document)
    return TextIndex(documents)
