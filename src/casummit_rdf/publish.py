"""Publish an edition of the graph into a named graph of any SPARQL 1.1 store, atomically.

The steps, each one HTTP request (or a few, for loading):

1. count the target graph (this also checks the endpoint can be reached);
2. ``DROP SILENT GRAPH <staging>`` — a staging graph named after the target, so a crashed
   earlier run's leftovers are cleared;
3. load the triples into the staging graph: Graph Store Protocol ``PUT`` of N-Triples when
   ``--gsp`` is given, else SPARQL 1.1 ``INSERT DATA`` in batches (all blank-node triples in one
   batch, so blank nodes keep their identity);
4. count the staging graph and compare with the local count; on a mismatch drop it and stop;
5. ``MOVE SILENT GRAPH <staging> TO GRAPH <target>`` — one update request, which the store runs
   as one transaction (Oxigraph, Virtuoso), so the target holds either the old or the new graph;
6. count the target, then run the flagship canned query on the store (``default-graph-uri`` =
   target) and compare its answer with the local one.

A failure before step 5 leaves the target untouched; re-running replaces the graph with the same
triples, so publishing twice changes nothing. Credentials come from ``CASUMMIT_USER`` /
``CASUMMIT_PASSWORD`` or ``~/.netrc`` (``$NETRC``) and are never printed or logged. Requests carry
the User-Agent ``casummit-rdf/<version> (+https://w3id.org/casummit)``. HTTP 429, 502, 503 and
504 are retried with exponential backoff, honouring ``Retry-After`` (seconds or HTTP date), at
most ``retries`` times and never waiting longer than ``max_delay`` per try (RDFLib/sparqlwrapper#138).
"""

from __future__ import annotations

import email.utils
import hashlib
import http.client
import json
import netrc
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any, TypeVar

import pyoxigraph as ox

from casummit_rdf import __version__
from casummit_rdf.errors import CasummitError, RemoteError
from casummit_rdf.release.editions import GRAPH_BASE, Edition
from casummit_rdf.graph import PathLike
from casummit_rdf.namespaces import XSD

PROJECT_URL = "https://w3id.org/casummit"
USER_AGENT = f"casummit-rdf/{__version__} (+{PROJECT_URL})"
ENV_USER, ENV_PASSWORD = "CASUMMIT_USER", "CASUMMIT_PASSWORD"
RETRY_STATUSES = frozenset({429, 502, 503, 504})

T = TypeVar("T")


class PublishError(RemoteError):
    """A publish that failed after the store was reached (the target graph is then left as it was).

    ``str()`` is one line and never holds credentials.
    """

    def __init__(self, message: str):
        super().__init__(" ".join(message.split()))


class PublishInputError(CasummitError):
    """A publish that cannot start: a bad URL, IRI or option value, or a store that cannot be reached."""

    def __init__(self, message: str):
        super().__init__(" ".join(message.split()))


# ---------------------------------------------------------------------------------------------
# Input checks


_IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")


