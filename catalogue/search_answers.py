"""What a search result says about itself (#21): a snippet around the match, why it matched, and
"did you mean" suggestions when nothing matched.

- ``snippet``: ``{"text", "highlights", "field", "lang"}`` — a plain-text passage (at most
  :data:`SNIPPET_CHARS` characters and an ellipsis at a cut end) from the description in the
  page's language (else the other one), or the name when only the name matched;
  ``highlights`` are ``[start, end)`` offsets into ``text`` (Unicode code points, as Python and
  Jinja slice) of the words that matched; ``lang`` the language of the text (sv on an English page
  when the record has no English description). Without a query it is the description's opening.
- ``matched``: the reasons, in this order: ``{"kind": "concept", "label", "iri"}`` for each
  concept named in the query that the initiative involves (the label in the request language),
  ``{"kind": "name"}``, ``{"kind": "description"}``, ``{"kind": "actor", "label", "iri"}``,
  ``{"kind": "place", "label", "iri"}``, and ``{"kind": "spelling"}`` when only a word spelled
  nearly the same matched.
- ``suggestions``: concept labels within two edits of the whole query, then the query with each
  unknown word replaced by the nearest indexed word (one or two edits), each only if it finds
  something; at most :data:`MAX_SUGGESTIONS`.
"""

from __future__ import annotations

import re
from collections import Counter

import tantivy

from .facets import fold
from .text_search import LANGUAGES, TextIndex, TextMatch

SNIPPET_CHARS = 220
#: Characters of context kept before the first match in a snippet.
SNIPPET_LEAD = 70
MAX_SUGGESTIONS = 3
WORDS = re.compile(r"\w+", re.UNICODE)


