"""Decide, from a real parse, whether a SPARQL text may run without reaching the network.

A SPARQL query reaches other hosts in two ways: a ``SERVICE`` clause (federated query, which
pyoxigraph follows to any URL), and, on rdflib's engine, ``FROM`` / ``FROM NAMED`` IRIs (which
rdflib downloads). Whether a query does either is read off its parse tree — rdflib's SPARQL 1.1
grammar — never off its tokens: a token lexer and the engine can disagree about what a ``<``
starts (an IRI or a less-than), and that disagreement once let ``SERVICE`` through.

Parsing with rdflib costs tens of milliseconds, so it is skipped when it cannot matter: a text in
which no spelling of the keyword (any letter case, any ``\\u`` escape, any Unicode case-folding)
occurs cannot contain a ``SERVICE`` clause in any grammar. Every other text is parsed, and a text
that mentions the keyword but does not parse is refused — the check fails closed. The tests run a
corpus of smuggling variants through both this check and the real engine (with a live listener)
and show that they agree; the endpoint's query workers additionally have no network at all
(:mod:`casummit_rdf.serve.sandbox`).

The same module bounds how deeply a query nests groups and brackets: pyoxigraph's recursive
parser overflows the stack at a few thousand levels, which would kill the process.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

#: Deepest nesting of ``{``, ``(`` and ``[`` a query may have (real queries stay below 20).
MAX_NESTING = 256

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# IGNORECASE on str patterns folds Unicode case too (ſ matches s, K matches k): a superset of
# the ASCII case-insensitivity SPARQL keywords have.
_SERVICE = re.compile("service", re.IGNORECASE)
_DATASET = re.compile("from", re.IGNORECASE)


class UnsafeQuery(Exception):
    """A query refused before it runs; ``str()`` is one line for the user."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        #: ``service``, ``dataset``, ``update``, ``nesting`` or ``unparsable``.
        self.reason = reason


class Reach(enum.Flag):
    """What a query may reach beyond the local store."""

    NONE = 0
    SERVICE = enum.auto()  # SERVICE clauses (federated query)
    DATASET = enum.auto()  # FROM / FROM NAMED IRIs, which rdflib's engine downloads


@dataclass(frozen=True)
class Findings:
    """What the parse of a query text found."""

    services: tuple[str, ...] = ()  # the SERVICE targets (IRIs, or ?variables)
    datasets: tuple[str, ...] = ()  # the FROM and FROM NAMED IRIs


def decode_escapes(text: str) -> str:
    """Decode ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes, which SPARQL allows anywhere (§19.2)."""

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _ESCAPE.sub(replace, text)


def could_mention(text: str, keyword: re.Pattern[str]) -> bool:
    """False only when no spelling of the keyword occurs anywhere in the (decoded) text."""
    return bool(keyword.search(text) or keyword.search(decode_escapes(text)))


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` outside strings, IRIs and comments.

    This bounds a resource (the parser's stack), it does not decide what may run; a text this
    scan misreads still cannot crash a query worker, which parses on a large stack.
    """
    depth = deepest = 0
    for match in _LEXEME.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
    return deepest


_LEXEME = re.compile(
    r"""
      (?P<comment>\#[^\r\n]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    """,
    re.VERBOSE | re.DOTALL,
)


def check_depth(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse a text that nests deeper than ``limit`` levels."""
    depth = nesting_depth(text)
    if depth > limit:
        raise UnsafeQuery(
            f"the query nests {depth} levels of brackets deep; the limit is {limit}", reason="nesting"
        )


def parse_findings(text: str) -> Findings:
    """Parse ``text`` with rdflib's SPARQL 1.1 query grammar and collect SERVICE and FROM targets.

    Raises :class:`UnsafeQuery` (reason ``update``) for SPARQL Update and (``unparsable``) for a
    text the grammar rejects.
    """
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except RecursionError:
        raise UnsafeQuery("the query nests too deeply to be checked", reason="nesting") from None
    except Exception as error:  # pyparsing raises ParseException and friends
        if not is_update(text):
            raise UnsafeQuery(f"cannot be checked: {_one_line(error)}", reason="unparsable") from None
        raise UnsafeQuery("SPARQL Update is not accepted here: this is a read-only query service", reason="update") from None
    services: list[str] = []
    datasets: list[str] = []
    _walk(tree, services, datasets)
    return Findings(tuple(services), tuple(datasets))


def _walk(node: Any, services: list[str], datasets: list[str]) -> None:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "ServiceGraphPattern":
                services.append(_n3(item["term"]) if "term" in item else "?")
            elif item.name == "DatasetClause":
                # CompValue.get answers a missing key with the key's name: test membership first.
                datasets.append(_n3(item["default"] if "default" in item else item["named"]))
            stack.extend(item.values())
        elif isinstance(item, (ParseResults, list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def check_reach(text: str, allowed: Reach = Reach.NONE) -> None:
    """Refuse ``text`` when it would reach beyond the local store in a way not ``allowed``.

    Raises :class:`UnsafeQuery` with a one-line reason. Texts that cannot spell ``SERVICE`` (or
    ``FROM``, when datasets are checked) are not parsed: they cannot contain such a clause.
    """
    check_depth(text)
    check_service = Reach.SERVICE not in allowed and could_mention(text, _SERVICE)
    check_dataset = Reach.DATASET not in allowed and could_mention(text, _DATASET)
    if not (check_service or check_dataset):
        return
    findings = parse_findings(text)
    if check_service and findings.services:
        raise UnsafeQuery(
            f"SERVICE (federated query) is not allowed: the query would call {findings.services[0]}",
            reason="service",
        )
    if check_dataset and findings.datasets:
        raise UnsafeQuery(
            f"FROM / FROM NAMED would download {findings.datasets[0]}; only the local data is queried",
            reason="dataset",
        )


def is_update(text: str) -> bool:
    """True when ``text`` parses as SPARQL Update (used to explain an engine's syntax error)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        tree = parseUpdate(text)
    except Exception:  # noqa: BLE001 - any parse failure means "not an update"
        return False
    return "request" in tree  # a prologue alone is an empty update, not an operation


def _n3(term: Any) -> str:
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import Node

    if isinstance(term, Node):
        return term.n3()
    if isinstance(term, CompValue) and term.name == "pname":  # a prefixed name, unexpanded in the tree
        return f"{term.get('prefix') or ''}:{term.get('localname') or ''}"
    return str(term)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())
