"""Sources in the browser (#20 item 1): the list of sources with the records citing each, and the
form that adds one — its metadata and its text, from an uploaded PDF or pasted.

``GET /curate/sources`` lists every source a curator can edit (published, drafts, in review) by
title (:func:`catalogue.source_list.curated_sources`). ``GET /curate/sources/new`` is the form;
``POST /curate/sources/new`` (multipart, the session's CSRF token) reads the PDF's text in a child
process and saves the source as a draft through the curation layer
(:func:`catalogue.source_upload.write_source`), in a write thread, never on the event loop. Each
problem — too big (413), not a PDF (415), too many pages, no text layer, the timeout, a bad year
or web address (422) — is shown at its field and in a summary at the top, with what the curator
typed kept; a text already read is kept too (the form carries its file name), so it need not be
uploaded again.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from catalogue.curation import Curation
from catalogue.errors import InvalidData, PayloadTooLarge, UnsupportedMediaType, Unauthorized
from catalogue.rdf_input import Budget
from catalogue.records import SLUG
from catalogue.review_diff import state_name
from catalogue.service import Catalogue
from catalogue.sessions import COOKIE
from catalogue.source_list import curated_sources
from catalogue.source_upload import LANGUAGES, PATHS, Limits, SourceInput, SourceText, problem, write_source

from ..auth import check_role
from ..deps import get_catalogue
from .curation import get_curation, run_write
from .curator_pages import _LoginNeeded, _lang, _page, _session, _to_login
from .inline_actor import _records

router = APIRouter(include_in_schema=False)
LIST = "/curate/sources"
NEW = "/curate/sources/new"
#: Bytes a form may carry besides the source itself (its other fields and the multipart framing).
FORM_OVERHEAD = 64 * 1024
#: Which form field each problem's path belongs to (the record's properties, and the text's parts).
FIELDS = {**{iri: name for name, iri in PATHS.items()}, "https://w3id.org/symbios/def#fileName": "text",
          "slug": "slug", "text": "text", "file": "file"}
#: The language names the list and the form show (other languages by their code).
LANGUAGE_NAMES = {"sv": {"sv": "svenska", "en": "Swedish"}, "en": {"sv": "engelska", "en": "English"}}


@router.get(LIST, name="source_list")
def source_list(request: Request, catalogue: Catalogue = Depends(get_catalogue),
                curation: Curation = Depends(get_curation)):
    """Every source by title: publisher, year, language, review state and the records citing it."""
    try:
        account, csrf = _session(request)
    except _LoginNeeded:
        return _to_login(request)
    lang = _lang(request)
    rows = curated_sources(catalogue, curation, lang)
    for row in rows:
        row["state_label"] = state_name(row["state"], lang)
        row["language_label"] = LANGUAGE_NAMES.get(row["language"] or "", {}).get(lang, row["language"])
    added = request.query_params.get("added") or ""
    added_row = next((r for r in rows if r["slug"] == added), None) if SLUG.fullmatch(added) else None
    return _page(request, "sources.html", {"lang": lang, "account": account, "csrf": csrf, "sources": rows,
                                           "added": added_row})


def _form_page(request: Request, catalogue: Catalogue, curation: Curation, account, csrf: str, values: SourceInput,
               problems=(), text_file: str = "", pasted: str = "", status: int = 200) -> Response:
    """The new-source form with ``values`` as typed, each problem at its field and in the summary."""
    lang = _lang(request)
    by_field: dict[str, list[str]] = {}
    summary = []
    for found in problems:
        field = FIELDS.get(found.get("path") or "", "general")
        message = found.get(f"message_{lang}") or found.get("message_en") or found.get("message") or ""
        if message and message not in by_field.get(field, []):
            by_field.setdefault(field, []).append(message)
            summary.append({"field": field, "message": message})
    language = values.language
    choice = language if language in ("", *LANGUAGES) else "other"
    return _page(request, "source-new.html", {
        "lang": lang, "account": account, "csrf": csrf, "values": values, "problems": by_field, "summary": summary,
        "language_choice": choice, "language_other": language if choice == "other" else "",
        "text_file": text_file, "pasted": pasted, "publishers": _records(catalogue, curation, "actor", lang),
        "limits": Limits.from_settings(request.app.state.settings)}, status=status)


@router.get(NEW, name="new_source")
def new_source_form(request: Request, catalogue: Catalogue = Depends(get_catalogue),
                    curation: Curation = Depends(get_curation)):
    try:
        account, csrf = _session(request)
    except _LoginNeeded:
        return _to_login(request)
    return _form_page(request, catalogue, curation, account, csrf, SourceInput())


async def _upload(form, limit: int) -> bytes | None:
    """The uploaded file's bytes (at most ``limit`` + 1, enough to tell it is too big), None when none came."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    data = await upload.read(limit + 1)
    return data or None


@router.post(NEW)
async def add_source(request: Request, catalogue: Catalogue = Depends(get_catalogue),
                     curation: Curation = Depends(get_curation)):
    settings = request.app.state.settings
    limits = Limits.from_settings(settings)
    declared = request.headers.get("content-length") or ""
    if declared.isdigit() and int(declared) > limits.max_bytes + FORM_OVERHEAD:  # never read a body that big
        try:
            account, csrf = _session(request)
        except _LoginNeeded:
            return _to_login(request)
        too_big = problem("file", f"Källan är större än {limits.max_bytes} byte, det största som tas emot. Dela upp "
                                  "den, eller klistra in dess text.",
                          f"The source is larger than {limits.max_bytes} bytes, the most accepted. Split it, or paste "
                          "its text.")
        return _form_page(request, catalogue, curation, account, csrf, SourceInput(), [too_big], status=413)
    form = await request.form(max_files=1, max_fields=40, max_part_size=limits.max_bytes + FORM_OVERHEAD)
    try:
        account = request.app.state.sessions.check_csrf(request.cookies.get(COOKIE), form.get("csrf"))
    except Unauthorized:
        return _to_login(request)
    check_role(account, "curator", "Adding a source")
    csrf = form.get("csrf")
    values = SourceInput.from_form(form)
    pasted = form.get("text")
    given = SourceText(pdf=await _upload(form, limits.max_bytes), pasted=pasted if isinstance(pasted, str) else "")
    try:
        version = await run_write(request, lambda budget: write_source(
            curation, request.app.state.source_texts, limits, values, given, account.name,
            new_budget=lambda: Budget.from_settings(settings)))
    except (InvalidData, PayloadTooLarge, UnsupportedMediaType) as error:
        problems = error.details.get("problems") or [problem("general", error.message, error.message)]
        text_file = error.details.get("text_file") or (values.text_file if not given.given else "") or ""
        return _form_page(request, catalogue, curation, account, csrf, values, problems, text_file,
                          given.pasted, error.status)
    slug = version.record.rsplit("/", 1)[-1]
    return RedirectResponse(f"{LIST}?lang={_lang(request)}&added={slug}", status_code=303)
