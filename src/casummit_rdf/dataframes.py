"""Query results as pandas DataFrames (pandas is an optional extra: ``casummit-rdf[dataframe]``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from casummit_rdf.errors import MissingExtra
from casummit_rdf.namespaces import XSD
from casummit_rdf.terms import JsonTerm, json_term

if TYPE_CHECKING:  # pragma: no cover
    from casummit_rdf.results import QueryResult

_INTEGERS = {XSD + name for name in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                     "positiveInteger", "nonPositiveInteger", "negativeInteger",
                                     "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def python_value(term: JsonTerm | None) -> Any:
    """A SPARQL-JSON term as a Python value: numbers, dates and booleans by datatype, else the text.

    A literal whose text does not fit its datatype (``"abc"^^xsd:integer``) stays a string.
    """
    if term is None:
        return None
    if term["type"] != "literal" or "xml:lang" in term:
        return term["value"]
    value, datatype = term["value"], term.get("datatype", "")
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype == XSD + "decimal":
            return Decimal(value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(value)
        if datatype == XSD + "boolean":
            return {"true": True, "1": True, "false": False, "0": False}[value]
        if datatype == XSD + "date":
            return dt.date.fromisoformat(value)
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(value)  # Python 3.11 reads a trailing Z
    except (ValueError, KeyError, InvalidOperation):
        return value
    return value


def result_frame(result: QueryResult) -> Any:
    """The DataFrame of a SELECT or graph result (see :meth:`QueryResult.to_dataframe`)."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtra("to_dataframe() needs pandas: pip install 'casummit-rdf[dataframe]'") from None
    from casummit_rdf.results import ResultKind

    if result.kind is ResultKind.ASK:
        raise TypeError("an ASK result is one boolean (result.boolean), not a table")
    if result.kind is ResultKind.GRAPH:
        columns = ["subject", "predicate", "object"]
        rows = [(json_term(t.subject), json_term(t.predicate), json_term(t.object)) for t in result.triples]
        records = [[python_value(term) for term in row] for row in rows]
    else:
        columns = list(result.variables)
        records = [[python_value(row.get(v)) for v in columns] for row in result.rows]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in columns:
        values = [v for v in frame[column] if v is not None]
        if not values:
            continue
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("Int64")
        elif all(isinstance(v, bool) for v in values):
            frame[column] = frame[column].astype("boolean")
        elif all(type(v) is dt.date for v in values):
            frame[column] = pd.to_datetime(frame[column])
    return frame
