"""The one loader: find RDF files, parse each once, and hand out the views the later stages need.

Data flows one way: files → graph → checks, queries, exports, the server. Every file is parsed by
pyoxigraph, which is fast and reports syntax errors with line and column. A
:class:`KnowledgeGraph` keeps the triples *per file* (validation and ``--changed`` need them) and
builds its other views on first use: a pyoxigraph store for SPARQL, an rdflib graph for
rdflib-based tools, and the file:line :class:`~casummit_rdf.locations.SourceIndex` for problems.
:func:`load_store` is the fast path for queries and the server: the store's own loader, no
Python-side triples, no location index.

Hostile input is refused with one line naming the file: a FIFO or device (it would block or
never end), a symbolic-link loop, text that is not UTF-8, a token over the parser's buffer.
A UTF-8 byte-order mark is accepted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.errors import DataError
from casummit_rdf.files import BOM, check_regular
from casummit_rdf.locations import Location, SourceIndex, display_path

if TYPE_CHECKING:  # pragma: no cover
    import rdflib

PathLike = str | Path

#: File suffixes the loader accepts, with their pyoxigraph format.
RDF_SUFFIXES: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

__all__ = [
    "RDF_SUFFIXES",
    "DataError",
    "KnowledgeGraph",
    "Location",
    "PathLike",
    "discover",
    "display_path",
    "load_graph",
    "load_store",
    "parse_file",
]


def _walk(folder: Path) -> list[Path]:
    """RDF files under ``folder``, following links to folders but never around a loop."""
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        try:
            info = os.stat(root)
        except OSError:
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # reached again through a link: a loop
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs.sort()
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix in RDF_SUFFIXES:
                found.append(path)
    return found


def discover(paths: Iterable[PathLike] | None = None, *, allow_empty: bool = False) -> list[Path]:
    """Expand files and folders into a sorted list of RDF files.

    ``None`` means the bundled data. Folders are searched recursively for known RDF suffixes.
    A path that does not exist, a file with an unknown suffix, a FIFO or device, a link loop, and
    (unless ``allow_empty``) a list that yields no RDF file at all are each a :class:`DataError`:
    a misconfigured CI job must not pass by checking nothing.
    """
    if paths is None:
        paths = [resources.data_dir()]
    paths = [Path(raw) for raw in paths]
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            for candidate in _walk(path):
                check_regular(candidate)
                found.append(candidate)
        elif path.is_symlink() or path.exists():
            check_regular(path)
            if path.suffix not in RDF_SUFFIXES:
                raise DataError(
                    f"unknown RDF file suffix {path.suffix!r} (expected one of {', '.join(RDF_SUFFIXES)})",
                    path=path,
                )
            found.append(path)
        else:
            raise DataError("no such file or folder", path=path)
    if not found and not allow_empty:
        where = ", ".join(display_path(p) for p in paths) or "(no paths)"
        raise DataError(f"no data files found in {where} (looked for {', '.join(RDF_SUFFIXES)})")
    # A file named twice (directly and through its folder) is loaded once.
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


MAX_NESTING = 500
"""Deepest chain of nested blank nodes (``[ … [ … ] ]``, lists of lists) a file may hold.

