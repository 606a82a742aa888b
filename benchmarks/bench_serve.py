"""Load test: the flagship query against ``casummit serve`` and ``oxigraph serve-read-only``.

Both servers get the same data (the bundled data and ontology, or --data paths) and the same
requests in the same run: N GET requests of the flagship query (year written into the query
text) from C concurrent clients, each with its own keep-alive connection. Reported: requests
per second, errors, and the ratio. Runs on loopback only; both servers are stopped at the end.

    python benchmarks/bench_serve.py --requests 2000 --concurrency 16

``--distinct`` adds a run in which every request carries a different comment, so that no
answer can come from casummit's result cache (this measures the query workers).
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def flagship_text(year: int) -> str:
    """The flagship query as a plain client would send it: the year written into the text.

    The parameter variable is dropped from the SELECT, GROUP BY and ORDER BY clauses and replaced by
    the integer everywhere else (what a client without server-side binding does).
    """
    import re

    from casummit_rdf.queries import load_queries

    text = load_queries()["powers-met-all-five"].text
    variable = "?_year_xsd_integer"
    def drop(match: re.Match[str]) -> str:
        return match.group(0).replace(" " + variable, "").replace(variable, "")
    text = re.sub(r"\bSELECT\b.*?\bWHERE\b", drop, text, count=1, flags=re.S)
    text = re.sub(r"\b(?:GROUP|ORDER) BY\b[^}]*$", drop, text, flags=re.S)
    return text.replace(variable, str(int(year)))


def wait_until_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server on port {port} did not start")


def load(port: int, paths: list[str], requests: int, concurrency: int) -> dict[str, float]:
    """Send ``paths`` round-robin from ``concurrency`` keep-alive clients; count errors and time."""
    counter = iter(range(requests))
    lock = threading.Lock()
    errors: list[str] = []
    sizes: set[int] = set()

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                index = next(counter, None)
            if index is None:
                break
            try:
                connection.request("GET", paths[index % len(paths)], headers={"Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                body = response.read()
                if response.status != 200:
                    errors.append(f"HTTP {response.status}: {body[:100]!r}")
                else:
                    rows = len(json.loads(body)["results"]["bindings"])
                    with lock:
                        sizes.add(rows)
                if response.will_close:
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException, ValueError) as error:
                errors.append(repr(error))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    return {"requests": requests, "seconds": elapsed, "rps": requests / elapsed, "errors": len(errors),
            "row_counts": sorted(sizes), "first_error": errors[0] if errors else ""}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--data", nargs="+", help="data files or folders (default: bundled)")
    parser.add_argument("--distinct", action="store_true", help="also run with a distinct query text per request")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    import pyoxigraph as ox

    from casummit_rdf.graph import load_store

    oxigraph = shutil.which("oxigraph")
    if oxigraph is None:
        print("bench_serve: the 'oxigraph' command is missing (pip install oxigraph)", file=sys.stderr)
        return 2
    query = flagship_text(args.year)
    same = ["/sparql?" + urllib.parse.urlencode({"query": query})]
    distinct = ["/sparql?" + urllib.parse.urlencode({"query": f"{query}\n# request {i}"}) for i in range(args.requests)]
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        dump = Path(tmp) / "data.nq"
        store = load_store(args.data)
        store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        location = Path(tmp) / "oxigraph"
        subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(dump)],
                       check=True, capture_output=True)
        servers = {}
        ox_port = free_port()
        servers["oxigraph"] = (subprocess.Popen(
            [oxigraph, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{ox_port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), ox_port)
        cas_command = [sys.executable, "-m", "casummit_rdf", "serve", "--port", "0"]
        for path in args.data or []:
            cas_command += ["--data", path]
        cas = subprocess.Popen(cas_command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = cas.stdout.readline()
        cas_port = int(line.split("listening on http://127.0.0.1:")[1].split("/")[0])
        servers["casummit"] = (cas, cas_port)
        try:
            for name, (_, port) in servers.items():
                wait_until_up(port)
                load(port, same, 50, 4)  # warm-up (connections, caches, JIT-free but page cache)
            for name, (_, port) in servers.items():
                results[name] = load(port, same, args.requests, args.concurrency)
            if args.distinct:
                for name, (_, port) in servers.items():
                    results[f"{name} (distinct texts)"] = load(port, distinct, args.requests, args.concurrency)
        finally:
            for process, _ in servers.values():
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{args.requests} requests of the flagship query ({args.year}), {args.concurrency} concurrent clients")
        for name, r in results.items():
            print(f"  {name:32s} {r['rps']:8.0f} req/s  {r['seconds']:6.2f} s  errors {r['errors']:d}  rows {r['row_counts']}"
                  + (f"  first error: {r['first_error']}" if r["errors"] else ""))
        ratio = results["casummit"]["rps"] / results["oxigraph"]["rps"]
        print(f"  casummit / oxigraph = {ratio:.2f}x (target >= 0.5x)")
        if args.distinct:
            ratio = results["casummit (distinct texts)"]["rps"] / results["oxigraph (distinct texts)"]["rps"]
            print(f"  without the result cache: casummit / oxigraph = {ratio:.2f}x")
    failed = any(r["errors"] for r in results.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
