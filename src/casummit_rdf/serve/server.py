"""The socket side of ``casummit serve``: HTTP/1.1 with keep-alive, strict framing, deadlines.

The standard library's threading HTTP server, hardened where it is lenient:

* an HTTP/0.9 request line (no version) is answered 400, not treated as a bodiless request;
* a request with two ``Content-Length`` headers is a 400 (RFC 9112 §6.3), chunked bodies are
  refused (411), a body over the limit is a 413 without being read;
* every request must arrive — request line, headers and body — within ``header_timeout``
  seconds; a :class:`DeadlineWatcher` closes connections that drip bytes to hold a thread
  (slowloris), however slowly each byte comes;
* a connection the client breaks mid-answer ends quietly: no traceback in the log.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from casummit_rdf.serve.app import App, ServeConfig
from casummit_rdf.serve.messages import Request, Response

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


class DeadlineWatcher:
    """Shuts down sockets whose current request has not arrived by its deadline."""

    def __init__(self, interval: float = 0.25):
        self._deadlines: dict[socket.socket, float] = {}
        self._fired: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), name="deadlines", daemon=True)
        self._thread.start()

    def arm(self, sock: socket.socket, seconds: float) -> None:
        with self._lock:
            self._deadlines[sock] = time.monotonic() + seconds

    def disarm(self, sock: socket.socket) -> bool:
        """Stop watching ``sock``; False when its deadline already fired."""
        with self._lock:
            self._deadlines.pop(sock, None)
            fired = sock in self._fired
            self._fired.discard(sock)
            return not fired

    def _run(self, interval: float) -> None:
        while not self._stop.wait(interval):
            now = time.monotonic()
            with self._lock:
                late = [sock for sock, deadline in self._deadlines.items() if deadline <= now]
                for sock in late:
                    del self._deadlines[sock]
                    self._fired.add(sock)
            for sock in late:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._stop.set()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "casummit-rdf"
    sys_version = ""
    timeout = 60  # a single read may block this long; the whole request has header_timeout
    disable_nagle_algorithm = True  # small answers must not wait for the client's delayed ACK
    server: CasummitServer

    def handle_one_request(self) -> None:
        self.server.deadlines.arm(self.connection, self.server.app.config.header_timeout)
        try:
            super().handle_one_request()
        except OSError:  # the client went away (or its deadline fired) mid-request
            self.close_connection = True
        finally:
            self.server.deadlines.disarm(self.connection)

    def parse_request(self) -> bool:
        if len(self.raw_requestline.split()) == 2:
            # A request line without a version is HTTP/0.9, which the base class would answer with
            # neither status line nor headers after waiting for headers that never come.
            self.request_version = "HTTP/1.1"
            self.requestline = self.raw_requestline.decode("latin-1").rstrip("\r\n")
            self.command = self.requestline.split()[0]
            self.close_connection = True
            self._send(Response.text(400, "HTTP/0.9 requests are not supported; send an HTTP/1.x request line"))
            return False
        return super().parse_request()

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        self._handle("GET")

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle("HEAD")

    def do_POST(self) -> None:  # noqa: N802
        self._handle("POST")

    def do_PUT(self) -> None:  # noqa: N802
        self._handle("PUT")

    def do_DELETE(self) -> None:  # noqa: N802
        self._handle("DELETE")

    def do_PATCH(self) -> None:  # noqa: N802
        self._handle("PATCH")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(Response(204, b"", None, {
            "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
            "Access-Control-Allow-Headers": "Accept, Content-Type",
            "Access-Control-Max-Age": "86400",
            "Allow": "GET, POST, HEAD, OPTIONS",
        }))

    def _refuse(self, response: Response) -> None:
        self.close_connection = True  # the rest of the request is not read: the connection cannot be reused
        self._send(response)

    def _handle(self, method: str) -> None:
        app = self.server.app
        config = app.config
        if len(self.path) > config.max_url:
            return self._refuse(Response.text(414, f"request URL longer than {config.max_url} bytes; POST the query instead"))
        if self.headers.get("Transfer-Encoding"):
            return self._refuse(Response.text(411, "chunked request bodies are not accepted; send Content-Length"))
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) > 1:
            return self._refuse(Response.text(400, "more than one Content-Length header"))
        body = b""
        if lengths:
            raw_length = lengths[0].strip()
            if not raw_length.isdigit() or not raw_length.isascii():
                return self._refuse(Response.text(400, "bad Content-Length"))
            length = int(raw_length)
            if length > config.max_body:
                return self._refuse(Response.text(413, f"request body of {length} bytes is over the {config.max_body}-byte limit"))
            body = self.rfile.read(length)
            if len(body) < length:  # the client stopped sending (or its deadline fired)
                self.close_connection = True
                return None
        elif method == "POST":
            return self._refuse(Response.text(411, "POST needs a Content-Length"))
        if not self.server.deadlines.disarm(self.connection):
            self.close_connection = True
            return None
        parts = urlsplit(self.path)
        request = Request(method, parts.path or "/", parts.query, dict(self.headers.items()), body)
        try:
            response = app.dispatch(request)
        except Exception:  # noqa: BLE001 - a bug must not kill the connection thread silently
            traceback.print_exc(file=sys.stderr)
            response = Response.text(500, "internal server error")
        self._send(response, head=method == "HEAD")
        return None

    def _send(self, response: Response, head: bool = False) -> None:
        self.send_response(response.status)
        headers = {
            "Access-Control-Allow-Origin": "*",
            "X-Content-Type-Options": "nosniff",
            "Content-Length": str(len(response.body)),
        }
        if response.content_type:
            headers["Content-Type"] = response.content_type
            if response.content_type.startswith("text/html"):
                headers["Content-Security-Policy"] = CSP
                headers["Referrer-Policy"] = "no-referrer"
        headers.update(response.headers)
        if self.close_connection:
            headers["Connection"] = "close"
        for name, value in headers.items():
            self.send_header(name, value)
        # Head and body in one write: one packet for small answers.
        self._headers_buffer.append(b"\r\n")
        if not head and response.body:
            self._headers_buffer.append(response.body)
        self.wfile.write(b"".join(self._headers_buffer))
        self._headers_buffer = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        if self.server.app.config.access_log:
            super().log_message(format, *args)


class CasummitServer(ThreadingHTTPServer):
    """A threading HTTP/1.1 server bound to an :class:`App`."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, config: ServeConfig, app: App | None = None):
        self.app = app or App(config)
        try:
            super().__init__((config.host, config.port), _Handler)
        except OSError:
            self.app.close()
            raise
        if config.base_url is None:  # port 0 is known only now
            self.app.endpoint.base_url = self.url
        self.deadlines = DeadlineWatcher()
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        if ":" in str(host):
            host = f"[{host}]"
        return f"http://{host}:{port}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that breaks the connection is not an error; anything else is one line."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return
        print(f"casummit serve: error while answering {client_address}: {error!r}", file=sys.stderr)

    def start(self) -> CasummitServer:
        """Serve in a background thread (for tests and benchmarks); returns ``self``."""
        self._thread = threading.Thread(target=self.serve_forever, name="casummit-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, close the socket and the query workers."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()
        self.deadlines.close()
        self.app.close()

    def __enter__(self) -> CasummitServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def create_server(config: ServeConfig) -> CasummitServer:
    """Load the data, start the query workers and bind the socket (does not serve yet)."""
    return CasummitServer(config)
