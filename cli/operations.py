"""Commands for whoever runs the hub: token create/revoke/list, backup, restore."""

from __future__ import annotations

import os
from pathlib import Path

import click

from catalogue.settings import Settings

from .core import fail, open_store, settings


def _accounts(current: Settings):
    from catalogue.accounts import Accounts
    from catalogue.database import Database

    if current.curation_location is None:
        fail("The store is in memory, so tokens would vanish. Set SYMBIOS_CURATION_DB to a file, "
             "or SYMBIOS_STORE to a directory.")
    return Accounts(Database(current.curation_location))


@click.group()
def token() -> None:
    """API tokens for curators, reviewers and admins (sent as 'Authorization: Bearer <token>')."""


@token.command("create")
@click.option("--name", required=True, help="Who or what uses the token, e.g. 'rise-curator-1' or 'partner-sync'.")
@click.option("--role", required=True, type=click.Choice(["curator", "reviewer", "admin"]),
              help="curator: edit and submit; reviewer: also publish; admin: everything.")
def token_create(name: str, role: str) -> None:
    """Create a token. It is shown once and stored only as a hash: keep it safe."""
    click.echo(_accounts(settings()).create(name, role))
    click.echo(f"Created the {role} token {name!r}. It is shown only now.", err=True)


@token.command("revoke")
@click.argument("name")
def token_revoke(name: str) -> None:
    """Revoke the active token called NAME; requests with it get 401 from now on (no such token: exit 1)."""
    _accounts(settings()).revoke(name)
    click.echo(f"Revoked the token {name!r}.")


@token.command("list")
def token_list() -> None:
    """List tokens (names, roles, dates; never the tokens themselves)."""
    for row in _accounts(settings()).list():
        state = f"revoked {row['revoked']}" if row["revoked"] else "active"
        click.echo(f"{row['name']}\t{row['role']}\tcreated {row['created']}\t{state}")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--server", metavar="URL", default="",
              help="Back up through the running server at URL (e.g. http://127.0.0.1:8000), with an admin token "
                   "in SYMBIOS_TOKEN: the way to back up while `symbios serve` holds the store.")
def backup(file: Path, server: str) -> None:
    """Write the whole catalogue (records, versions, tokens) to one backup FILE (.zip).

    It is a consistent online copy. While `symbios serve` runs it holds the store, so back up
    through it with --server; otherwise the store is opened here."""
    from catalogue.backup import backup as write_backup
    from catalogue.database import Database

    if server:
        return _backup_from_server(server, file)
    current = settings()
    if current.curation_location is None:
        fail("An in-memory store has nothing to back up. Set SYMBIOS_STORE to the store directory.")
    with open_store(current) as store:
        manifest = write_backup(store, Database(current.curation_location), file)
    click.echo(f"Wrote {file}: {manifest['quads']} quads in {manifest['graphs']} graphs, "
               f"{manifest['versions']} versions, {manifest['tokens']} tokens.")


def _backup_from_server(server: str, file: Path) -> None:
    """GET /api/backup from a running server into FILE, written whole or not at all."""
    import httpx

    from catalogue.backup import read_manifest
    from catalogue.files import atomic_file

    secret = os.environ.get("SYMBIOS_TOKEN", "")
    if not secret:
        fail("Set SYMBIOS_TOKEN to an admin token (`symbios token create NAME --role admin`) to back up through "
             "the server.")
    url = server.rstrip("/") + "/api/backup"
    try:
        with httpx.stream("GET", url, headers={"Authorization": f"Bearer {secret}"}, timeout=None) as response:
            if response.status_code != 200:
                fail(f"{url} answered {response.status_code}: {_error_of(response)}")
            with atomic_file(file) as out:
                for chunk in response.iter_bytes():
                    out.write(chunk)
    except httpx.HTTPError as error:
        fail(f"Could not reach {url} ({error.__class__.__name__}: {error}). Check --server and that the server runs.")
    manifest = read_manifest(file)
    click.echo(f"Wrote {file} from {server}: {manifest['quads']} quads in {manifest['graphs']} graphs, "
               f"{manifest['versions']} versions, {manifest['tokens']} tokens.")


def _error_of(response) -> str:
    """The message of a Symbios error answer, or the start of whatever else came."""
    response.read()
    try:
        return response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return response.text[:200]


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Restore a backup FILE into an empty store (SYMBIOS_STORE) and curation database (not empty: exit 2)."""
    from catalogue.backup import restore as restore_backup

    current = settings()
    if current.curation_location is None:
        fail("Restore into a store on disk: set SYMBIOS_STORE to a new directory.")
    with open_store(current) as store:
        manifest = restore_backup(file, store, current.curation_location)
    click.echo(f"Restored {manifest['quads']} quads, {manifest['versions']} versions and {manifest['tokens']} tokens "
               f"from {file} (backup of {manifest['created']}).")
