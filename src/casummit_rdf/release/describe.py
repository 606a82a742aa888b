"""The release's self-description: VoID statistics and a DCAT catalog of its files."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from casummit_rdf import __version__, resources
from casummit_rdf.formats import Format, Kind
from casummit_rdf.errors import ExportError
from casummit_rdf.graph import parse_file
from casummit_rdf.namespaces import OWL, PREFIXES, RDF_TYPE, XSD
from casummit_rdf.release.editions import Edition
from casummit_rdf.release.serialize import Compactor

DATASET_BASE = "https://w3id.org/casummit/dataset/"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_BASE_URL = "https://w3id.org/casummit/release/"
_TYPE = ox.NamedNode(RDF_TYPE)


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
        return ox.Literal(str(value), datatype=n(XSD + datatype))

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
            ox.Triple(ds, n(OWL + "versionInfo"), ox.Literal(release.version)),
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
            part = n(f"{ds.value}/class/{slug(cls)}")
            out += [
                ox.Triple(ds, n(void + "classPartition"), part),
                ox.Triple(part, n(void + "class"), n(cls)),
                ox.Triple(part, n(void + "entities"), lit(count, "integer")),
            ]
        for prop, count in st.properties.items():
            part = n(f"{ds.value}/property/{slug(prop)}")
            out += [
                ox.Triple(ds, n(void + "propertyPartition"), part),
                ox.Triple(part, n(void + "property"), n(prop)),
                ox.Triple(part, n(void + "triples"), lit(count, "integer")),
            ]
        for name, (size, digest) in files.items():
            if not name.startswith(f"casummit-{edition.value}."):
                continue
            dist = n(f"{ds.value}/distribution/{name}")
            syntax = Format.by_name(name.split(".")[1], Kind.GRAPH | Kind.DATASET)
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


def slug(iri: str) -> str:
    compact = Compactor(PREFIXES).iri(iri)
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", compact)


# ---------------------------------------------------------------------------------------------
# Ontology documentation
