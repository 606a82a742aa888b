"""The route table and handlers, through the in-process client (no sockets)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.server  # the query workers are real processes


def test_routes_answer_in_process(app_client) -> None:
    listing = app_client.get("/api/queries")
    assert listing.status == 200 and any(q["name"] == "powers-met-all-five" for q in json.loads(listing.body))
    answer = app_client.get("/sparql", "query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", Accept="application/sparql-results+json")
    assert (answer.status, json.loads(answer.body)) == (200, {"head": {}, "boolean": True})
    assert app_client.get("/no/such/route").status == 404


def test_methods_a_route_does_not_take_are_405(app_client) -> None:
    assert app_client.request("DELETE", "/sparql").status == 405
    assert app_client.request("POST", "/api/queries").status == 405


def test_an_unknown_canned_query_is_404_naming_the_listing(app_client) -> None:
    reply = app_client.get("/api/queries/no-such-query")
    assert reply.status == 404 and b"/api/queries" in reply.body
