"""The two languages people read the project in: English and Russian.

* :func:`choose_language` — ``?lang=`` first, then ``Accept-Language``, else English;
* :func:`t` — a user-interface string by key (the catalogue is :data:`STRINGS`);
* :func:`format_date`, :func:`format_period`, :func:`format_number`, :func:`format_amount`,
  :func:`plural` — dates, numbers and money as each language writes them
  (``11 December 2025`` / ``11 декабря 2025``; ``¥3 trillion`` / ``3 трлн иен``);
* :func:`inverse_label` — a property read backwards in proper words ("took part in");
* :func:`query_text` — a canned query's summary and description in the chosen language, from
  ``queries/summaries.ru.yaml`` (a side file, so the ``.rq`` headers stay as grlc reads them).

Most of its length is the string catalogue, kept in one module so that a translator sees every
string of the user interface in one place.

>>> format_date("2025-12-11", "ru")
'11 декабря 2025'
>>> format_amount("3000000000000", "JPY", "en"), format_amount("3000000000000", "JPY", "ru")
('¥3 trillion', '3 трлн иен')
>>> choose_language(None, "ru-RU,ru;q=0.9,en;q=0.8")
'ru'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("en", "ru")
DEFAULT_LANGUAGE = "en"
#: The name of each language in itself, for the language switch.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский"}

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    # genitive: "11 декабря 2025"
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
           "октября", "ноября", "декабря"),
}
_MONTHS_NOMINATIVE_RU = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                         "сентябрь", "октябрь", "ноябрь", "декабрь")


def choose_language(requested: str | None, accept_language: str | None) -> str:
    """The language of a page: ``requested`` (``?lang=``) if known, else the best of ``Accept-Language``.

    >>> choose_language("ru", "en"), choose_language("xx", "de, ru;q=0.5"), choose_language(None, None)
    ('ru', 'ru', 'en')
    """
    if requested:
        code = requested.strip().lower().split("-")[0]
        if code in LANGUAGES:
            return code
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for index, entry in enumerate((accept_language or "").split(",")):
        tag, _, params = entry.strip().partition(";")
        code = tag.strip().lower().split("-")[0]
        q = 1.0
        if re.search(r"\bq\s*=", params):
            match = re.search(r"\bq\s*=\s*(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)\s*$", params)
            if not match:
                continue  # a malformed weight: the entry is ignored
            q = float(match.group(1))
        if code in LANGUAGES and q > best_q:
            best, best_q = code, q - index * 1e-6  # earlier entries win ties
    return best


def plural(count: int, lang: str, forms: tuple[str, ...]) -> str:
    """The form of a noun for ``count``: English (one, other), Russian (one, few, many).

    >>> plural(21, "ru", ("партнёр", "партнёра", "партнёров")), plural(2, "en", ("partner", "partners"))
    ('партнёр', 'partners')
    """
    if lang == "ru":
        n10, n100 = count % 10, count % 100
        if n10 == 1 and n100 != 11:
            return forms[0]
        if 2 <= n10 <= 4 and not 12 <= n100 <= 14:
            return forms[1]
        return forms[2]
    return forms[0] if count == 1 else forms[1]


_NUMBER_WORDS_EN = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_NUMBER_WORDS_RU = ("один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять")


def count_words(count: int, lang: str) -> str:
    """Small counts in words (as a headline writes them), larger ones in digits."""
    words = _NUMBER_WORDS_RU if lang == "ru" else _NUMBER_WORDS_EN
    return words[count - 1] if 1 <= count <= len(words) else format_number(count, lang)


def format_number(value: int | float | Decimal | str, lang: str) -> str:
    """A number with the language's separators: ``1,234.5`` / ``1 234,5`` (narrow no-break space)."""
    number = _decimal(value)
    if number is None:
        return str(value)
    text = f"{number:,f}" if number != number.to_integral_value() else f"{int(number):,d}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if lang == "ru":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def format_date(value: str | None, lang: str, *, year: bool = True) -> str:
    """``2025-12-11`` as ``11 December 2025`` / ``11 декабря 2025``; ``2025-12`` and ``2025`` too."""
    if not value:
        return ""
    match = re.match(r"^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return value
    y, m, d = match.group(1), match.group(2), match.group(3)
    if m is None:
        return y
    month = int(m)
    if not 1 <= month <= 12:
        return value
    if d is None:
        name = _MONTHS_NOMINATIVE_RU[month - 1] if lang == "ru" else _MONTHS["en"][month - 1]
        return f"{name} {y}" if year else name
    text = f"{int(d)} {_MONTHS['ru' if lang == 'ru' else 'en'][month - 1]}"
    return f"{text} {y}" if year else text


def format_period(start: str | None, end: str | None, lang: str) -> str:
    """Two dates as one span: ``19–20 December 2025``; a single day when they are equal."""
    if not start:
        return format_date(end, lang)
    if not end or end == start or len(start) != 10 or len(end) != 10:
        return format_date(start, lang)
    if start[:7] == end[:7]:
        return f"{int(start[8:10])}–{format_date(end, lang)}"
    if start[:4] == end[:4]:
        return f"{format_date(start, lang, year=False)} – {format_date(end, lang)}"
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


_SCALES = (
    (Decimal(10) ** 12, "trillion", "трлн"),
    (Decimal(10) ** 9, "billion", "млрд"),
    (Decimal(10) ** 6, "million", "млн"),
)
_SYMBOLS_EN = {"USD": "$", "EUR": "€", "JPY": "¥", "GBP": "£", "CNY": "CN¥", "KRW": "₩", "INR": "₹"}
#: Russian currency names in the genitive plural, as they follow "млрд", "трлн" or a number.
_CURRENCIES_RU = {"USD": "долларов", "EUR": "евро", "JPY": "иен", "CNY": "юаней", "GBP": "фунтов стерлингов",
                  "KRW": "вон", "INR": "рупий", "RUB": "рублей", "SAR": "риялов", "AED": "дирхамов"}


def format_amount(value: int | float | Decimal | str, currency: str | None, lang: str) -> str:
    """Money as a reader writes it: ``$100 billion``, ``¥3 trillion`` / ``100 млрд долларов``, ``3 трлн иен``."""
    number = _decimal(value)
    if number is None:
        return f"{value} {currency or ''}".strip()
    scaled, word_en, word_ru = number, "", ""
    for size, en, ru in _SCALES:
        if abs(number) >= size:
            scaled, word_en, word_ru = number / size, en, ru
            break
    amount = format_number(scaled.quantize(Decimal("0.01")).normalize() if word_en else scaled, lang)
    code = (currency or "").upper()
    if lang == "ru":
        unit = _CURRENCIES_RU.get(code, code)
        return " ".join(part for part in (amount, word_ru, unit) if part)
    body = f"{amount} {word_en}".strip()
    symbol = _SYMBOLS_EN.get(code)
    if symbol:
        return symbol + body
    return f"{body} {code}".strip()


def format_years(count: int, lang: str) -> str:
    """``5 years`` / ``5 лет``."""
    return f"{count} {plural(count, lang, ('year', 'years') if lang != 'ru' else ('год', 'года', 'лет'))}"


# ---- the catalogue --------------------------------------------------------------------------

#: User-interface strings: key → {language: text}; ``{name}`` marks a value filled in by :func:`t`.
STRINGS: dict[str, dict[str, str]] = {
    "site.title": {"en": "Central Asia summits", "ru": "Саммиты Центральной Азии"},
    "site.tagline": {"en": "Who met the five Central Asian presidents, where and when — every fact with its source.",
                     "ru": "Кто встречался с президентами пяти государств Центральной Азии, где и когда — каждый факт с источником."},
    "nav.story": {"en": "Overview", "ru": "Обзор"},
    "nav.timeline": {"en": "Timeline", "ru": "Хронология"},
    "nav.matrix": {"en": "Who met whom", "ru": "Кто с кем встречался"},
    "nav.query": {"en": "Query", "ru": "Запрос"},
    "nav.index": {"en": "Index", "ru": "Указатель"},
    "nav.api": {"en": "API", "ru": "API"},
    "lang.switch": {"en": "Language", "ru": "Язык"},
    "footer.data": {"en": "Data: CC BY 4.0. Map: Natural Earth (public domain) via world-atlas; city positions: GeoNames (CC BY 4.0).",
                    "ru": "Данные: CC BY 4.0. Карта: Natural Earth (общественное достояние) из world-atlas; координаты городов: GeoNames (CC BY 4.0)."},
    "footer.machine": {"en": "For machines", "ru": "Для программ"},
    "footer.sparql": {"en": "SPARQL endpoint", "ru": "SPARQL-точка доступа"},
    "loading": {"en": "Loading…", "ru": "Загрузка…"},
    "error.load": {"en": "Could not load: {message}", "ru": "Не удалось загрузить: {message}"},
    # story
    "story.heading": {"en": "The year in summits", "ru": "Год в саммитах"},
    "story.year": {"en": "Year", "ru": "Год"},
    "story.level": {"en": "Level", "ru": "Уровень"},
    "level.leaders": {"en": "Heads of state or government", "ru": "Главы государств и правительств"},
    "level.foreign-ministers": {"en": "Foreign ministers", "ru": "Министры иностранных дел"},
    "level.other-ministers": {"en": "Other ministers", "ru": "Другие министры"},
    "level.senior-officials": {"en": "Senior officials", "ru": "Старшие должностные лица"},
    "level.all": {"en": "All levels", "ru": "Все уровни"},
    "headline.all": {"en": "In {year} the five Central Asian presidents met {count} {partners} together in person: {list}.",
                     "ru": "В {year} году президенты пяти государств Центральной Азии вместе лично встретились с {count_ins} {partners}: {list}."},
    "headline.none": {"en": "In {year} no summit brought all five Central Asian presidents together in person with a partner.",
                      "ru": "В {year} году ни один саммит не собрал лично всех пятерых президентов Центральной Азии с партнёром."},
    "headline.other": {"en": "{list}: not all five presidents in person.",
                       "ru": "{list}: не все пять президентов присутствовали лично."},
    "headline.level": {"en": "In {year}: {count} {meetings} at this level with partners ({list}).",
                       "ru": "{year} год: {count} {meetings} на этом уровне с партнёрами ({list})."},
    "headline.level.none": {"en": "No meeting at this level with a partner is recorded for {year}.",
                            "ru": "Встреч на этом уровне с партнёрами за {year} год не записано."},
    "count.summits": {"en": "summits with partners", "ru": "саммитов с партнёрами"},
    "count.meetings": {"en": "meetings with partners", "ru": "встреч с партнёрами"},
    "count.partners": {"en": "partners met", "ru": "партнёров"},
    "count.allfive": {"en": "with all five presidents in person", "ru": "со всеми пятью президентами лично"},
    "count.regional": {"en": "of the region's own meetings", "ru": "собственных встреч региона"},
    "count.documents": {"en": "documents adopted", "ru": "принятых документов"},
    "map.heading": {"en": "Where they met", "ru": "Где проходили встречи"},
    "map.caption": {"en": "Cities of the {year} meetings. Filled dot: held (green: the region's own meetings); purple ring: held by video link, drawn at the host city; other rings: planned, postponed or cancelled. Select a dot to open its meeting.",
                    "ru": "Города встреч {year} года. Закрашенная точка — встреча состоялась (зелёная — собственная встреча региона); фиолетовое кольцо — по видеосвязи, показана в городе-организаторе; другие кольца — запланирована, перенесена или отменена. Нажмите на точку, чтобы открыть встречу."},
    "map.unplaced": {"en": "Not on the map (no position known):", "ru": "Нет на карте (координаты неизвестны):"},
    "map.near": {"en": "drawn at the neighbouring town of {name}", "ru": "показано у соседнего города {name}"},
    "map.label": {"en": "Map of the meeting cities in {year}", "ru": "Карта городов встреч в {year} году"},
    # matrix
    "matrix.heading": {"en": "Who met whom", "ru": "Кто с кем встречался"},
    "matrix.intro": {"en": "Each row is a partner at a meeting in the chosen year; each column a Central Asian state, showing who represented it. Absences and stand-ins are marked.",
                     "ru": "Каждая строка — партнёр на встрече выбранного года; каждый столбец — государство Центральной Азии и тот, кто его представлял. Отмечены отсутствие и замены."},
    "matrix.partner-formats": {"en": "The matrix counts partner formats only (C5+1, China–Central Asia, EU–Central Asia …). The region's own Consultative Meetings, to which guests such as Azerbaijan are invited, are listed separately below.",
                               "ru": "В таблице учитываются только форматы с партнёрами (C5+1, «Центральная Азия — Китай», ЕС — Центральная Азия …). Собственные Консультативные встречи региона, на которые приглашаются гости, например Азербайджан, перечислены отдельно ниже."},
    "matrix.corner": {"en": "Partner · meeting", "ru": "Партнёр · встреча"},
    "matrix.empty": {"en": "No meeting with a partner is recorded for {year} at this level.",
                     "ru": "Встреч с партнёрами за {year} год на этом уровне не записано."},
    "matrix.regional": {"en": "The region's own meetings in {year}", "ru": "Собственные встречи региона в {year} году"},
    "matrix.guests": {"en": "with", "ru": "с участием"},
    "mode.InPerson": {"en": "in person", "ru": "лично"},
    "mode.Virtual": {"en": "by video link", "ru": "по видеосвязи"},
    "mode.Absent": {"en": "absent", "ru": "отсутствовал"},
    "mode.none": {"en": "mode not recorded", "ru": "форма участия не указана"},
    "matrix.norecord": {"en": "no record", "ru": "нет записи"},
    "matrix.standin": {"en": "stand-in for {name}", "ru": "вместо: {name}"},
    "legend.standin": {"en": "stand-in", "ru": "замена"},
    # timeline
    "timeline.heading": {"en": "Timeline of meetings by format", "ru": "Хронология встреч по форматам"},
    "timeline.label": {"en": "Timeline of meetings by format", "ru": "Хронология встреч по форматам"},
    "timeline.hint": {"en": "Select a symbol for the details.", "ru": "Нажмите на знак, чтобы увидеть подробности."},
    "timeline.empty": {"en": "No dated meeting at this level.", "ru": "Нет датированных встреч на этом уровне."},
    "status.Held": {"en": "held", "ru": "состоялась"},
    "status.Planned": {"en": "planned", "ru": "запланирована"},
    "status.Postponed": {"en": "postponed", "ru": "перенесена"},
    "status.Cancelled": {"en": "cancelled", "ru": "отменена"},
    "status.OutcomeNotSourced": {"en": "scheduled; outcome not yet sourced", "ru": "была назначена; итог не подтверждён"},
    "details.open": {"en": "Open the meeting page", "ru": "Открыть страницу встречи"},
    "details.close": {"en": "Close", "ru": "Закрыть"},
    "details.host": {"en": "Host", "ru": "Принимающая сторона"},
    "details.city": {"en": "City", "ru": "Город"},
    "details.format": {"en": "Format", "ru": "Формат"},
    "details.status": {"en": "Status", "ru": "Статус"},
    "details.date": {"en": "Date", "ru": "Дата"},
    "details.level": {"en": "Level", "ru": "Уровень"},
    "details.virtual": {"en": "held by video link", "ru": "по видеосвязи"},
    "details.edition": {"en": "Edition", "ru": "Номер встречи"},
    # query
    "query.heading": {"en": "Ask the data", "ru": "Запрос к данным"},
    "query.intro": {"en": "Pick a ready-made question or write SPARQL. Ctrl+Enter runs the query.",
                    "ru": "Выберите готовый вопрос или напишите запрос SPARQL. Ctrl+Enter — выполнить."},
    "query.example": {"en": "Question", "ru": "Вопрос"},
    "query.own": {"en": "(write your own)", "ru": "(свой запрос)"},
    "query.run": {"en": "Run", "ru": "Выполнить"},
    "query.running": {"en": "Running…", "ru": "Выполняется…"},
    "query.rows": {"en": "{count} {rows} in {ms} ms", "ru": "{count} {rows} за {ms} мс"},
    "query.download": {"en": "Download", "ru": "Скачать"},
    "query.prefixes": {"en": "Prefixes", "ru": "Префиксы"},
    "query.prefixes.hint": {"en": "Select a prefix to declare it at the top of the query; type a prefix and Ctrl+Space to complete it.",
                            "ru": "Нажмите на префикс, чтобы объявить его в начале запроса; начните вводить префикс и нажмите Ctrl+Space для подсказки."},
    "query.editor": {"en": "SPARQL query", "ru": "Запрос SPARQL"},
    "query.params": {"en": "Parameters", "ru": "Параметры"},
    "query.edited": {"en": "Edited: runs as your own SPARQL, without the parameters above.",
                     "ru": "Изменён: выполняется как ваш собственный SPARQL, без параметров выше."},
    "query.api-link": {"en": "This question as a web address", "ru": "Этот вопрос как веб-адрес"},
    # entity pages
    "entity.formats": {"en": "Data", "ru": "Данные"},
    "entity.participants": {"en": "Who took part", "ru": "Участники"},
    "entity.attended": {"en": "Meetings attended", "ru": "Участие во встречах"},
    "entity.state-participations": {"en": "Meetings, in date order", "ru": "Встречи в хронологическом порядке"},
    "entity.format-meetings": {"en": "Meetings of this format", "ru": "Встречи этого формата"},
    "entity.facts": {"en": "Facts", "ru": "Факты"},
    "entity.related": {"en": "Related records", "ru": "Связанные записи"},
    "entity.sources": {"en": "Sources", "ru": "Источники"},
    "entity.supports": {"en": "supports: {facts}", "ru": "подтверждает: {facts}"},
    "entity.whole": {"en": "supports the whole record", "ru": "подтверждает запись целиком"},
    "entity.record": {"en": "source record", "ru": "запись об источнике"},
    "entity.data-users": {"en": "For data users", "ru": "Для пользователей данных"},
    "entity.iri": {"en": "Identifier (IRI)", "ru": "Идентификатор (IRI)"},
    "entity.download": {"en": "Download this record", "ru": "Скачать эту запись"},
    "entity.wikidata": {"en": "Wikidata", "ru": "Викиданные"},
    "entity.fallback": {"en": "no {wanted} label; shown in {other}", "ru": "нет названия на языке «{wanted}»; показано на языке «{other}»"},
    "entity.more": {"en": "… and {count} more", "ru": "… и ещё {count}"},
    "entity.not-found": {"en": "Not found", "ru": "Не найдено"},
    "entity.not-found.text": {"en": "There is nothing about {iri} in this knowledge graph.", "ru": "В этом графе знаний нет ничего о {iri}."},
    "entity.back": {"en": "Back to the overview", "ru": "Вернуться к обзору"},
    "entity.absent": {"en": "absent", "ru": "отсутствовал"},
    "entity.stands-in": {"en": "stands in for {name}", "ru": "вместо: {name}"},
    "col.state": {"en": "Represents", "ru": "Представляет"},
    "col.person": {"en": "Person", "ru": "Лицо"},
    "col.role": {"en": "Role", "ru": "Роль"},
    "col.attendance": {"en": "Attendance", "ru": "Присутствие"},
    "col.date": {"en": "Date", "ru": "Дата"},
    "col.meeting": {"en": "Meeting", "ru": "Встреча"},
    "col.status": {"en": "Status", "ru": "Статус"},
    "col.city": {"en": "City", "ru": "Город"},
    "col.level": {"en": "Level", "ru": "Уровень"},
    "commitment.by": {"en": "pledged by {actor}", "ru": "— {actor}"},
    "commitment.over": {"en": "over {years}", "ru": "на {years}"},
    "count.value": {"en": "{qualifier} {count} documents", "ru": "{qualifier} {count} документов"},
    "term.held": {"en": "{office} from {start}", "ru": "{office} с {start}"},
    "term.until": {"en": "until {end}", "ru": "по {end}"},
    "plan.host": {"en": "next meeting in {host}", "ru": "следующая встреча: {host}"},
    # index
    "index.heading": {"en": "Index of records", "ru": "Указатель записей"},
    "index.search": {"en": "Search by name (English or Russian)", "ru": "Поиск по названию (на русском или английском)"},
    "index.results": {"en": "{count} {records}", "ru": "{count} {records}"},
    "index.none": {"en": "Nothing matches “{text}”.", "ru": "Ничего не найдено по запросу «{text}»."},
    "index.go": {"en": "Search", "ru": "Найти"},
    "index.kind": {"en": "Kind", "ru": "Вид"},
    "index.all": {"en": "all kinds", "ru": "все виды"},
    # API page
    "api.heading": {"en": "Web API", "ru": "Веб-API"},
    "api.intro": {"en": "Every ready-made question is a web address. Open it in a browser for a table, or add .csv, .json, .tsv or .xml for a file. Programs can also send SPARQL to the endpoint.",
                  "ru": "Каждый готовый вопрос — это веб-адрес. Откройте его в браузере, чтобы увидеть таблицу, или добавьте .csv, .json, .tsv или .xml, чтобы получить файл. Программы могут также отправлять SPARQL-запросы в точку доступа."},
    "api.parameters": {"en": "Parameters", "ru": "Параметры"},
    "api.none": {"en": "no parameters", "ru": "без параметров"},
    "api.default": {"en": "default {value}", "ru": "по умолчанию {value}"},
    "api.optional": {"en": "optional", "ru": "необязательный"},
    "api.try": {"en": "Open as a table", "ru": "Открыть таблицей"},
    "api.openapi": {"en": "OpenAPI document (JSON)", "ru": "Документ OpenAPI (JSON)"},
    "api.sparql": {"en": "SPARQL endpoint: GET or POST a query to {path} (SPARQL 1.1 Protocol).",
                   "ru": "SPARQL-точка доступа: отправьте запрос GET или POST на {path} (протокол SPARQL 1.1)."},
    "api.list": {"en": "The list of questions as JSON", "ru": "Список вопросов в JSON"},
    "table.heading": {"en": "Answer", "ru": "Ответ"},
    "table.rows": {"en": "{count} {rows}", "ru": "{count} {rows}"},
    "table.files": {"en": "Download as", "ru": "Скачать как"},
    "table.explore": {"en": "Open in the query page", "ru": "Открыть на странице запросов"},
}

#: The kinds of record, as the first segment of their address (``/id/summit/…``).
KIND_NAMES: dict[str, dict[str, str]] = {
    "summit": {"en": "Summits", "ru": "Саммиты"}, "meeting": {"en": "Other meetings", "ru": "Другие встречи"},
    "format": {"en": "Formats", "ru": "Форматы"}, "actor": {"en": "States and organisations", "ru": "Государства и организации"},
    "person": {"en": "People", "ru": "Люди"}, "office": {"en": "Offices", "ru": "Должности"},
    "document": {"en": "Documents", "ru": "Документы"}, "commitment": {"en": "Commitments", "ru": "Обязательства"},
    "place": {"en": "Places", "ru": "Места"}, "area": {"en": "Cooperation areas", "ru": "Области сотрудничества"},
    "source": {"en": "Sources", "ru": "Источники"}, "participation": {"en": "Participations", "ru": "Участие"},
    "term": {"en": "Terms of office", "ru": "Сроки полномочий"}, "plan": {"en": "Plans for next meetings", "ru": "Планы следующих встреч"},
    "count": {"en": "Agreement counts", "ru": "Числа соглашений"}, "conflict": {"en": "Source conflicts", "ru": "Расхождения источников"},
    "milestone": {"en": "Format milestones", "ru": "Вехи форматов"},
}


def kind_name(kind: str, lang: str) -> str:
    """The heading of a kind of record (the address segment itself when unknown)."""
    entry = KIND_NAMES.get(kind)
    return (entry.get(lang) or entry[DEFAULT_LANGUAGE]) if entry else kind


_PLURALS: dict[str, dict[str, tuple[str, ...]]] = {
    "partners": {"en": ("partner", "partners"), "ru": ("партнёром", "партнёрами", "партнёрами")},
    "meetings": {"en": ("meeting", "meetings"), "ru": ("встреча", "встречи", "встреч")},
    "rows": {"en": ("row", "rows"), "ru": ("строка", "строки", "строк")},
    "records": {"en": ("record", "records"), "ru": ("запись", "записи", "записей")},
}

_INSTRUMENTAL_RU = ("одним", "двумя", "тремя", "четырьмя", "пятью", "шестью", "семью", "восемью", "девятью", "десятью")


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English if it has no translation), with ``values`` filled in."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def plural_word(name: str, count: int, lang: str) -> str:
    """A counted noun of the catalogue (``partners``, ``meetings``, ``rows``, ``records``)."""
    forms = _PLURALS[name]
    return plural(count, lang, forms.get(lang) or forms[DEFAULT_LANGUAGE])


