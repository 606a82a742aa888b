"""The SHACL engines that can run the shapes, behind one call: N-Triples in, a W3C report out.

Both take the data and the shapes as N-Triples text written from the triples pyoxigraph parsed,
so every engine sees the literals exactly as written (rdflib would normalise ``"1"^^xsd:boolean``
to ``true`` and lose ill-typed values on the way in), and both answer with the W3C validation
report as N-Triples.

* ``TURBO`` — pyshacl-turbo, a Rust engine with pySHACL's interface. It passes all 120 tests of
  the W3C SHACL core and SPARQL suites (``tests/w3c-shacl``) and is the default.
* ``PYSHACL`` — pySHACL itself, the reference implementation the tests compare against.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from importlib import metadata

from casummit_rdf.errors import CasummitError


class ShaclEngine(enum.Enum):
    """Which engine evaluates the shapes."""

    TURBO = "turbo"
    PYSHACL = "pyshacl"

    @property
    def distribution(self) -> str:
        return {"turbo": "pyshacl-turbo", "pyshacl": "pyshacl"}[self.value]

    @property
    def label(self) -> str:
        """The engine's name and installed version, as reports print it."""
        try:
            version = metadata.version(self.distribution)
        except metadata.PackageNotFoundError:  # pragma: no cover - both are dependencies
            version = "?"
        return f"{self.distribution} {version}"


class ShapesRejected(CasummitError):
    """Shapes the engine must refuse (SHACL forbids them): a prohibited SPARQL form, a broken shape."""


@dataclass(frozen=True)
class EngineRun:
    """What one engine run produced."""

    conforms: bool
    report: bytes  # the W3C sh:ValidationReport as N-Triples
    engine: ShaclEngine


def run_engine(
    data: str,
    shapes: str,
    *,
    engine: ShaclEngine = ShaclEngine.TURBO,
    focus: list[str] | None = None,
    count_warnings: bool = True,
) -> EngineRun:
    """Validate N-Triples ``data`` against N-Triples ``shapes``.

    ``focus`` limits validation to those node IRIs. With ``count_warnings`` (SHACL's own rule),
    any result makes the graph non-conforming; without, only violations do.
    Raises :class:`ShapesRejected` with the engine's one-line reason.
    """
    options = dict(
        inference=None if engine is ShaclEngine.TURBO else "none",
        allow_infos=not count_warnings,
        allow_warnings=not count_warnings,
        abort_on_first=False,
        advanced=False,
    )
    if engine is ShaclEngine.TURBO:
        import pyshacl_turbo

        if focus is not None:
            options["focus_nodes"] = focus
        try:
            # pyshacl_turbo.Input hands the N-Triples to the Rust side as they are; plain text
            # would first be parsed into an rdflib graph in Python (80 % of the time at 100k).
            conforms, report, text = pyshacl_turbo.validate(
                pyshacl_turbo.Input(data, "nt", None, {}), shacl_graph=pyshacl_turbo.Input(shapes, "nt", None, {}),
                serialize_report_graph="nt", **options,
            )
        except (ValueError, RuntimeError) as error:  # the engine refuses malformed shapes outright
            raise ShapesRejected(_one_line(error)) from None
        if not isinstance(report, (bytes, str)):  # a ValidationFailure: shapes SHACL says to reject
            raise ShapesRejected(_one_line(text or report))
        return EngineRun(bool(conforms), report if isinstance(report, bytes) else report.encode("utf-8"), engine)
    import pyshacl
    from rdflib import Graph, URIRef

    data_graph = Graph().parse(data=data, format="nt")
    shapes_graph = Graph().parse(data=shapes, format="nt")
    if focus is not None:
        options["focus_nodes"] = [URIRef(node) for node in focus]
    try:
        conforms, report, text = pyshacl.validate(data_graph, shacl_graph=shapes_graph, meta_shacl=False, **options)
    except Exception as error:  # noqa: BLE001 - pySHACL raises its own ReportableRuntimeError and others
        raise ShapesRejected(_one_line(error)) from None
    if not hasattr(report, "serialize"):
        raise ShapesRejected(_one_line(text or report))
    return EngineRun(bool(conforms), report.serialize(format="nt", encoding="utf-8"), engine)


def _one_line(value: object) -> str:
    text = " ".join(str(value).split())
    return text.removeprefix("Validation Failure - ")
