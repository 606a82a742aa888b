"""JSON-LD for people who read it as plain JSON: short keys from ``ontology/context.jsonld``.

The checked-in context gives every property the data uses a short key — the vocabularies' own
local names (``startDate``, ``participant``, ``label``) — with the value form fixed by the term:

* ``"@type": "@id"`` for links: ``"atSummit": "summit:2025-12-20-japan-central-asia-tokyo"``;
* a datatype for typed values: ``"startDate": "2025-12-20"`` (an ``xsd:date``);
* ``"@container": "@language"`` for texts: ``"label": {"en": "…", "ru": "…"}``;
* ``"@vocab"`` for the rest of the project's own terms and for classes: ``"@type": "Summit"``.

A value that does not fit its term's form (an untyped label, a literal where a link is expected)
keeps the prefixed key (``"rdfs:label"``, ``"cas:city"``) and an explicit value object, as a
JSON-LD processor's compaction would, so every document expands to exactly the triples it was
made from. Integers in canonical form are JSON numbers.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.files import read_text
from casummit_rdf.namespaces import RDF_TYPE, XSD
from casummit_rdf.release.serialize import Compactor

_TYPE = ox.NamedNode(RDF_TYPE)
_STRING = XSD + "string"
_INTEGER = XSD + "integer"
_CANONICAL_INTEGER = re.compile(r"^-?(0|[1-9][0-9]{0,14})$")  # well inside a JSON number's exact range
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Term:
    """One term definition of the context."""

    name: str
    iri: str
    coerce: str | None = None  # "@id", a datatype IRI, or None (values as they come)
    language_map: bool = False


class JsonLdContext:
    """The checked-in JSON-LD context: prefixes, term definitions and ``@vocab``."""

    def __init__(self, document: dict[str, object]):
        self.document = document
        vocab = document.get("@vocab")
        self.vocab = vocab if isinstance(vocab, str) else None
        self.prefixes = {
            k: v for k, v in document.items()
            if isinstance(v, str) and not k.startswith("@") and v.endswith(("/", "#"))
        }
        self._compactor = Compactor(self.prefixes)
        self.terms: dict[str, Term] = {}
        for name, definition in document.items():
            if name.startswith("@") or name in self.prefixes:
                continue
            if isinstance(definition, str):
                self.terms[name] = Term(name, self.expand(definition))
            elif isinstance(definition, dict):
                coerce = definition.get("@type")
                self.terms[name] = Term(
                    name,
                    self.expand(str(definition["@id"])),
                    coerce if coerce in (None, "@id") else self.expand(str(coerce)),
                    definition.get("@container") == "@language",
                )
        self.by_iri = {term.iri: term for term in self.terms.values()}

    @classmethod
    def load(cls, path: Path | None = None) -> JsonLdContext:
        """Read ``ontology/context.jsonld`` (or ``path``)."""
        path = path or resources.ontology_dir() / "context.jsonld"
        return cls(json.loads(read_text(path))["@context"])

    def expand(self, value: str) -> str:
        """A compact IRI of the context (``cas:city``) as a full IRI; anything else unchanged."""
        prefix, _, local = value.partition(":")
        namespace = self.prefixes.get(prefix)
        return namespace + local if namespace and not local.startswith("//") else value

    def compact(self, iri: str) -> str:
        """``prefix:local`` under the longest matching prefix, else the IRI itself."""
        return self._compactor.iri(iri)

    def vocab_relative(self, iri: str) -> str | None:
        """The bare local name ``@vocab`` expands back to ``iri``, if there is one."""
        if not self.vocab or not iri.startswith(self.vocab):
            return None
        local = iri[len(self.vocab):]
        if not _LOCAL_NAME.match(local) or local in self.document:
            return None  # a term or prefix of that name means something else
        return local


def load_context(path: Path | None = None) -> JsonLdContext:
    """The checked-in JSON-LD context (``ontology/context.jsonld``)."""
    return JsonLdContext.load(path)


class _Writer:
    """Compacts one document and remembers which entries of the context it used."""

    def __init__(self, context: JsonLdContext):
        self.context = context
        self.used: set[str] = set()
        self._ids: dict[ox.Term, str] = {}
        self._keys: dict[str, tuple[Term | None, str]] = {}

    def iri(self, iri: str) -> str:
        compact = self.context.compact(iri)
        if compact != iri:
            self.used.add(compact.split(":", 1)[0])
        return compact

    def node_id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        found = self._ids.get(term)
        if found is None:
            found = self._ids[term] = f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)
        return found

    def type_value(self, iri: str) -> str:
        local = self.context.vocab_relative(iri)
        if local is not None:
            self.used.add("@vocab")
            return local
        return self.iri(iri)

    def value(self, term: ox.Term) -> object:
        """The value as JSON-LD writes it without a term's help."""
        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            return {"@id": self.node_id(term)}
        assert isinstance(term, ox.Literal)
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == _STRING:
            return term.value
        if datatype == _INTEGER and _CANONICAL_INTEGER.match(term.value):
            return int(term.value)
        return {"@value": term.value, "@type": self.iri(datatype)}

    def entry(self, predicate: str, obj: ox.Term) -> tuple[str, object, bool]:
        """(key, value, is-a-language-map-entry) for one statement."""
        known = self._keys.get(predicate)
        if known is None:
            known = self._keys[predicate] = self._key(predicate)
        term, key = known
        if term is not None:
            fits = self._fits(term, obj)
            if fits is not None:
                self.used.add(term.name)
                return term.name, fits, term.language_map
        return key, self.value(obj), False

    def _key(self, predicate: str) -> tuple[Term | None, str]:
        """The predicate's term, if any, and the key for values that do not fit it (or all values)."""
        term = self.context.by_iri.get(predicate)
        if term is None:
            local = self.context.vocab_relative(predicate)
            if local is not None:
                self.used.add("@vocab")
                return None, local
        return term, self.iri(predicate)

    def _fits(self, term: Term, obj: ox.Term) -> object | None:
        """The value in the term's form, or None when the term cannot carry it."""
        if term.language_map:
            return (obj.language, obj.value) if isinstance(obj, ox.Literal) and obj.language else None
        if term.coerce == "@id":
            return self.node_id(obj) if isinstance(obj, (ox.NamedNode, ox.BlankNode)) else None
        if term.coerce is not None:
            if not isinstance(obj, ox.Literal) or obj.language or obj.datatype.value != term.coerce:
                return None
            if term.coerce == _INTEGER and _CANONICAL_INTEGER.match(obj.value):
                return int(obj.value)
            return obj.value
        return self.value(obj)

    def used_context(self) -> dict[str, object]:
        """The entries of the checked-in context this document needs, in the context's order."""
        needed = set(self.used)
        for name in self.used:
            definition = self.context.document.get(name)
            texts = [definition] if isinstance(definition, str) else list(definition.values()) if isinstance(definition, dict) else []
            for text in texts:
                prefix = str(text).partition(":")[0]
                if prefix in self.context.prefixes:
                    needed.add(prefix)
        return {k: v for k, v in self.context.document.items() if k in needed}


