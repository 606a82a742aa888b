"""The request and response objects the route handlers work with (independent of the HTTP server)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from casummit_rdf.serve.execute import Answer


@dataclass
class Request:
    """A parsed HTTP request."""

    method: str
    path: str
    query: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str, default: str | None = None) -> str | None:
        """A header value by case-insensitive name."""
        value = self.headers.get(name)
        if value is None:
            lower = name.lower()
            for key, found in self.headers.items():
                if key.lower() == lower:
                    return found
        return default if value is None else value

    @property
    def params(self) -> dict[str, list[str]]:
        """URL query parameters, each with all its values."""
        return parse_params(self.query)

    @property
    def media_type(self) -> str:
        """The request body's media type, lower case, without parameters."""
        return (self.header("Content-Type") or "").split(";")[0].strip().lower()


def parse_params(text: str) -> dict[str, list[str]]:
    """Parse ``a=1&b=2`` (strictly: bad percent-escapes or UTF-8 are an :class:`HttpError`)."""
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=200)
    except (UnicodeDecodeError, ValueError) as error:
        raise HttpError(400, f"malformed parameters: {error}") from None


@dataclass
class Response:
    """What a handler answers."""

    status: int
    body: bytes = b""
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_answer(cls, answer: Answer, **headers: str) -> Response:
        return cls(answer.status, answer.body, answer.content_type, dict(headers))

    @classmethod
    def text(cls, status: int, message: str, **headers: str) -> Response:
        return cls(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8", dict(headers))

    @classmethod
    def json(cls, status: int, payload: object, content_type: str = "application/json") -> Response:
        body = json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        return cls(status, body, content_type)

    @classmethod
    def redirect(cls, location: str, status: int = 303) -> Response:
        return cls(status, b"", None, {"Location": location})


class HttpError(Exception):
    """An error answer with a status and a one-line message."""

    def __init__(self, status: int, message: str, **headers: str):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers

    def response(self) -> Response:
        return Response.text(self.status, self.message, **self.headers)


def single(params: Mapping[str, list[str]], name: str) -> str | None:
    """The one value of a parameter, ``None`` when absent; given twice is a 400."""
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise HttpError(400, f"parameter {name!r} given {len(values)} times; give it once")
    return values[0]

