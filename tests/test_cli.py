"""The symbios command: exit codes, messages, and what each command prints."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from cli import main

from .conftest import FIXTURES

INVALID = FIXTURES.parent / "shapes" / "invalid"


@pytest.fixture
def runner(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "catalogue", data)
    monkeypatch.setenv("SYMBIOS_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("SYMBIOS_DATA", str(data))
    return CliRunner()


@pytest.fixture
def loaded_runner(runner):
    result = runner.invoke(main, ["load"])
    assert result.exit_code == 0, result.output
    return runner


def test_load_prints_what_it_loaded(runner):
    result = runner.invoke(main, ["load"])
    assert result.exit_code == 0
    assert "Loaded" in result.output and "6 records" in result.output


def test_validate_on_a_broken_record_exits_1_naming_file_focus_property_and_fix(runner):
    path = INVALID / "exchange-missing-resource-type.ttl"
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "exchange-missing-resource-type.ttl:" in result.output
    assert "test-park#exchange-heat" in result.output
    assert "resourceType" in result.output
    assert "pick the most specific concept" in result.output


def test_validate_speaks_swedish_on_request(runner):
    result = runner.invoke(main, ["validate", "--lang", "sv", str(INVALID / "role-without-actor.ttl")])
    assert result.exit_code == 1
    assert "En roll behöver exakt en aktör" in result.output


def test_validate_on_a_missing_path_exits_2(runner):
    result = runner.invoke(main, ["validate", "no/such/file.ttl"])
    assert result.exit_code == 2
    assert "No such file" in result.output


VALID = FIXTURES.parent / "shapes" / "valid" / "initiative-complete.ttl"


def _loose_copy(tmp_path, old: str, new: str):
    """A copy of the valid initiative outside any record folder, with one text replaced."""
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "drafts" / "test-park.ttl"
    path.parent.mkdir()
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_validate_of_a_loose_file_citing_a_missing_source_exits_1_naming_file_focus_property_and_fix(runner, tmp_path):
    """Issue #2: a file outside data/ skipped the reference check and exited 0."""
    path = _loose_copy(tmp_path, "<#ev-start> a sym:Evidence ;\n    dcterms:source src:test-source", "<#ev-start> a sym:Evidence ;\n    dcterms:source src:no-such-source")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    line = next(text for text in result.output.splitlines() if "no-such-source" in text)
    assert line.startswith(f"{path}:36: Violation: ")
    assert "<https://w3id.org/symbios/id/initiative/test-park#ev-start>" in line
    assert "[dcterms:source]" in line
    assert "Create the source record (data/sources/no-such-source.ttl) or fix the reference" in line
    assert "1 violations" in result.output


def test_validate_of_a_loose_file_accepts_references_to_records_in_symbios_data(runner):
    result = runner.invoke(main, ["validate", str(VALID)])
    assert result.exit_code == 0, result.output
    assert "Conforms." in result.output


def test_validate_of_loose_files_accepts_references_to_records_among_the_files_given(runner, tmp_path):
    path = _loose_copy(tmp_path, "sym:agent actor:test-mill", "sym:agent actor:new-mill")
    mill = (tmp_path / "data" / "actors" / "test-mill.ttl").read_text(encoding="utf-8")
    (tmp_path / "drafts" / "new-mill.ttl").write_text(mill.replace("test-mill", "new-mill"), encoding="utf-8")
    alone = runner.invoke(main, ["validate", str(path)])
    assert alone.exit_code == 1 and "[sym:agent]" in alone.output
    together = runner.invoke(main, ["validate", str(path), str(tmp_path / "drafts" / "new-mill.ttl")])
    assert together.exit_code == 0, together.output


