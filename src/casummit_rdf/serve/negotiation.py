"""HTTP content negotiation: parse ``Accept`` headers and pick a representation.

Follows RFC 9110 §12.5.1: media ranges with ``q`` weights, the most specific matching range
decides an offer's weight (``text/turtle`` beats ``text/*`` beats ``*/*``), ``q=0`` means "not
acceptable", and ties go to the server's order of preference. Malformed entries are ignored
rather than failing the whole header (grlc#304/#345, rdflib-endpoint PR #24 are bugs of the
naive "first substring wins" approach that this module avoids).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from casummit_rdf.formats import Format

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_RANGE_RE = re.compile(rf"^\s*({_TOKEN})/({_TOKEN})\s*$")
_PARAM_RE = re.compile(rf'^\s*({_TOKEN})\s*=\s*("(?:[^"\\]|\\.)*"|{_TOKEN})\s*$')
_Q_RE = re.compile(r"^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$")


#: Server preference order per kind: the first is the default for ``*/*`` or no ``Accept``.
RESULT_FORMATS: tuple[Format, ...] = (Format.SPARQL_JSON, Format.SPARQL_XML, Format.CSV, Format.TSV)
GRAPH_FORMATS: tuple[Format, ...] = (Format.TURTLE, Format.N_TRIPLES, Format.JSON_LD, Format.RDF_XML)
ENTITY_FORMATS: tuple[Format, ...] = (Format.HTML, *GRAPH_FORMATS)

#: File suffixes clients may append to a path instead of sending ``Accept``.
SUFFIXES: dict[str, Format] = {f.suffix: f for f in (*RESULT_FORMATS, *ENTITY_FORMATS)}
SUFFIXES.update({"srj": Format.SPARQL_JSON, "srx": Format.SPARQL_XML, "n3": Format.TURTLE, "owl": Format.RDF_XML})


@dataclass(frozen=True)
class MediaRange:
    """One entry of an ``Accept`` header."""

    type: str
    subtype: str
    q: float = 1.0
    params: tuple[tuple[str, str], ...] = field(default=())

    @property
    def specificity(self) -> int:
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 2 + len(self.params)

    def matches(self, media_type: str) -> bool:
        """Does this range cover ``media_type`` (``type/subtype``, lower case, no parameters)?"""
        kind, _, sub = media_type.partition("/")
        if self.type != "*" and self.type != kind:
            return False
        return self.subtype == "*" or self.subtype == sub


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an ``Accept`` header; entries that are not valid media ranges are skipped.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/turtle;q=0.5, */*;q=0.1")]
    [('text', 'turtle', 0.5), ('*', '*', 0.1)]
    """
    ranges: list[MediaRange] = []
    if not header:
        return ranges
    for entry in _split_commas(header):
        parts = _split_semicolons(entry)
        match = _RANGE_RE.match(parts[0])
        if not match:
            continue
        kind, sub = match.group(1).lower(), match.group(2).lower()
        if kind == "*" and sub != "*":
            continue
        q = 1.0
        params: list[tuple[str, str]] = []
        valid = True
        for raw in parts[1:]:
            if not raw.strip():
                continue
            param = _PARAM_RE.match(raw)
            if not param:
                valid = False
                break
            name, value = param.group(1).lower(), param.group(2).strip('"')
            if name == "q":
                if not _Q_RE.match(value):
                    valid = False
                    break
                q = float(value)
                break  # parameters after q are accept-extensions, not media-type parameters
            params.append((name, value.lower()))
        if valid:
            ranges.append(MediaRange(kind, sub, q, tuple(params)))
    return ranges


def _split_commas(header: str) -> list[str]:
    # Commas inside quoted parameter values do not separate entries.
    return [part for part in re.findall(r'(?:[^,"]|"(?:[^"\\]|\\.)*")+', header) if part.strip()]


def _split_semicolons(entry: str) -> list[str]:
    return re.findall(r'(?:[^;"]|"(?:[^"\\]|\\.)*")+', entry) or [entry]


