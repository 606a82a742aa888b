"""Find and load Turtle files: into a pyoxigraph store for queries, or an rdflib graph for checks.

Data flows one way: files → graph → checks, queries, exports. Every file is parsed by pyoxigraph,
which is fast and reports syntax errors with line and column; the rdflib view is built from the
same parsed triples, so both views always hold the same statements. A :class:`SourceIndex`
remembers where each subject (and each subject–predicate pair) was written, so that a problem
found later can be reported as ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.namespaces import PREFIXES

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


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: path and 1-based line (and column, where known)."""

    path: Path
    line: int
    column: int | None = None

    def __str__(self) -> str:
        text = f"{display_path(self.path)}:{self.line}"
        return f"{text}:{self.column}" if self.column else text


class DataError(Exception):
    """Input that cannot be used at all: a missing file or a syntax error.

    ``str(error)`` is one line that names the file (and line, where known).
    """

    def __init__(self, message: str, location: Location | None = None, path: Path | None = None):
        self.message = message
        self.location = location
        self.path = location.path if location else path
        if location:
            text = f"{location}: {message}"
        elif path:
            text = f"{display_path(path)}: {message}"
        else:
            text = message
        super().__init__(text)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discover(paths: Iterable[PathLike] | None = None) -> list[Path]:
    """Expand files and folders into a sorted list of RDF files.

    ``None`` means the bundled data. Folders are searched recursively for known RDF suffixes.
    A path that does not exist, or a file with an unknown suffix, is a :class:`DataError`.
    """
    if paths is None:
        paths = [resources.data_dir()]
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in RDF_SUFFIXES and p.is_file()))
        elif path.is_file():
            if path.suffix not in RDF_SUFFIXES:
                raise DataError(
                    f"unknown RDF file suffix {path.suffix!r} (expected one of {', '.join(RDF_SUFFIXES)})",
                    path=path,
                )
            found.append(path)
        else:
            raise DataError("no such file or folder", path=path)
    # A file named twice (directly and through its folder) is loaded once.
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def parse_file(path: Path) -> list[ox.Triple]:
    """Parse one RDF file with pyoxigraph, turning syntax errors into a located :class:`DataError`."""
    fmt = RDF_SUFFIXES.get(path.suffix)
    if fmt is None:
        raise DataError(f"unknown RDF file suffix {path.suffix!r}", path=path)
    try:
        quads = list(ox.parse(path=path, format=fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as error:
        message = str(error.msg or error)
        message = re.sub(r"^Parser error at line \d+ (?:column \d+|between columns \d+ and \d+): ", "", message)
        line = error.lineno or 1
        column = error.offset
        raise DataError(f"syntax error: {message}", Location(path, line, column)) from None
    except OSError as error:
        raise DataError(f"cannot read file: {error.strerror or error}", path=path) from None
    return [q.triple if isinstance(q, ox.Quad) else q for q in quads]


_PREFIX_RE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT_RE = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)(?=\s|$)")
_PREDICATE_RE = re.compile(r"^\s*(a|<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*)(?=\s)")


@dataclass
class SourceIndex:
    """Where each subject (and subject–predicate pair) was written in the source files."""

    subjects: dict[str, Location] = field(default_factory=dict)
    statements: dict[tuple[str, str], Location] = field(default_factory=dict)

    def locate(self, subject: str, predicate: str | None = None) -> Location | None:
        """The location of ``predicate`` on ``subject``, else of ``subject``, else ``None``."""
        if predicate is not None:
            found = self.statements.get((subject, predicate))
            if found:
                return found
        return self.subjects.get(subject)

    def add_turtle(self, path: Path, text: str) -> None:
        """Index subject blocks of a Turtle file written one subject block at a time.

        The heuristic covers canonical project files (subjects start at column 0, predicate
        lists are indented); anything it cannot read is simply not indexed.
        """
        prefixes: dict[str, str] = {}
        subject: str | None = None
        expect_predicate = False
        for number, line in enumerate(text.splitlines(), start=1):
            prefix = _PREFIX_RE.match(line)
            if prefix:
                prefixes[prefix.group(1) or ""] = prefix.group(2)
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            rest = line
            if not line[0].isspace():
                match = _SUBJECT_RE.match(line)
                if not match:
                    subject = None
                    continue
                subject = _expand(match.group(1), prefixes)
                if subject is None:
                    continue
                self.subjects.setdefault(subject, Location(path, number))
                rest = " " + line[match.end():]
                expect_predicate = True
            if subject is None:
                continue
            if expect_predicate:
                predicate = _PREDICATE_RE.match(rest)
                if predicate:
                    token = predicate.group(1)
                    iri = _RDF_TYPE if token == "a" else _expand(token, prefixes)
                    if iri:
                        self.statements.setdefault((subject, iri), Location(path, number))
            body = stripped.split("#", 1)[0].rstrip() if '"' not in stripped else stripped
            if body.endswith("."):
                subject = None
                expect_predicate = False
            else:
                expect_predicate = body.endswith(";")


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    namespace = prefixes.get(prefix)
    if namespace is None:
        return None
    return namespace + re.sub(r"\\(.)", r"\1", local)


@dataclass
class ParsedFiles:
    """The triples of a set of files, with where each came from."""

    files: list[Path]
    triples: list[ox.Triple]
    index: SourceIndex
    file_of_triple_count: dict[Path, int]


def read_files(paths: Iterable[PathLike] | None = None, *, with_ontology: bool = True) -> ParsedFiles:
    """Parse the given files (default: the bundled data), plus the ontology unless told not to."""
    files = discover(paths)
    if with_ontology:
        data = {p.resolve() for p in files}
        files = [p for p in resources.ontology_files() if p.resolve() not in data] + files
    triples: list[ox.Triple] = []
    counts: dict[Path, int] = {}
    index = SourceIndex()
    for path in files:
        parsed = parse_file(path)
        counts[path] = len(parsed)
        triples.extend(parsed)
        if path.suffix == ".ttl":
            index.add_turtle(path, path.read_text(encoding="utf-8"))
    return ParsedFiles(files, triples, index, counts)


def load_store(paths: Iterable[PathLike] | None = None, *, with_ontology: bool = True) -> ox.Store:
    """Load files (default: the bundled data and ontology) into an in-memory pyoxigraph store.

    This is the fast path used by queries: no rdflib involved.
    """
    store = ox.Store()
    parsed = read_files(paths, with_ontology=with_ontology)
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in parsed.triples)
    return store


