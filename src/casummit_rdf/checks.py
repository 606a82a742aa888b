"""Named quality-control checks beyond the SHACL shapes, with levels and a profile to tune them.

Two kinds of check, both named and levelled in the ROBOT style (ERROR, WARN, INFO):

* Python checks registered here with :func:`check` (undeclared classes and properties with a
  "did you mean", dangling references, label and source hygiene, comments in data files);
* "must return zero rows" SPARQL checks in ``queries/checks/*.rq``: each row is a problem. Their
  ``#+`` header gives ``name`` (default: file stem), ``level``, ``summary`` and ``hint``; the
  query selects ``?this`` (the subject at fault) and optionally ``?path``, ``?value`` and
  ``?message``.

A :class:`Profile` (``ontology/qc-profile.txt``: one ``RULE LEVEL`` per line, ``RULE`` may be a
glob such as ``StateShape.*``, ``LEVEL`` one of ERROR, WARN, INFO, OFF) overrides the level of
any rule, SHACL or QC, or switches it off.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.graph import DataError, KnowledgeGraph, Location, PathLike
from casummit_rdf.namespaces import CAS, ID, PREFIXES, RDF_TYPE, compact
from casummit_rdf.validate import Problem, Severity

OWL = PREFIXES["owl"]
RDFS = PREFIXES["rdfs"]
_CLASS_TYPES = {OWL + "Class", RDFS + "Class", RDFS + "Datatype"}
_PROPERTY_TYPES = {
    OWL + "ObjectProperty",
    OWL + "DatatypeProperty",
    OWL + "AnnotationProperty",
    PREFIXES["rdf"] + "Property",
    OWL + "FunctionalProperty",
    OWL + "TransitiveProperty",
    OWL + "SymmetricProperty",
    OWL + "InverseFunctionalProperty",
}
#: Terms a data file may use without the ontology declaring them (CONTRIBUTING.md).
KNOWN_TERMS = frozenset(
    {
        RDF_TYPE,
        RDFS + "label",
        RDFS + "comment",
        PREFIXES["skos"] + "altLabel",
        PREFIXES["prov"] + "wasDerivedFrom",
        PREFIXES["schema"] + "url",
        PREFIXES["dct"] + "publisher",
        PREFIXES["dct"] + "title",
        PREFIXES["dct"] + "issued",
        CAS + "retrievedOn",
    }
)
_LABELS = {RDFS + "label", PREFIXES["skos"] + "altLabel"}


# ---------------------------------------------------------------------------------------------
# Profile


@dataclass
class Profile:
    """Levels per rule: ``(glob, level or None for OFF)``, the last matching line wins."""

    rules: list[tuple[str, Severity | None]] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, path: Path | None = None) -> Profile:
        """Read ``RULE LEVEL`` lines; ``#`` starts a comment. A bad line is a located DataError."""
        rules: list[tuple[str, Severity | None]] = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2:
                raise DataError(f"profile line should be 'RULE LEVEL', got {line!r}", _loc(path, number))
            rule, level = parts
            if level.upper() == "OFF":
                rules.append((rule, None))
                continue
            try:
                rules.append((rule, Severity.parse(level)))
            except ValueError as error:
                raise DataError(f"{error} (or OFF)", _loc(path, number)) from None
        return cls(rules)

    @classmethod
    def load(cls, path: PathLike | None = None) -> Profile:
        """Read a profile file (default: the bundled ``ontology/qc-profile.txt``, if present)."""
        target = Path(path) if path is not None else resources.ontology_dir() / "qc-profile.txt"
        if path is None and not target.is_file():
            return cls()
        try:
            return cls.parse(target.read_text(encoding="utf-8"), target)
        except OSError as error:
            raise DataError(f"cannot read profile: {error.strerror or error}", path=target) from None

    def level(self, rule: str, default: Severity) -> Severity | None:
        """The level ``rule`` runs at (``None``: switched off)."""
        level: Severity | None = default
        for pattern, value in self.rules:
            if rule == pattern or fnmatch.fnmatchcase(rule, pattern):
                level = value
        return level

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        out = []
        for problem in problems:
            level = self.level(problem.rule, problem.severity)
            if level is None:
                continue
            out.append(problem if level is problem.severity else problem.with_severity(level))
        return out


