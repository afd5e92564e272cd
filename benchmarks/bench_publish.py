"""What a publish costs the indexes at 1 000, 10 000 and 100 000 initiatives (#23).

The synthetic catalogue of bench_store.py (about 107 triples per initiative) with the vocabularies is loaded
into Oxigraph on disk. Then, in one run: the catalogue's start (every index built from the store), its RSS,
20 publishes of an edited initiative (the record's graph replaced in the store, then
``Catalogue.changed([record])``, what curation calls after a publish) with their p50/p95, the time until
the edit shows in text search, facets and similar (measured right after the update returns: 0 when it
is there at once), a listing's p95 while the publishes run in a thread against its quiet p95, RSS after
the publishes, and one full rebuild (``Catalogue.refresh``, what every publish cost before) for the ratio.
Shape validation of the record (about 25 ms, bench_store.py) comes on top in a real publish.

    .venv/bin/python benchmarks/bench_publish.py --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Literal, URIRef  # noqa: E402
from rdflib.namespace import SKOS  # noqa: E402

from bench_store import PREFIXES, records  # noqa: E402
from catalogue.namespaces import CONCEPT, SYM  # noqa: E402
from catalogue.records import vocabulary_sources  # noqa: E402
from catalogue.service import Catalogue  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from catalogue.store import Store  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(round(0.95 * len(values))) - 1)]


def listing_times(catalogue: Catalogue, seconds: float, stop: threading.Event | None = None) -> list[float]:
    times, end = [], time.perf_counter() + seconds
    rng = random.Random(1)
    while time.perf_counter() < end and not (stop and stop.is_set()):
        started = time.perf_counter()
        catalogue.index.search({"resource": ["waste-heat"]}, sort=rng.choice(["label", "-start_year"]), limit=20)
        times.append(time.perf_counter() - started)
        time.sleep(0.005)
    return times


def run(size: int, work: Path, publishes: int) -> None:
    print(f"\n== {size:,} initiatives ==".replace(",", " "), flush=True)
    settings = Settings(store=str(work / f"store-{size}"))
    store = Store.open(settings.store)
    store.bulk_load_records(records(size), PREFIXES)
    for source in vocabulary_sources(settings.ontology_dir):
        for path in source.paths:
            store.bulk_load_file(path, source.graph)
    started = time.perf_counter()
    catalogue = Catalogue(store)
    start = time.perf_counter() - started
    print(f"start (every index from the store): {start:.1f} s, RSS {rss_mb():.0f} MB", flush=True)
    quiet = listing_times(catalogue, 3.0)
    rng = random.Random(7)
    latencies, visible, during = [], [], []
    stop = threading.Event()
    reader = threading.Thread(target=lambda: during.extend(listing_times(catalogue, 600, stop)))
    reader.start()
    for n in range(publishes):
        iri = f"https://w3id.org/symbios/id/initiative/init-{rng.randrange(size)}"
        graph = store.graph(iri)
        word = f"kvastfena{n}"
        graph.set((URIRef(iri), SKOS.prefLabel, Literal(f"Initiativ {word}", lang="sv")))
        graph.set((URIRef(iri), SYM.kind, URIRef(CONCEPT + "initiative-kinds/urban-symbiosis")))
        began = time.perf_counter()
        store.replace_graphs({iri: graph})
        catalogue.changed([iri])
        latencies.append(time.perf_counter() - began)
        began = time.perf_counter()
        while not (iri in catalogue.index.text.match(word).scores
                   and iri in {i.iri for i in catalogue.index.search({"kind": ["urban-symbiosis"]}, limit=size).items}
                   and iri in catalogue.similarity.profiles):
            time.sleep(0.01)
        visible.append(time.perf_counter() - began)
    stop.set()
    reader.join()
    after = rss_mb()
    began = time.perf_counter()
    catalogue.refresh()
    full = time.perf_counter() - began
    print(f"publish (store write + index update) p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p95 {p95(latencies) * 1000:.0f} ms over {publishes}; visible after it returns: max {max(visible) * 1000:.0f} ms", flush=True)
    print(f"listing p95 quiet {p95(quiet) * 1000:.1f} ms, during publishes {p95(during) * 1000:.1f} ms "
          f"({p95(during) / p95(quiet):.2f}x)", flush=True)
    print(f"RSS after {publishes} publishes: {after:.0f} MB; a full rebuild (each publish before #23): {full:.1f} s "
          f"= {full / statistics.median(latencies):.0f}x a publish's p50", flush=True)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--publishes", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="symbios-bench-") as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            run(size, Path(folder), args.publishes)


if __name__ == "__main__":
    main()
