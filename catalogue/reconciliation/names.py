"""Names as the reconciliation service compares them."""

from __future__ import annotations

import re

from ..facets import fold

WORDS = re.compile(r"\w+")
#: Words left out of names when they are compared: company forms.
COMPANY_FORMS = frozenset({"ab", "aktiebolag", "aktiebolaget", "publ", "hb", "kb", "oy", "oyj", "aps", "asa", "gmbh",
                           "ag", "ltd", "limited", "inc", "plc", "bv", "nv", "llc", "corp"})


def normal(name: str) -> str:
    """A name as compared: folded, its words joined by single spaces, company forms left out."""
    words = WORDS.findall(fold(name))
    kept = [w for w in words if w not in COMPANY_FORMS]
    return " ".join(kept or words)


#: Most words of a query that look for candidates (with their pairs, within the text index's 32 words).
RECALL_WORDS = 16


def joined(text: str) -> str:
    """The first :data:`RECALL_WORDS` words of ``text`` and each pair of neighbours written together
    ("Ragn Sells" also as "ragnsells"): Swedish names are written apart, hyphenated and together."""
    words = WORDS.findall(fold(text))[:RECALL_WORDS]
    return " ".join([*words, *(a + b for a, b in zip(words, words[1:]))])


def code_key(text: str) -> str:
    """A code as compared: "19 01 14", "190114" and "19.01.14" are one."""
    return re.sub(r"[\s.]", "", fold(text))


#: Endings that say a thing is left over, not what it is: "glasavfall" is glass, "plastspill" plastic.
GENERIC_ENDINGS = ("avfall", "spill", "rester", "skrot", " waste", " residues", " scrap")


def without_generic_ending(form: str) -> str:
    """A normal form without a generic ending, or "" when it has none (or nothing would be left)."""
    for ending in GENERIC_ENDINGS:
        if form.endswith(ending) and len(form) - len(ending) >= 3:
            return form[:-len(ending)].strip()
    return ""
