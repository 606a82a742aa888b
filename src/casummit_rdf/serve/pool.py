"""Worker processes that run user-supplied SPARQL, cut off the network and bounded in time and memory.

pyoxigraph has no query timeout and a single call can compute for ever (a cross join with an
aggregate never yields a first row), so untrusted queries run in child processes: the server
sends a request down a pipe and waits up to the timeout; a worker that overruns is killed and
replaced. This also keeps a runaway query from slowing the server process itself.

Each worker is ``python -m casummit_rdf.serve.pool``. Before it reads any request it removes its
own network access (:func:`casummit_rdf.serve.sandbox.remove_network`), loads the data (one
N-Quads dump over its stdin, parsed so that blank-node labels stay those of the server: every
worker answers byte for byte alike), caps its address space (:func:`~casummit_rdf.serve.sandbox.limit_memory`)
and then runs every query on a thread with a large stack, so that a deeply nested query is a
parse error rather than a crashed process. A worker that dies of its memory cap is reported as
503 and replaced. Frames are length-prefixed pickles (both ends are this module, never a client).

Fair share: besides the general workers there is one *light lane* worker. When every general
worker is busy, a new query gets the light lane with a short time budget (``light_timeout``);
a query that needs longer is moved to the general queue. So a canned call or a small ad-hoc
query is answered while several heavy ones run.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import IO, Any

from casummit_rdf.serve.execute import Answer, Formats, Limits

_HEADER = struct.Struct("!I")
_STACK_BYTES = 1 << 30  # parse stack of the query thread: ~100k nesting levels fit
_OOM_MARKERS = ("memory allocation of", "MemoryError", "Cannot allocate memory", "out of memory")


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
    formats: Formats
    limits: Limits
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs before its first request."""

    dump: bytes
    memory_bytes: int  # address space the worker may add after loading; 0: no cap


@dataclass(frozen=True)
class WorkerReady:
    """A worker's first frame: the network layers it applied and whether memory is capped."""

    isolation: tuple[str, ...]
    memory_capped: bool


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    stderr: IO[bytes]
    stdout_fd: int = field(init=False)

    def __post_init__(self) -> None:
        self.stdout_fd = self.process.stdout.fileno()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.stderr):
            try:
                stream.close()
            except OSError:
                pass

    def died_of_memory(self) -> bool:
        """True when the dead worker's last words say it ran out of memory."""
        try:
            self.process.wait(timeout=5)
            self.stderr.seek(0)
            tail = self.stderr.read()[-65536:].decode("utf-8", "replace")
        except (OSError, subprocess.TimeoutExpired, ValueError):
            return False
        return any(marker in tail for marker in _OOM_MARKERS)


