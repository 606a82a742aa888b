"""The release's self-description: VoID statistics and a DCAT catalog of its files."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
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
#: Releases are published under ``<base URL><version>/``, so each release's catalog keeps naming
#: files whose checksums it states, whatever later releases publish.
DEFAULT_BASE_URL = "https://w3id.org/casummit/release/"
#: The data's IRIs (VoID ``uriSpace``); ``void:entities`` counts exactly the IRIs under it.
URI_SPACE = "https://w3id.org/casummit/id/"
PUBLISHER = "https://w3id.org/casummit/contributors"
PUBLISHER_NAME = "casummit-rdf contributors"
#: IANA's media-type registry: ``<prefix><type>/<subtype>`` names a media type (DCAT-AP wants IRIs).
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
_TYPE = ox.NamedNode(RDF_TYPE)
#: The EU Publications Office's authority tables, which DCAT-AP recommends for formats and languages.
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
#: Name and EU file-type code of each syntax of the bundle.
_SYNTAXES = {
    Format.TURTLE: ("Turtle", "RDF_TURTLE"),
    Format.N_TRIPLES: ("N-Triples", "RDF_N_TRIPLES"),
    Format.N_QUADS: ("N-Quads", "RDF_N_QUADS"),
    Format.JSON_LD: ("JSON-LD", "JSON_LD"),
    Format.RDF_XML: ("RDF/XML", "RDF_XML"),
}
_KEYWORDS = (("Central Asia", "en"), ("summit diplomacy", "en"), ("international relations", "en"), ("linked data", "en"),
             ("Центральная Азия", "ru"), ("саммитовая дипломатия", "ru"), ("международные отношения", "ru"))


@dataclass
class EditionStats:
    """Counts VoID asks for, per edition."""

    triples: int
    entities: int  # distinct IRIs under URI_SPACE, in any position
    distinct_subjects: int
    distinct_objects: int
    classes: dict[str, tuple[int, int]] = field(default_factory=dict)  # class IRI → (entities, instances)
    properties: dict[str, int] = field(default_factory=dict)  # property IRI → triples


def edition_stats(triples: Sequence[ox.Triple], uri_space: str = URI_SPACE) -> EditionStats:
    """VoID counts. Entities are the distinct IRIs under ``uri_space`` (VoID section 4.6), so the
    ontology's terms, blank nodes and outside IRIs are subjects and objects but not entities;
    a class partition counts its instances under ``uri_space`` as entities, and all of them as
    distinct subjects."""
    subjects = {t.subject for t in triples}
    objects = {t.object for t in triples}
    properties = Counter(t.predicate for t in triples)
    classes: dict[str, set[ox.Term]] = defaultdict(set)
    for t in triples:
        if t.predicate == _TYPE and isinstance(t.object, ox.NamedNode):
            classes[t.object.value].add(t.subject)

    def in_space(term: ox.Term) -> bool:
        return isinstance(term, ox.NamedNode) and term.value.startswith(uri_space)

    entities = {term for term in subjects | objects if in_space(term)}
    return EditionStats(
        triples=len(triples),
        entities=len(entities),
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        classes={c: (sum(1 for s in members if in_space(s)), len(members)) for c, members in sorted(classes.items())},
        properties=dict(sorted((p.value, n) for p, n in properties.items())),
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
    """VoID + DCAT triples describing the editions and their files (name → (bytes, sha256)).

    The description conforms to DCAT-AP 3.0.1 (its SHACL shapes): a catalog with a title, a
    description and a publisher (a ``foaf:Agent`` with a name); datasets; distributions with
    ``dcat:accessURL`` and ``dcat:downloadURL`` under ``<base_url><version>/``, media types and
    compression as IANA media-type IRIs (``dct:MediaType``), a licence typed
    ``dct:LicenseDocument`` and an ``spdx:Checksum`` with its algorithm.
    """
    n = ox.NamedNode
    void = "http://rdfs.org/ns/void#"
    dcat = "http://www.w3.org/ns/dcat#"
    dct = PREFIXES["dct"]
    foaf = PREFIXES["foaf"]
    spdx = "http://spdx.org/rdf/terms#"

    def lit(value: object, datatype: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=n(XSD + datatype))

    def en(text: str) -> ox.Literal:
        return ox.Literal(text, language="en")

    def media_type(name: str) -> ox.NamedNode:
        iri = n(IANA_MEDIA_TYPES + name)
        out.append(ox.Triple(iri, _TYPE, n(dct + "MediaType")))
        return iri

    out: list[ox.Triple] = []
    catalog = n(f"{DATASET_BASE}{release.version}")
    publisher, licence = n(PUBLISHER), n(LICENSE)
    downloads = f"{base_url}{release.version}/"
    out += [
        ox.Triple(catalog, _TYPE, n(dcat + "Catalog")),
        ox.Triple(catalog, n(dct + "title"), en("casummit-rdf release")),
        ox.Triple(catalog, n(dct + "description"), en(
            f"Release {release.version} of casummit-rdf, the sourced linked-data record of Central Asia's summit "
            "diplomacy: its ontology and data in Turtle, N-Triples, N-Quads, JSON-LD and RDF/XML, as asserted "
            "(base edition) and with the statements the ontology entails (full edition).")),
        ox.Triple(catalog, n(dct + "publisher"), publisher),
        ox.Triple(catalog, n(dct + "license"), licence),
        ox.Triple(catalog, n(dct + "issued"), lit(release.issued, "date")),
        ox.Triple(catalog, n(dct + "modified"), lit(release.issued, "date")),
        ox.Triple(catalog, n(dct + "language"), n(EU_AUTHORITY + "language/ENG")),
        ox.Triple(catalog, n(dcat + "version"), ox.Literal(release.version)),
        ox.Triple(n(EU_AUTHORITY + "language/ENG"), _TYPE, n(dct + "LinguisticSystem")),
        ox.Triple(n(spdx + "checksumAlgorithm_sha256"), _TYPE, n(spdx + "ChecksumAlgorithm")),
        ox.Triple(publisher, _TYPE, n(foaf + "Agent")),
        ox.Triple(publisher, n(foaf + "name"), ox.Literal(PUBLISHER_NAME)),
        ox.Triple(licence, _TYPE, n(dct + "LicenseDocument")),
        ox.Triple(licence, n(dct + "title"), en("Creative Commons Attribution 4.0 International")),
    ]
    for edition, st in stats.items():
        ds = n(f"{DATASET_BASE}{release.version}/{edition.value}")
        out += [
            ox.Triple(catalog, n(dcat + "dataset"), ds),
            ox.Triple(ds, _TYPE, n(void + "Dataset")),
            ox.Triple(ds, _TYPE, n(dcat + "Dataset")),
            ox.Triple(ds, n(dct + "title"), en(f"casummit-rdf {release.version}, {edition.value} edition")),
            ox.Triple(ds, n(dct + "description"), en(
                "Asserted triples of the ontology and data." if edition is Edition.BASE
                else "Asserted triples of the ontology and data, plus what the ontology's subclass, subproperty, "
                     "domain, range and inverse axioms entail (no tautologies, nothing about other vocabularies' terms).")),
            ox.Triple(ds, n(dct + "publisher"), publisher),
            ox.Triple(ds, n(dct + "license"), licence),
            ox.Triple(ds, n(dct + "issued"), lit(release.issued, "date")),
            ox.Triple(ds, n(dcat + "version"), ox.Literal(release.version)),
            ox.Triple(ds, n(OWL + "versionInfo"), ox.Literal(release.version)),
            ox.Triple(ds, n(void + "triples"), lit(st.triples, "integer")),
            ox.Triple(ds, n(void + "entities"), lit(st.entities, "integer")),
            ox.Triple(ds, n(void + "distinctSubjects"), lit(st.distinct_subjects, "integer")),
            ox.Triple(ds, n(void + "distinctObjects"), lit(st.distinct_objects, "integer")),
            ox.Triple(ds, n(void + "classes"), lit(len(st.classes), "integer")),
            ox.Triple(ds, n(void + "properties"), lit(len(st.properties), "integer")),
            ox.Triple(ds, n(void + "uriSpace"), ox.Literal(URI_SPACE)),
            *(ox.Triple(ds, n(dcat + "keyword"), ox.Literal(word, language=lang)) for word, lang in _KEYWORDS),
            ox.Triple(ds, n(void + "vocabulary"), n("https://w3id.org/casummit/ontology#")),
        ]
        for cls, (entities, instances) in st.classes.items():
            part = n(f"{ds.value}/class/{slug(cls)}")
            out += [
                ox.Triple(ds, n(void + "classPartition"), part),
                ox.Triple(part, n(void + "class"), n(cls)),
                ox.Triple(part, n(void + "entities"), lit(entities, "integer")),
                ox.Triple(part, n(void + "distinctSubjects"), lit(instances, "integer")),
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
            checksum = n(f"{dist.value}#sha256")
            syntax = Format.by_name(name.split(".")[1], Kind.GRAPH | Kind.DATASET)
            syntax_name, file_type = _SYNTAXES[syntax]
            url = n(downloads + name)
            gzipped = name.endswith(".gz")
            file_format = n(EU_AUTHORITY + "file-type/" + file_type)
            out += [
                ox.Triple(ds, n(dcat + "distribution"), dist),
                ox.Triple(ds, n(void + "dataDump"), url),
                ox.Triple(dist, _TYPE, n(dcat + "Distribution")),
                ox.Triple(dist, n(dct + "title"), en(name)),
                ox.Triple(dist, n(dct + "description"), en(
                    f"The {edition.value} edition in {syntax_name}{', gzip-compressed' if gzipped else ''}.")),
                ox.Triple(dist, n(dct + "format"), file_format),
                ox.Triple(file_format, _TYPE, n(dct + "MediaTypeOrExtent")),
                ox.Triple(dist, n(dcat + "accessURL"), url),
                ox.Triple(dist, n(dcat + "downloadURL"), url),
                ox.Triple(dist, n(dcat + "mediaType"), media_type(syntax.media_type)),
                ox.Triple(dist, n(dcat + "byteSize"), lit(size, "nonNegativeInteger")),
                ox.Triple(dist, n(dct + "license"), licence),
                ox.Triple(dist, n(spdx + "checksum"), checksum),
                ox.Triple(checksum, _TYPE, n(spdx + "Checksum")),
                ox.Triple(checksum, n(spdx + "algorithm"), n(spdx + "checksumAlgorithm_sha256")),
                ox.Triple(checksum, n(spdx + "checksumValue"), lit(digest, "hexBinary")),
            ]
            if gzipped:
                out.append(ox.Triple(dist, n(dcat + "compressFormat"), media_type("application/gzip")))
    return sorted(set(out), key=str)


def slug(iri: str) -> str:
    compact = Compactor(PREFIXES).iri(iri)
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", compact)

