"""Credentials reach only the host they are for, and no message ever shows a secret.

Two addresses of one real Oxigraph server are used as two hosts: proxies reached as
``127.0.0.1:P1`` and ``localhost:P2`` — different origins, so credentials for one must never be
sent to the other. The proxies record every header they receive.
"""

from __future__ import annotations

import base64
import urllib.parse
from pathlib import Path

import pytest

from casummit_rdf import cli
from casummit_rdf.publish import redact
from casummit_rdf.publish.credentials import CredentialStore, origin_of
import servers
from servers import Answer, FaultProxy, OxigraphServer, ScriptedServer, Seen
from test_publish import TARGET, canonical_graph, local_canonical

oxigraph_server = servers.oxigraph_server  # a fixture
USER, PASSWORD = "editor", "pa55-for-the-update-host"
BASIC = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CASUMMIT_USER", raising=False)
    monkeypatch.delenv("CASUMMIT_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", "/nonexistent/netrc")


@pytest.fixture
def env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASUMMIT_USER", USER)
    monkeypatch.setenv("CASUMMIT_PASSWORD", PASSWORD)


def publish(*args: str) -> int:
    return cli.main(["publish", *args])


def authorizations(seen: list[Seen]) -> set[str | None]:
    return {s.headers.get("Authorization") for s in seen}


def localhost(proxy: FaultProxy) -> str:
    return f"http://localhost:{proxy.port}"


def test_environment_credentials_go_only_to_the_update_host(oxigraph_server: OxigraphServer, env_credentials: None) -> None:
    with FaultProxy(oxigraph_server.base) as reads, FaultProxy(oxigraph_server.base) as writes:
        code = publish("--endpoint", reads.base + "/query", "--update-endpoint", localhost(writes) + "/update",
                       "--method", "update")
        assert code == 0
        assert reads.seen and authorizations(reads.seen) == {None}
        assert writes.seen and authorizations(writes.seen) == {BASIC}
    assert canonical_graph(oxigraph_server.query_url, TARGET) == local_canonical()


def test_without_an_update_endpoint_they_go_to_the_address_host_only(
    oxigraph_server: OxigraphServer, env_credentials: None
) -> None:
    with FaultProxy(oxigraph_server.base) as store, FaultProxy(oxigraph_server.base) as other:
        assert publish("--endpoint", localhost(store), "--gsp", other.base + "/store") == 0
        assert authorizations(store.seen) == {BASIC}
        assert [s.method for s in other.seen] == ["PUT"] and authorizations(other.seen) == {None}


def test_a_redirect_to_another_host_carries_no_credentials(oxigraph_server: OxigraphServer, env_credentials: None) -> None:
    with FaultProxy(oxigraph_server.base) as elsewhere:
        def redirect(seen: Seen) -> Answer:
            return Answer(307, {"Location": localhost(elsewhere) + seen.path})

        with ScriptedServer(redirect) as front:
            assert publish("--endpoint", front.base, "--method", "update") == 0
            assert front.seen and authorizations(front.seen) == {BASIC}
        assert elsewhere.seen and authorizations(elsewhere.seen) == {None}
    assert canonical_graph(oxigraph_server.query_url, TARGET) == local_canonical()


def test_netrc_entries_go_only_to_their_own_host(oxigraph_server: OxigraphServer, tmp_path: Path, monkeypatch) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine localhost login {USER} password {PASSWORD}\ndefault login anyone password for-any-host\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with FaultProxy(oxigraph_server.base) as reads, FaultProxy(oxigraph_server.base) as writes:
        assert publish("--endpoint", reads.base + "/query", "--update-endpoint", localhost(writes) + "/update",
                       "--method", "update") == 0
        assert authorizations(reads.seen) == {None}  # netrc's "default" entry is never used
        assert authorizations(writes.seen) == {BASIC}


def test_digest_credentials_are_sent_only_in_answer_to_a_challenge(oxigraph_server: OxigraphServer, env_credentials: None) -> None:
    with FaultProxy(oxigraph_server.base) as proxy:
        assert publish("--endpoint", proxy.base, "--http-auth", "digest") == 0
        assert authorizations(proxy.seen) == {None}  # Oxigraph never asks


