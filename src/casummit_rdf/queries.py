"""Canned SPARQL queries: read ``.rq`` files and their ``#+`` headers, bind typed parameters, run.

Headers follow grlc's decorators so the ``queries/`` folder also works under grlc::

    #+ summary: Powers that met all five Central Asian heads of state in one year
    #+ tags:
    #+   - flagship
    #+ defaults:
    #+   - year: 2025
    #+ parameters:
    #+   - year: calendar year of the summits

A parameter is a variable named grlc-style, ``?_<name>_<type>``: ``?_year_xsd_integer``,
``?_format_iri``, ``?_on_xsd_date``, ``?_label_xsd_string``. Values are checked against the type
and bound as typed RDF terms through the engine's binding API — never pasted into query text.
Parameter variables must appear in the SELECT clause (pyoxigraph binds only projected
variables); they are dropped from results.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.namespaces import PREFIXES, XSD
from casummit_rdf.sparql_safety import Reach, UnsafeQuery, check_reach

if TYPE_CHECKING:  # pragma: no cover
    from casummit_rdf.graph import KnowledgeGraph


class QueryError(Exception):
    """A query that cannot run: unknown name, bad parameter value, SPARQL syntax error."""


class Engine(enum.Enum):
    """SPARQL engines the library can run a query on."""

    OXIGRAPH = "oxigraph"
    RDFLIB = "rdflib"


class ParameterType(enum.Enum):
    """Types a canned-query parameter can have, keyed by the grlc variable-name suffix."""

    INTEGER = "xsd_integer"
    DATE = "xsd_date"
    STRING = "xsd_string"
    IRI = "iri"

    @property
    def label(self) -> str:
        return {"xsd_integer": "integer", "xsd_date": "date", "xsd_string": "string", "iri": "iri"}[self.value]


_PARAM_VAR_RE = re.compile(r"[?$]_([A-Za-z][A-Za-z0-9]*)_(xsd_integer|xsd_date|xsd_string|iri)\b")
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\]')
_MAX_STRING = 200


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a canned query."""

    name: str
    type: ParameterType
    default: str | None = None
    description: str = ""

    @property
    def variable(self) -> str:
        """The SPARQL variable name (without ``?``) that carries the parameter."""
        return f"_{self.name}_{self.type.value}"

    def bind(self, raw: str) -> ox.NamedNode | ox.Literal:
        """Check ``raw`` against the parameter's type and return it as an RDF term.

        Raises :class:`QueryError` with a one-line message naming the parameter and value.
        """
        value = raw.strip()
        if self.type is ParameterType.INTEGER:
            if not re.fullmatch(r"[+-]?[0-9]{1,9}", value):
                raise QueryError(f"parameter {self.name}: {raw!r} is not an integer")
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        if self.type is ParameterType.DATE:
            try:
                _dt.date.fromisoformat(value)
            except ValueError:
                raise QueryError(f"parameter {self.name}: {raw!r} is not a date (YYYY-MM-DD)") from None
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
                raise QueryError(f"parameter {self.name}: {raw!r} is not a date (YYYY-MM-DD)")
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
        if self.type is ParameterType.IRI:
            iri = expand_iri(value)
            if iri is None:
                raise QueryError(f"parameter {self.name}: {raw!r} is not an IRI or known prefixed name")
            return ox.NamedNode(iri)
        if len(raw) > _MAX_STRING or any(ord(c) < 32 for c in raw):
            raise QueryError(f"parameter {self.name}: string too long or contains control characters")
        return ox.Literal(raw)


def expand_iri(value: str) -> str | None:
    """Expand ``prefix:local`` with the project prefixes, or accept an absolute IRI; else ``None``."""
    if _IRI_FORBIDDEN.search(value) or not value:
        return None
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value):
        return value
    prefix, sep, local = value.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[A-Za-z0-9_.-]*", local):
        return PREFIXES[prefix] + local
    return None


