"""Release dumps: the graph in five syntaxes, two editions, with VoID/DCAT, checksums and HTML docs.

A bundle written by :func:`write_bundle` holds, for each edition written (``base`` = asserted
triples, ``full`` = plus what the ontology's axioms entail, see :func:`infer`; both by default):

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
    https://w3id.org/casummit/graph/inferred   full edition only: the entailed triples

Output is byte-identical across runs and ``PYTHONHASHSEED`` values: blank nodes get RDFC-1.0
canonical labels, every statement list is sorted, prefix headers are sorted, gzip headers carry no
time, and the issued date is the ontology's release date (``dct:issued``, else ``dct:created``), not
today. The bundle is written into a temporary sibling folder and renamed into place at the end,
so a crash never leaves a half-written bundle. ``void.ttl`` names each file by its download URL
under ``<base URL><version>/``, so the checksums a release states stay true when the next
release is published.
"""

from __future__ import annotations

from casummit_rdf.errors import ExportError
from casummit_rdf.release.bundle import BundleReport, build_bundle, write_bundle
from casummit_rdf.release.describe import DEFAULT_BASE_URL, Release
from casummit_rdf.release.editions import Edition, collect_quads, edition_quads, infer

__all__ = [
    "DEFAULT_BASE_URL",
    "BundleReport",
    "Edition",
    "ExportError",
    "Release",
    "build_bundle",
    "collect_quads",
    "edition_quads",
    "infer",
    "write_bundle",
]
