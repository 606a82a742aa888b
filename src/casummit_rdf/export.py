"""Release dumps: the graph in five syntaxes, two editions, with VoID/DCAT, checksums and HTML docs.

A bundle written by :func:`write_bundle` holds, for each edition (``base`` = asserted triples,
``full`` = plus the OWL 2 RL closure computed by owlrl, see :func:`infer`):

* ``casummit-<edition>.ttl``    Turtle, subjects in IRI order
* ``casummit-<edition>.nt``     N-Triples, lines sorted
* ``casummit-<edition>.nq``     N-Quads, lines sorted, in the named graphs below
* ``casummit-<edition>.jsonld`` JSON-LD, compacted with ``ontology/context.jsonld`` (flattened)
* ``casummit-<edition>.rdf``    RDF/XML
* a ``.gz`` beside each (gzip header with mtime 0 and no file name)

plus ``void.ttl`` (VoID + DCAT), ``ontology.html`` and ``SHA256SUMS`` (``sha256sum -c`` format).

Named graphs of the N-Quads files::

    https://w3id.org/casummit/graph/ontology   every ontology/*.ttl except shapes.ttl
    https://w3id.org/casummit/graph/data       the data files (data/**/*.ttl)
    https://w3id.org/casummit/graph/inferred   full edition only: triples the reasoner added

Output is byte-identical across runs and ``PYTHONHASHSEED`` values: blank nodes get RDFC-1.0
canonical labels, every statement list is sorted, prefix headers are sorted, gzip headers carry no
time, and the issued date is the ontology's release date (``dct:issued``, else ``dct:created``), not
today. The bundle is written into a temporary sibling folder and renamed into place at the end,
so a crash never leaves a half-written bundle.
"""

from __future__ import annotations

import enum
import gzip
import hashlib
import html
import io
import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf import __version__, resources
from casummit_rdf.graph import PathLike, discover, parse_file
from casummit_rdf.namespaces import PREFIXES

GRAPH_BASE = "https://w3id.org/casummit/graph/"
GRAPH_ONTOLOGY = GRAPH_BASE + "ontology"
GRAPH_DATA = GRAPH_BASE + "data"
GRAPH_INFERRED = GRAPH_BASE + "inferred"
DATASET_BASE = "https://w3id.org/casummit/dataset/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_BASE_URL = "https://w3id.org/casummit/release/"

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_OWL = PREFIXES["owl"]
_XSD = PREFIXES["xsd"]
_TYPE = ox.NamedNode(_RDF + "type")
#: Namespaces whose own terms the reasoner may describe but a dump should not (axioms about RDF itself).
_BUILTIN = (_RDF, _RDFS, _OWL, _XSD)


class ExportError(Exception):
    """A dump that cannot be written: the output path is a file, or not writable. One line."""


class Edition(enum.Enum):
    """Which statements a dump holds."""

    BASE = "base"  #: asserted triples of ontology and data
    FULL = "full"  #: base plus the OWL 2 RL closure (owlrl), minus trivial entailments


class Syntax(enum.Enum):
    """RDF syntaxes of the bundle, by file suffix."""

    TURTLE = "ttl"
    NTRIPLES = "nt"
    NQUADS = "nq"
    JSONLD = "jsonld"
    RDFXML = "rdf"

    @property
    def media_type(self) -> str:
        return {
            "ttl": "text/turtle",
            "nt": "application/n-triples",
            "nq": "application/n-quads",
            "jsonld": "application/ld+json",
            "rdf": "application/rdf+xml",
        }[self.value]


# ---------------------------------------------------------------------------------------------
# Statements


def collect_quads(data: Iterable[PathLike] | None = None) -> list[ox.Quad]:
    """Parse ontology and data files into quads, one named graph per kind of file.

    ``data`` defaults to the bundled data. Blank nodes stay distinct per file.
    """
    quads: list[ox.Quad] = []
    data_files = discover(data)
    data_set = {p.resolve() for p in data_files}
    ontology = ox.NamedNode(GRAPH_ONTOLOGY)
    for path in resources.ontology_files():
        if path.resolve() in data_set:
            continue
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, ontology) for t in parse_file(path))
    graph = ox.NamedNode(GRAPH_DATA)
    for path in data_files:
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in parse_file(path))
    return quads


