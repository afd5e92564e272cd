"""Where a passage stands in a source's text: its sentences, section headings and pages (#20 item 4).

A locator is what a curator writes next to a quote ("Bilaga A4", "Avsnitt 2.1", "Byggsten 3",
"s. 4"). The seed texts are PDF extractions without markup, so headings are found by their
form: an appendix line of the RISE report (``A4<TAB>Sotenäs Symbiosnätverk``), "Bilaga …",
"Byggsten N", or a numbered heading ("2.1 Metod"); a line of a table of contents (ending in a page
number) is not a heading. Uploaded PDFs carry a form feed between pages, so page N is the text
after the (N-1)th form feed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .quotes import PAGE_HEADER, SourceText, collapse

HEADINGS = [
    (re.compile(r"^[ \t]?(A\d{1,2})\t[ \t]*\S.*$", re.MULTILINE), "Bilaga {0}"),
    (re.compile(r"^[ \t]*Bilaga[ \t]+([A-Z]?\d{1,2})\b.*$", re.MULTILINE), "Bilaga {0}"),
    (re.compile(r"^[ \t]*Avsnitt[ \t]+(\d{1,2}(?:\.\d{1,2}){0,2})\b.*$", re.MULTILINE), "Avsnitt {0}"),
    (re.compile(r"^[ \t]*Byggsten[ \t]+(\d{1,2})\b.*$", re.MULTILINE), "Byggsten {0}"),
    (re.compile(r"^[ \t]*(\d{1,2}(?:\.\d{1,2}){0,2})\.?[ \t]+[A-ZÅÄÖ][^\n.]{2,80}$", re.MULTILINE), "Avsnitt {0}"),
]
TABLE_OF_CONTENTS = re.compile(r"(\s\d{1,3}|\.{3,}\s*\d*)\s*$|\ufffd")
#: Where a sentence ends: a full stop, question or exclamation mark before a capital or a digit, or a blank line.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”(]?[A-ZÅÄÖ0-9])|\n[ \t\u00a0]*\n")
#: At most this many characters of text before and after a quote go into its selector.
CONTEXT = 32


@dataclass(frozen=True)
class Section:
    label: str
    start: int
    end: int


def sections(text: str) -> list[Section]:
    """The sections of ``text`` by their headings, in order; each runs to the next heading."""
    found: dict[int, str] = {}
    for pattern, label in HEADINGS:
        for match in pattern.finditer(text):
            if TABLE_OF_CONTENTS.search(text[match.end(1):match.end()]):
                continue
            found.setdefault(match.start(), label.format(match.group(1)))
    starts = sorted(found)
    return [Section(found[s], s, starts[i + 1] if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]


class Locator:
    """The locator of a position in one text: its section's label, and its page when the text has pages."""

    def __init__(self, text: str) -> None:
        self.sections = sections(text)
        self._starts = [s.start for s in self.sections]
        self._pages = [m.start() for m in re.finditer("\f", text)]

    def section_at(self, position: int) -> Section | None:
        i = bisect.bisect_right(self._starts, position) - 1
        return self.sections[i] if i >= 0 else None

    def page_at(self, position: int) -> int | None:
        return bisect.bisect_right(self._pages, position) + 1 if self._pages else None

    def at(self, position: int) -> str:
        section, page = self.section_at(position), self.page_at(position)
        parts = [section.label] if section else []
        if page is not None:
            parts.append(f"s. {page}")
        return ", ".join(parts)


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text[start:end]``, surrounding whitespace left out."""
    end = len(text) if end is None else end
    spans, at = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        spans.append((at, match.start()))
        at = match.end()
    spans.append((at, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def clean(raw: str) -> str:
    """A slice of the text as a quote: running page headers out, whitespace collapsed."""
    return collapse(PAGE_HEADER.sub(" ", raw.replace("\f", " ")))


def selector(text: str, searchable: SourceText, start: int, end: int) -> tuple[str, str, str]:
    """(quote, prefix, suffix) for ``text[start:end]``, each end dropped when it would not stand
    next to the quote in the normalised text (so the evidence check accepts what is proposed)."""
    quote = clean(text[start:end])
    before = clean(text[max(0, start - 4 * CONTEXT):start])[-CONTEXT:]
    after = clean(text[end:end + 4 * CONTEXT])[:CONTEXT]
    if before and start > 0 and text[start - 1].isspace():
        before += " "
    if after and end < len(text) and text[end].isspace():
        after = " " + after
    prefix = before if before.strip() and searchable.contains(before + quote) else ""
    suffix = after if after.strip() and searchable.contains(quote + after) else ""
    return quote, prefix, suffix


def outline(text: str) -> dict:
    """What the quote picker shows next to a source's text: its sections (label, start, end) and
    the offsets where its pages start (uploaded PDFs; none for texts without page breaks)."""
    return {"sections": [{"label": s.label, "start": s.start, "end": s.end} for s in sections(text)],
            "pages": [0, *(m.end() for m in re.finditer("\f", text))] if "\f" in text else []}


def picked(text: str, searchable: SourceText, start: int, end: int) -> dict:
    """The evidence for ``text[start:end]`` as a curator picked it: the quote as the check reads
    it, the text just before and after it (a Web Annotation TextQuoteSelector) and the locator."""
    quote, prefix, suffix = selector(text, searchable, start, end)
    return {"quote": quote, "prefix": prefix, "suffix": suffix, "locator": Locator(text).at(start),
            "start": start, "end": end}
