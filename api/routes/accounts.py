"""Accounts for admins: list tokens, create one (shown once), revoke one. Same store as `symbios token`."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from catalogue.accounts import ROLES, Account
from catalogue.errors import BadRequest

from ..auth import require
from ..edge import json_body
from ..responses import JSONResponse

router = APIRouter(prefix="/api/accounts", tags=["Accounts"])


@router.get("", name="list_accounts")
def list_accounts(request: Request, account: Account = Depends(require("admin"))):
    """Every token's name, role and dates (never the token)."""
    return {"items": request.app.state.accounts.list()}


@router.post("", name="create_account", status_code=201, openapi_extra={"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"type": "object", "required": ["name", "role"], "properties": {
        "name": {"type": "string"}, "role": {"type": "string", "enum": list(ROLES)}}}}}}})
async def create_account(request: Request, account: Account = Depends(require("admin"))):
    """Create a token: JSON `{"name": …, "role": "curator"|"reviewer"|"admin"}`. The token is in this answer only."""
    body = await json_body(request, '{"name": "rise-curator-1", "role": "curator"}')
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) or body.get("role") not in ROLES:
        raise BadRequest(f'Send JSON {{"name": "…", "role": one of {", ".join(ROLES)}}}.', parameter="role",
                         accepted=list(ROLES))
    token = request.app.state.accounts.create(body["name"], body["role"])
    return JSONResponse({"ok": True, "name": body["name"].strip(), "role": body["role"], "token": token}, status_code=201)


@router.delete("/{name}", name="revoke_account")
def revoke_account(name: str, request: Request, account: Account = Depends(require("admin"))):
    """Revoke the active token called `name`; its requests get 401 from now on."""
    request.app.state.accounts.revoke(name)
    return {"ok": True, "revoked": name}
