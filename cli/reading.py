"""Commands that read the store: query, stats, similar, opportunities."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .core import PROBLEMS, fail, open_store, settings


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--sparql", "text", help="The query text instead of a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "ttl"]), default="table", show_default=True, help="table, csv or json for SELECT/ASK; ttl for CONSTRUCT/DESCRIBE (their triples always print as Turtle).")
def query(file: Path | None, text: str | None, fmt: str) -> None:
    """Run a SPARQL query (a .rq file or --sparql TEXT) against the store.

    SELECT and ASK print as a table, CSV or JSON; CONSTRUCT and DESCRIBE as Turtle. A query that
    does not parse, or --format ttl on a SELECT or ASK, exits 2.
    """
    from catalogue.querying import run_cli_query

    if (file is None) == (text is None):
        fail("Give either a .rq file or --sparql TEXT.")
    if file is not None and not file.is_file():
        fail(f"No such query file: {file}.")
    with open_store(settings()) as store:
        click.echo(run_cli_query(store, text if file is None else file.read_text(encoding="utf-8"), fmt), nl=False)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of a text report.")
def stats(as_json: bool) -> None:
    """Print a coverage report: initiatives, actors, exchanges by category and status, and more."""
    from catalogue.labels import Labels
    from catalogue.statistics import catalogue_stats, format_report

    with open_store(settings()) as store:
        figures = catalogue_stats(store, Labels.build(store), "en")
    if not figures.get("initiatives"):
        fail("The store holds no initiatives. Run `symbios load` (or `make load`) first.", PROBLEMS)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(figures), nl=False)


def _loaded_catalogue(store, current):
    """The catalogue over ``store``, or exit 1 when the store is empty."""
    from catalogue.service import Catalogue

    if not store.graph_names():
        fail("The store is empty. Run `symbios load` first.", PROBLEMS)
    return Catalogue(store, current.similarity_weights)


@click.command("similar")
@click.argument("slug")
@click.option("--limit", default=5, show_default=True, help="How many initiatives to list (1–50).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True, help="Language of names and reasons.")
def similar(slug: str, limit: int, lang: str) -> None:
    """Initiatives like SLUG, best first, with the shared facts that make them alike."""
    current = settings()
    with open_store(current) as store:
        items = _loaded_catalogue(store, current).similarity.similar_to(slug, limit, lang)
    for number, item in enumerate(items, start=1):
        click.echo(f"{number}. {item['label']} ({item['slug']})  {item['score']:.2f}")
        for reason in item["reasons"]:
            click.echo(f"     – {reason[lang]}")


@click.command("opportunities")
@click.option("--resource", default=None, help="Only this resource type (slug, e.g. waste-heat), or a broader/narrower one.")
@click.option("--region", default=None, help="Both actors in this county (slug, e.g. vastra-gotalands-lan).")
@click.option("--max-km", type=float, default=None, help="Both actors within this many kilometres (municipality level).")
@click.option("--limit", default=20, show_default=True, help="How many pairs to list (1–200).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True, help="Language of names and reasons.")
def opportunities(resource: str | None, region: str | None, max_km: float | None, limit: int, lang: str) -> None:
    """Actors that could exchange a resource they do not exchange yet, with precedents."""
    current = settings()
    with open_store(current) as store:
        catalogue = _loaded_catalogue(store, current)
        resolve = lambda facet, slug: catalogue.index.resolve(facet, slug) if slug else None
        items = catalogue.matchmaker.opportunities(resolve("resource", resource), resolve("region", region),
                                                   max_km, limit, lang)
    if not items:
        click.echo("No opportunities match." if lang == "en" else "Inga möjligheter matchar.")
    for number, item in enumerate(items, start=1):
        distance = f", {item['distance_km']} km" if item["distance_km"] is not None else ""
        click.echo(f"{number}. {item['reason'][lang]}{distance}")
        if item["precedents"]:
            label = "Precedents" if lang == "en" else "Förebilder"
            click.echo(f"     {label}: {', '.join(p['label'] for p in item['precedents'])}")