def _loc(path: Path | None, line: int) -> Location | None:
    return Location(path, line) if path else None


# ---------------------------------------------------------------------------------------------
# Context and registry


@dataclass
class CheckContext:
    """What the checks look at: the whole graph, the data triples per file, the declared terms."""

    graph: KnowledgeGraph
    data_files: dict[Path, list[ox.Triple]]
    declared: set[str]
    classes: set[str]
    properties: set[str]

    @classmethod
    def build(cls, graph: KnowledgeGraph, by_file: dict[Path, list[ox.Triple]], ontology: set[Path]) -> CheckContext:
        declared: set[str] = set()
        classes: set[str] = set()
        properties: set[str] = set()
        data: dict[Path, list[ox.Triple]] = {}
        for path, triples in by_file.items():
            if path.resolve() not in ontology:
                data[path] = triples
                continue
            for t in triples:
                if isinstance(t.subject, ox.NamedNode):
                    declared.add(t.subject.value)
                    if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
                        if t.object.value in _CLASS_TYPES:
                            classes.add(t.subject.value)
                        elif t.object.value in _PROPERTY_TYPES:
                            properties.add(t.subject.value)
        properties |= KNOWN_TERMS
        return cls(graph, data, declared | KNOWN_TERMS, classes, properties)

    @property
    def data_triples(self) -> Iterator[ox.Triple]:
        for triples in self.data_files.values():
            yield from triples

    def problem(self, check: Check, subject: str, message: str, predicate: str | None = None,
                value: str | None = None, hint: str | None = None, location: Location | None = None) -> Problem:
        return Problem(
            severity=check.level,
            rule=check.name,
            subject=subject,
            message=message,
            predicate=predicate,
            value=value,
            location=location or self.graph.locate(subject, predicate),
            hint=hint or check.hint,
        )


@dataclass(frozen=True)
class Check:
    """A named check with its default level, a description and a generic fix hint."""

    name: str
    level: Severity
    description: str
    hint: str
    run: Callable[[Check, CheckContext], Iterable[Problem]]


REGISTRY: dict[str, Check] = {}


def check(name: str, level: Severity, description: str, hint: str) -> Callable[[Callable], Callable]:
    """Register a Python check under ``name``."""

    def register(function: Callable[[Check, CheckContext], Iterable[Problem]]) -> Callable:
        REGISTRY[name] = Check(name, level, description, hint, function)
        return function

    return register


def all_checks(folder: Path | None = None) -> list[Check]:
    """The Python checks and the SPARQL checks of ``folder`` (default: ``queries/checks``)."""
    return list(REGISTRY.values()) + load_sparql_checks(folder)


def run_checks(context: CheckContext, checks: Iterable[Check] | None = None) -> list[Problem]:
    """Run the checks (default: all) and return their problems."""
    problems: list[Problem] = []
    for item in checks if checks is not None else all_checks():
        problems.extend(item.run(item, context))
    return problems


def dedupe(found: Iterable[Problem], shacl: Iterable[Problem]) -> list[Problem]:
    """Drop check problems that a SHACL problem already reports (same subject, property, value).

    Some checks also cover nodes the shapes do not target (labels on any node, for instance); on
    nodes both cover, the contributor should see one message, not two — unless the check knows
    more: a "did you mean" suggestion for a typo is kept beside the shape's message.
    """
    seen = {(p.subject, p.predicate, p.value) for p in shacl}
    return [
        p for p in found
        if (p.subject, p.predicate, p.value) not in seen or (p.hint or "").startswith("did you mean")
    ]


# ---------------------------------------------------------------------------------------------
# Python checks


