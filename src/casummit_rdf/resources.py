"""Where the bundled ontology, data and queries are, installed or in a checkout.

A wheel carries them under ``casummit_rdf/bundled/``; a checkout (or an editable install) has them
at the repository root. Both layouts resolve to the same three folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """Return the folder that holds ``ontology/``, ``data/`` and ``queries/``."""
    installed = _PACKAGE_DIR / "bundled"
    if (installed / "ontology").is_dir():
        return installed
    checkout = _PACKAGE_DIR.parents[1]
    if (checkout / "ontology").is_dir():
        return checkout
    raise FileNotFoundError(
        "casummit-rdf cannot find its bundled ontology/, data/ and queries/ folders; "
        "reinstall the package or run from a checkout"
    )


def ontology_dir() -> Path:
    """The folder of the OWL ontology, vocabularies and SHACL shapes."""
    return bundled_root() / "ontology"


def data_dir() -> Path:
    """The folder of the bundled summit data."""
    return bundled_root() / "data"


def queries_dir() -> Path:
    """The folder of the canned SPARQL queries."""
    return bundled_root() / "queries"


def shapes_file() -> Path:
    """The SHACL shapes file."""
    return ontology_dir() / "shapes.ttl"


def ontology_files() -> list[Path]:
    """The Turtle files that define terms and controlled values (everything but the shapes)."""
    return sorted(p for p in ontology_dir().glob("*.ttl") if p.name != "shapes.ttl")


def internal_query(name: str) -> str:
    """The text of one of the library's own SPARQL queries, ``area/name`` (``stats/unsourced``).

    They ship as ``.rq`` files inside the package (``casummit_rdf/sparql_resources``) so that no
    query text is assembled in Python; values go in as bound parameters.
    """
    path = _PACKAGE_DIR / "sparql_resources" / f"{name}.rq"
    return path.read_text(encoding="utf-8")