class Explainer:
    """Stems and phrases of one query in both languages, to find its matches in any text."""

    def __init__(self, index: TextIndex, match: TextMatch) -> None:
        self.index, self.match = index, match
        in_span = {n for span in match.spans for n in range(span.start, span.end)}
        rest = [w for n, w in enumerate(match.words) if n not in in_span]
        self.terms = {lang: {s for w in rest for s in index.analyse(w, lang)} for lang in LANGUAGES}
        self.phrases: dict[str, set[tuple[str, ...]]] = {lang: set() for lang in LANGUAGES}
        for iri in match.concepts:
            for label in index.concepts[iri].phrases:
                for lang in LANGUAGES:
                    stems = tuple(index.analyse(label, lang))
                    if stems:
                        self.phrases[lang].add(stems)
        self.longest = max((len(p) for ps in self.phrases.values() for p in ps), default=0)
        self.starts = {lang: {p[0] for p in phrases} for lang, phrases in self.phrases.items()}
        self._hits: dict[tuple[str, str | None], list[list[int]]] = {}

    def hits(self, text: str, lang: str | None) -> list[list[int]]:
        """[start, end) of each word (or run of words) in ``text`` that the query matched."""
        key = (text, lang)
        if key not in self._hits:
            self._hits[key] = self._find(text, lang)
        return self._hits[key]

    def _find(self, text: str, lang: str | None) -> list[list[int]]:
        words = list(WORDS.finditer(text))
        found = []
        for language in [lang] if lang in LANGUAGES else list(LANGUAGES):
            stems = [self.index.stem(w.group(), language) for w in words]
            number, starts = 0, self.starts[language]
            while number < len(words):
                first = stems[number]
                longest = min(self.longest, len(words) - number) if len(first) == 1 and first[0] in starts else 0
                for length in range(longest, 0, -1):
                    run = stems[number:number + length]
                    if all(len(s) == 1 for s in run) and tuple(s[0] for s in run) in self.phrases[language]:
                        found.append([words[number].start(), words[number + length - 1].end()])
                        number += length
                        break
                else:
                    if any(s in self.terms[language] for s in stems[number]):
                        found.append([words[number].start(), words[number].end()])
                    number += 1
        merged: list[list[int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return merged


def _texts(entry, field_name: str) -> list[tuple[str | None, str]]:
    return [(lang, text) for name, lang, text in entry.texts if name == field_name]


def _window(text: str, hits: list[list[int]], lang: str | None, field_name: str) -> dict:
    if len(text) <= SNIPPET_CHARS:
        return {"text": text, "highlights": hits, "field": field_name, "lang": lang}
    start = max(0, hits[0][0] - SNIPPET_LEAD) if hits else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < (hits[0][0] if hits else len(text)) else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + SNIPPET_CHARS // 2 else end
    prefix = "…" if start else ""
    passage = prefix + text[start:end].strip() + ("…" if end < len(text) else "")
    shift = len(prefix) - start
    kept = [[a + shift, b + shift] for a, b in hits if a >= start and b <= end]
    return {"text": passage, "highlights": kept, "field": field_name, "lang": lang}


def snippet(explainer: Explainer | None, entry, lang: str) -> dict | None:
    """A passage around the match (see the module's docstring), or None for a record with no text: the
    page language's description or name where they match, else that description's opening; only a
    record with no text in the page's language gets one in the other."""
    descriptions = _texts(entry, "description")
    for wanted in ((lang, None), tuple(LANGUAGES)):
        own = [(text_lang, text) for text_lang, text in descriptions if text_lang in wanted]
        names = [(text_lang, text) for name in ("label", "altLabel") for text_lang, text in _texts(entry, name)
                 if text_lang in wanted]
        if explainer is not None:
            for field_name, texts in (("description", own), ("name", names)):
                for text_lang, text in texts:
                    hits = explainer.hits(text, text_lang)
                    if hits:
                        return _window(text, hits, text_lang, field_name)
        if own:
            return _window(own[0][1], [], own[0][0], "description")
    return None


def matched(explainer: Explainer, entry, labels, lang: str) -> list[dict]:
    """Why ``entry`` matched the query (see the module's docstring)."""
    reasons = [{"kind": "concept", "label": labels.get(iri, lang), "iri": iri}
               for iri in explainer.match.concepts if iri in explainer.match.involved.get(entry.iri, ())]
    if any(explainer.hits(text, text_lang) for name in ("label", "altLabel") for text_lang, text in _texts(entry, name)):
        reasons.append({"kind": "name"})
    if any(explainer.hits(text, text_lang) for text_lang, text in _texts(entry, "description")):
        reasons.append({"kind": "description"})
    for kind, facet in (("actor", "actor_direct"), ("place", "municipality"), ("place", "region")):
        for iri in sorted(entry.values.get(facet, ())):
            names = labels.names.get(iri, {})
            if any(explainer.hits(text, text_lang) for text_lang, text in names.items()):
                reasons.append({"kind": kind, "label": labels.get(iri, lang), "iri": iri})
    if not reasons:
        reasons.append({"kind": "spelling"})
    return reasons


# -- did you mean ----------------------------------------------------------------------------------------


def distance(a: str, b: str, bound: int) -> int:
    """Levenshtein distance of ``a`` and ``b`` (a swap of neighbours counts one), or ``bound + 1`` if more."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > bound:
            return bound + 1
        previous2, previous = previous, current
    return previous[-1]


class Vocabulary:
    """The words of the indexed texts and the concept labels, folded, in a small Tantivy index of their
    own, so that the ones within two edits of a word are found by a Levenshtein automaton rather than by
    comparing with every word; built on the first search that finds nothing."""

    def __init__(self, index: TextIndex) -> None:
        counts: Counter[str] = Counter()
        for document in index.documents.values():
            for by_lang in document.texts.values():
                for texts in by_lang.values():
                    for text in texts:
                        counts.update(w.lower() for w in WORDS.findall(text) if not w.isdigit())
        labels = {label.lower() for c in index.concepts.values() for label in c.labels}
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("key", tokenizer_name="raw")
        builder.add_text_field("text", stored=True, tokenizer_name="raw")
        builder.add_text_field("kind", stored=True, tokenizer_name="raw")
        builder.add_integer_field("count", stored=True)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        for kind, texts in (("word", counts), ("label", dict.fromkeys(labels, 1))):
            for text, count in texts.items():
                writer.add_document(tantivy.Document(key=[fold(text)], text=[text], kind=[kind], count=[count]))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.known = {fold(w) for w in counts}

    def near(self, text: str, kind: str) -> list[str]:
        """The indexed words (``kind`` "word") or labels ("label") within one edit of ``text`` (two if it has
        more than four letters), nearest and most frequent first."""
        key = fold(text)
        bound = 1 if len(key) <= 4 else 2
        query = tantivy.Query.fuzzy_term_query(self.schema, "key", key, distance=bound, transposition_cost_one=True)
        searcher = self.index.searcher()
        found = []
        for _, address in searcher.search(query, limit=200).hits:
            doc = searcher.doc(address)
            if doc["kind"][0] == kind and doc["text"][0] and fold(doc["text"][0]) != key:
                found.append((distance(key, fold(doc["text"][0]), bound), -doc["count"][0], doc["text"][0]))
        return [text for _, _, text in sorted(found)]


def suggestions(index: TextIndex, text: str, finds) -> list[str]:
    """Other queries like ``text`` that ``finds`` (a predicate on a query) says find something: concept
    labels near the whole query, then the query with each word it does not hold replaced by the nearest
    word that it does (or left out, if none is near)."""
    if index.vocabulary is None:
        index.vocabulary = Vocabulary(index)
    vocabulary = index.vocabulary
    words = index.words(text)
    if not words:
        return []
    found = list(vocabulary.near(" ".join(words), "label"))
    replaced = []
    for word in words:
        if fold(word) in vocabulary.known:
            replaced.append(word)
        else:
            replaced.extend(vocabulary.near(word, "word")[:1])
    if replaced and replaced != words:
        found.append(" ".join(replaced))
    result, whole = [], fold(" ".join(words))
    for candidate in dict.fromkeys(found):
        if fold(candidate) != whole and finds(candidate):
            result.append(candidate)
        if len(result) == MAX_SUGGESTIONS:
            break
    return result
