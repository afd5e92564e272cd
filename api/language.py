"""The language of an answer: ?lang= first, then Accept-Language (by its q-values), then Swedish.

Two doors: :func:`choose_language` for the JSON API, strict (``lang`` other than ``sv`` or ``en`` is a
400 naming both), and :func:`page_language` for HTML pages, lenient, because their URLs are shared
in newsletters and mails: a regional or upper-case tag counts as its base language (``sv-SE`` → sv,
``EN`` → en) and an unknown one (``lang=xx``) is passed over for Accept-Language, then Swedish.
"""

from __future__ import annotations

from urllib.parse import urlencode

from werkzeug.datastructures import Accept
from werkzeug.http import parse_accept_header

from catalogue.errors import BadRequest

from .edge import page_query_text

LANGUAGES = ("sv", "en")
DEFAULT = "sv"
#: Most entries of an Accept-Language header looked at (a browser sends a handful).
MAX_ACCEPT_ENTRIES = 32


def _base(tag: str) -> str:
    """The primary subtag of a language tag, lower case: ``sv-SE`` → ``sv``, ``EN`` → ``en``."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def accepted_language(accept_language: str | None) -> str | None:
    """The one of :data:`LANGUAGES` that Accept-Language asks for most, or None when it names neither.

    Parsed by Werkzeug (``parse_accept_header``, RFC 9110 §12.5.4; #22 item 7): ``q=0`` means "not this
    one", an unreadable q-value drops its entry, ``*`` stands for any language not named. Each tag counts
    as its primary language (``sv-SE`` is a wish for sv, RFC 4647 lookup). Of two equal wishes the one
    named first wins (``en, sv`` is English: people list languages in the order they read them), then
    Swedish.
    """
    if not accept_language or not accept_language.strip():
        return None
    parsed = parse_accept_header(",".join(accept_language.split(",")[:MAX_ACCEPT_ENTRIES]))
    named = [(tag if tag == "*" else _base(tag), quality) for tag, quality in parsed]
    if not any(tag in LANGUAGES for tag, _ in named):
        return None  # only other languages, or only "*": no wish for either of ours
    accept = Accept(named)
    order = [tag for tag, _ in named]
    wishes = [(accept[language], -(order.index(language) if language in order else len(order)), language)
              for language in LANGUAGES]
    quality, _, language = max(wishes)
    return language if quality > 0 else None


def choose_language(explicit: str | None, accept_language: str | None) -> str:
    """For the JSON API: ``explicit`` must be sv or en (else a 400); without it, Accept-Language, else sv."""
    if explicit is not None:
        if explicit not in LANGUAGES:
            raise BadRequest(f"Unknown language '{str(explicit)[:40]}'. Use lang=sv or lang=en.", parameter="lang",
                             accepted=list(LANGUAGES))
        return explicit
    return accepted_language(accept_language) or DEFAULT


def page_language(explicit: str | None, accept_language: str | None) -> str:
    """For HTML pages, never an error: ``explicit``'s base language when it is sv or en (``sv-SE``, ``EN``),
    else Accept-Language, else sv."""
    if explicit and _base(explicit) in LANGUAGES:
        return _base(explicit)
    return accepted_language(accept_language) or DEFAULT


def request_page_language(request) -> str:
    """:func:`page_language` of a request's ``?lang=`` and Accept-Language."""
    return page_language(request.query_params.get("lang"), request.headers.get("accept-language"))


#: Query parameters that only say where a visitor came from (newsletters, ads, social media): never
#: carried into a link a page makes. Pages with a known set of parameters drop every other one too.
TRACKING_PREFIXES = ("utm_", "mc_", "_hs", "pk_", "mtm_", "hsa_")
TRACKING = {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "li_fat_id",
            "_ga", "_gl", "ref_src", "s_cid", "mkt_tok", "oly_enc_id", "oly_anon_id", "vero_id", "wickedid"}


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING or lowered.startswith(TRACKING_PREFIXES)


def language_url(request, lang: str, known: list[tuple[str, str]] | None = None) -> str:
    """This page in ``lang`` (the language switch of base.html): the page's ``known`` parameters when it
    gives them (the search and finding pages do), else those of the request's parameters that its route
    declares (an unknown one, tracking or not, is left out), ``q`` cut to SYMBIOS_QUERY_TEXT_MAX."""
    limit = request.app.state.settings.query_text_max
    if known is None:
        dependant = getattr(request.scope.get("route"), "dependant", None)
        declared = {param.alias for param in getattr(dependant, "query_params", [])}
        known = [(name, value) for name, value in request.query_params.multi_items() if name in declared]
    pairs = []
    for name, value in known:
        if name == "lang" or is_tracking(name):
            continue
        if name == "q":
            value = page_query_text(value, limit)[0] or ""
        pairs.append((name, value))
    return f"{request.url.path}?{urlencode([*pairs, ('lang', lang)])}"
