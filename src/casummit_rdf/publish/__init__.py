"""Publish an edition of the graph into a named graph of a SPARQL 1.1 store, atomically.

:func:`publish` does it (:mod:`.run` has the steps); :class:`PublishOptions` says where and how.
The pieces, one job each: :mod:`.options` (checked input), :mod:`.credentials` (which secrets
go to which host; redaction), :mod:`.remote` (HTTP with deadlines and retries; the SPARQL and
Graph Store requests), :mod:`.discovery` (endpoints from a base address), :mod:`.requests` (the
update texts), :mod:`.compare` (a canned query's answer, remote against local).
"""

from __future__ import annotations

from casummit_rdf.publish.compare import answers_match, check_query, local_answer, normalize_rows, runs_unbound
from casummit_rdf.publish.credentials import ENV_PASSWORD, ENV_USER, redact
from casummit_rdf.publish.discovery import LAYOUTS, discover
from casummit_rdf.publish.errors import PublishError, PublishInputError
from casummit_rdf.publish.options import Method, PublishOptions, staging_graph
from casummit_rdf.publish.remote import USER_AGENT, Endpoints, HttpClient, RemoteStore
from casummit_rdf.publish.run import PublishReport, publish

__all__ = [
    "ENV_PASSWORD",
    "ENV_USER",
    "LAYOUTS",
    "USER_AGENT",
    "Endpoints",
    "HttpClient",
    "Method",
    "PublishError",
    "PublishInputError",
    "PublishOptions",
    "PublishReport",
    "RemoteStore",
    "answers_match",
    "check_query",
    "discover",
    "local_answer",
    "normalize_rows",
    "publish",
    "redact",
    "runs_unbound",
    "staging_graph",
]
