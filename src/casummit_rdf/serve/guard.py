"""Look at SPARQL text before running it: its form (SELECT, CONSTRUCT, …), updates, SERVICE.

A small lexer walks the query token by token, so that keywords inside strings, IRIs,
comments, variables (``?service``) or prefixed names (``ex:service``) are not mistaken for the
real thing, and keywords in any letter case are. pyoxigraph would otherwise follow a ``SERVICE``
clause to any host (server-side request forgery), so a query using it is refused before it
reaches the engine.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

_PN_CHARS = r"[\w\u00B7\u0300-\u036F\u203F-\u2040-]"
_LOCAL_CHAR = rf"(?:{_PN_CHARS}|:|%[0-9A-Fa-f]{{2}}|\\[_~.\-!$&'()*+,;=/?#@%])"
_TOKEN_RE = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    | (?P<var>[?$]""" + _PN_CHARS + r"""+)
    | (?P<pname>(?:[^\W\d_]""" + _PN_CHARS + r"""*(?:\.""" + _PN_CHARS + r"""+)*)?:"""
    + r"(?:" + _LOCAL_CHAR + r"|\.(?=" + _LOCAL_CHAR + r"))*)"
    + r"""
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


class QueryForm(enum.Enum):
    """The four SPARQL query forms, plus "not a query"."""

    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"
    UPDATE = "UPDATE"
    UNKNOWN = "UNKNOWN"

    @property
    def is_graph(self) -> bool:
        return self in (QueryForm.CONSTRUCT, QueryForm.DESCRIBE)


@dataclass(frozen=True)
class QueryInfo:
    """What :func:`inspect` found in a query text."""

    form: QueryForm
    uses_service: bool


def _unescape(text: str) -> str:
    # SPARQL 1.1 §19.2: \u and \U escapes may appear anywhere and are decoded before parsing.
    # pyoxigraph does not decode them outside strings, but a future parser might.
    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _UNICODE_ESCAPE.sub(replace, text)


def keywords(text: str) -> list[str]:
    """The bare words of a SPARQL text (keywords and function names), upper-cased, in order."""
    found: list[str] = []
    for match in _TOKEN_RE.finditer(_unescape(text)):
        if match.lastgroup == "word":
            found.append(match.group().upper())
    return found


def inspect(text: str) -> QueryInfo:
    """Classify a query text and report whether it uses ``SERVICE``.

    >>> inspect("select * { ?s ?p 'SERVICE' } # SERVICE").uses_service
    False
    >>> inspect("SELECT * { ?s ?p ?o .sErViCe <http://example.org/> { ?s ?p ?o } }").uses_service
    True
    """
    words = keywords(text)
    form = QueryForm.UNKNOWN
    for word in words:
        if word in ("PREFIX", "BASE"):
            continue
        if word in _QUERY_FORMS:
            form = QueryForm(word)
        elif word in _UPDATE_WORDS:
            form = QueryForm.UPDATE
        break
    return QueryInfo(form=form, uses_service="SERVICE" in words)
