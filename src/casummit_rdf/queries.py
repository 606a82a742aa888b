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

A parameter is a variable named grlc-style: ``?_<name>_<type>`` is required, ``?__<name>_<type>``
optional (left unbound when not given): ``?_year_xsd_integer``, ``?__level_iri``,
``?_on_xsd_date``, ``?_label_xsd_string``. Values are checked against the type and bound as typed
RDF terms through the engine's binding API — never pasted into query text.

One text serves both pyoxigraph and grlc. pyoxigraph binds only variables of the top-level
SELECT clause, so a parameter variable is projected (and grouped, where the query groups) —
spelt with ``$`` there: grlc replaces only the ``?`` spelling with the value, so the SELECT and
GROUP BY clauses stay valid after its textual substitution. In the WHERE clause the variable is
spelt with ``?``. Parameter columns are dropped from results.

The header is YAML (every ``#+`` line, prefix removed); a header that is not valid YAML is a
:class:`~casummit_rdf.errors.QueryError` naming the file.
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
    BOOLEAN = "xsd_boolean"
    IRI = "iri"

    @property
    def label(self) -> str:
        return {"xsd_integer": "integer", "xsd_date": "date", "xsd_string": "string", "xsd_boolean": "boolean", "iri": "iri"}[self.value]


_PARAM_VAR_RE = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9]*)_(xsd_integer|xsd_date|xsd_string|xsd_boolean|iri)\b")
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|^`\\]')
_MAX_STRING = 200


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a canned query."""

    name: str
    type: ParameterType
    default: str | None = None
    description: str = ""
    optional: bool = False

    @property
    def variable(self) -> str:
        """The SPARQL variable name (without ``?``) that carries the parameter."""
        return f"{'__' if self.optional else '_'}{self.name}_{self.type.value}"

    @property
    def required(self) -> bool:
        """A value must be given (no default, not optional)."""
        return self.default is None and not self.optional

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
        if self.type is ParameterType.BOOLEAN:
            if value.lower() not in ("true", "false", "1", "0"):
                raise QueryError(f"parameter {self.name}: {raw!r} is not a boolean (true or false)")
            return ox.Literal("true" if value.lower() in ("true", "1") else "false", datatype=ox.NamedNode(XSD + "boolean"))
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
                if parameter.optional:
                    continue  # left unbound: the query reads it as "any"
                raise QueryError(f"query {self.name}: parameter {parameter.name} is required")
            bound[parameter.variable] = parameter.bind(str(raw))
        return bound


def header_text(text: str) -> str:
    """The ``#+`` lines before the first statement, with the ``#+`` removed (a YAML document)."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[2:].removeprefix(" ") if line[2:3] == " " else line[2:])
        elif line.strip() and not line.startswith("#"):
            break
    return "\n".join(lines)


def parse_header(text: str, path: Path | None = None) -> dict[str, Any]:
    """Read the ``#+`` header of a query as YAML, the way grlc does.

    A list of one-key mappings (``- year: 2025``, as grlc writes ``defaults`` and ``parameters``)
    becomes one mapping.
    """
    import yaml

    try:
        header = yaml.safe_load(header_text(text)) or {}
    except yaml.YAMLError as error:
        where = f"{path.name}: " if path else ""
        mark = getattr(error, "problem_mark", None)
        line = f" (header line {mark.line + 1})" if mark is not None else ""
        raise QueryError(f"{where}the #+ header is not valid YAML{line}: {getattr(error, 'problem', error)}") from None
    if not isinstance(header, dict):
        raise QueryError(f"{path.name + ': ' if path else ''}the #+ header must be 'key: value' lines")
    for key in ("defaults", "parameters"):
        value = header.get(key)
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            header[key] = {k: v for item in value for k, v in item.items()}
    return header


def read_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file into a :class:`CannedQuery`."""
    text = read_text(path)
    header = parse_header(text, path)
    defaults = header.get("defaults") or {}
    descriptions = header.get("parameters") or {}
    if not isinstance(defaults, dict) or not isinstance(descriptions, dict):
        raise QueryError(f"{path.name}: 'defaults' and 'parameters' must be lists of 'name: value'")
    seen: dict[str, Parameter] = {}
    for match in _PARAM_VAR_RE.finditer(text):
        underscores, name, suffix = match.group(1), match.group(2), match.group(3)
        if name in seen:
            continue
        default = defaults.get(name)
        seen[name] = Parameter(
            name=name,
            type=ParameterType(suffix),
            default=None if default is None else str(default),
            description=str(descriptions.get(name, "")),
            optional=underscores == "__",
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
