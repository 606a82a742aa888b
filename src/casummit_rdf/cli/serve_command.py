"""``serve``: argument parsing only."""

from __future__ import annotations

import argparse
import sys

from casummit_rdf.cli.exits import OK, UsageError
from casummit_rdf.cli.options import add_data, port, positive_float, positive_int


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register ``serve`` on the ``casummit`` parser."""
    serve = commands.add_parser(
        "serve",
        help="serve a read-only SPARQL endpoint, the canned-query API and the web explorer",
        description="Serve the knowledge graph over HTTP: SPARQL 1.1 Protocol at /sparql, canned queries at "
        "/api/queries (OpenAPI at /api/openapi.json), entity pages at /id/…, the explorer at /.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=port, default=8000, help="port (default 8000; 0 picks a free port)")
    add_data(serve)
    serve.add_argument("--timeout", type=positive_float, default=10.0, metavar="S", help="per-query time limit in seconds (default 10)")
    serve.add_argument("--max-results", type=positive_int, default=10_000, metavar="N", help="most rows or triples a query may return (default 10000)")
    serve.add_argument("--max-response-mb", type=positive_float, default=32.0, metavar="MB", help="largest answer in MiB; a bigger one is refused with 413 (default 32)")
    serve.add_argument("--worker-memory-mb", type=positive_int, default=1024, metavar="MB", help="memory a query worker may use beyond the loaded data; a query that needs more gets 503 (default 1024)")
    serve.add_argument("--workers", type=positive_int, default=None, metavar="N", help="query worker processes (default: one per CPU core, at least 2), plus one light-lane worker")
    serve.add_argument("--no-light-lane", action="store_true", help="no extra worker for short queries while the others are busy")
    serve.add_argument("--header-timeout", type=positive_float, default=15.0, metavar="S", help="seconds a request (line, headers, body) may take to arrive (default 15)")
    serve.add_argument("--base-url", metavar="URL", help="public address of the server, used in its service description (default http://HOST:PORT)")
    serve.add_argument("--access-log", action="store_true", help="log every request to stderr")
    serve.set_defaults(run=_cmd_serve)


def _cmd_serve(args: argparse.Namespace) -> int:
    from casummit_rdf.serve import ServeConfig, create_server

    config = ServeConfig(
        host=args.host,
        port=args.port,
        data=args.data,
        timeout=args.timeout,
        max_results=args.max_results,
        max_response=int(args.max_response_mb * (1 << 20)),
        worker_memory_mb=args.worker_memory_mb,
        workers=args.workers or 0,
        light_lane=not args.no_light_lane,
        header_timeout=args.header_timeout,
        base_url=args.base_url,
        access_log=args.access_log,
    )
    try:
        server = create_server(config)
    except OSError as error:
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}") from None
    # The first line names the address: scripts (and tests) started with --port 0 read it.
    print(f"casummit serve: listening on {server.url}/ (SPARQL {server.url}/sparql, API {server.url}/api/queries)", flush=True)
    pool = server.app.pool
    if pool.isolation:
        print(f"casummit serve: query workers have no network ({', '.join(pool.isolation)})", file=sys.stderr)
    else:
        print("casummit serve: warning: this system cannot cut the query workers off the network; "
              "SERVICE is refused from the parsed query only", file=sys.stderr)
    import signal

    def _terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)  # stop cleanly (and stop the workers) on kill
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("casummit serve: stopped", file=sys.stderr)
    finally:
        server.server_close()
        server.app.close()
    return OK
