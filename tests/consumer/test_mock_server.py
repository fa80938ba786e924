"""The HTTP mock server: real clients, reports, bad input, CORS, many servers at once."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import subprocess
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import pytest
import requests

from accord import match
from accord.consumer import MockServer, Pact
from accord.errors import MismatchError


def _define(pact: Pact) -> None:
    (
        pact.given("user 1 exists", id=1)
        .upon_receiving("a request for user 1")
        .with_request("GET", "/users/1", headers={"Accept": "application/json"})
        .will_respond_with(200, body={"id": match.integer(1), "name": match.string("Alice")})
    )
    (
        pact.upon_receiving("a search")
        .with_request("GET", "/users", query={"name": match.regex("al", r"[a-z]+")})
        .will_respond_with(200, body=match.each_like({"id": match.integer(1)}, min=0))
    )
    (
        pact.upon_receiving("a new user")
        .with_request("POST", match.regex("/users/new", r"/users/\w+"), body={"name": match.string("Bob")})
        .will_respond_with(201, headers={"Location": "/users/2"}, body={"id": 2})
    )


async def _async_clients(url: str) -> list[int]:
    async with httpx.AsyncClient() as client:
        first = await client.get(f"{url}/users/1", headers={"Accept": "application/json"})
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/users", params={"name": "bob"}) as response:
            second = response.status
        async with session.post(f"{url}/users/carol", json={"name": "Carol"}) as response:
            third = response.status
    return [first.status_code, second, third]


def test_every_client_against_one_mock_server(new_pact: Pact) -> None:
    """requests, httpx (sync and async), aiohttp, urllib and curl all talk to one mock server."""
    _define(new_pact)
    with new_pact.serve() as mock:
        got = requests.get(f"{mock.url}/users/1", headers={"Accept": "application/json"})
        assert got.json() == {"id": 1, "name": "Alice"}
        with httpx.Client() as client:
            assert client.get(f"{mock.url}/users", params={"name": "al"}).json() == [{"id": 1}]
        assert asyncio.run(_async_clients(mock.url)) == [200, 200, 201]
        request = urllib.request.Request(f"{mock.url}/users/1", headers={"Accept": "application/json"})
        with urllib.request.urlopen(request) as response:
            assert json.load(response)["name"] == "Alice"
        curl = subprocess.run(
            ["curl", "-s", "-i", "-X", "POST", "-H", "Content-Type: application/json",
             "-d", '{"name": "Dan"}', f"{mock.url}/users/dan"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert curl.stdout.startswith("HTTP/1.1 201")
        assert "Location: /users/2" in curl.stdout
    document = json.loads(new_pact.pact_file.read_text())
    assert [i["description"] for i in document["interactions"]] == [
        "a request for user 1",
        "a search",
        "a new user",
    ]


@pytest.mark.parametrize(
    ("call", "kinds", "text"),
    [
        (lambda url: requests.get(f"{url}/nobody"), {"unexpected-request", "missing-request"}, "GET /nobody"),
        (
            lambda url: requests.get(f"{url}/users/1", headers={"Accept": "text/html"}),
            {"request-mismatch", "missing-request"},
            "header Accept",
        ),
        (lambda url: None, {"missing-request"}, "never received"),
    ],
    ids=["unexpected", "mismatch", "missing"],
)
def test_failures_raise_a_numbered_report(new_pact: Pact, call: Any, kinds: set[str], text: str) -> None:
    """An unexpected, mismatched or missing request fails on exit with a report; no file is written."""
    new_pact.upon_receiving("a request for user 1").with_request(
        "GET", "/users/1", headers={"Accept": "application/json"}
    ).will_respond_with(200)
    with pytest.raises(MismatchError) as info, new_pact.serve() as mock:
        call(mock.url)
    assert {p.kind for p in info.value.context["problems"]} == kinds
    assert text in str(info.value)
    assert "  1. " in str(info.value)
    assert not new_pact.pact_file.exists()


@pytest.mark.parametrize(
    ("request_", "target", "kinds"),
    [
        ({"method": "GET", "path": "/a b"}, "/a%20b", {"unexpected-request"}),
        ({"method": "GET", "path": "/a%20b"}, "/a%20b", set()),
        ({"method": "GET", "path": "/a/b"}, "/a%2Fb", {"unexpected-request"}),
        (
            {
                "method": "GET",
                "path": "/i/1",
                "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "/i/\\d+"}]}},
            },
            "/i/x",
            {"unexpected-request"},
        ),
        (
            {
                "method": "GET",
                "path": "/i/1",
                "query": {"a": ["1"]},
                "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "/i/\\d+"}]}},
            },
            "/i/2?a=2",
            {"request-mismatch"},
        ),
    ],
    ids=["escaped-vs-decoded", "escaped-both", "escaped-slash", "path-rule-rejects", "path-rule-accepts"],
)
def test_requests_are_routed_by_the_path_as_sent(
    request_: dict[str, Any], target: str, kinds: set[str]
) -> None:
    """Paths compare as sent (no percent-decoding); a path rule that rejects the path means not found."""
    with MockServer([{"description": "x", "request": request_, "response": {"status": 200}}], "v3") as mock:
        connection = http.client.HTTPConnection(*mock.host_port(), timeout=10)
        connection.request("GET", target)
        connection.getresponse().read()
        connection.close()
        found = {problem.kind for problem in mock.problems() if problem.kind != "missing-request"}
    assert found == kinds


@pytest.mark.parametrize(
    ("requests_", "target", "kind"),
    [
        ([{"path": "/a b", "query": {"x": ["1"]}}, {"path": "/a/"}], "/a/?x=1", "unexpected-request"),
        ([{"path": "/a/"}, {"path": "/a b", "query": {"x": ["1"]}}], "/a/?x=1", "request-mismatch"),
        ([{"path": "/b"}, {"path": "/a", "query": {"x": ["1"]}}], "/a?x=2", "request-mismatch"),
        ([{"path": "/b", "query": {"x": ["1"]}}], "/a?x=1", "unexpected-request"),
    ],
)
def test_unmatched_requests_are_judged_by_the_closest_interaction(
    requests_: list[dict[str, Any]], target: str, kind: str
) -> None:
    """The first interaction with the best Rust score decides: another path there means not found."""
    interactions = [
        {"description": str(i), "request": {"method": "GET", **r}, "response": {"status": 200}}
        for i, r in enumerate(requests_)
    ]
    with MockServer(interactions, "v3") as mock:
        assert requests.get(f"{mock.url}{target}").status_code == 500
        found = [problem.kind for problem in mock.problems() if problem.kind != "missing-request"]
    assert found == [kind]


@pytest.mark.parametrize(
    ("spec", "body", "sent"),
    [
        ("v3", "AAH/", b"\x00\x01\xff"),
        ("v2", "AAH/", b"\x00\x01\xff"),
        ("v3", "not base64!", b"not base64!"),
        ("v4", "AAH/", b"AAH/"),
    ],
)
def test_v3_binary_response_bodies_are_base64(spec: str, body: str, sent: bytes) -> None:
    """A v2/v3 response body under a binary Content-Type is base64 text, sent decoded (as Rust does)."""
    response = {"status": 200, "headers": {"Content-Type": "application/octet-stream"}, "body": body}
    interaction = {"description": "x", "request": {"method": "GET", "path": "/"}, "response": response}
    with MockServer([interaction], spec) as mock:
        assert requests.get(f"{mock.url}/").content == sent


@pytest.mark.parametrize(
    ("spec", "body", "sent"),
    [
        ("v3", "12", b'"12"'),
        ("v3", '{"a": 1}', b'{"a": 1}'),
        ("v3", '"x"', b'"x"'),
        ("v3", "abc", b'"abc"'),
        ("v4", {"content": "12", "contentType": "application/json", "encoded": False}, b'"12"'),
        ("v4", {"content": 12, "contentType": "application/json", "encoded": False}, b"12"),
    ],
)
def test_json_string_response_bodies_are_served_as_verified(spec: str, body: Any, sent: bytes) -> None:
    """A string body under a JSON type is served as the verifier (and Rust) will expect it."""
    response = {"status": 200, "headers": {"Content-Type": "application/json"}, "body": body}
    interaction = {"description": "x", "request": {"method": "GET", "path": "/"}, "response": response}
    with MockServer([interaction], spec) as mock:
        assert requests.get(f"{mock.url}/").content == sent


@pytest.mark.parametrize("spec", ["v2", "v3", "v4"])
@pytest.mark.parametrize(("text", "answer"), [("12", 12), ('{"a": [1]}', {"a": [1]}), ("abc", "abc")])
def test_a_str_body_under_a_json_type_is_the_document_it_holds(
    tmp_path: Path, spec: str, text: str, answer: Any
) -> None:
    """The DSL reads a str body under a JSON type as the JSON text it is; the mock serves that document."""
    pact = Pact("c", "p", spec=spec, pact_dir=tmp_path)
    pact.upon_receiving("x").with_request("GET", "/").will_respond_with(
        200, headers={"Content-Type": "application/json"}, body=text
    )
    with pact.serve() as mock:
        assert requests.get(f"{mock.url}/").json() == answer


def test_mismatch_answer_is_a_500_with_the_mismatches(new_pact: Pact) -> None:
    """A request that does not match gets a 500 whose JSON body lists each mismatch's path."""
    new_pact.upon_receiving("create").with_request(
        "POST", "/u", body={"n": match.integer(1)}
    ).will_respond_with(201)
    with pytest.raises(MismatchError, match=r"\$\.body\.n"), new_pact.serve() as mock:
        response = requests.post(f"{mock.url}/u", json={"n": "one"})
        assert response.status_code == 500
        assert response.json()["mismatches"][0]["path"] == "$.body.n"