def test_a_digest_challenge_is_answered_and_reused_on_its_host_only(env_credentials: None) -> None:
    from casummit_rdf.publish import HttpClient

    challenge = 'Digest realm="store", nonce="abc123", qop="auth", algorithm="MD5", opaque="xyz"'

    def answer(seen: Seen) -> Answer:
        if "Authorization" not in seen.headers:
            return Answer(401, {"WWW-Authenticate": challenge})
        return Answer(200, {"Content-Type": "text/plain"}, b"ok")

    with ScriptedServer(answer) as server:
        client = HttpClient(CredentialStore(origin_of(server.base)), http_auth="digest")
        for _ in range(2):
            assert client.request("GET", server.base + "/x", "get").body == b"ok"
        sent = [s.headers.get("Authorization") for s in server.seen]
    assert sent[0] is None and sent[1].startswith("Digest ") and 'username="editor"' in sent[1]
    assert "nc=00000001" in sent[1] and sent[2].startswith("Digest ") and "nc=00000002" in sent[2]
    assert len(sent) == 3, "the second request reuses the challenge instead of being refused first"
    assert all(PASSWORD not in (a or "") for a in sent)


# --- nothing secret in any message -------------------------------------------------------------


def test_an_error_answer_that_echoes_secrets_is_redacted(env_credentials: None, capsys) -> None:
    def answer(seen: Seen) -> Answer:
        if seen.method == "GET" and "ASK" in urllib.parse.unquote_plus(seen.path):
            return Answer(200, {"Content-Type": "application/sparql-results+json"}, b'{"head":{},"boolean":true}')
        echoed = (f"bad request; you sent Authorization: {seen.headers.get('Authorization')} and "
                  f"password={PASSWORD} to {seen.path}").encode()
        return Answer(500, {"Content-Type": "text/plain"}, echoed)

    with ScriptedServer(answer) as server:
        code = publish("--endpoint", server.base + "/sparql?api_key=SECRET-KEY-123&access_token=tok-456",
                       "--update-endpoint", server.base + "/update")
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code == 1
    for secret in (PASSWORD, BASIC.split()[1], "SECRET-KEY-123", "tok-456"):
        assert secret not in text
    assert "count target graph: HTTP 500" in text  # the store's own words, redacted, are shown
    assert "api_key=***" in text and "Authorization: ***" in text and "password=***" in text


def test_redact() -> None:
    assert redact("http://h/q?query=x&api_key=abc&token=t1&key=k2&secret=s3&password=p4") == (
        "http://h/q?query=x&api_key=***&token=***&key=***&secret=***&password=***"
    )
    assert redact("Authorization: Basic dXNlcjpwYXNz, rest") == "Authorization: ***, rest"
    assert redact("sent Bearer abcdefghijkl to the host") == "sent Bearer *** to the host"
    assert "0123abcd" not in redact('Digest username="u", response="0123abcd"')
    assert redact("http://user:pw@host/x") == "http://***@host/x"
    assert redact("monkey=business") == "monkey=business"


def test_origins_tell_hosts_and_ports_apart() -> None:
    assert origin_of("http://127.0.0.1:7878/query") != origin_of("http://localhost:7878/query")
    assert origin_of("http://127.0.0.1:7878/query") != origin_of("http://127.0.0.1:7879/query")
    assert origin_of("http://Example.org/sparql") == origin_of("http://example.org:80/update")
    assert origin_of("https://example.org/sparql") != origin_of("http://example.org/sparql")


def test_credentials_never_appear_in_a_repr(env_credentials: None) -> None:
    store = CredentialStore(origin_of("http://127.0.0.1:1"))
    found = store.for_url("http://127.0.0.1:1/x")
    assert found is not None and PASSWORD not in repr(found)
    assert store.for_url("http://localhost:1/x") is None


def test_redact_twice_changes_nothing() -> None:
    text = "sent Authorization: Basic ZWRpdG9yOnBhNTU= and password=x1 to /q?api_key=S&access_token=t); next"
    once = redact(text)
    assert redact(once) == once and "and password=***" in once and "access_token=***); next" in once


def test_a_netrc_that_cannot_be_parsed_is_named_but_never_quoted(
    oxigraph_server: OxigraphServer, tmp_path: Path, monkeypatch, capsys
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine localhost login editor password unclosed-secret-quote\nfrobnicate unclosed-secret-quote\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert publish("--endpoint", oxigraph_server.base) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and f"cannot read credentials from {netrc} (parse error)" in err
    assert "unclosed-secret-quote" not in err


def test_the_redaction_example_runs() -> None:
    import doctest

    import casummit_rdf.publish.credentials as credentials

    failures, tried = doctest.testmod(credentials)
    assert tried > 0 and failures == 0
