"""The canned-query catalogue: ``.rq`` files, their ``#+`` headers, typed parameters, binding.

Running a query is :mod:`casummit_rdf.sparql`'s job; this module only reads and binds.

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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.errors import QueryError
from casummit_rdf.files import read_text
from casummit_rdf.namespaces import PREFIXES, XSD


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

    def bind(self, values: Mapping[str, str] | None = None) -> BoundQuery:
        """Check ``values`` (strings, as typed by a user) once and fill in defaults.

        Raises :class:`QueryError` with a one-line message naming the parameter and value.
        """
        return BoundQuery(self, self.bindings(values))

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
    text = read_text(path)
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


@dataclass(frozen=True)
class BoundQuery:
    """A canned query with its parameter values checked and turned into RDF terms."""

    query: CannedQuery
    bindings: Mapping[str, ox.NamedNode | ox.Literal]

    @property
    def text(self) -> str:
        return self.query.text

    @property
    def hidden(self) -> tuple[str, ...]:
        """The parameter variables, which the engine needs projected but results leave out."""
        return tuple(p.variable for p in self.query.parameters)


def find_query(name: str, folder: Path | None = None) -> CannedQuery:
    """The canned query called ``name``; a :class:`QueryError` naming the way to list them if none."""
    queries = load_queries(folder)
    if name not in queries:
        raise QueryError(f"unknown query {name!r} (run 'casummit queries' to list them)")
    return queries[name]