def infer(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples the OWL 2 RL rules (owlrl, no axiomatic or datatype axioms) add to ``triples``.

    Trivial entailments are dropped because they say nothing about the domain: reflexive
    ``owl:sameAs``/``equivalentClass``/``subClassOf``/…, ``rdf:type owl:Thing``, statements about
    RDF/RDFS/OWL/XSD terms themselves, and statements with a literal subject.
    """
    import owlrl
    import rdflib

    from casummit_rdf.graph import ox_to_rdflib, rdflib_to_ox

    graph = rdflib.Graph(bind_namespaces="none")
    add = graph.add
    for t in triples:
        add((ox_to_rdflib(t.subject), ox_to_rdflib(t.predicate), ox_to_rdflib(t.object)))
    asserted = set(graph)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    thing = rdflib.URIRef(_OWL + "Thing")
    out: list[ox.Triple] = []
    for s, p, o in graph:
        if (s, p, o) in asserted or isinstance(s, rdflib.Literal) or s == o:
            continue
        if str(s).startswith(_BUILTIN) or (p == rdflib.RDF.type and o == thing):
            continue
        if p == rdflib.RDF.type and isinstance(o, rdflib.URIRef) and str(o).startswith(_XSD):
            continue
        out.append(ox.Triple(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o)))
    return out


def canonicalize(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """RDFC-1.0 blank-node labels, duplicates removed, sorted by their N-Quads form."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=lambda q: str(q))


def edition_quads(edition: Edition, data: Iterable[PathLike] | None = None) -> list[ox.Quad]:
    """The canonical, sorted quads of one edition (see the module docstring for the graphs)."""
    quads = collect_quads(data)
    if edition is Edition.FULL:
        graph = ox.NamedNode(GRAPH_INFERRED)
        quads += [ox.Quad(t.subject, t.predicate, t.object, graph) for t in infer(q.triple for q in quads)]
    return canonicalize(quads)


def unique_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of sorted quads, in order (a triple in two graphs appears once)."""
    return sorted({q.triple for q in quads}, key=lambda t: str(t))


# ---------------------------------------------------------------------------------------------
# Serializers (pure functions of sorted statements → bytes)


def used_prefixes(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> dict[str, str]:
    """The subset of ``prefixes`` whose namespace some IRI in ``triples`` starts with."""
    namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
    iris: set[str] = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and not term.language:
                iris.add(term.datatype.value)
    used: dict[str, str] = {}
    for iri in iris:  # distinct IRIs are far fewer than terms
        for prefix, ns in namespaces:
            if iri.startswith(ns):
                used[prefix] = ns
                break
    return dict(sorted(used.items()))


def to_ntriples(triples: Sequence[ox.Triple]) -> bytes:
    """Canonical N-Triples, one line per triple, lines in code-point order."""
    return _sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def to_nquads(quads: Sequence[ox.Quad]) -> bytes:
    """N-Quads, lines in code-point order."""
    return _sorted_lines(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def to_turtle(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """Turtle grouped by subject (triples sorted by subject), with a sorted prefix header.

    pyoxigraph writes prefixes in hash-map order, so the header is re-sorted here.
    """
    ordered = sorted(triples, key=_subject_key)
    body = ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=used_prefixes(ordered, prefixes))
    lines = body.split(b"\n")
    header = [line for line in lines if line.startswith(b"@prefix ")]
    rest = lines[len(header):]
    return b"\n".join(sorted(header) + [b""] + rest)


def _subject_key(t: ox.Triple) -> tuple[int, str, str]:
    # IRIs first, then blank nodes; within a subject the N-Triples order of the triple.
    return (0 if isinstance(t.subject, ox.NamedNode) else 1, t.subject.value, str(t))


def to_rdfxml(triples: Sequence[ox.Triple], prefixes: dict[str, str]) -> bytes:
    """RDF/XML with one ``rdf:Description`` per subject, in subject order."""
    ordered = sorted(triples, key=_subject_key)
    return ox.serialize(ordered, format=ox.RdfFormat.RDF_XML, prefixes=used_prefixes(ordered, prefixes))


def load_context(path: Path | None = None) -> dict[str, str]:
    """The prefix map of the checked-in JSON-LD context (``ontology/context.jsonld``)."""
    path = path or resources.ontology_dir() / "context.jsonld"
    context = json.loads(path.read_text(encoding="utf-8"))["@context"]
    return {k: v for k, v in context.items() if isinstance(v, str) and not k.startswith("@")}


def to_jsonld(triples: Sequence[ox.Triple], context: dict[str, str]) -> bytes:
    """Compact, flattened JSON-LD: ``{"@context": …, "@graph": [node, …]}``.

    The context holds the prefixes actually used (a subset of the checked-in context), so the
    output does not carry every namespace rdflib happens to bind (RDFLib/rdflib#1679). Nodes are
    sorted by ``@id``, properties by name, values by their JSON form; ``rdf:first``/``rdf:rest``
    stay plain properties, which keeps lists lossless without ``@list`` rewriting.
    """
    used = used_prefixes(triples, context)
    compactor = _Compactor(used)
    nodes: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        node = nodes[compactor.node_id(t.subject)]
        if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
            node["@type"].append(compactor.iri(t.object.value))
        else:
            node[compactor.iri(t.predicate.value)].append(compactor.value(t.object))
    graph = []
    for node_id in sorted(nodes):
        node: dict[str, object] = {"@id": node_id}
        for key in sorted(nodes[node_id]):
            values = nodes[node_id][key]
            if len(values) > 1:
                values = sorted(values, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values[0] if len(values) == 1 else values
        graph.append(node)
    document = {"@context": used, "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


class _Compactor:
    def __init__(self, prefixes: dict[str, str]):
        self._namespaces = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self._memo: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        found = self._memo.get(iri)
        if found is None:
            found = self._memo[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        for prefix, ns in self._namespaces:
            if iri.startswith(ns):
                local = iri[len(ns):]
                # A local part that looks like an authority or holds ':' would not round-trip.
                if not local.startswith("//") and ":" not in local:
                    return f"{prefix}:{local}"
        return iri

    def node_id(self, term: object) -> str:
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        return self.iri(term.value)  # type: ignore[attr-defined]

    def value(self, term: object) -> object:
        if isinstance(term, (ox.NamedNode, ox.BlankNode)):
            return {"@id": self.node_id(term)}
        assert isinstance(term, ox.Literal)
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == _XSD + "string":
            return term.value
        return {"@value": term.value, "@type": self.iri(term.datatype.value)}


def gzip_bytes(data: bytes) -> bytes:
    """gzip with a fixed header (mtime 0, no file name) so equal input gives equal bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(data)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------------
# VoID + DCAT


@dataclass
class EditionStats:
    """Counts VoID asks for, per edition."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, int] = field(default_factory=dict)  # class IRI → instances
    properties: dict[str, int] = field(default_factory=dict)  # property IRI → triples


def edition_stats(triples: Sequence[ox.Triple]) -> EditionStats:
    """VoID counts: entities are the distinct IRI subjects."""
    classes: dict[str, set[str]] = defaultdict(set)
    properties: dict[str, int] = defaultdict(int)
    subjects: set[str] = set()
    objects: set[str] = set()
    entities: set[str] = set()
    for t in triples:
        subjects.add(str(t.subject))
        objects.add(str(t.object))
        if isinstance(t.subject, ox.NamedNode):
            entities.add(t.subject.value)
        properties[t.predicate.value] += 1
        if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
            classes[t.object.value].add(str(t.subject))
    return EditionStats(
        triples=len(triples),
        entities=len(entities),
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        classes={c: len(s) for c, s in sorted(classes.items())},
        properties=dict(sorted(properties.items())),
    )


@dataclass(frozen=True)
class Release:
    """What identifies a release: version and issued date (never today's date)."""

    version: str
    issued: str  # YYYY-MM-DD

    @classmethod
    def from_package(cls) -> Release:
        """Version from the package; issued date from the ontology header (dct:issued, else dct:created)."""
        issued = None
        header = ox.NamedNode("https://w3id.org/casummit/ontology")
        for predicate in ("http://purl.org/dc/terms/issued", "http://purl.org/dc/terms/created"):
            for path in resources.ontology_files():
                for t in parse_file(path):
                    if t.subject == header and t.predicate.value == predicate and isinstance(t.object, ox.Literal):
                        issued = issued or t.object.value
            if issued:
                break
        if not issued:
            raise ExportError("the ontology header has neither dct:issued nor dct:created; cannot date the release")
        return cls(__version__, issued)


def describe(
    release: Release,
    stats: dict[Edition, EditionStats],
    files: dict[str, tuple[int, str]],
    base_url: str,
) -> list[ox.Triple]:
    """VoID + DCAT triples describing the editions and their files (name → (bytes, sha256))."""
    n = ox.NamedNode
    void = "http://rdfs.org/ns/void#"
    dcat = "http://www.w3.org/ns/dcat#"
    dct = PREFIXES["dct"]
    spdx = "http://spdx.org/rdf/terms#"

    def lit(value: object, datatype: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(_XSD + datatype))

    out: list[ox.Triple] = []
    catalog = n(f"{DATASET_BASE}{release.version}")
    out += [
        ox.Triple(catalog, _TYPE, n(dcat + "Catalog")),
        ox.Triple(catalog, n(dct + "title"), ox.Literal("casummit-rdf release", language="en")),
        ox.Triple(catalog, n(dct + "license"), n(LICENSE)),
        ox.Triple(catalog, n(dct + "issued"), lit(release.issued, "date")),
        ox.Triple(catalog, n(dcat + "version"), ox.Literal(release.version)),
    ]
    for edition, st in stats.items():
        ds = n(f"{DATASET_BASE}{release.version}/{edition.value}")
        out += [
            ox.Triple(catalog, n(dcat + "dataset"), ds),
            ox.Triple(ds, _TYPE, n(void + "Dataset")),
            ox.Triple(ds, _TYPE, n(dcat + "Dataset")),
            ox.Triple(ds, n(dct + "title"), ox.Literal(f"casummit-rdf {release.version}, {edition.value} edition", language="en")),
            ox.Triple(ds, n(dct + "description"), ox.Literal(
                "Asserted triples of the ontology and data." if edition is Edition.BASE
                else "Asserted triples plus the OWL 2 RL closure computed by owlrl (trivial entailments removed).",
                language="en")),
            ox.Triple(ds, n(dct + "license"), n(LICENSE)),
            ox.Triple(ds, n(dct + "issued"), lit(release.issued, "date")),
            ox.Triple(ds, n(dcat + "version"), ox.Literal(release.version)),
            ox.Triple(ds, n(_OWL + "versionInfo"), ox.Literal(release.version)),
            ox.Triple(ds, n(void + "triples"), lit(st.triples, "integer")),
            ox.Triple(ds, n(void + "entities"), lit(st.entities, "integer")),
            ox.Triple(ds, n(void + "distinctSubjects"), lit(st.distinct_subjects, "integer")),
            ox.Triple(ds, n(void + "distinctObjects"), lit(st.distinct_objects, "integer")),
            ox.Triple(ds, n(void + "classes"), lit(len(st.classes), "integer")),
            ox.Triple(ds, n(void + "properties"), lit(len(st.properties), "integer")),
            ox.Triple(ds, n(void + "uriSpace"), ox.Literal("https://w3id.org/casummit/id/")),
            ox.Triple(ds, n(void + "vocabulary"), n("https://w3id.org/casummit/ontology#")),
        ]
        for cls, count in st.classes.items():
            part = n(f"{ds.value}/class/{_slug(cls)}")
            out += [
                ox.Triple(ds, n(void + "classPartition"), part),
                ox.Triple(part, n(void + "class"), n(cls)),
                ox.Triple(part, n(void + "entities"), lit(count, "integer")),
            ]
        for prop, count in st.properties.items():
            part = n(f"{ds.value}/property/{_slug(prop)}")
            out += [
                ox.Triple(ds, n(void + "propertyPartition"), part),
                ox.Triple(part, n(void + "property"), n(prop)),
                ox.Triple(part, n(void + "triples"), lit(count, "integer")),
            ]
        for name, (size, digest) in files.items():
            if not name.startswith(f"casummit-{edition.value}."):
                continue
            dist = n(f"{ds.value}/distribution/{name}")
            syntax = Syntax(name.split(".")[1])
            url = n(base_url + name)
            out += [
                ox.Triple(ds, n(dcat + "distribution"), dist),
                ox.Triple(dist, _TYPE, n(dcat + "Distribution")),
                ox.Triple(dist, n(dcat + "downloadURL"), url),
                ox.Triple(dist, n(dcat + "mediaType"), ox.Literal(syntax.media_type)),
                ox.Triple(dist, n(dcat + "byteSize"), lit(size, "nonNegativeInteger")),
                ox.Triple(dist, n(dct + "license"), n(LICENSE)),
                ox.Triple(dist, n(spdx + "checksum"), n(f"{dist.value}#sha256")),
                ox.Triple(n(f"{dist.value}#sha256"), n(spdx + "algorithm"), n(spdx + "checksumAlgorithm_sha256")),
                ox.Triple(n(f"{dist.value}#sha256"), n(spdx + "checksumValue"), lit(digest, "hexBinary")),
            ]
            if name.endswith(".gz"):
                out.append(ox.Triple(dist, n(dcat + "compressFormat"), ox.Literal("application/gzip")))
            if name.endswith(".nq") or name.endswith(".nq.gz"):
                out.append(ox.Triple(dist, n(void + "dataDump"), url))
            out.append(ox.Triple(ds, n(void + "dataDump"), url))
    return sorted(set(out), key=str)


def _slug(iri: str) -> str:
    compact = _Compactor(PREFIXES).iri(iri)
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", compact)


# ---------------------------------------------------------------------------------------------
# Ontology documentation


def ontology_html(triples: Sequence[ox.Triple], release: Release) -> bytes:
    """A small, self-contained HTML page documenting classes and properties (en + ru).

    pyLODE would also do, but its output embeds the generation time; this page is byte-stable.
    """
    by_subject: dict[str, dict[str, list[ox.Term]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            by_subject[t.subject.value][t.predicate.value].append(t.object)
    compactor = _Compactor(PREFIXES)
    kinds = [
        ("Classes", _OWL + "Class"),
        ("Object properties", _OWL + "ObjectProperty"),
        ("Datatype properties", _OWL + "DatatypeProperty"),
        ("Annotation properties", _OWL + "AnnotationProperty"),
    ]

    def texts(subject: str, predicate: str) -> list[str]:
        values = by_subject[subject].get(predicate, [])
        return sorted(
            f"{v.value} ({v.language})" if isinstance(v, ox.Literal) and v.language else v.value
            for v in values if isinstance(v, ox.Literal)
        )

    def links(subject: str, predicate: str) -> str:
        values = sorted(v.value for v in by_subject[subject].get(predicate, []) if isinstance(v, ox.NamedNode))
        return ", ".join(
            f'<a href="#{html.escape(compactor.iri(v))}">{html.escape(compactor.iri(v))}</a>'
            if v.startswith(PREFIXES["cas"]) else html.escape(compactor.iri(v))
            for v in values
        )

    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>casummit ontology {e(release.version)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
        "section{border-top:1px solid #ccc;padding:.5em 0}code{background:#f4f4f4}dt{font-weight:bold}</style>",
        "</head><body>",
        f"<h1>casummit ontology</h1><p>Version {e(release.version)}, issued {e(release.issued)}. "
        f'Namespace <code>{e(PREFIXES["cas"])}</code>. Licence <a href="{LICENSE}">CC BY 4.0</a>.</p>',
    ]
    for title, kind in kinds:
        members = sorted(
            s for s, props in by_subject.items()
            if any(isinstance(o, ox.NamedNode) and o.value == kind for o in props.get(_RDF + "type", []))
            and s.startswith(PREFIXES["cas"])
        )
        if not members:
            continue
        parts.append(f"<h2>{e(title)}</h2><ul>")
        parts += [f'<li><a href="#{e(compactor.iri(m))}">{e(compactor.iri(m))}</a></li>' for m in members]
        parts.append("</ul>")
        for m in members:
            name = compactor.iri(m)
            parts.append(f'<section id="{e(name)}"><h3>{e(name)}</h3><dl>')
            parts.append(f"<dt>IRI</dt><dd><code>{e(m)}</code></dd>")
            for label, predicate in (("Label", _RDFS + "label"), ("Definition", PREFIXES["skos"] + "definition"),
                                     ("Comment", _RDFS + "comment")):
                for text in texts(m, predicate):
                    parts.append(f"<dt>{label}</dt><dd>{e(text)}</dd>")
            for label, predicate in (("Subclass of", _RDFS + "subClassOf"), ("Subproperty of", _RDFS + "subPropertyOf"),
                                     ("Domain", _RDFS + "domain"), ("Range", _RDFS + "range"),
                                     ("Inverse of", _OWL + "inverseOf"), ("Disjoint with", _OWL + "disjointWith"),
                                     ("Wikidata", PREFIXES["skos"] + "exactMatch"),
                                     ("Wikidata (close)", PREFIXES["skos"] + "closeMatch")):
                rendered = links(m, predicate)
                if rendered:
                    parts.append(f"<dt>{label}</dt><dd>{rendered}</dd>")
            parts.append("</dl></section>")
    parts.append("</body></html>")
    return ("\n".join(parts) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The bundle


@dataclass
class BundleReport:
    """What :func:`write_bundle` wrote."""

    out: Path
    files: dict[str, tuple[int, str]]  # name → (bytes, sha256)
    stats: dict[Edition, EditionStats]
    release: Release


def build_bundle(
    data: Iterable[PathLike] | None = None,
    *,
    base_url: str = DEFAULT_BASE_URL,
    release: Release | None = None,
    editions: Sequence[Edition] = (Edition.BASE, Edition.FULL),
) -> tuple[dict[str, bytes], dict[Edition, EditionStats], Release]:
    """Compute every file of the bundle in memory: name → bytes."""
    release = release or Release.from_package()
    context = load_context()
    prefixes = {**PREFIXES, **context}
    files: dict[str, bytes] = {}
    stats: dict[Edition, EditionStats] = {}
    base_quads = collect_quads(data)
    ontology_triples: list[ox.Triple] = []
    for edition in editions:
        quads = list(base_quads)
        if edition is Edition.FULL:
            inferred = ox.NamedNode(GRAPH_INFERRED)
            quads += [ox.Quad(t.subject, t.predicate, t.object, inferred) for t in infer(q.triple for q in base_quads)]
        quads = canonicalize(quads)
        triples = unique_triples(quads)
        if edition is Edition.BASE or not ontology_triples:
            ontology_triples = [q.triple for q in quads if q.graph_name == ox.NamedNode(GRAPH_ONTOLOGY)]
        stem = f"casummit-{edition.value}"
        rendered = {
            Syntax.TURTLE: to_turtle(triples, prefixes),
            Syntax.NTRIPLES: to_ntriples(triples),
            Syntax.NQUADS: to_nquads(quads),
            Syntax.JSONLD: to_jsonld(triples, context),
            Syntax.RDFXML: to_rdfxml(triples, prefixes),
        }
        for syntax, payload in rendered.items():
            files[f"{stem}.{syntax.value}"] = payload
            files[f"{stem}.{syntax.value}.gz"] = gzip_bytes(payload)
        stats[edition] = edition_stats(triples)
    files["ontology.html"] = ontology_html(ontology_triples, release)
    digests = {name: (len(payload), sha256(payload)) for name, payload in files.items()}
    void_prefixes = {
        **prefixes,
        "void": "http://rdfs.org/ns/void#",
        "dcat": "http://www.w3.org/ns/dcat#",
        "spdx": "http://spdx.org/rdf/terms#",
    }
    files["void.ttl"] = to_turtle(describe(release, stats, digests, base_url), void_prefixes)
    files["SHA256SUMS"] = "".join(
        f"{sha256(files[name])}  {name}\n" for name in sorted(files) if name != "SHA256SUMS"
    ).encode("ascii")
    return files, stats, release


def check_output_dir(out: Path) -> None:
    """Refuse an output path that is a file, or a non-empty folder that is not an earlier bundle."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / "SHA256SUMS").is_file():
        raise ExportError(f"{out}: folder is not empty and holds no earlier bundle (no SHA256SUMS); refusing to overwrite")


def write_bundle(
    out: PathLike,
    data: Iterable[PathLike] | None = None,
    *,
    base_url: str = DEFAULT_BASE_URL,
    release: Release | None = None,
    editions: Sequence[Edition] = (Edition.BASE, Edition.FULL),
) -> BundleReport:
    """Write the release bundle into ``out`` atomically (temp sibling folder, then rename).

    An earlier bundle in ``out`` is replaced as a whole. Raises :class:`ExportError` (one line)
    when ``out`` is a file or a foreign non-empty folder; nothing is written then.
    """
    out = Path(out)
    check_output_dir(out)
    if not re.match(r"^(https?://[^\s]+|)$", base_url) or (base_url and not base_url.endswith("/")):
        raise ExportError(f"--base-url {base_url!r} must be an http(s) URL ending in '/'")
    files, stats, release = build_bundle(data, base_url=base_url, release=release, editions=editions)
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    except OSError as error:
        raise ExportError(f"{parent}: cannot create the output folder: {error.strerror or error}") from None
    old: Path | None = None
    try:
        for name, payload in files.items():
            (tmp / name).write_bytes(payload)
        os.chmod(tmp, 0o755)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=parent))
            old.rmdir()
            out.rename(old)
        tmp.rename(out)
    except OSError as error:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not out.exists():
            old.rename(out)
        raise ExportError(f"{out}: cannot write the bundle: {error.strerror or error}") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    digests = {name: (len(payload), sha256(payload)) for name, payload in files.items()}
    return BundleReport(out, digests, stats, release)
