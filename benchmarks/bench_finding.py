"""Finding over HTTP (#7): similar initiatives and opportunities, p50/p95, and cost growth with size.

Loads the synthetic catalogue of bench_store.py (1k, 10k, … initiatives) into an on-disk
store, starts the app (which builds the facet, text, similarity and matchmaking indexes),
serves it with uvicorn on loopback and measures with an HTTP client:

- GET /api/initiatives/{slug}/similar?limit=5 for random initiatives, and the same call
  in-process (the HTTP overhead ratio);
- GET /api/opportunities?limit=20, with and without a resource filter;
- ranked text search GET /api/initiatives?q=…;

then prints how each grows from the smallest size (ratios). Target: similar and
opportunities p95 under 200 ms at 10k initiatives.

    python benchmarks/bench_finding.py --sizes 1000,10000
    python benchmarks/bench_finding.py --sizes 1000,10000,100000 --requests 50
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import httpx  # noqa: E402

from bench_api import measure, serve  # noqa: E402
from bench_store import PREFIXES, records  # noqa: E402
from catalogue.records import vocabulary_sources  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from catalogue.store import Store  # noqa: E402


def run(size: int, work: Path, n: int) -> dict[str, float]:
    from api.app import create_app

    print(f"\n== {size:,} initiatives ==".replace(",", " "), flush=True)
    settings = Settings(store=str(work / f"store-{size}"))
    store = Store.open(settings.store)
    store.bulk_load_records(records(size), PREFIXES)
    for source in vocabulary_sources(settings.ontology_dir):
        for path in source.paths:
            store.bulk_load_file(path, source.graph)
    start = time.perf_counter()
    app = create_app(settings, store=store)
    startup = time.perf_counter() - start
    print(f"app start (facet, text, similarity and matchmaking indexes): {startup:.1f} s", flush=True)
    base, server = serve(app)
    client = httpx.Client(base_url=base, timeout=120)
    catalogue = app.state.catalogue
    rng = random.Random(11)
    slugs = iter([f"init-{rng.randrange(size)}" for _ in range(3 * n + 3)])
    results = {"startup s": startup}

    similar = measure(lambda: client.get(f"/api/initiatives/{next(slugs)}/similar", params={"limit": 5}).raise_for_status(), n)
    local = measure(lambda: catalogue.similarity.similar_to(next(slugs), 5), n)
    results["similar p95"] = similar[1]
    print(f"similar: p50 {similar[0]:.1f} ms, p95 {similar[1]:.1f} ms [target p95 < 200 ms: "
          f"{'OK' if similar[1] < 200 else 'OVER'}]; in-process {local[0]:.1f} ms -> HTTP overhead "
          f"{similar[0] / max(local[0], 0.001):.2f}x", flush=True)
    opportunities = measure(lambda: client.get("/api/opportunities", params={"limit": 20}).raise_for_status(), n)
    results["opportunities p95"] = opportunities[1]
    print(f"opportunities: p50 {opportunities[0]:.1f} ms, p95 {opportunities[1]:.1f} ms [target p95 < 200 ms: "
          f"{'OK' if opportunities[1] < 200 else 'OVER'}]", flush=True)
    filtered = measure(lambda: client.get("/api/opportunities", params={"limit": 20, "resource": "waste-heat"}).raise_for_status(), n)
    results["opportunities (resource) p95"] = filtered[1]
    print(f"opportunities with a resource filter: p50 {filtered[0]:.1f} ms, p95 {filtered[1]:.1f} ms", flush=True)
    words = iter([f"initiativ {rng.randrange(size)}" for _ in range(n + 1)])
    search = measure(lambda: client.get("/api/initiatives", params={"q": next(words), "limit": 20}).raise_for_status(), n)
    results["text search p95"] = search[1]
    print(f"text search: p50 {search[0]:.1f} ms, p95 {search[1]:.1f} ms", flush=True)
    server.should_exit = True
    store.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated catalogue sizes")
    parser.add_argument("--requests", type=int, default=100, help="requests per measurement")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="symbios-bench-") as work:
        figures = {size: run(size, Path(work), args.requests) for size in sizes}
    first = sizes[0]
    print(f"\n== growth from {first:,} initiatives ==".replace(",", " "))
    for size in sizes[1:]:
        growth = ", ".join(f"{name} {figures[size][name] / max(figures[first][name], 1e-9):.1f}x" for name in figures[first])
        print(f"{size:,} ({size // first}x the data): {growth}".replace(",", " ") if False else f"{size} ({size // first}x the data): {growth}")


if __name__ == "__main__":
    main()
