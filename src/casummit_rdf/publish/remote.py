"""HTTP to a SPARQL store: whole-request deadlines, scoped credentials, bounded retries, redirects.

One :class:`HttpClient` sends every request of a publish. For each one:

* **Deadline.** ``timeout`` bounds the whole request — connecting, sending the body, waiting and
  reading the answer — not each socket read: a watchdog closes the socket when the time is up,
  so a server that drips one byte every few seconds cannot hold the publish.
* **Credentials** come from :class:`~casummit_rdf.publish.credentials.CredentialStore` for the
  URL of that very request (after a redirect: of the new URL), so they reach only their own
  origin or host; Basic is sent with the first request there, Digest in answer to its challenge.
* **Retries.** HTTP 429, 502, 503 and 504 are retried with exponential backoff, honouring
  ``Retry-After`` (seconds or an HTTP date), at most ``retries`` times and never waiting longer
  than ``max_delay`` (RDFLib/sparqlwrapper#138). A request that must not run twice (the swap) is
  retried only on 429 and 503, which say it was not processed.
* **Redirects.** 307/308 are followed for every method, 301/302/303 for GET only (a POST turned
  into a GET would lose the update); at most five.
* Bodies are sent with a ``Content-Length`` (Virtuoso 7.2 answers 201 to a chunked PUT and
  stores nothing) from a sequence of chunks, so N-Triples are never joined into one copy.

Requests carry the User-Agent ``casummit-rdf/<version> (+https://w3id.org/casummit)``.
"""

from __future__ import annotations

import email.message
import email.utils
import hashlib
import http.client
import json
import os
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from casummit_rdf import __version__
from casummit_rdf.publish.credentials import CredentialStore, Credentials, Origin, origin_of, redact
from casummit_rdf.publish.errors import PublishError

PROJECT_URL = "https://w3id.org/casummit"
USER_AGENT = f"casummit-rdf/{__version__} (+{PROJECT_URL})"
RETRY_STATUSES = frozenset({429, 502, 503, 504})
#: Statuses that say the request was not processed, so even a request that must not run twice may be re-sent.
NOT_PROCESSED = frozenset({429, 503})
SPARQL_JSON = "application/sparql-results+json"
MAX_REDIRECTS = 5
_EXCERPT = 160


@dataclass(frozen=True)
class Body:
    """A request body: its media type and its bytes as a sequence of chunks (sent one by one)."""

    content_type: str
    chunks: Sequence[bytes]

    @classmethod
    def of(cls, data: bytes | str, content_type: str) -> Body:
        return cls(content_type, (data.encode("utf-8") if isinstance(data, str) else data,))

    @property
    def length(self) -> int:
        return sum(len(chunk) for chunk in self.chunks)


@dataclass
class Response:
    """A complete answer: status, headers, the whole body, and the URL that gave it."""

    status: int
    reason: str
    headers: email.message.Message
    body: bytes
    url: str

    @property
    def server(self) -> str:
        return self.headers.get("Server", "") or ""

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type", "") or "").split(";")[0].strip().lower()


class RequestError(PublishError):
    """One request that failed. ``status`` is the HTTP status if an answer came.

    ``reached`` is false when no connection could be made at all (nothing was sent);
    ``reply_lost`` is true when the request was sent whole but no complete answer came back
    (the store may or may not have carried it out); ``timed_out`` when the deadline ended it.
    """

    def __init__(
        self, message: str, *, status: int | None = None, reached: bool = True, reply_lost: bool = False,
        timed_out: bool = False,
    ):
        super().__init__(message)
        self.status = status
        self.reached = reached
        self.reply_lost = reply_lost
        self.timed_out = timed_out


class _Expired(Exception):
    pass


class _Failed(Exception):
    def __init__(self, reason: str, *, reached: bool, sent: bool):
        super().__init__(reason)
        self.reason, self.reached, self.sent = reason, reached, sent


@dataclass
class _Challenge:
    """A digest challenge of one origin, reused with a growing nonce count."""

    params: dict[str, str]
    count: int = 0


