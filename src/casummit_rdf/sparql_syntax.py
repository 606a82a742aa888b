"""A SPARQL syntax error a person can act on: the line, a caret under the spot, and a sentence.

The engine's parser (pyoxigraph) decides whether a query is valid; this module only explains a
rejection. Its messages are written for parser authors (``expected one of LATERAL, SERVICE,
[_]``) and often point at the end of the text, so the explanation also looks at the text itself:
brackets, strings and IRIs left open, an undeclared prefix, a misspelt keyword. rdflib's parser,
which stops at the first element it cannot read, gives the position when nothing better is known.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from casummit_rdf.errors import QueryError

KEYWORDS = (
    "ASK", "AS", "ASC", "BASE", "BIND", "BY", "CONSTRUCT", "DESC", "DESCRIBE", "DISTINCT", "FILTER",
    "FROM", "GRAPH", "GROUP", "HAVING", "LIMIT", "MINUS", "NAMED", "NOT", "EXISTS", "OFFSET",
    "OPTIONAL", "ORDER", "PREFIX", "REDUCED", "SELECT", "SERVICE", "SILENT", "UNION", "VALUES", "WHERE",
    "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "COALESCE", "CONCAT",
    "CONTAINS", "DATATYPE", "IF", "LANG", "LANGMATCHES", "REGEX", "REPLACE", "STR", "STRSTARTS",
    "STRENDS", "SUBSTR", "YEAR", "MONTH", "DAY", "BOUND", "ISIRI", "ISBLANK", "ISLITERAL", "LCASE", "UCASE",
)
_CLOSERS = {"}": "{", ")": "(", "]": "["}
_ENGINE_POSITION = re.compile(r"error at (\d+):(\d+):")
_RDFLIB_POSITION = re.compile(r"found (.+?)\s+\(at char (\d+)\)")


class QuerySyntaxError(QueryError):
    """A query the SPARQL parser rejects; ``str()`` is one line, :attr:`excerpt` shows the spot."""

    def __init__(self, line: int, column: int, sentence: str, excerpt: str, source: str | None = None):
        self.line, self.column, self.sentence, self.excerpt, self.source = line, column, sentence, excerpt, source
        where = f"{source}:{line}:{column}: SPARQL syntax error" if source else f"SPARQL syntax error at line {line}, column {column}"
        super().__init__(f"{where}: {sentence}")

    def in_file(self, source: str) -> QuerySyntaxError:
        """The same error, naming the file the query came from."""
        return QuerySyntaxError(self.line, self.column, self.sentence, self.excerpt, source)

    @property
    def detail(self) -> str:
        """The line of the query with a caret under the column (for a terminal or an HTTP body)."""
        return self.excerpt


@dataclass(frozen=True)
class _Open:
    char: str
    offset: int


def explain(text: str, engine_message: str) -> QuerySyntaxError:
    """The :class:`QuerySyntaxError` for ``text``, which the engine rejected with ``engine_message``."""
    offset, sentence = _diagnose(text, " ".join(engine_message.split()))
    line, column = _line_column(text, offset)
    return QuerySyntaxError(line, column, sentence, _excerpt(text, line, column))


def _diagnose(text: str, message: str) -> tuple[int, str]:
    engine_offset = _engine_offset(text, message)
    if "Prefix not found" in message:
        found = _prefixed_name_before(text, engine_offset)
        if found is not None:
            start, prefix = found
            return start, f"the prefix '{prefix}:' is not declared; add 'PREFIX {prefix}: <…>' before the query"
    unclosed, stray = _scan(text)
    if stray is not None:
        char, offset, opener = stray
        if opener is None:
            return offset, f"'{char}' closes nothing: there is no '{_CLOSERS[char]}' open before it"
        return offset, f"'{char}' does not match the '{opener.char}' opened at {_where(text, opener.offset)}"
    if unclosed is not None:
        if unclosed.char == '"' or unclosed.char == "'":
            return unclosed.offset, f"this string is never closed: add the closing {unclosed.char}"
        if unclosed.char == "<":
            return unclosed.offset, "this IRI is never closed: add '>' (an IRI has no spaces)"
        closer = {v: k for k, v in _CLOSERS.items()}[unclosed.char]
        return unclosed.offset, f"this '{unclosed.char}' is never closed: add '{closer}'"
    if "SELECT contains a variable that is unbound" in message:
        ungrouped = _ungrouped_variable(text)
        if ungrouped is not None:
            offset, name = ungrouped
            return offset, f"?{name} is selected but neither grouped nor aggregated: add it to GROUP BY or select (SAMPLE(?{name}) AS ?…)"
        return engine_offset, ("a variable in SELECT is neither grouped nor aggregated: add it to GROUP BY "
                               "or wrap it in an aggregate such as SAMPLE()")
    offset, found = _rdflib_failure(text)
    if found is not None and re.fullmatch(r"[A-Za-z_]+", found) and found.upper() not in KEYWORDS:
        guess = difflib.get_close_matches(found.upper(), KEYWORDS, n=1, cutoff=0.7)
        if guess:
            return offset, f"'{found}' is not a SPARQL keyword; did you mean {guess[0]}?"
    expected = _single_expected(message)
    if expected is not None:
        # the keyword that needs it, e.g. GROUP for BY: point just after it
        previous = [m for m in re.finditer(r"(?<![?$\w])[A-Za-z_]+", text[:engine_offset]) if m.group(0).upper() in KEYWORDS]
        if previous:
            return previous[-1].end() + 1, f"{expected} is missing after {previous[-1].group(0).upper()}"
        return engine_offset, f"{expected} is missing here"
    if found is not None:
        return offset, f"the query cannot go on with '{found}' here"
    if engine_offset >= len(text.rstrip()):
        return engine_offset, "the query ends too early"
    return engine_offset, "the query cannot go on here"


def _engine_offset(text: str, message: str) -> int:
    match = _ENGINE_POSITION.search(message)
    if not match:
        return len(text)
    line, column = int(match.group(1)), int(match.group(2))
    lines = text.split("\n")
    if line > len(lines):
        return len(text)
    return min(sum(len(x) + 1 for x in lines[: line - 1]) + column - 1, len(text))


def _prefixed_name_before(text: str, offset: int) -> tuple[int, str] | None:
    """The prefixed name that ends at (or just before) ``offset`` and whose prefix is not declared."""
    declared = set(re.findall(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", text))
    candidates = list(re.finditer(r"(?<![\w?$:<])([A-Za-z][\w.-]*)?:[\w-]*", text[: offset + 1]))
    for match in reversed(candidates):
        prefix = match.group(1) or ""
        if prefix not in declared and not text[match.end():].startswith("//"):
            return match.start(), prefix
    return None


def _ungrouped_variable(text: str) -> tuple[int, str] | None:
    """The first variable of the top-level SELECT list (outside any expression) not in GROUP BY."""
    select = re.search(r"(?is)\bSELECT\b(.*?)(?:\bWHERE\b|\{)", text)
    if select is None:
        return None
    group = re.search(r"(?is)\bGROUP\s+BY\b(.*?)(?:\bHAVING\b|\bORDER\b|\bLIMIT\b|\bOFFSET\b|\bVALUES\b|$)", text)
    grouped = set(re.findall(r"[?$](\w+)", group.group(1))) if group else set()
    depth = 0
    for match in re.finditer(r"[()]|[?$](\w+)", select.group(1)):
        token = match.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0 and match.group(1) not in grouped:
            return select.start(1) + match.start(), match.group(1)
    return None


def _scan(text: str) -> tuple[_Open | None, tuple[str, int, _Open | None] | None]:
    """Brackets, strings and IRIs left open (the innermost), or the first stray closing bracket."""
    stack: list[_Open] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if char in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else char
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\":
                    j += 1
                elif len(quote) == 1 and text[j] == "\n":
                    break
                j += 1
            if j >= n or not text.startswith(quote, j):
                return _Open(char, i), None
            i = j + len(quote)
            continue
        if char == "<":
            match = re.match(r"<[^<>\"{}|^`\\\s]*(>)?", text[i:])
            if match and match.group(1):
                i += match.end()
                continue
            # '<' as an operator ("?a < 3") is followed by a space; an IRI never is
            if i + 1 < n and not text[i + 1].isspace() and text[i + 1] not in "=<":
                rest = text[i + 1 :]
                if re.match(r"[A-Za-z][\w+.-]*:", rest) and not re.match(r"[^\s>]*>", rest):
                    return _Open("<", i), None
            i += 1
            continue
        if char in "{([":
            stack.append(_Open(char, i))
        elif char in _CLOSERS:
            if not stack:
                return None, (char, i, None)
            opener = stack.pop()
            if opener.char != _CLOSERS[char]:
                return None, (char, i, opener)
        i += 1
    return (stack[-1] if stack else None), None


def _rdflib_failure(text: str) -> tuple[int, str | None]:
    """Where rdflib's parser stops, and the text it found there (``None`` when it parses)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as error:
        match = _RDFLIB_POSITION.search(str(error))
        found = match.group(1).strip("'") if match else None
        return error.loc, found if found and found != "end of text" else None
    except Exception:  # noqa: BLE001 - rdflib's parser raises assorted errors; it is only a hint here
        return len(text), None
    return len(text), None


def _single_expected(message: str) -> str | None:
    match = re.search(r"expected ([A-Z]+)$", message)
    return match.group(1) if match and match.group(1) in KEYWORDS else None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _where(text: str, offset: int) -> str:
    line, column = _line_column(text, offset)
    return f"line {line}, column {column}"


def _excerpt(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    source = lines[line - 1] if line <= len(lines) else ""
    number = str(line)
    shown = source.expandtabs(1)
    return f"  {number} | {shown}\n  {' ' * len(number)} | {' ' * (column - 1)}^"
