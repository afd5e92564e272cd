"""Check that evidence quotes occur verbatim in their source files.

Whitespace and line breaks are normalised. :meth:`SourceText.contains` (the write rule a curator's
quote meets, :mod:`catalogue.evidence_check`) also tolerates soft hyphens, words hyphenated or broken
across a line break and the running page headers of the PDF extraction; :func:`check_quotes` (the
check of data/) does not: a curated quote is the source's text as printed (#24).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import DCTERMS

from . import queries
from .namespaces import SYM

PAGE_HEADER = re.compile(
    r"^\s*(\d{1,3}\s*)?Industriell och urban symbios – Ett kunskapsunderlag om positiva effekter av samverkan "
    r"mellan samhällets aktörer\s*$|^\s*\d{1,3}\s*$",
    re.MULTILINE,
)


def collapse(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


LINE_BREAK_HYPHEN = re.compile(r"-[ \t\u00a0\u2009]*\n\s*")
#: a line break straight after a letter (or an en dash: "2021–\n2028") and before one: the PDF extraction's break inside a word whose hyphen
#: it lost ("fisk\nodling"); a break between words has a space before it ("använda \nbiprodukter")
BARE_BREAK = re.compile(r"(?<=[\w\u2013])\n(?=\w)")


def joined(text: str, hyphen: str = "") -> str:
    """``text`` with words hyphenated across a line break joined again ("spill-\nvärme" ->
    "spillvärme", or "E.ON-\nanläggningen" -> "E.ON-anläggningen" with ``hyphen="-"``), whitespace
    collapsed. Spaces between words stay spaces: a quote must have the source's words, not only its letters."""
    return collapse(LINE_BREAK_HYPHEN.sub(hyphen, text.replace("\u00ad", "")))


@dataclass(frozen=True)
class SourceText:
    collapsed: str  # as printed, whitespace collapsed ("spill- värme")
    dehyphenated: str  # words broken at a line end joined ("spillvärme")
    hyphenated: str  # … keeping the hyphen, for compounds such as "E.ON-anläggningen"
    unbroken: str  # also words broken at a line end without a hyphen joined ("fisk\nodling" -> "fiskodling")
    printed: str  # as printed, page headers kept, whitespace collapsed: what an exact quote is in

    def contains(self, quote: str) -> bool:
        printed = collapse(quote)
        if any(printed in form for form in (self.collapsed, self.dehyphenated, self.hyphenated, self.unbroken)):
            return True
        return joined(quote) in self.dehyphenated or joined(quote, "-") in self.hyphenated or joined(quote) in self.unbroken

    def contains_exactly(self, quote: str) -> bool:
        """Whether ``quote`` is the text as printed, only its whitespace normalised: a word the
        source breaks at a line end stays broken ("spill- värme"), case and hyphens stay as they are."""
        printed = " ".join(quote.split())
        return bool(printed) and printed in self.printed

    @classmethod
    def of(cls, raw: str) -> "SourceText":
        without_headers = PAGE_HEADER.sub(" ", raw)
        return cls(collapse(without_headers), joined(without_headers), joined(without_headers, "-"),
                   joined(BARE_BREAK.sub("", without_headers)), " ".join(raw.split()))


@cache
def source_text(path: Path) -> SourceText:
    return SourceText.of(path.read_text(encoding="utf-8"))


@dataclass
class QuoteProblem:
    evidence: str
    source: str
    quote: str
    reason: str


def check_quotes(evidence_graph: Graph, sources_dir: Path) -> tuple[int, list[QuoteProblem]]:
    """(number of quotes checked, problems) for every sym:Evidence with a quote in the graph. A quote
    must be its source's text exactly, only whitespace normalised (no joined words, no skipped page
    headers): the check of the curated data/, stricter than the write rule."""
    problems, checked = [], 0
    for evidence, quote in evidence_graph.subject_objects(SYM.quote):
        source = evidence_graph.value(evidence, DCTERMS.source)
        file_name = evidence_graph.value(source, SYM.fileName) if source is not None else None
        if file_name is None:
            problems.append(QuoteProblem(str(evidence), str(source), str(quote), "the source has no sym:fileName"))
            continue
        path = sources_dir / str(file_name)
        checked += 1
        if not path.is_file():
            problems.append(QuoteProblem(str(evidence), str(source), str(quote), f"source file {path} is missing"))
        elif not source_text(path).contains_exactly(str(quote)):
            reason = ("not as printed (a word joined across a line break or a page header skipped)"
                      if source_text(path).contains(str(quote)) else "not found")
            problems.append(QuoteProblem(str(evidence), str(source), str(quote), f"{reason} in {file_name}"))
    return checked, problems


def evidence_graph_of(store) -> Graph:
    """Every evidence quote with its source and the sources' file names, from the store."""
    return store.construct(queries.query_text("evidence_quotes"))
