"""The transports' request and response: httpx's defaults and names, without httpx."""

from __future__ import annotations

import gzip
import zlib

import pytest

from accord.provider.transports import URL, Headers, Request, Response


@pytest.mark.parametrize(
    ("method", "content", "expected"),
    [
        ("GET", None, [(b"Host", b"localhost:8000")]),
        ("POST", None, [(b"Host", b"localhost:8000"), (b"Content-Length", b"0")]),
        ("PUT", b"{}", [(b"Host", b"localhost:8000"), (b"Accept", b"*/*"), (b"Content-Length", b"2")]),
    ],
)
def test_host_and_content_length_are_added_as_httpx_does(
    method: str, content: bytes | None, expected: list[tuple[bytes, bytes]]
) -> None:
    """Host from the URL; Content-Length from the body, or 0 for a POST, PUT or PATCH without one."""
    headers = [("Accept", "*/*")] if content else []
    request = Request(method, "http://localhost:8000/x", headers=headers, content=content)
    assert request.headers.raw == expected


def test_the_url_parts() -> None:
    """The parts httpx's URL offers: the default port dropped, raw_path with the query."""
    url = URL("https://example.com:443/a%20b/c?x=1%202")
    assert (url.scheme, url.host, url.port, url.netloc) == ("https", "example.com", None, b"example.com")
    assert (url.raw_path, url.query, url.path) == (b"/a%20b/c?x=1%202", b"x=1%202", "/a b/c")
    with pytest.raises(ValueError):
        URL("http://localhost:http/")
    with pytest.raises(ValueError):
        URL("/relative")


def test_headers_are_case_insensitive_and_keep_repeats() -> None:
    """Setting a name replaces all its values in place; reading joins repeats; raw is the wire form."""
    headers = Headers([("Accept", "a"), ("X-Id", "1"), ("accept", "b")])
    assert headers["ACCEPT"] == "a, b" and headers.get_list("accept") == ["a", "b"]
    headers["accept"] = "c"
    headers.update({"X-New": "é"})
    assert headers.raw == [(b"accept", b"c"), (b"X-Id", b"1"), (b"X-New", "é".encode("latin-1"))]
    del headers["x-id"]
    assert "X-Id" not in headers and headers.get("x-id") is None and len(headers) == 2


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("identity", lambda body: body),
    ],
)
def test_response_bodies_are_decoded(encoding: str, encode: object) -> None:
    """gzip and deflate bodies are decoded, as httpx decodes them for the matcher."""
    assert callable(encode)
    response = Response(200, [(b"Content-Encoding", encoding.encode())], encode(b'{"id":1}'))
    assert response.content == b'{"id":1}'


def test_an_undecodable_body_is_left_as_sent() -> None:
    """A body that is not what its Content-Encoding says stays as it came (the matcher reports it)."""
    assert Response(200, [(b"Content-Encoding", b"gzip")], b"plain").content == b"plain"


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/a/../b/./c", None),
        ("/x y/é", 'a=1 2&b=%41&c=%zz&d=[x]&e="q"'),
        ("/p", {"k y": ["v/1", "é", None]}),
        ("/100%", "x=%"),
        ("relative", None),
        ("/a%2Fb", "q=a+b&r=x|y^z`{}"),
    ],
)
@pytest.mark.parametrize("base", ["http://localhost", "http://127.0.0.1:8000/api/", "https://h.example/"])
def test_replayed_urls_are_what_httpx_would_send(path: str, query: object, base: str) -> None:
    """Paths and queries go on the wire as httpx would send them (escapes, dot segments, base path)."""
    import httpx

    from accord.provider._replay import build_request

    pact_request: dict[str, object] = {"method": "GET", "path": path}
    if query is not None:
        pact_request["query"] = query
    url = build_request(pact_request, base).url
    oracle = httpx.URL(str(url))
    assert (url.raw_path, url.query, url.host, url.port) == (
        oracle.raw_path,
        oracle.query,
        oracle.host,
        oracle.port,
    )
    assert url.path == oracle.path
