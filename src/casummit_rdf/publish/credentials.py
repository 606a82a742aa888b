"""Which credentials go to which host, and how secrets are kept out of every message.

The rule, for each request (its URL after any redirect):

* ``CASUMMIT_USER`` / ``CASUMMIT_PASSWORD`` belong to **one origin** (scheme, host and port): the
  update endpoint's when one is named, else the address the store was named by (the query
  endpoint or base address, else the Graph Store endpoint). Endpoints found on that origin get
  them; any other origin never does — not a query mirror on another host, not the target of a
  redirect.
* ``~/.netrc`` (or ``$NETRC``) is read per host: a request carries the entry whose ``machine``
  is the request's own host name, and only that.
* Basic credentials are sent with the first request to their own origin; digest credentials only
  in answer to that origin's challenge. A request to any other origin carries no
  ``Authorization`` header at all.

Nothing here prints or logs a secret; :func:`redact` removes ``Authorization`` values, URL
query-string secrets (``api_key=``, ``token=``, ``password=``, ``key=``, ``secret=``,
``access_token=`` …) and the known password from any text before it is shown.
"""

from __future__ import annotations

import base64
import netrc
import os
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from casummit_rdf.errors import CasummitError

ENV_USER, ENV_PASSWORD = "CASUMMIT_USER", "CASUMMIT_PASSWORD"

#: Secrets that were in use in this process; :func:`redact` removes them from any text.
_KNOWN_SECRETS: set[str] = set()

_AUTH_HEADER_RE = re.compile(r"(?i)\b((?:proxy-)?authorization\s*[:=]\s*)(?!\*\*\*)(\S+(?:\s+[^\s,;]+)?)")
_AUTH_VALUE_RE = re.compile(r"(?i)\b(basic|bearer|digest)\s+[A-Za-z0-9+/=._~-]{6,}[^\s]*")
_QUERY_SECRET_RE = re.compile(
    r"(?i)([?&;\s\"']|^)((?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token|password|passwd|pwd|"
    r"key|secret|client[_-]?secret)=)([^&#\s\"'<>(),;]*)"
)
_DIGEST_RESPONSE_RE = re.compile(r'(?i)\b(response\s*=\s*)"[^"]*"')
_USERINFO_RE = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/\s@]+@")


def redact(text: str) -> str:
    """``text`` without Authorization values, query-string secrets, URL user-info or known passwords.

    >>> redact("GET http://h/sparql?query=x&api_key=abc123 Authorization: Basic dXNlcjpwdw==")
    'GET http://h/sparql?query=x&api_key=*** Authorization: ***'

    It can be applied twice: the second time changes nothing.
    """
    text = _AUTH_HEADER_RE.sub(lambda m: m.group(1) + "***", text)
    text = _AUTH_VALUE_RE.sub(lambda m: m.group(1) + " ***", text)
    text = _QUERY_SECRET_RE.sub(lambda m: m.group(1) + m.group(2) + "***", text)
    text = _USERINFO_RE.sub(lambda m: m.group(1) + "***@", text)
    text = _DIGEST_RESPONSE_RE.sub(lambda m: m.group(1) + '"***"', text)
    for secret in sorted(_KNOWN_SECRETS, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


@dataclass(frozen=True)
class Origin:
    """Scheme, host and port of a URL: the unit credentials are scoped to."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def origin_of(url: str) -> Origin:
    """The :class:`Origin` of an http(s) URL (default ports filled in, host in lower case)."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return Origin(scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80))


@dataclass(frozen=True)
class Credentials:
    """A user name and password; ``repr`` never shows the password."""

    user: str
    password: str = field(repr=False)

    def basic(self) -> str:
        """The value of a Basic ``Authorization`` header."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode("utf-8")).decode("ascii")
        return "Basic " + token


class CredentialStore:
    """Looks up the credentials for one request URL by the rule in the module docstring."""

    def __init__(self, env_origin: Origin | None, *, environ: Mapping[str, str] | None = None):
        environ = os.environ if environ is None else environ
        self.env_origin = env_origin
        user, password = environ.get(ENV_USER), environ.get(ENV_PASSWORD)
        self._env = Credentials(user, password) if user and password is not None else None
        self._netrc_path = environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
        self._netrc: netrc.netrc | None = None
        self._netrc_read = False
        if self._env:
            _remember(self._env)

    @property
    def netrc_path(self) -> str:
        return self._netrc_path

    def for_url(self, url: str) -> Credentials | None:
        """The credentials meant for ``url``'s origin or host, or ``None``."""
        origin = origin_of(url)
        if self._env is not None and origin == self.env_origin:
            return self._env
        entry = self._netrc_entry(origin.host)
        if entry is not None:
            _remember(entry)
        return entry

    def any_for(self, url: str) -> bool:
        """Whether some credentials would be sent to ``url`` (for the dry run's report)."""
        return self.for_url(url) is not None

    def _netrc_entry(self, host: str) -> Credentials | None:
        if not self._netrc_read:
            self._netrc_read = True
            if os.path.isfile(self._netrc_path):
                try:
                    self._netrc = netrc.netrc(self._netrc_path)
                except (netrc.NetrcParseError, OSError):
                    # The parser's message can quote the file's content (a password): say only where.
                    raise CredentialFileError(f"cannot read credentials from {self._netrc_path} (parse error)") from None
        if self._netrc is None:
            return None
        entry = self._netrc.hosts.get(host)  # only the host's own entry, never netrc's "default"
        if entry and entry[0] and entry[2] is not None:
            return Credentials(entry[0], entry[2])
        return None


class CredentialFileError(CasummitError):
    """A netrc file that cannot be parsed (the message never quotes it)."""


def _remember(credentials: Credentials) -> None:
    if len(credentials.password) >= 3:  # shorter ones would garble every message; still never printed
        _KNOWN_SECRETS.add(credentials.password)
        _KNOWN_SECRETS.add(credentials.basic().split(" ", 1)[1])