class _Scheduler:
    """Hands out idle workers: general ones first come, first served; the light lane to the newest.

    The light-lane worker goes to the most recently arrived waiting request (a stack), so that a
    request that comes in while a backlog of heavy queries waits is served next, not last; a
    request that has overrun the light lane's budget once waits for a general worker only.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._general: deque[_Worker] = deque()
        self._light: _Worker | None = None
        self._stack: list[object] = []

    def put(self, worker: _Worker, *, light: bool) -> None:
        with self._cond:
            if light:
                self._light = worker
            else:
                self._general.append(worker)
            self._cond.notify_all()

    def take(self, deadline: float, *, may_use_light: bool) -> tuple[_Worker, bool] | None:
        """An idle worker and whether it is the light one, or ``None`` at the deadline."""
        ticket = object()
        with self._cond:
            if may_use_light:
                self._stack.append(ticket)
            try:
                while True:
                    if self._general:
                        return self._general.popleft(), False
                    if may_use_light and self._light is not None and self._stack[-1] is ticket:
                        worker, self._light = self._light, None
                        return worker, True
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return None
                    self._cond.wait(remaining)
            finally:
                if may_use_light:
                    self._stack.remove(ticket)

    def general_idle(self) -> int:
        with self._cond:
            return len(self._general)


class QueryPool:
    """Query worker processes; :meth:`run` is safe to call from many threads."""

    def __init__(
        self,
        dump: bytes,
        size: int,
        timeout: float,
        *,
        memory_mb: int = 1024,
        light_lane: bool = True,
        light_timeout: float = 1.0,
    ):
        self._setup = WorkerSetup(dump, memory_mb << 20)
        self.timeout = timeout
        self.light_timeout = min(light_timeout, timeout)
        self.memory_mb = memory_mb
        self.isolation: tuple[str, ...] = ()
        self.memory_capped = False
        self.light_lane = light_lane
        self._scheduler = _Scheduler()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        kinds = [False] * max(1, size) + ([True] if light_lane else [])
        starters = [threading.Thread(target=self._spawn, args=(light,), daemon=True) for light in kinds]
        for starter in starters:
            starter.start()
        for starter in starters:
            starter.join()
        if self._scheduler.general_idle() == 0:
            raise WorkerError("no query worker could start")

    def _spawn(self, light: bool) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        env["MALLOC_ARENA_MAX"] = "2"  # keeps the address space (and so the memory cap) predictable
        env["RUST_BACKTRACE"] = "0"  # a dying worker's last line must stay readable
        stderr = tempfile.TemporaryFile()
        process = subprocess.Popen(
            [sys.executable, "-m", "casummit_rdf.serve.pool"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            close_fds=True,
        )
        worker = _Worker(process, stderr)
        try:
            write_frame(process.stdin, self._setup)
            ready = read_frame(worker.stdout_fd, time.monotonic() + 120)
            if not isinstance(ready, WorkerReady):
                raise WorkerError("worker did not report ready")
        except (OSError, WorkerError, TimeoutError, EOFError, pickle.UnpicklingError):
            worker.kill()
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
            self.isolation = ready.isolation
            self.memory_capped = ready.memory_capped
        self._scheduler.put(worker, light=light)

    def _retire(self, worker: _Worker, light: bool) -> None:
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        worker.kill()
        if not closed:
            threading.Thread(target=self._spawn, args=(light,), daemon=True).start()

    def run(self, request: QueryRequest) -> Answer:
        """Run a query in a worker; 503 when it overruns, blows its memory cap, or none frees up."""
        deadline = time.monotonic() + self.timeout
        taken = self._scheduler.take(deadline, may_use_light=self.light_lane)
        if taken is not None and taken[1]:
            answer = self._run_on(taken[0], request, self.light_timeout, light=True)
            if answer is not None:
                return answer
            taken = self._scheduler.take(deadline, may_use_light=False)  # too long for the light lane
        if taken is None:
            return Answer.error(503, f"server busy: no query worker became free within {self.timeout:g} s; retry later")
        return self._run_on(taken[0], request, self.timeout)  # type: ignore[return-value]

    def _run_on(self, worker: _Worker, request: QueryRequest, timeout: float, *, light: bool = False) -> Answer | None:
        try:
            write_frame(worker.process.stdin, request)
            answer = read_frame(worker.stdout_fd, time.monotonic() + timeout)
        except TimeoutError:
            self._retire(worker, light)
            if light:
                return None  # the light lane's budget is spent: the general queue takes over
            return Answer.error(
                503, f"query timed out: it ran longer than the server's {self.timeout:g} s limit and was stopped"
            )
        except (OSError, WorkerError, EOFError, pickle.UnpicklingError):
            out_of_memory = worker.died_of_memory()
            self._retire(worker, light)
            if out_of_memory:
                return Answer.error(
                    503, f"query stopped: it needed more than the query worker's {self.memory_mb} MiB memory limit"
                )
            return Answer.error(500, "query worker failed while running the query")
        self._scheduler.put(worker, light=light)
        return answer

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


def _serve_requests(store: Any, stdin_fd: int, out: IO[bytes]) -> None:
    from casummit_rdf.serve.execute import execute

    while True:
        try:
            request: QueryRequest = read_frame(stdin_fd)
        except WorkerError:
            return
        try:
            answer = execute(
                store,
                request.text,
                request.formats,
                limits=request.limits,
                default_graphs=request.default_graphs,
                named_graphs=request.named_graphs,
            )
        except MemoryError:
            # Python ran out of room (Rust allocations abort the process instead): say so on
            # stderr for the server, and stop; the server replaces this worker.
            print("MemoryError", file=sys.stderr, flush=True)
            os._exit(3)
        write_frame(out, answer)


def worker_main() -> int:
    """A worker process: no network, load the dump, cap memory, then answer requests until stdin closes."""
    from casummit_rdf.serve.sandbox import limit_memory, remove_network

    isolation = remove_network()  # first, while the process is single-threaded
    import pyoxigraph as ox

    stdin_fd = sys.stdin.buffer.fileno()
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write to the frame channel
    try:
        setup: WorkerSetup = read_frame(stdin_fd)
    except WorkerError:
        return 0
    dump, memory_bytes = setup.dump, setup.memory_bytes
    del setup
    store = ox.Store()
    # Parsing keeps the dump's blank-node labels (Store.load would mint new ones per worker).
    store.extend(ox.parse(dump, format=ox.RdfFormat.N_QUADS))
    del dump
    threading.stack_size(_STACK_BYTES)
    runner = threading.Thread(target=_serve_requests, args=(store, stdin_fd, out), name="query", daemon=True)
    runner.start()  # the stack is reserved now, before the cap below counts it
    capped = memory_bytes > 0 and limit_memory(memory_bytes)
    write_frame(out, WorkerReady(tuple(isolation), capped))
    runner.join()
    return 0


if __name__ == "__main__":  # pragma: no cover - runs in the child process
    # Run the imported module's copy, so that pickled frames name casummit_rdf.serve.pool classes.
    from casummit_rdf.serve import pool

    sys.exit(pool.worker_main())
