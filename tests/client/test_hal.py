"""HalClient: index, link expansion, auth headers, retries and error mapping (over httpx.MockTransport)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from accord.client import HalClient, broker_message
from accord.errors import BrokerAuthError, BrokerError, BrokerUnreachableError

BASE = "http://broker.test"
INDEX = {
    "_links": {
        "self": {"href": BASE},
        "pb:pacticipant-version": {
            "href": BASE + "/pacticipants/{pacticipant}/versions/{version}",
            "templated": True,
        },
        "pb:environments": {"href": "/environments"},
    }
}


def _client(handler: Callable[[httpx.Request], httpx.Response], **kwargs: Any) -> HalClient:
    waits: list[float] = kwargs.pop("waits", [])
    return HalClient(BASE, transport=httpx.MockTransport(handler), sleep=waits.append, **kwargs)


def _index_handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=INDEX, headers={"content-type": "application/hal+json"})


def test_index_is_fetched_once_and_cached() -> None:
    """The index is fetched from the base URL once and then reused."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return _index_handler(request)

    with _client(handler) as hal:
        assert hal.index() == INDEX
        assert hal.index() == INDEX
    assert seen == [BASE + "/"]


@pytest.mark.parametrize(
    ("rel", "params", "expected"),
    [
        (
            "pb:pacticipant-version",
            {"pacticipant": "web", "version": "1.0.0"},
            "/pacticipants/web/versions/1.0.0",
        ),
        (
            "pb:pacticipant-version",
            {"pacticipant": "my app", "version": "a/b"},
            "/pacticipants/my%20app/versions/a%2Fb",
        ),
        ("pb:environments", {}, "/environments"),
    ],
)
def test_link_expands_templates_and_resolves_relative_hrefs(
    rel: str, params: dict[str, str], expected: str
) -> None:
    """Templated links are expanded with percent-encoded values; relative hrefs resolve against the base."""
    with _client(_index_handler) as hal:
        assert hal.link(hal.index(), rel, **params) == BASE + expected


def test_link_picks_a_named_entry_of_a_link_array() -> None:
    """A link array (pb:record-deployment) is searched by name."""
    resource = {
        "_links": {
            "pb:record-deployment": [
                {"name": "test", "href": BASE + "/d/1"},
                {"name": "production", "href": BASE + "/d/2"},
            ]
        }
    }
    with _client(_index_handler) as hal:
        assert hal.link(resource, "pb:record-deployment", name="production") == BASE + "/d/2"
        with pytest.raises(BrokerError, match="'pb:record-deployment' link named 'staging'"):
            hal.link(resource, "pb:record-deployment", name="staging")


@pytest.mark.parametrize(
    ("resource", "rel", "message"),
    [
        ({"_links": {}}, "pb:environments", "offers no 'pb:environments' link"),
        ({}, "pb:environments", "offers no 'pb:environments' link"),
        (INDEX, "pb:pacticipant-version", r"needs a value for \{version\}"),
    ],
)
def test_missing_links_and_values_are_errors(resource: dict[str, Any], rel: str, message: str) -> None:
    """A missing relation or an unexpanded placeholder raises BrokerError naming it."""
    with _client(_index_handler) as hal, pytest.raises(BrokerError, match=message):
        hal.link(resource, rel, pacticipant="web")


@pytest.mark.parametrize(
    ("kwargs", "authorization"),
    [
        ({"token": "s3cret"}, "Bearer s3cret"),
        ({"username": "u", "password": "p"}, "Basic dTpw"),
        ({"token": "t", "username": "u", "password": "p"}, "Bearer t"),
        ({}, None),
    ],
)
def test_auth_headers(kwargs: dict[str, str], authorization: str | None) -> None:
    """A token is sent as Bearer (and wins over basic auth); username/password as Basic."""
    headers: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        headers.append(request.headers)
        return _index_handler(request)

    with _client(handler, **kwargs) as hal:
        hal.index()
    assert headers[0].get("authorization") == authorization
    assert headers[0]["accept"] == "application/hal+json, application/json"


