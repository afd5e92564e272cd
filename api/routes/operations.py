"""Operations for admins: an online backup of the running catalogue (`symbios backup --server`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from catalogue.accounts import Account
from catalogue.backup import backup

from ..auth import require

router = APIRouter(tags=["Operations"])


@router.get("/api/backup", name="backup", response_class=FileResponse,
            responses={200: {"content": {"application/zip": {}}, "description": "The backup (a ZIP file)."}})
def make_backup(request: Request, account: Account = Depends(require("admin"))):
    """The whole catalogue — every graph, every version, the token hashes — as one backup ZIP, taken
    while the server runs (a consistent copy: see catalogue/backup.py); `symbios restore` reads it."""
    work = Path(tempfile.mkdtemp(prefix="symbios-backup-"))
    target = work / "symbios-backup.zip"
    manifest = backup(request.app.state.store, request.app.state.database, target)
    filename = f"symbios-backup-{manifest['created'][:19].replace(':', '')}.zip"
    return FileResponse(target, media_type="application/zip", filename=filename,
                        background=BackgroundTask(_remove, work))


def _remove(work: Path) -> None:
    for path in work.iterdir():
        path.unlink(missing_ok=True)
    work.rmdir()
