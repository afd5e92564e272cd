"""Runaway public queries against the pages (#19, item 4): a record page's p50 while N clients keep
sending /sparql queries that would run for minutes, as a ratio to its p50 on a quiet server.

Loads the curated catalogue (data/) into an on-disk store, serves it with `symbios serve` in its
own process, and measures over loopback with a keep-alive ``http.client`` connection. Each
runaway client sends the query again as soon as it is answered (503: stopped at the time limit,
or refused because every query worker is busy). Target: ratio <= 1.5 for N = 8.

    python benchmarks/bench_runaway.py                 # N = 8, 200 page requests per figure
    python benchmarks/bench_runaway.py --clients 8,16 --timeout 5
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_api import Client, percentiles, symbios_serve  # noqa: E402

# ten million joined rows compared as strings: minutes without a limit
RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } LIMIT 10000000 } "
           "FILTER(STR(?c) != STR(?f)) }")
PAGES = ["sotenas-symbiosnatverk", "kemiklustret-stenungsund", "handelo-eco-industrial-park"]


def page_p50(client: Client, paths: list[str], n: int) -> float:
    samples = []
    for i in range(n):
        start = time.perf_counter()
        client.get(paths[i % len(paths)], headers={"Accept": "text/html"})
        samples.append(time.perf_counter() - start)
    return percentiles(samples)[0]


def runaway_client(base: str, stop: threading.Event, answers: Counter) -> None:
    address = base.split("//")[1]
    host, port = address.split(":")
    while not stop.is_set():
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        try:
            connection.request("GET", "/sparql?" + urlencode({"query": RUNAWAY}),
                               headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            answers[response.status] += 1
        except OSError:
            answers["connection error"] += 1
        finally:
            connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="8", help="runaway clients, comma-separated (default 8)")
    parser.add_argument("--requests", type=int, default=200, help="page requests per figure (default 200)")
    parser.add_argument("--timeout", default="10", help="SYMBIOS_QUERY_TIMEOUT of the server (default 10 s)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="symbios-runaway-"))
    store = str(work / "store")
    environment = {**os.environ, "SYMBIOS_STORE": store, "SYMBIOS_CURATION_DB": str(work / "curation.sqlite"),
                   "SYMBIOS_QUERY_TIMEOUT": args.timeout}
    subprocess.run([str(Path(sys.executable).parent / "symbios"), "load"], env=environment, check=True,
                   stdout=subprocess.DEVNULL)
    os.environ.update(SYMBIOS_QUERY_TIMEOUT=args.timeout)
    base, process, started = symbios_serve(store, work)
    try:
        client = Client(base)
        paths = [f"/id/initiative/{slug}" for slug in PAGES]
        for path in paths:
            client.get(path, headers={"Accept": "text/html"})
        quiet = page_p50(client, paths, args.requests)
        print(f"record page p50, quiet: {quiet:.2f} ms (server started in {started:.1f} s)", flush=True)
        for clients in (int(c) for c in args.clients.split(",")):
            stop, answers = threading.Event(), Counter()
            threads = [threading.Thread(target=runaway_client, args=(base, stop, answers), daemon=True)
                       for _ in range(clients)]
            for thread in threads:
                thread.start()
            time.sleep(1.0)  # the workers are busy with runaway queries by now
            busy = page_p50(client, paths, args.requests)
            stop.set()
            for thread in threads:
                thread.join(timeout=float(args.timeout) + 30)
            ratio = busy / quiet
            verdict = "OK" if ratio <= 1.5 else "OVER"
            print(f"N = {clients} runaway clients: record page p50 {busy:.2f} ms, ratio {ratio:.2f}x "
                  f"[target <= 1.5x: {verdict}]; runaway answers {dict(answers)}", flush=True)
            client.get(paths[0], headers={"Accept": "text/html"})  # still answering
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