def test_post_and_put_send_json_bodies() -> None:
    """POST and PUT send their body as JSON and return the JSON answer ({} for an empty one)."""
    bodies: list[tuple[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append((request.method, json.loads(request.content)))
        return httpx.Response(201, json={"ok": True}) if request.method == "POST" else httpx.Response(204)

    with _client(handler) as hal:
        assert hal.post(BASE + "/environments", {"name": "test"}) == {"ok": True}
        assert hal.put(BASE + "/x", {}) == {}
    assert bodies == [("POST", {"name": "test"}), ("PUT", {})]


@pytest.mark.parametrize(
    ("kwargs", "status", "hint"),
    [
        ({}, 401, "set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD"),
        ({"token": "bad"}, 401, "set PACT_BROKER_TOKEN"),
        ({"token": "bad"}, 403, "with the permission"),
        ({"username": "u", "password": "bad"}, 401, "check PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD"),
    ],
)
def test_401_and_403_raise_auth_errors_naming_the_variable(
    kwargs: dict[str, str], status: int, hint: str
) -> None:
    """401/403 become BrokerAuthError saying the status, with a hint naming the variable to set."""
    with _client(lambda r: httpx.Response(status), **kwargs) as hal, pytest.raises(BrokerAuthError) as info:
        hal.index()
    assert str(status) in info.value.message
    assert info.value.hint is not None and hint in info.value.hint
    assert info.value.exit_code == 2


def test_connection_failures_are_retried_a_bounded_number_of_times() -> None:
    """A refused connection is retried `retries` times with doubling waits, then names the URL."""
    attempts: list[int] = []
    waits: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        raise httpx.ConnectError("Connection refused", request=request)

    with _client(handler, retries=3, waits=waits) as hal, pytest.raises(BrokerUnreachableError) as info:
        hal.index()
    assert len(attempts) == 4
    assert waits == [0.25, 0.5, 1.0]
    assert BASE in info.value.message and "after 4 attempts" in info.value.message


def test_a_503_then_success_is_retried() -> None:
    """A 503 is retried, and a later success is returned."""
    answers = iter([httpx.Response(503), httpx.Response(200, json=INDEX)])
    with _client(lambda r: next(answers)) as hal:
        assert hal.index() == INDEX


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (
            httpx.Response(200, text="<html>hello</html>", headers={"content-type": "text/html"}),
            "text/html, not JSON",
        ),
        (httpx.Response(200, json={"hello": "world"}), "not a Pact Broker: its index has no HAL _links"),
        (httpx.Response(500, json={"error": {"message": "boom"}}), "500 to GET /: boom"),
    ],
)
def test_non_hal_servers_and_server_errors(response: httpx.Response, message: str) -> None:
    """A server that is not a HAL broker, or a 5xx, is a BrokerError with one readable sentence."""
    with _client(lambda r: response, retries=0) as hal, pytest.raises(BrokerError, match=message):
        hal.index()


def test_missing_ok_turns_404_into_none() -> None:
    """get(..., missing_ok=True) returns None for a 404; without it the 404 is an error."""
    with _client(lambda r: httpx.Response(404, json={"error": "not found"})) as hal:
        assert hal.get(BASE + "/pacticipants/nope", missing_ok=True) is None
        with pytest.raises(BrokerError, match="404 to GET /pacticipants/nope: not found") as info:
            hal.get(BASE + "/pacticipants/nope")
    assert info.value.context["status"] == 404


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"error": {"message": "Version not found"}}', "Version not found"),
        (b'{"errors": {"name": ["is missing"]}}', "name: is missing"),
        (b'{"title": "Not found", "detail": "No pacticipant named x"}', "No pacticipant named x"),
        (b"plain   text\nerror", "plain text error"),
        (b"", ""),
    ],
)
def test_broker_message_extracts_the_human_part(body: bytes, expected: str) -> None:
    """The broker's error shapes (error, errors, problem+json, text) are reduced to one line."""
    assert broker_message(body) == expected


def test_a_base_url_that_is_not_http_is_refused() -> None:
    """A base URL without an http(s) scheme is a BrokerError with a hint."""
    with pytest.raises(BrokerError, match="not an http"):
        HalClient("localhost:9292")


def test_a_redirect_from_a_plain_http_broker_is_reported() -> None:
    """A plain-http broker's redirect is not followed: the error names where it points."""
    response = httpx.Response(301, headers={"location": "https://broker.example/"})
    with _client(lambda r: response) as hal, pytest.raises(BrokerError, match="redirected GET / to https://"):
        hal.index()