def count_instrumental_ru(count: int) -> str:
    """Russian counts after «с» (instrumental case): «с семью партнёрами»."""
    return _INSTRUMENTAL_RU[count - 1] if 1 <= count <= len(_INSTRUMENTAL_RU) else str(count)


def strings(lang: str) -> dict[str, str]:
    """Every catalogue string in ``lang`` (for the explorer's script)."""
    return {key: t(key, lang) for key in STRINGS}


def join_list(items: list[str], lang: str) -> str:
    """``a, b and c`` / ``a, b и c``."""
    if len(items) <= 1:
        return "".join(items)
    last = " и " if lang == "ru" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


# ---- properties read backwards ---------------------------------------------------------------

_CAS = "https://w3id.org/casummit/ontology#"
_SCHEMA = "https://schema.org/"
#: For "X <p> this", how a page about *this* names the relation: property → {language: words}.
INVERSE_LABELS: dict[str, dict[str, str]] = {
    _CAS + "atSummit": {"en": "participations", "ru": "участие"},
    _CAS + "atMeeting": {"en": "participations", "ru": "участие"},
    _CAS + "participant": {"en": "took part in", "ru": "участвовал(а) во встречах"},
    _CAS + "represents": {"en": "represented by", "ru": "представлен(а)"},
    _CAS + "followedBy": {"en": "preceded by", "ru": "предыдущая встреча"},
    _CAS + "follows": {"en": "followed by", "ru": "следующая встреча"},
    _CAS + "adoptedAt": {"en": "documents adopted", "ru": "принятые документы"},
    _CAS + "announcedAt": {"en": "commitments announced", "ru": "объявленные обязательства"},
    _CAS + "reportedAt": {"en": "agreements reported", "ru": "сообщения о соглашениях"},
    _CAS + "pledgedBy": {"en": "commitments made", "ru": "взятые обязательства"},
    _CAS + "beneficiary": {"en": "commitments in its favour", "ru": "обязательства в его пользу"},
    _CAS + "signatory": {"en": "documents signed", "ru": "подписанные документы"},
    _CAS + "city": {"en": "meetings held here", "ru": "встречи в этом городе"},
    _CAS + "venue": {"en": "meetings held here", "ru": "встречи в этом месте"},
    _CAS + "inCity": {"en": "venues", "ru": "места проведения"},
    _CAS + "inCountry": {"en": "cities", "ru": "города"},
    _CAS + "holder": {"en": "terms of office", "ru": "сроки полномочий"},
    _CAS + "office": {"en": "holders", "ru": "сроки полномочий"},
    _CAS + "officeOf": {"en": "offices", "ru": "должности"},
    _CAS + "inCapacityOf": {"en": "participations in this office", "ru": "участие в этой должности"},
    _CAS + "standsInFor": {"en": "stood in for by", "ru": "кто замещал"},
    _CAS + "partner": {"en": "partner in formats", "ru": "партнёр в форматах"},
    _CAS + "memberGroup": {"en": "formats", "ru": "форматы"},
    _CAS + "milestoneOf": {"en": "milestones", "ru": "вехи"},
    _CAS + "nextSummitPlan": {"en": "planned at", "ru": "решение принято на"},
    _CAS + "plannedHost": {"en": "named to host", "ru": "названо принимающей стороной"},
    _CAS + "plannedCity": {"en": "named for a meeting", "ru": "назван местом встречи"},
    _CAS + "proposedBy": {"en": "proposals", "ru": "предложения"},
    _CAS + "concerns": {"en": "source conflicts", "ru": "расхождения источников"},
    _CAS + "keptValueSource": {"en": "kept in conflicts", "ru": "принят при расхождениях"},
    _CAS + "alternativeValueSource": {"en": "alternative in conflicts", "ru": "альтернатива при расхождениях"},
    _CAS + "cooperationArea": {"en": "covered by", "ru": "затрагивается в"},
    _CAS + "meetingLevel": {"en": "meetings at this level", "ru": "встречи этого уровня"},
    _CAS + "attendanceMode": {"en": "participations", "ru": "участие"},
    _CAS + "role": {"en": "participations", "ru": "участие"},
    _SCHEMA + "superEvent": {"en": "meetings", "ru": "встречи"},
    _SCHEMA + "eventStatus": {"en": "meetings", "ru": "встречи"},
    "http://www.w3.org/ns/org#memberOf": {"en": "members", "ru": "члены"},
    "http://www.w3.org/ns/prov#wasDerivedFrom": {"en": "source of", "ru": "источник для"},
    "http://www.w3.org/ns/prov#entity": {"en": "source of", "ru": "источник для"},
}


