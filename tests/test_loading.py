"""Loading: all or nothing, idempotent, and clear about what is wrong."""

from __future__ import annotations

import shutil

import pytest

from catalogue.database import Database
from catalogue.errors import InvalidData
from catalogue.loading import load_catalogue
from catalogue.settings import Settings

from .conftest import FIXTURES


def copy_catalogue(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "catalogue", target)
    return target


def test_load_puts_each_record_in_its_own_named_graph(loaded_store):
    names = loaded_store.graph_names()
    assert "https://w3id.org/symbios/id/initiative/test-park" in names
    assert "https://w3id.org/symbios/id/actor/test-mill" in names
    assert "https://w3id.org/symbios/concept/resource-types" in names
    assert "https://w3id.org/symbios/def" in names


def test_loading_twice_gives_the_same_store(fixture_settings, empty_store):
    first = load_catalogue(empty_store, fixture_settings)
    size = len(empty_store)
    second = load_catalogue(empty_store, fixture_settings)
    assert len(empty_store) == size
    assert first.triples == second.triples


def test_load_reports_what_it_read(fixture_settings, empty_store):
    report = load_catalogue(empty_store, fixture_settings)
    assert report.records == 6
    assert report.summary().startswith("Loaded ")


def test_a_file_that_does_not_parse_is_refused_with_file_and_line(tmp_path, fixture_settings, empty_store):
    data = copy_catalogue(tmp_path)
    (data / "actors" / "broken.ttl").write_text("@prefix sym: <https://w3id.org/symbios/def#> .\n\nsym:a sym:b sym:c .\nthis is not turtle\n")
    with pytest.raises(InvalidData) as caught:
        load_catalogue(empty_store, fixture_settings.with_(data_dir=data))
    assert "broken.ttl" in caught.value.message
    assert caught.value.details["line"] == 4


def test_a_refused_load_leaves_the_store_as_it_was(tmp_path, fixture_settings, loaded_store):
    before = len(loaded_store)
    data = copy_catalogue(tmp_path)
    path = data / "initiatives" / "test-park.ttl"
    path.write_text(path.read_text().replace("sym:status ist:active ;", ""))
    with pytest.raises(InvalidData) as caught:
        load_catalogue(loaded_store, fixture_settings.with_(data_dir=data))
    assert len(loaded_store) == before
    problem = caught.value.details["problems"][0]
    assert problem.file.endswith("test-park.ttl") and problem.line is not None
    assert problem.shape.endswith("Initiative-status")


def test_a_reference_to_a_missing_actor_is_refused(tmp_path, fixture_settings, empty_store):
    data = copy_catalogue(tmp_path)
    (data / "actors" / "test-greenhouse.ttl").unlink()
    with pytest.raises(InvalidData) as caught:
        load_catalogue(empty_store, fixture_settings.with_(data_dir=data))
    assert any("test-greenhouse" in p.message_en for p in caught.value.details["problems"])
    assert len(empty_store) == 0


def test_a_record_that_does_not_describe_its_own_iri_is_refused(tmp_path, fixture_settings, empty_store):
    data = copy_catalogue(tmp_path)
    shutil.move(data / "actors" / "test-mill.ttl", data / "actors" / "other-name.ttl")
    with pytest.raises(InvalidData) as caught:
        load_catalogue(empty_store, fixture_settings.with_(data_dir=data))
    assert any(p.shape.endswith("RecordSubject") for p in caught.value.details["problems"])


def test_prune_removes_records_whose_files_are_gone(tmp_path, fixture_settings, empty_store):
    data = copy_catalogue(tmp_path)
    settings = fixture_settings.with_(data_dir=data)
    load_catalogue(empty_store, settings)
    (data / "initiatives" / "test-park.ttl").unlink()
    report = load_catalogue(empty_store, settings, prune=True)
    assert report.dropped == ["https://w3id.org/symbios/id/initiative/test-park"]
    assert "https://w3id.org/symbios/id/initiative/test-park" not in empty_store.graph_names()


def test_loading_unchanged_files_again_reports_no_record_changed(fixture_settings, empty_store):
    first = load_catalogue(empty_store, fixture_settings)
    second = load_catalogue(empty_store, fixture_settings)
    assert len(first.changed) == first.records == 6
    assert second.changed == []
    assert "0 records new or changed, 6 unchanged" in second.summary()


def test_only_the_edited_file_is_reported_changed_and_its_load_time_noted(tmp_path, fixture_settings, empty_store):
    data = copy_catalogue(tmp_path)
    settings = fixture_settings.with_(data_dir=data, curation_db=str(tmp_path / "curation.sqlite"))
    load_catalogue(empty_store, settings)
    database = Database(tmp_path / "curation.sqlite")
    park = "https://w3id.org/symbios/id/initiative/test-park"
    mill = "https://w3id.org/symbios/id/actor/test-mill"
    database.mark_loaded([park, mill], [], "2001-01-01T00:00:00+00:00")  # as if loaded long ago
    path = data / "initiatives" / "test-park.ttl"
    path.write_text(path.read_text().replace("sym:startYear 1998 ;", "sym:startYear 1999 ;"))
    report = load_catalogue(empty_store, settings)
    assert report.changed == [park]
    assert database.loaded_at(park) > "2001-01-01T00:00:00+00:00"
    assert database.loaded_at(mill) == "2001-01-01T00:00:00+00:00"


def test_settings_come_from_the_environment():
    settings = Settings.from_env({"SYMBIOS_STORE": "/tmp/x", "SYMBIOS_DATA": "/tmp/d", "SYMBIOS_BASE_IRI": "https://example.org/"})
    assert settings.store == "/tmp/x" and str(settings.data_dir) == "/tmp/d" and settings.base_iri == "https://example.org/"
