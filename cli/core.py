"""What every command shares: the exit codes, the store opened for one command, one way to stop.

A command raises the catalogue's errors (catalogue/errors.py) and never catches them to exit:
the group (``Commands``) turns each into one line on stderr and the exit code ``EXIT_CODES`` gives.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

from catalogue.errors import Gone, InvalidData, NotFound, SymbiosError
from catalogue.namespaces import prefixed
from catalogue.settings import Settings
from catalogue.store import Store

DONE, PROBLEMS, COULD_NOT_RUN = 0, 1, 2

#: The catalogue's errors as exit codes, the first class that matches wins: data that does not
#: conform, or a record, token or place that is not there, is a run that found problems; any other
#: error of the family (bad input, a setting, a store or server that cannot be opened or reached,
#: a target that is not empty) means the command could not run.
EXIT_CODES: tuple[tuple[type[SymbiosError], int], ...] = (
    (InvalidData, PROBLEMS),
    (NotFound, PROBLEMS),
    (Gone, PROBLEMS),
    (SymbiosError, COULD_NOT_RUN),
)

#: The exit codes as every --help shows them (the README's "Exit codes" table says the same).
EPILOG = """Exit codes:

\b
  0  done
  1  ran and found problems: a record does not conform; what was named
     (a record, a token, a place) is not there; an empty store; for
     `symbios get`, an answer of 4xx or 5xx
  2  could not run: bad arguments or input (a query that does not
     parse), a bad setting, a store, database or server that cannot be
     opened or reached, a target that is not empty"""


def exit_code(error: SymbiosError) -> int:
    """The exit code of an error of the catalogue's family."""
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


def fail(message: str, code: int = COULD_NOT_RUN) -> NoReturn:
    """Stop the command: ``Error: message`` on stderr, and the exit code."""
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


class Commands(click.Group):
    """A group whose commands (and subgroups) end with ``exit_code(error)`` for any error of the family."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SymbiosError as error:
            fail(error.message, exit_code(error))


@contextmanager
def open_store(settings: Settings) -> Iterator[Store]:
    """The store the settings name, open for the block and closed after it, whatever happens."""
    store = Store.from_settings(settings)
    try:
        yield store
    finally:
        store.close()


def settings() -> Settings:
    """The settings from the environment (a bad one is a BadSetting: exit 2)."""
    return Settings.from_env()


def print_problems(problems, lang: str) -> None:
    """Validation problems, one line each: file:line: severity: <focus> [property]: message (value)."""
    for problem in problems:
        where = problem.file or "?"
        if problem.line:
            where += f":{problem.line}"
        prop = f" [{prefixed(problem.path) if '://' in problem.path else problem.path}]" if problem.path else ""
        value = f" (value: {problem.value})" if problem.value and problem.value != problem.focus else ""
        click.echo(f"{where}: {problem.severity}: <{problem.focus}>{prop}: {problem.message(lang)}{value}")