def inverse_label(predicate: str, lang: str, forward: str | None = None) -> str:
    """How a page names ``predicate`` read from its object's side, in ``lang``."""
    entry = INVERSE_LABELS.get(predicate)
    if entry:
        return entry.get(lang) or entry[DEFAULT_LANGUAGE]
    name = forward or predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return f"{name} (→)" if lang != "ru" else f"{name} (обратная связь)"


#: Labels of terms that neither the ontology nor term-labels.json names.
BASIC_TERM_LABELS: dict[str, dict[str, str]] = {
    "http://www.w3.org/2000/01/rdf-schema#label": {"en": "name", "ru": "название"},
    "http://www.w3.org/2004/02/skos/core#altLabel": {"en": "other names", "ru": "другие названия"},
    "http://www.w3.org/2000/01/rdf-schema#comment": {"en": "note", "ru": "примечание"},
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": {"en": "kind", "ru": "вид"},
    "http://purl.org/dc/terms/title": {"en": "title", "ru": "заголовок"},
    "http://purl.org/dc/terms/publisher": {"en": "publisher", "ru": "издатель"},
    "http://purl.org/dc/terms/language": {"en": "language", "ru": "язык"},
    "http://purl.org/dc/terms/identifier": {"en": "identifier", "ru": "идентификатор"},
    "http://www.w3.org/ns/prov#qualifiedDerivation": {"en": "source (for some facts)", "ru": "источник (для части фактов)"},
    "http://www.w3.org/2004/02/skos/core#definition": {"en": "definition", "ru": "определение"},
    "http://www.w3.org/2004/02/skos/core#exactMatch": {"en": "same as", "ru": "то же, что"},
    "http://www.w3.org/2004/02/skos/core#closeMatch": {"en": "close to", "ru": "близко к"},
}


