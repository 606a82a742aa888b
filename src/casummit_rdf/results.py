"""Query results: the engine-neutral :class:`QueryResult`, and its writers.

Writers for a terminal table, CSV, TSV, SPARQL JSON/XML and Markdown are registered in
:mod:`casummit_rdf.formats`.

CSV, TSV, JSON and XML follow the W3C SPARQL 1.1 result formats; the table and Markdown forms
shorten IRIs to project prefixes for people to read.
"""

from __future__ import annotations

import csv
import enum
import io
import json

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from casummit_rdf.formats import Format, Kind
from casummit_rdf.namespaces import XSD, compact
from casummit_rdf.terms import JsonTerm, json_term

#: A result term in the SPARQL 1.1 Query Results JSON form: {"type": "uri"|"literal"|"bnode", ...}.
Term = JsonTerm


class ResultKind(enum.Enum):
    """The shape of a SPARQL result."""

    SELECT = "select"
    ASK = "ask"
    GRAPH = "graph"


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

    def to_dataframe(self) -> Any:
        """A pandas DataFrame: one column per variable (SELECT) or subject/predicate/object (graphs).

        Literals become Python values by datatype (integers as nullable ``Int64``, ``xsd:date`` and
        ``xsd:dateTime`` as datetimes, decimals as :class:`~decimal.Decimal`, booleans), IRIs and
        blank nodes stay strings. Needs pandas: ``pip install 'casummit-rdf[dataframe]'``.
        """
        from casummit_rdf.dataframes import result_frame

        return result_frame(self)

    def _repr_html_(self) -> str:
        # Jupyter shows this instead of the dataclass repr: the table a person wants to see.
        return html_table(self)


def solution_rows(
    solutions: Iterable[Any],
    variables: list[str],
    *,
    to_json: Callable[[Any], Term] = json_term,
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


class UnfitFormat(ValueError):
    """A format that cannot carry this kind of result (CSV for a CONSTRUCT, Turtle for a SELECT)."""


def format_result(result: QueryResult, fmt: Format | None = None) -> str:
    """Render a result in ``fmt``: SELECT/ASK results, or the triples of CONSTRUCT/DESCRIBE.

    ``None`` picks the default of the result's kind (a terminal table, or Turtle). A format that
    does not fit the kind raises :class:`UnfitFormat` with a one-line reason.
    """
    kind = Kind.GRAPH if result.kind is ResultKind.GRAPH else Kind.RESULTS
    if fmt is None:
        fmt = Format.TURTLE if kind is Kind.GRAPH else Format.TABLE
    if not kind & fmt.kinds:
        what = "CONSTRUCT/DESCRIBE" if kind is Kind.GRAPH else "SELECT/ASK"
        offered = ", ".join(f.name_for_users for f in Format.offered(kind))
        raise UnfitFormat(f"format {fmt.name_for_users!r} cannot carry a {what} result; use one of {offered}")
    if kind is Kind.GRAPH:
        text = _graph(result, fmt)
        return text if text.endswith("\n") or not text else text + "\n"  # a terminal's prompt on its own line
    if fmt is Format.SPARQL_JSON:
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt is Format.SPARQL_XML:
        return _xml(result)
    if result.kind is ResultKind.ASK:
        return ("true" if result.boolean else "false") + "\n"
    return _WRITERS[fmt](result)


def _graph(result: QueryResult, fmt: Format) -> str:
    from casummit_rdf.namespaces import PREFIXES

    rdf_format = {
        Format.TURTLE: ox.RdfFormat.TURTLE,
        Format.N_TRIPLES: ox.RdfFormat.N_TRIPLES,
        Format.JSON_LD: ox.RdfFormat.JSON_LD,
        Format.RDF_XML: ox.RdfFormat.RDF_XML,
    }[fmt]
    if rdf_format is ox.RdfFormat.N_TRIPLES:
        return ox.serialize(result.triples, format=rdf_format).decode("utf-8")
    iris = {t.value for triple in result.triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, ox.NamedNode)}
    iris |= {triple.object.datatype.value for triple in result.triples if isinstance(triple.object, ox.Literal)}
    used = {p: ns for p, ns in PREFIXES.items() if any(i.startswith(ns) for i in iris)}
    return ox.serialize(result.triples, format=rdf_format, prefixes=used).decode("utf-8")


