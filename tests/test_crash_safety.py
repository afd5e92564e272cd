"""A writer killed with SIGKILL in the middle of publishing never leaves a broken or mixed record."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from catalogue.curation import Curation, canonical
from catalogue.database import Database
from catalogue.loading import load_catalogue, validator_for
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.store import Store

from .conftest import FIXTURES

PARK = "https://w3id.org/symbios/id/initiative/test-park"

WRITER = textwrap.dedent(
    """
    import sys
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS
    from catalogue.curation import Curation
    from catalogue.database import Database
    from catalogue.loading import validator_for
    from catalogue.settings import Settings
    from catalogue.source_texts import SourceTexts
    from catalogue.store import Store
    from pathlib import Path

    settings = Settings(store=sys.argv[1], curation_db=sys.argv[2])
    store = Store.open(settings.store_location)
    validator = validator_for(settings)
    curation = Curation(store, Database(settings.curation_location), lambda: validator,
                        texts=SourceTexts(None, Path(sys.argv[3])))
    curation.recover()
    park = URIRef("https://w3id.org/symbios/id/initiative/test-park")
    validator.validate(store.graph(str(park)))  # warm up, so that kills land in writes, not in start-up
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        latest = curation.current("initiative", "test-park")
        graph = latest.graph()
        for label in [o for o in graph.objects(park, SKOS.prefLabel) if o.language == "sv"]:
            graph.remove((park, SKOS.prefLabel, label))
        graph.add((park, SKOS.prefLabel, Literal(f"Testparken {n}", lang="sv")))
        draft = curation.save("initiative", "test-park", graph, "writer", f"edit {n}", latest.etag)
        curation.transition("initiative", "test-park", "publish", "writer", f"publish {n}", draft.etag)
        print("published", n, flush=True)
    """
)


@pytest.fixture
def disk(tmp_path):
    settings = Settings(store=str(tmp_path / "store"), data_dir=FIXTURES / "catalogue",
                        curation_db=str(tmp_path / "curation.sqlite"))
    store = Store.open(settings.store_location)
    load_catalogue(store, settings)
    store.close()
    return settings


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_writer_killed_mid_publish_leaves_the_last_published_version_or_the_one_before(disk):
    rng = random.Random(7)
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    validator = validator_for(disk)
    acknowledged = 0  # publications the writer saw return, each of which must survive the kills
    for attempt in range(10):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, disk.store, disk.curation_db,
                                   str(FIXTURES / "catalogue" / "sources" / "texts")],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        for _ in range(2):  # two publications however slow the machine, then a kill at a random moment of the next ones
            assert writer.stdout.readline().startswith("published"), writer.stderr.read()
        time.sleep(rng.uniform(0.0, 0.3))
        assert writer.poll() is None, "the writer stopped by itself: " + writer.stderr.read()
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        acknowledged += 2 + writer.stdout.read().count("published")

        store = Store.open(disk.store_location)  # the store always opens
        curation = Curation(store, Database(disk.curation_location), lambda: validator)
        curation.recover()
        graph = store.graph(PARK)
        assert len(graph) > 0, f"attempt {attempt}: the record vanished"
        assert validator.validate(graph).conforms, f"attempt {attempt}: the stored record does not conform"
        published = [v for v in curation.history("initiative", "test-park") if v.state == "published"]
        assert canonical(graph) == published[-1].ntriples, f"attempt {attempt}: store and log disagree"
        store.close()
    assert len(published) >= acknowledged >= 2 * 10, "a publication the writer saw return was lost"