# ---- canned-query texts ----------------------------------------------------------------------


@lru_cache(maxsize=8)
def _summaries(folder: str) -> Mapping[str, Mapping[str, object]]:
    import yaml

    path = Path(folder) / "summaries.ru.yaml"
    if not path.is_file():
        return {}
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return loaded if isinstance(loaded, dict) else {}


def query_text(name: str, field: str, english: str, lang: str, folder: Path | None = None) -> str:
    """A canned query's ``summary`` or ``description`` in ``lang``; the English header text if none.

    The Russian texts live in ``summaries.ru.yaml`` beside the ``.rq`` files.
    """
    if lang != "ru":
        return english
    from casummit_rdf import resources

    entry = _summaries(str(folder or resources.queries_dir())).get(name) or {}
    value = entry.get(field) if isinstance(entry, dict) else None
    return str(value) if value else english


def parameter_text(name: str, parameter: str, english: str, lang: str, folder: Path | None = None) -> str:
    """A canned query's parameter description in ``lang`` (from the side file), else ``english``."""
    if lang != "ru":
        return english
    from casummit_rdf import resources

    entry = _summaries(str(folder or resources.queries_dir())).get(name) or {}
    params = entry.get("parameters") if isinstance(entry, dict) else None
    value = params.get(parameter) if isinstance(params, dict) else None
    return str(value) if value else english


