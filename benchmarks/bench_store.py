"""Store benchmark: embedded Oxigraph (on disk) against rdflib's memory store, in one run.

Generates a synthetic catalogue with the real shape of a record (labels sv/en, kind, status,
start year, places, 3 roles, 2 exchanges with quantities, a driver, a barrier, an outcome, a
funding, evidence on every claim) at each size, then prints:

- load time of the whole catalogue into each store, and the ratio;
- per-record validation time (p50/p95 over sampled records; the record is read from the
  Oxigraph store and validated with the project's Validator, as a curator's edit would be);
- the time of three typical queries on each store, and the ratios.

    python benchmarks/bench_store.py --sizes 1000,10000,100000
    python benchmarks/bench_store.py --smoke        # 300 initiatives, for CI

The target checked here: per-record validation under 100 ms at 100k initiatives.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rdflib import Graph  # noqa: E402

from catalogue.loading import validator_for  # noqa: E402
from catalogue.records import vocabulary_sources  # noqa: E402
from catalogue.settings import Settings  # noqa: E402
from catalogue.store import Store  # noqa: E402

RESOURCES = ["low-temperature-waste-heat", "waste-heat", "district-heating", "steam", "technical-water",
             "process-water", "sewage-sludge", "fly-ash", "biogenic-co2", "hydrogen", "oxygen", "biogas"]
KINDS = ["eco-industrial-park", "industrial-cluster", "local-symbiosis-network", "development-project"]
STATUS = ["active", "planned", "ended"]
BARRIERS = ["regulation", "economy", "technology", "cooperation"]
PREFIXES = """@prefix sym: <https://w3id.org/symbios/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rt: <https://w3id.org/symbios/concept/resource-types/> .
@prefix es: <https://w3id.org/symbios/concept/exchange-status/> .
@prefix ik: <https://w3id.org/symbios/concept/initiative-kinds/> .
@prefix ist: <https://w3id.org/symbios/concept/initiative-status/> .
@prefix ar: <https://w3id.org/symbios/concept/actor-roles/> .
@prefix bt: <https://w3id.org/symbios/concept/barrier-types/> .
@prefix dt: <https://w3id.org/symbios/concept/driver-types/> .
@prefix ind: <https://w3id.org/symbios/concept/indicators/> .
@prefix u: <https://w3id.org/symbios/concept/units/> .
@prefix fp: <https://w3id.org/symbios/concept/funding-programmes/> .
"""

QUERIES = {
    "initiatives using a resource or a narrower one": """
        PREFIX sym: <https://w3id.org/symbios/def#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?i ?label WHERE {
          <https://w3id.org/symbios/concept/resource-types/waste-heat> ^skos:broader* ?t .
          ?i sym:hasExchange/sym:resourceType ?t ; skos:prefLabel ?label .
          FILTER(LANG(?label) = "sv") }""",
    "exchanges per status (GROUP BY)": """
        PREFIX sym: <https://w3id.org/symbios/def#>
        SELECT ?status (COUNT(?x) AS ?n) WHERE { ?x a sym:ResourceExchange ; sym:exchangeStatus ?status } GROUP BY ?status""",
    "initiatives in a place started before 2000 with a regulation barrier": """
        PREFIX sym: <https://w3id.org/symbios/def#>
        SELECT ?i WHERE {
          ?i sym:place <https://w3id.org/symbios/id/place/kommun-7> ; sym:startYear ?y ;
             sym:hasBarrier/sym:factorType <https://w3id.org/symbios/concept/barrier-types/regulation> .
          FILTER(?y < 2000) }""",
}


def record(n: int, rng: random.Random) -> str:
    """One initiative record in Turtle with the shape of a curated record."""
    iri = f"https://w3id.org/symbios/id/initiative/init-{n}"
    a = lambda k: f"<https://w3id.org/symbios/id/actor/actor-{(n * 3 + k) % 5000}>"
    place = f"<https://w3id.org/symbios/id/place/kommun-{n % 290}>"
    ev = lambda name: (f'<{iri}#{name}> a sym:Evidence ; dcterms:source <https://w3id.org/symbios/id/source/s1> ; '
                       f'sym:locator "Bilaga A{n % 29 + 1}" ; sym:quote "citat nummer {n} {name}"@sv .\n')
    lines = [
        f'<{iri}> a sym:Initiative ; skos:prefLabel "Initiativ {n}"@sv, "Initiative {n}"@en ;',
        f'  dcterms:description "Beskrivning av initiativ {n}"@sv ; sym:kind ik:{rng.choice(KINDS)} ;',
        f'  sym:status ist:{rng.choice(STATUS)} ; sym:startYear {rng.randint(1960, 2024)} ; sym:place {place} ;',
        f'  dcterms:source <https://w3id.org/symbios/id/source/s1> ; sym:evidence <{iri}#ev-0> ;',
        f'  sym:hasRole <{iri}#r1>, <{iri}#r2>, <{iri}#r3> ; sym:hasExchange <{iri}#x1>, <{iri}#x2> ;',
        f'  sym:hasDriver <{iri}#d1> ; sym:hasBarrier <{iri}#b1> ; sym:hasOutcome <{iri}#o1> ; sym:hasFunding <{iri}#f1> .',
    ]
    for k, role in enumerate(["resource-provider", "resource-receiver", "facilitator"], start=1):
        lines.append(f"<{iri}#r{k}> a sym:Role ; sym:agent {a(k)} ; sym:roleType ar:{role} ; sym:evidence <{iri}#ev-r{k}> .")
        lines.append(ev(f"ev-r{k}"))
    for k in (1, 2):
        lines.append(f"<{iri}#x{k}> a sym:ResourceExchange ; sym:provider {a(1)} ; sym:receiver {a(2)} ; "
                     f"sym:resourceType rt:{rng.choice(RESOURCES)} ; sym:exchangeStatus es:{rng.choice(['existing', 'planned', 'potential'])} ; "
                     f"sym:quantity <{iri}#q{k}> ; sym:evidence <{iri}#ev-x{k}> .")
        lines.append(f"<{iri}#q{k}> a sym:Quantity ; sym:numericValue {rng.randint(1, 500)} ; sym:unit u:gwh-per-year .")
        lines.append(ev(f"ev-x{k}"))
    lines.append(f"<{iri}#d1> a sym:Driver ; sym:factorType dt:economic ; sym:evidence <{iri}#ev-d> .")
    lines.append(f"<{iri}#b1> a sym:Barrier ; sym:factorType bt:{rng.choice(BARRIERS)} ; sym:evidence <{iri}#ev-b> .")
    lines.append(f"<{iri}#o1> a sym:Outcome ; sym:indicator ind:jobs-created ; sym:numericValue {rng.randint(1, 50)} ; sym:unit u:count ; sym:evidence <{iri}#ev-o> .")
    lines.append(f'<{iri}#f1> a sym:Funding ; sym:programme fp:erdf ; sym:amount {rng.randint(1, 90)}00000 ; sym:currency "SEK" ; sym:evidence <{iri}#ev-f> .')
    for name in ("ev-0", "ev-d", "ev-b", "ev-o", "ev-f"):
        lines.append(ev(name))
    return "\n".join(lines) + "\n"


def write_catalogue(size: int, folder: Path) -> Path:
    """Write the catalogue as one Turtle file (for the rdflib baseline)."""
    rng = random.Random(size)
    turtle = folder / f"catalogue-{size}.ttl"
    with turtle.open("w", encoding="utf-8") as out:
        out.write(PREFIXES)
        for n in range(size):
            out.write(record(n, rng))
    return turtle


def records(size: int):
    """(graph name, Turtle) per record, the same records as write_catalogue."""
    rng = random.Random(size)
    for n in range(size):
        yield f"https://w3id.org/symbios/id/initiative/init-{n}", record(n, rng)


def timed(function, repeat: int = 3) -> float:
    """Median seconds of ``repeat`` runs after a warm-up."""
    function()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def run(size: int, rdflib_baseline: bool, work: Path) -> None:
    print(f"\n== {size:,} initiatives ==".replace(",", " "), flush=True)
    started = time.perf_counter()
    turtle = write_catalogue(size, work)
    print(f"generated in {time.perf_counter() - started:.1f} s ({turtle.stat().st_size / 1e6:.0f} MB Turtle)", flush=True)

    store = Store.open(work / f"store-{size}")
    start = time.perf_counter()
    store.bulk_load_records(records(size), PREFIXES)
    vocabulary = [s for s in vocabulary_sources(Settings().ontology_dir)]
    for source in vocabulary:
        for path in source.paths:
            store.bulk_load_file(path, source.graph)
    ox_load = time.perf_counter() - start
    print(f"oxigraph (disk) load: {ox_load:.2f} s, {len(store):,} quads".replace(",", " "), flush=True)

    baseline = None
    if rdflib_baseline:
        start = time.perf_counter()
        baseline = Graph()
        baseline.parse(turtle, format="turtle")
        for source in vocabulary:
            for path in source.paths:
                baseline.parse(path)
        rd_load = time.perf_counter() - start
        print(f"rdflib (memory) load: {rd_load:.2f} s  -> oxigraph is {rd_load / ox_load:.1f}x faster", flush=True)

    validator = validator_for(Settings())
    rng = random.Random(1)
    samples = []
    for n in rng.sample(range(size), min(50, size)):
        start = time.perf_counter()
        graph = store.graph(f"https://w3id.org/symbios/id/initiative/init-{n}")
        result = validator.validate(graph)
        samples.append(time.perf_counter() - start)
        assert result.conforms, [p.message_en for p in result.violations][:3]
    samples.sort()
    p50, p95 = samples[len(samples) // 2], samples[int(len(samples) * 0.95) - 1]
    verdict = "OK" if p95 < 0.1 else "OVER TARGET"
    print(f"per-record validation (read from store + SHACL): p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
          f"[target < 100 ms: {verdict}]", flush=True)

    for name, text in QUERIES.items():
        ox_time = timed(lambda: store.select(text))
        line = f"query '{name}': oxigraph {ox_time * 1000:.1f} ms"
        if baseline is not None:
            rd_time = timed(lambda: list(baseline.query(text)), repeat=1)
            line += f", rdflib {rd_time * 1000:.1f} ms -> {rd_time / ox_time:.0f}x"
        print(line, flush=True)
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated catalogue sizes")
    parser.add_argument("--smoke", action="store_true", help="one small run, for CI")
    parser.add_argument("--no-rdflib", action="store_true", help="skip the rdflib baseline (it is slow at 100k)")
    args = parser.parse_args()
    sizes = [300] if args.smoke else [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="symbios-bench-") as folder:
        for size in sizes:
            run(size, not args.no_rdflib, Path(folder))


if __name__ == "__main__":
    main()
