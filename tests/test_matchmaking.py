"""Matchmaking: providers and receivers of the same or related resource types that do not exchange yet."""

from __future__ import annotations

import pytest

from catalogue.matchmaking import EXISTING, STATUS, UNDER_WAY, Flow, Matchmaker
from catalogue.service import Catalogue

RT = "https://w3id.org/symbios/concept/resource-types/"
AT = "https://w3id.org/symbios/concept/actor-types/"
ACTOR = "https://w3id.org/symbios/id/actor/"
INITIATIVE = "https://w3id.org/symbios/id/initiative/"
A, B, C, D = (ACTOR + name for name in ("a-works", "b-greenhouse", "c-plant", "d-mill"))


@pytest.fixture(scope="module")
def catalogue(real_store) -> Catalogue:
    return Catalogue(real_store)


def test_exchanges_under_way_are_never_proposed_again(catalogue):
    matchmaker = catalogue.matchmaker
    related = lambda x, y: matchmaker.alike(x, y)[0] >= 0.5
    items = matchmaker.opportunities(limit=200)
    assert items
    for item in items:
        provider, receiver = item["provider"]["iri"], item["receiver"]["iri"]
        assert provider != receiver
        for flow in matchmaker.flows:
            if (flow.provider, flow.receiver) == (provider, receiver) and flow.status in UNDER_WAY:
                assert not related(flow.resource, item["provides"]["iri"]), (item["reason"]["en"], flow)
                assert not related(flow.resource, item["receives"]["iri"]), (item["reason"]["en"], flow)


def synthetic(catalogue, flows, actor_types=None) -> Matchmaker:
    """A matchmaker over these flows alone, with the curated concepts."""
    return Matchmaker(flows, catalogue.concepts, catalogue.labels, {}, {}, {}, actor_types)


def proposed(matchmaker) -> set[tuple[str, str, str]]:
    return {(i["provider"]["iri"], i["receiver"]["iri"], i["provides"]["slug"]) for i in matchmaker.opportunities(limit=50)}


def test_a_pair_exchanging_heat_is_still_proposed_water(catalogue):
    """The regression of #7: any exchange between two actors used to rule out every other resource."""
    found = proposed(synthetic(catalogue, [
        Flow(INITIATIVE + "one", A, B, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "two", A, C, RT + "process-water", EXISTING),  # A has water
        Flow(INITIATIVE + "three", D, B, RT + "process-water", EXISTING),  # B takes water
    ]))
    assert (A, B, "process-water") in found
    assert (A, B, "waste-heat") not in found


def test_a_related_resource_under_way_rules_the_pair_out(catalogue):
    found = proposed(synthetic(catalogue, [
        Flow(INITIATIVE + "one", A, B, RT + "waste-heat", STATUS + "planned"),
        Flow(INITIATIVE + "two", A, C, RT + "low-temperature-waste-heat", EXISTING),  # narrower than waste heat
        Flow(INITIATIVE + "three", D, B, RT + "low-temperature-waste-heat", EXISTING),
    ]))
    assert not {item for item in found if item[:2] == (A, B)}
    assert (D, C, "low-temperature-waste-heat") in found


@pytest.mark.parametrize("status", ["potential", "ended"])
def test_a_potential_or_ended_exchange_does_not_count_as_existing(catalogue, status):
    found = proposed(synthetic(catalogue, [
        Flow(INITIATIVE + "one", A, B, RT + "waste-heat", STATUS + status),
        Flow(INITIATIVE + "two", A, C, RT + "waste-heat", EXISTING),
    ]))
    assert (A, B, "waste-heat") in found


