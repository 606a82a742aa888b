"""A small client of the Wikibase action API: ``wbsearchentities`` and ``wbgetentities``, read only.

It follows the Wikimedia API etiquette: one request at a time, a descriptive ``User-Agent``, and
``Retry-After`` honoured on 429/503 answers and on ``maxlag``/``ratelimited`` errors — but for a
bounded wait: a server that asks for more than ``max_wait`` seconds, or keeps refusing after
``retries`` tries, is a :class:`~casummit_rdf.errors.RemoteError`.
"""

from __future__ import annotations

import email.utils
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from casummit_rdf import __version__
from casummit_rdf.errors import RemoteError
from casummit_rdf.wikidata.model import WikidataError

#: Wikidata's action API, the default of ``casummit wikidata --reconcile``.
WIKIDATA_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = (
    f"casummit-rdf/{__version__} (https://w3id.org/casummit; reconciliation before a reviewed Wikidata batch) "
    "Python-urllib"
)
_RETRY_STATUSES = (429, 503)
_RETRY_CODES = ("maxlag", "ratelimited")


@dataclass(frozen=True)
class Hit:
    """One ``wbsearchentities`` result."""

    qid: str
    label: str
    description: str


@dataclass(frozen=True)
class ItemInfo:
    """One ``wbgetentities`` answer for a requested id."""

    requested: str
    qid: str | None  # None: no such item
    redirected_to: str | None
    labels: dict[str, str]
    descriptions: dict[str, str]


class WikibaseApi:
    """The action API of one Wikibase."""

    def __init__(self, url: str = WIKIDATA_API, *, timeout: float = 30.0, max_wait: float = 60.0, retries: int = 4,
                 sleep: Callable[[float], None] = time.sleep, user_agent: str = USER_AGENT):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise WikidataError(f"{url!r} is not an http(s) URL of a Wikibase action API")
        self.url = url
        self.timeout = timeout
        self.max_wait = max_wait
        self.retries = retries
        self.sleep = sleep
        self.user_agent = user_agent
        self.requests = 0

    def _get(self, params: dict[str, str]) -> dict:
        query = urllib.parse.urlencode({**params, "format": "json"})
        url = f"{self.url}?{query}"
        for attempt in range(self.retries + 1):
            self.requests += 1
            request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "application/json"})
            wait: float | None = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
                    retry_after = response.headers.get("Retry-After")
            except urllib.error.HTTPError as error:
                if error.code not in _RETRY_STATUSES:
                    raise RemoteError(f"{self.url}: HTTP {error.code} {error.reason} for {params['action']}") from None
                wait = self._wait(error.headers.get("Retry-After"), attempt)
            except (urllib.error.URLError, OSError) as error:
                reason = getattr(error, "reason", error)
                raise RemoteError(f"{self.url}: cannot reach the Wikibase API: {reason}") from None
            if wait is None:
                try:
                    answer = json.loads(body.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    raise RemoteError(f"{self.url}: the answer to {params['action']} is not JSON") from None
                problem = answer.get("error") if isinstance(answer, dict) else None
                if not problem:
                    if not isinstance(answer, dict):
                        raise RemoteError(f"{self.url}: the answer to {params['action']} is not a JSON object")
                    return answer
                code = str(problem.get("code", "")) if isinstance(problem, dict) else ""
                if code not in _RETRY_CODES:
                    info = " ".join(str(problem.get("info", "")).split()) if isinstance(problem, dict) else str(problem)
                    raise RemoteError(f"{self.url}: {params['action']} failed: {code or 'error'}: {info}")
                wait = self._wait(retry_after, attempt)
            if attempt == self.retries:
                break
            self.sleep(wait)
        raise RemoteError(f"{self.url}: still refusing after {self.retries + 1} tries (HTTP 429/503 or maxlag)")

    def _wait(self, retry_after: str | None, attempt: int) -> float:
        """Seconds to wait before the next try: the server's ``Retry-After``, else 1, 2, 4 … s."""
        wait = float(2**attempt)
        if retry_after:
            value = retry_after.strip()
            if value.isdigit():
                wait = float(value)
            else:
                try:
                    when = email.utils.parsedate_to_datetime(value)
                except (TypeError, ValueError):
                    when = None  # not a date either: keep the backoff
                if when is not None:
                    wait = max(0.0, when.timestamp() - time.time())
        if wait > self.max_wait:
            raise RemoteError(
                f"{self.url}: asked to wait {wait:.0f} s before retrying (Retry-After), more than the "
                f"{self.max_wait:.0f} s this command waits; try again later"
            )
        return wait

    def search(self, text: str, language: str, *, limit: int = 7) -> list[Hit]:
        """Items whose label or alias in ``language`` matches ``text`` (``wbsearchentities``)."""
        answer = self._get({
            "action": "wbsearchentities", "search": text, "language": language, "uselang": language,
            "type": "item", "limit": str(limit),
        })
        hits = []
        for found in answer.get("search", []) or []:
            if isinstance(found, dict) and isinstance(found.get("id"), str):
                hits.append(Hit(found["id"], str(found.get("label", "")), str(found.get("description", ""))))
        return hits

    def entities(self, qids: Iterable[str], languages: tuple[str, ...] = ("en", "ru")) -> dict[str, ItemInfo]:
        """Labels and descriptions of items, 50 ids per request (``wbgetentities``); missing and redirected ids say so."""
        wanted = sorted(set(qids), key=lambda q: int(q[1:]))
        found: dict[str, ItemInfo] = {}
        for start in range(0, len(wanted), 50):
            chunk = wanted[start:start + 50]
            answer = self._get({
                "action": "wbgetentities", "ids": "|".join(chunk), "props": "labels|descriptions|info",
                "languages": "|".join(languages),
            })
            entities = answer.get("entities", {}) or {}
            for key, entity in entities.items():
                if not isinstance(entity, dict):
                    continue
                redirect = entity.get("redirects") if isinstance(entity.get("redirects"), dict) else None
                requested = redirect.get("from") if redirect else entity.get("id", key)
                if "missing" in entity:
                    found[requested] = ItemInfo(requested, None, None, {}, {})
                    continue
                found[requested] = ItemInfo(
                    requested, entity.get("id", key), redirect.get("to") if redirect else None,
                    _terms(entity.get("labels")), _terms(entity.get("descriptions")),
                )
            for qid in chunk:
                found.setdefault(qid, ItemInfo(qid, None, None, {}, {}))
        return found


def _terms(terms: object) -> dict[str, str]:
    if not isinstance(terms, dict):
        return {}
    return {lang: str(t.get("value", "")) for lang, t in terms.items() if isinstance(t, dict)}