#: Russian names of result columns that many canned queries share (a query's own ``columns:`` in
#: ``summaries.ru.yaml`` come first).
COLUMNS_RU: dict[str, str] = {
    "summit": "саммит", "summitLabel": "саммит (название)", "date": "дата", "year": "год",
    "power": "партнёр", "powerLabel": "партнёр (название)", "partner": "партнёр", "partnerLabel": "партнёр (название)",
    "state": "государство", "stateLabel": "государство (название)", "actor": "сторона", "actorLabel": "сторона (название)",
    "person": "лицо", "personLabel": "лицо (имя)", "participant": "участник", "participantLabel": "участник (имя)",
    "mode": "форма присутствия", "office": "должность", "officeLabel": "должность (название)",
    "standsInFor": "вместо", "standsInForLabel": "вместо (имя)", "format": "формат", "formatLabel": "формат (название)",
    "city": "город", "cityLabel": "город (название)", "country": "страна", "countryLabel": "страна (название)",
    "host": "принимающая сторона", "hostLabel": "принимающая сторона (название)", "status": "статус",
    "area": "область", "areaLabel": "область (название)", "document": "документ", "documentLabel": "документ (название)",
    "source": "источник", "level": "уровень", "levelLabel": "уровень (название)", "meeting": "встреча",
    "meetingLabel": "встреча (название)",
}


def column_name(query: str | None, variable: str, lang: str, folder: Path | None = None) -> str:
    """The heading of a result column in ``lang`` (the variable name itself in English)."""
    if lang != "ru":
        return variable
    if query:
        from casummit_rdf import resources

        entry = _summaries(str(folder or resources.queries_dir())).get(query) or {}
        columns = entry.get("columns") if isinstance(entry, dict) else None
        if isinstance(columns, dict) and columns.get(variable):
            return str(columns[variable])
    return COLUMNS_RU.get(variable, variable)


def rows_footer(count: int, lang: str) -> str:
    """``(3 rows)`` / ``(3 строки)``."""
    return f"({count} {plural_word('rows', count, lang)})"
