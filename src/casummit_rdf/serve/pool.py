"""Worker processes that run user-supplied SPARQL with a hard time limit.

pyoxigraph has no query timeout and a single call can compute for ever (a cross join with an
aggregate never yields a first row), so untrusted queries run in child processes: the server
sends a request down a pipe and waits up to the timeout; a worker that overruns is killed and
replaced. This also keeps a runaway query from slowing the server process itself.

Each worker is ``python -m casummit_rdf.serve.pool``; it receives the data as one N-Quads dump
over its stdin, so it holds exactly the server's triples. Frames are length-prefixed pickles
(both ends are this module, never a client).
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from casummit_rdf.serve.execute import Answer

_HEADER = struct.Struct("!I")
_READY = "ready"


class WorkerError(Exception):
    """A worker died, or did not answer in time."""


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                raise TimeoutError
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise WorkerError("worker closed its pipe")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, deadline: float | None = None) -> Any:
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    return pickle.loads(_read_exact(fd, size, deadline))


def write_frame(stream: Any, payload: Any) -> None:
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


@dataclass
class QueryRequest:
    """What the server asks a worker to run (all fields picklable)."""

    text: str
    result_format: str
    graph_format: str
    max_results: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    stdout_fd: int = field(init=False)

    def __post_init__(self) -> None:
        self.stdout_fd = self.process.stdout.fileno()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass


class QueryPool:
    """A fixed number of query worker processes; :meth:`run` is safe to call from many threads."""

    def __init__(self, dump: bytes, size: int, timeout: float):
        self._dump = dump
        self._size = max(1, size)
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        starters = [threading.Thread(target=self._spawn, daemon=True) for _ in range(self._size)]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        if self._idle.qsize() == 0:
            raise WorkerError("no query worker could start")

    def _spawn(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        process = subprocess.Popen(
            [sys.executable, "-m", "casummit_rdf.serve.pool"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
        worker = _Worker(process)
        try:
            write_frame(process.stdin, self._dump)
            if read_frame(worker.stdout_fd, time.monotonic() + 120) != _READY:
                raise WorkerError("worker did not report ready")
        except (OSError, WorkerError, TimeoutError, EOFError, pickle.UnpicklingError):
            worker.kill()
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        worker.kill()
        if not closed:
            threading.Thread(target=self._spawn, daemon=True).start()

    def run(self, request: QueryRequest) -> Answer:
        """Run a query in a worker; 503 when it overruns the timeout or no worker frees up in time."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.error(503, f"server busy: no query worker became free within {self.timeout:g} s; retry later")
        try:
            write_frame(worker.process.stdin, request)
            answer = read_frame(worker.stdout_fd, time.monotonic() + self.timeout)
        except TimeoutError:
            self._retire(worker)
            return Answer.error(
                503, f"query timed out: it ran longer than the server's {self.timeout:g} s limit and was stopped"
            )
        except (OSError, WorkerError, EOFError, pickle.UnpicklingError):
            self._retire(worker)
            return Answer.error(500, "query worker failed while running the query")
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


def _worker_main() -> int:
    """Loop of a worker process: load the dump, then answer requests until stdin closes."""
    import pyoxigraph as ox

    from casummit_rdf.serve.execute import execute
    from casummit_rdf.serve.negotiation import Format

    stdin_fd = sys.stdin.buffer.fileno()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the frame channel
    try:
        dump = read_frame(stdin_fd)
    except WorkerError:
        return 0
    store = ox.Store()
    store.load(dump, format=ox.RdfFormat.N_QUADS)
    write_frame(out, _READY)
    while True:
        try:
            request: QueryRequest = read_frame(stdin_fd)
        except WorkerError:
            return 0
        answer = execute(
            store,
            request.text,
            Format(request.result_format),
            Format(request.graph_format),
            max_results=request.max_results,
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
        )
        write_frame(out, answer)


if __name__ == "__main__":  # pragma: no cover - runs in the child process
    sys.exit(_worker_main())