@dataclass
class HttpClient:
    """Sends requests by the rules in the module docstring; counts requests and retries."""

    credentials: CredentialStore
    timeout: float = 60.0
    retries: int = 5
    backoff: float = 0.5
    max_delay: float = 30.0
    http_auth: str = "basic"
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    retried: int = 0
    _challenges: dict[Origin, _Challenge] = field(default_factory=dict)
    _no_basic: set[Origin] = field(default_factory=set)

    def request(
        self,
        method: str,
        url: str,
        what: str,
        *,
        body: Body | None = None,
        headers: Mapping[str, str] | None = None,
        once: bool = False,
        ok: Callable[[int], bool] = lambda status: 200 <= status < 300,
    ) -> Response:
        """Send one request (with retries and redirects) and return its answer.

        ``once``: the request must not be carried out twice (the swap): it is re-sent only after
        429 or 503. Raises :class:`RequestError` with a one-line message starting with ``what``.
        """
        attempt = 0
        while True:
            self.requests += 1
            response = self._attempt(method, url, what, body, headers or {})
            status = response.status
            if ok(status):
                return response
            retryable = status in (NOT_PROCESSED if once else RETRY_STATUSES)
            if retryable and attempt < self.retries:
                self.sleep(self.delay(response.headers.get("Retry-After"), attempt))
                attempt += 1
                self.retried += 1
                continue
            raise self._status_error(what, response, attempt)

    def delay(self, retry_after: str | None, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based), ``Retry-After`` first, capped."""
        delay = self.backoff * (2**attempt)
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
        return min(delay, self.max_delay)

    # -- one attempt: redirects and authentication, under one deadline ------------------------

    def _attempt(self, method: str, url: str, what: str, body: Body | None, headers: Mapping[str, str]) -> Response:
        deadline = time.monotonic() + self.timeout
        current, current_method, current_body = url, method, body
        answered: set[Origin] = set()
        for _ in range(MAX_REDIRECTS + 1):
            origin = origin_of(current)
            credentials = self.credentials.for_url(current)
            authorization = self._authorization(credentials, origin, current_method, current)
            response = self._exchange(current_method, current, current_body, headers, authorization, deadline, what)
            if response.status == 401 and credentials is not None and origin not in answered:
                challenge = _challenge(response.headers)
                if challenge is not None and challenge[0] == "digest":
                    self._challenges[origin] = _Challenge(challenge[1])
                    answered.add(origin)
                    continue
                if challenge is not None and challenge[0] == "basic" and self.http_auth == "basic" and authorization is None:
                    answered.add(origin)
                    continue
                if challenge is None and authorization is not None and authorization.startswith("Basic "):
                    # Refused without saying how to authenticate (Virtuoso does this to Basic on a
                    # digest endpoint): ask again without credentials, to get its challenge.
                    self._no_basic.add(origin)
                    continue
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                target = urllib.parse.urljoin(current, response.headers["Location"])
                if urllib.parse.urlsplit(target).scheme not in ("http", "https"):
                    raise RequestError(f"{what}: {current} redirects to a non-HTTP address", status=response.status)
                if response.status in (307, 308) or current_method in ("GET", "HEAD"):
                    if response.status == 303:
                        current_method, current_body = "GET", None
                    current = target
                    continue
                raise RequestError(
                    f"{what}: {current} answered HTTP {response.status} moving to {target}; name that address instead",
                    status=response.status,
                )
            return response
        raise RequestError(f"{what}: more than {MAX_REDIRECTS} redirects from {url}")

    def _authorization(self, credentials: Credentials | None, origin: Origin, method: str, url: str) -> str | None:
        if credentials is None:
            return None
        challenge = self._challenges.get(origin)
        if challenge is not None:
            challenge.count += 1
            return _digest(credentials, challenge, method, url)
        if self.http_auth == "basic" and origin not in self._no_basic:
            return credentials.basic()
        return None

    # -- one exchange on one connection ------------------------------------------------------

    def _exchange(
        self,
        method: str,
        url: str,
        body: Body | None,
        headers: Mapping[str, str],
        authorization: str | None,
        deadline: float,
        what: str,
    ) -> Response:
        parts = urllib.parse.urlsplit(url)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timeout_error(what, url)
        if parts.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=remaining, context=ssl.create_default_context()
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=remaining)
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            sock = connection.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        watchdog = threading.Timer(remaining, expire)
        watchdog.daemon = True
        watchdog.start()
        sent = False
        reached = False
        try:
            try:
                connection.connect()
            except (OSError, http.client.HTTPException) as error:
                raise _Failed(_reason(error), reached=False, sent=False) from None
            reached = True
            if expired.is_set():
                raise _Expired
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.putrequest(method, target, skip_accept_encoding=True)
            connection.putheader("User-Agent", USER_AGENT)
            connection.putheader("Connection", "close")
            for key, value in headers.items():
                connection.putheader(key, value)
            if authorization:
                connection.putheader("Authorization", authorization)
            if body is not None:
                connection.putheader("Content-Type", body.content_type)
                connection.putheader("Content-Length", str(body.length))
            elif method in ("POST", "PUT"):
                connection.putheader("Content-Length", "0")
            connection.endheaders()
            if body is not None:
                for chunk in body.chunks:
                    if expired.is_set():
                        raise _Expired
                    connection.send(chunk)
            sent = True
            answer = connection.getresponse()
            data = answer.read()
            if expired.is_set():
                raise _Expired
            return Response(answer.status, answer.reason or "", answer.msg, data, url)
        except _Expired:
            raise self._timeout_error(what, url, sent=sent) from None
        except _Failed as failure:
            raise self._connection_error(what, url, failure) from None
        except (OSError, http.client.HTTPException) as error:
            if expired.is_set():
                raise self._timeout_error(what, url, sent=sent) from None
            raise self._connection_error(what, url, _Failed(_reason(error), reached=reached, sent=sent)) from None
        finally:
            watchdog.cancel()
            connection.close()

    # -- messages ----------------------------------------------------------------------------

    def _timeout_error(self, what: str, url: str, sent: bool = False) -> RequestError:
        return RequestError(
            f"{what}: no complete answer from {url} within {self.timeout:g} s",
            reply_lost=sent,
            timed_out=True,
        )

    def _connection_error(self, what: str, url: str, failure: _Failed) -> RequestError:
        if failure.sent:
            return RequestError(f"{what}: {url} closed the connection without an answer ({failure.reason})", reply_lost=True)
        return RequestError(f"{what}: connection to {url} failed: {failure.reason}", reached=failure.reached)

    def _status_error(self, what: str, response: Response, attempt: int) -> RequestError:
        suffix = f" after {attempt} retries" if attempt else ""
        url, status = response.url, response.status
        if status == 401:
            return RequestError(f"{what}: authentication failed (HTTP 401) at {url}", status=status)
        if status == 403:
            return RequestError(f"{what}: not allowed (HTTP 403) at {url}{excerpt(response)}", status=status)
        if status == 404:
            return RequestError(f"{what}: HTTP 404 no such endpoint {url}", status=status)
        return RequestError(f"{what}: HTTP {status} {response.reason}{suffix} at {url}{excerpt(response)}", status=status)


def excerpt(response: Response) -> str:
    """A short, redacted, one-line excerpt of an error answer's text (empty for HTML pages and binary)."""
    if response.content_type in ("text/html", "application/xhtml+xml") or not response.body:
        return ""
    text = " ".join(response.body[: _EXCERPT * 4].decode("utf-8", "replace").split())
    text = redact(text)[:_EXCERPT]
    return f" ({text})" if text else ""


