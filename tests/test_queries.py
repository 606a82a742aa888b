"""Canned queries in queries/: headers, portability across engines, and their exact answers.

Every query must parse, carry a summary and a description, and give the same rows on pyoxigraph
and rdflib. The rows each query gives on the bundled data are pinned below (EXPECTED), and the
flagship's logic is also pinned on a small fictional graph (tests/fixtures/queries/) so that it is
tested independently of the real data. Rows are compared as tuples in the query's column order:
IRIs compacted with the project prefixes (``actor:eu``), integers as ``int``, decimals as
``Decimal``, booleans as ``bool``, other literals as their lexical form, unbound as ``None``.

When the data changes on purpose, regenerate the pins: print ``simple_rows(...)`` for the query
and check the difference by eye before pasting it in.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pytest

from casummit_rdf.graph import KnowledgeGraph, load_graph
from casummit_rdf.namespaces import XSD, compact
from casummit_rdf.errors import QueryError
from casummit_rdf.queries import CannedQuery, load_queries
from casummit_rdf.results import QueryResult
from casummit_rdf.sparql import Engine, run_query

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "queries"
FLAGSHIP_FIXTURE = FIXTURES / "flagship-edge-cases.ttl"

QUERIES: dict[str, CannedQuery] = load_queries()

#: The canned queries this file pins (other .rq files still get the generic checks).
PINNED = (
    "absences-and-stand-ins",
    "commitments-by-actor",
    "documents-by-area",
    "format-history",
    "leader-attendance",
    "powers-met-all-five",
    "sources-of",
    "summit-timeline",
    "summits-inside-outside",
)

# The parameter values the pinned rows were taken with (the queries answer every year or node without).
PINNED_PARAMS: dict[str, tuple[tuple[str, str], ...]] = {
    "powers-met-all-five": (("year", "2025"),),
    "sources-of": (("entity", "summit:2025-12-20-japan-central-asia-tokyo"),),
}

Row = tuple[object, ...]


# ---------------------------------------------------------------------------------------------
# Helpers


@lru_cache(maxsize=None)
def bundled_graph() -> KnowledgeGraph:
    return load_graph()


@lru_cache(maxsize=None)
def fixture_graph() -> KnowledgeGraph:
    return load_graph([FLAGSHIP_FIXTURE])


@lru_cache(maxsize=None)
def answer(name: str, params: tuple[tuple[str, str], ...] = (), engine: Engine = Engine.OXIGRAPH) -> QueryResult:
    """Run a canned query on the bundled data (cached: the data does not change during a run)."""
    return run_query(QUERIES[name], dict(params), graph=bundled_graph(), engine=engine)


def simple(term: dict[str, str] | None) -> object:
    """A SPARQL-JSON term as a readable Python value."""
    if term is None:
        return None
    if term["type"] == "uri":
        return compact(term["value"])
    datatype = term.get("datatype")
    if datatype == XSD + "integer":
        return int(term["value"])
    if datatype == XSD + "decimal":
        return Decimal(term["value"])
    if datatype == XSD + "boolean":
        return term["value"] == "true"
    return term["value"]


def simple_rows(result: QueryResult) -> list[Row]:
    return [tuple(simple(row.get(v)) for v in result.variables) for row in result.rows]


def canonical(result: QueryResult) -> list[str]:
    """Rows as sorted JSON strings: an order-free, datatype-exact comparison key."""
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in result.rows)


def select_clause(text: str) -> str:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    match = re.search(r"\bSELECT\b(.*?)\bWHERE\b", body, re.S | re.I)
    assert match, "no SELECT ... WHERE"
    return match.group(1)


def sub_selects(text: str) -> list[str]:
    """The text of every nested { SELECT ... } block."""
    body = "\n".join(line.split("#", 1)[0] if not line.lstrip().startswith("#") else "" for line in text.splitlines())
    blocks = []
    for match in re.finditer(r"\{\s*SELECT\b", body, re.I):
        depth, start = 0, match.start()
        for index in range(start, len(body)):
            if body[index] == "{":
                depth += 1
            elif body[index] == "}":
                depth -= 1
                if depth == 0:
                    blocks.append(body[start : index + 1])
                    break
    return blocks


# ---------------------------------------------------------------------------------------------
# Every query: header, static rules, both engines agree


def test_the_pinned_queries_exist() -> None:
    assert set(PINNED) <= set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_header_has_summary_and_description(name: str) -> None:
    query = QUERIES[name]
    assert query.summary.strip(), f"{name}: no '#+ summary:'"
    assert query.description.strip(), f"{name}: no '#+ description:'"
    for parameter in query.parameters:
        assert parameter.description, f"{name}: parameter {parameter.name} has no description"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_parameters_are_projected_and_not_in_sub_selects(name: str) -> None:
    # pyoxigraph binds only projected variables; grlc pastes values over every "?name" in the
    # text. So the projection (and GROUP BY) spell the variable "$name", the pattern "?name".
    query = QUERIES[name]
    projection = select_clause(query.text)
    body = "\n".join(line for line in query.text.splitlines() if not line.lstrip().startswith("#"))
    group = re.search(r"\bGROUP\s+BY\b(.*?)(?:\bHAVING\b|\bORDER\b|$)", body, re.S | re.I)
    for parameter in query.parameters:
        assert f"${parameter.variable}" in projection, f"{name}: ${parameter.variable} is not in the SELECT clause"
        assert f"?{parameter.variable}" not in projection, f"{name}: grlc would paste a value into the SELECT clause"
        if group:
            assert f"?{parameter.variable}" not in group.group(1), f"{name}: grlc would paste a value into GROUP BY"
        for block in sub_selects(query.text):
            assert parameter.variable not in block, f"{name}: ?{parameter.variable} is used in a sub-SELECT"


@pytest.mark.parametrize("name", PINNED)
def test_pinned_query_is_portable_and_ordered(name: str) -> None:
    text = "\n".join(line for line in QUERIES[name].text.splitlines() if not line.lstrip().startswith("#"))
    assert not re.search(r"\bSERVICE\b", text, re.I), "no federated queries"
    order = re.search(r"\bORDER\s+BY\b(.*)$", text, re.S | re.I)
    assert order, f"{name}: no ORDER BY"
    ordered = set(re.findall(r"\?(\w+)", order.group(1)))
    result = answer(name)
    assert set(result.variables) <= ordered, f"{name}: ORDER BY misses {set(result.variables) - ordered}"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_engines_give_the_same_rows(name: str) -> None:
    oxigraph = answer(name, engine=Engine.OXIGRAPH)
    rdflib = answer(name, engine=Engine.RDFLIB)
    assert oxigraph.variables == rdflib.variables
    assert canonical(oxigraph) == canonical(rdflib)


@pytest.mark.parametrize("name", PINNED)
def test_engines_give_the_same_order(name: str) -> None:
    assert answer(name, engine=Engine.OXIGRAPH).rows == answer(name, engine=Engine.RDFLIB).rows


@pytest.mark.parametrize("year", ["2022", "2023", "2024", "2025"])
def test_engines_agree_on_the_flagship_in_each_year(year: str) -> None:
    params = (("year", year),)
    oxigraph = answer("powers-met-all-five", params, Engine.OXIGRAPH)
    rdflib = answer("powers-met-all-five", params, Engine.RDFLIB)
    assert oxigraph.rows == rdflib.rows


# ---------------------------------------------------------------------------------------------
# Exact answers on the bundled data

# Column order of each query is given in the comment above its rows.
EXPECTED: dict[str, list[Row]] = {
    'absences-and-stand-ins': [
        # (summit, summitLabel, date, state, stateLabel, headOfState, headOfStateLabel, standIn, standInLabel, standInOffice, mode)
        ('summit:2018-03-15-consultative-meeting-astana', '1st Consultative Meeting of the Heads of State of Central Asia (Astana, 2018)', '2018-03-15', 'actor:tkm', 'Turkmenistan', 'person:gurbanguly-berdimuhamedov', 'Gurbanguly Berdimuhamedov', 'person:akja-nurberdiyeva', 'Akja Nurberdiyeva', 'office:chair-mejlis-tkm', 'cas:InPerson'),
        ('summit:2019-11-29-consultative-meeting-tashkent', '2nd Consultative Meeting of the Heads of State of Central Asia (Tashkent, 2019)', '2019-11-29', 'actor:kaz', 'Kazakhstan', 'person:kassym-jomart-tokayev', 'Kassym-Jomart Tokayev', 'person:nursultan-nazarbayev', 'Nursultan Nazarbayev', 'office:first-president-kaz', 'cas:InPerson'),
        ('summit:2022-10-27-eu-central-asia-astana', '1st EU–Central Asia regional high-level meeting (Astana, 2022)', '2022-10-27', 'actor:tkm', 'Turkmenistan', 'person:serdar-berdimuhamedov', 'Serdar Berdimuhamedov', 'person:hojamyrat-geldimyradov', 'Hojamyrat Geldimyradov', 'office:deputy-chair-cabinet-tkm', 'cas:InPerson'),
        ('summit:2023-06-02-eu-central-asia-cholpon-ata', '2nd EU–Central Asia regional high-level meeting (Cholpon-Ata, 2023)', '2023-06-02', 'actor:tkm', 'Turkmenistan', 'person:serdar-berdimuhamedov', 'Serdar Berdimuhamedov', 'person:nurmuhammet-amannepesov', 'Nurmuhammet Amannepesov', 'office:deputy-chair-cabinet-tkm', 'cas:InPerson'),
        ('summit:2023-09-29-germany-central-asia-berlin', '1st Germany–Central Asia summit (Berlin, 2023)', '2023-09-29', 'actor:tkm', 'Turkmenistan', 'person:serdar-berdimuhamedov', 'Serdar Berdimuhamedov', 'person:gurbanguly-berdimuhamedov', 'Gurbanguly Berdimuhamedov', 'office:chairman-halk-maslahaty-tkm', 'cas:InPerson'),
        ('summit:2025-08-05-consultative-meeting-avaza', 'Meeting on preparations for the 7th Consultative Meeting of the Heads of State of Central Asia (Awaza, 2025)', '2025-08-05', 'actor:kgz', 'Kyrgyzstan', 'person:sadyr-japarov', 'Sadyr Japarov', 'person:adylbek-kasymaliev', 'Adylbek Kasymaliev', 'office:chairman-cabinet-kgz', 'cas:InPerson'),
        ('summit:2025-08-05-consultative-meeting-avaza', 'Meeting on preparations for the 7th Consultative Meeting of the Heads of State of Central Asia (Awaza, 2025)', '2025-08-05', 'actor:tkm', 'Turkmenistan', 'person:serdar-berdimuhamedov', 'Serdar Berdimuhamedov', 'person:gurbanguly-berdimuhamedov', 'Gurbanguly Berdimuhamedov', 'office:chairman-halk-maslahaty-tkm', 'cas:InPerson'),
    ],
    'commitments-by-actor': [
        # (actor, actorLabel, commitment, amount, currency, qualifier, periodYears, purpose, summit, date)
        ('actor:chn', 'China', 'commitment:2022-01-25-china-central-asia-beijing-500-million-usd', Decimal('500000000'), 'USD', None, 3, 'assistance to the Central Asian countries', 'summit:2022-01-25-china-central-asia-beijing', '2022-01-25'),
        ('actor:chn', 'China', 'commitment:2023-05-19-china-central-asia-xian-26-billion-yuan', Decimal('26000000000'), 'CNY', None, None, 'financing support and grants (non-reimbursable assistance) for Central Asia', 'summit:2023-05-19-china-central-asia-xian', '2023-05-18'),
        ('actor:chn', 'China', 'commitment:2025-06-17-china-central-asia-astana-1-5-billion-yuan', Decimal('1500000000'), 'CNY', None, None, 'grant assistance in 2025 for livelihood and development projects in Central Asia', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('actor:eu', 'European Union', 'commitment:2025-04-04-eu-central-asia-samarkand-12-billion-euro', Decimal('12000000000'), 'EUR', None, None, 'Global Gateway investment package (Team Europe: EU and member-state money) for transport, critical raw materials, water, energy and climate, and digital connectivity', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('actor:jpn', 'Japan', 'commitment:2025-12-20-japan-central-asia-tokyo-3-trillion-yen', Decimal('3000000000000'), 'JPY', None, 5, 'target for business projects in Central Asia over the next five years, carried out together with the private sector', 'summit:2025-12-20-japan-central-asia-tokyo', '2025-12-19'),
        ('actor:uzb', 'Uzbekistan', 'commitment:2025-11-06-c5-plus-1-washington-uzb-100-billion', Decimal('100000000000'), 'USD', 'cas:MoreThan', 10, 'purchases of and investment in US goods and sectors by Uzbekistan', 'summit:2025-11-06-c5-plus-1-washington', '2025-11-06'),
        ('actor:uzb', 'Uzbekistan', 'commitment:2025-11-06-c5-plus-1-washington-uzb-35-billion', Decimal('35000000000'), 'USD', 'cas:About', 3, 'purchases of and investment in US goods and sectors by Uzbekistan', 'summit:2025-11-06-c5-plus-1-washington', '2025-11-06'),
    ],
    'documents-by-area': [
        # (area, areaLabel, document, documentLabel, type, summit, date)
        ('area:afghanistan', 'Afghanistan', 'document:2022-01-27-india-central-asia-new-delhi-delhi-declaration', 'Delhi Declaration of the 1st India–Central Asia Summit', 'cas:Declaration', 'summit:2022-01-27-india-central-asia-new-delhi', '2022-01-27'),
        ('area:afghanistan', 'Afghanistan', 'document:2023-09-29-germany-central-asia-berlin-joint-declaration', 'Joint Declaration of the heads of state of Central Asia and the Federal Chancellor of Germany (Berlin, 2023)', 'cas:Declaration', 'summit:2023-09-29-germany-central-asia-berlin', '2023-09-29'),
        ('area:afghanistan', 'Afghanistan', 'document:2025-04-04-eu-central-asia-samarkand-joint-declaration', 'Joint Declaration following the first European Union–Central Asia Summit', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:agriculture', 'agriculture', 'document:2023-05-19-china-central-asia-xian-declaration', "Xi'an Declaration of the China–Central Asia Summit", 'cas:Declaration', 'summit:2023-05-19-china-central-asia-xian', '2023-05-19'),
        ('area:agriculture', 'agriculture', 'document:2025-06-17-china-central-asia-astana-declaration', 'Astana Declaration of the Second Central Asia–China Summit', 'cas:Declaration', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('area:artificial-intelligence', 'artificial intelligence', 'document:2025-12-20-japan-central-asia-tokyo-declaration', 'Tokyo Declaration', 'cas:Declaration', 'summit:2025-12-20-japan-central-asia-tokyo', '2025-12-20'),
        ('area:critical-minerals', 'critical minerals', 'document:2023-09-19-c5-plus-1-new-york-declaration', 'The New York Declaration: C5+1 Resilience through Security, Economic, and Energy Partnership', 'cas:Declaration', 'summit:2023-09-19-c5-plus-1-new-york', '2023-09-19'),
        ('area:critical-minerals', 'critical minerals', 'document:2025-04-04-eu-central-asia-samarkand-critical-raw-materials', 'Joint Declaration of Intent on Critical Raw Materials', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:critical-minerals', 'critical minerals', 'document:2025-04-04-eu-central-asia-samarkand-joint-declaration', 'Joint Declaration following the first European Union–Central Asia Summit', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:critical-minerals', 'critical minerals', 'document:2025-06-17-china-central-asia-astana-declaration', 'Astana Declaration of the Second Central Asia–China Summit', 'cas:Declaration', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('area:critical-minerals', 'critical minerals', 'document:2025-11-06-c5-plus-1-washington-kaz-usa-critical-minerals-mou', 'Kazakhstan–United States Memorandum of Understanding on critical minerals', 'cas:Memorandum', 'summit:2025-11-06-c5-plus-1-washington', '2025-11-06'),
        ('area:critical-minerals', 'critical minerals', 'document:2025-12-20-japan-central-asia-tokyo-declaration', 'Tokyo Declaration', 'cas:Declaration', 'summit:2025-12-20-japan-central-asia-tokyo', '2025-12-20'),
        ('area:culture-and-heritage', 'culture and heritage', 'document:2022-10-14-russia-central-asia-astana-joint-statement', 'Joint Statement of the Heads of State of Kazakhstan, Kyrgyzstan, Russia, Tajikistan, Turkmenistan and Uzbekistan following the Central Asia – Russia meeting', 'cas:JointStatement', 'summit:2022-10-14-russia-central-asia-astana', '2022-10-14'),
        ('area:culture-and-heritage', 'culture and heritage', 'document:2025-10-09-russia-central-asia-dushanbe-action-plan', 'Joint Action Plan for 2025–2027', 'cas:ActionPlan', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:culture-and-heritage', 'culture and heritage', 'document:2025-11-06-c5-plus-1-washington-cultural-heritage', 'Joint Statement of Intent in the Field of Cultural Heritage', 'cas:JointStatement', 'summit:2025-11-06-c5-plus-1-washington', '2025-11-06'),
        ('area:digital-connectivity', 'digital connectivity', 'document:2025-04-04-eu-central-asia-samarkand-joint-declaration', 'Joint Declaration following the first European Union–Central Asia Summit', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:education-and-people-to-people', 'education and people-to-people exchanges', 'document:2023-05-19-china-central-asia-xian-declaration', "Xi'an Declaration of the China–Central Asia Summit", 'cas:Declaration', 'summit:2023-05-19-china-central-asia-xian', '2023-05-19'),
        ('area:education-and-people-to-people', 'education and people-to-people exchanges', 'document:2023-09-14-consultative-meeting-dushanbe-youth-policy-agreement', 'Agreement on the general directions of youth policy', 'cas:Agreement', 'summit:2023-09-14-consultative-meeting-dushanbe', '2023-09-14'),
        ('area:education-and-people-to-people', 'education and people-to-people exchanges', 'document:2025-06-17-china-central-asia-astana-declaration', 'Astana Declaration of the Second Central Asia–China Summit', 'cas:Declaration', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('area:education-and-people-to-people', 'education and people-to-people exchanges', 'document:2025-10-09-russia-central-asia-dushanbe-action-plan', 'Joint Action Plan for 2025–2027', 'cas:ActionPlan', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:education-and-people-to-people', 'education and people-to-people exchanges', 'document:2025-12-20-japan-central-asia-tokyo-declaration', 'Tokyo Declaration', 'cas:Declaration', 'summit:2025-12-20-japan-central-asia-tokyo', '2025-12-20'),
        ('area:energy', 'energy', 'document:2023-05-19-china-central-asia-xian-declaration', "Xi'an Declaration of the China–Central Asia Summit", 'cas:Declaration', 'summit:2023-05-19-china-central-asia-xian', '2023-05-19'),
        ('area:energy', 'energy', 'document:2023-09-19-c5-plus-1-new-york-declaration', 'The New York Declaration: C5+1 Resilience through Security, Economic, and Energy Partnership', 'cas:Declaration', 'summit:2023-09-19-c5-plus-1-new-york', '2023-09-19'),
        ('area:energy', 'energy', 'document:2023-09-29-germany-central-asia-berlin-joint-declaration', 'Joint Declaration of the heads of state of Central Asia and the Federal Chancellor of Germany (Berlin, 2023)', 'cas:Declaration', 'summit:2023-09-29-germany-central-asia-berlin', '2023-09-29'),
        ('area:energy', 'energy', 'document:2025-04-04-eu-central-asia-samarkand-joint-declaration', 'Joint Declaration following the first European Union–Central Asia Summit', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:energy', 'energy', 'document:2025-05-30-italy-central-asia-astana-joint-declaration', 'Joint Declaration of the heads of state of Central Asia and the President of the Council of Ministers of Italy following the first Central Asia + Italy Summit', 'cas:Declaration', 'summit:2025-05-30-italy-central-asia-astana', '2025-05-30'),
        ('area:energy', 'energy', 'document:2025-10-09-russia-central-asia-dushanbe-action-plan', 'Joint Action Plan for 2025–2027', 'cas:ActionPlan', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:energy', 'energy', 'document:2025-12-20-japan-central-asia-tokyo-declaration', 'Tokyo Declaration', 'cas:Declaration', 'summit:2025-12-20-japan-central-asia-tokyo', '2025-12-20'),
        ('area:environment', 'environment', 'document:2022-07-21-consultative-meeting-cholpon-ata-green-agenda', 'Regional programme "Green Agenda for Central Asia"', 'cas:Document', 'summit:2022-07-21-consultative-meeting-cholpon-ata', '2022-07-21'),
        ('area:environment', 'environment', 'document:2025-10-09-russia-central-asia-dushanbe-action-plan', 'Joint Action Plan for 2025–2027', 'cas:ActionPlan', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:finance', 'finance', 'document:2022-10-14-russia-central-asia-astana-joint-statement', 'Joint Statement of the Heads of State of Kazakhstan, Kyrgyzstan, Russia, Tajikistan, Turkmenistan and Uzbekistan following the Central Asia – Russia meeting', 'cas:JointStatement', 'summit:2022-10-14-russia-central-asia-astana', '2022-10-14'),
        ('area:finance', 'finance', 'document:2025-10-09-russia-central-asia-dushanbe-communique', 'Final Communiqué of the Second Central Asia–Russia Summit', 'cas:JointStatement', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:health', 'health', 'document:2023-09-14-consultative-meeting-dushanbe-health-roadmap-2022-2025', 'Roadmap on health and well-being of the people of Central Asia 2022–2025', 'cas:ActionPlan', 'summit:2023-09-14-consultative-meeting-dushanbe', '2023-09-14'),
        ('area:industry', 'industry', 'document:2024-08-09-consultative-meeting-astana-industrial-cooperation-plan-2025-2027', 'Action Plan for industrial cooperation 2025–2027', 'cas:ActionPlan', 'summit:2024-08-09-consultative-meeting-astana', '2024-08-09'),
        ('area:investment', 'investment', 'document:2023-05-19-china-central-asia-xian-declaration', "Xi'an Declaration of the China–Central Asia Summit", 'cas:Declaration', 'summit:2023-05-19-china-central-asia-xian', '2023-05-19'),
        ('area:investment', 'investment', 'document:2023-07-19-gcc-central-asia-jeddah-joint-statement', 'Joint Statement of the GCC–Central Asia Summit (Jeddah, 2023)', 'cas:JointStatement', 'summit:2023-07-19-gcc-central-asia-jeddah', '2023-07-19'),
        ('area:investment', 'investment', 'document:2025-06-17-china-central-asia-astana-declaration', 'Astana Declaration of the Second Central Asia–China Summit', 'cas:Declaration', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('area:migration', 'migration', 'document:2022-10-14-russia-central-asia-astana-joint-statement', 'Joint Statement of the Heads of State of Kazakhstan, Kyrgyzstan, Russia, Tajikistan, Turkmenistan and Uzbekistan following the Central Asia – Russia meeting', 'cas:JointStatement', 'summit:2022-10-14-russia-central-asia-astana', '2022-10-14'),
        ('area:migration', 'migration', 'document:2025-10-09-russia-central-asia-dushanbe-action-plan', 'Joint Action Plan for 2025–2027', 'cas:ActionPlan', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:security', 'security', 'document:2022-01-27-india-central-asia-new-delhi-delhi-declaration', 'Delhi Declaration of the 1st India–Central Asia Summit', 'cas:Declaration', 'summit:2022-01-27-india-central-asia-new-delhi', '2022-01-27'),
        ('area:security', 'security', 'document:2022-07-21-consultative-meeting-cholpon-ata-friendship-treaty', 'Treaty on Friendship, Good-Neighbourliness and Cooperation for the Development of Central Asia in the 21st Century', 'cas:Treaty', 'summit:2022-07-21-consultative-meeting-cholpon-ata', '2022-07-21'),
        ('area:security', 'security', 'document:2022-10-14-russia-central-asia-astana-joint-statement', 'Joint Statement of the Heads of State of Kazakhstan, Kyrgyzstan, Russia, Tajikistan, Turkmenistan and Uzbekistan following the Central Asia – Russia meeting', 'cas:JointStatement', 'summit:2022-10-14-russia-central-asia-astana', '2022-10-14'),
        ('area:security', 'security', 'document:2023-09-19-c5-plus-1-new-york-declaration', 'The New York Declaration: C5+1 Resilience through Security, Economic, and Energy Partnership', 'cas:Declaration', 'summit:2023-09-19-c5-plus-1-new-york', '2023-09-19'),
        ('area:security', 'security', 'document:2025-04-04-eu-central-asia-samarkand-joint-declaration', 'Joint Declaration following the first European Union–Central Asia Summit', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:security', 'security', 'document:2025-06-17-china-central-asia-astana-declaration', 'Astana Declaration of the Second Central Asia–China Summit', 'cas:Declaration', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('area:security', 'security', 'document:2025-06-17-china-central-asia-astana-treaty', 'Treaty on Permanent Good-Neighbourliness, Friendship and Cooperation', 'cas:Treaty', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('area:security', 'security', 'document:2025-10-09-russia-central-asia-dushanbe-action-plan', 'Joint Action Plan for 2025–2027', 'cas:ActionPlan', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:security', 'security', 'document:2025-10-09-russia-central-asia-dushanbe-communique', 'Final Communiqué of the Second Central Asia–Russia Summit', 'cas:JointStatement', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:security', 'security', 'document:2025-11-16-consultative-meeting-tashkent-regional-security-concept', 'Concept of regional security, stability and sustainable development in Central Asia', 'cas:Document', 'summit:2025-11-16-consultative-meeting-tashkent', '2025-11-16'),
        ('area:security', 'security', 'document:2025-11-16-consultative-meeting-tashkent-security-risks-catalogue-2026-2028', 'Catalogue of security risks in Central Asia for 2026–2028', 'cas:Document', 'summit:2025-11-16-consultative-meeting-tashkent', '2025-11-16'),
        ('area:trade', 'trade', 'document:2023-05-19-china-central-asia-xian-declaration', "Xi'an Declaration of the China–Central Asia Summit", 'cas:Declaration', 'summit:2023-05-19-china-central-asia-xian', '2023-05-19'),
        ('area:trade', 'trade', 'document:2023-07-19-gcc-central-asia-jeddah-joint-statement', 'Joint Statement of the GCC–Central Asia Summit (Jeddah, 2023)', 'cas:JointStatement', 'summit:2023-07-19-gcc-central-asia-jeddah', '2023-07-19'),
        ('area:trade', 'trade', 'document:2023-09-19-c5-plus-1-new-york-declaration', 'The New York Declaration: C5+1 Resilience through Security, Economic, and Energy Partnership', 'cas:Declaration', 'summit:2023-09-19-c5-plus-1-new-york', '2023-09-19'),
        ('area:trade', 'trade', 'document:2023-09-29-germany-central-asia-berlin-joint-declaration', 'Joint Declaration of the heads of state of Central Asia and the Federal Chancellor of Germany (Berlin, 2023)', 'cas:Declaration', 'summit:2023-09-29-germany-central-asia-berlin', '2023-09-29'),
        ('area:trade', 'trade', 'document:2025-04-04-eu-central-asia-samarkand-joint-declaration', 'Joint Declaration following the first European Union–Central Asia Summit', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:trade', 'trade', 'document:2025-06-17-china-central-asia-astana-declaration', 'Astana Declaration of the Second Central Asia–China Summit', 'cas:Declaration', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('area:trade', 'trade', 'document:2025-10-09-russia-central-asia-dushanbe-action-plan', 'Joint Action Plan for 2025–2027', 'cas:ActionPlan', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:trade', 'trade', 'document:2025-10-09-russia-central-asia-dushanbe-communique', 'Final Communiqué of the Second Central Asia–Russia Summit', 'cas:JointStatement', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2022-01-27-india-central-asia-new-delhi-delhi-declaration', 'Delhi Declaration of the 1st India–Central Asia Summit', 'cas:Declaration', 'summit:2022-01-27-india-central-asia-new-delhi', '2022-01-27'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2023-05-19-china-central-asia-xian-declaration', "Xi'an Declaration of the China–Central Asia Summit", 'cas:Declaration', 'summit:2023-05-19-china-central-asia-xian', '2023-05-19'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2023-09-14-consultative-meeting-dushanbe-land-transport-agreement', 'Agreement on strengthening land-transport interconnectedness in Central Asia', 'cas:Agreement', 'summit:2023-09-14-consultative-meeting-dushanbe', '2023-09-14'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2023-09-19-c5-plus-1-new-york-declaration', 'The New York Declaration: C5+1 Resilience through Security, Economic, and Energy Partnership', 'cas:Declaration', 'summit:2023-09-19-c5-plus-1-new-york', '2023-09-19'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2023-09-29-germany-central-asia-berlin-joint-declaration', 'Joint Declaration of the heads of state of Central Asia and the Federal Chancellor of Germany (Berlin, 2023)', 'cas:Declaration', 'summit:2023-09-29-germany-central-asia-berlin', '2023-09-29'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2025-04-04-eu-central-asia-samarkand-joint-declaration', 'Joint Declaration following the first European Union–Central Asia Summit', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2025-06-17-china-central-asia-astana-declaration', 'Astana Declaration of the Second Central Asia–China Summit', 'cas:Declaration', 'summit:2025-06-17-china-central-asia-astana', '2025-06-17'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2025-10-09-russia-central-asia-dushanbe-action-plan', 'Joint Action Plan for 2025–2027', 'cas:ActionPlan', 'summit:2025-10-09-russia-central-asia-dushanbe', '2025-10-09'),
        ('area:transport-connectivity', 'transport connectivity', 'document:2025-12-20-japan-central-asia-tokyo-declaration', 'Tokyo Declaration', 'cas:Declaration', 'summit:2025-12-20-japan-central-asia-tokyo', '2025-12-20'),
        ('area:water-and-climate', 'water and climate', 'document:2022-07-21-consultative-meeting-cholpon-ata-ifas-decision', 'Decision extending the powers of the President of the International Fund for Saving the Aral Sea', 'cas:Agreement', 'summit:2022-07-21-consultative-meeting-cholpon-ata', '2022-07-21'),
        ('area:water-and-climate', 'water and climate', 'document:2025-04-04-eu-central-asia-samarkand-joint-declaration', 'Joint Declaration following the first European Union–Central Asia Summit', 'cas:Declaration', 'summit:2025-04-04-eu-central-asia-samarkand', '2025-04-04'),
        ('area:water-and-climate', 'water and climate', 'document:2025-05-30-italy-central-asia-astana-joint-declaration', 'Joint Declaration of the heads of state of Central Asia and the President of the Council of Ministers of Italy following the first Central Asia + Italy Summit', 'cas:Declaration', 'summit:2025-05-30-italy-central-asia-astana', '2025-05-30'),
        ('area:water-and-climate', 'water and climate', 'document:2025-12-20-japan-central-asia-tokyo-declaration', 'Tokyo Declaration', 'cas:Declaration', 'summit:2025-12-20-japan-central-asia-tokyo', '2025-12-20'),
    ],
    'format-history': [
        # (format, formatLabel, partner, partnerLabel, established, editions, first, latest, nextHost, nextHostLabel, nextYear, nextDecision)
        ('format:c5-plus-1', 'C5+1', 'actor:usa', 'United States', '2015-11-01', 2, '2023-09-19', '2025-11-06', 'actor:uzb', 'Uzbekistan', '2026', 'cas:Proposed'),
        ('format:china-central-asia', 'China–Central Asia', 'actor:chn', 'China', '2023-05-19', 2, '2022-01-25', '2025-06-17', 'actor:chn', 'China', '2027', 'cas:Decided'),
        ('format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', None, None, None, 7, '2018-03-15', '2025-11-16', None, None, None, None),
        ('format:eu-central-asia', 'EU–Central Asia Summit', 'actor:eu', 'European Union', None, 1, '2025-04-04', '2025-04-04', None, None, None, None),
        ('format:eu-central-asia-high-level-meeting', 'EU–Central Asia regional high-level meeting', 'actor:eu', 'European Union', None, 2, '2022-10-27', '2023-06-02', None, None, None, None),
        ('format:gcc-central-asia', 'GCC–Central Asia Summit', 'actor:gcc', 'Gulf Cooperation Council', None, 1, '2023-07-19', '2023-07-19', 'actor:uzb', 'Uzbekistan', '2025', 'cas:Decided'),
        ('format:germany-central-asia', 'Germany–Central Asia', 'actor:deu', 'Germany', None, 2, '2023-09-29', '2024-09-17', None, None, None, None),
        ('format:india-central-asia', 'India–Central Asia Summit', 'actor:ind', 'India', None, 1, '2022-01-27', '2022-01-27', None, None, '2024', 'cas:Decided'),
        ('format:italy-central-asia', 'Central Asia + Italy', 'actor:ita', 'Italy', None, 1, '2025-05-30', '2025-05-30', 'actor:kgz', 'Kyrgyzstan', '2027', 'cas:Proposed'),
        ('format:japan-central-asia', '"Central Asia plus Japan" Dialogue', 'actor:jpn', 'Japan', '2004-08-28', 1, '2025-12-19', '2025-12-19', 'actor:kaz', 'Kazakhstan', None, 'cas:Decided'),
        ('format:korea-central-asia', 'Korea–Central Asia Summit', 'actor:kor', 'South Korea', None, 0, None, None, None, None, None, None),
        ('format:russia-central-asia', 'Russia–Central Asia', 'actor:rus', 'Russia', None, 2, '2022-10-14', '2025-10-09', None, None, '2027', 'cas:Decided'),
    ],
    'leader-attendance': [
        # (person, personLabel, year, inPerson, virtual)
        ('person:adylbek-kasymaliev', 'Adylbek Kasymaliev', 2025, 1, 0),
        ('person:ali-asadov', 'Ali Asadov', 2025, 1, 0),
        ('person:donald-trump', 'Donald Trump', 2025, 1, 0),
        ('person:emomali-rahmon', 'Emomali Rahmon', 2018, 1, 0),
        ('person:emomali-rahmon', 'Emomali Rahmon', 2019, 1, 0),
        ('person:emomali-rahmon', 'Emomali Rahmon', 2021, 1, 0),
        ('person:emomali-rahmon', 'Emomali Rahmon', 2022, 3, 2),
        ('person:emomali-rahmon', 'Emomali Rahmon', 2023, 6, 0),
        ('person:emomali-rahmon', 'Emomali Rahmon', 2024, 2, 0),
        ('person:emomali-rahmon', 'Emomali Rahmon', 2025, 8, 0),
        ('person:giorgia-meloni', 'Giorgia Meloni', 2025, 1, 0),
        ('person:gurbanguly-berdimuhamedov', 'Gurbanguly Berdimuhamedov', 2019, 1, 0),
        ('person:gurbanguly-berdimuhamedov', 'Gurbanguly Berdimuhamedov', 2021, 1, 0),
        ('person:gurbanguly-berdimuhamedov', 'Gurbanguly Berdimuhamedov', 2022, 0, 2),
        ('person:ilham-aliyev', 'Ilham Aliyev', 2023, 1, 0),
        ('person:ilham-aliyev', 'Ilham Aliyev', 2024, 1, 0),
        ('person:ilham-aliyev', 'Ilham Aliyev', 2025, 1, 0),
        ('person:joe-biden', 'Joe Biden', 2023, 1, 0),
        ('person:kassym-jomart-tokayev', 'Kassym-Jomart Tokayev', 2021, 1, 0),
        ('person:kassym-jomart-tokayev', 'Kassym-Jomart Tokayev', 2022, 3, 2),
        ('person:kassym-jomart-tokayev', 'Kassym-Jomart Tokayev', 2023, 6, 0),
        ('person:kassym-jomart-tokayev', 'Kassym-Jomart Tokayev', 2024, 2, 0),
        ('person:kassym-jomart-tokayev', 'Kassym-Jomart Tokayev', 2025, 8, 0),
        ('person:mohammed-bin-rashid-al-maktoum', 'Mohammed bin Rashid Al Maktoum', 2023, 1, 0),
        ('person:mohammed-bin-salman', 'Mohammed bin Salman', 2023, 1, 0),
        ('person:narendra-modi', 'Narendra Modi', 2022, 0, 1),
        ('person:nursultan-nazarbayev', 'Nursultan Nazarbayev', 2018, 1, 0),
        ('person:olaf-scholz', 'Olaf Scholz', 2023, 1, 0),
        ('person:olaf-scholz', 'Olaf Scholz', 2024, 1, 0),
        ('person:sadyr-japarov', 'Sadyr Japarov', 2021, 1, 0),
        ('person:sadyr-japarov', 'Sadyr Japarov', 2022, 3, 2),
        ('person:sadyr-japarov', 'Sadyr Japarov', 2023, 6, 0),
        ('person:sadyr-japarov', 'Sadyr Japarov', 2024, 2, 0),
        ('person:sadyr-japarov', 'Sadyr Japarov', 2025, 7, 0),
        ('person:sanae-takaichi', 'Sanae Takaichi', 2025, 1, 0),
        ('person:serdar-berdimuhamedov', 'Serdar Berdimuhamedov', 2022, 2, 0),
        ('person:serdar-berdimuhamedov', 'Serdar Berdimuhamedov', 2023, 4, 0),
        ('person:serdar-berdimuhamedov', 'Serdar Berdimuhamedov', 2024, 2, 0),
        ('person:serdar-berdimuhamedov', 'Serdar Berdimuhamedov', 2025, 7, 0),
        ('person:shavkat-mirziyoyev', 'Shavkat Mirziyoyev', 2018, 1, 0),
        ('person:shavkat-mirziyoyev', 'Shavkat Mirziyoyev', 2019, 1, 0),
        ('person:shavkat-mirziyoyev', 'Shavkat Mirziyoyev', 2021, 1, 0),
        ('person:shavkat-mirziyoyev', 'Shavkat Mirziyoyev', 2022, 3, 2),
        ('person:shavkat-mirziyoyev', 'Shavkat Mirziyoyev', 2023, 6, 0),
        ('person:shavkat-mirziyoyev', 'Shavkat Mirziyoyev', 2024, 2, 0),
        ('person:shavkat-mirziyoyev', 'Shavkat Mirziyoyev', 2025, 8, 0),
        ('person:sooronbay-jeenbekov', 'Sooronbay Jeenbekov', 2018, 1, 0),
        ('person:sooronbay-jeenbekov', 'Sooronbay Jeenbekov', 2019, 1, 0),
        ('person:tamim-bin-hamad-al-thani', 'Tamim bin Hamad Al Thani', 2023, 1, 0),
        ('person:vladimir-putin', 'Vladimir Putin', 2022, 1, 0),
        ('person:vladimir-putin', 'Vladimir Putin', 2025, 1, 0),
        ('person:xi-jinping', 'Xi Jinping', 2022, 0, 1),
        ('person:xi-jinping', 'Xi Jinping', 2023, 1, 0),
        ('person:xi-jinping', 'Xi Jinping', 2025, 1, 0),
    ],
    'powers-met-all-five': [
        # (power, powerLabel, summit, summitLabel, date)
        ('actor:eu', 'European Union', 'summit:2025-04-04-eu-central-asia-samarkand', 'First EU–Central Asia Summit (Samarkand, 2025)', '2025-04-04'),
        ('actor:ita', 'Italy', 'summit:2025-05-30-italy-central-asia-astana', '1st Central Asia + Italy Summit (Astana, 2025)', '2025-05-30'),
        ('actor:chn', 'China', 'summit:2025-06-17-china-central-asia-astana', 'Second China–Central Asia Summit (Astana, 2025)', '2025-06-17'),
        ('actor:rus', 'Russia', 'summit:2025-10-09-russia-central-asia-dushanbe', 'Second Russia–Central Asia Summit (Dushanbe, 2025)', '2025-10-09'),
        ('actor:usa', 'United States', 'summit:2025-11-06-c5-plus-1-washington', "Second C5+1 Leaders' Summit (Washington, 2025)", '2025-11-06'),
        ('actor:jpn', 'Japan', 'summit:2025-12-20-japan-central-asia-tokyo', 'First "Central Asia plus Japan" Dialogue Summit (Tokyo, 2025)', '2025-12-19'),
    ],
    'sources-of': [
        # (node, source, url, publisher, title)
        ('commitment:2025-12-20-japan-central-asia-tokyo-3-trillion-yen', 'source:asiae-2025-12-20-japan-ca', 'https://cm.asiae.co.kr/en/article/2025122016102034851', 'The Asia Business Daily', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-3-trillion-yen', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('commitment:2025-12-20-japan-central-asia-tokyo-3-trillion-yen', 'source:voiceofemirates-2025-12-20-tokyo-declaration', 'https://www.voiceofemirates.com/en/news/2025/12/20/japan-holds-summit-with-five-central-asian-countries-and-adopts-tokyo-declaration-on-trans-caspian-logistics-cooperation', 'Voice of Emirates', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-ai-partnership', 'source:asiae-2025-12-20-japan-ca', 'https://cm.asiae.co.kr/en/article/2025122016102034851', 'The Asia Business Daily', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-ai-partnership', 'source:voiceofemirates-2025-12-20-tokyo-declaration', 'https://www.voiceofemirates.com/en/news/2025/12/20/japan-holds-summit-with-five-central-asian-countries-and-adopts-tokyo-declaration-on-trans-caspian-logistics-cooperation', 'Voice of Emirates', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-gas-minerals-supply-chains', 'source:asiae-2025-12-20-japan-ca', 'https://cm.asiae.co.kr/en/article/2025122016102034851', 'The Asia Business Daily', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-gas-minerals-supply-chains', 'source:voiceofemirates-2025-12-20-tokyo-declaration', 'https://www.voiceofemirates.com/en/news/2025/12/20/japan-holds-summit-with-five-central-asian-countries-and-adopts-tokyo-declaration-on-trans-caspian-logistics-cooperation', 'Voice of Emirates', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-next-summit-kazakhstan', 'source:zakon-kz-next-japan-summit-kazakhstan', 'https://www.zakon.kz/sobytiia/6501800-sleduyushchiy-sammit-tsentralnaya-aziya--yaponiya-proydet-v-kazakhstane.html', 'Zakon.kz', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-three-priority-areas', 'source:adnkronos-2025-12-20-japan-ca-agree', 'https://english.adnkronos.com/2025/12/20/japan-5-central-asian-nations-agree-to-strengthen-ties', 'Adnkronos (Jiji Press)', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-three-priority-areas', 'source:kantei-2025-12-20-press-conference', 'https://japan.kantei.go.jp/104/statement/202512/20kaiken_00001.html', "Prime Minister's Office of Japan", 'Press Conference by Prime Minister TAKAICHI Sanae regarding the Summit of "Central Asia plus Japan" Dialogue'),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-trans-caspian-route', 'source:adnkronos-2025-12-20-japan-ca-agree', 'https://english.adnkronos.com/2025/12/20/japan-5-central-asian-nations-agree-to-strengthen-ties', 'Adnkronos (Jiji Press)', None),
        ('commitment:2025-12-20-japan-central-asia-tokyo-declaration-trans-caspian-route', 'source:asiae-2025-12-20-japan-ca', 'https://cm.asiae.co.kr/en/article/2025122016102034851', 'The Asia Business Daily', None),
        ('conflict:2025-12-20-japan-central-asia-tokyo-dates', 'source:adnkronos-2025-12-20-japan-ca-agree', 'https://english.adnkronos.com/2025/12/20/japan-5-central-asian-nations-agree-to-strengthen-ties', 'Adnkronos (Jiji Press)', None),
        ('conflict:2025-12-20-japan-central-asia-tokyo-dates', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('conflict:2025-12-20-japan-central-asia-tokyo-dates', 'source:kantei-2025-12-20-press-conference', 'https://japan.kantei.go.jp/104/statement/202512/20kaiken_00001.html', "Prime Minister's Office of Japan", 'Press Conference by Prime Minister TAKAICHI Sanae regarding the Summit of "Central Asia plus Japan" Dialogue'),
        ('conflict:2025-12-20-japan-central-asia-tokyo-dates', 'source:nippon-com-2025-12-19-japan-ca-summit-start', 'https://www.nippon.com/en/news/yjj2025121900932/japan-5-central-asian-nations-start-2-day-summit.html', 'Nippon.com (Jiji Press)', None),
        ('count:2025-12-20-japan-central-asia-tokyo-documents', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('count:2025-12-20-japan-central-asia-tokyo-documents', 'source:kantei-2025-12-20-press-conference', 'https://japan.kantei.go.jp/104/statement/202512/20kaiken_00001.html', "Prime Minister's Office of Japan", 'Press Conference by Prime Minister TAKAICHI Sanae regarding the Summit of "Central Asia plus Japan" Dialogue'),
        ('document:2025-12-20-japan-central-asia-tokyo-declaration', 'source:asiae-2025-12-20-japan-ca', 'https://cm.asiae.co.kr/en/article/2025122016102034851', 'The Asia Business Daily', None),
        ('document:2025-12-20-japan-central-asia-tokyo-declaration', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('document:2025-12-20-japan-central-asia-tokyo-declaration', 'source:kantei-2025-12-20-press-conference', 'https://japan.kantei.go.jp/104/statement/202512/20kaiken_00001.html', "Prime Minister's Office of Japan", 'Press Conference by Prime Minister TAKAICHI Sanae regarding the Summit of "Central Asia plus Japan" Dialogue'),
        ('document:2025-12-20-japan-central-asia-tokyo-declaration', 'source:zakon-kz-next-japan-summit-kazakhstan', 'https://www.zakon.kz/sobytiia/6501800-sleduyushchiy-sammit-tsentralnaya-aziya--yaponiya-proydet-v-kazakhstane.html', 'Zakon.kz', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-jpn', 'source:iirmfa-historic-tokyo-summit', 'https://iirmfa.edu.tm/en/sahypa/historic-tokyo-summit-a-new-milestone-in-central-asia-japan-relations_9201', 'Institute of International Relations of the MFA of Turkmenistan', 'Historic Tokyo Summit: A New Milestone in Central Asia-Japan Relations'),
        ('participation:2025-12-20-japan-central-asia-tokyo-jpn', 'source:kantei-2025-12-20-press-conference', 'https://japan.kantei.go.jp/104/statement/202512/20kaiken_00001.html', "Prime Minister's Office of Japan", 'Press Conference by Prime Minister TAKAICHI Sanae regarding the Summit of "Central Asia plus Japan" Dialogue'),
        ('participation:2025-12-20-japan-central-asia-tokyo-kaz', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('participation:2025-12-20-japan-central-asia-tokyo-kaz', 'source:gov-uz-113143-mirziyoyev-tokyo', 'https://gov.uz/en/cirns/news/view/113143', 'Government portal of Uzbekistan (gov.uz)', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-kaz', 'source:opednews-tokyo-declaration', 'https://www.opednews.com/populum/page.php?f=The-Tokyo-Declaration-mark-China_Russia-251225-230.html', 'OpEdNews', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-kgz', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('participation:2025-12-20-japan-central-asia-tokyo-kgz', 'source:gov-uz-113143-mirziyoyev-tokyo', 'https://gov.uz/en/cirns/news/view/113143', 'Government portal of Uzbekistan (gov.uz)', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-kgz', 'source:opednews-tokyo-declaration', 'https://www.opednews.com/populum/page.php?f=The-Tokyo-Declaration-mark-China_Russia-251225-230.html', 'OpEdNews', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-tjk', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('participation:2025-12-20-japan-central-asia-tokyo-tjk', 'source:gov-uz-113143-mirziyoyev-tokyo', 'https://gov.uz/en/cirns/news/view/113143', 'Government portal of Uzbekistan (gov.uz)', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-tjk', 'source:opednews-tokyo-declaration', 'https://www.opednews.com/populum/page.php?f=The-Tokyo-Declaration-mark-China_Russia-251225-230.html', 'OpEdNews', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-tkm', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('participation:2025-12-20-japan-central-asia-tokyo-tkm', 'source:iirmfa-historic-tokyo-summit', 'https://iirmfa.edu.tm/en/sahypa/historic-tokyo-summit-a-new-milestone-in-central-asia-japan-relations_9201', 'Institute of International Relations of the MFA of Turkmenistan', 'Historic Tokyo Summit: A New Milestone in Central Asia-Japan Relations'),
        ('participation:2025-12-20-japan-central-asia-tokyo-tkm', 'source:opednews-tokyo-declaration', 'https://www.opednews.com/populum/page.php?f=The-Tokyo-Declaration-mark-China_Russia-251225-230.html', 'OpEdNews', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-uzb', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('participation:2025-12-20-japan-central-asia-tokyo-uzb', 'source:gov-uz-113143-mirziyoyev-tokyo', 'https://gov.uz/en/cirns/news/view/113143', 'Government portal of Uzbekistan (gov.uz)', None),
        ('participation:2025-12-20-japan-central-asia-tokyo-uzb', 'source:opednews-tokyo-declaration', 'https://www.opednews.com/populum/page.php?f=The-Tokyo-Declaration-mark-China_Russia-251225-230.html', 'OpEdNews', None),
        ('plan:2025-12-20-japan-central-asia-tokyo', 'source:centralasianlight-tokyo-declaration', 'https://centralasianlight.org/news/historic-central-asia-japan-summit-concludes-with-tokyo-declaration', 'Central Asian Light', None),
        ('plan:2025-12-20-japan-central-asia-tokyo', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('plan:2025-12-20-japan-central-asia-tokyo', 'source:gov-uz-113143-mirziyoyev-tokyo', 'https://gov.uz/en/cirns/news/view/113143', 'Government portal of Uzbekistan (gov.uz)', None),
        ('plan:2025-12-20-japan-central-asia-tokyo', 'source:zakon-kz-next-japan-summit-kazakhstan', 'https://www.zakon.kz/sobytiia/6501800-sleduyushchiy-sammit-tsentralnaya-aziya--yaponiya-proydet-v-kazakhstane.html', 'Zakon.kz', None),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'source:adnkronos-2025-12-20-japan-ca-agree', 'https://english.adnkronos.com/2025/12/20/japan-5-central-asian-nations-agree-to-strengthen-ties', 'Adnkronos (Jiji Press)', None),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'source:centralasianlight-tokyo-declaration', 'https://centralasianlight.org/news/historic-central-asia-japan-summit-concludes-with-tokyo-declaration', 'Central Asian Light', None),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'source:chosun-2025-12-20-central-asia-competition', 'https://islam.kz/ru/news/v-mire/strategicheskaya-tsennost-tsentralnoi-azii-vyzyvaet-diplomaticheskuyu-konkurentsiyu-mejdu-krupnymi-derjavami-22832', 'The Chosun Ilbo', 'Стратегическая ценность Центральной Азии вызывает дипломатическую конкуренцию между крупными державами'),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'source:gov-uz-113143-mirziyoyev-tokyo', 'https://gov.uz/en/cirns/news/view/113143', 'Government portal of Uzbekistan (gov.uz)', None),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'source:kantei-2025-12-20-press-conference', 'https://japan.kantei.go.jp/104/statement/202512/20kaiken_00001.html', "Prime Minister's Office of Japan", 'Press Conference by Prime Minister TAKAICHI Sanae regarding the Summit of "Central Asia plus Japan" Dialogue'),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'source:nippon-com-2025-12-19-japan-ca-summit-start', 'https://www.nippon.com/en/news/yjj2025121900932/japan-5-central-asian-nations-start-2-day-summit.html', 'Nippon.com (Jiji Press)', None),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'source:zakon-kz-next-japan-summit-kazakhstan', 'https://www.zakon.kz/sobytiia/6501800-sleduyushchiy-sammit-tsentralnaya-aziya--yaponiya-proydet-v-kazakhstane.html', 'Zakon.kz', None),
    ],
    'summit-timeline': [
        # (summit, summitLabel, start, end, format, formatLabel, edition, city, cityLabel, country, countryLabel, host, hostLabel, status)
        ('summit:2018-03-15-consultative-meeting-astana', '1st Consultative Meeting of the Heads of State of Central Asia (Astana, 2018)', '2018-03-15', '2018-03-15', 'format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', 1, 'place:astana', 'Astana', 'actor:kaz', 'Kazakhstan', 'actor:kaz', 'Kazakhstan', 'cas:Held'),
        ('summit:2019-11-29-consultative-meeting-tashkent', '2nd Consultative Meeting of the Heads of State of Central Asia (Tashkent, 2019)', '2019-11-29', '2019-11-29', 'format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', 2, 'place:tashkent', 'Tashkent', 'actor:uzb', 'Uzbekistan', 'actor:uzb', 'Uzbekistan', 'cas:Held'),
        ('summit:2021-08-06-consultative-meeting-avaza', '3rd Consultative Meeting of the Heads of State of Central Asia (Avaza, 2021)', '2021-08-06', '2021-08-06', 'format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', 3, 'place:avaza', 'Avaza', 'actor:tkm', 'Turkmenistan', 'actor:tkm', 'Turkmenistan', 'cas:Held'),
        ('summit:2022-01-25-china-central-asia-beijing', 'China–Central Asia virtual summit on the 30th anniversary of diplomatic relations (2022)', '2022-01-25', '2022-01-25', 'format:china-central-asia', 'China–Central Asia', None, 'place:beijing', 'Beijing', 'actor:chn', 'China', 'actor:chn', 'China', 'cas:Held'),
        ('summit:2022-01-27-india-central-asia-new-delhi', '1st India–Central Asia Summit (virtual, 2022)', '2022-01-27', '2022-01-27', 'format:india-central-asia', 'India–Central Asia Summit', 1, 'place:new-delhi', 'New Delhi', 'actor:ind', 'India', 'actor:ind', 'India', 'cas:Held'),
        ('summit:2022-07-21-consultative-meeting-cholpon-ata', '4th Consultative Meeting of the Heads of State of Central Asia (Cholpon-Ata, 2022)', '2022-07-21', '2022-07-21', 'format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', 4, 'place:cholpon-ata', 'Cholpon-Ata', 'actor:kgz', 'Kyrgyzstan', 'actor:kgz', 'Kyrgyzstan', 'cas:Held'),
        ('summit:2022-10-14-russia-central-asia-astana', 'First Russia–Central Asia Summit (Astana, 2022)', '2022-10-14', '2022-10-14', 'format:russia-central-asia', 'Russia–Central Asia', 1, 'place:astana', 'Astana', 'actor:kaz', 'Kazakhstan', 'actor:kaz', 'Kazakhstan', 'cas:Held'),
        ('summit:2022-10-27-eu-central-asia-astana', '1st EU–Central Asia regional high-level meeting (Astana, 2022)', '2022-10-27', '2022-10-27', 'format:eu-central-asia-high-level-meeting', 'EU–Central Asia regional high-level meeting', 1, 'place:astana', 'Astana', 'actor:kaz', 'Kazakhstan', 'actor:kaz', 'Kazakhstan', 'cas:Held'),
        ('summit:2023-05-19-china-central-asia-xian', "First China–Central Asia Summit (Xi'an, 2023)", '2023-05-18', '2023-05-19', 'format:china-central-asia', 'China–Central Asia', 1, 'place:xian', "Xi'an", 'actor:chn', 'China', 'actor:chn', 'China', 'cas:Held'),
        ('summit:2023-06-02-eu-central-asia-cholpon-ata', '2nd EU–Central Asia regional high-level meeting (Cholpon-Ata, 2023)', '2023-06-02', '2023-06-02', 'format:eu-central-asia-high-level-meeting', 'EU–Central Asia regional high-level meeting', 2, 'place:cholpon-ata', 'Cholpon-Ata', 'actor:kgz', 'Kyrgyzstan', 'actor:kgz', 'Kyrgyzstan', 'cas:Held'),
        ('summit:2023-07-19-gcc-central-asia-jeddah', '1st GCC–Central Asia Summit (Jeddah, 2023)', '2023-07-19', '2023-07-19', 'format:gcc-central-asia', 'GCC–Central Asia Summit', 1, 'place:jeddah', 'Jeddah', 'actor:sau', 'Saudi Arabia', 'actor:sau', 'Saudi Arabia', 'cas:Held'),
        ('summit:2023-09-14-consultative-meeting-dushanbe', '5th Consultative Meeting of the Heads of State of Central Asia (Dushanbe, 2023)', '2023-09-14', '2023-09-14', 'format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', 5, 'place:dushanbe', 'Dushanbe', 'actor:tjk', 'Tajikistan', 'actor:tjk', 'Tajikistan', 'cas:Held'),
        ('summit:2023-09-19-c5-plus-1-new-york', "First C5+1 Leaders' Summit (New York, 2023)", '2023-09-19', '2023-09-19', 'format:c5-plus-1', 'C5+1', 1, 'place:new-york', 'New York', 'actor:usa', 'United States', 'actor:usa', 'United States', 'cas:Held'),
        ('summit:2023-09-29-germany-central-asia-berlin', '1st Germany–Central Asia summit (Berlin, 2023)', '2023-09-29', '2023-09-29', 'format:germany-central-asia', 'Germany–Central Asia', 1, 'place:berlin', 'Berlin', 'actor:deu', 'Germany', 'actor:deu', 'Germany', 'cas:Held'),
        ('summit:2024-08-09-consultative-meeting-astana', '6th Consultative Meeting of the Heads of State of Central Asia (Astana, 2024)', '2024-08-09', '2024-08-09', 'format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', 6, 'place:astana', 'Astana', 'actor:kaz', 'Kazakhstan', 'actor:kaz', 'Kazakhstan', 'cas:Held'),
        ('summit:2024-08-09-japan-central-asia-astana', 'Central Asia + Japan summit (Astana, 2024; cancelled)', '2024-08-09', '2024-08-09', 'format:japan-central-asia', '"Central Asia plus Japan" Dialogue', None, 'place:astana', 'Astana', 'actor:kaz', 'Kazakhstan', None, None, 'cas:Cancelled'),
        ('summit:2024-09-17-germany-central-asia-astana', '2nd Germany–Central Asia summit (Astana, 2024)', '2024-09-17', '2024-09-17', 'format:germany-central-asia', 'Germany–Central Asia', 2, 'place:astana', 'Astana', 'actor:kaz', 'Kazakhstan', 'actor:kaz', 'Kazakhstan', 'cas:Held'),
        ('summit:2025-04-04-eu-central-asia-samarkand', 'First EU–Central Asia Summit (Samarkand, 2025)', '2025-04-04', '2025-04-04', 'format:eu-central-asia', 'EU–Central Asia Summit', 1, 'place:samarkand', 'Samarkand', 'actor:uzb', 'Uzbekistan', 'actor:uzb', 'Uzbekistan', 'cas:Held'),
        ('summit:2025-05-05-gcc-central-asia-samarkand', '2nd GCC–Central Asia Summit (Samarkand, postponed)', '2025-05-05', '2025-05-05', 'format:gcc-central-asia', 'GCC–Central Asia Summit', 2, 'place:samarkand', 'Samarkand', 'actor:uzb', 'Uzbekistan', None, None, 'cas:Postponed'),
        ('summit:2025-05-30-italy-central-asia-astana', '1st Central Asia + Italy Summit (Astana, 2025)', '2025-05-30', '2025-05-30', 'format:italy-central-asia', 'Central Asia + Italy', 1, 'place:astana', 'Astana', 'actor:kaz', 'Kazakhstan', 'actor:kaz', 'Kazakhstan', 'cas:Held'),
        ('summit:2025-06-17-china-central-asia-astana', 'Second China–Central Asia Summit (Astana, 2025)', '2025-06-17', '2025-06-17', 'format:china-central-asia', 'China–Central Asia', 2, 'place:astana', 'Astana', 'actor:kaz', 'Kazakhstan', 'actor:kaz', 'Kazakhstan', 'cas:Held'),
        ('summit:2025-08-05-consultative-meeting-avaza', 'Meeting on preparations for the 7th Consultative Meeting of the Heads of State of Central Asia (Awaza, 2025)', '2025-08-05', '2025-08-05', 'format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', None, 'place:avaza', 'Avaza', 'actor:tkm', 'Turkmenistan', 'actor:tkm', 'Turkmenistan', 'cas:Held'),
        ('summit:2025-10-09-russia-central-asia-dushanbe', 'Second Russia–Central Asia Summit (Dushanbe, 2025)', '2025-10-09', '2025-10-09', 'format:russia-central-asia', 'Russia–Central Asia', 2, 'place:dushanbe', 'Dushanbe', 'actor:tjk', 'Tajikistan', 'actor:tjk', 'Tajikistan', 'cas:Held'),
        ('summit:2025-11-06-c5-plus-1-washington', "Second C5+1 Leaders' Summit (Washington, 2025)", '2025-11-06', '2025-11-06', 'format:c5-plus-1', 'C5+1', 2, 'place:washington', 'Washington, D.C.', 'actor:usa', 'United States', 'actor:usa', 'United States', 'cas:Held'),
        ('summit:2025-11-16-consultative-meeting-tashkent', '7th Consultative Meeting of the Heads of State of Central Asia (Tashkent, 2025)', '2025-11-16', '2025-11-16', 'format:consultative-meeting', 'Consultative Meeting of the Heads of State of Central Asia', 7, 'place:tashkent', 'Tashkent', 'actor:uzb', 'Uzbekistan', 'actor:uzb', 'Uzbekistan', 'cas:Held'),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'First "Central Asia plus Japan" Dialogue Summit (Tokyo, 2025)', '2025-12-19', '2025-12-20', 'format:japan-central-asia', '"Central Asia plus Japan" Dialogue', 1, 'place:tokyo', 'Tokyo', 'actor:jpn', 'Japan', 'actor:jpn', 'Japan', 'cas:Held'),
        ('summit:2026-09-16-korea-central-asia-seoul', '1st Korea–Central Asia Summit (Seoul, 2026)', '2026-09-16', '2026-09-17', 'format:korea-central-asia', 'Korea–Central Asia Summit', 1, 'place:seoul', 'Seoul', 'actor:kor', 'South Korea', None, None, 'cas:OutcomeNotSourced'),
    ],
    'summits-inside-outside': [
        # (summit, summitLabel, date, city, country, inCentralAsia)
        ('summit:2018-03-15-consultative-meeting-astana', '1st Consultative Meeting of the Heads of State of Central Asia (Astana, 2018)', '2018-03-15', 'place:astana', 'actor:kaz', True),
        ('summit:2019-11-29-consultative-meeting-tashkent', '2nd Consultative Meeting of the Heads of State of Central Asia (Tashkent, 2019)', '2019-11-29', 'place:tashkent', 'actor:uzb', True),
        ('summit:2021-08-06-consultative-meeting-avaza', '3rd Consultative Meeting of the Heads of State of Central Asia (Avaza, 2021)', '2021-08-06', 'place:avaza', 'actor:tkm', True),
        ('summit:2022-01-25-china-central-asia-beijing', 'China–Central Asia virtual summit on the 30th anniversary of diplomatic relations (2022)', '2022-01-25', 'place:beijing', 'actor:chn', False),
        ('summit:2022-01-27-india-central-asia-new-delhi', '1st India–Central Asia Summit (virtual, 2022)', '2022-01-27', 'place:new-delhi', 'actor:ind', False),
        ('summit:2022-07-21-consultative-meeting-cholpon-ata', '4th Consultative Meeting of the Heads of State of Central Asia (Cholpon-Ata, 2022)', '2022-07-21', 'place:cholpon-ata', 'actor:kgz', True),
        ('summit:2022-10-14-russia-central-asia-astana', 'First Russia–Central Asia Summit (Astana, 2022)', '2022-10-14', 'place:astana', 'actor:kaz', True),
        ('summit:2022-10-27-eu-central-asia-astana', '1st EU–Central Asia regional high-level meeting (Astana, 2022)', '2022-10-27', 'place:astana', 'actor:kaz', True),
        ('summit:2023-05-19-china-central-asia-xian', "First China–Central Asia Summit (Xi'an, 2023)", '2023-05-18', 'place:xian', 'actor:chn', False),
        ('summit:2023-06-02-eu-central-asia-cholpon-ata', '2nd EU–Central Asia regional high-level meeting (Cholpon-Ata, 2023)', '2023-06-02', 'place:cholpon-ata', 'actor:kgz', True),
        ('summit:2023-07-19-gcc-central-asia-jeddah', '1st GCC–Central Asia Summit (Jeddah, 2023)', '2023-07-19', 'place:jeddah', 'actor:sau', False),
        ('summit:2023-09-14-consultative-meeting-dushanbe', '5th Consultative Meeting of the Heads of State of Central Asia (Dushanbe, 2023)', '2023-09-14', 'place:dushanbe', 'actor:tjk', True),
        ('summit:2023-09-19-c5-plus-1-new-york', "First C5+1 Leaders' Summit (New York, 2023)", '2023-09-19', 'place:new-york', 'actor:usa', False),
        ('summit:2023-09-29-germany-central-asia-berlin', '1st Germany–Central Asia summit (Berlin, 2023)', '2023-09-29', 'place:berlin', 'actor:deu', False),
        ('summit:2024-08-09-consultative-meeting-astana', '6th Consultative Meeting of the Heads of State of Central Asia (Astana, 2024)', '2024-08-09', 'place:astana', 'actor:kaz', True),
        ('summit:2024-08-09-japan-central-asia-astana', 'Central Asia + Japan summit (Astana, 2024; cancelled)', '2024-08-09', 'place:astana', 'actor:kaz', True),
        ('summit:2024-09-17-germany-central-asia-astana', '2nd Germany–Central Asia summit (Astana, 2024)', '2024-09-17', 'place:astana', 'actor:kaz', True),
        ('summit:2025-04-04-eu-central-asia-samarkand', 'First EU–Central Asia Summit (Samarkand, 2025)', '2025-04-04', 'place:samarkand', 'actor:uzb', True),
        ('summit:2025-05-05-gcc-central-asia-samarkand', '2nd GCC–Central Asia Summit (Samarkand, postponed)', '2025-05-05', 'place:samarkand', 'actor:uzb', True),
        ('summit:2025-05-30-italy-central-asia-astana', '1st Central Asia + Italy Summit (Astana, 2025)', '2025-05-30', 'place:astana', 'actor:kaz', True),
        ('summit:2025-06-17-china-central-asia-astana', 'Second China–Central Asia Summit (Astana, 2025)', '2025-06-17', 'place:astana', 'actor:kaz', True),
        ('summit:2025-08-05-consultative-meeting-avaza', 'Meeting on preparations for the 7th Consultative Meeting of the Heads of State of Central Asia (Awaza, 2025)', '2025-08-05', 'place:avaza', 'actor:tkm', True),
        ('summit:2025-10-09-russia-central-asia-dushanbe', 'Second Russia–Central Asia Summit (Dushanbe, 2025)', '2025-10-09', 'place:dushanbe', 'actor:tjk', True),
        ('summit:2025-11-06-c5-plus-1-washington', "Second C5+1 Leaders' Summit (Washington, 2025)", '2025-11-06', 'place:washington', 'actor:usa', False),
        ('summit:2025-11-16-consultative-meeting-tashkent', '7th Consultative Meeting of the Heads of State of Central Asia (Tashkent, 2025)', '2025-11-16', 'place:tashkent', 'actor:uzb', True),
        ('summit:2025-12-20-japan-central-asia-tokyo', 'First "Central Asia plus Japan" Dialogue Summit (Tokyo, 2025)', '2025-12-19', 'place:tokyo', 'actor:jpn', False),
        ('summit:2026-09-16-korea-central-asia-seoul', '1st Korea–Central Asia Summit (Seoul, 2026)', '2026-09-16', 'place:seoul', 'actor:kor', False),
    ],
}

#: (power, summit) pairs of the flagship for each year that has summits in the data.
FLAGSHIP_BY_YEAR: dict[str, list[tuple[str, str]]] = {
    '2018': [],
    '2019': [],
    '2020': [],
    '2021': [],
    '2022': [
        ('actor:rus', 'summit:2022-10-14-russia-central-asia-astana'),
    ],
    '2023': [
        ('actor:chn', 'summit:2023-05-19-china-central-asia-xian'),
        ('actor:are', 'summit:2023-07-19-gcc-central-asia-jeddah'),
        ('actor:gcc', 'summit:2023-07-19-gcc-central-asia-jeddah'),
        ('actor:kwt', 'summit:2023-07-19-gcc-central-asia-jeddah'),
        ('actor:omn', 'summit:2023-07-19-gcc-central-asia-jeddah'),
        ('actor:qat', 'summit:2023-07-19-gcc-central-asia-jeddah'),
        ('actor:sau', 'summit:2023-07-19-gcc-central-asia-jeddah'),
        ('actor:usa', 'summit:2023-09-19-c5-plus-1-new-york'),
    ],
    '2024': [
        ('actor:deu', 'summit:2024-09-17-germany-central-asia-astana'),
    ],
    '2025': [
        ('actor:eu', 'summit:2025-04-04-eu-central-asia-samarkand'),
        ('actor:ita', 'summit:2025-05-30-italy-central-asia-astana'),
        ('actor:chn', 'summit:2025-06-17-china-central-asia-astana'),
        ('actor:rus', 'summit:2025-10-09-russia-central-asia-dushanbe'),
        ('actor:usa', 'summit:2025-11-06-c5-plus-1-washington'),
        ('actor:jpn', 'summit:2025-12-20-japan-central-asia-tokyo'),
    ],
    '2026': [],
}


@pytest.mark.parametrize("name", PINNED)
def test_exact_rows_on_bundled_data(name: str) -> None:
    assert simple_rows(answer(name, PINNED_PARAMS.get(name, ()))) == EXPECTED[name]


@pytest.mark.parametrize("year", sorted(FLAGSHIP_BY_YEAR))
def test_flagship_exact_pairs_per_year(year: str) -> None:
    rows = simple_rows(answer("powers-met-all-five", (("year", year),)))
    assert [(power, summit) for power, _, summit, _, _ in rows] == FLAGSHIP_BY_YEAR[year]


def test_flagship_2025_has_the_five_big_partners() -> None:
    rows = simple_rows(answer("powers-met-all-five", (("year", "2025"),)))
    powers = {power for power, *_ in rows}
    assert {"actor:eu", "actor:chn", "actor:rus", "actor:usa", "actor:jpn"} <= powers
    assert ("actor:jpn", "summit:2025-12-20-japan-central-asia-tokyo") in {(r[0], r[2]) for r in rows}


def test_flagship_2023_excludes_berlin_because_turkmenistan_sent_a_stand_in() -> None:
    stand_in = answer("absences-and-stand-ins")
    berlin = [
        row
        for row in simple_rows(stand_in)
        if row[0] == "summit:2023-09-29-germany-central-asia-berlin" and row[3] == "actor:tkm"
    ]
    assert berlin, "the data no longer records a stand-in for Turkmenistan in Berlin"
    rows = simple_rows(answer("powers-met-all-five", (("year", "2023"),)))
    assert "actor:deu" not in {power for power, *_ in rows}


def test_flagship_without_a_year_answers_every_year() -> None:
    every = simple_rows(answer("powers-met-all-five"))
    by_year = [row for year in sorted(FLAGSHIP_BY_YEAR) for row in simple_rows(answer("powers-met-all-five", (("year", year),)))]
    assert every == by_year and len(every) > len(FLAGSHIP_BY_YEAR["2025"])


def test_flagship_counts_the_regions_own_meetings_only_when_asked() -> None:
    # Azerbaijan took part in the 7th Consultative Meeting (a regional format), not in a C5+X summit.
    partner = {(row[0], row[2]) for row in simple_rows(answer("powers-met-all-five", (("year", "2025"),)))}
    regional = {(row[0], row[2]) for row in simple_rows(answer("powers-met-all-five", (("year", "2025"), ("regional", "true"))))}
    explicit = {(row[0], row[2]) for row in simple_rows(answer("powers-met-all-five", (("year", "2025"), ("regional", "false"))))}
    assert explicit == partner and partner < regional
    assert regional - partner == {("actor:aze", "summit:2025-11-16-consultative-meeting-tashkent")}


def test_sources_of_covers_the_parts_of_another_node() -> None:
    entity = "summit:2023-09-29-germany-central-asia-berlin"
    result = answer("sources-of", (("entity", entity),))
    nodes = {row[0] for row in simple_rows(result)}
    assert entity in nodes
    assert "participation:2023-09-29-germany-central-asia-berlin-tkm" in nodes
    assert all(node == entity or node.startswith(("participation:", "document:", "commitment:", "count:", "plan:", "conflict:")) for node in nodes)
    absolute = answer("sources-of", (("entity", "https://w3id.org/casummit/id/summit/2023-09-29-germany-central-asia-berlin"),))
    assert absolute.rows == result.rows


# ---------------------------------------------------------------------------------------------
# The flagship's logic on fictional edge cases

FIXTURE_ROWS = {
    # S1: the partner and the two-person organisation; not the guest, the observer, the
    # virtual participant or the power represented by a stand-in. S2 (stand-in), S3 (virtual
    # head), S4 (term ended the day before), S6 (planned) and S8 (absent head) give nothing;
    # S5 counts (term ends on the summit day).
    "2024": [
        ("actor:xba", "Partneria", "summit:2024-03-01-fixture-s1", "Fixture summit S1", "2024-03-01"),
        ("actor:xbe", "Union of Fixtures", "summit:2024-03-01-fixture-s1", "Fixture summit S1", "2024-03-01"),
        ("actor:xba", "Partneria", "summit:2024-07-01-fixture-s5", "Fixture summit S5", "2024-07-01"),
    ],
    "2023": [
        ("actor:xbb", "Guestonia", "summit:2023-10-01-fixture-s7", "Fixture summit S7", "2023-10-01"),
    ],
    "2022": [],
}


@pytest.mark.parametrize("engine", list(Engine))
@pytest.mark.parametrize("year", sorted(FIXTURE_ROWS))
def test_flagship_on_edge_case_fixture(engine: Engine, year: str) -> None:
    result = run_query(QUERIES["powers-met-all-five"], {"year": year}, graph=fixture_graph(), engine=engine)
    assert result.variables == ["power", "powerLabel", "summit", "summitLabel", "date"]
    assert simple_rows(result) == FIXTURE_ROWS[year]


@pytest.mark.parametrize("engine", list(Engine))
def test_absences_and_stand_ins_on_edge_case_fixture(engine: Engine) -> None:
    result = run_query(QUERIES["absences-and-stand-ins"], graph=fixture_graph(), engine=engine)
    assert simple_rows(result) == [
        # an absence with a stand-in is listed once, with the stand-in's office and mode
        ("summit:2024-04-01-fixture-s2", "Fixture summit S2", "2024-04-01", "actor:xae", "Eland",
         "person:e1", "E One", "person:e-pm", "E Premier", "office:prime-minister-xae", "cas:InPerson"),
        # an absence with nobody standing in
        ("summit:2024-10-01-fixture-s8", "Fixture summit S8", "2024-10-01", "actor:xab", "Bland",
         "person:b2", "B Two", None, None, None, "cas:Absent"),
    ]


# ---------------------------------------------------------------------------------------------
# Parameter errors


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "abc"}, "parameter year: 'abc' is not an integer"),
        ({"year": "2025 } UNION { ?s ?p ?o"}, "parameter year"),
        ({"year": "2025", "country": "kaz"}, "has no parameter 'country'"),
        ({"month": "5"}, "has no parameter 'month'"),
    ],
)
@pytest.mark.parametrize("engine", list(Engine))
def test_bad_flagship_parameters_raise_query_error(params: dict[str, str], message: str, engine: Engine) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        run_query("powers-met-all-five", params, graph=fixture_graph(), engine=engine)


@pytest.mark.parametrize(
    "entity",
    ["summit:x> } UNION { ?s ?p ?o", "<https://w3id.org/casummit/id/summit/x>", "nosuchprefix:x", ""],
)
def test_bad_iri_parameter_raises_query_error(entity: str) -> None:
    with pytest.raises(QueryError, match="parameter entity"):
        run_query("sources-of", {"entity": entity}, graph=fixture_graph())


def test_unknown_query_raises_query_error() -> None:
    with pytest.raises(QueryError, match="unknown query"):
        run_query("no-such-query", graph=fixture_graph())


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--param", "year=abc"], "year"),
        (["--param", "year=2025 } UNION { ?s ?p ?o"], "year"),
        (["--param", "colour=red"], "colour"),
    ],
)
def test_cli_refuses_bad_parameters_with_exit_code_2(args: list[str], needle: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "casummit_rdf", "query", "powers-met-all-five", *args],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert needle in lines[0]


def test_cli_runs_the_flagship_as_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "casummit_rdf", "query", "powers-met-all-five", "--param", "year=2025", "--format", "json"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["head"]["vars"] == ["power", "powerLabel", "summit", "summitLabel", "date"]
    pairs = [(compact(b["power"]["value"]), compact(b["summit"]["value"])) for b in payload["results"]["bindings"]]
    assert pairs == FLAGSHIP_BY_YEAR["2025"]
