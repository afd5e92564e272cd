"""The reasons behind a similarity score: the shared facts in Swedish and English, and which are shown.

Every reason names its component. A result shows at least one reason for each component that
scores above 0 (that component's strongest), then the next strongest up to :data:`SHOWN`, in
order of weight × similarity, so no part of a score is left unexplained.
"""

from __future__ import annotations

from .labels import Labels, in_sentence

SHOWN = 6  # reasons shown per result, unless more components score (each keeps its best one)

SAME = {
    "resources": ("Båda utbyter {sv}", "Both exchange {en}"),
    "kinds": ("Båda är {sv}", "Both are {en_a}"),
    "organisation_forms": ("Båda är organiserade som {sv}", "Both are organised as {en}"),
    "actor_types": ("Båda har med {sv}", "Both involve {en_a}"),
    "roles": ("Båda har en aktör i rollen {sv}", "Both have an actor as {en}"),
    "drivers": ("Båda drivs av {sv}", "Both are driven by {en}"),
    "barriers": ("Båda nämner hindret {sv}", "Both name the barrier {en}"),
}


#: Letters whose English names begin with a vowel sound: "an EU body", "an NGO", but "a UN agency".
_VOWEL_SOUND_LETTERS = set("AEFHILMNORSX")
#: Vowel-initial words said with a consonant sound: "a university", "a utility", "a one-off".
_CONSONANT_SOUND = ("uni", "use", "usu", "uti", "eu", "one", "once")


def with_article(noun: str) -> str:
    """An English noun phrase with "a" or "an", by the sound it begins with."""
    if len(noun) > 1 and noun[0].isupper() and noun[1].isupper():
        return ("an " if noun[0] in _VOWEL_SOUND_LETTERS else "a ") + noun
    lower = noun.lower()
    vowel = lower[:1] in ("a", "e", "i", "o", "u") and not lower.startswith(_CONSONANT_SOUND)
    return ("an " if vowel else "a ") + noun


class Reasons:
    """The sentences for shared facts, names from ``labels``."""

    def __init__(self, labels: Labels) -> None:
        self.labels = labels

    def sv(self, iri: str) -> str:
        return in_sentence(self.labels.get(iri, "sv"))

    def en(self, iri: str) -> str:
        return in_sentence(self.labels.get(iri, "en"))

    def concept(self, name: str, x: str, y: str, similarity: float, shared: str) -> dict:
        """Two concepts of component ``name`` that match: the same one, or related through ``shared``."""
        sv, en = self.sv, self.en
        if similarity == 1.0:
            texts = SAME[name]
            return {"component": name, "sv": texts[0].format(sv=sv(x)),
                    "en": texts[1].format(en=en(x), en_a=with_article(en(x)))}
        if shared in (x, y):
            narrow, broad = (y, x) if shared == x else (x, y)
            return {"component": name, "sv": f"Närliggande: {sv(narrow)} är en sorts {sv(broad)}",
                    "en": f"Related: {en(narrow)} is a kind of {en(broad)}"}
        return {"component": name, "sv": f"Närliggande: {sv(x)} och {sv(y)} (båda {sv(shared)})",
                "en": f"Related: {en(x)} and {en(y)} (both {en(shared)})"}

    def flow(self, shared: tuple) -> tuple[dict, bool]:
        """(reason, whether it only repeats the shared resource) for two matching flows."""
        provider, resource, receiver = shared
        sv, en = self.sv, self.en
        if provider and receiver:
            return {"component": "flows", "sv": f"Båda: {sv(provider)} levererar {sv(resource)} till {sv(receiver)}",
                    "en": f"Both: {with_article(en(provider))} provides {en(resource)} to {with_article(en(receiver))}"}, False
        if provider:
            return {"component": "flows", "sv": f"Båda: {sv(provider)} levererar {sv(resource)}",
                    "en": f"Both: {with_article(en(provider))} provides {en(resource)}"}, False
        if receiver:
            return {"component": "flows", "sv": f"Båda: {sv(resource)} går till {sv(receiver)}",
                    "en": f"Both: {en(resource)} goes to {with_article(en(receiver))}"}, False
        return {"component": "flows", "sv": f"Båda har ett flöde av {sv(resource)}",
                "en": f"Both have a flow of {en(resource)}"}, True

    @staticmethod
    def distance(km: float) -> dict:
        return {"component": "distance", "sv": f"Ligger {km:.0f} km ifrån varandra", "en": f"{km:.0f} km apart"}

    def region(self, counties: list[str]) -> dict:
        return {"component": "region", "sv": f"Båda ligger i {' och '.join(self.labels.get(c, 'sv') for c in counties)}",
                "en": f"Both are in {' and '.join(self.labels.get(c, 'en') for c in counties)}"}


def ordered(reasons: list[tuple[float, dict, bool]]) -> list[dict]:
    """Reasons (strength, reason, only repeats another) strongest first, each text once; a repeating
    reason is kept only for a component that has no other."""
    explained = {reason["component"] for _, reason, repeats in reasons if not repeats}
    unique, seen = [], set()
    for _, reason, repeats in sorted(reasons, key=lambda r: -r[0]):
        if reason["en"] not in seen and not (repeats and reason["component"] in explained):
            seen.add(reason["en"])
            unique.append(reason)
    return unique


def shown(reasons: list[dict], cap: int = SHOWN) -> list[dict]:
    """The reasons to show: each component's first (strongest), then the next ones up to ``cap``, in order."""
    first, seen = [], set()
    for number, reason in enumerate(reasons):
        if reason["component"] not in seen:
            seen.add(reason["component"])
            first.append(number)
    rest = [number for number in range(len(reasons)) if number not in set(first)]
    return [reasons[number] for number in sorted(first + rest[:max(0, cap - len(first))])]
