"""Write query results as a terminal table, CSV, TSV, SPARQL JSON/XML or Markdown.

CSV, TSV, JSON and XML follow the W3C SPARQL 1.1 result formats; the table and Markdown forms
shorten IRIs to project prefixes for people to read.
"""

from __future__ import annotations

import csv
import enum
import io
import json
from xml.sax.saxutils import escape, quoteattr

from casummit_rdf.namespaces import XSD, compact
from casummit_rdf.queries import QueryResult, ResultKind, Term


class ResultFormat(enum.Enum):
    """Output formats for SELECT and ASK results."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    XML = "xml"
    MD = "md"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    ResultFormat.TABLE: "text/plain; charset=utf-8",
    ResultFormat.CSV: "text/csv; charset=utf-8",
    ResultFormat.TSV: "text/tab-separated-values; charset=utf-8",
    ResultFormat.JSON: "application/sparql-results+json",
    ResultFormat.XML: "application/sparql-results+xml",
    ResultFormat.MD: "text/markdown; charset=utf-8",
}


def format_result(result: QueryResult, fmt: ResultFormat = ResultFormat.TABLE) -> str:
    """Render a SELECT or ASK result in ``fmt``; graph results are rendered as N-Triples."""
    if result.kind is ResultKind.GRAPH:
        return "".join(f"{t} .\n" for t in result.triples)
    if fmt is ResultFormat.JSON:
        return json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if fmt is ResultFormat.XML:
        return _xml(result)
    if result.kind is ResultKind.ASK:
        return ("true" if result.boolean else "false") + "\n"
    if fmt is ResultFormat.CSV:
        return _csv(result)
    if fmt is ResultFormat.TSV:
        return _tsv(result)
    if fmt is ResultFormat.MD:
        return _markdown(result)
    return _table(result)


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
    header = result.variables
    body = [[display(row.get(v)) for v in header] for row in result.rows]
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines.extend("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in body)
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
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
        out.append(f"    <variable name={quoteattr(variable)}/>")
    out.append("  </head>")
    if result.kind is ResultKind.ASK:
        out.append(f"  <boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("  <results>")
        for row in result.rows:
            out.append("    <result>")
            for name, term in row.items():
                out.append(f"      <binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            out.append("    </result>")
        out.append("  </results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _xml_term(term: Term) -> str:
    value = escape(term["value"])
    if term["type"] == "uri":
        return f"<uri>{value}</uri>"
    if term["type"] == "bnode":
        return f"<bnode>{value}</bnode>"
    if "xml:lang" in term:
        return f"<literal xml:lang={quoteattr(term['xml:lang'])}>{value}</literal>"
    if "datatype" in term:
        return f"<literal datatype={quoteattr(term['datatype'])}>{value}</literal>"
    return f"<literal>{value}</literal>"
