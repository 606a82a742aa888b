"""Helpers for the ``casummit serve`` tests: start a real server on 127.0.0.1, talk plain HTTP."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message

from casummit_rdf.serve import CasummitServer, ServeConfig, create_server

FLAGSHIP = "powers-met-all-five"
FLAGSHIP_POWERS = {"actor:eu", "actor:chn", "actor:rus", "actor:usa", "actor:jpn"}
ID = "https://w3id.org/casummit/id/"


@contextmanager
def running_server(**options: object) -> Iterator[CasummitServer]:
    """A server on a free loopback port, serving in a thread; always stopped afterwards."""
    options.setdefault("workers", 2)
    config = ServeConfig(host="127.0.0.1", port=0, **options)  # type: ignore[arg-type]
    server = create_server(config).start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes = field(repr=False)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()


def http(
    base: str,
    path: str,
    *,
    method: str | None = None,
    accept: str | None = None,
    data: bytes | None = None,
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
) -> Reply:
    """One request with urllib; HTTP errors are returned, not raised."""
    url = base + path
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
    all_headers = dict(headers or {})
    if accept is not None:
        all_headers["Accept"] = accept
    if content_type is not None:
        all_headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


def flagship_as_plain_sparql(year: int = 2025) -> str:
    """The flagship query as a plain client would send it: the year written into the text.

    This is what grlc does: every ``?__year_xsd_integer`` becomes the typed literal, while the
    ``$``-spelt projection stays an unbound (empty) column.
    """
    from casummit_rdf.queries import load_queries

    text = load_queries()[FLAGSHIP].text
    return text.replace("?__year_xsd_integer", f'"{int(year)}"^^xsd:integer')
