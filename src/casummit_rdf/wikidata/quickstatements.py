"""QuickStatements v1 batches, in two phases, with a header a reviewer reads first.

* **Phase 1** creates the items that may be created (``CREATE`` then ``LAST``) and adds
  statements to existing ones; every statement whose value is another new item waits.
* **Phase 2** (``QIDS.tsv`` lists the items phase 1 created) writes those waiting links: the
  series (P179, with its ordinal P1545), the previous and next summit (P155/P156), and any other
  statement that points at a new item.

Syntax (magnusmanske/quickstatements_rs ``qs_parser.rs``): TAB-separated, one command per line,
``/* … */`` comments; qualifiers as ``P… value`` pairs and references as ``S… value`` pairs after
the value; every reference of a statement is its own line, which QuickStatements merges into the
one statement. Strings are written between double quotes and a double quote inside is left
as it is — the parser takes everything between the first and the last quote and unescapes
nothing — so ``"Central Asia plus Japan" Dialogue`` is written ``""Central Asia plus Japan"
Dialogue"``. A string holding ``|`` is not written (QuickStatements 3 rejects it), nor a label or
description longer than Wikidata's 250 characters; the header lists them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from casummit_rdf.namespaces import compact
from casummit_rdf.wikidata.build import Export
from casummit_rdf.wikidata.mapping import WikibaseMap
from casummit_rdf.wikidata.model import Entity, EntityKind, Reference, Value, ValueKind
from casummit_rdf.wikidata.plan import Known, Placed, Subject, SubjectState, place, subject_of
from casummit_rdf.wikidata.reconcile import Reconciliation

MAX_TERM_LENGTH = 250


def qs_string(text: str) -> str | None:
    """``text`` as a QuickStatements string, or ``None`` when it cannot be written safely."""
    clean = " ".join(text.split())  # TABs and line breaks would end the command
    if "|" in clean or not clean:
        return None
    return f'"{clean}"'


def qs_time(value: Value) -> str:
    """``+2025-06-17T00:00:00Z/11`` (month and year precision with day/month 01)."""
    parts = value.value.split("-")
    year, month, day = parts[0], (parts[1] if len(parts) > 1 else "01"), (parts[2] if len(parts) > 2 else "01")
    return f"+{year}-{month}-{day}T00:00:00Z/{value.precision}"


def qs_url(url: str) -> str:
    # Percent-encoding keeps the same address and keeps the characters QuickStatements splits on out.
    return '"' + url.replace(" ", "%20").replace('"', "%22").replace("|", "%7C").replace("\t", "%09") + '"'


def qs_value(value: Value) -> str:
    if value.kind is ValueKind.TIME:
        return qs_time(value)
    if value.kind is ValueKind.STRING:
        return qs_string(value.value) or '""'
    return value.value


def _reference(ref: Reference, wmap: WikibaseMap) -> str:
    parts: list[str] = []
    if ref.url:
        parts += ["S" + wmap["referenceUrl"][1:], qs_url(ref.url)]
    if ref.stated_in:
        parts += ["S" + wmap["statedIn"][1:], ref.stated_in]
    if ref.retrieved:
        parts += ["S" + wmap["retrieved"][1:], qs_time(Value.time(ref.retrieved))]
    return "\t".join(parts)


def _comment(text: str) -> str:
    return "/* " + " ".join(text.replace("*/", "* /").split()) + " */"


def _statement_lines(subject: str, placed: Placed, wmap: WikibaseMap) -> list[str]:
    st = placed.statement
    assert placed.value is not None
    head = f"{subject}\t{st.property}\t{qs_value(placed.value)}"
    head += "".join(f"\t{pid}\t{qs_value(v)}" for pid, v in placed.qualifiers)
    return [f"{head}\t{_reference(ref, wmap)}" for ref in st.references]


def _terms(entity: Entity, notes: list[str]) -> list[str]:
    lines = []
    for lang in ("en", "ru"):
        for prefix, texts in (("L", entity.labels), ("D", entity.descriptions)):
            text = texts.get(lang)
            if not text:
                continue
            quoted = qs_string(text)
            if quoted is None or len(text) > MAX_TERM_LENGTH:
                notes.append(f"{compact(entity.iri)} {prefix}{lang} {text!r}: cannot be written safely "
                             "(holds '|' or is longer than 250 characters); add it by hand")
                continue
            lines.append(f"LAST\t{prefix}{lang}\t{quoted}")
        for alias in entity.aliases.get(lang, []):
            quoted = qs_string(alias)
            if quoted and len(alias) <= MAX_TERM_LENGTH:
                lines.append(f"LAST\tA{lang}\t{quoted}")
            else:
                notes.append(f"{compact(entity.iri)} A{lang} {alias!r}: cannot be written safely "
                             "(holds '|' or is longer than 250 characters); add it by hand")
    return lines


def _kinds_without_class(entities: Iterable[Entity], wmap: WikibaseMap) -> list[str]:
    counts: Counter[str] = Counter()
    for entity in entities:
        if entity.kind is EntityKind.DOCUMENT and not entity.has_instance_of(wmap["instanceOf"]):
            for note in entity.unexported:
                if "no verified Wikidata class for the kind" in note:
                    counts[note.split("'")[1]] += 1
    return [f"{kind}: {n} document(s)" for kind, n in sorted(counts.items())]


def _section(lines: list[str], title: str, items: list[str]) -> None:
    if items:
        lines.append(_comment(f"---- {title} ({len(items)}) ----"))
        lines.extend(_comment(item) for item in items)


def phase_one(export: Export, known: Known, wmap: WikibaseMap, reconciliation: Reconciliation | None) -> str:
    """The phase-1 batch: creates and edits; links to new items are left for phase 2."""
    states = {e.iri: subject_of(e, known, wmap, reconciliation, with_created=False) for e in export.entities}
    body: list[str] = []
    created: list[str] = []
    refused: list[str] = []
    unexported: list[str] = []
    waiting: list[str] = []
    terms_notes: list[str] = []
    for entity in export.entities:
        subject = states[entity.iri]
        name = compact(entity.iri)
        placed = [place(st, known, states, with_created=False) for st in entity.statements]
        unexported.extend(f"{name} {note}" for note in entity.unexported)
        unexported.extend(f"{name} {p.statement.property} {p.statement.fact}: {p.blocked}" for p in placed if p.blocked)
        if not subject.writable:
            refused.append(_refusal(name, subject))
            continue
        lines: list[str] = []
        if subject.state is SubjectState.CREATE:
            lines.append("CREATE")
            lines.extend(_terms(entity, terms_notes))
            created.append(entity.iri)
        target = "LAST" if subject.state is SubjectState.CREATE else subject.qid
        for p in placed:
            if p.waits_for and not p.blocked:
                waiting.append(f"{name} {p.statement.property} {p.statement.fact}")
            elif not p.blocked:
                lines.extend(_statement_lines(str(target), p, wmap))
        if lines:
            body.append(_comment(f"{entity.kind.value} {entity.iri} — {subject.state.value}"))
            body.extend(lines)
    header = [
        _comment("casummit-rdf QuickStatements v1 batch, phase 1 of 2: creates items and adds referenced statements. "
                 "Review it before running it; casummit never posts anything."),
        _comment(f"reconciled against {reconciliation.api}" if reconciliation else
                 "not reconciled against a Wikibase: only entities with a Q-id or a reviewed decision are written"),
    ]
    if created:
        header.append(_comment(f"---- items this batch creates, in order ({len(created)}): after the run, list their "
                               "Q-ids in a TAB-separated file with the header 'entity<TAB>qid' (one 'IRI<TAB>Q-id' "
                               "line each) and produce phase 2 from it ----"))
        header.extend(_comment(f"{n} {iri}") for n, iri in enumerate(created, start=1))
    _section(header, "not created", refused)
    _section(header, "document kinds without a verified Wikidata class (no P31; such documents are not created)",
             _kinds_without_class(export.entities, wmap))
    _section(header, "links left for phase 2 (they point at an item that does not exist yet)", waiting)
    if reconciliation:
        linked = [f"{compact(lookup.iri)} ({lookup.kind}): {'; '.join(str(c) for c in lookup.candidates)}"
                  for lookup in reconciliation.needs_decision if lookup.iri not in states]
        _section(header, "persons and places with candidate items: record a decision to write the statements "
                         "that point at them", linked)
    _section(header, "facts not exported", unexported + terms_notes)
    _section(header, "not exported at all", export.notes)
    return "\n".join(header + body) + "\n"


def _refusal(name: str, subject: Subject) -> str:
    if subject.state is SubjectState.NEEDS_DECISION:
        return f"{name}: {subject.state.value} (candidates: {subject.reason})"
    if subject.reason:
        return f"{name}: {subject.state.value}: {subject.reason}"
    return f"{name}: {subject.state.value}"


def phase_two(export: Export, known: Known, wmap: WikibaseMap) -> str:
    """The phase-2 batch: the statements that point at items phase 1 created (``known.created``)."""
    before = {e.iri: subject_of(e, known, wmap, None, with_created=False) for e in export.entities}
    states = {e.iri: subject_of(e, known, wmap, None, with_created=True) for e in export.entities}
    exported = {e.iri for e in export.entities}
    body: list[str] = []
    still_waiting: list[str] = []
    unknown = sorted(iri for iri in known.created if iri not in exported)
    for entity in export.entities:
        subject = states[entity.iri]
        name = compact(entity.iri)
        lines: list[str] = []
        for st in entity.statements:
            earlier = place(st, known, before, with_created=False)
            if earlier.blocked or not earlier.waits_for:
                continue  # never writable, or written in phase 1
            if subject.state is not SubjectState.EXISTING:
                still_waiting.append(f"{name} {st.property} {st.fact}: {name} has no Q-id yet")
                continue
            now = place(st, known, states, with_created=True)
            if now.waits_for:
                still_waiting.append(f"{name} {st.property} {st.fact}: {compact(now.waits_for)} has no Q-id yet")
            elif now.value is not None:
                lines.extend(_statement_lines(str(subject.qid), now, wmap))
        if lines:
            body.append(_comment(f"{entity.kind.value} {entity.iri} ({subject.qid})"))
            body.extend(lines)
    header = [
        _comment("casummit-rdf QuickStatements v1 batch, phase 2 of 2: links to the items phase 1 created. "
                 "Review it before running it; casummit never posts anything."),
        _comment(f"created items read: {len(known.created)}"),
    ]
    _section(header, "links still waiting for a Q-id", still_waiting)
    _section(header, "created items that are not entities of this export (ignored)", [compact(i) for i in unknown])
    return "\n".join(header + body) + "\n"