def test_precedents_share_the_pairs_actor_types_first_then_its_resource_then_go_by_name(catalogue):
    company, municipality, university = AT + "company", AT + "municipality", AT + "university"
    X, Y, Z = ACTOR + "x", ACTOR + "y", ACTOR + "z"
    types = {A: {company}, B: {municipality}, C: {company}, D: {municipality}, X: {university}, Y: {university},
             Z: {university}}
    matchmaker = synthetic(catalogue, [
        Flow(INITIATIVE + "plan-a", A, None, RT + "waste-heat", STATUS + "potential"),
        Flow(INITIATIVE + "plan-b", None, B, RT + "waste-heat", STATUS + "potential"),
        Flow(INITIATIVE + "a-unlike-ends", X, Y, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "b-related-resource", C, D, RT + "low-temperature-waste-heat", EXISTING),
        Flow(INITIATIVE + "c-one-end", C, Z, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "d-both-ends", C, D, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "e-both-ends", C, D, RT + "waste-heat", EXISTING),
    ], types)
    pair = [i for i in matchmaker.opportunities(limit=50) if (i["provider"]["iri"], i["receiver"]["iri"]) == (A, B)]
    assert pair and pair[0]["provides"]["slug"] == "waste-heat"
    assert [p["slug"] for p in pair[0]["precedents"]] == ["d-both-ends", "e-both-ends", "b-related-resource"]
    assert matchmaker.precedents(A, B, RT + "waste-heat", RT + "waste-heat", limit=5)[3:] == [
        INITIATIVE + "c-one-end", INITIATIVE + "a-unlike-ends"]


def test_a_resource_filter_keeps_only_that_resource_or_related_ones(catalogue):
    items = catalogue.matchmaker.opportunities(resource=RT + "waste-heat", limit=200)
    assert items
    for item in items:
        assert "restvärme" in item["provides"]["label"].lower(), "the provider offers the resource asked for"


def test_waste_heat_providers_are_matched_with_greenhouse_operators_with_precedents(catalogue):
    items = catalogue.matchmaker.opportunities(resource=RT + "low-temperature-waste-heat", limit=50, lang="en")
    wa3rm = [i for i in items if i["receiver"]["slug"] == "wa3rm"]
    assert wa3rm, "Wa3rm receives low-temperature waste heat in Frövi; other providers are candidates"
    assert any(p["slug"] == "regenergy-frovi" for p in wa3rm[0]["precedents"])
    assert wa3rm[0]["reason"]["en"].endswith("receives in another initiative")


def test_distance_and_county_narrow_the_pairs(catalogue):
    near = catalogue.matchmaker.opportunities(max_km=50, limit=200)
    assert near and all(i["distance_km"] is not None and i["distance_km"] <= 50 for i in near)
    everything = catalogue.matchmaker.opportunities(limit=200)
    assert len(near) < len(everything)
    west = catalogue.matchmaker.opportunities(region="https://w3id.org/symbios/id/place/vastra-gotalands-lan", limit=200)
    assert west and len(west) < len(everything)


def test_the_api_checks_its_parameters(client):
    assert client.get("/api/opportunities").status_code == 200
    assert client.get("/api/opportunities?resource=unobtainium").json()["parameter"] == "resource"
    assert client.get("/api/opportunities?max_km=-5").status_code == 400
    assert client.get("/api/opportunities?colour=red").json()["parameter"] == "colour"


# -- partners: who receives (or provides) one resource near one place (#21 item 2) --------------

PLACE = "https://w3id.org/symbios/id/place/"
NEAR, FAR, HOME = PLACE + "near-kommun", PLACE + "far-kommun", PLACE + "home-kommun"


def placed(catalogue, flows, places) -> Matchmaker:
    """A matchmaker over these flows, each actor in the given municipalities (home at 58°N 12°E,
    near 0.3° north of it: about 33 km; far 2° north: about 222 km)."""
    points = {HOME: (58.0, 12.0), NEAR: (58.3, 12.0), FAR: (60.0, 12.0)}
    regions = {HOME: PLACE + "west-lan", NEAR: PLACE + "west-lan", FAR: PLACE + "north-lan"}
    return Matchmaker(flows, catalogue.concepts, catalogue.labels, places, points, regions, {})


