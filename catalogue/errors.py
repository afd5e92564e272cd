"""One error family. Each error says what is wrong and what to do next.

The web layer maps them to HTTP statuses in one place (api/errors.py); the CLI maps them to
exit codes (1 = ran and found problems, 2 = could not run).
"""

from __future__ import annotations


class SymbiosError(Exception):
    """Base of every error the catalogue raises on purpose."""

    status = 500
    exit_code = 2

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(SymbiosError):
    status = 404


class Gone(SymbiosError):
    """A record that was published and has been withdrawn; details carry where its history is."""

    status = 410


class BadRequest(SymbiosError):
    status = 400


class BadQuery(BadRequest):
    """A SPARQL query that does not parse; details carry line and column when known."""


class ForbiddenOperation(SymbiosError):
    status = 403


class NotAcceptable(SymbiosError):
    status = 406


class UnsupportedMediaType(SymbiosError):
    status = 415


class BadSetting(SymbiosError):
    """A setting (an environment variable) the catalogue cannot run with; details name it and the bad part."""


class InvalidData(SymbiosError):
    """Data that does not parse or does not conform to the shapes; nothing was stored."""

    status = 422
    exit_code = 1


class Conflict(SymbiosError):
    status = 409


class Unauthorized(SymbiosError):
    """No credentials, or credentials the catalogue does not know."""

    status = 401


class PreconditionFailed(SymbiosError):
    """A write named a version (If-Match) that is no longer the current one; details carry it."""

    status = 412


class PreconditionRequired(SymbiosError):
    """A write did not say which version it edits (no If-Match)."""

    status = 428


class PayloadTooLarge(SymbiosError):
    status = 413


class QueryTimeout(SymbiosError):
    status = 503


class StoreUnavailable(SymbiosError):
    status = 503


class Overloaded(SymbiosError):
    """Too much is running at once (a limit on concurrent work); details carry ``retry_after`` in
    seconds, which the web layer sends as Retry-After."""

    status = 503


class DatabaseBusy(Overloaded):
    """The curation database stayed locked (another writer, another process) for longer than its busy timeout."""


class WriteTimeout(SymbiosError):
    """Parsing and validating a write's body took longer than its limit; the work was stopped."""

    status = 503


class ResultTooLarge(StoreUnavailable):
    """The SPARQL server cut a result at its row cap (Virtuoso sends at most 2^20 rows over HTTP)."""