def quality(media_type: str, ranges: Sequence[MediaRange]) -> float:
    """The weight the client gives ``media_type``: that of the most specific matching range.

    Media-type parameters in a range (other than ``q``) are ignored for matching, except that a
    range with parameters is more specific than one without.
    """
    best: MediaRange | None = None
    for candidate in ranges:
        if candidate.matches(media_type) and (best is None or candidate.specificity > best.specificity):
            best = candidate
    return 0.0 if best is None else best.q


def choose(accept: str | None, offers: Sequence[Format]) -> Format | None:
    """The best of ``offers`` (in server preference order) for an ``Accept`` header, else ``None``.

    No header, or one with no valid entries, accepts anything: the first offer wins.
    """
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0] if offers else None
    best: Format | None = None
    best_q = 0.0
    for offer in offers:
        q = max(quality(alias, ranges) for alias in offer.aliases)
        if q > best_q:
            best, best_q = offer, q
    return best


def by_suffix(suffix: str, offers: Sequence[Format]) -> Format | None:
    """The format named by a path suffix (``csv``, ``ttl`` …) if it is among ``offers``."""
    fmt = SUFFIXES.get(suffix.lower())
    return fmt if fmt in offers else None


#: Format names clients put in ``format=``/``output=`` parameters (SPARQLWrapper sends these).
FORMAT_NAMES: dict[str, tuple[Format, ...]] = {
    "json": (Format.SPARQL_JSON, Format.JSON_LD),
    "xml": (Format.SPARQL_XML, Format.RDF_XML),
    "csv": (Format.CSV,),
    "tsv": (Format.TSV,),
    "turtle": (Format.TURTLE,),
    "ttl": (Format.TURTLE,),
    "n3": (Format.TURTLE,),
    "nt": (Format.N_TRIPLES,),
    "ntriples": (Format.N_TRIPLES,),
    "n-triples": (Format.N_TRIPLES,),
    "jsonld": (Format.JSON_LD,),
    "json-ld": (Format.JSON_LD,),
    "rdf": (Format.RDF_XML,),
    "rdfxml": (Format.RDF_XML,),
    "rdf+xml": (Format.RDF_XML,),
    "rdf/xml": (Format.RDF_XML,),
    "srj": (Format.SPARQL_JSON,),
    "srx": (Format.SPARQL_XML,),
}


def known_name(name: str) -> bool:
    """Is ``name`` a format name or media type this module knows?"""
    name = name.split(";")[0].strip().lower()
    return name in FORMAT_NAMES or any(name in f.aliases for f in (*RESULT_FORMATS, *ENTITY_FORMATS))


def by_name(name: str, offers: Sequence[Format]) -> Format | None:
    """A format named in a ``format=`` parameter (``json``, ``turtle`` …) or a media type, if offered."""
    name = name.split(";")[0].strip().lower()
    for candidate in FORMAT_NAMES.get(name, ()):
        if candidate in offers:
            return candidate
    for offer in offers:
        if name in offer.aliases:
            return offer
    return None


def split_suffix(path: str) -> tuple[str, str | None]:
    """Split ``/a/b.csv`` into ``("/a/b", "csv")`` when the suffix is a known format."""
    head, dot, tail = path.rpartition(".")
    if dot and "/" not in tail and tail.lower() in SUFFIXES:
        return head, tail.lower()
    return path, None


def describe(offers: Sequence[Format]) -> str:
    """A comma-separated list of the media types of ``offers`` (for 406 messages)."""
    return ", ".join(o.media_type for o in offers)


def negotiate(
    suffix: str | None,
    accept: str | None,
    offers: Sequence[Format],
    *,
    what: str,
    error: Callable[[int, str], Exception],
) -> Format:
    """The format asked for by a path suffix, else by ``Accept``; raise ``error(status, message)``.

    An unknown suffix is a 404 (the path names no resource); nothing acceptable is a 406.
    """
    if suffix is not None:
        fmt = by_suffix(suffix, offers)
        if fmt is None:
            known = ", ".join("." + o.suffix for o in offers)
            raise error(404, f"no .{suffix} format for {what}; use {known}")
        return fmt
    fmt = choose(accept, offers)
    if fmt is None:
        raise error(406, f"{what} are available as {describe(offers)}")
    return fmt