class KnowledgeGraph:
    """The loaded graph in both views: rdflib (for SHACL and serializers) and pyoxigraph (for SPARQL)."""

    def __init__(self, parsed: ParsedFiles):
        self.files = parsed.files
        self.index = parsed.index
        self.triples = parsed.triples
        self._rdflib: rdflib.Graph | None = None
        self._store: ox.Store | None = None

    def __len__(self) -> int:
        return len(self.triples)

    @property
    def rdf(self) -> rdflib.Graph:
        """An rdflib Graph of every triple (built on first use)."""
        if self._rdflib is None:
            self._rdflib = to_rdflib(self.triples)
        return self._rdflib

    @property
    def store(self) -> ox.Store:
        """A pyoxigraph Store of every triple (built on first use)."""
        if self._store is None:
            store = ox.Store()
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in self.triples)
            self._store = store
        return self._store

    def locate(self, subject: str, predicate: str | None = None) -> Location | None:
        """Where ``subject`` (and ``predicate`` on it) was written, if known."""
        return self.index.locate(subject, predicate)


def load_graph(paths: Iterable[PathLike] | None = None, *, with_ontology: bool = True) -> KnowledgeGraph:
    """Load files (default: the bundled data) with the ontology into a :class:`KnowledgeGraph`."""
    return KnowledgeGraph(read_files(paths, with_ontology=with_ontology))


def to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """Convert pyoxigraph triples into an rdflib Graph."""
    import logging

    import rdflib

    # rdflib logs a traceback for every ill-typed literal; SHACL reports those as problems.
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    graph = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    add = graph.add
    for triple in triples:
        add((ox_to_rdflib(triple.subject), ox_to_rdflib(triple.predicate), ox_to_rdflib(triple.object)))
    return graph


def ox_to_rdflib(term: object) -> rdflib.term.Node:
    """Convert one pyoxigraph term into the equal rdflib term."""
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(datatype))
    raise TypeError(f"unsupported RDF term {term!r}")


def rdflib_to_ox(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert one rdflib term into the equal pyoxigraph term."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported RDF term {term!r}")
