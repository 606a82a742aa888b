"""What a publish is asked to do, checked once: addresses, target graph, method, limits."""

from __future__ import annotations

import enum
import hashlib
import re
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox

from casummit_rdf.publish.credentials import ENV_PASSWORD, ENV_USER, Origin, origin_of
from casummit_rdf.publish.errors import PublishInputError
from casummit_rdf.release.editions import GRAPH_BASE, Edition

_IRI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")


class Method(enum.Enum):
    """How the triples reach the target graph."""

    #: ``put`` where the store replaces a graph atomically on a Graph Store PUT, else ``gsp`` where
    #: it has a Graph Store endpoint, else ``update``.
    AUTO = "auto"
    #: One Graph Store Protocol PUT to the target graph: the graph is copied once. Atomic only
    #: where the store's PUT is (Oxigraph: the tests prove it); chosen automatically only there.
    PUT = "put"
    #: PUT into a staging graph, count it, then ``MOVE`` it onto the target in one update.
    GSP = "gsp"
    #: ``INSERT DATA`` batches into a staging graph, count it, then ``MOVE``.
    UPDATE = "update"


def check_url(url: str, what: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL without credentials; else raise."""
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
    """Return ``iri`` if it is an absolute IRI that pyoxigraph accepts as a named node; else raise."""
    if not _IRI_RE.match(iri):
        raise PublishInputError(f"graph {iri!r} is not an absolute IRI")
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise PublishInputError(f"graph {iri!r} is not an absolute IRI") from None
    return iri


def staging_graph(target: str) -> str:
    """The staging graph IRI for a target graph: stable, so an earlier run's leftovers are found and dropped."""
    return f"urn:casummit:staging:{hashlib.sha256(target.encode('utf-8')).hexdigest()[:24]}"


@dataclass(frozen=True)
class PublishOptions:
    """Where and how to publish. Build it with :meth:`from_args`, which checks every value.

    ``endpoint`` is a store's base address or its query endpoint (the other endpoints are found
    from it, see :mod:`casummit_rdf.publish.discovery`); ``update_endpoint`` and ``gsp`` override
    what is found. At least one of ``endpoint`` and ``gsp`` is needed.
    """

    endpoint: str | None
    update_endpoint: str | None
    gsp: str | None
    graph: str
    edition: Edition = Edition.BASE
    method: Method = Method.AUTO
    batch_size: int = 1000
    http_auth: str = "basic"
    retries: int = 5
    timeout: float = 60.0  # seconds for one whole request: connect, send, wait, read
    backoff: float = 0.5  # first retry delay in seconds, doubled each try
    max_delay: float = 30.0  # cap on one wait, also for a long Retry-After
    check_query: str | None = None  # canned query compared after publishing; None: chosen automatically

    @classmethod
    def from_args(
        cls,
        endpoint: str | None = None,
        update_endpoint: str | None = None,
        gsp: str | None = None,
        graph: str | None = None,
        edition: Edition = Edition.BASE,
        **kwargs: object,
    ) -> PublishOptions:
        """Check every value; raise :class:`PublishInputError` (one line) on the first bad one."""
        if not endpoint and not gsp:
            raise PublishInputError("no store address: give a SPARQL endpoint (or a store's base address) or a Graph Store endpoint")
        if endpoint:
            check_url(endpoint, "endpoint")
        if update_endpoint:
            check_url(update_endpoint, "update endpoint")
        if gsp:
            check_url(gsp, "Graph Store endpoint")
        graph = check_iri(graph or GRAPH_BASE + edition.value)
        method = kwargs.pop("method", Method.AUTO)
        if not isinstance(method, Method):
            try:
                method = Method(str(method))
            except ValueError:
                raise PublishInputError(f"method {method!r} is not one of {', '.join(m.value for m in Method)}") from None
        options = cls(endpoint or None, update_endpoint or None, gsp or None, graph, edition, method, **kwargs)  # type: ignore[arg-type]
        if options.batch_size < 1:
            raise PublishInputError("the batch size must be at least 1")
        if options.retries < 0:
            raise PublishInputError("the number of retries must not be negative")
        if not options.timeout > 0:
            raise PublishInputError("the timeout must be a positive number of seconds")
        if options.http_auth not in ("basic", "digest"):
            raise PublishInputError("HTTP authentication must be basic or digest")
        return options

    @property
    def address(self) -> str:
        """The address the store was named by: the endpoint (or base address), else the Graph Store endpoint."""
        return self.endpoint or self.gsp or ""

    @property
    def credential_origin(self) -> Origin:
        """The one origin ``CASUMMIT_USER``/``CASUMMIT_PASSWORD`` are sent to (see :mod:`.credentials`)."""
        return origin_of(self.update_endpoint or self.address)
