"""Which item each entity edits or creates, and in which phase each statement can be written.

QuickStatements v1 can point only at ``LAST``, the item it has just created, so a statement whose
value is *another* new item (a summit's series, the previous summit) waits for phase 2, when the
created items have Q-ids (``QIDS.tsv``). Q-ids come from, in this order: the created-items file,
the data (``cas:wikidataId``), the reviewed decisions.

A new item is created only when all of these hold:

* nothing above gives the entity a Q-id, and
* the entity may have an item at all (a summit that did not take place, or a document whose kind
  has no verified Wikidata class, does not — see :mod:`.build`) and it has a referenced P31, and
* a reviewer decided ``new``, or the reconcile step found no candidate item on the Wikibase.

An entity with a candidate and no decision is refused, and so is one that was never reconciled.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from casummit_rdf.namespaces import compact
from casummit_rdf.wikidata.decisions import Decision
from casummit_rdf.wikidata.mapping import WikibaseMap
from casummit_rdf.wikidata.model import NEW_ENTITY, Entity, Statement, Value, ValueKind, WikidataError
from casummit_rdf.wikidata.reconcile import Reconciliation


class SubjectState(enum.Enum):
    """What the batch does with an entity."""

    EXISTING = "edits an existing item"
    CREATE = "creates a new item"
    NEEDS_DECISION = "not created: the Wikibase has candidate items and no decision is recorded"
    NOT_RECONCILED = "not created: not reconciled against a Wikibase, and no decision is recorded"
    NOT_CREATABLE = "not created"


@dataclass(frozen=True)
class Subject:
    """The item an entity's statements go to."""

    state: SubjectState
    qid: str | None = None
    reason: str = ""

    @property
    def writable(self) -> bool:
        return self.state in (SubjectState.EXISTING, SubjectState.CREATE)


@dataclass
class Known:
    """The Q-ids known for project IRIs, and the reviewed "no item exists" answers."""

    data: dict[str, str]
    decisions: dict[str, Decision] = field(default_factory=dict)
    created: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for iri, decision in self.decisions.items():
            have = self.data.get(iri)
            if have and decision.qid and decision.qid != have:
                raise WikidataError(
                    f"{decision.location}: decision {decision.qid} for {compact(iri)} contradicts its cas:wikidataId {have}"
                )

    def qid(self, iri: str, *, with_created: bool = True) -> str | None:
        if with_created and iri in self.created:
            return self.created[iri]
        if iri in self.data:
            return self.data[iri]
        decision = self.decisions.get(iri)
        return decision.qid if decision else None

    def decided_new(self, iri: str) -> bool:
        decision = self.decisions.get(iri)
        return bool(decision and decision.qid is None)

    def all_qids(self) -> dict[str, str]:
        found = {iri: d.qid for iri, d in self.decisions.items() if d.qid}
        found.update(self.data)
        found.update(self.created)
        return found


def subject_of(entity: Entity, known: Known, wmap: WikibaseMap, reconciliation: Reconciliation | None,
               *, with_created: bool = True) -> Subject:
    """What the batch does with ``entity`` (see the module docstring)."""
    qid = known.qid(entity.iri, with_created=with_created)
    if qid:
        return Subject(SubjectState.EXISTING, qid)
    if entity.not_creatable:
        return Subject(SubjectState.NOT_CREATABLE, reason=entity.not_creatable)
    if not entity.has_instance_of(wmap["instanceOf"]):
        return Subject(SubjectState.NOT_CREATABLE,
                       reason=f"no referenced {wmap['instanceOf']} (instance of) statement, and an item without one is not created")
    if known.decided_new(entity.iri):
        return Subject(SubjectState.CREATE, reason="reviewed decision: new")
    if reconciliation is None:
        return Subject(SubjectState.NOT_RECONCILED)
    candidates = reconciliation.candidates(entity.iri)
    if candidates is None:
        return Subject(SubjectState.NOT_RECONCILED)
    if candidates:
        return Subject(SubjectState.NEEDS_DECISION, reason="; ".join(str(c) for c in candidates))
    return Subject(SubjectState.CREATE, reason=f"no candidate on {reconciliation.api}")


@dataclass(frozen=True)
class Placed:
    """A statement with its values resolved to items, or the reason it cannot be written (yet)."""

    statement: Statement
    value: Value | None  # resolved (ITEM, TIME or STRING) when writable
    qualifiers: tuple[tuple[str, Value], ...]
    waits_for: str | None = None  # the project IRI of a new item it points at (phase 2)
    blocked: str | None = None  # why it can never be written by this export


def place(statement: Statement, known: Known, entity_states: dict[str, Subject], *, with_created: bool = True) -> Placed:
    """Resolve a statement's value and qualifiers for a QuickStatements batch."""
    values = [statement.value] + [v for _, v in statement.qualifiers]
    resolved: list[Value] = []
    waits_for = None
    for value in values:
        if value.kind is not ValueKind.ENTITY:
            resolved.append(value)
            continue
        qid = known.qid(value.value, with_created=with_created)
        if qid:
            resolved.append(Value.item(qid))
            continue
        target = entity_states.get(value.value)
        if target is not None and target.state is not SubjectState.NOT_CREATABLE:
            waits_for = value.value
            resolved.append(value)
            continue
        if target is not None:
            return Placed(statement, None, (), blocked=f"{compact(value.value)} gets no item ({target.reason})")
        if known.decided_new(value.value):
            return Placed(statement, None, (), blocked=f"{compact(value.value)} has no Wikidata item (reviewed decision: new)")
        return Placed(statement, None, (), blocked=f"{compact(value.value)} has no Q-id (not in the data, no reviewed decision)")
    qualifiers = tuple((pid, v) for (pid, _), v in zip(statement.qualifiers, resolved[1:]))
    return Placed(statement, resolved[0], qualifiers, waits_for=waits_for)


def placeholder(entity: Entity) -> str:
    """The stable IRI a new item has in the Wikibase RDF until it gets a Q-id."""
    local = entity.iri.rstrip("/").rsplit("/", 1)[-1]
    return f"{NEW_ENTITY}{entity.kind.value}-{local}"
