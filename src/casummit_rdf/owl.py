"""The OWL part of validation: HermiT's verdict turned into located problems.

HermiT (:mod:`casummit_rdf.reasoning`) says *whether* ontology and data are consistent and which
classes are unsatisfiable; this module names the usual culprit of an inconsistency (a node typed
with two disjoint classes) so that the problem points at a file and line.

Raises :class:`~casummit_rdf.errors.ReasonerUnavailable` when no reasoner can run; the caller
decides whether that is a skip or a failure.
"""

from __future__ import annotations

from casummit_rdf.graph import KnowledgeGraph
from casummit_rdf.namespaces import RDF_TYPE, compact
from casummit_rdf.problems import Problem, Severity



def owl_problems(graph: KnowledgeGraph) -> list[Problem]:
    """Run HermiT and turn inconsistency or unsatisfiable classes into problems."""
    from casummit_rdf.reasoning import check_consistency

    report = check_consistency(graph.triples)
    problems = []
    if not report.consistent and not report.unsatisfiable:
        culprits = disjoint_type_clashes(graph)
        for node, first, second in culprits:
            problems.append(
                Problem(
                    Severity.ERROR,
                    "owl.consistency",
                    node,
                    f"{report.message}: {compact(node)} is typed both {compact(first)} and {compact(second)}, "
                    "which the ontology declares disjoint",
                    predicate=RDF_TYPE,
                    value=second,
                    location=graph.locate(node, RDF_TYPE),
                    hint="give the node one of the two types, or split it into two nodes",
                )
            )
        if not culprits:
            problems.append(
                Problem.about_graph(
                    Severity.ERROR,
                    "owl.consistency",
                    report.message,
                    hint="look for a node typed with two disjoint classes (e.g. cas:Person and cas:State), "
                    "a functional property with two values, or a value outside a property's range",
                )
            )
    for iri in report.unsatisfiable:
        problems.append(
            Problem(
                Severity.ERROR,
                "owl.unsatisfiable-class",
                iri,
                f"class {compact(iri)} can have no members (unsatisfiable under the ontology's axioms)",
                location=graph.locate(iri),
                hint="check its rdfs:subClassOf and owl:disjointWith axioms in ontology/casummit.ttl",
            )
        )
    return problems


_DISJOINT_QUERY = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?node ?a ?b WHERE {
  { ?a owl:disjointWith ?b } UNION { ?b owl:disjointWith ?a }
  UNION { ?all a owl:AllDisjointClasses ; owl:members ?list .
          ?list rdf:rest*/rdf:first ?a . ?list rdf:rest*/rdf:first ?b . FILTER (?a != ?b) }
  ?node rdf:type/rdfs:subClassOf* ?a .
  ?node rdf:type/rdfs:subClassOf* ?b .
  FILTER (isIRI(?node) && STR(?a) < STR(?b))
}
"""


def disjoint_type_clashes(graph: KnowledgeGraph) -> list[tuple[str, str, str]]:
    """Nodes typed (directly or through subclasses) with two classes declared disjoint.

    HermiT only says *that* the graph is inconsistent; this names the usual culprit so the
    problem can point at a file and line.
    """
    from casummit_rdf.sparql import run_sparql

    result = run_sparql(_DISJOINT_QUERY, graph=graph)
    clashes = {(row["node"]["value"], row["a"]["value"], row["b"]["value"]) for row in result.rows}
    return sorted(clashes)
