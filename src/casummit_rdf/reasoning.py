"""OWL 2 consistency checking with a real reasoner: HermiT, run by owlready2 on the machine's Java.

owlready2 reads N-Triples, not Turtle, and HermiT accepts only the OWL 2 datatype map, which
lacks ``xsd:date``, ``xsd:gYear`` and friends. The reasoner therefore works on a copy: dates
become ``xsd:dateTime`` at midnight (order is preserved, so nothing that holds for dates is
lost), other non-OWL datatypes become ``xsd:string``. Ill-formed literals are left out of the
copy; SHACL reports them.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox

from casummit_rdf.errors import ReasonerUnavailable
from casummit_rdf.namespaces import XSD

__all__ = ["ReasonerReport", "ReasonerUnavailable", "check_consistency", "owl_copy"]

_DATE_RE = re.compile(r"^-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")
_OWL2_UNSUPPORTED_AS_STRING = {XSD + t for t in ("gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay", "duration", "time")}
_DATE = XSD + "date"
_DATETIME = ox.NamedNode(XSD + "dateTime")
_STRING = ox.NamedNode(XSD + "string")


@dataclass
class ReasonerReport:
    """What the reasoner found."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    message: str = ""


def owl_copy(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Map a graph into the OWL 2 datatype map so HermiT accepts it (see module docstring)."""
    out: list[ox.Triple] = []
    for triple in triples:
        obj = triple.object
        if isinstance(obj, ox.Literal) and not obj.language:
            datatype = obj.datatype.value
            if datatype == _DATE:
                if not _DATE_RE.match(obj.value):
                    continue
                obj = ox.Literal(obj.value + "T00:00:00", datatype=_DATETIME)
            elif datatype in _OWL2_UNSUPPORTED_AS_STRING:
                obj = ox.Literal(obj.value, datatype=_STRING)
        elif isinstance(obj, ox.NamedNode):
            if obj.value == _DATE:
                obj = _DATETIME
            elif obj.value in _OWL2_UNSUPPORTED_AS_STRING:
                obj = _STRING
        out.append(ox.Triple(triple.subject, triple.predicate, obj))
    return out


def check_consistency(triples: Iterable[ox.Triple], *, java: str | None = None) -> ReasonerReport:
    """Run HermiT over ontology + data and report consistency and unsatisfiable classes.

    Raises :class:`ReasonerUnavailable` when Java cannot be found.
    """
    java = java or shutil.which("java")
    if not java:
        raise ReasonerUnavailable("no Java found (HermiT runs on the JVM; install a JRE)")
    import owlready2

    # owlready2 takes the Java command from a module global; set it for this run only.
    with _JAVA_LOCK:
        previous = owlready2.JAVA_EXE
        owlready2.JAVA_EXE = java
        try:
            return _run_hermit(owlready2, triples)
        finally:
            owlready2.JAVA_EXE = previous


_JAVA_LOCK = threading.Lock()


def _run_hermit(owlready2: ModuleType, triples: Iterable[ox.Triple]) -> ReasonerReport:
    with tempfile.TemporaryDirectory(prefix="casummit-owl-") as tmp:
        path = Path(tmp) / "graph.nt"
        with path.open("wb") as handle:
            ox.serialize(owl_copy(triples), handle, format=ox.RdfFormat.N_TRIPLES)
        world = owlready2.World()
        try:
            ontology = world.get_ontology(path.as_uri()).load()
        except Exception as error:  # owlready2 raises bare Exceptions on odd input
            return ReasonerReport(False, message=f"owlready2 could not load the graph: {error}")
        try:
            with ontology:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerReport(False, message="the ontology and data are inconsistent (HermiT)")
        except owlready2.OwlReadyJavaError as error:
            detail = str(error).splitlines()
            reason = next((line for line in detail if "Exception" in line), detail[-1] if detail else "")
            return ReasonerReport(False, message=f"HermiT failed: {reason.strip()}")
        unsatisfiable = sorted(c.iri for c in world.inconsistent_classes() if c is not owlready2.Nothing)
    return ReasonerReport(not unsatisfiable, unsatisfiable)
