"""The texts of the source documents, which every evidence quote is checked against.

A source record names its text by ``sym:fileName``. The text is looked for, in order, in the
directory of texts curators uploaded (``SYMBIOS_SOURCE_TEXTS``, next to the curation database
by default), in ``data/sources/texts/`` (texts exported with their records, kept in git) and in
the seeds directory (``SYMBIOS_SOURCES``). An uploaded text is written once, atomically, under
a file name of its own; it is never rewritten (a corrected text is a new file), so a quote
checked against it stays checked.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from .errors import BadRequest, NotFound
from .quotes import SourceText, source_text

FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.txt$")


class SourceTexts:
    """Read and store source texts by file name."""

    def __init__(self, uploads_dir: Path | None, *other_dirs: Path) -> None:
        self.uploads_dir = uploads_dir
        self.dirs = [d for d in (uploads_dir, *other_dirs) if d is not None]
        self._in_memory: dict[str, str] = {}  # uploads when there is no directory (a store in memory)

    @staticmethod
    def check_name(file_name: str) -> str:
        if not FILE_NAME.fullmatch(file_name or ""):
            raise BadRequest(f"{file_name!r} cannot name a source text: use letters, digits, '.', '_' and '-', "
                             "ending in .txt.", parameter="fileName")
        return file_name

    def path_of(self, file_name: str) -> Path | None:
        self.check_name(file_name)
        for directory in self.dirs:
            path = directory / file_name
            if path.is_file():
                return path
        return None

    def exists(self, file_name: str) -> bool:
        return file_name in self._in_memory or self.path_of(file_name) is not None

    def read(self, file_name: str) -> str:
        """The text as stored (NotFound when no directory holds it)."""
        if file_name in self._in_memory:
            return self._in_memory[file_name]
        path = self.path_of(file_name)
        if path is None:
            raise NotFound(f"No source text called {file_name!r}: upload the source's text first.")
        return path.read_text(encoding="utf-8")

    def searchable(self, file_name: str) -> SourceText:
        """The text normalised for quote checks (see :mod:`catalogue.quotes`)."""
        if file_name in self._in_memory:
            return SourceText.of(self._in_memory[file_name])
        path = self.path_of(file_name)
        if path is None:
            raise NotFound(f"No source text called {file_name!r}: upload the source's text first.")
        return source_text(path)

    def save(self, file_name: str, text: str) -> str:
        """Store a new text under ``file_name`` (which must be new); returns the file name."""
        self.check_name(file_name)
        if self.exists(file_name):
            raise BadRequest(f"A source text called {file_name!r} exists already; texts are never overwritten.",
                             parameter="fileName")
        if self.uploads_dir is None:
            self._in_memory[file_name] = text
            return file_name
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.uploads_dir, prefix=".upload-", suffix=".txt")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.uploads_dir / file_name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return file_name