Parsing such a file is fast, but the canonical writer, the SHACL engines and rdflib walk nested
blank nodes recursively or pair by pair: 200,000 levels ran for minutes. Real data nests a few
levels; a flat list of any length (``rdf:rest`` chains) is not nesting and is not limited.
"""

_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"


class NestingGuard:
    """Watches a stream of triples and refuses, after it ends, blank nodes nested too deeply."""

    def __init__(self) -> None:
        self._parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def watch(self, triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
        """Yield ``triples`` unchanged, noting which blank node holds which."""
        parent = self._parent
        for triple in triples:
            obj = triple.object
            if type(obj) is ox.BlankNode and type(triple.subject) is ox.BlankNode and triple.predicate.value != _REST:
                parent[obj] = triple.subject
            yield triple

    def check(self, path: Path) -> None:
        """Raise :class:`DataError` naming ``path`` when a chain is deeper than :data:`MAX_NESTING`."""
        parent, depth = self._parent, {}
        for start in parent:
            chain, node, seen = [], start, set()
            # A cycle of blank nodes (legal RDF) is not nesting: the walk stops where it closes.
            while node in parent and node not in depth and node not in seen:
                seen.add(node)
                chain.append(node)
                node = parent[node]
                if len(chain) > MAX_NESTING:
                    break
            base = depth.get(node, 0)
            if base + len(chain) > MAX_NESTING:
                raise DataError(
                    f"blank nodes or lists nested more than {MAX_NESTING} levels deep; "
                    "flatten the structure (give the inner nodes IRIs)",
                    path=path,
                )
            for offset, member in enumerate(reversed(chain), start=1):
                depth[member] = base + offset


def _clean_syntax_message(error: SyntaxError) -> str:
    import re

    message = str(error.msg or error)
    message = re.sub(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ", "", message)
    return re.sub(r" \([^()]*, line \d+\)$", "", message)


def _source(path: Path) -> dict[str, object]:
    """The arguments that make pyoxigraph read ``path``: its bytes when they start with a BOM."""
    check_regular(path)
    with path.open("rb") as handle:
        head = handle.read(len(BOM))
    if head == BOM:
        return {"input": path.read_bytes()[len(BOM):]}
    return {"path": path}


def _parse_failure(path: Path, error: BaseException) -> DataError:
    if isinstance(error, SyntaxError):
        line = error.lineno or 1
        return DataError(f"syntax error: {_clean_syntax_message(error)}", Location(path, line, error.offset))
    if isinstance(error, MemoryError):
        return DataError(f"a token is larger than the parser accepts ({error}); split the literal", path=path)
    if isinstance(error, OSError):
        return DataError(f"cannot read file: {error.strerror or error}", path=path)
    return DataError(f"cannot parse: {error}", path=path)


def parse_file(path: Path) -> list[ox.Triple]:
    """Parse one RDF file with pyoxigraph, turning every failure into a located :class:`DataError`."""
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise DataError(f"unknown RDF file suffix {path.suffix!r}", path=path)
    try:
        # One list, built as the parser streams: a list of quads first would double the peak.
        guard = NestingGuard()
        quads = ox.parse(**_source(path), format=fmt, base_iri=path.resolve().as_uri())
        triples = list(guard.watch(q.triple for q in quads))
    except (SyntaxError, MemoryError, OSError, ValueError) as error:
        raise _parse_failure(path, error) from None
    guard.check(path)
    return triples


def parse_text(text: str, path: Path | None = None) -> list[ox.Triple]:
    """Parse Turtle text (with ``path`` as base IRI and for error locations)."""
    where = path or Path("input.ttl")
    try:
        guard = NestingGuard()
        quads = ox.parse(input=text.encode("utf-8"), format=ox.RdfFormat.TURTLE, base_iri=where.resolve().as_uri())
        triples = list(guard.watch(q.triple for q in quads))
        guard.check(where)
        return triples
    except (SyntaxError, MemoryError, ValueError) as error:
        failure = _parse_failure(where, error)
    except DataError as error:
        failure = error
    if path is None:  # no file to name: the message and line only
        raise DataError(failure.message, None) from None
    raise failure from None


def with_ontology_files(files: list[Path]) -> list[Path]:
    """``files`` preceded by the bundled ontology files they do not already include."""
    data = {p.resolve() for p in files}
    return [p for p in resources.ontology_files() if p.resolve() not in data] + files


def load_store(paths: Iterable[PathLike] | None = None, *, with_ontology: bool = True) -> ox.Store:
    """Load files (default: the bundled data and ontology) into an in-memory pyoxigraph store.

    The fast path of queries, the server and dumps: the store parses each file with its own
    loader; nothing else is built.
    """
    files = discover(paths)
    if with_ontology:
        files = with_ontology_files(files)
    store = ox.Store()
    for path in files:
        try:
            store.load(**_source(path), format=RDF_SUFFIXES[path.suffix], base_iri=path.resolve().as_uri())
        except (SyntaxError, MemoryError, OSError, ValueError) as error:
            raise _parse_failure(path, error) from None
    return store


def read_ntriples(path: Path) -> bytes:
    """One file as N-Triples bytes, parsed by pyoxigraph (streamed: no Python objects kept)."""
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise DataError(f"unknown RDF file suffix {path.suffix!r}", path=path)
    try:
        guard = NestingGuard()
        quads = ox.parse(**_source(path), format=fmt, base_iri=path.resolve().as_uri())
        ntriples = ox.serialize(guard.watch(q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, MemoryError, OSError, ValueError) as error:
        raise _parse_failure(path, error) from None
    guard.check(path)
    return ntriples


class KnowledgeGraph:
    """The parsed files, with the views later stages need built on first use.

    Each file is kept as the N-Triples its parse produced — lexical forms as written, about a
    sixth of the memory of Python triple objects — and turned into the other views on demand:
    ``by_file`` (each file's triples, in parse order), ``store`` (pyoxigraph, for SPARQL), ``rdf``
    (rdflib) and ``index`` (file:line locations). All views hold the same statements, blank
    nodes included.
    """

    def __init__(self, ntriples: dict[Path, bytes], ontology_files: frozenset[Path] = frozenset()):
        self.ntriples_by_file = ntriples
        self.ontology_files = ontology_files
        self._store: ox.Store | None = None
        self._rdflib: rdflib.Graph | None = None
        self._index: SourceIndex | None = None

    @property
    def files(self) -> list[Path]:
        """Every loaded file, ontology first."""
        return list(self.ntriples_by_file)

    @property
    def data_files(self) -> list[Path]:
        """The loaded files that are not part of the bundled ontology."""
        return [p for p in self.ntriples_by_file if p.resolve() not in self.ontology_files]

    def ntriples(self) -> bytes:
        """Every statement as N-Triples, as parsed."""
        return b"".join(self.ntriples_by_file.values())

    @cached_property
    def by_file(self) -> dict[Path, list[ox.Triple]]:
        """Each file's triples, in parse order (built on first use)."""
        return {
            path: [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
            for path, data in self.ntriples_by_file.items()
        }

    @cached_property
    def triples(self) -> list[ox.Triple]:
        """Every triple of every file (as parsed: lexical forms kept, duplicates across files kept)."""
        return [t for triples in self.by_file.values() for t in triples]

    def __len__(self) -> int:
        return sum(data.count(b"\n") for data in self.ntriples_by_file.values())  # one statement a line

    @property
    def store(self) -> ox.Store:
        """A pyoxigraph Store of every triple (built on first use)."""
        if self._store is None:
            store = ox.Store()
            for data in self.ntriples_by_file.values():
                store.extend(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            self._store = store
        return self._store

    @property
    def rdf(self) -> rdflib.Graph:
        """An rdflib Graph of every triple (built on first use)."""
        if self._rdflib is None:
            from casummit_rdf.terms import rdflib_graph

            self._rdflib = rdflib_graph(self.triples)
        return self._rdflib

    @property
    def index(self) -> SourceIndex:
        """Where each subject and statement was written (built on first use, from the files)."""
        if self._index is None:
            from casummit_rdf.files import read_text

            index = SourceIndex()
            for path in self.ntriples_by_file:
                if path.suffix == ".ttl":
                    index.add_turtle(path, read_text(path))
            self._index = index
        return self._index

    def locate(self, subject: str, predicate: str | None = None) -> Location | None:
        """Where ``subject`` (and ``predicate`` on it) was written, if known."""
        return self.index.locate(subject, predicate)

    def find_file(self, path: Path) -> Path:
        """The loaded file that is ``path`` (compared resolved); a :class:`DataError` if none."""
        resolved = path.resolve()
        for candidate in self.ntriples_by_file:
            if candidate.resolve() == resolved:
                return candidate
        raise DataError("not among the loaded files", path=path)


def load_graph(paths: Iterable[PathLike] | None = None, *, with_ontology: bool = True) -> KnowledgeGraph:
    """Parse files (default: the bundled data) with the ontology into a :class:`KnowledgeGraph`."""
    files = discover(paths)
    if with_ontology:
        files = with_ontology_files(files)
    ontology = frozenset(p.resolve() for p in resources.ontology_files())
    return KnowledgeGraph({path: read_ntriples(path) for path in files}, ontology)
