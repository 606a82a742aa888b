"""The Python QC checks: undeclared terms (with a "did you mean"), dangling references, label and
source hygiene, comments in data files. Each registers itself with :func:`~casummit_rdf.checks.registry.check`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pyoxigraph as ox

from casummit_rdf.checks.registry import Check, CheckContext, check
from casummit_rdf.files import read_text
from casummit_rdf.locations import Location
from casummit_rdf.namespaces import CAS, ID, RDF_TYPE, RDFS, SCHEMA, SKOS, compact
from casummit_rdf.problems import Problem, Severity
from casummit_rdf.terms import node_id

_LABELS = {RDFS + "label", SKOS + "altLabel"}


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
                item, node_id(t.subject), f"class {compact(t.object.value)} is not declared in the ontology",
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
        if predicate in ctx.properties or (node_id(t.subject), predicate) in seen:
            continue
        seen.add((node_id(t.subject), predicate))
        yield ctx.problem(
            item, node_id(t.subject), f"property {compact(predicate)} is not declared in the ontology",
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
                item, node_id(t.subject), f"{compact(obj.value)} is not declared in the ontology",
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
                item, node_id(t.subject), f"{compact(obj.value)} is referenced but never described",
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
                    item, node_id(t.subject), f"label {t.object.value!r} has {', '.join(found)}",
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
                item, node_id(t.subject), f"label {t.object.value!r} has no language tag", t.predicate.value, t.object.value
            )


_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


@check(
    "source-url",
    Severity.ERROR,
    "A source's schema:url is a well-formed absolute http(s) URL.",
    'write the full address, e.g. "https://example.org/page"^^xsd:anyURI, percent-encoding spaces',
)
def _source_url(item: Check, ctx: CheckContext) -> Iterator[Problem]:
    url_predicate = SCHEMA + "url"
    for t in ctx.data_triples:
        if t.predicate.value != url_predicate or not isinstance(t.object, (ox.Literal, ox.NamedNode)):
            continue
        value = t.object.value
        reason = url_problem(value)
        if reason:
            yield ctx.problem(item, node_id(t.subject), f"schema:url {value!r} {reason}", url_predicate, value)


def url_problem(value: str) -> str | None:
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
        for line, text in body_comments(read_text(path)):
            yield Problem.about_file(
                item.level, item.name, f"Turtle comment after the first statement: {text[:60]!r}",
                Location(path, line), hint=item.hint,
            )
