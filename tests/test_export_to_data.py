"""data/ and the curation log (#20 item 7): which wins, and `symbios export --to-data`.

The rule: the curation log wins for every record it holds a published or withdrawn version of;
data/ is the seed for the records the log has never seen. Exporting writes what the hub serves
back into data/'s layout, touching only the files of records that changed, and a fresh load of
that data/ gives the same records.
"""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from api.app import create_app
from cli import main
from catalogue.curation import Curation
from catalogue.data_files import DATA_PREFIXES, export_to_data, record_origins, record_turtle, served_records
from catalogue.database import Database
from catalogue.loading import load_catalogue, validator_for
from catalogue.namespaces import ID
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.source_texts import SourceTexts
from catalogue.store import Store

from .conftest import FIXTURES
from .writing import new_record

PARK = ID + "initiative/test-park"
MILL = ID + "actor/test-mill"
GREENHOUSE = ID + "actor/test-greenhouse"
NEW_SOURCE = ID + "source/new-report"
NEW_TEXT = "Rapporten beskriver hur Testbruket och Testväxthuset delar spillvärme sedan 2019.\n"


class Hub:
    """A catalogue on disk as a hub runs it: data/, a store, a curation log and uploaded texts."""

    def __init__(self, root) -> None:
        self.data = root / "data"
        shutil.copytree(FIXTURES / "catalogue", self.data)
        self.settings = Settings(store=str(root / "store"), data_dir=self.data,
                                 curation_db=str(root / "curation.sqlite"),
                                 source_texts=str(root / "uploads"))
        self.store = Store.open(self.settings.store_location)
        load_catalogue(self.store, self.settings)
        self.database = Database(self.settings.curation_location)
        self.texts = SourceTexts(self.settings.source_texts_location, self.data / "sources" / "texts")
        self.curation = Curation(self.store, self.database, lambda: validator_for(self.settings), texts=self.texts)

    def rename(self, iri: str, label: str, publish: bool = True) -> None:
        kind, slug = iri[len(ID):].split("/")
        latest = self.curation.current(kind, slug)
        graph = latest.graph()
        for old in [o for o in graph.objects(URIRef(iri), SKOS.prefLabel) if o.language == "sv"]:
            graph.remove((URIRef(iri), SKOS.prefLabel, old))
        graph.add((URIRef(iri), SKOS.prefLabel, Literal(label, lang="sv")))
        draft = self.curation.save(kind, slug, graph, "curator", f"Renamed {slug}", latest.etag)
        if publish:
            self.curation.transition(kind, slug, "publish", "reviewer", "", draft.etag)

    def create(self, kind: str, slug: str, turtle: str) -> None:
        graph = Graph().parse(data=turtle, format="turtle")
        draft = self.curation.save(kind, slug, graph, "curator", "New", None, create=True)
        self.curation.transition(kind, slug, "publish", "reviewer", "", draft.etag)

    def withdraw(self, iri: str) -> None:
        kind, slug = iri[len(ID):].split("/")
        self.curation.transition(kind, slug, "withdraw", "reviewer", "", self.curation.current(kind, slug).etag)

    def export(self, target=None):
        return export_to_data(self.store, self.database, self.texts, target or self.data)

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def hub(tmp_path):
    hub = Hub(tmp_path)
    yield hub
    hub.close()


