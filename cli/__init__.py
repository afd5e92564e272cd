"""The `symbios` command: a thin layer over the catalogue (catalogue/) and the web app (api/).

Each module holds the commands over one part: records (load, validate, export, places), reading
(query, stats, similar, opportunities), serving (serve, get, replicate), operations (token,
backup, restore); core holds what they share (the store for one command, the exit codes).
The library never imports this package.
"""

from __future__ import annotations

import click

from catalogue import __version__

from . import operations, reading, records, serving
from .core import EPILOG, Commands

__all__ = ["main"]


@click.group(cls=Commands, epilog=EPILOG)
@click.version_option(__version__, prog_name="symbios")
def main() -> None:
    """Symbios: a catalogue of industrial and urban symbiosis initiatives.

    Settings come from the environment: SYMBIOS_STORE (store directory, default ./var/store),
    SYMBIOS_DATA (records, default ./data), SYMBIOS_BASE_IRI.
    """


for command in (records.load, records.validate, records.export, records.places, reading.query, reading.stats,
                reading.similar, reading.opportunities, serving.serve, serving.get, serving.replicate,
                operations.token, operations.backup, operations.restore):
    for each in (command, *getattr(command, "commands", {}).values()):
        each.epilog = each.epilog or EPILOG  # `get` has exit codes of its own
    main.add_command(command)