def _sort_key(value: object) -> tuple[int, str]:
    # Strings (most values) sort as themselves; only value objects need their JSON form.
    if isinstance(value, str):
        return (0, value)
    return (1, json.dumps(value, sort_keys=True, ensure_ascii=False))


def to_jsonld(triples: Iterable[ox.Triple], context: JsonLdContext | None = None) -> bytes:
    """Compact, flattened JSON-LD: ``{"@context": …, "@graph": [node, …]}``, the same bytes every run.

    The embedded context holds the entries of the checked-in context the document uses. Nodes are
    sorted by ``@id``, one per line, keys by name, values by their JSON form; ``rdf:first``/``rdf:rest`` stay plain
    properties, which keeps lists lossless without ``@list`` rewriting.
    """
    writer = _Writer(context or load_context())
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    maps: dict[str, dict[str, dict[str, list[str]]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for t in triples:
        node_id = writer.node_id(t.subject)
        if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
            nodes[node_id]["@type"].append(writer.type_value(t.object.value))
            continue
        key, value, in_map = writer.entry(t.predicate.value, t.object)
        if in_map:
            language, text = value  # type: ignore[misc]
            maps[node_id][key][language].append(text)
            nodes[node_id]  # the node exists even if all it has is labels
        else:
            nodes[node_id][key].append(value)
    lines = []
    for node_id in sorted(nodes):
        entries: dict[str, object] = {}
        for key, values in nodes[node_id].items():
            entries[key] = values[0] if len(values) == 1 else sorted(values, key=_sort_key)
        for key, by_language in maps.get(node_id, {}).items():
            entries[key] = {
                language: texts[0] if len(texts) == 1 else sorted(texts)
                for language, texts in sorted(by_language.items())
            }
        node = {"@id": node_id, **{k: entries[k] for k in sorted(entries)}}
        lines.append(json.dumps(node, ensure_ascii=False))
    # One node per line: a one-fact change is a one-line diff, and the C encoder writes it
    # (an indented dump goes through json's pure-Python encoder).
    context = json.dumps(writer.used_context(), ensure_ascii=False, indent=1).replace("\n", "\n ")
    text = '{\n "@context": ' + context + ',\n "@graph": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n"
    return text.encode("utf-8")
