"""Who is calling: the account behind an ``Authorization: Bearer`` token, and role checks.

Roles are ordered curator < reviewer < admin. Every write checks one: the JSON API and the Graph
Store through :func:`require`, the browser forms (whose account comes from the session) through
:func:`check_role`; tests/test_roles.py walks every write route with every role."""

from __future__ import annotations

from fastapi import Request

from catalogue.accounts import Account
from catalogue.errors import ForbiddenOperation, Unauthorized


def current_account(request: Request) -> Account | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        return None
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Send the token as 'Authorization: Bearer <token>' (create one with `symbios token create`).")
    account = request.app.state.accounts.authenticate(token.strip())
    if account is None:
        raise Unauthorized("The token is unknown or revoked. Ask an admin for a new one (`symbios token create`).")
    return account


def require(role: str):
    """A dependency that lets only accounts with ``role`` (or above) through."""

    def dependency(request: Request) -> Account:
        account = current_account(request)
        if account is None:
            raise Unauthorized(f"This needs a {role} token: send 'Authorization: Bearer <token>'.")
        check_role(account, role)
        return account

    return dependency


def check_role(account: Account, role: str, what: str = "This") -> None:
    """Refuse (403) an account below ``role``."""
    if not account.may(role):
        raise ForbiddenOperation(f"{what} needs the {role} role; the token {account.name!r} has the {account.role} role.")