def contents(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def records_of(store: Store) -> dict[str, Graph]:
    return {name: store.graph(name) for name in store.graph_names() if name.startswith(ID)}


# -- exporting an untouched catalogue --------------------------------------------------------------

def test_exporting_an_untouched_catalogue_leaves_every_file_of_data_byte_identical(hub):
    before = contents(hub.data)
    report = hub.export()
    assert contents(hub.data) == before
    assert report.written == [] and report.removed == [] and len(report.unchanged) == 6


def test_exporting_the_curated_data_after_loading_it_rewrites_no_file(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    before = contents(data)
    store = Store.open(None)
    load_catalogue(store, Settings(store=":memory:", data_dir=data))
    report = export_to_data(store, None, SourceTexts(None, data / "sources" / "texts"), data)
    assert report.written == [] and len(report.unchanged) == len(list(data.rglob("*.ttl")))
    assert contents(data) == before


def test_exporting_twice_into_an_empty_folder_gives_byte_identical_files(hub, tmp_path):
    target = tmp_path / "exported"
    first = hub.export(target)
    once = contents(target)
    second = hub.export(target)
    assert len(first.written) == 6 and second.written == []
    assert contents(target) == once


# -- what is written -------------------------------------------------------------------------------

def test_a_published_change_rewrites_only_that_record_s_file(hub):
    before = contents(hub.data)
    hub.rename(MILL, "Testbruket AB")
    report = hub.export()
    after = contents(hub.data)
    assert [str(p.relative_to(hub.data)) for p in report.written] == ["actors/test-mill.ttl"]
    assert {name for name in after if after[name] != before.get(name)} == {"actors/test-mill.ttl"}
    assert '"Testbruket AB"@sv' in after["actors/test-mill.ttl"].decode()


def test_a_draft_is_not_exported_the_published_version_is(hub):
    hub.rename(MILL, "Testbruket utkast", publish=False)
    report = hub.export()
    assert report.written == []
    assert "utkast" not in (hub.data / "actors" / "test-mill.ttl").read_text(encoding="utf-8")


def test_a_record_created_through_curation_gets_its_own_file_in_its_kind_s_folder(hub):
    hub.create("initiative", "new-hub", new_record("Nya hubben"))
    report = hub.export()
    assert [str(p.relative_to(hub.data)) for p in report.written] == ["initiatives/new-hub.ttl"]
    written = Graph().parse(hub.data / "initiatives" / "new-hub.ttl", format="turtle")
    assert isomorphic(written, hub.store.graph(ID + "initiative/new-hub"))


def test_a_withdrawn_record_s_file_is_removed_from_data(hub):
    hub.withdraw(PARK)
    report = hub.export()
    assert [str(p.relative_to(hub.data)) for p in report.removed] == ["initiatives/test-park.ttl"]
    assert not (hub.data / "initiatives" / "test-park.ttl").exists()


def test_files_of_records_the_hub_does_not_serve_are_left_alone_and_reported(hub):
    stray = hub.data / "actors" / "not-loaded.ttl"
    stray.write_text("# a record nobody has loaded yet\n", encoding="utf-8")
    report = hub.export()
    assert stray.read_text(encoding="utf-8") == "# a record nobody has loaded yet\n"
    assert report.unknown == [stray] and "left alone 1 files" in report.summary()


def test_the_text_a_curator_uploaded_for_a_new_source_goes_to_sources_texts(hub):
    hub.texts.save("new-report.txt", NEW_TEXT)
    hub.create("source", "new-report", f"""
        <{NEW_SOURCE}> a <https://w3id.org/symbios/def#SourceDocument> ;
            <http://purl.org/dc/terms/title> "Ny rapport"@sv ;
            <https://w3id.org/symbios/def#fileName> "new-report.txt" .""")
    report = hub.export()
    copied = hub.data / "sources" / "texts" / "new-report.txt"
    assert report.texts == [copied] and copied.read_text(encoding="utf-8") == NEW_TEXT
    assert hub.export().texts == []  # a text is copied once and never rewritten


def test_a_file_that_is_not_turtle_any_more_is_replaced_by_the_published_record(hub):
    broken = hub.data / "actors" / "test-mill.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    report = hub.export()
    assert report.written == [broken]
    assert isomorphic(Graph().parse(broken, format="turtle"), hub.store.graph(MILL))


# -- the layout and style of the files -------------------------------------------------------------

def test_an_exported_initiative_is_written_under_base_with_its_parts_as_fragments():
    graph = Graph().parse(PROJECT_ROOT / "data" / "initiatives" / "agtira-vaxthus-akvaponi.ttl", format="turtle")
    text = record_turtle(ID + "initiative/agtira-vaxthus-akvaponi", graph).decode()
    assert text.startswith("@base <https://w3id.org/symbios/id/initiative/agtira-vaxthus-akvaponi> .")
    assert "<> a sym:Initiative" in text and "sym:hasRole <#role-agtira>" in text
    assert "sym:kind ik:bilateral-symbiosis" in text and "https://w3id.org/symbios/concept/" not in text.split("\n\n", 1)[1]


def test_an_exported_actor_names_itself_with_the_actor_prefix_as_the_curated_files_do():
    graph = Graph().parse(PROJECT_ROOT / "data" / "actors" / "eon.ttl", format="turtle")
    text = record_turtle(ID + "actor/eon", graph).decode()
    assert "@base" not in text and "actor:eon a sym:Actor" in text and "sym:actorType at:company" in text


def test_the_export_prefixes_are_the_ones_the_curated_files_declare():
    declared = {}
    for path in (PROJECT_ROOT / "data").rglob("*.ttl"):
        for prefix, iri in re.findall(r"^@prefix (\w*): <([^>]+)> \.", path.read_text(encoding="utf-8"), re.M):
            declared[prefix] = iri
    assert declared and all(DATA_PREFIXES.get(prefix) == iri for prefix, iri in declared.items()), declared


# -- a fresh load reproduces the store -------------------------------------------------------------

def test_a_fresh_load_of_the_exported_data_reproduces_every_record_the_hub_serves(hub, tmp_path):
    hub.rename(MILL, "Testbruket AB")
    hub.rename(GREENHOUSE, "Växthuset utkast", publish=False)
    hub.create("initiative", "new-hub", new_record("Nya hubben"))
    hub.texts.save("new-report.txt", NEW_TEXT)
    hub.create("source", "new-report", f"""
        <{NEW_SOURCE}> a <https://w3id.org/symbios/def#SourceDocument> ;
            <http://purl.org/dc/terms/title> "Ny rapport"@sv ;
            <https://w3id.org/symbios/def#fileName> "new-report.txt" .""")
    hub.export()
    fresh = Store.open(None)
    load_catalogue(fresh, Settings(store=":memory:", data_dir=hub.data))
    served, loaded = records_of(hub.store), records_of(fresh)
    assert set(served) == set(loaded) and NEW_SOURCE in loaded
    different = [name for name in served if not isomorphic(served[name], loaded[name])]
    assert different == []
    assert (hub.data / "sources" / "texts" / "new-report.txt").read_text(encoding="utf-8") == NEW_TEXT


def test_a_fresh_load_after_a_withdrawal_leaves_the_withdrawn_record_out(hub):
    hub.withdraw(PARK)
    hub.export()
    fresh = Store.open(None)
    load_catalogue(fresh, Settings(store=":memory:", data_dir=hub.data))
    assert PARK not in fresh.graph_names() and set(records_of(fresh)) == set(records_of(hub.store))


# -- which wins: the rule the README states --------------------------------------------------------

def edit_file_and_load(hub, label: str) -> None:
    path = hub.data / "actors" / "test-mill.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace('"Testbruket"@sv', f'"{label}"@sv'), encoding="utf-8")
    load_catalogue(hub.store, hub.settings)


def label_of(store: Store, iri: str) -> str:
    return str(store.graph(iri).value(URIRef(iri), SKOS.prefLabel))


def test_the_curation_log_wins_on_start_for_a_record_it_has_published(hub):
    hub.rename(MILL, "Testbruket AB")
    edit_file_and_load(hub, "Bruket i data")
    assert label_of(hub.store, MILL) == "Bruket i data"  # `symbios load` wrote data/'s version
    create_app(hub.settings, store=hub.store)  # starting the app puts the log's version back
    assert label_of(hub.store, MILL) == "Testbruket AB"


def test_a_record_only_drafted_is_held_at_data_s_content_when_first_edited(hub):
    hub.rename(MILL, "Testbruket utkast", publish=False)
    edit_file_and_load(hub, "Bruket i data")
    create_app(hub.settings, store=hub.store)
    assert label_of(hub.store, MILL) == "Testbruket"


def test_data_is_the_seed_for_records_the_log_has_never_seen(hub):
    hub.rename(GREENHOUSE, "Växthuset AB")
    edit_file_and_load(hub, "Bruket i data")
    create_app(hub.settings, store=hub.store)
    assert label_of(hub.store, MILL) == "Bruket i data"


def test_the_start_up_summary_counts_records_from_data_and_from_the_log(hub):
    hub.rename(MILL, "Testbruket AB")
    hub.withdraw(PARK)
    app = create_app(hub.settings, store=hub.store)
    origins = app.state.record_origins
    assert (origins.from_log, origins.from_data, origins.withdrawn) == (1, 4, 1)
    assert origins.summary().startswith("Serving 5 records: 1 from the curation log (it wins for every record it has "
                                        "published or withdrawn), 4 from data/ (the seed, for records the log has "
                                        "never seen); 1 withdrawn")


def test_what_export_writes_is_what_the_app_serves_after_it_starts(hub):
    hub.rename(MILL, "Testbruket AB")
    edit_file_and_load(hub, "Bruket i data")  # the store is off the log until the app starts
    assert label_of(hub.store, MILL) == "Bruket i data"
    served = served_records(hub.store, hub.database)
    assert str(served.records[MILL].value(URIRef(MILL), SKOS.prefLabel)) == "Testbruket AB"
    hub.export()
    assert '"Testbruket AB"@sv' in (hub.data / "actors" / "test-mill.ttl").read_text(encoding="utf-8")


def test_record_origins_without_a_curation_log_counts_every_record_as_data_s(hub):
    assert record_origins(hub.store, None).from_data == 6


# -- the command ------------------------------------------------------------------------------------

@pytest.fixture
def cli(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "catalogue", data)
    monkeypatch.setenv("SYMBIOS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("SYMBIOS_DATA", str(data))
    return CliRunner(), data


def test_export_to_data_writes_into_symbios_data_by_default_and_says_what_it_did(cli):
    runner, data = cli
    assert runner.invoke(main, ["load"]).exit_code == 0
    before = contents(data)
    result = runner.invoke(main, ["export", "--to-data"])
    assert result.exit_code == 0, result.output
    assert "wrote 0 record files, left 6 unchanged, removed 0 of withdrawn records" in result.output
    assert contents(data) == before


def test_export_to_data_into_another_folder_prints_each_file_it_wrote(cli, tmp_path):
    runner, _ = cli
    assert runner.invoke(main, ["load"]).exit_code == 0
    result = runner.invoke(main, ["export", "--to-data", str(tmp_path / "elsewhere")])
    assert result.exit_code == 0, result.output
    assert "wrote initiatives/test-park.ttl" in result.output and "wrote 6 record files" in result.output
    assert (tmp_path / "elsewhere" / "places" / "testby-kommun.ttl").is_file()


def test_export_to_data_from_an_empty_store_exits_1_saying_to_load_first(cli):
    runner, data = cli
    result = runner.invoke(main, ["export", "--to-data"])
    assert result.exit_code == 1 and "symbios load" in result.stderr


def test_export_to_data_with_a_format_exits_2(cli):
    runner, _ = cli
    result = runner.invoke(main, ["export", "--to-data", "--format", "ttl"])
    assert result.exit_code == 2 and "leave out --format" in result.stderr


def test_export_to_data_at_a_file_exits_2(cli, tmp_path):
    runner, _ = cli
    assert runner.invoke(main, ["load"]).exit_code == 0
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    result = runner.invoke(main, ["export", "--to-data", str(file)])
    assert result.exit_code == 2


def test_export_without_to_data_still_dumps_trig(cli):
    runner, _ = cli
    assert runner.invoke(main, ["load"]).exit_code == 0
    result = runner.invoke(main, ["export"])
    assert result.exit_code == 0
    dataset = Dataset()
    dataset.parse(data=result.stdout_bytes, format="trig")
    assert PARK in {str(g.identifier) for g in dataset.graphs()}


def test_load_notes_the_records_the_curation_log_will_put_back_until_data_is_exported(cli, tmp_path, monkeypatch):
    runner, data = cli
    monkeypatch.setenv("SYMBIOS_CURATION_DB", str(tmp_path / "curation.sqlite"))
    first = runner.invoke(main, ["load"])
    assert first.exit_code == 0 and "Note:" not in first.output
    settings = Settings.from_env()
    store = Store.open(settings.store_location)
    curation = Curation(store, Database(settings.curation_location), lambda: validator_for(settings),
                        texts=SourceTexts(None, data / "sources" / "texts"))  # the write checks the actor's quote (#24)
    latest = curation.current("actor", "test-mill")
    graph = latest.graph()
    graph.set((URIRef(MILL), SKOS.prefLabel, Literal("Testbruket AB", lang="sv")))
    draft = curation.save("actor", "test-mill", graph, "curator", "Renamed", latest.etag)
    curation.transition("actor", "test-mill", "publish", "reviewer", "", draft.etag)
    store.close()
    stale = runner.invoke(main, ["load"])  # data/ still has the old name: the load writes it, the log will win
    assert stale.exit_code == 0, stale.output
    assert "Note: 1 records differ from their last published or withdrawn version in the curation log" in stale.output
    assert "(actor/test-mill)" in stale.output
    exported = runner.invoke(main, ["export", "--to-data"])
    assert "wrote actors/test-mill.ttl" in exported.output and "wrote 1 record files" in exported.output
    in_step = runner.invoke(main, ["load"])
    assert in_step.exit_code == 0 and "Note:" not in in_step.output