def test_partners_who_receive_waste_heat_are_the_receivers_of_it_or_a_related_type_nearest_first(catalogue):
    matchmaker = placed(catalogue, [
        Flow(INITIATIVE + "one", A, B, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "two", A, C, RT + "low-temperature-waste-heat", EXISTING),  # narrower: related
        Flow(INITIATIVE + "three", A, D, RT + "technical-water", EXISTING),  # unrelated
    ], {B: {FAR}, C: {NEAR}, D: {NEAR}, A: {HOME}})
    found = matchmaker.partners(RT + "waste-heat", "have", HOME)
    assert [p["iri"] for p in found] == [B, C], "the same type before a related one, A only provides"
    assert [p["match"] for p in found] == ["same", "related"]
    assert found[1]["distance_km"] == pytest.approx(33.4, abs=0.5)
    assert [i["slug"] for i in found[0]["initiatives"]] == ["one"]
    assert found[0]["initiatives"][0]["statuses"][0]["slug"] == "existing"


def test_partners_within_a_distance_leave_out_the_far_and_the_unplaced(catalogue):
    matchmaker = placed(catalogue, [
        Flow(INITIATIVE + "one", A, B, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "two", A, C, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "three", A, D, RT + "waste-heat", EXISTING),
    ], {B: {FAR}, C: {NEAR}})
    assert [p["iri"] for p in matchmaker.partners(RT + "waste-heat", "have", HOME, max_km=50)] == [C]
    assert [p["iri"] for p in matchmaker.partners(RT + "waste-heat", "have", HOME, max_km=250)] == [C, B]
    assert len(matchmaker.partners(RT + "waste-heat", "have")) == 3, "without a place, everyone"
    assert [p["iri"] for p in matchmaker.partners(RT + "waste-heat", "have", region=PLACE + "north-lan")] == [B]


def test_partners_who_provide_what_we_need_are_its_providers(catalogue):
    matchmaker = placed(catalogue, [
        Flow(INITIATIVE + "one", A, B, RT + "technical-water", EXISTING),
        Flow(INITIATIVE + "two", C, D, RT + "waste-heat", EXISTING),
    ], {A: {NEAR}, B: {NEAR}, C: {NEAR}})
    assert [p["iri"] for p in matchmaker.partners(RT + "technical-water", "need", HOME)] == [A]


def test_a_partners_precedents_are_other_initiatives_where_the_resource_flows(catalogue):
    matchmaker = placed(catalogue, [
        Flow(INITIATIVE + "own", A, B, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "elsewhere", C, D, RT + "waste-heat", EXISTING),
        Flow(INITIATIVE + "only-planned", C, A, RT + "waste-heat", STATUS + "planned"),
    ], {B: {NEAR}})
    partner = next(p for p in matchmaker.partners(RT + "waste-heat", "have", HOME) if p["iri"] == B)
    assert [p["slug"] for p in partner["precedents"]] == ["elsewhere"], "its own initiative is listed apart"


@pytest.mark.parametrize("arguments, parameter", [
    ({"direction": "give"}, "direction"),
    ({"max_km": 0, "place": HOME}, "max_km"),
    ({"max_km": 5000, "place": HOME}, "max_km"),
    ({"max_km": 50}, "max_km"),
    ({"limit": 0}, "limit"),
])
def test_partners_refuse_what_they_cannot_answer(catalogue, arguments, parameter):
    from catalogue.errors import BadRequest

    with pytest.raises(BadRequest) as error:
        placed(catalogue, [], {}).partners(RT + "waste-heat", **arguments)
    assert error.value.details["parameter"] == parameter


def test_partners_for_waste_heat_within_50_km_of_stenungsund_on_the_curated_data(catalogue):
    found = catalogue.matchmaker.partners(RT + "waste-heat", "have", PLACE + "stenungsund-kommun", max_km=50)
    assert any(p["slug"] == "goteborg-energi" for p in found)
    assert all(p["distance_km"] <= 50 for p in found)


def test_partners_for_a_broad_type_include_every_narrower_one_after_the_closer_ones(catalogue):
    matchmaker = placed(catalogue, [
        Flow(INITIATIVE + "one", A, B, RT + "data-centre-waste-heat", EXISTING),  # energy > heat > waste heat > this
        Flow(INITIATIVE + "two", A, C, RT + "heat", EXISTING),  # one step narrower than energy
        Flow(INITIATIVE + "three", A, D, RT + "technical-water", EXISTING),
    ], {})
    found = matchmaker.partners(RT + "energy", "have")
    assert [p["iri"] for p in found] == [C, B]
    assert [p["match"] for p in found] == ["related", "related"]
