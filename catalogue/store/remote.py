"""The remote backend: the same :class:`~catalogue.store.Store` over a SPARQL 1.1 server.

Reads go through the SPARQL 1.1 Protocol, writes through SPARQL 1.1 Update and the Graph
Store HTTP Protocol. Only :mod:`catalogue.store` opens one (``SYMBIOS_STORE=sparql+http://…``);
nothing else in Symbios knows which backend runs.

Two engines are tested: Oxigraph server (``oxigraph serve``) and Virtuoso Open Source 7.
Virtuoso needs care, each point measured (see ../shared/notes/engines.md) and tested in
tests/test_remote_store.py:

* a query POSTed as ``application/sparql-query`` hangs: queries go as GET, or as a form POST
  when the URL would be long;
* updates need HTTP Digest on ``/sparql-auth`` (``httpx.DigestAuth``);
* one large ``INSERT DATA`` fails: whole records go through the Graph Store Protocol;
* HEAD on a missing graph answers 501: graphs are looked up with ASK, never HEAD;
* an update request is **not** a transaction (an error half-way leaves the first operations
  applied), and a Graph Store PUT that fails half-way leaves half a graph. So a record is
  written to a staging graph first, which every query excludes (``define
  input:default-graph-exclude``), and switched into place with one ``MOVE``: a failed or
  timed-out upload never touches the published graph.

Oxigraph server (and any server whose update requests are transactions, as SPARQL 1.1 Update
asks) gets one update request per write, which it applies atomically.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import httpx
import pyoxigraph as ox
from rdflib import Graph

from ..errors import BadQuery, QueryTimeout, ResultTooLarge, StoreUnavailable
from ..iris import iri_ref
from .results import remote_solutions

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SCHEMES = ("sparql+http://", "sparql+https://")

#: Graphs a fresh Virtuoso database creates for itself; they are not part of the catalogue.
SYSTEM_GRAPH_PREFIXES = (
    "http://www.openlinksw.com/",
    "http://www.w3.org/ns/ldp#",
    "http://localhost:8890/",
    "http://www.w3.org/2002/07/owl#",
    "urn:activitystreams-owl:map",
)
#: The private graph where a new version of a record is uploaded before it is switched into place.
#: One only: Virtuoso's exclusion pragmas break property paths (`skos:broader*`) as soon as more
#: than one graph is excluded. Writes through it are serialised: in-process by a lock, across
#: processes by the curation database's write transaction (one primary writes; replicas read).
STAGING = ("urn:symbios:staging",)
_STAGING_LOCK = threading.Lock()
_STAGING_FREE = list(STAGING)  # shared by every RemoteStore of the process
_CHECKED: set[str] = set()  # Virtuoso endpoints whose row limit was checked
_CONSTANT_GRAPH = re.compile(r"\b(GRAPH|FROM(\s+NAMED)?)\s*<", re.IGNORECASE)
#: A property path with a repetition (``skos:broader*``, ``(a|b)+``, ``ex:p?``): Virtuoso 7.2 answers
#: such a query with no rows once a graph is excluded, so it goes without the exclusion pragmas.
_REPEATED_PATH = re.compile(r"(?:(?<![?$\w])[A-Za-z_][\w.-]*:[\w.-]*|<[^<>\s]*>|\))[*+?](?=[\s/|)^<?$])")
#: Longest GET URL sent; longer queries go as a form POST.
MAX_GET = 4000
#: Graphs read per request when a whole dump is assembled.
GRAPH_BATCH = 200


@dataclass(frozen=True)
class Endpoints:
    """Where the remote engine answers, and how to authenticate updates."""

    query: str
    update: str
    graph_store: str = ""
    user: str = ""
    password: str = ""
    auth: str = "digest"  # or "basic"
    engine: str = "auto"  # "virtuoso", "oxigraph", "generic" (transactional updates) or "auto"

    @classmethod
    def parse(cls, location: str, update: str = "", graph_store: str = "", user: str = "",
              password: str = "", auth: str = "", engine: str = "") -> "Endpoints":
        """``sparql+http://host:port/path`` plus optional settings; the engine's usual update and
        Graph Store paths are filled in when not given (Virtuoso: /sparql-auth,
        /sparql-graph-crud-auth; Oxigraph: /update, /store)."""
        if not location.startswith(SCHEMES):
            raise ValueError(f"Not a remote store location: {location!r}")
        query = location.split("+", 1)[1]
        parts = urlsplit(query)
        if not parts.netloc:
            raise ValueError(f"SYMBIOS_STORE={location!r} names no host: use sparql+http://host:port/path.")
        root = f"{parts.scheme}://{parts.netloc}"
        if parts.path.endswith("/query"):  # Oxigraph server's layout
            update = update or query[: -len("query")] + "update"
            graph_store = graph_store or query[: -len("query")] + "store"
        elif parts.path.rstrip("/").endswith("/sparql"):  # Virtuoso's layout
            update = update or root + "/sparql-auth"
            graph_store = graph_store or root + "/sparql-graph-crud-auth"
        if auth and auth not in ("digest", "basic"):
            raise ValueError(f"SYMBIOS_STORE_AUTH={auth!r}: use digest or basic.")
        if engine and engine not in ("auto", "virtuoso", "oxigraph", "generic"):
            raise ValueError(f"SYMBIOS_STORE_ENGINE={engine!r}: use auto, virtuoso, oxigraph or generic.")
        return cls(query=query, update=update or query, graph_store=graph_store, user=user,
                   password=password, auth=auth or "digest", engine=engine or "auto")


# ----------------------------------------------------------------------------- terms


def _json_to_ox(value: dict):
    kind = value["type"]
    if kind == "uri":
        return ox.NamedNode(value["value"])
    if kind == "bnode":
        return ox.BlankNode(_bnode_id(value["value"]))
    language = value.get("xml:lang")
    if language:
        return ox.Literal(value["value"], language=language)
    datatype = value.get("datatype")
    if datatype and datatype != XSD_STRING:
        return ox.Literal(value["value"], datatype=ox.NamedNode(datatype))
    return ox.Literal(value["value"])


def _bnode_id(label: str) -> str:
    """Virtuoso names blank nodes nodeID://b123; keep a valid blank node label."""
    return "".join(c if c.isalnum() else "_" for c in label)


