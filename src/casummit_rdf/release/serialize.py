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
    terms: set[ox.Term] = set()
    for t in triples:  # distinct terms are far fewer than triples
        terms.update((t.subject, t.predicate, t.object))
    iris = {term.value for term in terms if isinstance(term, ox.NamedNode)}
    iris |= {term.datatype.value for term in terms if isinstance(term, ox.Literal) and not term.language}
    used: dict[str, str] = {}
    for iri in iris:
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


def subject_order(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Triples grouped by subject: IRIs first, then blank nodes; within a subject, N-Triples order."""
    return sorted(triples, key=_subject_key)


def to_turtle(triples: Sequence[ox.Triple], prefixes: dict[str, str], *, in_subject_order: bool = False) -> bytes:
    """Turtle grouped by subject (:func:`subject_order`), with a sorted prefix header.

    ``in_subject_order=True`` says the triples already are in :func:`subject_order`. pyoxigraph
    writes prefixes in hash-map order, so the header is re-sorted here.
    """
    ordered = triples if in_subject_order else subject_order(triples)
    body = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(ordered, prefixes))
    lines = body.split(b"\n")
    header = [line for line in lines if line.startswith(b"@prefix ")]
    rest = lines[len(header):]
    return b"\n".join(sorted(header) + [b""] + rest)


def _subject_key(t: ox.Triple) -> tuple[int, str, str]:
    # IRIs first, then blank nodes; within a subject the N-Triples order of the triple.
    return (0 if isinstance(t.subject, ox.NamedNode) else 1, t.subject.value, str(t))


def to_rdfxml(triples: Sequence[ox.Triple], prefixes: dict[str, str], *, in_subject_order: bool = False) -> bytes:
    """RDF/XML with one ``rdf:Description`` per subject, in :func:`subject_order`
    (``in_subject_order=True``: the triples already are)."""
    ordered = triples if in_subject_order else subject_order(triples)
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
    """gzip with a fixed header (mtime 0, no file name) so equal input gives equal bytes.

    Level 6 (zlib's default): level 9 takes four to five times as long for about 6 % less.
    """
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=6) as handle:
        handle.write(data)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
