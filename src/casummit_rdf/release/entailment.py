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
from casummit_rdf.sparql import run_sparql

#: Rule names (``sparql_resources/release/<name>.rq``) in the order one round applies them: the
#: schema closure first, so that a round's instance rules already see every derived axiom.
RULES = ("scm-sco", "scm-spo", "scm-dom", "scm-rng", "prp-spo1", "prp-inv", "prp-dom", "prp-rng", "cax-sco")


def entailed(triples: Iterable[ox.Triple], *, max_rounds: int = 100) -> list[ox.Triple]:
    """The triples the rules add to ``triples`` (none of which is already there), in derivation order.

    Each rule only returns statements not yet in the store (``FILTER NOT EXISTS``); the rounds stop
    at the first one that adds nothing. ``max_rounds`` bounds a pathological input; the bundled
    ontology reaches its fixpoint in two rounds.
    """
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    queries = [resources.internal_query(f"release/{name}") for name in RULES]
    out: list[ox.Triple] = []
    for _ in range(max_rounds):
        added = 0
        for text in queries:
            # A triple derived twice in one query comes back twice: keep the first.
            new = list(dict.fromkeys(run_sparql(text, graph=store).triples))
            if new:
                store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in new)
                out.extend(new)
                added += len(new)
        if not added:
            return out
    raise ExportError(f"the entailment rules found no fixpoint in {max_rounds} rounds")
