"""Canonical Turtle: one byte-exact way to write a graph, so that diffs show only real changes.

The form (``casummit fmt``):

* a header comment block (full-line ``#`` comments before the first statement) is kept verbatim;
* ``@prefix`` lines sorted by prefix, only those used (project prefixes first choice, then the
  file's own);
* subjects sorted (IRIs by their text; top-level blank nodes after them, by their content);
* one predicate per line, the first on the subject line: ``rdf:type`` (written ``a``) first, then
  ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``, the rest sorted by prefixed name, and
  ``rdfs:comment`` and ``prov:wasDerivedFrom`` last;
* objects of one predicate on that line, sorted (IRIs, then blank nodes, then literals by
  language, datatype and text), separated by `` , ``;
* literals keep their lexical form (``"1"^^xsd:positiveInteger`` stays so); plain strings have
  no datatype written;
* a blank node used once as an object is written inline (``[ … ]``, or ``( … )`` for an RDF
  list); any other blank node gets a label derived from its content, never from parse order.

Nothing depends on hash order or parse order, so the bytes are the same in every run and under
every ``PYTHONHASHSEED``.

**Comment policy.** Turtle comments do not survive a round trip through triples, so data files
carry notes as ``rdfs:comment`` on the node they are about. Only a header block of full-line
comments before the first statement (a licence, a title, test expectations) is allowed and
kept. :func:`format_text` refuses any other comment with a one-line error naming file and line.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf.errors import DataError
from casummit_rdf.files import read_text, write_atomic
from casummit_rdf.graph import PathLike, parse_file, parse_text
from casummit_rdf.locations import PREFIX_DECLARATION, Location
from casummit_rdf.namespaces import PREFIXES

RDF_NS = PREFIXES["rdf"]
XSD_STRING = PREFIXES["xsd"] + "string"
RDF_LANGSTRING = RDF_NS + "langString"
_TYPE = RDF_NS + "type"
_FIRST, _REST, _NIL = RDF_NS + "first", RDF_NS + "rest", RDF_NS + "nil"

PREDICATES_FIRST = (
    _TYPE,
    PREFIXES["rdfs"] + "label",
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["skos"] + "altLabel",
)
PREDICATES_LAST = (PREFIXES["rdfs"] + "comment", PREFIXES["prov"] + "wasDerivedFrom")

_DIRECTIVE_RE = re.compile(r"^\s*(@prefix|@base|PREFIX|BASE)\b", re.IGNORECASE)
_LOCAL_RE = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$")


# ---------------------------------------------------------------------------------------------
# Comments


_SPECIAL = re.compile(r"[#<\"'\\]")
_IRI_END = re.compile(r"[>\n \t]")
_STRINGS = {
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*"'),
    "'": re.compile(r"'(?:[^'\\\n]|\\.)*'"),
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL),
    "'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.DOTALL),
}


def scan_comments(text: str) -> list[tuple[int, str]]:
    """Every Turtle comment as ``(line, text)``, skipping ``#`` inside strings and IRIs.

    Jumps from one character that can open a token to the next (a regex search each), counting
    line ends only where a comment is found: plain text costs no Python step at all.
    """
    comments: list[tuple[int, str]] = []
    n = len(text)
    line, counted = 1, 0  # line number at offset `counted`
    i = 0
    while True:
        found = _SPECIAL.search(text, i)
        if found is None:
            return comments
        i = found.start()
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            end = n if end < 0 else end
            line += text.count("\n", counted, i)
            counted = i
            comments.append((line, text[i:end].rstrip("\r")))
            i = end
        elif c == "<":
            stop = _IRI_END.search(text, i + 1)
            j = stop.start() if stop is not None else n
            i = j + 1 if j < n and text[j] == ">" else i + 1
        elif c in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] in ('"""', "'''") else c
            body = _STRINGS[quote].match(text, i)
            if body is not None:
                i = body.end()
            else:  # unterminated: skip to the end of the line and let the parser complain
                end = text.find("\n", i)
                i = n if end < 0 else end
        else:  # a backslash outside a string: skip the escaped character
            i += 2


def header_lines(text: str) -> list[str]:
    """The full-line comments (and blank lines between them) before the first statement."""
    lines = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if stripped.startswith("#") or not stripped:
            lines.append(raw.rstrip())
        elif _DIRECTIVE_RE.match(raw) and "#" not in raw.split(">", 1)[-1]:
            continue
        else:
            break
    comments = [line for line in lines if line.strip()]
    return comments