def _suggest(term: str, candidates: set[str]) -> str:
    short = compact(term)
    names = {compact(c): c for c in candidates}
    close = difflib.get_close_matches(short, list(names), n=1, cutoff=0.75)
    if not close and "#" in term:  # compare local names too: cas:Sumit vs cas:Summit
        local = {n.split(":", 1)[-1]: n for n in names}
        hit = difflib.get_close_matches(short.split(":", 1)[-1], list(local), n=1, cutoff=0.75)
        close = [local[hit[0]]] if hit else []
    return f"did you mean {close[0]}?" if close else "declare it in ontology/casummit.ttl or use a declared term"


@check(
    "undeclared-class",
    Severity.ERROR,
    "Every class used with rdf:type in data is declared in the ontology.",
    "use a class declared in ontology/casummit.ttl",
)
def _undeclared_class(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    for t in ctx.data_triples:
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode) and t.object.value not in ctx.classes:
            yield ctx.problem(
                item, _node(t.subject), f"class {compact(t.object.value)} is not declared in the ontology",
                RDF_TYPE, t.object.value, hint=_suggest(t.object.value, ctx.classes),
            )


@check(
    "undeclared-property",
    Severity.ERROR,
    "Every property used in data is declared in the ontology or is one of the known vocabulary terms.",
    "use a property declared in ontology/casummit.ttl",
)
def _undeclared_property(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    seen = set()
    for t in ctx.data_triples:
        predicate = t.predicate.value
        if predicate in ctx.properties or (_node(t.subject), predicate) in seen:
            continue
        seen.add((_node(t.subject), predicate))
        yield ctx.problem(
            item, _node(t.subject), f"property {compact(predicate)} is not declared in the ontology",
            predicate, None, hint=_suggest(predicate, ctx.properties),
        )


@check(
    "undeclared-term",
    Severity.ERROR,
    "Every ontology term (cas:…) used as a value is declared in the ontology.",
    "use a controlled value declared in ontology/casummit.ttl",
)
def _undeclared_term(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    for t in ctx.data_triples:
        obj = t.object
        if t.predicate.value == RDF_TYPE or not isinstance(obj, ox.NamedNode):
            continue
        if obj.value.startswith(CAS) and obj.value not in ctx.declared:
            yield ctx.problem(
                item, _node(t.subject), f"{compact(obj.value)} is not declared in the ontology",
                t.predicate.value, obj.value, hint=_suggest(obj.value, {d for d in ctx.declared if d.startswith(CAS)}),
            )


@check(
    "dangling-reference",
    Severity.ERROR,
    "Every https://w3id.org/casummit/id/ IRI used as a value is described somewhere (is a subject).",
    "declare the node (in data/actors.ttl, people.ttl, places.ttl, sources.ttl, …) or fix the IRI",
)
def _dangling(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    subjects = {t.subject.value for t in ctx.graph.triples if isinstance(t.subject, ox.NamedNode)}
    candidates = {s for s in subjects if s.startswith(ID)}
    for t in ctx.data_triples:
        obj = t.object
        if isinstance(obj, ox.NamedNode) and obj.value.startswith(ID) and obj.value not in subjects:
            prefix = obj.value[: obj.value.rfind("/") + 1]
            same_kind = {c for c in candidates if c.startswith(prefix)}
            suggestion = _suggest(obj.value, same_kind)
            hint = suggestion if suggestion.startswith("did you") else item.hint
            yield ctx.problem(
                item, _node(t.subject), f"{compact(obj.value)} is referenced but never described",
                t.predicate.value, obj.value, hint=hint,
            )


_SPACE_PROBLEMS = (
    (re.compile(r"^\s"), "leading whitespace"),
    (re.compile(r"\s$"), "trailing whitespace"),
    (re.compile(r"\s{2,}"), "repeated whitespace"),
    (re.compile(r"[\n\r\t]"), "a line break or tab"),
)


@check(
    "label-whitespace",
    Severity.WARNING,
    "Labels have no leading, trailing, repeated whitespace, line breaks or tabs.",
    "trim the label and use single spaces",
)
def _label_whitespace(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    for t in ctx.data_triples:
        if t.predicate.value in _LABELS and isinstance(t.object, ox.Literal):
            found = [name for pattern, name in _SPACE_PROBLEMS if pattern.search(t.object.value)]
            if found:
                yield ctx.problem(
                    item, _node(t.subject), f"label {t.object.value!r} has {', '.join(found)}",
                    t.predicate.value, t.object.value,
                )


@check(
    "label-language",
    Severity.ERROR,
    "Every rdfs:label and skos:altLabel carries a language tag.",
    'write the label as "…"@en, "…"@ru or with another language tag',
)
def _label_language(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    for t in ctx.data_triples:
        if t.predicate.value in _LABELS and isinstance(t.object, ox.Literal) and not t.object.language:
            yield ctx.problem(
                item, _node(t.subject), f"label {t.object.value!r} has no language tag", t.predicate.value, t.object.value
            )


_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


@check(
    "source-url",
    Severity.ERROR,
    "A source's schema:url is a well-formed absolute http(s) URL.",
    'write the full address, e.g. "https://example.org/page"^^xsd:anyURI, percent-encoding spaces',
)
def _source_url(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    url_predicate = PREFIXES["schema"] + "url"
    for t in ctx.data_triples:
        if t.predicate.value != url_predicate or not isinstance(t.object, (ox.Literal, ox.NamedNode)):
            continue
        value = t.object.value
        reason = _url_problem(value)
        if reason:
            yield ctx.problem(item, _node(t.subject), f"schema:url {value!r} {reason}", url_predicate, value)


def _url_problem(value: str) -> str | None:
    if not _URL_CHARS.match(value):
        return "contains spaces or characters that must be percent-encoded"
    try:
        parts = urlsplit(value)
    except ValueError:
        return "cannot be parsed as a URL"
    if parts.scheme not in ("http", "https"):
        return "is not an http(s) URL"
    if not parts.hostname or "." not in parts.hostname:
        return "has no valid host name"
    return None


@check(
    "turtle-comment",
    Severity.WARNING,
    "Data files carry notes as rdfs:comment, not as Turtle comments (comments do not survive "
    "`casummit fmt`); only a header comment block before the first statement is allowed.",
    "move the note into an rdfs:comment \"…\"@en on the node it is about",
)
def _turtle_comment(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    from casummit_rdf.canonical import body_comments

    for path in ctx.data_files:
        if path.suffix != ".ttl":
            continue
        for line, text in body_comments(path.read_text(encoding="utf-8")):
            yield ctx.problem(
                item, "<file>", f"Turtle comment after the first statement: {text[:60]!r}",
                location=Location(path, line),
            )


def _node(term: object) -> str:
    return term.value if isinstance(term, (ox.NamedNode, ox.BlankNode)) else str(term)


# ---------------------------------------------------------------------------------------------
# SPARQL checks


def load_sparql_checks(folder: Path | None = None) -> list[Check]:
    """Read ``queries/checks/*.rq`` (or ``folder``) into checks."""
    from casummit_rdf.queries import parse_header

    folder = folder or resources.queries_dir() / "checks"
    checks = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = parse_header(text)
        try:
            level = Severity.parse(str(header.get("level") or "ERROR"))
        except ValueError as error:
            raise DataError(str(error), path=path) from None
        name = str(header.get("name") or path.stem)
        checks.append(
            Check(
                name=name,
                level=level,
                description=str(header.get("summary") or ""),
                hint=str(header.get("hint") or ""),
                run=_sparql_runner(text, str(header.get("summary") or name)),
            )
        )
    return checks


def _sparql_runner(text: str, summary: str) -> Callable[[Check, CheckContext], Iterator[Problem]]:
    def run(item: Check, ctx: CheckContext) -> Iterator[Problem]:
        from casummit_rdf.queries import run_sparql

        result = run_sparql(text, graph=ctx.graph)
        seen = set()
        for row in result.rows:
            if "this" not in row:
                continue
            subject = row["this"]["value"]
            path = row.get("path", {}).get("value")
            value = row.get("value", {}).get("value")
            if (subject, path, value) in seen:
                continue
            seen.add((subject, path, value))
            message = row.get("message", {}).get("value") or summary
            yield ctx.problem(item, subject, message, path, value)

    return run
