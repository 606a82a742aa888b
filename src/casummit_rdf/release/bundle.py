"""The release bundle: every file computed in memory, then written atomically as one folder.

A bundle written by :func:`write_bundle` holds, for each edition (:mod:`casummit_rdf.release.editions`),
the graph in Turtle, sorted N-Triples, sorted N-Quads, JSON-LD and RDF/XML, a ``.gz`` beside each,
plus ``void.ttl`` (VoID + DCAT), ``ontology.html`` and ``SHA256SUMS`` (``sha256sum -c`` format).
Output is byte-identical across runs and ``PYTHONHASHSEED`` values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf.errors import ExportError
from casummit_rdf.files import replace_folder
from casummit_rdf.formats import Format
from casummit_rdf.graph import PathLike
from casummit_rdf.namespaces import PREFIXES
from casummit_rdf.release.describe import DEFAULT_BASE_URL, EditionStats, Release, describe, edition_stats
from casummit_rdf.release.editions import GRAPH_ONTOLOGY, Edition, edition_datasets, unique_triples
from casummit_rdf.release.ontology_page import ontology_html
from casummit_rdf.release.jsonld import load_context, to_jsonld
from casummit_rdf.release.serialize import gzip_bytes, sha256, subject_order, to_nquads, to_ntriples, to_rdfxml, to_turtle


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
    prefixes = {**PREFIXES, **context.prefixes}
    files: dict[str, bytes] = {}
    stats: dict[Edition, EditionStats] = {}
    ontology_triples: list[ox.Triple] = []
    for edition, quads in edition_datasets(editions, data).items():
        triples = unique_triples(quads)
        if not ontology_triples:
            ontology_triples = [q.triple for q in quads if q.graph_name == ox.NamedNode(GRAPH_ONTOLOGY)]
        stem = f"casummit-{edition.value}"
        by_subject = subject_order(triples)
        rendered = {
            Format.TURTLE: to_turtle(by_subject, prefixes, in_subject_order=True),
            Format.N_TRIPLES: to_ntriples(triples),
            Format.N_QUADS: to_nquads(quads),
            Format.JSON_LD: to_jsonld(by_subject, context),
            Format.RDF_XML: to_rdfxml(by_subject, prefixes, in_subject_order=True),
        }
        for syntax, payload in rendered.items():
            files[f"{stem}.{syntax.suffix}"] = payload
            files[f"{stem}.{syntax.suffix}.gz"] = gzip_bytes(payload)
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
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", base_url):
        raise ExportError(f"base URL {base_url!r}: must be an http(s) URL ending in '/'")
    files, stats, release = build_bundle(data, base_url=base_url, release=release, editions=editions)
    try:
        replace_folder(out.absolute(), files)
    except OSError as error:
        raise ExportError(f"{out}: cannot write the bundle: {error.strerror or error}") from None
    digests = {name: (len(payload), sha256(payload)) for name, payload in files.items()}
    return BundleReport(out, digests, stats, release)