def test_validate_of_a_record_in_data_names_the_property_of_a_dangling_reference(runner, tmp_path):
    path = tmp_path / "data" / "initiatives" / "test-park.ttl"
    text = path.read_text(encoding="utf-8")
    assert "actor:test-greenhouse" in text
    path.write_text(text.replace("actor:test-greenhouse", "actor:gone-greenhouse"), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    assert "points to actor:gone-greenhouse" in result.output
    assert "[sym:receiver]" in result.output


def test_validate_all_on_a_good_catalogue_exits_0(runner):
    result = runner.invoke(main, ["validate", "--all"])
    assert result.exit_code == 0, result.output
    assert "Conforms." in result.output


def test_validate_without_arguments_explains_what_to_give(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "--all" in result.output


def test_load_of_a_broken_catalogue_exits_1_and_stores_nothing(runner, tmp_path):
    (tmp_path / "data" / "actors" / "test-mill.ttl").write_text("not turtle at all")
    result = runner.invoke(main, ["load"])
    assert result.exit_code == 1
    assert "test-mill.ttl" in result.output
    assert runner.invoke(main, ["query", "--sparql", "ASK { ?s ?p ?o }", "--format", "json"]).output.count("false") == 1


@pytest.mark.parametrize("command", [["similar", "test-park"], ["opportunities"], ["serve"], ["load"]])
@pytest.mark.parametrize("weights, part", [("bogus=1", "'bogus=1' names no similarity component"),
                                           ("resources=abc", "'resources=abc' does not give a number")])
def test_a_bad_weights_setting_exits_2_naming_the_variable_the_part_and_the_components(loaded_runner, monkeypatch,
                                                                                        command, weights, part):
    monkeypatch.setenv("SYMBIOS_SIMILARITY_WEIGHTS", weights)
    result = loaded_runner.invoke(main, command)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), "no traceback"
    assert f"Error: SYMBIOS_SIMILARITY_WEIGHTS: {part}" in result.output
    assert "resources, flows, kinds, organisation_forms, actor_types, roles, drivers, barriers, distance, region" in result.output


def test_query_prints_a_table(loaded_runner):
    result = loaded_runner.invoke(main, ["query", "--sparql", "PREFIX sym: <https://w3id.org/symbios/def#> SELECT ?i WHERE { ?i a sym:Initiative }"])
    assert result.exit_code == 0
    assert "initiative:test-park" in result.output and "(1 rows)" in result.output


def test_query_reads_a_rq_file_and_prints_json(loaded_runner, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    result = loaded_runner.invoke(main, ["query", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert int(json.loads(result.output)["results"]["bindings"][0]["n"]["value"]) > 0


def test_query_with_a_syntax_error_exits_2_with_position(loaded_runner):
    result = loaded_runner.invoke(main, ["query", "--sparql", "SELECT ?x WHERE { ?x"])
    assert result.exit_code == 2
    assert "line 1" in result.output


def test_query_refuses_ttl_for_a_select_and_says_which_formats_fit(loaded_runner):
    result = loaded_runner.invoke(main, ["query", "--sparql", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--format", "ttl"])
    assert result.exit_code == 2
    assert "ttl is for CONSTRUCT and DESCRIBE" in result.output
    assert "table, csv or json for SELECT and ASK" in result.output


def test_query_refuses_ttl_for_an_ask(loaded_runner):
    result = loaded_runner.invoke(main, ["query", "--sparql", "ASK { ?s ?p ?o }", "--format", "ttl"])
    assert result.exit_code == 2
    assert "ttl is for CONSTRUCT and DESCRIBE" in result.output


def test_query_prints_a_construct_as_turtle(loaded_runner):
    text = "PREFIX sym: <https://w3id.org/symbios/def#> CONSTRUCT { ?i a sym:Initiative } WHERE { ?i a sym:Initiative }"
    result = loaded_runner.invoke(main, ["query", "--sparql", text, "--format", "ttl"])
    assert result.exit_code == 0, result.output
    assert len(Graph().parse(data=result.output, format="turtle")) == 1


def test_export_trig_keeps_one_graph_per_record(loaded_runner):
    result = loaded_runner.invoke(main, ["export", "--format", "trig"])
    assert result.exit_code == 0
    dataset = Dataset()
    dataset.parse(data=result.stdout_bytes, format="trig")
    names = {str(g.identifier) for g in dataset.graphs()}
    assert "https://w3id.org/symbios/id/initiative/test-park" in names


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_single_graph_formats_parse(loaded_runner, fmt, rdflib_format):
    result = loaded_runner.invoke(main, ["export", "--format", fmt])
    assert result.exit_code == 0
    assert len(Graph().parse(data=result.stdout_bytes, format=rdflib_format)) > 100


def test_stats_json_counts_the_catalogue(loaded_runner):
    result = loaded_runner.invoke(main, ["stats", "--json"])
    figures = json.loads(result.output)
    assert figures["initiatives"] == 1 and figures["actors"] == 2 and figures["exchanges"] == 1


def test_stats_prints_a_readable_coverage_report(loaded_runner):
    result = loaded_runner.invoke(main, ["stats"])
    assert result.exit_code == 0
    assert "Initiatives" in result.output and "Exchanges by resource category and status" in result.output
    initiatives_line = next(line for line in result.output.splitlines() if line.strip().startswith("Initiatives "))
    assert initiatives_line.split()[-1] == "1"


def test_stats_on_an_empty_store_says_to_load_first(runner):
    result = runner.invoke(main, ["stats"])
    assert result.exit_code == 1
    assert "symbios load" in result.output


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, name
        for option in command.params:
            if option.param_type_name == "option":
                assert option.help, f"{name} {option.name}"


def test_token_create_prints_the_token_once_and_list_never_shows_it(runner, tmp_path):
    created = runner.invoke(main, ["token", "create", "--name", "rise-curator", "--role", "curator"])
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("sym_") and len(secret) > 40
    listed = runner.invoke(main, ["token", "list"])
    assert "rise-curator\tcurator" in listed.output and "active" in listed.output
    assert secret not in listed.output
    assert (tmp_path / "curation.sqlite").is_file()


def test_token_create_refuses_an_unknown_role(runner):
    result = runner.invoke(main, ["token", "create", "--name", "x", "--role", "owner"])
    assert result.exit_code == 2
    assert "curator" in result.output


def test_token_revoke_of_an_unknown_name_exits_1_and_says_where_to_look(runner):
    result = runner.invoke(main, ["token", "revoke", "nobody"])
    assert result.exit_code == 1
    assert "symbios token list" in result.output


def test_a_revoked_token_is_listed_as_revoked(runner):
    runner.invoke(main, ["token", "create", "--name", "temp", "--role", "reviewer"])
    assert runner.invoke(main, ["token", "revoke", "temp"]).exit_code == 0
    assert "revoked" in runner.invoke(main, ["token", "list"]).output


# -- issue 19, item 12: a store that cannot be written stops the start with one line, not a traceback --

@pytest.fixture
def a_file(tmp_path):
    """A regular file: no directory can be made under it, even by root (chmod does not stop root)."""
    path = tmp_path / "a-file"
    path.write_text("not a directory")
    return path


@pytest.mark.parametrize("command", [["serve", "--port", "1"], ["load"], ["stats"], ["backup", "b.zip"]])
def test_a_store_directory_that_cannot_be_written_is_one_line_saying_what_to_do_and_exit_2(runner, monkeypatch,
                                                                                          a_file, command):
    monkeypatch.setenv("SYMBIOS_STORE", str(a_file / "store"))
    result = runner.invoke(main, command)
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert "cannot be created or written" in result.output and "SYMBIOS_STORE" in result.output
    assert "Traceback" not in result.output


def test_a_curation_database_that_cannot_be_written_stops_serve_with_one_line_and_exit_2(runner, monkeypatch, a_file):
    monkeypatch.setenv("SYMBIOS_CURATION_DB", str(a_file / "curation.sqlite"))
    result = runner.invoke(main, ["serve", "--port", "1"])
    assert result.exit_code == 2
    assert "SYMBIOS_CURATION_DB" in result.output and len(result.output.strip().splitlines()) == 1


# -- issue 25, item 3: one store context, one error-to-exit-code table, `symbios get PATH` --------------

def test_every_error_of_the_family_has_the_exit_code_the_help_documents():
    import inspect

    from catalogue import errors
    from cli.core import exit_code

    family = [kind for _, kind in inspect.getmembers(errors, inspect.isclass) if issubclass(kind, errors.SymbiosError)]
    assert len(family) > 10
    problems = {errors.InvalidData, errors.NotFound, errors.Gone}
    for kind in family:
        assert exit_code(kind("x")) == (1 if kind in problems else 2), kind.__name__


def test_the_help_of_the_command_and_of_every_subcommand_lists_the_exit_codes(runner):
    for words in [[], ["load"], ["query"], ["token"], ["token", "revoke"], ["backup"], ["get"]]:
        result = runner.invoke(main, [*words, "--help"])
        assert result.exit_code == 0
        assert "Exit codes:" in result.output and "0 " in result.output, words


def test_the_readme_gives_the_exit_codes_the_help_gives():
    from catalogue.settings import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "| 1 | ran and found problems" in readme and "| 2 | could not run" in readme


def test_the_store_of_a_command_is_closed_when_the_command_fails(tmp_path):
    from catalogue.errors import BadRequest
    from catalogue.settings import Settings
    from catalogue.store import Store
    from cli.core import open_store

    settings = Settings(store=str(tmp_path / "store"))
    with pytest.raises(BadRequest), open_store(settings):
        raise BadRequest("the command failed")
    Store.open(tmp_path / "store").close()  # the lock is released: it opens again


def test_a_bad_query_exits_2_with_one_error_line(loaded_runner):
    result = loaded_runner.invoke(main, ["query", "--sparql", "SELEKT ?x"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.output


def test_similar_of_an_unknown_slug_exits_1(loaded_runner):
    assert loaded_runner.invoke(main, ["similar", "no-such-park"]).exit_code == 1


def test_places_of_an_unknown_municipality_exits_1_like_every_name_that_is_not_there(runner):
    result = runner.invoke(main, ["places", "Ingenstansköping"])
    assert result.exit_code == 1
    assert "Ingenstansköping" in result.stderr


def test_token_create_of_a_name_in_use_exits_2(runner):
    assert runner.invoke(main, ["token", "create", "--name", "twice", "--role", "curator"]).exit_code == 0
    again = runner.invoke(main, ["token", "create", "--name", "twice", "--role", "curator"])
    assert again.exit_code == 2 and "Revoke it first" in again.stderr


def test_get_prints_the_json_of_an_api_path_and_exits_0(loaded_runner):
    result = loaded_runner.invoke(main, ["get", "/api/initiatives"])
    assert result.exit_code == 0, result.output
    assert [item["slug"] for item in json.loads(result.stdout)["items"]] == ["test-park"]


def test_get_sends_the_headers_given_so_an_accept_header_gets_turtle(loaded_runner):
    result = loaded_runner.invoke(main, ["get", "/id/initiative/test-park", "-H", "Accept: text/turtle",
                                         "--header", "Accept-Language: en"])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert len(graph) > 10


def test_get_of_an_unknown_record_prints_the_error_body_and_exits_1(loaded_runner):
    result = loaded_runner.invoke(main, ["get", "/api/initiatives/no-such-park"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == 404
    assert "answered 404" in result.stderr


def test_get_follows_a_redirect_within_the_app(loaded_runner):
    result = loaded_runner.invoke(main, ["get", "/curate", "-H", "Accept: text/html"])
    assert result.exit_code == 0, result.output
    assert "<form" in result.stdout and "login" in result.stdout.lower()


@pytest.mark.parametrize("path", ["api/initiatives", "http://example.org/api/initiatives", "//example.org/x",
                                  "/\\example.org/x"])
def test_get_of_a_path_that_does_not_start_with_one_slash_exits_2_and_fetches_nothing(loaded_runner, path):
    result = loaded_runner.invoke(main, ["get", path])
    assert result.exit_code == 2
    assert result.stdout == "" and "starts with one '/'" in result.stderr


def test_get_with_a_header_that_is_not_name_colon_value_exits_2(loaded_runner):
    result = loaded_runner.invoke(main, ["get", "/", "-H", "Accept text/html"])
    assert result.exit_code == 2 and "is not 'Name: value'" in result.stderr


def test_get_opens_no_network_connection(loaded_runner, monkeypatch):
    import socket

    def refuse(*_):
        raise AssertionError("symbios get opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "bind", refuse)
    result = loaded_runner.invoke(main, ["get", "/api/initiatives"])
    assert result.exit_code == 0, result.output


def test_get_runs_the_app_read_only_and_following_no_feed(loaded_runner, monkeypatch):
    import api.app

    seen = []
    real = api.app.create_app
    monkeypatch.setattr(api.app, "create_app", lambda settings, store=None: seen.append(settings) or real(settings, store))
    monkeypatch.setenv("SYMBIOS_FOLLOW", "https://primary.example/feed")
    assert loaded_runner.invoke(main, ["get", "/api/initiatives"]).exit_code == 0
    assert seen and seen[0].read_only and seen[0].follow == ""
