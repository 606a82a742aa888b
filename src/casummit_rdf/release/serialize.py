"""Byte-stable serializers: sorted statements → bytes, the same bytes in every run.

Blank nodes arrive with RDFC-1.0 canonical labels (:func:`casummit_rdf.release.editions.canonicalize`);
every statement list and every prefix header is sorted; gzip headers carry no time or name.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Iterable, Sequence

import pyoxigraph as ox



def used_prefixes(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The subset of ``prefixes`` whose namespace some IRI in ``triples`` starts with."""
    namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and not term.language:
                iris.add(term.datatype.value)
    used: dict[str, str] = {}
    for iri in iris:  # distinct IRIs are far fewer than terms
        for prefix, ns in namespaces:
            if iri.startswith(ns):
                used[prefix] = ns
                break
    return dict(sorted(used.items()))


def to_ntriples(triples: Sequence[ox.Triple]) -> bytes:
    """Canonical N-Triples, one line per triple, lines in code-point order."""
    return _sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def to_nquads(quads: Sequence[ox.Quad]) -> bytes:
    """N-Quads, lines in code-point order."""
    return _sorted_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def to_turtle(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """Turtle grouped by subject (triples sorted by subject), with a sorted prefix header.

    pyoxigraph writes prefixes in hash-map order, so the header is re-sorted here.
    """
    ordered = sorted(triples, key=_subject_key)
    body = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(ordered, prefixes))
    lines = body.split(b"\n")
    header = [line for line in lines if line.startswith(b"@prefix ")]
    rest = lines[len(header):]
    return b"\n".join(sorted(header) + [b""] + rest)


def _subject_key(t: ox.Triple) -> tuple[int, str, str]:
    # IRIs first, then blank nodes; within a subject the N-Triples order of the triple.
    return (0 if isinstance(t.subject, ox.NamedNode) else 1, t.subject.value, str(t))


def to_rdfxml(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """RDF/XML with one ``rdf:Description`` per subject, in subject order."""
    ordered = sorted(triples, key=_subject_key)
    return ox.serialize(ordered, format=ox.RdfFormat.RDF_XML, prefixes=used_prefixes(ordered, prefixes))


class Compactor:
    """Shortens IRIs to prefixed names (``prefix:local``) under the longest matching namespace."""

    def __init__(self, prefixes: dict[str, str]):
        self._namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self._memo: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self._memo.get(iri)
        if found is None:
            found = self._memo[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        for prefix, ns in self._namespaces:
            if iri.startswith(ns):
                local = iri[len(ns):]
                # A local part that looks like an authority or holds ':' would not round-trip.
                if not local.startswith("//") and ":" not in local:
                    return f"{prefix}:{local}"
        return iri


def gzip_bytes(data: bytes) -> bytes:
    """gzip with a fixed header (mtime 0, no file name) so equal input gives equal bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(data)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
