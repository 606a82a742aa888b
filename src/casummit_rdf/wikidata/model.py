"""The export's own model: items, statements with their qualifiers and references, and the error type.

Everything the two writers (:mod:`.quickstatements`, :mod:`.wikibase_rdf`) print comes from
these objects; :mod:`.build` fills them from the data, :mod:`.plan` decides which item each one
edits or creates.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from casummit_rdf.errors import CasummitError

WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PSV = "http://www.wikidata.org/prop/statement/value/"
PQ = "http://www.wikidata.org/prop/qualifier/"
PQV = "http://www.wikidata.org/prop/qualifier/value/"
PR = "http://www.wikidata.org/prop/reference/"
PRV = "http://www.wikidata.org/prop/reference/value/"
WIKIBASE = "http://wikiba.se/ontology#"
#: Placeholder items for entities that have no Q-id yet (``<kind>-<local name>``).
NEW_ENTITY = "https://w3id.org/casummit/wikibase/entity/"
STATEMENT = "https://w3id.org/casummit/wikibase/statement/"
REFERENCE = "https://w3id.org/casummit/wikibase/reference/"
VALUE = "https://w3id.org/casummit/wikibase/value/"


class WikidataError(CasummitError):
    """The Wikidata map, a decision or a created-items file cannot be used. One line."""


class EntityKind(enum.Enum):
    """The kinds of item the export writes (persons, places and states are only pointed at)."""

    FORMAT = "format"
    SUMMIT = "summit"
    DOCUMENT = "document"


class ValueKind(enum.Enum):
    """What a statement value is."""

    ITEM = "item"  # an item with a Q-id (from the map: classes, roles, the calendar)
    ENTITY = "entity"  # a project IRI; resolved to a Q-id (or a new item) when the batch is planned
    TIME = "time"  # an ISO date, with a Wikibase precision
    STRING = "string"


@dataclass(frozen=True)
class Value:
    """A statement or qualifier value."""

    kind: ValueKind
    value: str
    precision: int = 11  # Wikibase time precision: 11 day, 10 month, 9 year

    @classmethod
    def item(cls, qid: str) -> Value:
        return cls(ValueKind.ITEM, qid)

    @classmethod
    def entity(cls, iri: str) -> Value:
        return cls(ValueKind.ENTITY, iri)

    @classmethod
    def time(cls, date: str, precision: int = 11) -> Value:
        return cls(ValueKind.TIME, date, precision)

    @classmethod
    def string(cls, text: str) -> Value:
        return cls(ValueKind.STRING, text)


@dataclass(frozen=True, order=True)
class Reference:
    """One reference of a statement: the source it comes from, with its URL, retrieval date and item."""

    url: str | None
    retrieved: str | None  # YYYY-MM-DD, from cas:retrievedOn; never made up
    stated_in: str | None  # Q-id of the source itself (cas:wikidataId), written as P248
    source: str  # the project IRI of the source


@dataclass(frozen=True)
class Statement:
    """A property, a value, qualifiers and the references that support this very statement."""

    property: str
    value: Value
    qualifiers: tuple[tuple[str, Value], ...]
    references: tuple[Reference, ...]
    fact: str  # what the statement says, in the project's terms (for notes in the batch header)


@dataclass
class Entity:
    """An item the export describes: a format, a summit or a document."""

    iri: str
    kind: EntityKind
    qid: str | None = None  # cas:wikidataId in the data
    labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)
    #: Facts that are not exported, each with the reason.
    unexported: list[str] = field(default_factory=list)
    #: Why no item may be created for this entity (``None``: it may be created).
    not_creatable: str | None = None

    def has_instance_of(self, pid: str) -> bool:
        """Whether the entity has a referenced P31 (``pid``) statement."""
        return any(st.property == pid for st in self.statements)