def check_url(url: str, what: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL without credentials; else raise (exit 2)."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname or any(c.isspace() for c in url):
        raise PublishInputError(f"{what} {url!r} is not an http(s) URL")
    if parsed.username or parsed.password:
        raise PublishInputError(f"{what} must not carry credentials; set {ENV_USER}/{ENV_PASSWORD} or use ~/.netrc")
    try:
        parsed.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise PublishInputError(f"{what} {url!r} has an invalid port") from None
    return url


def check_iri(iri: str) -> str:
    """Return ``iri`` if it is an absolute IRI that SPARQL accepts in ``<…>``; else raise (exit 2)."""
    if not _IRI_RE.match(iri):
        raise PublishInputError(f"graph {iri!r} is not an absolute IRI")
    return iri


def staging_graph(target: str) -> str:
    """The staging graph IRI for a target graph: stable, so leftovers are found and dropped."""
    return f"urn:casummit:staging:{hashlib.sha256(target.encode('utf-8')).hexdigest()[:24]}"


@dataclass(frozen=True)
class PublishOptions:
    """Where and how to publish. Build it with :meth:`from_args`, which checks every value."""

    endpoint: str
    update_endpoint: str
    gsp: str | None
    graph: str
    edition: Edition = Edition.BASE
    batch_size: int = 1000
    http_auth: str = "basic"
    retries: int = 5
    timeout: float = 60.0
    backoff: float = 0.5  # first retry delay in seconds, doubled each try
    max_delay: float = 30.0  # cap on one wait, also for a long Retry-After

    @classmethod
    def from_args(
        cls,
        endpoint: str,
        update_endpoint: str | None = None,
        gsp: str | None = None,
        graph: str | None = None,
        edition: Edition = Edition.BASE,
        **kwargs: Any,
    ) -> PublishOptions:
        check_url(endpoint, "--endpoint")
        if update_endpoint:
            check_url(update_endpoint, "--update-endpoint")
        if gsp:
            check_url(gsp, "--gsp")
        graph = check_iri(graph or GRAPH_BASE + edition.value)
        options = cls(endpoint, update_endpoint or endpoint, gsp, graph, edition, **kwargs)
        if options.batch_size < 1:
            raise PublishInputError("--batch-size must be at least 1")
        if options.retries < 0:
            raise PublishInputError("--retries must not be negative")
        if options.http_auth not in ("basic", "digest"):
            raise PublishInputError("--http-auth must be basic or digest")
        return options


# ---------------------------------------------------------------------------------------------
# Credentials


def credentials_for(url: str) -> tuple[str, str] | None:
    """User and password for ``url``: environment first, then netrc; ``None`` if neither has them."""
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if user and password is not None:
        return user, password
    host = urllib.parse.urlsplit(url).hostname or ""
    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError):
        # The parser's message can quote the file's content (a password): say only where.
        raise PublishInputError(f"cannot read credentials from {path} (parse error)") from None
    if entry and entry[0] and entry[2] is not None:
        return entry[0], entry[2]
    return None


# ---------------------------------------------------------------------------------------------
# HTTP with retries