def body_comments(text: str) -> list[tuple[int, str]]:
    """Comments the policy does not allow: those not on a full comment line of the header."""
    allowed: set[int] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("#"):
            allowed.add(number)
        elif not stripped or _DIRECTIVE_RE.match(raw):
            continue
        else:
            break
    return [(line, comment) for line, comment in scan_comments(text) if line not in allowed]


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``@prefix`` / ``PREFIX`` declarations of a Turtle text, in order."""
    found = {}
    for raw in text.splitlines():
        match = PREFIX_DECLARATION.match(raw)
        if match:
            found[match.group(1) or ""] = match.group(2)
    return found


# ---------------------------------------------------------------------------------------------
# Writer


Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class _Writer:
    triples: list[ox.Triple]
    prefixes: Mapping[str, str]
    used: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.out: dict[Term, dict[str, list[Term]]] = {}
        self.refs: dict[ox.BlankNode, int] = {}
        self.incoming: dict[ox.BlankNode, list[str]] = {}
        for t in self.triples:
            self.out.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
            if isinstance(t.object, ox.BlankNode):
                self.refs[t.object] = self.refs.get(t.object, 0) + 1
                # Indexed once: looking incoming edges up per node made 200k blank nodes quadratic.
                source = "_" if isinstance(t.subject, ox.BlankNode) else str(t.subject)
                self.incoming.setdefault(t.object, []).append(f"{source} {t.predicate}")
        # Longest namespace first, so cas:… wins over a shorter overlapping namespace.
        self.namespaces = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda x: (-len(x[0]), x[1]))
        self.inline = self._inline_nodes()
        self.labels = self._bnode_labels()

    # Blank nodes ------------------------------------------------------------------------------

    def _inline_nodes(self) -> set[ox.BlankNode]:
        """Blank nodes written inline: referenced exactly once and not on a cycle."""
        candidates = {b for b, count in self.refs.items() if count == 1}
        parent = {}
        for t in self.triples:
            if t.object in candidates:
                parent[t.object] = t.subject
        inline = set()
        for node in candidates:
            seen, current = {node}, parent.get(node)
            while isinstance(current, ox.BlankNode) and current in parent and current not in seen:
                seen.add(current)
                current = parent[current]
            if current not in seen:
                inline.add(node)
        return inline

    def signature(self, node: Term, depth: int = 0) -> str:
        if not isinstance(node, ox.BlankNode):
            return str(node)
        if depth > 8:
            return "_"
        parts = []
        for predicate, objects in self.out.get(node, {}).items():
            for obj in objects:
                parts.append(f"{predicate} {self.signature(obj, depth + 1)}")
        incoming = sorted(self.incoming.get(node, ())) if depth == 0 else []
        return "[" + " ; ".join(sorted(parts)) + "]" + "|".join(incoming)

    def _bnode_labels(self) -> dict[ox.BlankNode, str]:
        named = sorted(
            (self.signature(b), b.value, b)
            for b in {*(s for s in self.out if isinstance(s, ox.BlankNode)), *self.refs}
            if b not in self.inline
        )
        labels: dict[ox.BlankNode, str] = {}
        taken: dict[str, int] = {}
        for signature, _value, node in named:
            base = "b" + hashlib.sha256(signature.encode("utf-8")).hexdigest()[:12]
            taken[base] = taken.get(base, 0) + 1
            labels[node] = base if taken[base] == 1 else f"{base}x{taken[base]}"
        return labels

    # Terms -------------------------------------------------------------------------------------

    def iri(self, iri: str) -> str:
        if iri == _TYPE:
            return "a"
        for namespace, prefix in self.namespaces:
            if iri.startswith(namespace) and _LOCAL_RE.match(iri[len(namespace) :]):
                self.used.add(prefix)
                return f"{prefix}:{iri[len(namespace):]}"
        return "<" + _escape_iri(iri) + ">"

    def term(self, term: Term, nested: frozenset = frozenset()) -> str:
        if isinstance(term, ox.NamedNode):
            return self._iri_object(term.value)
        if isinstance(term, ox.BlankNode):
            if term in self.inline and term not in nested:
                items = self._list_items(term)
                if items is not None:
                    return "( " + " ".join(self.term(i, nested | {term}) for i in items) + " )" if items else "()"
                body = self.predicate_list(term, nested | {term}, inline=True)
                return "[ " + body + " ]" if body else "[]"
            return "_:" + self.labels.get(term, "b" + hashlib.sha256(term.value.encode()).hexdigest()[:12])
        return self.literal(term)

    def _iri_object(self, iri: str) -> str:
        # rdf:type as an *object* (rare) is written prefixed or in full, never as "a".
        if iri == _TYPE:
            for namespace, prefix in self.namespaces:
                if namespace == RDF_NS:
                    self.used.add(prefix)
                    return f"{prefix}:type"
            return "<" + iri + ">"
        return self.iri(iri)

    def literal(self, literal: ox.Literal) -> str:
        text = '"' + _escape_string(literal.value) + '"'
        if literal.language:
            return f"{text}@{literal.language}"
        datatype = literal.datatype.value
        if datatype == XSD_STRING:
            return text
        return f"{text}^^{self._iri_object(datatype)}"

    def _list_items(self, node: ox.BlankNode) -> list[Term] | None:
        """The members of a well-formed RDF list starting at ``node``, else ``None``."""
        items: list[Term] = []
        current: Term = node
        seen = set()
        while current != ox.NamedNode(_NIL):
            if not isinstance(current, ox.BlankNode) or current in seen:
                return None
            if current != node and (current not in self.inline):
                return None
            seen.add(current)
            props = self.out.get(current, {})
            if set(props) != {_FIRST, _REST} or len(props[_FIRST]) != 1 or len(props[_REST]) != 1:
                return None
            items.append(props[_FIRST][0])
            current = props[_REST][0]
        return items

    # Blocks ------------------------------------------------------------------------------------

    def _object_key(self, term: Term, nested: frozenset) -> tuple:
        if isinstance(term, ox.NamedNode):
            return (0, term.value, "", "")
        if isinstance(term, ox.BlankNode):
            return (1, self.term(term, nested), "", "")
        return (2, term.language or "", term.datatype.value if not term.language else "", term.value)

    def _predicate_key(self, predicate: str) -> tuple:
        if predicate in PREDICATES_FIRST:
            return (0, PREDICATES_FIRST.index(predicate), "")
        if predicate in PREDICATES_LAST:
            return (2, PREDICATES_LAST.index(predicate), "")
        return (1, 0, self.iri(predicate))

    def predicate_lines(self, subject: Term, nested: frozenset) -> list[str]:
        lines = []
        props = self.out.get(subject, {})
        for predicate in sorted(props, key=self._predicate_key):
            objects = sorted(set(props[predicate]), key=lambda o: self._object_key(o, nested))
            rendered = " , ".join(self.term(o, nested) for o in objects)
            lines.append(f"{self.iri(predicate)} {rendered}")
        return lines

    def predicate_list(self, subject: Term, nested: frozenset, inline: bool = False) -> str:
        return " ; ".join(self.predicate_lines(subject, nested))

    def blocks(self) -> list[str]:
        subjects = [s for s in self.out if not (isinstance(s, ox.BlankNode) and s in self.inline)]
        named = sorted((s for s in subjects if isinstance(s, ox.NamedNode)), key=lambda s: s.value)
        blank = sorted((s for s in subjects if isinstance(s, ox.BlankNode)), key=lambda b: self.labels.get(b, ""))
        blocks = []
        for subject in named + blank:
            lines = self.predicate_lines(subject, frozenset())
            head = self.term(subject) if isinstance(subject, ox.NamedNode) else "_:" + self.labels[subject]
            text = head + " " + lines[0]
            if len(lines) > 1:
                text += " ;\n" + " ;\n".join("    " + line for line in lines[1:])
            blocks.append(text + " .\n")
        return blocks


#: Characters that change how text reads without being seen: bidirectional controls (the
#: "Trojan Source" set), zero-width characters, the soft hyphen and the byte-order mark. Written
#: as \u escapes, so a reviewer of a diff sees them.
INVISIBLE = frozenset(
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)


def _escape_string(value: str) -> str:
    out = []
    for c in value:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif c == "\b":
            out.append("\\b")
        elif c == "\f":
            out.append("\\f")
        elif ord(c) < 0x20 or ord(c) == 0x7F or 0xD800 <= ord(c) <= 0xDFFF or c in INVISIBLE:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return "".join(out)


def _escape_iri(iri: str) -> str:
    return "".join(c if ord(c) > 0x20 and c not in '<>"{}|^`\\' and c not in INVISIBLE else f"\\u{ord(c):04X}" for c in iri)


def canonical_turtle(
    triples: Iterable[ox.Triple], *, prefixes: Mapping[str, str] | None = None, header: Iterable[str] = ()
) -> str:
    """Write triples as canonical Turtle (see the module docstring).

    ``prefixes`` are the file's own declarations; project prefixes win on a name clash and no
    namespace gets two prefixes.
    """
    merged: dict[str, str] = dict(PREFIXES)
    for name, namespace in (prefixes or {}).items():
        if name not in merged and namespace not in merged.values():
            merged[name] = namespace
    unique = sorted(set((t.subject, t.predicate, t.object) for t in triples), key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    writer = _Writer([ox.Triple(*t) for t in unique], merged)
    blocks = writer.blocks()
    parts = []
    header = [line.rstrip() for line in header]
    if header:
        parts.append("\n".join(header) + "\n")
    if writer.used:
        parts.append("".join(f"@prefix {p}: <{merged[p]}> .\n" for p in sorted(writer.used)))
    parts.append("\n".join(blocks))
    return "\n".join(part for part in parts if part)


# ---------------------------------------------------------------------------------------------
# Files


def format_text(text: str, path: Path | None = None, *, strip_comments: bool = False) -> str:
    """The canonical form of a Turtle text; a comment outside the header block is a DataError.

    ``strip_comments`` drops such comments instead (an explicit choice: their text is lost).
    """
    comments = body_comments(text)
    if comments and not strip_comments:
        line, comment = comments[0]
        where = Location(path, line) if path else None
        message = (
            f"Turtle comment {comment[:40]!r} after the first statement: comments do not survive "
            "'casummit fmt'; move the note into rdfs:comment (only a header block of comment lines is kept)"
        )
        raise DataError(message, where)
    triples = parse_text(text, path) if path is None else parse_file(path)
    return canonical_turtle(triples, prefixes=declared_prefixes(text), header=header_lines(text))


@dataclass
class FormatResult:
    """What ``fmt`` did: the files whose content differs from the canonical form."""

    files: list[Path]
    changed: list[Path]


def turtle_files(paths: Iterable[PathLike] | None) -> list[Path]:
    """Expand files and folders into sorted ``.ttl`` files (default: the bundled data)."""
    from casummit_rdf.graph import discover

    return [p for p in discover(paths) if p.suffix == ".ttl"]


def format_paths(
    paths: Iterable[PathLike] | None = None, *, check: bool = False, strip_comments: bool = False
) -> FormatResult:
    """Canonicalise Turtle files in place (``check``: only report which would change).

    Every file is formatted in memory first; if any fails (syntax error, comment), the error is
    raised before anything is written. Each write goes to a temporary file beside the target,
    is flushed to disk and then renamed over it, so a crash never leaves a half-written file.
    """
    files = turtle_files(paths)
    pending: list[tuple[Path, str]] = []
    changed: list[Path] = []
    for path in files:
        text = read_text(path)  # line ends as written: a CRLF file is rewritten with LF
        formatted = format_text(text, path, strip_comments=strip_comments)
        if formatted != text:
            changed.append(path)
            pending.append((path, formatted))
    if not check:
        for path, formatted in pending:
            write_atomic(path, formatted)
    return FormatResult(files, changed)


def content_labels(triples: Iterable[ox.Triple]) -> dict[str, str]:
    """A label for every blank node derived from its content (and its incoming edges), not parse order.

    Two files that differ only in blank-node labels get the same labels, so a diff of their
    triples is empty.
    """
    triples = list(triples)
    writer = _Writer(triples, {})
    labels: dict[str, str] = {}
    for triple in triples:
        for term in (triple.subject, triple.object):
            if isinstance(term, ox.BlankNode) and term.value not in labels:
                labels[term.value] = "b" + hashlib.sha256(writer.signature(term).encode()).hexdigest()[:12]
    return labels
