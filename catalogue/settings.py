"""Settings from environment variables, with sane defaults for a local checkout."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .weights import parse_weights

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where the store and the data are, and the limits of the public endpoints.

    ``store`` is a directory for the embedded Oxigraph store, or ``:memory:``.
    """

    store: str = "./var/store"
    # A remote SPARQL server (store = "sparql+http://host:port/path"): its other endpoints and
    # the credentials for writes. Empty endpoints take the engine's usual paths.
    store_update: str = ""
    store_graph_store: str = ""
    store_user: str = ""
    store_password: str = ""
    store_auth: str = ""  # digest (Virtuoso) or basic
    store_engine: str = ""  # auto, virtuoso, oxigraph or generic
    curation_db: str = ""  # tokens and record versions; "" = curation.sqlite next to the store
    data_dir: Path = Path("./data")
    # The public address this deployment is served at (what https://w3id.org/symbios/ redirects to), used in
    # the absolute URLs it publishes; "" = the address each request came to.
    base_iri: str = ""
    ontology_dir: Path = PROJECT_ROOT / "ontology"
    shapes_dir: Path = PROJECT_ROOT / "shapes"
    sources_dir: Path = PROJECT_ROOT.parent / "shared" / "seeds"
    source_texts: str = ""  # texts of sources curators add (catalogue/source_texts.py); "" = source-texts/ next to the curation database
    # A source a curator uploads (catalogue/pdf_text.py): the largest file or pasted text, the most pages of a PDF,
    # and the seconds its text may take to read (the reading process is killed then).
    source_max_bytes: int = 20_000_000
    source_max_pages: int = 1000
    source_extract_timeout: float = 30.0
    suggestions_limit: int = 300  # the most suggestions one answer holds (catalogue/suggestion_requests.py)
    query_timeout: float = 10.0
    row_cap: int = 10_000
    # Public SPARQL queries run in worker processes (catalogue/public_queries.py): how many at once,
    # how long one waits for a free worker, the largest and most deeply nested query text, and the
    # memory of a worker.
    query_workers: int = 2
    query_queue_wait: float = 2.0
    query_max_bytes: int = 100_000
    query_max_depth: int = 64
    query_memory_mb: int = 2048
    max_body_bytes: int = 1_000_000
    max_body_triples: int = 10_000  # statements a write's body may hold (the largest curated record has < 1 000)
    write_timeout: float = 10.0  # seconds to parse and validate one write's body
    write_workers: int = 2  # writes parsed and validated at once, each in a worker thread; more wait their turn
    db_busy_timeout: float = 5.0  # seconds a write waits for the curation database's lock before a 503
    feed_page_size: int = 100
    compress_min_bytes: int = 1000  # smallest answer sent gzip-compressed to a client that accepts it (api/compression.py)
    map_tiles: str = ""  # "" = no tiles: the maps draw the shipped county outline, no third-party request
    map_attribution: str = ""  # the tile server's attribution, shown with its tiles
    similarity_weights: dict = field(default_factory=dict)  # e.g. {"resources": 3, "distance": 1}; see catalogue/weights.py
    page_size: int = 50
    reconcile_batch_size: int = 50  # most queries in one reconciliation batch (the manifest's batchSize; more is a 413)
    reconcile_max_candidates: int = 25  # most candidates a reconciliation query gets (its 'limit' is cut to it)
    query_text_max: int = 200  # characters of a search text q: a 400 on the JSON API, cut (and said so) on pages
    publisher_name: str = "Symbios kunskapsnav för industriell och urban symbios"
    publisher_iri: str = "https://w3id.org/symbios/id/publisher"
    contact_email: str = "mailto:symbios@example.org"
    issued: str = "2026-11-24"
    read_only: bool = False  # a read replica: every write answers 403
    follow: str = ""  # a primary's change feed to follow (implies read_only)
    follow_interval: float = 2.0
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict | None = None) -> "Settings":
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            store=env.get("SYMBIOS_STORE", defaults.store),
            store_update=env.get("SYMBIOS_STORE_UPDATE", ""),
            store_graph_store=env.get("SYMBIOS_STORE_GRAPH_STORE", ""),
            store_user=env.get("SYMBIOS_STORE_USER", ""),
            store_password=env.get("SYMBIOS_STORE_PASSWORD", ""),
            store_auth=env.get("SYMBIOS_STORE_AUTH", ""),
            store_engine=env.get("SYMBIOS_STORE_ENGINE", ""),
            read_only=env.get("SYMBIOS_READ_ONLY", "") in ("1", "true", "yes"),
            follow=env.get("SYMBIOS_FOLLOW", ""),
            curation_db=env.get("SYMBIOS_CURATION_DB", defaults.curation_db),
            max_body_bytes=int(env.get("SYMBIOS_MAX_BODY_BYTES", defaults.max_body_bytes)),
            max_body_triples=int(env.get("SYMBIOS_MAX_BODY_TRIPLES", defaults.max_body_triples)),
            write_timeout=float(env.get("SYMBIOS_WRITE_TIMEOUT", defaults.write_timeout)),
            write_workers=int(env.get("SYMBIOS_WRITE_WORKERS", defaults.write_workers)),
            db_busy_timeout=float(env.get("SYMBIOS_DB_BUSY_TIMEOUT", defaults.db_busy_timeout)),
            feed_page_size=int(env.get("SYMBIOS_FEED_PAGE_SIZE", defaults.feed_page_size)),
            compress_min_bytes=int(env.get("SYMBIOS_COMPRESS_MIN_BYTES", defaults.compress_min_bytes)),
            map_tiles=env.get("SYMBIOS_MAP_TILES", defaults.map_tiles),
            map_attribution=env.get("SYMBIOS_MAP_ATTRIBUTION", defaults.map_attribution),
            similarity_weights=parse_weights(env.get("SYMBIOS_SIMILARITY_WEIGHTS", "")),
            data_dir=Path(env.get("SYMBIOS_DATA", str(defaults.data_dir))),
            base_iri=env.get("SYMBIOS_BASE_IRI", defaults.base_iri),
            sources_dir=Path(env.get("SYMBIOS_SOURCES", str(defaults.sources_dir))),
            source_texts=env.get("SYMBIOS_SOURCE_TEXTS", defaults.source_texts),
            source_max_bytes=int(env.get("SYMBIOS_SOURCE_MAX_BYTES", defaults.source_max_bytes)),
            source_max_pages=int(env.get("SYMBIOS_SOURCE_MAX_PAGES", defaults.source_max_pages)),
            source_extract_timeout=float(env.get("SYMBIOS_SOURCE_EXTRACT_TIMEOUT", defaults.source_extract_timeout)),
            suggestions_limit=int(env.get("SYMBIOS_SUGGESTIONS_LIMIT", defaults.suggestions_limit)),
            query_timeout=float(env.get("SYMBIOS_QUERY_TIMEOUT", defaults.query_timeout)),
            row_cap=int(env.get("SYMBIOS_ROW_CAP", defaults.row_cap)),
            query_workers=int(env.get("SYMBIOS_QUERY_WORKERS", defaults.query_workers)),
            query_queue_wait=float(env.get("SYMBIOS_QUERY_QUEUE_WAIT", defaults.query_queue_wait)),
            query_max_bytes=int(env.get("SYMBIOS_QUERY_MAX_BYTES", defaults.query_max_bytes)),
            query_max_depth=int(env.get("SYMBIOS_QUERY_MAX_DEPTH", defaults.query_max_depth)),
            query_memory_mb=int(env.get("SYMBIOS_QUERY_MEMORY_MB", defaults.query_memory_mb)),
            publisher_name=env.get("SYMBIOS_PUBLISHER", defaults.publisher_name),
            contact_email=env.get("SYMBIOS_CONTACT", defaults.contact_email),
            query_text_max=int(env.get("SYMBIOS_QUERY_TEXT_MAX", defaults.query_text_max)),
            reconcile_batch_size=int(env.get("SYMBIOS_RECONCILE_BATCH_SIZE", defaults.reconcile_batch_size)),
            reconcile_max_candidates=int(env.get("SYMBIOS_RECONCILE_MAX_CANDIDATES", defaults.reconcile_max_candidates)),
        )

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def store_location(self) -> str | None:
        return None if self.store == ":memory:" else self.store

    @property
    def store_is_remote(self) -> bool:
        return self.store.startswith(("sparql+http://", "sparql+https://"))

    @property
    def source_texts_location(self) -> Path | None:
        """Where uploaded source texts are kept; None (kept in memory) when the curation database is."""
        if self.source_texts:
            return Path(self.source_texts)
        location = self.curation_location
        return location.parent / "source-texts" if location is not None else None

    @property
    def curation_location(self) -> Path | None:
        """The curation database file; None when store and curation are both in memory."""
        if self.curation_db:
            return Path(self.curation_db)
        if self.store_is_remote:
            return Path("./var/curation.sqlite")
        if self.store_location is None:
            return None
        return Path(self.store_location).parent / "curation.sqlite"
