"""Edit forms come from the shapes: fields, widgets and pickers follow the property shapes."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from starlette.datastructures import FormData

from catalogue.forms import apply_form, current_values, form_fields
from catalogue.loading import read_shapes
from catalogue.namespaces import SYM
from catalogue.settings import Settings

PARK = URIRef("https://w3id.org/symbios/id/initiative/test-park")


def fields_for(cls, shapes: Graph | None = None):
    return {f.key: f for f in form_fields(shapes or read_shapes(Settings().shapes_dir), cls)}


def test_the_initiative_form_has_a_field_per_property_shape_with_the_right_widget():
    fields = fields_for(SYM.Initiative)
    assert fields["prefLabel"].widget == "text" and fields["prefLabel"].required and not fields["prefLabel"].multiple
    assert fields["prefLabel"].names["sv"] == "namn"
    assert fields["startYear"].widget == "integer" and fields["startYear"].minimum == 1800
    assert fields["kind"].widget == "concept" and fields["kind"].scheme.endswith("/initiative-kinds")
    assert fields["status"].widget == "concept" and not fields["status"].multiple
    assert fields["place"].widget == "record" and fields["place"].record_kind == "place"
    assert fields["howStarted"].widget == "text" and fields["howStarted"].long
    assert "hasRole" not in fields and "hasExchange" not in fields


def test_a_new_property_shape_appears_as_a_field_without_new_code():
    shapes = read_shapes(Settings().shapes_dir) + Graph().parse(format="turtle", data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix sym: <https://w3id.org/symbios/def#> .
        @prefix symsh: <https://w3id.org/symbios/shapes#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        symsh:Initiative sh:property symsh:Initiative-endYear .
        symsh:Initiative-endYear a sh:PropertyShape ; sh:path sym:endYear ; sh:name "slutår"@sv, "end year"@en ;
            sh:maxCount 1 ; sh:datatype xsd:integer .
    """)
    field = fields_for(SYM.Initiative, shapes)["endYear"]
    assert (field.widget, field.names["sv"], field.multiple) == ("integer", "slutår", False)


def test_applying_a_form_replaces_the_fields_and_keeps_everything_else(loaded_store):
    fields = form_fields(read_shapes(Settings().shapes_dir), SYM.Initiative)
    graph = loaded_store.graph(str(PARK))
    before_roles = set(graph.objects(PARK, SYM.hasRole))
    form = FormData([("prefLabel.sv", "Nya namnet"), ("prefLabel.en", ""), ("altLabel.sv", "Ett\nTvå"),
                     ("startYear", "2001"), ("kind", "https://w3id.org/symbios/concept/initiative-kinds/industrial-cluster"),
                     ("status", "https://w3id.org/symbios/concept/initiative-status/active"),
                     ("place", "https://w3id.org/symbios/id/place/testby-kommun"),
                     ("source", "https://w3id.org/symbios/id/source/test-source")])
    result = apply_form(graph, PARK, fields, form)
    assert set(result.objects(PARK, SKOS.prefLabel)) == {Literal("Nya namnet", lang="sv")}
    assert set(result.objects(PARK, SYM.startYear)) == {Literal(2001)}
    assert set(result.objects(PARK, SKOS.altLabel)) == {Literal("Ett", lang="sv"), Literal("Två", lang="sv")}
    assert set(result.objects(PARK, SYM.hasRole)) == before_roles
    values = current_values(result, PARK, fields)
    assert values["prefLabel"] == {"sv": "Nya namnet", "en": ""}
    assert values["startYear"] == "2001"


def test_a_number_that_is_not_whole_is_kept_so_the_shapes_can_name_it(loaded_store):
    fields = form_fields(read_shapes(Settings().shapes_dir), SYM.Initiative)
    result = apply_form(loaded_store.graph(str(PARK)), PARK, fields, FormData([("startYear", "tjugohundra")]))
    assert set(result.objects(PARK, SYM.startYear)) == {Literal("tjugohundra")}


def test_the_fields_a_change_must_prove_are_the_ones_the_shapes_mark_as_needing_evidence():
    fields = fields_for(SYM.Initiative)
    assert fields["startYear"].evidence and fields["status"].evidence and fields["place"].evidence
    assert not fields["prefLabel"].evidence and not fields["description"].evidence


def test_a_filled_in_evidence_block_becomes_evidence_of_the_record_for_that_field_with_its_selector(loaded_store):
    fields = form_fields(read_shapes(Settings().shapes_dir), SYM.Initiative)
    graph = loaded_store.graph(str(PARK))
    form = FormData([("startYear", "1998"),
                     ("ev.startYear.source", "https://w3id.org/symbios/id/source/test-source"),
                     ("ev.startYear.locator", "Avsnitt 1"), ("ev.startYear.quote", "Parken startade 1998"),
                     ("ev.startYear.prefix", "Avsnitt 1\n"), ("ev.startYear.suffix", " i Testby")])
    result = apply_form(graph, PARK, fields, form)
    new = set(result.objects(PARK, SYM.evidence)) - set(graph.objects(PARK, SYM.evidence))
    assert len(new) == 1
    evidence = new.pop()
    assert str(evidence).startswith(str(PARK) + "#ev-startyear")
    assert (evidence, SYM.supportsProperty, SYM.startYear) in result
    assert result.value(evidence, SYM.quote) == Literal("Parken startade 1998", lang="sv")
    assert result.value(evidence, SYM.locator) == Literal("Avsnitt 1")  # a plain string, as the evidence shape wants
    selector = result.value(evidence, URIRef("http://www.w3.org/ns/oa#hasSelector"))
    oa = "http://www.w3.org/ns/oa#"
    assert (str(result.value(selector, URIRef(oa + "exact"))), str(result.value(selector, URIRef(oa + "suffix")))) \
        == ("Parken startade 1998", " i Testby")


def test_empty_evidence_blocks_add_nothing(loaded_store):
    fields = form_fields(read_shapes(Settings().shapes_dir), SYM.Initiative)
    graph = loaded_store.graph(str(PARK))
    form = FormData([("startYear", "1998"), ("ev.startYear.source", ""), ("ev.startYear.quote", "  ")])
    result = apply_form(graph, PARK, fields, form)
    assert set(result.objects(PARK, SYM.evidence)) == set(graph.objects(PARK, SYM.evidence))


def test_a_picked_value_that_is_no_iri_is_kept_as_text_for_the_shapes_to_name(loaded_store):
    fields = form_fields(read_shapes(Settings().shapes_dir), SYM.Initiative)
    result = apply_form(loaded_store.graph(str(PARK)), PARK, fields, FormData([("place", "not an iri <x>")]))
    assert set(result.objects(PARK, SYM.place)) == {Literal("not an iri <x>")}