def _graphs_bound(names: Iterable[str]) -> str:
    """``VALUES ?g { … }``: graph names bound to ?g, each checked as an IRI first (ValueError if not)."""
    return "VALUES ?g { " + " ".join(iri_ref(name) for name in names) + " }"


def replace_update(graphs: Mapping[str, Graph], drop: Iterable[str]) -> str:
    """One SPARQL Update that drops ``drop`` and replaces each graph by its triples ("" if none).

    ``DROP GRAPH`` and ``INSERT DATA`` take no variables, so the graph names are written into the
    text, each checked as an IRI first (:func:`~catalogue.iris.iri_ref`)."""
    parts = [f"DROP SILENT GRAPH {iri_ref(name)}" for name in drop]
    for name, graph in graphs.items():
        parts.append(f"DROP SILENT GRAPH {iri_ref(name)}")
        body = graph.serialize(format="nt")
        if body.strip():
            parts.append(f"INSERT DATA {{ GRAPH {iri_ref(name)} {{\n{body}\n}} }}")
    return " ;\n".join(parts)


# ----------------------------------------------------------------------------- the store


class RemoteStore:
    """The catalogue's quad store on a SPARQL 1.1 server (see the module docstring)."""

    def __init__(self, endpoints: Endpoints, location: str, timeout: float = 60.0) -> None:
        self.endpoints = endpoints
        self.location = location
        self.timeout = timeout
        auth = None
        if endpoints.user:
            auth = (httpx.DigestAuth if endpoints.auth == "digest" else httpx.BasicAuth)(endpoints.user, endpoints.password)
        self._client = httpx.Client(timeout=timeout, headers={"User-Agent": "Symbios"})
        self._auth = auth
        self._hidden: tuple[str, ...] = ()
        self.engine = ""
        self.engine = endpoints.engine if endpoints.engine != "auto" else self._detect_engine()
        self._hidden = STAGING if self.engine == "virtuoso" else ()
        if self.engine == "virtuoso" and endpoints.query not in _CHECKED:
            self._check_row_limit()
            _CHECKED.add(endpoints.query)

    def _check_row_limit(self) -> None:
        """Virtuoso cuts every result at ResultSetMaxRows (10 000 by default); Symbios reads whole
        result sets (its indexes), so it refuses to start on a server set that low."""
        numbers = " ".join(str(n) for n in range(101))
        try:
            self.solutions(f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers[:-4]} }} }}")
        except ResultTooLarge as error:
            raise StoreUnavailable(
                f"The Virtuoso at {self.endpoints.query} cuts results at 10 000 rows or fewer. Set ResultSetMaxRows "
                "to at least 10000000 in the [SPARQL] section of virtuoso.ini (as .ci/virtuoso does) and restart it."
            ) from error

    def _detect_engine(self) -> str:
        response = self._send_query("ASK {}", "application/sparql-results+json", prologue=False)
        server = response.headers.get("server", "").lower()
        if "virtuoso" in server:
            return "virtuoso"
        if "oxigraph" in server:
            return "oxigraph"
        return "generic"

    def close(self) -> None:
        self._client.close()

    # -- HTTP ------------------------------------------------------------------------

    def _prologue(self, text: str, params) -> str:
        """Virtuoso: hide the staging graph. Its exclusion pragmas make a constant ``GRAPH <…>``
        pattern match nothing (and ASK answer true), so a query naming its graphs or its dataset
        goes without them; Symbios' own queries bind graphs with VALUES. (Virtuoso's own system
        graphs stay in the union: excluding more than one graph breaks property paths.) A query
        with a repeated property path goes without them too: Virtuoso 7.2.5 then finds no rows even
        with one graph excluded; such a query may see a record being replaced twice for that instant."""
        if (not self._hidden or _CONSTANT_GRAPH.search(text) or _REPEATED_PATH.search(text)
                or any(k.endswith("graph-uri") for k, _ in params)):
            return ""
        return "".join(f"define input:default-graph-exclude {iri_ref(g)} define input:named-graph-exclude {iri_ref(g)} "
                       for g in self._hidden)

    def _send_query(self, text: str, accept: str, params: Iterable[tuple[str, str]] = (),
                    timeout: float | None = None, prologue: bool = True) -> httpx.Response:
        """GET, or a form POST when long: never a direct application/sparql-query POST, which
        Virtuoso leaves hanging."""
        params = list(params)
        query = (self._prologue(text, params) if prologue else "") + text
        fields = [("query", query), *params]
        if self.engine == "oxigraph" and not any(k in ("default-graph-uri", "named-graph-uri") for k, _ in params):
            fields.append(("union-default-graph", ""))
        if self.engine == "virtuoso" and timeout:
            fields.append(("timeout", str(int(timeout * 1000))))
        headers = {"Accept": accept}
        try:
            encoded = urlencode(fields)
            if len(self.endpoints.query) + len(encoded) < MAX_GET:
                response = self._client.get(f"{self.endpoints.query}?{encoded}", headers=headers,
                                            timeout=timeout or self.timeout)
            else:
                response = self._client.post(self.endpoints.query, data=dict(fields), headers=headers,
                                             timeout=timeout or self.timeout)
        except httpx.TimeoutException as error:
            raise QueryTimeout("The query ran past the time limit and was stopped.") from error
        except httpx.HTTPError as error:
            raise self._unavailable(self.endpoints.query, error) from error
        if response.headers.get("x-sql-state") == "S1TAT":  # Virtuoso's partial "anytime" answer
            raise QueryTimeout("The query ran past the time limit and was stopped.")
        if response.status_code >= 400:
            raise self._query_error(response, text)
        return response

    def _unavailable(self, url: str, error: Exception) -> StoreUnavailable:
        return StoreUnavailable(
            f"The SPARQL server at {url} did not answer ({error.__class__.__name__}: {error}). "
            "Check that it runs and that SYMBIOS_STORE points at it; nothing was changed."
        )

    def _query_error(self, response: httpx.Response, text: str) -> Exception:
        message = response.text.strip().split("\n\nSPARQL query:")[0][:500]
        if response.status_code in (400, 500) and ("syntax" in message.lower() or "parse" in message.lower()
                                                   or response.status_code == 400):
            line = column = None
            match = re.search(r"line (\d+)(?:[^\d]+column (\d+))?", message) or re.search(r"(\d+):(\d+)", message)
            if match:
                line = int(match.group(1))
                column = int(match.group(2)) if match.group(2) else None
            where = f" at line {line}" + (f", column {column}" if column else "") if line else ""
            return BadQuery(f"The SPARQL query does not parse{where}: {message}. Check the syntax and try again.",
                            line=line, column=column)
        if response.status_code in (502, 503, 504):
            return StoreUnavailable(f"The SPARQL server is unavailable ({response.status_code}): {message}")
        return StoreUnavailable(f"The SPARQL server refused the query ({response.status_code}): {message}")

    def _send_update(self, text: str) -> None:
        """One SPARQL Update request, form-encoded, with the configured credentials."""
        try:
            response = self._client.post(self.endpoints.update, data={"update": text}, auth=self._auth)
        except httpx.TimeoutException as error:
            raise StoreUnavailable(f"The SPARQL server did not finish the update in {self.timeout:g} s; "
                                   "the previous version is still in place.") from error
        except httpx.HTTPError as error:
            raise self._unavailable(self.endpoints.update, error) from error
        self._check_write(response, self.endpoints.update)

    def _check_write(self, response: httpx.Response, url: str) -> None:
        if response.status_code in (401, 403) or "SR186" in response.text[:2000]:
            raise StoreUnavailable(
                f"The SPARQL server at {url} refused the write ({response.status_code}): check "
                "SYMBIOS_STORE_USER, SYMBIOS_STORE_PASSWORD and SYMBIOS_STORE_AUTH (Virtuoso wants digest)."
            )
        if response.status_code >= 400:
            raise StoreUnavailable(f"The SPARQL server at {url} rejected the write ({response.status_code}): "
                                   f"{response.text.strip()[:300]}")

    def _put_graph(self, name: str, body: bytes, method: str = "PUT", content_type: str = "application/n-triples") -> None:
        """Graph Store Protocol: replace (PUT) or add to (POST) one graph."""
        if not self.endpoints.graph_store:
            raise StoreUnavailable("No Graph Store Protocol endpoint is configured: set SYMBIOS_STORE_GRAPH_STORE.")
        parameter = "graph-uri" if self.engine == "virtuoso" else "graph"
        if self.engine == "virtuoso" and content_type == "application/n-triples":
            content_type = "text/turtle"  # Virtuoso reads N-Triples as the Turtle subset it is
        try:
            response = self._client.request(method, self.endpoints.graph_store, params={parameter: name},
                                            content=body, headers={"Content-Type": content_type}, auth=self._auth)
        except httpx.TimeoutException as error:
            raise StoreUnavailable(f"The SPARQL server did not take the record in {self.timeout:g} s; "
                                   "the previous version is still in place.") from error
        except httpx.HTTPError as error:
            raise self._unavailable(self.endpoints.graph_store, error) from error
        self._check_write(response, self.endpoints.graph_store)

    # -- reading ------------------------------------------------------------------------

    def query_json(self, text: str, timeout: float | None = None,
                   params: Iterable[tuple[str, str]] = ()) -> dict:
        response = self._send_query(text, "application/sparql-results+json", params, timeout)
        try:
            document = json.loads(response.content)
        except ValueError as error:
            raise StoreUnavailable(f"The SPARQL server sent results that are not JSON: {response.text[:200]}") from error
        self._check_complete(response, len(document.get("results", {}).get("bindings", ())))
        return document

    def _check_complete(self, response: httpx.Response, count: int) -> None:
        """Virtuoso cuts a result at 2^20 rows over HTTP whatever ResultSetMaxRows says, and says
        so only in an ``X-SPARQL-MaxRows`` header: a cut result is an error, never a silent answer."""
        cap = response.headers.get("x-sparql-maxrows", "")
        if cap.isdigit() and count >= int(cap):
            raise ResultTooLarge(f"The SPARQL server cut the result at {cap} rows (its row cap). Narrow the query "
                                 "or read it in parts (catalogue/queries.py select_all).")

    def solutions(self, text: str, timeout: float | None = None,
                  params: Iterable[tuple[str, str]] = ()) -> tuple[list[str], list[dict]] | bool:
        """(variables, rows of pyoxigraph terms by name) for SELECT, a bool for ASK."""
        document = self.query_json(text, timeout, params)
        if "boolean" in document:
            return bool(document["boolean"])
        variables = document["head"].get("vars", [])
        rows = [{name: _json_to_ox(value) for name, value in binding.items()}
                for binding in document["results"]["bindings"]]
        return variables, rows

    def results(self, text: str, timeout: float | None = None,
                params: Iterable[tuple[str, str]] = ()) -> "ox.QuerySolutions | bool":
        """The server's JSON results read by the engine's own parser (so the engine's writers can
        write them, :mod:`catalogue.store.results`): solutions for SELECT, a bool for ASK."""
        document = self.query_json(text, timeout, params)
        if "boolean" in document:
            return bool(document["boolean"])
        for binding in document.get("results", {}).get("bindings", ()):
            for value in binding.values():
                if value.get("type") == "bnode":
                    value["value"] = _bnode_id(value["value"])
        try:
            return remote_solutions(document)
        except (SyntaxError, ValueError) as error:
            raise StoreUnavailable(f"The SPARQL server sent results that do not parse: {error}") from error

    def triples(self, text: str, timeout: float | None = None, params: Iterable[tuple[str, str]] = ()) -> list:
        response = self._send_query(text, "application/n-triples", params, timeout)
        content = response.content
        if content.lstrip().startswith(b"#") and b"\n<" not in content and b"\n_:" not in content:
            return []  # Virtuoso's "# Empty NT"
        try:
            triples = list(ox.parse(content, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as error:
            raise StoreUnavailable(f"The SPARQL server sent N-Triples that do not parse: {error}") from error
        self._check_complete(response, len(triples))
        return triples

    def graph_names(self) -> list[str]:
        variables_rows = self.solutions("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        names = {row["g"].value for row in variables_rows[1] if isinstance(row.get("g"), ox.NamedNode)}
        return sorted(n for n in names if not n.startswith(("urn:symbios:", *SYSTEM_GRAPH_PREFIXES)))

    def has_graph(self, name: str) -> bool:
        """ASK, not HEAD: Virtuoso answers HEAD on a missing graph with 501."""
        return bool(self.solutions(f"ASK {{ {_graphs_bound([name])} GRAPH ?g {{ ?s ?p ?o }} }}"))

    def graph_triples(self, name: str) -> list:
        return self.triples(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {_graphs_bound([name])} GRAPH ?g {{ ?s ?p ?o }} }}")

    def quads_of(self, names: list[str]) -> Iterator[ox.Quad]:
        """Every quad of the given graphs, graph after graph, a batch of graphs per request."""
        for start in range(0, len(names), GRAPH_BATCH):
            batch = names[start:start + GRAPH_BATCH]
            _, rows = self.solutions(f"SELECT ?g ?s ?p ?o WHERE {{ {_graphs_bound(batch)} GRAPH ?g {{ ?s ?p ?o }} }}")
            by_graph: dict[str, list[ox.Quad]] = {}
            for row in rows:
                by_graph.setdefault(row["g"].value, []).append(ox.Quad(row["s"], row["p"], row["o"], row["g"]))
            for name in batch:
                yield from by_graph.get(name, ())

    def count_quads(self) -> int:
        _, rows = self.solutions("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        owned = set(self.graph_names())
        return sum(int(row["n"].value) for row in rows if row["g"].value in owned)

    # -- writing ------------------------------------------------------------------------

    def replace(self, graphs: Mapping[str, Graph], drop: Iterable[str]) -> None:
        drop = list(drop)
        if self.engine == "virtuoso":
            self._replace_staged(graphs, drop)
            return
        update = replace_update(graphs, drop)
        if update:
            self._send_update(update)

    def _replace_staged(self, graphs: Mapping[str, Graph], drop: list[str]) -> None:
        """Upload each graph to a staging graph, then switch it into place with one MOVE."""
        for name, graph in graphs.items():
            body = graph.serialize(format="nt", encoding="utf-8")
            if not graph:
                self._send_update(f"DROP SILENT GRAPH {iri_ref(name)}")
                continue
            staging = self._take_staging()
            try:
                self._put_graph(staging, body)
                self._send_update(f"MOVE SILENT GRAPH {iri_ref(staging)} TO GRAPH {iri_ref(name)}")
            finally:
                self._give_back(staging)
        for start in range(0, len(drop), GRAPH_BATCH):  # one request drops a batch of graphs
            self._send_update(" ;\n".join(f"DROP SILENT GRAPH {iri_ref(name)}" for name in drop[start:start + GRAPH_BATCH]))

    def _take_staging(self) -> str:
        for _ in range(600):
            with _STAGING_LOCK:
                if _STAGING_FREE:
                    return _STAGING_FREE.pop()
            time.sleep(0.05)
        raise StoreUnavailable("The staging graph has been busy for 30 s; try the write again.")

    def _give_back(self, staging: str) -> None:
        with _STAGING_LOCK:
            _STAGING_FREE.append(staging)

    def load_graph_text(self, name: str, body: bytes, content_type: str) -> None:
        """Bulk: put a whole graph's serialised text straight into place (not staged)."""
        self._put_graph(name, body, "PUT", content_type)

