"""A local stand-in for a Wikibase action API (``wbsearchentities``, ``wbgetentities``) on 127.0.0.1.

It answers with JSON shaped like Wikidata's (format=json, formatversion 1): the search result
objects carry ``id``, ``title``, ``concepturi``, ``url``, ``label``, ``description`` and
``match``; ``wbgetentities`` returns ``entities`` keyed by id with ``labels``/``descriptions``
as ``{lang: {language, value}}``, ``missing: ""`` for an unknown id and ``redirects`` for a
redirected one. Items come from a JSON file (``tests/fixtures/wikidata/wikibase-items.json``).

Search is a case-insensitive prefix match on the label and aliases in the requested language,
as Wikibase's term search does. The server records every request (path, query, User-Agent) and
can refuse the next N requests with HTTP 429 and a Retry-After header, answer a maxlag error, or
answer every request with a given API error.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ITEMS = Path(__file__).parent / "fixtures" / "wikidata" / "wikibase-items.json"


@dataclass
class FakeWikibase:
    """The server's state: its items, what it was asked, and the refusals it still has to give."""

    url: str = ""
    items: dict[str, dict] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    requests: list[dict[str, str]] = field(default_factory=list)
    throttle: int = 0  # answer this many next requests with HTTP 429
    retry_after: str = "1"
    maxlag: int = 0  # answer this many next requests with a maxlag error (HTTP 200)
    fail_with: dict[str, str] | None = None  # answer every request with this API error

    def search(self, params: dict[str, str]) -> dict:
        text = params.get("search", "")
        lang = params.get("language", "en")
        limit = int(params.get("limit", "7"))
        hits = []
        for qid, item in sorted(self.items.items(), key=lambda kv: int(kv[0][1:])):
            names = [item.get("labels", {}).get(lang)] + list(item.get("aliases", {}).get(lang, []))
            for name in names:
                if name and name.lower().startswith(text.lower()):
                    label = item.get("labels", {}).get(lang, name)
                    description = item.get("descriptions", {}).get(lang, "")
                    hits.append({
                        "id": qid, "title": qid, "pageid": int(qid[1:]) + 1000, "repository": "wikidata",
                        "url": f"//wikibase.test/wiki/{qid}", "concepturi": f"http://www.wikidata.org/entity/{qid}",
                        "display": {"label": {"value": label, "language": lang},
                                    "description": {"value": description, "language": lang}},
                        "label": label, "description": description,
                        "match": {"type": "label" if name == label else "alias", "language": lang, "text": name},
                    })
                    break
        answer: dict = {"searchinfo": {"search": text}, "search": hits[:limit], "success": 1}
        if len(hits) > limit:
            answer["search-continue"] = limit
        return answer

    def get_entities(self, params: dict[str, str]) -> dict:
        languages = params.get("languages", "").split("|")
        entities: dict[str, dict] = {}
        for qid in params.get("ids", "").split("|"):
            target = self.redirects.get(qid, qid)
            item = self.items.get(target)
            if item is None:
                entities[qid] = {"id": qid, "missing": ""}
                continue
            entity = {
                "pageid": int(target[1:]) + 1000, "ns": 0, "title": target, "lastrevid": 1, "type": "item", "id": target,
                "labels": _terms(item.get("labels", {}), languages),
                "descriptions": _terms(item.get("descriptions", {}), languages),
            }
            if target != qid:
                entity["redirects"] = {"from": qid, "to": target}
            entities[target] = entity
        return {"entities": entities, "success": 1}


def _terms(values: dict[str, str], languages: list[str]) -> dict[str, dict[str, str]]:
    return {lang: {"language": lang, "value": value} for lang, value in values.items() if lang in languages}


class _Handler(http.server.BaseHTTPRequestHandler):
    server: http.server.ThreadingHTTPServer

    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        state: FakeWikibase = self.server.state  # type: ignore[attr-defined]
        parsed = urllib.parse.urlsplit(self.path)
        params = dict(urllib.parse.parse_qsl(parsed.query))
        state.requests.append({"path": parsed.path, "user_agent": self.headers.get("User-Agent", ""), **params})
        if parsed.path != "/w/api.php":
            self._send(404, {"error": {"code": "notfound", "info": "no such path"}})
            return
        if state.throttle > 0:
            state.throttle -= 1
            self._send(429, {"error": {"code": "ratelimited", "info": "slow down"}}, {"Retry-After": state.retry_after})
            return
        if state.maxlag > 0:
            state.maxlag -= 1
            self._send(200, {"error": {"code": "maxlag", "info": "Waiting for a database server: 7 seconds lagged."}},
                       {"Retry-After": state.retry_after})
            return
        action = params.get("action")
        if state.fail_with:
            self._send(200, {"error": state.fail_with, "servedby": "mw-api-test"})
        elif params.get("format") != "json":
            self._send(200, {"error": {"code": "badformat", "info": "this test server answers format=json only"}})
        elif action == "wbsearchentities" and params.get("search"):
            self._send(200, state.search(params))
        elif action == "wbgetentities" and params.get("ids"):
            self._send(200, state.get_entities(params))
        else:
            self._send(200, {"error": {"code": "badvalue", "info": f"Unrecognized value for parameter \"action\": {action}."}})


@contextlib.contextmanager
def running_wikibase() -> Iterator[FakeWikibase]:
    """A fresh local Wikibase API with the fixture items, stopped on exit."""
    data = json.loads(ITEMS.read_text(encoding="utf-8"))
    state = FakeWikibase(items=data["items"], redirects=data.get("redirects", {}))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.state = state  # type: ignore[attr-defined]
    state.url = f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
