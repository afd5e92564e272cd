"""The JSON API's answers as pydantic models, for the OpenAPI schema at /openapi.json and /docs.

Routes return their JSONResponse directly, so these models cost nothing per request (FastAPI only
reads them to write the schema). A test validates real answers against them, with no field left
undocumented (``extra="forbid"``), so the documentation cannot drift from what the API sends.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ref(Strict):
    """A reference to a record or concept: its IRI, slug and name in the chosen language."""

    iri: str
    slug: str
    label: str


class FacetCount(Ref):
    count: int = Field(description="Initiatives under the current filters that have this value.")


class Snippet(Strict):
    text: str = Field(description="A plain-text passage of the description (or the name, when only it matched), "
                                  "cut at words with an ellipsis.")
    highlights: list[list[int]] = Field(description="[start, end) offsets into text (Unicode code points) of the "
                                                    "words that matched the query; empty without one.")
    field: str = Field(description="Where the passage is from: description or name.")
    lang: str | None = Field(description="The language of text (sv or en): on an English page, sv when the record "
                                         "has no English text.")


class MatchReason(Strict):
    kind: str = Field(description="concept (a concept named in the query that it involves), name, description, "
                                  "actor, place, or spelling (only a word spelled nearly the same matched).")
    label: str | None = Field(None, description="For concept, actor and place: its name in the chosen language.")
    iri: str | None = Field(None, description="For concept, actor and place: its IRI.")


class InitiativeSummary(Strict):
    iri: str
    slug: str
    label: str | None
    kind: list[Ref]
    status: Ref | None
    start_year: int | None
    places: list[Ref] = Field(description="Municipalities and counties.")
    resource_types: list[Ref] = Field(description="The resource types of its exchanges, as recorded.")
    snippet: Snippet | None = Field(description="A passage around the match, in the chosen language where there is one.")
    matched: list[MatchReason] = Field(description="Why it matched the query, strongest first; empty without q.")


class InitiativeList(Strict):
    total: int = Field(description="Initiatives matching every filter.")
    limit: int
    offset: int
    lang: str = Field(description="The language of the names: sv or en.")
    items: list[InitiativeSummary]
    facets: dict[str, list[FacetCount]] = Field(
        description="For each counted facet (resource, resource_category, region, municipality, kind, status, barrier, "
                    "driver, actor_type, exchange_status): its values under the current filters, most frequent first.")
    suggestions: list[str] | None = Field(None, description="Only when q found nothing: other searches that find "
                                                            "something (\"did you mean\"), best first.")


class Concept(Ref):
    scheme: str = Field(description="The slug of its concept scheme, e.g. resource-types.")
    labels: dict[str, str] = Field(description="Preferred names by language (sv, en).")
    alt_labels: list[str] = Field(description="Alternative names in either language.")
    broader: list[Ref]
    narrower: list[Ref]
    deprecated: bool = Field(description="Retired: still resolves, no longer offered for new records.")


class ConceptList(Strict):
    items: list[Concept]


class PlaceSummary(Ref):
    kind: str = Field(description="municipality or county.")
    url: str = Field(description="Its page, /id/place/{slug}.")
    county: Ref | None = Field(description="A municipality's county.")
    initiatives: int = Field(description="Initiatives there (a county's include its municipalities').")
    actors: int = Field(description="Actors located there or taking part in an initiative there.")


class PlaceList(Strict):
    total: int = Field(description="Places matching q and kind.")
    limit: int
    offset: int
    items: list[PlaceSummary]


class ActorSummary(Ref):
    actor_types: list[Ref]
    initiatives: int = Field(description="How many initiatives it takes part in.")


class ActorList(Strict):
    total: int = Field(description="Actors matching the filters.")
    limit: int
    offset: int
    items: list[ActorSummary]


class Reason(Strict):
    component: str = Field(description="The part of the score it explains, e.g. resources, flows, kinds.")
    sv: str
    en: str


class SimilarInitiative(Ref):
    score: float = Field(description="0 to 1: the weighted mean of the components.")
    components: dict[str, float] = Field(description="The score of each component, 0 to 1.")
    reasons: list[Reason] = Field(description="The shared facts behind the score, strongest first.")


class SimilarList(Strict):
    initiative: str | None = Field(None, description="The initiative compared with (absent for a profile).")
    weights: dict[str, float] = Field(description="The weight of each component (SYMBIOS_SIMILARITY_WEIGHTS).")
    items: list[SimilarInitiative]


class Text(Strict):
    sv: str
    en: str


class Opportunity(Strict):
    provider: Ref
    receiver: Ref
    provides: Ref = Field(description="The resource type the provider provides or has available.")
    receives: Ref = Field(description="The resource type the receiver receives elsewhere.")
    match: str = Field(description="same (one resource type) or related (a broader or narrower one).")
    score: float
    distance_km: float | None = Field(description="Between the actors' municipalities, where both are known.")
    precedents: list[Ref] = Field(description="Initiatives where this resource type already flows.")
    reason: Text


class OpportunityList(Strict):
    items: list[Opportunity]


# -- one initiative: everything in its record (/api/initiatives/{slug}, /id/initiative/{slug}.json) ----------

Number = int | float
EVIDENCE = "Keys into `evidence`: the quotes from the sources that state this fact."


class Quantity(Strict):
    iri: str
    value: Number | None
    min: Number | None
    max: Number | None
    unit: Ref | None
    text: str | None = Field(description="The amount as the source words it, when it gives no number.")


class StatusChange(Strict):
    iri: str
    status: Ref | None
    year: Number | None
    evidence: list[str] = Field(description=EVIDENCE)


class Role(Strict):
    iri: str
    actor: Ref | None
    role: list[Ref] = Field(description="Its roles (actor-roles scheme), e.g. provider, facilitator, funder.")
    start_year: Number | None
    end_year: Number | None
    evidence: list[str] = Field(description=EVIDENCE)


class Exchange(Strict):
    iri: str
    provider: Ref | None
    provider_description: str | None = Field(description="The provider as the source describes it, when unnamed.")
    receiver: Ref | None
    receiver_description: str | None = Field(description="The receiver as the source describes it, when unnamed.")
    resource_type: Ref | None
    status: Ref | None = Field(description="existing, in-test, planned, potential or ended.")
    quantities: list[Quantity]
    start_year: Number | None
    end_year: Number | None
    description: str | None
    evidence: list[str] = Field(description=EVIDENCE)


class Factor(Strict):
    """A driver, barrier or success factor: its type in the scheme and what the source says."""

    iri: str
    type: Ref | None
    description: str | None
    evidence: list[str] = Field(description=EVIDENCE)


class Outcome(Strict):
    iri: str
    indicator: Ref | None
    value: Number | None
    min: Number | None
    max: Number | None
    unit: Ref | None
    year: Number | None
    description: str | None
    evidence: list[str] = Field(description=EVIDENCE)


class Funding(Strict):
    iri: str
    funder: Ref | None
    programme: Ref | None
    amount: Number | None
    currency: str | None
    share_percent: Number | None
    start_year: Number | None
    end_year: Number | None
    condition: str | None
    description: str | None
    evidence: list[str] = Field(description=EVIDENCE)


class Evidence(Strict):
    iri: str
    source: Ref | None = Field(description="The source document (see /id/source/…).")
    locator: str | None = Field(description="Where in the source: section, appendix or page.")
    quote: str | None = Field(description="A short verbatim quote, in the source's language (Swedish).")
    supports: list[str] = Field(description="IRIs of the properties the quote proves.")
    interpretation: str | None = Field(None, description="The curator's reasoning when the fact is read out of the quote "
                                       "rather than stated in it (sym:interpretation); null when the quote states it.")
    prefix: str | None = Field(None, description="The text just before the quote in the source, as picked there.")
    suffix: str | None = Field(None, description="The text just after the quote in the source, as picked there.")


class Initiative(Strict):
    iri: str
    slug: str
    label: str | None
    labels: dict[str, str] = Field(description="Names by language (sv, en).")
    alt_labels: list[str]
    description: str | None
    kind: list[Ref]
    status: Ref | None
    status_history: list[StatusChange]
    start_year: Number | None
    end_year: Number | None
    places: list[Ref]
    organisation_form: list[Ref]
    organisation: str | None = Field(description="How it is organised, in words.")
    how_started: str | None
    business_model: str | None
    process_phase: list[Ref]
    meets_criteria: list[Ref] = Field(description="The IUS criteria it meets (ius-criteria scheme).")
    related: list[Ref]
    inspired_by: list[Ref]
    part_of: list[Ref]
    roles: list[Role]
    exchanges: list[Exchange]
    drivers: list[Factor]
    barriers: list[Factor]
    success_factors: list[Factor]
    outcomes: list[Outcome]
    funding: list[Funding]
    evidence: dict[str, Evidence] = Field(description="Every citation of the record, by key.")
    initiative_evidence: list[str] = Field(description=EVIDENCE + " (for the initiative itself)")
    sources: list[Ref]


# -- one actor ----------------------------------------------------------------------------------------------

class ActorExchange(Strict):
    iri: str
    as_: str = Field(alias="as", description="provider or receiver.")
    resource_type: Ref


class ActorInitiative(Ref):
    roles: list[Ref]
    exchanges: list[ActorExchange]


class Actor(Strict):
    iri: str
    slug: str
    label: str | None
    alt_labels: list[str]
    actor_types: list[Ref]
    places: list[Ref]
    part_of: list[Ref] = Field(description="Organisations it belongs to.")
    sources: list[Ref]
    evidence: dict[str, Evidence] = Field(description="Every citation of the record, by key.")
    actor_evidence: list[str] = Field(description=EVIDENCE + " (for the actor itself)")
    initiatives: list[ActorInitiative] = Field(description="The initiatives it takes part in, its roles and exchanges there.")


# -- statistics ---------------------------------------------------------------------------------------------

class CategoryCount(Strict):
    category: Ref = Field(description="A top resource category (energy, water, materials, gases …).")
    status: Ref = Field(description="An exchange status.")
    exchanges: int


class FactorCount(Strict):
    factor: Ref
    initiatives: int = Field(description="Initiatives that name it.")


class RegionCount(Strict):
    region: Ref = Field(description="A county.")
    initiatives: int = Field(description="Initiatives placed in it, directly or through a municipality.")


class ConceptCount(Strict):
    concept: Ref
    broader: str | None = Field(description="The IRI of its broader concept; null for a top concept.")
    initiatives: int = Field(description="Initiatives that name it or a narrower concept (as the search counts).")


class YearCount(Strict):
    year: int
    initiatives: int = Field(description="Initiatives that started that year.")


class Statistics(Strict):
    initiatives: int
    actors: int
    places: int
    sources: int
    exchanges: int
    roles: int
    drivers: int
    barriers: int
    success_factors: int
    outcomes: int
    fundings: int
    evidence: int = Field(description="Citations: evidence with a quote from a source.")
    exchanges_by_category_and_status: list[CategoryCount]
    initiatives_per_factor: dict[str, list[FactorCount]] = Field(
        description="For driver, barrier and success_factor: each concept named, most often first.")
    initiatives_by_region: list[RegionCount] = Field(description="Counties, most initiatives first.")
    initiatives_without_region: int = Field(description="Initiatives in no county (e.g. abroad).")
    initiatives_by_concept: dict[str, list[ConceptCount]] = Field(
        description="For kind, driver and barrier: each concept named or broader than one named, most often first.")
    initiatives_by_start_year: list[YearCount] = Field(description="Start years, earliest first.")
    initiatives_without_start_year: int = Field(description="Initiatives whose sources state no start year.")
    foreign_reference_cases: list[Ref] = Field(
        description="Initiatives outside Sweden kept as reference cases (sym:foreignReferenceCase), e.g. Kalundborg: "
                    "left out of every count of initiatives and of what they hold (actors, places, sources and "
                    "evidence are the whole catalogue's).")