@dataclass(frozen=True)
class CannedQuery:
    """A named SPARQL query from a ``.rq`` file, with its grlc-style header."""

    name: str
    text: str
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    path: Path | None = None
    method: str = "GET"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name} has no parameter {name!r} (parameters: {known})")

    def bindings(self, values: Mapping[str, str] | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
        """Check ``values`` and fill in defaults; return variable name → RDF term."""
        values = dict(values or {})
        for name in values:
            self.parameter(name)
        bound: dict[str, ox.NamedNode | ox.Literal] = {}
        for parameter in self.parameters:
            raw = values.get(parameter.name, parameter.default)
            if raw is None:
                raise QueryError(f"query {self.name}: parameter {parameter.name} is required")
            bound[parameter.variable] = parameter.bind(str(raw))
        return bound


def parse_header(text: str) -> dict[str, Any]:
    """Read the ``#+`` decorator lines of a query into a dict (a small YAML subset).

    Supported: ``key: value``; ``key:`` followed by ``- item`` or ``- key: value`` lines.
    """
    header: dict[str, Any] = {}
    current: str | None = None
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        body = line[2:].rstrip()
        item = re.match(r"^\s+-\s*(.*)$", body)
        if item and current is not None:
            entry = item.group(1).strip()
            key, sep, value = entry.partition(":")
            if sep and re.fullmatch(r"[A-Za-z_][\w-]*", key.strip()):
                if header.get(current) is None:
                    header[current] = {}
                if isinstance(header[current], dict):
                    header[current][key.strip()] = _scalar(value.strip())
                    continue
            if not isinstance(header.get(current), list):
                header[current] = []
            header[current].append(_scalar(entry))
            continue
        key, sep, value = body.strip().partition(":")
        if not sep:
            continue
        current = key.strip()
        header[current] = _scalar(value.strip()) if value.strip() else None
    return header


def _scalar(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def read_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file into a :class:`CannedQuery`."""
    text = path.read_text(encoding="utf-8")
    header = parse_header(text)
    defaults = header.get("defaults") or {}
    descriptions = header.get("parameters") or {}
    if not isinstance(defaults, dict) or not isinstance(descriptions, dict):
        raise QueryError(f"{path.name}: 'defaults' and 'parameters' must be lists of 'name: value'")
    seen: dict[str, Parameter] = {}
    for match in _PARAM_VAR_RE.finditer(text):
        name, suffix = match.group(1), match.group(2)
        if name in seen:
            continue
        default = defaults.get(name)
        seen[name] = Parameter(
            name=name,
            type=ParameterType(suffix),
            default=None if default is None else str(default),
            description=str(descriptions.get(name, "")),
        )
    tags = header.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    known = {"summary", "description", "tags", "defaults", "parameters", "method"}
    return CannedQuery(
        name=path.stem,
        text=text,
        summary=str(header.get("summary") or ""),
        description=str(header.get("description") or ""),
        tags=tuple(str(t) for t in tags),
        parameters=tuple(seen.values()),
        path=path,
        method=str(header.get("method") or "GET"),
        extra={k: v for k, v in header.items() if k not in known},
    )


def load_queries(folder: Path | None = None) -> dict[str, CannedQuery]:
    """Read every canned query in ``folder`` (default: the bundled ``queries/``), keyed by name."""
    folder = folder or resources.queries_dir()
    return {q.name: q for q in (read_query(p) for p in sorted(folder.glob("*.rq")))}


# ---------------------------------------------------------------------------------------------
# Results


class ResultKind(enum.Enum):
    """The shape of a SPARQL result."""

    SELECT = "select"
    ASK = "ask"
    GRAPH = "graph"


#: A result term in the SPARQL 1.1 Query Results JSON form: {"type": "uri"|"literal"|"bnode", ...}.
Term = dict[str, str]


@dataclass
class QueryResult:
    """Engine-neutral result: SELECT rows as SPARQL-JSON terms, an ASK boolean, or graph triples."""

    kind: ResultKind
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The SPARQL 1.1 Query Results JSON document (SELECT and ASK)."""
        if self.kind is ResultKind.ASK:
            return {"head": {}, "boolean": bool(self.boolean)}
        return {"head": {"vars": list(self.variables)}, "results": {"bindings": list(self.rows)}}

    def values(self, variable: str) -> list[str | None]:
        """The plain values of one column, in row order (``None`` where unbound)."""
        return [row[variable]["value"] if variable in row else None for row in self.rows]


def ox_term_json(term: object) -> Term:
    """Turn a pyoxigraph term into its SPARQL-JSON form."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    raise TypeError(f"unsupported term {term!r}")


def rdflib_term_json(term: object) -> Term:
    """Turn an rdflib term into its SPARQL-JSON form."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, rdflib.BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, rdflib.Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None and str(term.datatype) != XSD + "string":
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"unsupported term {term!r}")


def solution_rows(
    solutions: Iterable[Any],
    variables: list[str],
    *,
    to_json: Callable[[Any], Term] = ox_term_json,
    limit: int | None = None,
) -> list[dict[str, Term]]:
    """Turn engine solutions into SPARQL-JSON rows (unbound variables left out).

    With ``limit``, stops after ``limit + 1`` rows so that a caller can tell "too many" without
    reading the rest.
    """
    rows: list[dict[str, Term]] = []
    for solution in solutions:
        if limit is not None and len(rows) > limit:
            break
        row = {}
        for name in variables:
            value = solution[name]
            if value is not None:
                row[name] = to_json(value)
        rows.append(row)
    return rows


def _hidden(variable: str) -> bool:
    return variable.startswith("_")


def _run_oxigraph(store: ox.Store, text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> QueryResult:
    try:
        answer = store.query(text, substitutions={ox.Variable(k): v for k, v in bindings.items()} or None)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(ResultKind.ASK, boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables if not _hidden(v.value)]
            return QueryResult(ResultKind.SELECT, variables=variables, rows=solution_rows(answer, variables))
        return QueryResult(ResultKind.GRAPH, triples=list(answer))
    except SyntaxError as error:
        raise QueryError(f"SPARQL syntax error: {_one_line(error)}") from None
    except (RuntimeError, ValueError, OSError) as error:  # evaluation errors surface while iterating
        raise QueryError(f"query failed: {_one_line(error)}") from None


def _run_rdflib(graph: Any, text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> QueryResult:
    from casummit_rdf.graph import ox_to_rdflib

    try:
        answer = graph.query(text, initBindings={k: ox_to_rdflib(v) for k, v in bindings.items()})
    except Exception as error:  # rdflib raises pyparsing and assorted errors
        raise QueryError(f"query failed: {_one_line(error)}") from None
    if answer.type == "ASK":
        return QueryResult(ResultKind.ASK, boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        variables = [str(v) for v in answer.vars if not _hidden(str(v))]
        rows = solution_rows(answer, variables, to_json=rdflib_term_json)
        return QueryResult(ResultKind.SELECT, variables=variables, rows=rows)
    from casummit_rdf.graph import rdflib_to_ox

    triples = [ox.Triple(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o)) for s, p, o in answer]
    return QueryResult(ResultKind.GRAPH, triples=triples)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def run_sparql(
    text: str,
    *,
    graph: KnowledgeGraph | ox.Store | None = None,
    engine: Engine = Engine.OXIGRAPH,
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
    reach: Reach = Reach.NONE,
) -> QueryResult:
    """Run SPARQL text over ``graph`` (default: the bundled data) on the chosen engine.

    Offline unless ``reach`` says otherwise: a query with ``SERVICE`` (or, on rdflib's engine,
    which downloads them, ``FROM`` / ``FROM NAMED`` IRIs) raises :class:`QueryError`. pyoxigraph
    reads ``FROM`` IRIs as graph names of the local store and never fetches them.
    """
    bindings = bindings or {}
    allowed = reach | Reach.DATASET if engine is Engine.OXIGRAPH else reach
    try:
        check_reach(text, allowed)
    except UnsafeQuery as error:
        hint = "; pass --allow-service to allow it" if error.reason in ("service", "dataset") else ""
        raise QueryError(f"{error}{hint}") from None
    if engine is Engine.OXIGRAPH:
        if graph is None:
            from casummit_rdf.graph import load_store

            store = load_store()
        elif isinstance(graph, ox.Store):
            store = graph
        else:
            store = graph.store
        return _run_oxigraph(store, text, bindings)
    if graph is None or isinstance(graph, ox.Store):
        from casummit_rdf.graph import load_graph

        graph = load_graph()
    return _run_rdflib(graph.rdf, text, bindings)


def run_query(
    query: CannedQuery | str,
    params: Mapping[str, str] | None = None,
    *,
    graph: KnowledgeGraph | ox.Store | None = None,
    engine: Engine = Engine.OXIGRAPH,
    reach: Reach = Reach.NONE,
) -> QueryResult:
    """Run a canned query (object or name) with parameter values given as strings.

    >>> result = run_query("powers-met-all-five", {"year": "abc"})
    Traceback (most recent call last):
    ...
    casummit_rdf.queries.QueryError: parameter year: 'abc' is not an integer
    """
    if isinstance(query, str):
        queries = load_queries()
        if query not in queries:
            raise QueryError(f"unknown query {query!r} (run 'casummit queries' to list them)")
        query = queries[query]
    return run_sparql(query.text, graph=graph, engine=engine, bindings=query.bindings(params), reach=reach)
