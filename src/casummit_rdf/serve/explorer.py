"""What the explorer's front page shows, read from the store: meetings, the year's story, the matrix.

The explorer asks two JSON routes (see :mod:`casummit_rdf.serve.app`):

* ``/api/explorer/timeline?level=&lang=`` — every dated meeting at a level, for the timeline;
* ``/api/explorer/overview?year=&level=&lang=`` — the headline sentence, the counts, the
  who-met-whom matrix, the region's own meetings and the map's points for one year.

A meeting is a ``cas:Meeting`` (``cas:Summit`` is the leaders' level; a summit without
``cas:meetingLevel`` counts as ``cas:LeadersLevel``). A *partner format* names a partner
(``cas:partner``); a format typed ``cas:RegionalFormat``, or without a partner, is the region's
own (its guests are not partners). "All five presidents in person" uses the flagship query's
rule: each of the five states represented in person by its head of state, in office on the
meeting's start date, with no stand-in, and the partner in person, not by a stand-in.

The module is a little over 400 lines because the headline, the matrix and the map share one
reading of the meetings; splitting them would pass that reading between modules.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from casummit_rdf.i18n import (
    count_instrumental_ru,
    count_words,
    format_date,
    format_period,
    join_list,
    plural_word,
    t,
)
from casummit_rdf.namespaces import CAS, ID, PREFIXES, RDF_TYPE
from casummit_rdf.labels import Labels

SCHEMA = PREFIXES["schema"]
ORG = PREFIXES["org"]
C5 = ID + "actor/central-asia-five"
POSITIONS_FILE = Path(__file__).resolve().parent.parent / "web" / "vendor" / "geonames-cities" / "positions.json"

#: The level filter's values → the ontology's meeting levels (``all``: no filter).
LEVELS: dict[str, str | None] = {
    "leaders": CAS + "LeadersLevel",
    "foreign-ministers": CAS + "ForeignMinistersLevel",
    "other-ministers": CAS + "OtherMinistersLevel",
    "senior-officials": CAS + "SeniorOfficialsLevel",
    "all": None,
}
DEFAULT_LEVEL = "leaders"
_NOT_PARTNER_ROLES = {CAS + "Guest", CAS + "Observer"}


@dataclass
class Part:
    """One participation at a meeting."""

    iri: str
    actor: str | None
    person: str | None
    mode: str | None
    roles: set[str]
    office: str | None
    stands_in_for: str | None


@dataclass
class Meeting:
    """One meeting with the facts the front page uses."""

    iri: str
    level: str
    start: str | None
    end: str | None
    status: str | None
    format: str | None
    regional: bool
    city: str | None
    edition: int | None
    parts: list[Part] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return int(self.start[:4]) if self.start and self.start[:4].isdigit() else None

    @property
    def held(self) -> bool:
        return self.status == CAS + "Held"

    @property
    def virtual(self) -> bool:
        modes = [p.mode for p in self.parts if p.mode and p.mode != CAS + "Absent"]
        return bool(modes) and all(m == CAS + "Virtual" for m in modes)

    @property
    def host(self) -> str | None:
        for part in self.parts:
            if CAS + "Host" in part.roles and part.actor:
                return part.actor
        return None


def level_key(value: str | None) -> str:
    """A known level filter value (``leaders`` when missing or unknown)."""
    return value if value in LEVELS else DEFAULT_LEVEL


class ExplorerData:
    """Reads the meetings once from a read-only store and answers the explorer's routes."""

    def __init__(self, store: ox.Store, labels: Labels):
        self.store = store
        self.labels = labels
        self._meetings: list[Meeting] | None = None
        self._lock = threading.Lock()
        self._positions: dict[str, dict[str, object]] | None = None

    # -- reading the store -------------------------------------------------------------------

    def _objects(self, subject: str, predicate: str) -> list[ox.Term]:
        return [q.object for q in self.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)]

    def _one(self, subject: str, predicate: str) -> str | None:
        values = self._objects(subject, predicate)
        return values[0].value if values else None

    def _subjects(self, predicate: str, obj: str) -> list[str]:
        return sorted({q.subject.value for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), ox.NamedNode(obj))
                       if isinstance(q.subject, ox.NamedNode)})

    def meetings(self) -> list[Meeting]:
        """Every meeting, in date order (undated last)."""
        with self._lock:
            if self._meetings is None:
                self._meetings = self._read_meetings()
            return self._meetings

    def _read_meetings(self) -> list[Meeting]:
        summits = set(self._subjects(RDF_TYPE, CAS + "Summit"))
        iris = summits | set(self._subjects(RDF_TYPE, CAS + "Meeting"))
        regional_formats = set(self._subjects(RDF_TYPE, CAS + "RegionalFormat"))
        parts: dict[str, list[Part]] = defaultdict(list)
        for predicate in (CAS + "atSummit", CAS + "atMeeting"):
            for quad in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None):
                part = quad.subject.value
                if any(p.iri == part for p in parts[quad.object.value]):
                    continue
                parts[quad.object.value].append(Part(
                    iri=part,
                    actor=self._one(part, CAS + "represents"),
                    person=self._one(part, CAS + "participant"),
                    mode=self._one(part, CAS + "attendanceMode"),
                    roles={o.value for o in self._objects(part, CAS + "role")},
                    office=self._one(part, CAS + "inCapacityOf"),
                    stands_in_for=self._one(part, CAS + "standsInFor"),
                ))
        out = []
        for iri in iris:
            fmt = self._one(iri, SCHEMA + "superEvent")
            level = self._one(iri, CAS + "meetingLevel") or (CAS + "LeadersLevel" if iri in summits else None)
            edition = self._one(iri, CAS + "editionNumber")
            out.append(Meeting(
                iri=iri,
                level=level or "",
                start=self._one(iri, SCHEMA + "startDate"),
                end=self._one(iri, SCHEMA + "endDate"),
                status=self._one(iri, SCHEMA + "eventStatus"),
                format=fmt,
                regional=fmt is not None and (fmt in regional_formats or not self._objects(fmt, CAS + "partner")),
                city=self._one(iri, CAS + "city"),
                edition=int(edition) if edition and edition.lstrip("-").isdigit() else None,
                parts=sorted(parts.get(iri, []), key=lambda p: p.iri),
            ))
        out.sort(key=lambda m: (m.start is None, m.start or "", m.iri))
        return out

    def c5_states(self) -> list[str]:
        return self._subjects(ORG + "memberOf", C5)

    def positions(self) -> dict[str, dict[str, object]]:
        if self._positions is None:
            self._positions = json.loads(POSITIONS_FILE.read_text(encoding="utf-8")) if POSITIONS_FILE.is_file() else {}
        return self._positions

    def at_level(self, level: str) -> list[Meeting]:
        wanted = LEVELS[level_key(level)]
        return [m for m in self.meetings() if wanted is None or m.level == wanted]

    def years(self, level: str) -> list[int]:
        """Years with a held meeting at the level, latest first."""
        return sorted({m.year for m in self.at_level(level) if m.held and m.year}, reverse=True)

    def default_year(self, level: str) -> int | None:
        """The latest year with held meetings at the level (leaders' level when it has none)."""
        years = self.years(level) or self.years(DEFAULT_LEVEL)
        return years[0] if years else None

    # -- the flagship rule ------------------------------------------------------------------

    def _head_of_state_on(self, person: str | None, state: str | None, date: str | None) -> bool:
        if not person or not state or not date:
            return False
        for term in self._subjects(CAS + "holder", person):
            office = self._one(term, CAS + "office")
            start = self._one(term, SCHEMA + "startDate")
            end = self._one(term, SCHEMA + "endDate")
            if (office and self._one(office, CAS + "officeOf") == state
                    and self._one(office, CAS + "officeKind") == CAS + "HeadOfState"
                    and start and start <= date and not (end and end < date)):
                return True
        return False

    def all_five_in_person(self, meeting: Meeting) -> bool:
        """Were the five states represented in person by their own heads of state, no stand-ins?"""
        states = set(self.c5_states())
        ok = set()
        for part in meeting.parts:
            if (part.actor in states and part.mode == CAS + "InPerson" and not part.stands_in_for
                    and self._head_of_state_on(part.person, part.actor, meeting.start)):
                ok.add(part.actor)
        return ok == states

    def partners(self, meeting: Meeting, *, in_person: bool = False) -> list[str]:
        """Outside actors at the meeting in a role other than guest or observer."""
        states = set(self.c5_states())
        found = []
        for part in meeting.parts:
            if not part.actor or part.actor in states or part.actor == C5 or part.actor in found:
                continue
            if part.roles and part.roles <= _NOT_PARTNER_ROLES:
                continue
            if in_person and (part.mode != CAS + "InPerson" or part.stands_in_for):
                continue
            found.append(part.actor)
        return found

    def guests(self, meeting: Meeting) -> list[str]:
        states = set(self.c5_states())
        return sorted({p.actor for p in meeting.parts if p.actor and p.actor not in states and p.actor != C5})

    # -- JSON for the page ---------------------------------------------------------------------

    def _label(self, iri: str | None, lang: str) -> dict[str, object] | None:
        if not iri:
            return None
        label = self.labels.get(ox.NamedNode(iri), lang)
        out: dict[str, object] = {"iri": iri, "label": label.text}
        if iri.startswith(ID):
            out["href"] = "/id/" + iri[len(ID):]
        if label.fallback:
            out["fallback"] = label.lang or ""
        return out

    def _meeting_json(self, meeting: Meeting, lang: str) -> dict[str, object]:
        return {
            "iri": meeting.iri,
            "href": "/id/" + meeting.iri[len(ID):] if meeting.iri.startswith(ID) else None,
            "label": self._label(meeting.iri, lang),
            "start": meeting.start,
            "end": meeting.end,
            "year": meeting.year,
            "when": format_period(meeting.start, meeting.end, lang),
            "status": (meeting.status or "").rsplit("#", 1)[-1] or None,
            "statusLabel": self._label(meeting.status, lang),
            "format": self._label(meeting.format, lang),
            "regional": meeting.regional,
            "level": self._label(meeting.level or None, lang),
            "city": self._label(meeting.city, lang),
            "country": self._label(self._one(meeting.city, CAS + "inCountry") if meeting.city else None, lang),
            "host": self._label(meeting.host, lang),
            "edition": meeting.edition,
            "virtual": meeting.virtual,
        }

    def timeline(self, level: str, lang: str) -> dict[str, object]:
        """Every dated meeting at the level, with its format lane."""
        meetings = [m for m in self.at_level(level) if m.start]
        return {"level": level_key(level), "lang": lang, "meetings": [self._meeting_json(m, lang) for m in meetings]}

    def overview(self, year: int | None, level: str, lang: str) -> dict[str, object]:
        """The year's story: headline, counts, matrix, the region's own meetings and map points."""
        level = level_key(level)
        years = self.years(level)
        if year is None:
            year = self.default_year(level)
        in_year = [m for m in self.at_level(level) if m.year == year]
        held = [m for m in in_year if m.held]
        partner_meetings = [m for m in held if not m.regional]
        regional = [m for m in held if m.regional]
        states = self.c5_states()
        matrix = []
        for meeting in partner_meetings:
            for partner in self.partners(meeting):
                cells = []
                for state in states:
                    found = [p for p in meeting.parts if p.actor == state and p.person]
                    cells.append({
                        "state": state,
                        "participants": [{
                            "person": self._label(p.person, lang),
                            "mode": (p.mode or "").rsplit("#", 1)[-1] or None,
                            "office": self._label(p.office, lang),
                            "standsInFor": self._label(p.stands_in_for, lang),
                        } for p in found],
                    })
                matrix.append({"meeting": self._meeting_json(meeting, lang), "partner": self._label(partner, lang), "cells": cells})
        all_five = [m for m in partner_meetings if self.all_five_in_person(m)]
        met_all_five: list[tuple[str, Meeting]] = []
        for meeting in all_five:
            for partner in self.partners(meeting, in_person=True):
                met_all_five.append((partner, meeting))
        partners_met = sorted({p for m in partner_meetings for p in self.partners(m)})
        documents = {d for m in held for d in self._subjects(CAS + "adoptedAt", m.iri)}
        return {
            "year": year,
            "years": years,
            "level": level,
            "lang": lang,
            "headline": self._headline(year, level, lang, partner_meetings, met_all_five, all_five),
            "counts": [
                {"key": "meetings" if level != DEFAULT_LEVEL else "summits", "value": len(partner_meetings),
                 "label": t("count.meetings" if level != DEFAULT_LEVEL else "count.summits", lang)},
                {"key": "partners", "value": len(partners_met), "label": t("count.partners", lang)},
                *([{"key": "allfive", "value": len({p for p, _ in met_all_five}), "label": t("count.allfive", lang)}]
                  if level == DEFAULT_LEVEL else []),
                {"key": "regional", "value": len(regional), "label": t("count.regional", lang)},
                {"key": "documents", "value": len(documents), "label": t("count.documents", lang)},
            ],
            "states": [self._label(s, lang) for s in sorted(states, key=lambda s: self.labels.text(ox.NamedNode(s), lang))],
            "matrix": matrix,
            "regional": [{"meeting": self._meeting_json(m, lang), "guests": [self._label(g, lang) for g in self.guests(m)]}
                         for m in regional],
            "map": self._map_points(in_year, lang),
        }

    def _headline(self, year: int | None, level: str, lang: str, partner_meetings: list[Meeting],
                  met: list[tuple[str, Meeting]], all_five: list[Meeting]) -> list[object]:
        """The headline sentence as parts: strings and links ``{"text", "href"}``."""
        def link(iri: str, text: str | None = None) -> dict[str, object]:
            entry = self._label(iri, lang) or {}
            return {"text": text or entry.get("label", iri), "href": entry.get("href")}

        if level != DEFAULT_LEVEL:
            if not partner_meetings:
                return [t("headline.level.none", lang, year=year)]
            partners = sorted({p for m in partner_meetings for p in self.partners(m)}, key=lambda p: self.labels.text(ox.NamedNode(p), lang))
            return _fill(t("headline.level", lang, year=year, count=len(partner_meetings),
                           meetings=plural_word("meetings", len(partner_meetings), lang), list="\0"),
                         _joined([link(p) for p in partners], lang))
        if not met:
            parts: list[object] = [t("headline.none", lang, year=year)]
        else:
            seen: dict[str, list[Meeting]] = {}
            for partner, meeting in met:
                seen.setdefault(partner, []).append(meeting)
            ordered = sorted(seen, key=lambda p: min(m.start or "" for m in seen[p]))
            items: list[list[object]] = []
            for partner in ordered:
                where = ", ".join(
                    f"{self.labels.text(ox.NamedNode(m.city), lang) if m.city else '?'} {format_date(m.start, lang, year=False)}"
                    for m in seen[partner])
                items.append([link(partner), f" ({where})"])
            count = len(ordered)
            sentence = t("headline.all", lang, year=year, count=count_words(count, lang),
                         count_ins=count_instrumental_ru(count), partners=plural_word("partners", count, lang), list="\0")
            parts = _fill(sentence, _joined(items, lang))
        others = [m for m in partner_meetings if m not in all_five]
        if others:
            items = [[link(m.iri, f"{self._short_meeting(m, lang)}")] for m in others]
            parts.append(" ")
            parts.extend(_fill(t("headline.other", lang, list="\0"), _joined(items, lang)))
        return parts

    def _short_meeting(self, meeting: Meeting, lang: str) -> str:
        partner = ", ".join(self.labels.text(ox.NamedNode(p), lang) for p in self.partners(meeting)) or "?"
        city = self.labels.text(ox.NamedNode(meeting.city), lang) if meeting.city else "?"
        return f"{partner} ({city}{', ' + t('details.virtual', lang) if meeting.virtual else ''})"

    def _map_points(self, meetings: list[Meeting], lang: str) -> dict[str, object]:
        positions = self.positions()
        points, unplaced = [], []
        for meeting in meetings:
            if not meeting.city:
                continue
            where = positions.get(meeting.city)
            info = self._meeting_json(meeting, lang)
            if where is None:
                unplaced.append(info)
                continue
            points.append({**info, "lat": where["lat"], "lon": where["lon"],
                           "near": where.get("geonames") if where.get("near") else None})
        return {"points": points, "unplaced": unplaced}


def _joined(items: list, lang: str) -> list[object]:
    """Items (each a part or a list of parts) joined with commas and a final "and"."""
    out: list[object] = []
    for index, item in enumerate(items):
        if index:
            out.append(" и " if lang == "ru" and index == len(items) - 1 else (" and " if index == len(items) - 1 else ", "))
        out.extend(item if isinstance(item, list) else [item])
    return out


def _fill(sentence: str, parts: list[object]) -> list[object]:
    """Put ``parts`` where the sentence has its ``\\0`` placeholder."""
    head, _, tail = sentence.partition("\0")
    return [p for p in (head, *parts, tail) if p != ""]


__all__ = ["DEFAULT_LEVEL", "LEVELS", "ExplorerData", "Meeting", "Part", "join_list", "level_key"]
