"""The one registry of output formats: name, media types, file suffix and what each can carry.

Every place that offers a choice of format reads this table — the command line's ``--format``
choices, HTTP content negotiation, path suffixes, the release bundle's file names — and every
writer looks its format up here. Adding a format is one entry below plus one writer.

>>> Format.by_name("md", Kind.RESULTS)
<Format.MARKDOWN: 'md'>
>>> Format.SPARQL_JSON.content_type
'application/sparql-results+json'
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.Flag):
    """What a representation can carry."""

    RESULTS = enum.auto()  # SPARQL SELECT / ASK results
    GRAPH = enum.auto()  # RDF triples (CONSTRUCT / DESCRIBE, dumps, entity descriptions)
    DATASET = enum.auto()  # RDF quads (dumps with named graphs)
    REPORT = enum.auto()  # validation reports
    DIFF = enum.auto()  # triple-level diffs
    PAGE = enum.auto()  # HTML for people


@dataclass(frozen=True)
class _Spec:
    kinds: Kind
    media_types: tuple[str, ...]  # canonical first
    suffix: str
    aliases: tuple[str, ...] = ()  # other names a user or a client may give
    charset: bool = True  # text that carries "; charset=utf-8"


class Format(enum.Enum):
    """Every representation the project writes. The value is the format's name on the command line."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    SPARQL_JSON = "json"
    SPARQL_XML = "xml"
    MARKDOWN = "md"
    TURTLE = "ttl"
    N_TRIPLES = "nt"
    N_QUADS = "nq"
    JSON_LD = "jsonld"
    RDF_XML = "rdf"
    HTML = "html"
    TEXT = "text"
    JSON = "report-json"
    GITHUB = "github"
    JUNIT = "junit"
    SARIF = "sarif"
    SHACL_REPORT = "shacl"

    @property
    def spec(self) -> _Spec:
        return _SPECS[self]

    @property
    def name_for_users(self) -> str:
        """The name ``--format`` takes (``json`` for both SPARQL results and reports)."""
        return "json" if self is Format.JSON else self.value

    @property
    def media_type(self) -> str:
        """The canonical media type (as sent in ``Content-Type``, without parameters)."""
        return self.spec.media_types[0]

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value, with a charset for text types."""
        return self.media_type + ("; charset=utf-8" if self.spec.charset else "")

    @property
    def aliases(self) -> tuple[str, ...]:
        """All media types this format answers to, canonical first."""
        return self.spec.media_types

    @property
    def kinds(self) -> Kind:
        return self.spec.kinds

    @property
    def suffix(self) -> str:
        return self.spec.suffix

    def names(self) -> tuple[str, ...]:
        """Every name of the format: its command-line name, suffix and aliases."""
        return tuple(dict.fromkeys((self.name_for_users, self.suffix, *self.spec.aliases)))

    @classmethod
    def offered(cls, kind: Kind) -> tuple[Format, ...]:
        """The formats that can carry ``kind``, in the project's order of preference."""
        return tuple(f for f in cls if kind & f.kinds)

    @classmethod
    def by_name(cls, name: str, kind: Kind) -> Format | None:
        """The format of ``kind`` called ``name`` (a command-line name, suffix or alias), if any."""
        wanted = name.strip().lower()
        for fmt in cls.offered(kind):
            if wanted in fmt.names():
                return fmt
        return None

    @classmethod
    def choices(cls, kind: Kind) -> list[str]:
        """Command-line ``--format`` choices for ``kind`` (primary names, then aliases)."""
        primary = [f.name_for_users for f in cls.offered(kind)]
        extra = [n for f in cls.offered(kind) for n in f.names() if n not in primary]
        return primary + list(dict.fromkeys(extra))


_SPECS: dict[Format, _Spec] = {
    Format.TABLE: _Spec(Kind.RESULTS, ("text/plain",), "txt"),
    Format.CSV: _Spec(Kind.RESULTS, ("text/csv",), "csv"),
    Format.TSV: _Spec(Kind.RESULTS, ("text/tab-separated-values",), "tsv"),
    Format.SPARQL_JSON: _Spec(Kind.RESULTS, ("application/sparql-results+json", "application/json"), "json", ("srj",), False),
    Format.SPARQL_XML: _Spec(Kind.RESULTS, ("application/sparql-results+xml", "application/xml", "text/xml"), "xml", ("srx",), False),
    Format.MARKDOWN: _Spec(Kind.RESULTS | Kind.DIFF, ("text/markdown",), "md", ("markdown",)),
    Format.TURTLE: _Spec(Kind.GRAPH, ("text/turtle", "application/x-turtle"), "ttl", ("turtle", "n3")),
    Format.N_TRIPLES: _Spec(Kind.GRAPH, ("application/n-triples", "text/plain"), "nt", ("ntriples", "n-triples")),
    Format.N_QUADS: _Spec(Kind.DATASET, ("application/n-quads",), "nq", ("nquads", "n-quads")),
    Format.JSON_LD: _Spec(Kind.GRAPH, ("application/ld+json", "application/json"), "jsonld", ("json-ld",), False),
    Format.RDF_XML: _Spec(Kind.GRAPH, ("application/rdf+xml", "application/xml", "text/xml"), "rdf", ("rdfxml", "rdf+xml", "rdf/xml", "owl"), False),
    Format.HTML: _Spec(Kind.PAGE, ("text/html", "application/xhtml+xml"), "html"),
    Format.TEXT: _Spec(Kind.REPORT | Kind.DIFF, ("text/plain",), "txt"),
    Format.JSON: _Spec(Kind.REPORT | Kind.DIFF, ("application/json",), "json", (), False),
    Format.GITHUB: _Spec(Kind.REPORT, ("text/plain",), "txt"),
    Format.JUNIT: _Spec(Kind.REPORT, ("application/xml",), "xml", (), False),
    Format.SARIF: _Spec(Kind.REPORT, ("application/sarif+json",), "sarif", (), False),
    Format.SHACL_REPORT: _Spec(Kind.REPORT, ("text/turtle",), "ttl", ("turtle",)),
}
