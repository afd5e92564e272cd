"""Which file holds which graph: records in data/, vocabulary in ontology/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

from .namespaces import CONCEPT, ID, ONTOLOGY_GRAPH, RECORD_KINDS, SYM

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALIGNMENTS = "https://w3id.org/symbios/alignments/"

#: The class a record of each kind must have (places may be any subclass of sym:Place).
RECORD_CLASSES = {
    "initiative": {SYM.Initiative},
    "actor": {SYM.Actor},
    "place": {SYM.Place, SYM.Municipality, SYM.Region, SYM.Country, SYM.Site},
    "source": {SYM.SourceDocument},
}


@dataclass(frozen=True)
class GraphSource:
    """One named graph and the files it is read from."""

    graph: str
    paths: tuple[Path, ...]
    kind: str  # "vocabulary" or a record kind: initiative, actor, place, source

    @property
    def is_record(self) -> bool:
        return self.kind != "vocabulary"

    @property
    def path(self) -> Path:
        return self.paths[0]


def vocabulary_sources(ontology_dir: Path) -> list[GraphSource]:
    sources = [GraphSource(ONTOLOGY_GRAPH, (ontology_dir / "symbios.ttl", ontology_dir / "core.ttl"), "vocabulary")]
    for path in sorted((ontology_dir / "schemes").glob("*.ttl")):
        sources.append(GraphSource(CONCEPT + path.stem, (path,), "vocabulary"))
    for path in sorted((ontology_dir / "alignments").glob("*.ttl")):
        sources.append(GraphSource(ALIGNMENTS + path.stem, (path,), "vocabulary"))
    return sources


def vocabulary_files(ontology_dir: Path) -> list[Path]:
    return [p for source in vocabulary_sources(ontology_dir) for p in source.paths]


def record_source(path: Path) -> GraphSource:
    """The graph a record file belongs in, from its folder and file name."""
    folder, slug = path.parent.name, path.stem
    if folder not in RECORD_KINDS:
        raise ValueError(f"{path}: records live in data/{{{','.join(RECORD_KINDS)}}}/<slug>.ttl")
    if not SLUG.match(slug):
        raise ValueError(f"{path}: '{slug}' is not a slug; use lower-case a-z, 0-9 and hyphens")
    kind = RECORD_KINDS[folder]
    return GraphSource(f"{ID}{kind}/{slug}", (path,), kind)


def record_sources(data_dir: Path) -> list[GraphSource]:
    return [record_source(p) for folder in RECORD_KINDS for p in sorted((data_dir / folder).glob("*.ttl"))]


def record_subject_ok(source: GraphSource, graph) -> bool:
    """True when the record's graph describes its own IRI with the class its kind requires."""
    types = set(graph.objects(URIRef(source.graph), RDF.type))
    return bool(types & RECORD_CLASSES[source.kind])
