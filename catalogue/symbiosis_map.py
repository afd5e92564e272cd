"""The symbiosis map of an initiative: actors as nodes, resource exchanges as labelled edges.

This is the diagram the Swedish guide asks every network to draw ("rita ert egna nätverk").
Each edge carries the resource type, its top category (energy, water, materials, gases,
shared resources) and the exchange status, so a page can style it; an exchange whose provider
or receiver is only described ("ej angivet", "företag i …") gets a node of its own, shared with
every other description of the same party (see :func:`party_key`). Edges map one to one to the
initiative's exchanges, in the same order, so a page's exchange table and the map agree.
"""

from __future__ import annotations

import re

from .concepts import ConceptIndex
from .labels import slug_of

UNSTATED = {"ej angivet", "ej angiven", "ej angivna", "okänd", "okänt", "unknown", "not stated"}
ARTICLES = {"en", "ett", "den", "det", "de", "the", "a", "an"}
#: Swedish definite and plural endings, longest first: "anläggningen" and "anläggning" are one word here.
ENDINGS = ("erna", "arna", "orna", "na", "en", "et", "er", "ar", "or", "a", "e", "n")
#: Words that make a parenthesis a note about the source rather than a name ("(leverantör ej angiven)").
NOTE_WORDS = {"ej", "inte", "anges", "angiven", "angivet", "okänd", "not", "unknown", "stated"}
PARENTHESIS = re.compile(r"\(([^)]*)\)")
#: Top resource categories in the order a legend lists them.
CATEGORIES = ("energy", "water", "materials", "gases", "shared-resources")
#: Exchange statuses in the order a legend lists them.
STATUSES = ("existing", "in-test", "planned", "potential", "ended")


def top_category(iri: str, concepts: ConceptIndex) -> str | None:
    """Slug of the top concept above a concept (the concept itself when it is a top concept)."""
    seen = set()
    current = iri
    while current in concepts.concepts and concepts.concepts[current].broader and current not in seen:
        seen.add(current)
        current = sorted(concepts.concepts[current].broader)[0]
    return slug_of(current) if current in concepts.concepts else None


def _stem(word: str) -> str:
    for ending in ENDINGS:
        if len(word) >= 5 and word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1].isalpha():  # "gemensamm(a)" -> "gemensam"
        word = word[:-1]
    return word


def _words(text: str) -> str:
    words = re.findall(r"\w+", text.casefold())
    while words and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(_stem(w) for w in words)


def party_key(text: str) -> str | None:
    """What makes two descriptions of a provider or receiver the same party, or None when the text
    says the party is not stated (each unstated party is a node of its own).

    The rule: a parenthesis that names someone ("växthusen (Regenergy Frövi)") is the party;
    otherwise the words outside parentheses, with articles ("en", "den", "the") and Swedish
    definite and plural endings dropped, so "en gemensam reningsanläggning" and "den gemensamma
    reningsanläggningen" are one plant. A parenthesis that is a note ("(ej namngivna)") is ignored.
    """
    head = PARENTHESIS.sub(" ", text).strip()
    if head.casefold() in UNSTATED or not head:
        return None
    for inside in PARENTHESIS.findall(text):
        words = set(re.findall(r"\w+", inside.casefold()))
        if inside[:1].isupper() and not words & NOTE_WORDS:
            return "name:" + _words(inside)
    return _words(head)


def map_data(item: dict, concepts: ConceptIndex, unknown: str) -> dict:
    """Nodes, edges and legend for the initiative view ``item`` (see catalogue/views.py).

    Only actors that provide or receive something are drawn; the page lists every actor. A
    described party joins an actor's node when the description names that actor (its label),
    and other descriptions of the same party (:func:`party_key`).
    """
    nodes: dict[str, dict] = {}
    actors_by_key: dict[str, dict] = {}  # party key of an actor's name -> the actor's reference
    for actor in [r.get("actor") for r in item.get("roles", [])] + [
            x.get(side) for x in item.get("exchanges", []) for side in ("provider", "receiver")]:
        if actor and actor.get("label"):
            actors_by_key.setdefault(_words(actor["label"]), actor)

    def actor_node(ref: dict) -> str:
        nodes.setdefault(ref["iri"], {"id": ref["iri"], "label": ref["label"], "kind": "actor", "slug": ref["slug"]})
        return ref["iri"]

    def node(ref: dict | None, description: str | None, where: str) -> str:
        if ref:
            return actor_node(ref)
        text = description or unknown
        key = party_key(text) if text.strip().casefold() != unknown.casefold() else None
        if key is None:  # "not stated" is never the same party as another "not stated"
            key = f"unstated:{where}"
        elif key in actors_by_key or key.removeprefix("name:") in actors_by_key:
            return actor_node(actors_by_key.get(key) or actors_by_key[key.removeprefix("name:")])
        else:
            key = f"described:{key}"
        nodes.setdefault(key, {"id": key, "label": text, "kind": "described"})
        return key

    edges = []
    for number, exchange in enumerate(item.get("exchanges", []), start=1):
        source = node(exchange.get("provider"), exchange.get("provider_description"), f"{number}-provider")
        target = node(exchange.get("receiver"), exchange.get("receiver_description"), f"{number}-receiver")
        resource = exchange.get("resource_type") or {}
        status = exchange.get("status") or {}
        edges.append({
            "id": f"exchange-{number}",
            "source": source,
            "target": target,
            "label": resource.get("label", ""),
            "resource": resource.get("slug"),
            "category": top_category(resource["iri"], concepts) if resource.get("iri") else None,
            "status": status.get("slug"),
            "status_label": status.get("label"),
        })
    statuses = {e["status"]: e["status_label"] for e in edges if e["status"]}
    legend = {
        "kinds": [k for k in ("actor", "described") if any(n["kind"] == k for n in nodes.values())],
        "categories": [c for c in CATEGORIES if any(e["category"] == c for e in edges)],
        "statuses": [{"slug": s, "label": statuses[s]} for s in sorted(statuses, key=lambda s: (
            STATUSES.index(s) if s in STATUSES else len(STATUSES), s))],
    }
    return {"nodes": list(nodes.values()), "edges": edges, "legend": legend}  # actors without exchanges are listed, not drawn
