"""Labels and descriptions in the Wikidata way (Help:Label, Help:Description).

A label is the name alone: the project's labels end in a disambiguation such as
``(Samarkand, 2025)`` or ``(Samarkand, postponed)``, which Wikidata keeps out of labels, so it is
cut off and the description carries the place and the date instead. Descriptions start in lower
case, have no final full stop and never repeat a word of the series name ("… Summit summit").

>>> bare_label("First EU–Central Asia Summit (Samarkand, 2025)")
'First EU–Central Asia Summit'
>>> summit_phrase_en("EU–Central Asia Summit")
'EU–Central Asia summit'
>>> summit_phrase_en("C5+1")
'C5+1 summit'
>>> date_phrase_en("2025-06-16", "2025-06-18")
'16–18 June 2025'
>>> date_phrase_ru("2025-04-04", "2025-04-04")
'4 апреля 2025 года'
"""

from __future__ import annotations

import re

_TRAILING_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_MONTHS_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря")


def bare_label(label: str) -> str:
    """The label without a trailing parenthesised disambiguation."""
    bare = _TRAILING_PARENTHESIS.sub("", label).strip()
    return bare or label.strip()


def _lower_first(text: str) -> str:
    # Only a capital that starts an ordinary word is lowered ("Саммит" → "саммит"); names in
    # capitals ("EU", "C5+1") stay as they are.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def summit_phrase_en(series: str) -> str:
    """What an edition of the series is called: ``EU–Central Asia summit``, ``C5+1 summit``.

    A series whose name already says "Summit" or "Meeting" is not given a second noun.

    >>> summit_phrase_en("Consultative Meeting of the Heads of State of Central Asia")
    'Consultative Meeting of the Heads of State of Central Asia'
    """
    words = series.split()
    lowered = [w.lower().strip(".,;:") for w in words]
    if "summit" in lowered:
        at = len(lowered) - 1 - lowered[::-1].index("summit")
        return " ".join(words[:at] + ["summit"] + words[at + 1:])
    if any(w in ("meeting", "meetings") for w in lowered):
        return series
    return f"{series} summit"


def summit_phrase_ru(series: str) -> str:
    """The Russian counterpart: ``саммит «Европейский союз — Центральная Азия»``, ``саммит «C5+1»``."""
    lowered = series.lower()
    if lowered.startswith("саммит") or "встреч" in lowered:
        return _lower_first(series)
    if "«" in series:
        return f"саммит в формате {_lower_first(series)}"
    return f"саммит «{series}»"


def _parts(date: str) -> tuple[int, int | None, int | None]:
    pieces = date.split("-")
    year = int(pieces[0])
    month = int(pieces[1]) if len(pieces) > 1 else None
    day = int(pieces[2][:2]) if len(pieces) > 2 else None
    return year, month, day


def date_phrase_en(start: str | None, end: str | None = None) -> str | None:
    """``4 April 2025``, ``16–18 June 2025``, ``30 June – 1 July 2025``, ``June 2026``, ``2026``."""
    if not start:
        return None
    y1, m1, d1 = _parts(start)
    if m1 is None:
        return str(y1)
    if d1 is None:
        return f"{_MONTHS_EN[m1 - 1]} {y1}"
    if not end or end == start:
        return f"{d1} {_MONTHS_EN[m1 - 1]} {y1}"
    y2, m2, d2 = _parts(end)
    if m2 is None or d2 is None:
        return f"{d1} {_MONTHS_EN[m1 - 1]} {y1}"
    if (y1, m1) == (y2, m2):
        return f"{d1}–{d2} {_MONTHS_EN[m1 - 1]} {y1}"
    if y1 == y2:
        return f"{d1} {_MONTHS_EN[m1 - 1]} – {d2} {_MONTHS_EN[m2 - 1]} {y1}"
    return f"{d1} {_MONTHS_EN[m1 - 1]} {y1} – {d2} {_MONTHS_EN[m2 - 1]} {y2}"