def _raw(url: str, payload: bytes, *, shut_write: bool = True) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(payload)
        if shut_write:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _post(url: str, data: bytes, content_type: str) -> int:
    return requests.post(f"{url}/upload", data=data, headers={"Content-Type": content_type}).status_code


BAD_INPUT: list[tuple[str, Any, str]] = [
    (
        "10 MB body",
        lambda url: requests.post(f"{url}/upload", data=b"x" * (10 * 1024 * 1024),
                                  headers={"Content-Type": "application/octet-stream"}).status_code,
        "did not match",
    ),
    (
        "malformed JSON",
        lambda url: _post(url, b'{"a": ', "application/json"),
        "did not match",
    ),
    (
        "bad content type",
        lambda url: _post(url, b"{}", "no/such;;=type"),
        "did not match",
    ),
    (
        "half-closed connection",
        lambda url: _raw(url, b"POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\""),
        "closed the connection after 4 of 100 body bytes",
    ),
    ("malformed request line", lambda url: _raw(url, b"HELLO\r\n\r\n"), "malformed HTTP request line"),
    ("headers cut short", lambda url: _raw(url, b"GET / HTTP/1.1\r\nHost: x\r\n"), "Bad request"),
    (
        "broken chunked body",
        lambda url: _raw(url, b"POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        "malformed chunk size",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "send", "text"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_becomes_a_report(new_pact: Pact, name: str, send: Any, text: str) -> None:
    """Bad input yields a mismatch report; the server neither hangs nor dies, and still serves."""
    new_pact.upon_receiving("an upload").with_request("POST", "/upload", body={"a": 1}).will_respond_with(204)
    with pytest.raises(MismatchError) as info, new_pact.serve() as mock:
        send(mock.url)
        assert requests.post(f"{mock.url}/upload", json={"a": 1}).status_code == 204
    assert text in str(info.value)


def test_stalled_client_is_reported_at_exit() -> None:
    """A client that stops half-way through its headers is cut off at exit and reported."""
    interactions = [
        {"description": "x", "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}
    ]
    server = MockServer(interactions, "v3").start()
    sock = socket.create_connection((server.host_port()[0], server.port))
    sock.sendall(b"GET / HTTP/1.1\r\nHo")
    assert requests.get(server.url + "/").status_code == 200
    server.close()
    sock.close()
    assert any("still incomplete" in p.message for p in server.problems())


def test_cors_preflight(new_pact: Pact) -> None:
    """With cors=True, a pre-flight OPTIONS is answered and responses carry Allow-Origin."""
    new_pact.upon_receiving("a put").with_request("PUT", "/items/1", body={"a": 1}).will_respond_with(
        200, body={}
    )
    with new_pact.serve(cors=True) as mock:
        pre = requests.options(
            f"{mock.url}/items/1",
            headers={"Origin": "http://app", "Access-Control-Request-Method": "PUT",
                     "Access-Control-Request-Headers": "content-type"},
        )  # fmt: skip
        assert pre.status_code == 204
        assert pre.headers["Access-Control-Allow-Origin"] == "http://app"
        assert pre.headers["Access-Control-Allow-Headers"] == "content-type"
        put = requests.put(f"{mock.url}/items/1", json={"a": 1}, headers={"Origin": "http://app"})
        assert put.headers["Access-Control-Allow-Origin"] == "http://app"


def test_many_servers_at_once(tmp_path: Path) -> None:
    """Several mock servers run side by side on distinct ephemeral ports."""
    pacts = [Pact("web", f"p{i}", pact_dir=tmp_path) for i in range(5)]
    for i, pact in enumerate(pacts):
        pact.upon_receiving("ping").with_request("GET", "/ping").will_respond_with(200, body={"n": i})
    with (
        pacts[0].serve() as a,
        pacts[1].serve() as b,
        pacts[2].serve() as c,
        pacts[3].serve() as d,
        pacts[4].serve() as e,
    ):
        servers = [a, b, c, d, e]
        assert len({s.port for s in servers}) == 5
        assert [requests.get(f"{s.url}/ping").json()["n"] for s in servers] == [0, 1, 2, 3, 4]
    assert len(list(tmp_path.glob("web-p*.json"))) == 5


def test_keep_alive_and_repeats(new_pact: Pact) -> None:
    """One keep-alive session sends many requests; an interaction may be received repeatedly."""
    new_pact.upon_receiving("ping").with_request("GET", "/ping").will_respond_with(200, body={"ok": True})
    with new_pact.serve() as mock, requests.Session() as session:
        assert all(session.get(f"{mock.url}/ping").json() == {"ok": True} for _ in range(20))


def test_head_and_binary_bodies(new_pact: Pact) -> None:
    """Binary (V4 base64) response bodies travel as bytes; HEAD gets headers only."""
    picture = bytes(range(256))
    new_pact.upon_receiving("a picture").with_request("GET", "/pic").will_respond_with(
        200, headers={"Content-Type": "image/png"}, body=picture
    )
    new_pact.upon_receiving("a head").with_request("HEAD", "/pic").will_respond_with(200)
    with new_pact.serve() as mock:
        assert requests.get(f"{mock.url}/pic").content == picture
        assert requests.head(f"{mock.url}/pic").content == b""
