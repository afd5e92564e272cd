"""IRIs from outside: the one check every request-given IRI passes before it reaches the store.

An IRI named in a request (``/graph-store?graph=``, ``default-graph-uri``, ``named-graph-uri``)
must be an absolute IRI in the syntax of RFC 3987: a scheme, a colon, and then only characters an
IRI may hold (unreserved and non-ASCII letters, the delimiters, well-formed ``%XX`` escapes), at
most one ``#``. That excludes everything SPARQL forbids inside ``<…>`` (``<>"{}|^`\\``, spaces and
control characters), so a checked IRI can never close the IRI it is written in and change a
query's shape. The store still passes such values as bound terms wherever SPARQL allows one;
:func:`iri_ref` writes one into query text only where SPARQL has no variable to bind (Update's
``DROP GRAPH``, Virtuoso's ``define`` pragmas), and only after the same check.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from .errors import BadRequest

#: Longest IRI accepted from a request (characters).
MAX_IRI = 2048

# RFC 3987: iunreserved / pct-encoded / sub-delims / ":" / "@" / "/" / "?" / "#" / "[" / "]"
# (gen-delims), where ucschar and iprivate are non-ASCII code points outside the surrogates and
# the noncharacters.
_ASCII = r"A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]"
_UCS = "\u00a0-\ud7ff\ue000-\ufdcf\ufdf0-\uffef\U00010000-\U000dfffd\U000e1000-\U0010fffd"
_IRI = re.compile(rf"[A-Za-z][A-Za-z0-9+.\-]*:(?:[{_ASCII}{_UCS}]|%[0-9A-Fa-f]{{2}})*")


#: RFC 3987's iprivate: private-use code points, allowed only in the query.
_PRIVATE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
#: The one place "[" and "]" may appear: around an IP-literal host, e.g. http://[::1]:8080/.
_IP_LITERAL = re.compile(r"//(?:[^/?#@]*@)?\[[0-9A-Za-z:.]+\](?::[0-9]*)?(?:[/?#]|$)")


def _placed(value: str) -> bool:
    """Private-use characters only in the query, brackets only around an IP-literal host (the
    store's IRI parser refuses them elsewhere, as RFC 3987 does)."""
    rest = value.split(":", 1)[1]
    before_fragment, _, fragment = rest.partition("#")
    hierarchy = before_fragment.partition("?")[0]
    if _PRIVATE.search(hierarchy) or _PRIVATE.search(fragment):
        return False
    brackets = rest.count("[") + rest.count("]")
    return brackets == 0 or (brackets == 2 and _IP_LITERAL.match(rest) is not None)


def is_iri(value: object) -> bool:
    """True when ``value`` is an absolute IRI (RFC 3987 syntax) no longer than :data:`MAX_IRI`."""
    return (isinstance(value, str) and len(value) <= MAX_IRI and value.count("#") <= 1
            and _IRI.fullmatch(value) is not None
            and not any(0xFFFE <= (ord(c) & 0xFFFF) for c in value if ord(c) > 0xFFFF)
            and _placed(value))


def checked_iri(value: str, parameter: str) -> str:
    """``value`` when it is an absolute IRI; else a 400 naming ``parameter`` and what is wrong."""
    if is_iri(value):
        return value
    if not isinstance(value, str) or not value:
        problem = "it is empty"
    elif len(value) > MAX_IRI:
        problem = f"it is longer than {MAX_IRI} characters"
    elif not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", value):
        problem = "it has no scheme (such as https:)"
    else:
        bad = sorted({c for c in value if not re.fullmatch(rf"[{_ASCII}{_UCS}%]", c)})
        problem = (f"it holds {', '.join(repr(c) for c in bad)}, which an IRI cannot" if bad
                   else "it has a malformed %-escape, more than one #, a private-use character outside the query "
                   "or a bracket outside an IP-literal host")
    shown = value[:80] + ("…" if len(value) > 80 else "") if isinstance(value, str) else value
    raise BadRequest(f"{parameter!r} must be an absolute IRI (RFC 3987), such as "
                     f"https://w3id.org/symbios/id/initiative/<slug>, but {problem}: {shown!r}. "
                     "Percent-encode characters such as spaces and <>.", parameter=parameter)


def iri_ref(value: str) -> str:
    """``<value>`` for SPARQL text where no variable can be bound; ValueError if not an IRI."""
    if not is_iri(value):
        raise ValueError(f"Not an IRI, so not written into a query: {value!r}")
    return URIRef(value).n3()