def date_phrase_ru(start: str | None, end: str | None = None) -> str | None:
    """``4 апреля 2025 года``, ``16–18 июня 2025 года``, ``2026 год``."""
    if not start:
        return None
    y1, m1, d1 = _parts(start)
    if m1 is None:
        return f"{y1} год"
    if d1 is None:
        months_nominative = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                             "сентябрь", "октябрь", "ноябрь", "декабрь")
        return f"{months_nominative[m1 - 1]} {y1} года"
    if not end or end == start:
        return f"{d1} {_MONTHS_RU[m1 - 1]} {y1} года"
    y2, m2, d2 = _parts(end)
    if m2 is None or d2 is None:
        return f"{d1} {_MONTHS_RU[m1 - 1]} {y1} года"
    if (y1, m1) == (y2, m2):
        return f"{d1}–{d2} {_MONTHS_RU[m1 - 1]} {y1} года"
    if y1 == y2:
        return f"{d1} {_MONTHS_RU[m1 - 1]} – {d2} {_MONTHS_RU[m2 - 1]} {y1} года"
    return f"{d1} {_MONTHS_RU[m1 - 1]} {y1} года – {d2} {_MONTHS_RU[m2 - 1]} {y2} года"


_STATUS_EN = {"Planned": "planned", "Postponed": "postponed", "Cancelled": "cancelled"}
_STATUS_RU = {"Planned": "запланированный", "Postponed": "перенесённый", "Cancelled": "отменённый"}


def summit_description_en(series: str | None, city: str | None, start: str | None, end: str | None,
                          status: str | None = None) -> str | None:
    """``EU–Central Asia summit in Samarkand, 4 April 2025`` (a status word for a summit not held)."""
    if not series:
        return None
    text = summit_phrase_en(bare_label(series))
    if status in _STATUS_EN:
        text = f"{_STATUS_EN[status]} {text}"
    if city:
        text += f" in {city}"
    when = date_phrase_en(start, end)
    if when:
        text += f", {when}"
    return text  # a series name is a proper name: its capital stays


def summit_description_ru(series: str | None, city: str | None, start: str | None, end: str | None,
                          status: str | None = None) -> str | None:
    """``саммит «Европейский союз — Центральная Азия», Самарканд, 4 апреля 2025 года``."""
    if not series:
        return None
    text = summit_phrase_ru(bare_label(series))
    if status in _STATUS_RU and text.startswith("саммит"):
        text = f"{_STATUS_RU[status]} {text}"
    parts = [text] + [p for p in (city, date_phrase_ru(start, end)) if p]
    return ", ".join(parts)


def format_description_en(partner: str | None) -> str:
    """``Central Asia–China meeting format``; without a partner, the Central Asian leaders' own format."""
    if partner:
        return f"Central Asia–{partner} meeting format"
    return "meeting format of the heads of state of Central Asia"


def format_description_ru(partner: str | None) -> str:
    """``формат встреч «Центральная Азия — Китай»``."""
    if partner:
        return f"формат встреч «Центральная Азия — {partner}»"
    return "формат встреч глав государств Центральной Азии"


def document_description_en(kind: str | None, summit_en: str | None, date: str | None) -> str | None:
    """``declaration adopted at the EU–Central Asia summit in Samarkand, 4 April 2025``."""
    if not kind:
        return None
    text = _lower_first(kind)
    if summit_en:
        text += f" adopted at the {summit_en}"
    elif date:
        text += f" adopted on {date_phrase_en(date)}"
    return text


def document_description_ru(kind: str | None, summit_ru: str | None, date: str | None) -> str | None:
    """``декларация (саммит «…», Самарканд, 4 апреля 2025 года)``."""
    if not kind:
        return None
    text = _lower_first(kind)
    if summit_ru:
        return f"{text} ({summit_ru})"
    if date:
        return f"{text}, {date_phrase_ru(date)}"
    return text