class Remote:
    """One SPARQL store: query, update and (optionally) Graph Store endpoints, with retries."""

    def __init__(self, options: PublishOptions, *, sleep: Callable[[float], None] = time.sleep):
        self.options = options
        self._sleep = sleep
        self.requests = 0
        self.retried = 0
        self._credentials = credentials_for(options.update_endpoint)

    # -- retry loop ---------------------------------------------------------------------------

    def _retrying(self, what: str, url: str, call: Callable[[], T]) -> T:
        from SPARQLWrapper.SPARQLExceptions import (
            EndPointInternalError,
            EndPointNotFound,
            QueryBadFormed,
            Unauthorized,
        )

        attempt = 0
        while True:
            self.requests += 1
            try:
                return call()
            except urllib.error.HTTPError as error:
                if error.code in RETRY_STATUSES and attempt < self.options.retries:
                    delay = self._delay(error.headers.get("Retry-After") if error.headers else None, attempt)
                    attempt += 1
                    self.retried += 1
                    self._sleep(delay)
                    continue
                suffix = f" after {attempt} retries" if attempt else ""
                if error.code == 401:
                    raise PublishError(f"{what}: authentication failed (HTTP 401) at {url}") from None
                raise PublishError(f"{what}: HTTP {error.code} {error.reason or ''}{suffix} at {url}{_body(error)}") from None
            except Unauthorized:
                raise PublishError(f"{what}: authentication failed (HTTP 401) at {url}") from None
            except EndPointInternalError as error:
                raise PublishError(f"{what}: HTTP 500 server error at {url}{_brief(error)}") from None
            except QueryBadFormed as error:
                raise PublishError(f"{what}: HTTP 400 request rejected at {url}{_brief(error)}") from None
            except EndPointNotFound:
                raise PublishError(f"{what}: HTTP 404 no such endpoint {url}") from None
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, socket.timeout, TimeoutError) as error:
                reason = getattr(error, "reason", None) or error
                raise PublishError(f"{what}: connection to {url} failed: {_one_line(reason)}") from None

    def _delay(self, retry_after: str | None, attempt: int) -> float:
        delay = self.options.backoff * (2**attempt)
        if retry_after:
            value = retry_after.strip()
            if value.isdigit():
                delay = float(value)
            else:
                try:
                    when = email.utils.parsedate_to_datetime(value)
                    delay = max(0.0, when.timestamp() - time.time())
                except (TypeError, ValueError):
                    pass
        return min(delay, self.options.max_delay)

    # -- SPARQL -------------------------------------------------------------------------------

    def _wrapper(self):  # noqa: ANN202 - SPARQLWrapper
        from SPARQLWrapper import BASIC, DIGEST, JSON, POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.options.endpoint, updateEndpoint=self.options.update_endpoint, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.setReturnFormat(JSON)
        wrapper.setTimeout(int(max(1, self.options.timeout)))
        if self._credentials:
            wrapper.setHTTPAuth(DIGEST if self.options.http_auth == "digest" else BASIC)
            wrapper.setCredentials(*self._credentials)
        return wrapper

    def update(self, text: str, what: str) -> None:
        """Run one SPARQL Update request."""

        def call() -> None:
            wrapper = self._wrapper()
            wrapper.setQuery(text)
            wrapper.query().response.read()

        self._retrying(what, self.options.update_endpoint, call)

    def select(self, text: str, what: str, default_graph: str | None = None) -> dict[str, Any]:
        """Run one SELECT/ASK query; return the SPARQL JSON result document."""

        def call() -> dict[str, Any]:
            wrapper = self._wrapper()
            wrapper.setQuery(text)
            if default_graph:
                wrapper.addDefaultGraph(default_graph)
            raw = wrapper.query().response.read()
            try:
                return json.loads(raw)
            except ValueError:
                raise PublishError(f"{what}: the store did not answer with SPARQL JSON") from None

        return self._retrying(what, self.options.endpoint, call)

    def count(self, graph: str, what: str) -> int:
        result = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", what)
        try:
            return int(result["results"]["bindings"][0]["n"]["value"])
        except (KeyError, IndexError, ValueError):
            raise PublishError(f"{what}: unexpected answer to a COUNT query") from None

    # -- Graph Store Protocol -----------------------------------------------------------------

    def gsp_put(self, graph: str, body: bytes, what: str) -> None:
        """PUT N-Triples into ``graph`` through the Graph Store HTTP Protocol."""
        assert self.options.gsp
        url = _with_query(self.options.gsp, {"graph": graph})

        def call() -> None:
            request = urllib.request.Request(url, data=body, method="PUT")
            request.add_header("Content-Type", "application/n-triples")
            request.add_header("User-Agent", USER_AGENT)
            opener = urllib.request.build_opener()
            if self._credentials:
                manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                manager.add_password(None, self.options.gsp, *self._credentials)
                handler = (
                    urllib.request.HTTPDigestAuthHandler(manager)
                    if self.options.http_auth == "digest"
                    else urllib.request.HTTPBasicAuthHandler(manager)
                )
                opener.add_handler(handler)
            with opener.open(request, timeout=self.options.timeout) as response:
                response.read()

        self._retrying(what, self.options.gsp, call)


def _with_query(url: str, params: Mapping[str, str]) -> str:
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return url + joiner + urllib.parse.urlencode(params)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _brief(error: BaseException) -> str:
    text = _one_line(error)
    text = re.sub(r"^\w+: ", "", text)
    text = text.replace("Response: b", "").strip()
    return f" ({text[:160]})" if text else ""


def _body(error: urllib.error.HTTPError) -> str:
    try:
        body = error.read().decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - a body we cannot read adds nothing
        return ""
    body = _one_line(body)
    return f" ({body[:160]})" if body else ""