def _reason(error: BaseException) -> str:
    if isinstance(error, socket.gaierror):
        return "host name not found"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timed out"
    text = " ".join(str(getattr(error, "strerror", None) or error or type(error).__name__).split())
    return text or type(error).__name__


def _challenge(headers: email.message.Message) -> tuple[str, dict[str, str]] | None:
    """The strongest challenge we can answer from ``WWW-Authenticate`` headers: digest, else basic."""
    found: dict[str, dict[str, str]] = {}
    for value in headers.get_all("WWW-Authenticate") or []:
        scheme, _, rest = value.strip().partition(" ")
        params = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if "=" in rest else {}
        found.setdefault(scheme.lower(), {k.lower(): v for k, v in params.items()})
    if "digest" in found and found["digest"].get("nonce"):
        return "digest", found["digest"]
    if "basic" in found:
        return "basic", found["basic"]
    return None


def _digest(credentials: Credentials, challenge: _Challenge, method: str, url: str) -> str:
    """An RFC 7616 digest ``Authorization`` value (MD5, MD5-sess, SHA-256; qop ``auth``)."""
    params = challenge.params
    algorithm = params.get("algorithm", "MD5")
    digest = hashlib.sha256 if algorithm.upper().startswith("SHA-256") else hashlib.md5

    def h(text: str) -> str:
        return digest(text.encode("utf-8")).hexdigest()

    parts = urllib.parse.urlsplit(url)
    uri = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    realm, nonce = params.get("realm", ""), params["nonce"]
    cnonce = os.urandom(8).hex()
    nc = f"{challenge.count:08x}"
    ha1 = h(f"{credentials.user}:{realm}:{credentials.password}")
    if algorithm.lower().endswith("-sess"):
        ha1 = h(f"{ha1}:{nonce}:{cnonce}")
    ha2 = h(f"{method}:{uri}")
    qops = [q.strip() for q in params.get("qop", "").split(",") if q.strip()]
    fields = [f'username="{credentials.user}"', f'realm="{realm}"', f'nonce="{nonce}"', f'uri="{uri}"', f"algorithm={algorithm}"]
    if "auth" in qops:
        fields += [f'response="{h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")}"', "qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
    else:
        fields.append(f'response="{h(f"{ha1}:{nonce}:{ha2}")}"')
    if "opaque" in params:
        fields.append(f'opaque="{params["opaque"]}"')
    return "Digest " + ", ".join(fields)


# ---------------------------------------------------------------------------------------------
# SPARQL over HTTP


@dataclass(frozen=True)
class Endpoints:
    """Where a store takes queries, updates and Graph Store requests, and what is known of it.

    ``atomic_put`` is true only for a store known to replace a graph in one transaction on a
    Graph Store PUT (Oxigraph, recognised by its ``Server`` header).
    """

    query: str | None
    update: str | None = None
    gsp: str | None = None
    product: str | None = None
    found_by: str = "as given"
    atomic_put: bool = False


class RemoteStore:
    """The SPARQL 1.1 Protocol and Graph Store Protocol requests a publish sends to one store."""

    def __init__(self, http: HttpClient, endpoints: Endpoints):
        self.http = http
        self.endpoints = endpoints

    def select(self, text: str, what: str, *, default_graph: str | None = None) -> dict[str, Any]:
        """Run one SELECT/ASK query (POST, form-encoded); return the SPARQL JSON document."""
        url = self._need(self.endpoints.query, "query", what)
        form = [("query", text)] + ([("default-graph-uri", default_graph)] if default_graph else [])
        body = Body.of(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")
        response = self.http.request("POST", url, what, body=body, headers={"Accept": SPARQL_JSON})
        try:
            return json.loads(response.body)
        except ValueError:
            raise PublishError(f"{what}: {url} did not answer with SPARQL JSON") from None

    def count(self, graph: str, what: str) -> int:
        """The number of triples in ``graph`` (0 when it does not exist)."""
        from casummit_rdf.resources import internal_query

        result = self.select(internal_query("publish/count"), what, default_graph=graph)
        try:
            return int(result["results"]["bindings"][0]["n"]["value"])
        except (KeyError, IndexError, TypeError, ValueError):
            raise PublishError(f"{what}: unexpected answer to a COUNT query") from None

    def update(self, text: str, what: str, *, once: bool = False) -> None:
        """Run one SPARQL Update request (POST ``application/sparql-update``)."""
        url = self._need(self.endpoints.update, "update", what)
        self.http.request("POST", url, what, body=Body.of(text, "application/sparql-update"), once=once)

    def put(self, graph: str, body: Body, what: str) -> None:
        """Replace ``graph`` with ``body`` through the Graph Store Protocol (``PUT …?graph=``)."""
        url = with_query(self._need(self.endpoints.gsp, "Graph Store", what), {"graph": graph})
        self.http.request("PUT", url, what, body=body)

    @staticmethod
    def _need(url: str | None, kind: str, what: str) -> str:
        if not url:
            raise PublishError(f"{what}: the store has no known {kind} endpoint")
        return url


def with_query(url: str, params: Mapping[str, str]) -> str:
    """``url`` with ``params`` appended to its query string."""
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return url + joiner + urllib.parse.urlencode(params)


def ntriples_chunks(triples: Sequence[Any], per_chunk: int = 20_000) -> list[bytes]:
    """N-Triples of ``triples`` in chunks of ``per_chunk`` lines, serialized by pyoxigraph."""
    import pyoxigraph as ox

    return [
        ox.serialize(triples[start:start + per_chunk], format=ox.RdfFormat.N_TRIPLES)
        for start in range(0, len(triples), per_chunk)
    ]
