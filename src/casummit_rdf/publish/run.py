"""Publish an edition of the graph into a named graph of a SPARQL 1.1 store, atomically, and prove it.

The steps (each one HTTP request unless said otherwise):

1. find the store's endpoints from its address (:mod:`.discovery`; a few ``GET`` requests);
2. count the target graph (``default-graph-uri`` = target; this also checks the store answers);
3. load, by the method chosen (:class:`~casummit_rdf.publish.options.Method`):

   * ``put`` — one Graph Store ``PUT`` of N-Triples to the target. Only where the store
     replaces a graph in one transaction: Oxigraph does (the tests prove that a PUT whose body
     fails keeps the old graph and that a reader never sees a partial one), so the graph is
     copied once, not twice;
   * ``gsp`` / ``update`` — everywhere else, a staging graph named after the target:
     ``DROP SILENT`` it, load it (Graph Store ``PUT``, or ``INSERT DATA`` batches with all
     blank-node triples in one request), count it — a mismatch drops it and stops — then
     ``MOVE SILENT GRAPH <staging> TO GRAPH <target>``, one update the store runs as one
     transaction, so the target holds either the old or the new graph;

4. count the target again;
5. run a canned query that needs no value (:func:`.compare.check_query`) on the store and
   locally, and compare the answers.

A failure before the target is touched leaves it as it was, and the message says so. When the
request that changes the target (the PUT or the MOVE) got no answer, the target is counted
(and the staging graph) before anything is claimed: the message then says whether the change
happened, did not, or cannot be told. Publishing the same triples twice changes nothing.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

import pyoxigraph as ox

from casummit_rdf.graph import PathLike
from casummit_rdf.publish import requests
from casummit_rdf.publish.compare import answers_match, check_query, remote_answer, unbound_local_answer
from casummit_rdf.publish.credentials import CredentialStore
from casummit_rdf.publish.discovery import discover
from casummit_rdf.publish.errors import PublishError, PublishInputError
from casummit_rdf.publish.options import Method, PublishOptions, staging_graph
from casummit_rdf.publish.remote import (
    Body,
    Endpoints,
    HttpClient,
    RemoteStore,
    RequestError,
    ntriples_chunks,
    with_query,
)
from casummit_rdf.queries import CannedQuery

LEFT_AS_IT_WAS = "target graph left as it was"
T = TypeVar("T")


@dataclass
class PublishReport:
    """What a publish did."""

    graph: str
    triples: int
    previous: int | None = None
    method: Method | None = None
    endpoints: Endpoints | None = None
    requests: int = 0
    retries: int = 0
    checked_query: str | None = None
    checked_rows: int = 0
    notes: list[str] = field(default_factory=list)

    def store_line(self) -> str:
        """Where the triples went: the endpoints used and how they were found."""
        e = self.endpoints
        if e is None:
            return "store: not contacted"
        product = f"{e.product}, " if e.product else ""
        parts = [f"query {e.query}"] + ([f"update {e.update}"] if e.update else []) + ([f"Graph Store {e.gsp}"] if e.gsp else [])
        return f"store: {product}found by {e.found_by}; " + ", ".join(parts)

    def summary(self) -> str:
        """One line: how many triples went where, how, and whether the check query agreed."""
        how = {
            Method.PUT: "one Graph Store PUT",
            Method.GSP: "a staging graph (Graph Store PUT) and MOVE",
            Method.UPDATE: "a staging graph (SPARQL Update batches) and MOVE",
        }.get(self.method, "")  # type: ignore[arg-type]
        check = (
            f"; {self.checked_query} answers the same remotely ({self.checked_rows} rows)"
            if self.checked_query else "; no canned query compared (the counts agree)"
        )
        previous = "" if self.previous is None else f" (was {self.previous})"
        notes = "".join(f"; {note}" for note in self.notes)
        return (
            f"published {self.triples} triples to <{self.graph}>{previous} by {how} in {self.requests} requests"
            f" ({self.retries} retried){check}{notes}"
        )


def publish(
    options: PublishOptions,
    data: Iterable[PathLike] | None = None,
    *,
    dry_run: bool = False,
    out: IO[str] | None = None,
    triples: Sequence[ox.Triple] | None = None,
    http: HttpClient | None = None,
) -> PublishReport:
    """Replace ``options.graph`` on the store with an edition of the graph (see the module docstring).

    ``triples`` overrides the edition (benchmarks, tests). With ``dry_run`` the requests are
    written to ``out`` and nothing is sent. Raises :class:`PublishInputError` for input that
    cannot be used and :class:`PublishError` when the store fails; both say what state the
    target graph is in.
    """
    from casummit_rdf.queries import load_queries

    if triples is None:
        from casummit_rdf.release.editions import edition_quads, unique_triples

        triples = unique_triples(edition_quads(options.edition, data))
    triples = list(triples)
    query = check_query(load_queries(), options.check_query)
    report = PublishReport(options.graph, len(triples))
    if dry_run:
        _dry_run(options, triples, query, out or sys.stdout)
        return report

    http = http or HttpClient(
        CredentialStore(options.credential_origin),
        timeout=options.timeout,
        retries=options.retries,
        backoff=options.backoff,
        max_delay=options.max_delay,
        http_auth=options.http_auth,
    )
    chunks = ntriples_chunks(triples)  # serialized once: sent, and loaded locally for the check
    local = _LocalAnswer(chunks, query)
    endpoints = discover(http, options.address, update=options.update_endpoint, gsp=options.gsp)
    if endpoints.query is None:
        raise PublishInputError(f"no SPARQL query endpoint found for {options.address}; name it")
    report.endpoints = endpoints
    report.method = method = _method(options.method, endpoints, options.address)
    store = RemoteStore(http, endpoints)
    try:
        report.previous = store.count(options.graph, "count target graph")
    except RequestError as error:
        if not error.reached or error.status == 404:
            raise PublishInputError(str(error)) from None
        raise PublishError(f"{error}; {LEFT_AS_IT_WAS}") from None

    body = Body("application/n-triples", chunks)
    if method is Method.PUT:
        _replace_by_put(store, options.graph, body, len(triples), report)
    else:
        _replace_through_staging(store, options, triples, body, method, report)

    # The final count and the remote side of the check are independent reads: sent together.
    remote_check = _InThread(lambda: remote_answer(store.select, query, options.graph)) if query else None
    final = store.count(options.graph, "count target graph")
    if final != len(triples):
        raise PublishError(f"target graph holds {final} triples after publishing, expected {len(triples)}")
    if query is not None and remote_check is not None:
        remote_rows = remote_check.result()
        local_rows = local.result()
        if not answers_match(query.text, remote_rows, local_rows):
            raise PublishError(
                f"published, but {query.name} answers differently remotely "
                f"({sum(remote_rows.values())} rows) than locally ({sum(local_rows.values())} rows)"
            )
        report.checked_query = query.name
        report.checked_rows = sum(local_rows.values())
    report.requests = http.requests
    report.retries = http.retried
    return report


def _method(requested: Method, endpoints: Endpoints, address: str) -> Method:
    if requested is Method.AUTO:
        if endpoints.gsp and endpoints.atomic_put:
            return Method.PUT
        requested = Method.GSP if endpoints.gsp and endpoints.update else Method.UPDATE
    if requested in (Method.PUT, Method.GSP) and not endpoints.gsp:
        raise PublishInputError(f"no Graph Store endpoint found for {address}; name it")
    if requested in (Method.GSP, Method.UPDATE) and not endpoints.update:
        raise PublishInputError(
            f"no SPARQL Update endpoint found for {address}, which a staging graph needs; name it"
        )
    return requested


# ---------------------------------------------------------------------------------------------
# One PUT


def _replace_by_put(store: RemoteStore, target: str, body: Body, expected: int, report: PublishReport) -> None:
    what = "replace target graph (Graph Store PUT)"
    try:
        store.put(target, body, what)
        return
    except RequestError as error:
        if not error.reply_lost or error.timed_out or store.http.retries == 0:
            # An answer (an error), a store too slow to send it again to, or no retries wanted:
            # count, and say only what the count can tell.
            raise PublishError(f"{error}; {_target_now(store, target, report.previous, expected)}") from None
        first = error
    # The PUT went out whole but its answer was lost. A PUT replaces, so sending it again is safe
    # and leaves a known state; counting alone could not tell two graphs of one size apart.
    report.notes.append("the first PUT's answer was lost, so it was sent again")
    try:
        store.put(target, body, what + ", sent again")
    except RequestError as error:
        raise PublishError(f"{first}; sent again: {error}; {_target_now(store, target, report.previous, expected)}") from None


def _target_now(store: RemoteStore, target: str, previous: int | None, expected: int) -> str:
    """What the target holds after a failed PUT, said only as far as a count can tell."""
    try:
        now = store.count(target, "count target graph")
    except PublishError:
        return "the target graph could not be counted afterwards, so it may hold the old or the new triples"
    if now == previous and now == expected:
        return f"the target graph holds {now} triples, as the old and the new graph both do: whether it was replaced cannot be told"
    if now == previous:
        return f"{LEFT_AS_IT_WAS} ({now} triples)"
    if now == expected:
        return f"yet the target graph holds the {now} new triples"
    return f"the target graph now holds {now} triples (was {previous}, expected {expected})"


# ---------------------------------------------------------------------------------------------
# Staging graph, count, MOVE


def _replace_through_staging(
    store: RemoteStore, options: PublishOptions, triples: list[ox.Triple], body: Body, method: Method,
    report: PublishReport,
) -> None:
    target, staging = options.graph, staging_graph(options.graph)
    try:
        store.update(requests.drop_silent(staging), "clear staging graph")
        if method is Method.GSP:
            store.put(staging, body, "load staging graph (Graph Store PUT)")
        else:
            for number, text in enumerate(requests.insert_batches(staging, triples, options.batch_size), start=1):
                store.update(text, f"load staging graph (batch {number})")
        loaded = store.count(staging, "count staging graph")
    except PublishError as error:
        raise PublishError(f"{error}; {LEFT_AS_IT_WAS}") from None
    if loaded != len(triples):
        _drop_quietly(store, staging)
        raise PublishError(f"staging graph holds {loaded} triples, expected {len(triples)}; {LEFT_AS_IT_WAS}")
    try:
        store.update(requests.move(staging, target), "swap staging into target", once=True)
    except RequestError as error:
        swapped = _swap_happened(store, staging, target, len(triples), report.previous)
        if swapped is True and error.reply_lost:
            report.notes.append(f"the swap's answer was lost ({error}), but the store shows it was done")
            return
        if swapped is False:
            raise PublishError(f"{error}; {LEFT_AS_IT_WAS}") from None
        if swapped is True:
            raise PublishError(f"{error}; yet the store shows the swap was done") from None
        raise PublishError(f"{error}; {swapped}") from None


def _swap_happened(store: RemoteStore, staging: str, target: str, expected: int, previous: int | None) -> bool | str:
    """After a failed MOVE: ``True`` if it was carried out, ``False`` if not, else what is known.

    The staging graph tells them apart even when the old and new graphs have the same size:
    MOVE empties it.
    """
    try:
        left = store.count(staging, "count staging graph after the swap failed")
        now = store.count(target, "count target graph after the swap failed")
    except PublishError:
        return "the store could not be asked afterwards, so the target graph may hold the old or the new triples"
    if left == expected and now == previous:
        return False
    if left == 0 and now == expected:
        return True
    return f"the target graph is in an unknown state: it holds {now} triples (was {previous}, expected {expected})"


def _drop_quietly(store: RemoteStore, staging: str) -> None:
    try:
        store.update(requests.drop_silent(staging), "drop staging graph")
    except PublishError:
        pass  # the next run drops it first anyway


# ---------------------------------------------------------------------------------------------
# The local side of the check, in a thread


class _LocalAnswer:
    """The check query's local answer, computed in a thread while the triples are on the wire.

    The store is loaded from the N-Triples that are sent (one document, so blank nodes keep
    their identity) by pyoxigraph's own parser, which does not hold Python's lock: the thread
    that sends the requests keeps running meanwhile.
    """

    def __init__(self, chunks: Sequence[bytes], query: CannedQuery | None):
        self._answer: Counter | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if query is not None:
            self._thread = threading.Thread(target=self._run, args=(chunks, query), daemon=True)
            self._thread.start()

    def _run(self, chunks: Sequence[bytes], query: CannedQuery) -> None:
        try:
            store = ox.Store()
            store.load(b"".join(chunks), format=ox.RdfFormat.N_TRIPLES)
            self._answer = unbound_local_answer(store, query)
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            self._error = error

    def result(self) -> Counter:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._answer or Counter()


class _InThread:
    """One call run in a thread; :meth:`result` returns its value or raises its error."""

    def __init__(self, call: Callable[[], T]):
        self._value: object = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self._thread.start()

    def _run(self, call: Callable[[], object]) -> None:
        try:
            self._value = call()
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            self._error = error

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


# ---------------------------------------------------------------------------------------------
# Dry run


def _dry_run(options: PublishOptions, triples: Sequence[ox.Triple], query: CannedQuery | None, out: IO[str]) -> None:
    """Print the requests a publish would send, to the addresses as given (finding the others needs the network)."""
    staging = staging_graph(options.graph)
    address = options.address
    update = options.update_endpoint or options.endpoint
    method = options.method
    if method is Method.AUTO:
        method = Method.GSP if options.gsp else Method.UPDATE
    credentials = CredentialStore(options.credential_origin)
    sent_to = [url for url in dict.fromkeys(u for u in (address, update, options.gsp) if u) if credentials.any_for(url)]
    out.write("# dry run: nothing is sent; endpoints as given (finding the others needs the network)\n")
    out.write(f"# address: {address}\n# update endpoint: {update or '(to be found)'}\n")
    if options.gsp:
        out.write(f"# Graph Store endpoint: {options.gsp}\n")
    out.write(f"# credentials: {'found for ' + ', '.join(sent_to) + ' (not shown)' if sent_to else 'none'}\n")
    out.write(f"# target graph: <{options.graph}>; {len(triples)} triples; method {method.value}\n")
    out.write("# 1. count the target graph\n")
    if method is Method.PUT:
        body = Body("application/n-triples", ntriples_chunks(triples))
        out.write(f"# 2. PUT {with_query(options.gsp or address, {'graph': options.graph})} (application/n-triples, {body.length} bytes)\n")
    else:
        out.write(f"# staging graph: <{staging}>\n# 2. POST {update}\n{requests.drop_silent(staging)}\n")
        if method is Method.GSP:
            body = Body("application/n-triples", ntriples_chunks(triples))
            out.write(f"# 3. PUT {with_query(options.gsp or address, {'graph': staging})} (application/n-triples, {body.length} bytes)\n")
        else:
            for number, text in enumerate(requests.insert_batches(staging, triples, options.batch_size), start=1):
                out.write(f"# 3.{number} POST {update}\n{text}\n")
        out.write(f"# 4. count the staging graph, expect {len(triples)}\n")
        out.write(f"# 5. POST {update}\n{requests.move(staging, options.graph)}\n")
    out.write(f"# then count the target graph; compare query {query.name if query else '(none)'} with the local answer\n")
