"""The symbiosis map of an initiative: actors as nodes, resource exchanges as labelled edges.

This is the diagram the Swedish guide asks every network to draw ("rita ert egna nätverk").
Each edge carries the resource type, its top category (energy, water, materials, gases,
shared resources) and the exchange status, so a page can style it; an exchange whose provider
or receiver is only described ("ej angivet", "företag i …") gets a node of its own.
"""

from __future__ import annotations

from .concepts import ConceptIndex
from .labels import slug_of

UNSTATED = {"ej angivet", "ej angiven", "okänd", "okänt", "unknown", "not stated"}


def top_category(iri: str, concepts: ConceptIndex) -> str | None:
    """Slug of the top concept above a concept (the concept itself when it is a top concept)."""
    seen = set()
    current = iri
    while current in concepts.concepts and concepts.concepts[current].broader and current not in seen:
        seen.add(current)
        current = sorted(concepts.concepts[current].broader)[0]
    return slug_of(current) if current in concepts.concepts else None


def map_data(item: dict, concepts: ConceptIndex, unknown: str) -> dict:
    """Nodes and edges for the initiative view ``item`` (see catalogue/views.py).

    Only actors that provide or receive something are drawn; the page lists every actor.
    """
    nodes: dict[str, dict] = {}

    def node(ref: dict | None, description: str | None, where: str) -> str:
        if ref:
            nodes.setdefault(ref["iri"], {"id": ref["iri"], "label": ref["label"], "kind": "actor", "slug": ref["slug"]})
            return ref["iri"]
        text = description or unknown
        # The same description is the same party ("övriga företag i klustret"); "not stated" never is.
        key = f"unstated:{where}" if text.strip().casefold() in UNSTATED | {unknown} else f"described:{text}"
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
    return {"nodes": list(nodes.values()), "edges": edges}  # actors without exchanges are listed, not drawn
