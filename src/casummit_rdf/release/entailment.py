"""What the full edition adds: the entailments of the ontology's own axioms, computed on pyoxigraph.

The ontology states five kinds of axioms that entail new statements: ``rdfs:subClassOf``,
``rdfs:subPropertyOf``, ``rdfs:domain``, ``rdfs:range`` and ``owl:inverseOf``. (Its other axioms —
disjoint classes, functional properties — only constrain; HermiT and the SHACL shapes check them.)
So the full edition needs only the OWL 2 RL rules for those, each a SPARQL CONSTRUCT in
``sparql_resources/release/`` run over a pyoxigraph store until no rule adds anything:

* schema: ``scm-sco`` and ``scm-spo`` (transitivity), ``scm-dom`` and ``scm-rng`` (domains and ranges
  along subclasses and superproperties), for the project's own terms;
* instances: ``prp-spo1`` (superproperties), ``prp-inv`` (inverses), ``prp-dom`` and ``prp-rng``
  (typing by the domains and ranges of the project's own properties), ``cax-sco`` (superclasses).

Tautologies are never produced: no ``owl:Thing`` typing, no reflexive ``subClassOf``, nothing about
another vocabulary's terms, no literal typed by a range. Unlike a generic OWL 2 RL closure this
does not merge nodes with ``owl:sameAs`` when a functional property has two values: such data
breaks a shape's ``sh:maxCount`` and is an error to fix, not an identity to infer.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from casummit_rdf import resources
from casummit_rdf.errors import ExportError
from casummit_rdf.namespaces import OWL, RDF, RDFS
from casummit_rdf.sparql import run_sparql

_SCHEMA = frozenset(RDFS + p for p in ("subClassOf", "subPropertyOf", "domain", "range")) | {OWL + "inverseOf"}
_TYPE = RDF + "type"

#: Rule name (``sparql_resources/release/<name>.rq``) → the kinds of statement its body reads
#: ("schema": the axioms above; "type": rdf:type; "other": any other statement). One round applies
#: them in this order, the schema closure first, so that its instance rules see every derived axiom.
RULES: dict[str, frozenset[str]] = {
    "scm-sco": frozenset({"schema"}),
    "scm-spo": frozenset({"schema"}),
    "scm-dom": frozenset({"schema"}),
    "scm-rng": frozenset({"schema"}),
    "prp-spo1": frozenset({"schema", "type", "other"}),  # any property may have a superproperty
    "prp-inv": frozenset({"schema", "type", "other"}),
    "prp-dom": frozenset({"schema", "other"}),  # domains and ranges of cas: properties only
    "prp-rng": frozenset({"schema", "other"}),
    "cax-sco": frozenset({"schema", "type"}),
}


def _kind(triple: ox.Triple) -> str:
    predicate = triple.predicate.value
    return "type" if predicate == _TYPE else "schema" if predicate in _SCHEMA else "other"


def entailed(triples: Iterable[ox.Triple], *, max_runs: int = 1000) -> list[ox.Triple]:
    """The triples the rules add to ``triples`` (none of which is already there), in derivation order.

    Each rule returns only statements not yet in the store. A rule runs again only when a kind
    of statement its body reads was added since its last run (a semi-naive fixpoint at the level
    of statement kinds); the bundled ontology needs one round and a few cheap re-runs.
    ``max_runs`` bounds a pathological input.
    """
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    queries = {name: resources.internal_query(f"release/{name}") for name in RULES}
    pending = {name: set(reads) for name, reads in RULES.items()}  # everything is new at the start
    out: list[ox.Triple] = []
    for _ in range(max_runs):
        name = next((n for n in RULES if pending[n] & RULES[n]), None)
        if name is None:
            return out
        pending[name].clear()
        # A triple derived twice in one query comes back twice: keep the first.
        new = list(dict.fromkeys(run_sparql(queries[name], graph=store).triples))
        if new:
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in new)
            out.extend(new)
            kinds = {_kind(t) for t in new}
            for waiting in pending.values():
                waiting |= kinds
    raise ExportError(f"the entailment rules found no fixpoint in {max_runs} rule runs")
