"""Backups: the whole catalogue — records, vocabulary, versions and tokens — in one file.

A backup is a ZIP file holding ``catalogue.nq`` (every quad of the store, one named graph per
record), ``curation.sqlite`` (a consistent snapshot of the version history and the token
hashes) and ``manifest.json`` (format and counts). It is written crash-safely (see
:mod:`catalogue.files`), so a backup on disk is always whole. Restoring needs an empty store and an
empty curation database, so that it can never mix two catalogues.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from .database import Database
from .errors import BadRequest, Conflict
from .files import atomic_file
from .store import Store

FORMAT = "symbios-backup/1"
MEMBERS = ("manifest.json", "catalogue.nq", "curation.sqlite")


def backup(store: Store, database: Database, target: Path) -> dict:
    """Write a backup to ``target``; returns its manifest.

    Online and consistent: it runs while the server serves and curators write. The curation
    database's write lock is held for the instant it takes to copy both halves (no version is
    recorded, and so no record published, in between): the embedded store as a RocksDB checkpoint
    (hard links, read afterwards through a read-only view that nothing else writes), the database
    through SQLite's online backup. An in-memory or remote store is dumped under the lock."""
    target = Path(target)
    with tempfile.TemporaryDirectory(prefix="symbios-backup-") as work:
        quads, snapshot = Path(work) / "catalogue.nq", Path(work) / "curation.sqlite"
        with database.transaction():
            frozen = store.checkpoint(Path(work) / "checkpoint") if store.location and not store.is_remote else None
            database.snapshot(snapshot)
            counts = database.counts()
            if frozen is None:
                manifest = _dump(store, quads, counts)
        if frozen is not None:
            manifest = _dump(frozen, quads, counts)
            del frozen  # the read-only view closes before its directory is removed
        with atomic_file(target) as raw:
            with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr("manifest.json", json.dumps(manifest, indent=2))
                archive.write(quads, "catalogue.nq")
                archive.write(snapshot, "curation.sqlite")
    return manifest


def _dump(store: Store, quads: Path, counts: dict) -> dict:
    with quads.open("wb") as out:
        store.dump_quads(out)
    return {
        "format": FORMAT,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "quads": len(store),
        "graphs": len(store.graph_names()),
        **counts,
    }


def read_manifest(path: Path) -> dict:
    try:
        with zipfile.ZipFile(path) as archive:
            missing = [m for m in MEMBERS if m not in archive.namelist()]
            if missing:
                raise BadRequest(f"{path} is not a Symbios backup: it lacks {', '.join(missing)}.")
            manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, json.JSONDecodeError, OSError) as error:
        raise BadRequest(f"{path} is not a readable Symbios backup: {error}.") from error
    if manifest.get("format") != FORMAT:
        raise BadRequest(f"{path} has format {manifest.get('format')!r}; this version restores {FORMAT}.")
    return manifest


def restore(path: Path, store: Store, database_path: Path) -> dict:
    """Restore a backup into an empty store and a new curation database; returns its manifest."""
    path, database_path = Path(path), Path(database_path)
    manifest = read_manifest(path)
    if len(store):
        raise Conflict(f"The store at {store.location or '(memory)'} is not empty. Restore into an empty store "
                       "(a new SYMBIOS_STORE directory) so that two catalogues are never mixed.")
    if database_path.exists() and any(Database(database_path).counts().values()):
        raise Conflict(f"The curation database {database_path} already holds versions or tokens. "
                       "Point SYMBIOS_CURATION_DB at a new file.")
    with tempfile.TemporaryDirectory(prefix="symbios-restore-") as work, zipfile.ZipFile(path) as archive:
        archive.extractall(work, members=["catalogue.nq", "curation.sqlite"])
        store.load_quads(Path(work) / "catalogue.nq")
        database_path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database_path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(Path(work) / "curation.sqlite", database_path)
    if len(store) != manifest["quads"]:
        raise BadRequest(f"The backup promised {manifest['quads']} quads but {len(store)} were restored; "
                         "the file may be damaged.")
    return manifest
