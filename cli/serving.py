"""Commands that run the app or follow another one: serve, get, replicate."""

from __future__ import annotations

import sys
import warnings

import click

from catalogue.settings import Settings
from catalogue.store import Store

from .core import PROBLEMS, fail, open_store, settings

#: Redirects within the app that `symbios get` follows before it prints what it got.
MAX_REDIRECTS = 10
#: The host the in-process client gives every request (starlette's TestClient).
IN_PROCESS = "testserver"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--read-only", is_flag=True, help="Refuse every write (a read replica): curation, accounts and the Graph Store answer 403.")
@click.option("--follow", "follow", metavar="FEED_URL", default="",
              help="Keep the store in step with a primary's change feed (e.g. https://primary/feed); implies --read-only.")
@click.option("--interval", default=2.0, show_default=True, type=float, help="Seconds between polls of the feed.")
def serve(host: str, port: int, read_only: bool, follow: str, interval: float) -> None:
    """Serve the web interface, the JSON API and /sparql."""
    import uvicorn

    current = settings().with_(read_only=read_only or bool(follow), follow=follow, follow_interval=interval)
    mode = f", read-only replica of {follow}" if follow else (", read-only" if current.read_only else "")
    with open_store(current) as store:
        app = _app(current, store)
        click.echo(f"Serving Symbios on http://{host}:{port} (store: {current.store}{mode})")
        if not current.read_only:
            click.echo(app.state.record_origins.summary())
        uvicorn.run(app, host=host, port=port, log_level="info")


def _app(current: Settings, store: Store):
    """The app over ``store``, or one line saying why it cannot start (exit 2) instead of a traceback."""
    import sqlite3

    from api.app import create_app

    try:
        return create_app(current, store=store)
    except (OSError, sqlite3.Error) as error:
        fail(f"The curation database {current.curation_location} cannot be opened or written ({error}). Point "
             "SYMBIOS_CURATION_DB at a file in a directory the user running Symbios may write.")


GET_EPILOG = """Exit codes: 0 the answer is 2xx (or 3xx: a 304, a redirect out of the app, which is not
followed); 1 it is 4xx or 5xx (the body is printed all the same, the status goes to stderr); 2 the
command could not run (PATH does not start with "/", a header is not 'Name: value', the store
cannot be opened)."""


@click.command("get", epilog=GET_EPILOG)
@click.argument("path")
@click.option("--header", "-H", "headers", multiple=True, metavar="'NAME: VALUE'",
              help="A request header, e.g. -H 'Accept: text/turtle'; repeat it for more than one.")
def get(path: str, headers: tuple[str, ...]) -> None:
    """Answer a GET of PATH through the app in-process and print the body.

    PATH is what follows the host in a URL, e.g. /api/initiatives?q=heat or /id/initiative/x.ttl.
    As with datasette's --get, no port is opened and no other host is fetched: the app runs over
    the configured store, read-only and following no feed, for this one request. Redirects within
    the app are followed.
    """
    if not path.startswith("/") or path.startswith(("//", "/\\")):
        fail(f"PATH is a path on this catalogue and starts with one '/', e.g. /api/initiatives; not {path!r}.")
    response = _answer(settings().with_(read_only=True, follow=""), path, _header_pairs(headers))
    sys.stdout.buffer.write(response.content)
    if response.status_code >= 400:
        click.echo(f"GET {path} answered {response.status_code} {response.reason_phrase}.", err=True)
        sys.exit(PROBLEMS)


def _header_pairs(headers: tuple[str, ...]) -> list[tuple[str, str]]:
    """'Name: value' options as pairs, or exit 2 naming the one that is not."""
    pairs = []
    for given in headers:
        name, colon, value = given.partition(":")
        if not colon or not name.strip() or any(c.isspace() for c in name.strip()):
            fail(f"--header {given!r} is not 'Name: value', e.g. --header 'Accept: text/turtle'.")
        pairs.append((name.strip(), value.strip()))
    return pairs


def _answer(current: Settings, path: str, headers: list[tuple[str, str]]):
    """The app's answer to GET ``path``, after the redirects that stay in the app."""
    with warnings.catch_warnings():  # starlette's notice that it will want httpx2 is not for the person at the terminal
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    with open_store(current) as store:
        app = _app(current, store)
        with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
            response = client.get(path, headers=headers)
            for _ in range(MAX_REDIRECTS):
                target = response.next_request
                if target is None or target.url.host != IN_PROCESS:
                    break
                response = client.send(target)
    return response


@click.command()
@click.option("--from", "feed_url", required=True, metavar="FEED_URL", help="The primary's change feed, e.g. https://primary/feed.")
@click.option("--once", is_flag=True, help="Catch up once and stop, instead of following.")
@click.option("--interval", default=2.0, show_default=True, type=float, help="Seconds between polls of the feed.")
def replicate(feed_url: str, once: bool, interval: float) -> None:
    """Keep the local store in step with a primary by following its change feed (LDES).

    The first run starts from the primary's dump; later runs resume where the last one stopped,
    applying each published version once. Serve the replica with `symbios serve --read-only`
    (or let `symbios serve --follow FEED_URL` do both in one process). A primary that does not
    answer exits 2.
    """
    import threading

    from catalogue.database import Database
    from catalogue.replication import Replica

    current = settings()
    with open_store(current) as store:
        # The replica's curation database gets the time it changed each record (its pages' Last-Modified).
        database = Database(current.curation_location) if current.curation_location else None
        replica = Replica(store, feed_url, database=database)
        try:
            if once:
                click.echo(_caught_up(replica.step()))
            else:
                click.echo(f"Following {feed_url} every {interval:g} s into {current.store} (Ctrl-C stops).")
                replica.follow(interval, threading.Event(), say=click.echo)
        except KeyboardInterrupt:
            click.echo("Stopped.")


def _caught_up(done) -> str:
    return (f"Replica at feed position {done.position}: {done.applied} versions applied"
            + (" after starting from the primary's dump." if done.bootstrapped else "."))