# ---------------------------------------------------------------------------------------------
# Requests


def nt_term(term: object) -> str:
    """A term in N-Triples syntax (valid inside SPARQL INSERT DATA)."""
    return str(term)


def insert_batches(graph: str, triples: Sequence[ox.Triple], batch_size: int) -> list[str]:
    """SPARQL Update requests that insert ``triples`` into ``graph``, ``batch_size`` per request.

    Triples with blank nodes all go into the first request: a blank-node label names the same
    node only within one request.
    """
    with_bnodes = [t for t in triples if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    plain = [t for t in triples if not (isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode))]
    batches: list[list[ox.Triple]] = []
    if with_bnodes:
        batches.append(with_bnodes)
    for start in range(0, len(plain), batch_size):
        batches.append(plain[start:start + batch_size])
    # Blank nodes go through INSERT … WHERE {} (a template), because some stores (Virtuoso)
    # refuse blank nodes in INSERT DATA; the template keeps their identity within the request.
    return [
        ("INSERT { GRAPH <%s> {\n%s\n} } WHERE {}" if number == 0 and with_bnodes else "INSERT DATA { GRAPH <%s> {\n%s\n} }")
        % (graph, "\n".join(f"{t} ." for t in batch))
        for number, batch in enumerate(batches)
    ]


_VAR_RE = re.compile(r"[?$](_[A-Za-z][A-Za-z0-9]*_(?:xsd_integer|xsd_date|xsd_string|iri))\b")
_CLAUSE_RE = re.compile(r"\b(SELECT|WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|OFFSET|VALUES)\b|[{}]", re.IGNORECASE)