def html_table(result: QueryResult, max_rows: int = 50) -> str:
    """A small HTML table of the result (short IRIs), for notebooks; at most ``max_rows`` rows."""
    from html import escape

    if result.kind is ResultKind.ASK:
        return f"<p><code>ASK</code> → <strong>{escape(str(bool(result.boolean)).lower())}</strong></p>"
    if result.kind is ResultKind.GRAPH:
        variables = ["subject", "predicate", "object"]
        rows = [dict(zip(variables, (json_term(t.subject), json_term(t.predicate), json_term(t.object))))
                for t in result.triples[:max_rows]]
        total = len(result.triples)
    else:
        variables, rows, total = result.variables, result.rows[:max_rows], len(result.rows)
    head = "".join(f"<th>{escape(v)}</th>" for v in variables)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(display(row.get(v)))}</td>" for v in variables) + "</tr>" for row in rows
    )
    more = f"<p>… {total - len(rows)} more of {total} rows</p>" if total > len(rows) else f"<p>{total} rows</p>"
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def display(term: Term | None) -> str:
    """A short human form of a term: prefixed IRI, plain literal value."""
    if term is None:
        return ""
    if term["type"] == "uri":
        return compact(term["value"])
    if term["type"] == "bnode":
        return "_:" + term["value"]
    return term["value"]


def _csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(row.get(v)) for v in result.variables])
    return out.getvalue()


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if term["type"] == "bnode":
        return "_:" + term["value"]
    return term["value"]


def _tsv(result: QueryResult) -> str:
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(_ntriples(row.get(v)) for v in result.variables))
    return "\n".join(lines) + "\n"


def _ntriples(term: Term | None) -> str:
    if term is None:
        return ""
    if term["type"] == "uri":
        return f"<{term['value']}>"
    if term["type"] == "bnode":
        return "_:" + term["value"]
    value = term["value"]
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    if "xml:lang" in term:
        return f'"{escaped}"@{term["xml:lang"]}'
    datatype = term.get("datatype")
    if datatype == XSD + "integer":
        return value
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def _table(result: QueryResult) -> str:
    return table(result)


def table(
    result: QueryResult,
    *,
    headers: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    footer: Callable[[int], str] | None = None,
) -> str:
    """The terminal table of a SELECT result, optionally for readers of another language.

    ``headers`` renames columns; ``names`` (IRI → name) names IRIs: an ``xLabel`` column takes the
    name of the IRI in column ``x``, and an IRI column without such a label column shows the name
    instead of the short IRI. ``footer`` writes the row count line.
    """
    headers = headers or {}
    names = names or {}
    variables = result.variables
    labelled = {v[: -len("Label")] for v in variables if v.endswith("Label") and v[: -len("Label")] in variables}

    def cell(row: Mapping[str, Term], variable: str) -> str:
        term = row.get(variable)
        if variable.endswith("Label") and variable[: -len("Label")] in labelled:
            source = row.get(variable[: -len("Label")])
            if source is not None and source.get("type") == "uri" and source["value"] in names:
                return names[source["value"]]
        if term is not None and term.get("type") == "uri" and variable not in labelled and term["value"] in names:
            return names[term["value"]]
        return display(term)

    header = [headers.get(v, v) for v in variables]
    body = [[cell(row, v) for v in variables] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body)
    count = len(body)
    lines.append(footer(count) if footer else f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


def _markdown(result: QueryResult) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(result.variables) + " |", "|" + "---|" * len(result.variables)]
    for row in result.rows:
        lines.append("| " + " | ".join(cell(display(row.get(v))) for v in result.variables) + " |")
    return "\n".join(lines) + "\n"


def _xml(result: QueryResult) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "  <head>"]
    for variable in result.variables:
        out.append(f"    <variable name={_attribute(variable)}/>")
    out.append("  </head>")
    if result.kind is ResultKind.ASK:
        out.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in result.rows:
            out.append("    <result>")
            for name, term in row.items():
                out.append(f"      <binding name={_attribute(name)}>{_xml_term(term)}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _escape(text: str) -> str:
    # xml.sax.saxutils would do, but importing it pulls in urllib, http.client and ssl (~30 ms).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return '"' + _escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'


def _xml_term(term: Term) -> str:
    value = _escape(term["value"])
    if term["type"] == "uri":
        return f"<uri>{value}</uri>"
    if term["type"] == "bnode":
        return f"<bnode>{value}</bnode>"
    if "xml:lang" in term:
        return f"<literal xml:lang={_attribute(term['xml:lang'])}>{value}</literal>"
    if "datatype" in term:
        return f"<literal datatype={_attribute(term['datatype'])}>{value}</literal>"
    return f"<literal>{value}</literal>"


_WRITERS = {
    Format.TABLE: _table,
    Format.CSV: _csv,
    Format.TSV: _tsv,
    Format.MARKDOWN: _markdown,
}
