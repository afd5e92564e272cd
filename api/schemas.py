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


class InitiativeSummary(Strict):
    iri: str
    slug: str
    label: str | None
    kind: list[Ref]
    status: Ref | None
    start_year: int | None
    places: list[Ref] = Field(description="Municipalities and counties.")
    resource_types: list[Ref] = Field(description="The resource types of its exchanges, as recorded.")


class InitiativeList(Strict):
    total: int = Field(description="Initiatives matching every filter.")
    limit: int
    offset: int
    lang: str = Field(description="The language of the names: sv or en.")
    items: list[InitiativeSummary]
    facets: dict[str, list[FacetCount]] = Field(
        description="For each counted facet (resource, resource_category, region, kind, status, barrier, driver, "
                    "actor_type, exchange_status): its values under the current filters, most frequent first.")


class Concept(Strict):
    iri: str
    slug: str
    label: str
    scheme: str = Field(description="The slug of its concept scheme, e.g. resource-types.")
    labels: dict[str, str] = Field(description="Preferred names by language (sv, en).")
    alt_labels: list[str] = Field(description="Alternative names in either language.")
    broader: list[Ref]
    narrower: list[Ref]
    deprecated: bool = Field(description="Retired: still resolves, no longer offered for new records.")


class ConceptList(Strict):
    items: list[Concept]


class ActorSummary(Strict):
    iri: str
    slug: str
    label: str
    actor_types: list[Ref]
    initiatives: int = Field(description="How many initiatives it takes part in.")


class ActorList(Strict):
    items: list[ActorSummary]


class Reason(Strict):
    component: str = Field(description="The part of the score it explains, e.g. resources, flows, kinds.")
    sv: str
    en: str


class SimilarInitiative(Strict):
    iri: str
    slug: str
    label: str
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