def inline_bindings(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """Rewrite a canned query so its parameter variables are constants, for a remote store.

    Local runs bind parameters through pyoxigraph's substitution API; over the SPARQL protocol
    there is no such API, so each parameter variable is replaced by its term: in a SELECT clause
    as ``(term AS ?var)``, elsewhere as the term itself; in GROUP BY / ORDER BY it is dropped (a
    constant key changes nothing; a clause left empty is dropped too).
    The terms come from :meth:`CannedQuery.bindings`, which has checked them already.
    """
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    clauses = [(m.start(), m.group(0).upper().split()[0]) for m in _CLAUSE_RE.finditer(text)]

    def clause_at(position: int) -> str:
        current = ""
        for start, name in clauses:
            if start > position:
                break
            current = name
        return current

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in bindings:
            return match.group(0)
        term = str(bindings[name])
        clause = clause_at(match.start())
        if clause == "SELECT":
            return f"({term} AS ?{name})"
        if clause in ("GROUP", "ORDER"):
            return ""  # a constant key neither groups nor orders; Virtuoso rejects it in GROUP BY
        return term

    text = _VAR_RE.sub(replace, text)
    text = re.sub(r"\bORDER\s+BY\s*(?=LIMIT\b|OFFSET\b|\}|$)", "", text, flags=re.IGNORECASE)
    return re.sub(r"\bGROUP\s+BY\s*(?=HAVING\b|ORDER\b|LIMIT\b|OFFSET\b|\}|$)", "", text, flags=re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Comparing answers


def normalize_rows(result: Mapping[str, Any], variables: Iterable[str] | None = None) -> Counter:
    """SPARQL JSON rows as a multiset of comparable tuples.

    Hidden (parameter) columns are dropped; ``typed-literal`` is read as ``literal``; ``xsd:string``
    is the plain literal; numbers compare by value and booleans as 1/0; language tags
    case-insensitively; blank nodes as one placeholder. Stores differ in exactly these ways without differing in meaning.
    """
    head = list(variables) if variables is not None else list(result.get("head", {}).get("vars", []))
    head = [v for v in head if not v.startswith("_")]
    rows: Counter = Counter()
    for binding in result.get("results", {}).get("bindings", []):
        rows[tuple(_norm_term(binding.get(v)) for v in head)] += 1
    return rows


_NUMERIC = {XSD + t for t in ("integer", "decimal", "int", "long", "short", "byte", "nonNegativeInteger",
                              "positiveInteger", "nonPositiveInteger", "negativeInteger", "unsignedInt",
                              "unsignedLong", "double", "float")}


def _norm_term(term: Mapping[str, str] | None) -> tuple[str, ...]:
    if term is None:
        return ("unbound",)
    kind = term.get("type")
    if kind == "bnode":
        return ("bnode",)
    if kind == "uri":
        return ("uri", term["value"])
    datatype = term.get("datatype")
    lang = term.get("xml:lang")
    if lang:
        return ("literal", term["value"], "@" + lang.lower())
    if datatype == XSD + "boolean":
        # Virtuoso has no boolean type and answers 1/0 (as xsd:integer) for true/false.
        return ("number", "1" if term["value"] in ("true", "1") else "0")
    if datatype in _NUMERIC:
        try:
            return ("number", str(Decimal(term["value"]).normalize()))
        except InvalidOperation:
            pass
    if datatype in (None, XSD + "string"):
        return ("literal", term["value"])
    return ("literal", term["value"], datatype)


def answers_match(query_text: str, remote: Counter, local: Counter) -> bool:
    """Whether two normalized answers agree: as multisets, or as sets for ``SELECT DISTINCT``.

    Virtuoso 7.2 repeats rows of some DISTINCT queries with long ORDER BY lists; the rows are the
    same, so for a DISTINCT query the sets are compared.
    """
    if re.search(r"\bSELECT\s+DISTINCT\b", query_text, re.IGNORECASE):
        return set(remote) == set(local)
    return remote == local


def local_answer(store: ox.Store, query_name: str, params: Mapping[str, str] | None = None) -> tuple[list[str], Counter]:
    """Run a canned query locally; return its visible variables and normalized rows."""
    from casummit_rdf.queries import load_queries
    from casummit_rdf.sparql import run_query

    result = run_query(load_queries()[query_name], params, graph=store)
    return result.variables, normalize_rows(result.to_json(), result.variables)


def remote_answer(remote: Remote, query_name: str, graph: str, params: Mapping[str, str] | None = None) -> Counter:
    """Run a canned query on the store over ``graph``; return normalized rows."""
    from casummit_rdf.queries import load_queries

    query = load_queries()[query_name]
    text = inline_bindings(query.text, query.bindings(params))
    return normalize_rows(remote.select(text, f"query {query_name}", default_graph=graph))


def flagship_query() -> str | None:
    """The name of the canned query tagged ``flagship`` (``None`` if there is none)."""
    from casummit_rdf.queries import load_queries

    for name, query in load_queries().items():
        if "flagship" in query.tags:
            return name
    return None


# ---------------------------------------------------------------------------------------------
# Publishing


@dataclass
class PublishReport:
    """What a publish did."""

    graph: str
    triples: int
    previous: int | None = None
    requests: int = 0
    retries: int = 0
    checked_query: str | None = None
    checked_rows: int = 0
    messages: list[str] = field(default_factory=list)

    def summary(self) -> str:
        check = (
            f"; {self.checked_query} answers the same remotely ({self.checked_rows} rows)"
            if self.checked_query else "; no flagship query to compare"
        )
        previous = "" if self.previous is None else f" (was {self.previous})"
        return (
            f"published {self.triples} triples to <{self.graph}>{previous} in {self.requests} requests"
            f" ({self.retries} retried){check}"
        )


def publish(
    options: PublishOptions,
    data: Iterable[PathLike] | None = None,
    *,
    dry_run: bool = False,
    out: IO[str] | None = None,
    triples: Sequence[ox.Triple] | None = None,
    remote: Remote | None = None,
) -> PublishReport:
    """Replace ``options.graph`` on the store with an edition of the graph (see module docstring).

    ``triples`` overrides the edition (benchmarks, tests). With ``dry_run`` the requests are
    written to ``out`` and nothing is sent.
    """
    from casummit_rdf.release.editions import edition_quads, unique_triples
    from casummit_rdf.release.serialize import to_ntriples

    if triples is None:
        triples = unique_triples(edition_quads(options.edition, data))
    triples = list(triples)
    staging = staging_graph(options.graph)
    report = PublishReport(options.graph, len(triples))
    flagship = flagship_query()
    out = out or sys.stdout

    if dry_run:
        _dry_run(options, triples, staging, flagship, out)
        return report

    remote = remote or Remote(options)
    try:
        report.previous = remote.count(options.graph, "count target graph")
    except PublishError as error:
        # Nothing was sent that changes the store: treat as unusable input.
        raise PublishInputError(str(error)) from None
    remote.update(f"DROP SILENT GRAPH <{staging}>", "clear staging graph")
    if options.gsp:
        remote.gsp_put(staging, to_ntriples(triples), "load staging graph (Graph Store Protocol)")
    else:
        for number, text in enumerate(insert_batches(staging, triples, options.batch_size), start=1):
            remote.update(text, f"load staging graph (batch {number})")
    loaded = remote.count(staging, "count staging graph")
    if loaded != len(triples):
        _drop_quietly(remote, staging)
        raise PublishError(
            f"staging graph holds {loaded} triples, expected {len(triples)}; target graph left unchanged"
        )
    remote.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{options.graph}>", "swap staging into target")
    final = remote.count(options.graph, "count target graph")
    if final != len(triples):
        raise PublishError(f"target graph holds {final} triples after the swap, expected {len(triples)}")
    if flagship:
        from casummit_rdf.queries import load_queries

        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        _, local = local_answer(store, flagship)
        remote_rows = remote_answer(remote, flagship, options.graph)
        if not answers_match(load_queries()[flagship].text, remote_rows, local):
            raise PublishError(
                f"published, but {flagship} answers differently remotely "
                f"({sum(remote_rows.values())} rows) than locally ({sum(local.values())} rows)"
            )
        report.checked_query = flagship
        report.checked_rows = sum(local.values())
    report.requests = remote.requests
    report.retries = remote.retried
    return report


def _drop_quietly(remote: Remote, staging: str) -> None:
    try:
        remote.update(f"DROP SILENT GRAPH <{staging}>", "drop staging graph")
    except PublishError:
        pass  # the next run drops it first anyway


def _dry_run(options: PublishOptions, triples: Sequence[ox.Triple], staging: str, flagship: str | None, out: IO[str]) -> None:
    from casummit_rdf.release.serialize import to_ntriples

    credentials = credentials_for(options.update_endpoint)
    out.write(f"# dry run: nothing is sent\n# query endpoint: {options.endpoint}\n")
    out.write(f"# update endpoint: {options.update_endpoint}\n")
    out.write(f"# credentials: {'found (not shown)' if credentials else 'none'}\n")
    out.write(f"# target graph: <{options.graph}>; staging graph: <{staging}>; {len(triples)} triples\n")
    out.write(f"# 1. count the target graph\n# 2. POST {options.update_endpoint}\nDROP SILENT GRAPH <{staging}>\n")
    if options.gsp:
        body = to_ntriples(triples)
        out.write(f"# 3. PUT {_with_query(options.gsp, {'graph': staging})} (application/n-triples, {len(body)} bytes)\n")
    else:
        batches = insert_batches(staging, triples, options.batch_size)
        for number, text in enumerate(batches, start=1):
            out.write(f"# 3.{number} POST {options.update_endpoint}\n{text}\n")
    out.write(f"# 4. count the staging graph, expect {len(triples)}\n")
    out.write(f"# 5. POST {options.update_endpoint}\nMOVE SILENT GRAPH <{staging}> TO GRAPH <{options.graph}>\n")
    out.write(f"# 6. count the target graph; compare query {flagship or '(none)'} with the local answer\n")

