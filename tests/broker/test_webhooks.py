"""Webhooks: CRUD through the API, host allow-list, templating, and firing on publication and
verification events to a receiver on 127.0.0.1."""

from __future__ import annotations

import base64
import json
import queue
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from accord.broker.webhooks import render
from accord.broker.webhooks._webhooks import (
    ProviderVersionInUse,
    RequiredVerification,
    required_verifications,
)

from .conftest import publication

pytestmark = pytest.mark.anyio


@pytest.fixture
def receiver() -> Iterator[tuple[str, queue.Queue[dict[str, Any]]]]:
    """An HTTP receiver on 127.0.0.1 port 0 that queues every request it gets."""
    received: queue.Queue[dict[str, Any]] = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.put(
                {
                    "path": self.path,
                    "body": json.loads(body) if body else None,
                    "header": self.headers.get("X-Event"),
                    "authorization": self.headers.get("Authorization"),
                }
            )
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()
    thread.join(10)


def webhook(url: str, events: list[str], **extra: Any) -> dict[str, Any]:
    """A webhook definition posting the event's names to ``url``."""
    return {
        "description": "notify",
        "events": [{"name": e} for e in events],
        "request": {
            "method": "POST",
            "url": f"{url}/hook/${{pactbroker.consumerName}}",
            "headers": {"X-Event": "${pactbroker.eventName}"},
            "body": {
                "provider": "${pactbroker.providerName}",
                "pact": "${pactbroker.pactUrl}",
                "providerVersion": "${pactbroker.providerVersionNumber}",
            },
        },
        **extra,
    }


def test_render_replaces_placeholders_everywhere() -> None:
    """Placeholders are replaced in strings nested in JSON; unknown ones become empty."""
    assert render(
        {"a": ["${pactbroker.consumerName}!", 1], "b": "${pactbroker.nope}"}, {"consumerName": "web"}
    ) == {"a": ["web!", 1], "b": ""}


async def test_webhook_crud(client: httpx.AsyncClient) -> None:
    """Create, list, read, replace and delete a webhook."""
    created = await client.post("/webhooks", json=webhook("http://127.0.0.1:9", ["contract_published"]))
    assert created.status_code == 201, created.text
    href = created.json()["_links"]["self"]["href"]
    assert [w["uuid"] for w in (await client.get("/webhooks")).json()["_embedded"]["webhooks"]] == [
        created.json()["uuid"]
    ]
    replaced = await client.put(
        href, json=webhook("http://localhost:9", ["provider_verification_failed"], enabled=False)
    )
    assert (replaced.json()["enabled"], replaced.json()["events"]) == (
        False,
        [{"name": "provider_verification_failed"}],
    )
    assert (await client.delete(href)).status_code == 204
    assert (await client.get(href)).status_code == 404


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"events": [{"name": "contract_exploded"}]}, "unknown event"),
        ({"events": []}, "non-empty array"),
        ({"request": {"method": "POST", "url": "ftp://127.0.0.1/x"}}, "absolute http(s) URL"),
        ({"request": {"method": "POST", "url": "http://example.com/x"}}, "not allowed for webhooks"),
        ({"request": {"method": "BREW", "url": "http://127.0.0.1/x"}}, "request.method"),
        ({"consumer": {"name": "nobody"}}, "no consumer named 'nobody'"),
        ({"consumer": {"label": " "}}, "is not a label name"),
        ({"provider": {"label": "team/a"}}, "without '/'"),
        ({"consumer": {"name": "web", "label": "ios"}}, "(not both)"),
        ({"colour": "blue"}, "unknown field"),
    ],
)
async def test_invalid_webhooks_are_refused(
    client: httpx.AsyncClient, change: dict[str, Any], words: str
) -> None:
    """Each invalid definition is a 4xx naming the problem; nothing is stored."""
    response = await client.post(
        "/webhooks", json={**webhook("http://127.0.0.1:9", ["contract_published"]), **change}
    )
    assert 400 <= response.status_code < 500
    assert words in response.json()["error"]
    assert (await client.get("/webhooks")).json()["_embedded"]["webhooks"] == []


async def test_webhooks_fire_on_publication_and_verification(
    client: httpx.AsyncClient, receiver: tuple[str, queue.Queue[dict[str, Any]]]
) -> None:
    """A content change fires contract_content_changed (templated URL, header and body); a failed
    verification fires provider_verification_failed; a webhook for another provider stays quiet."""
    url, received = receiver
    await client.put("/pacticipants/other", json={})
    assert (
        await client.post("/webhooks", json=webhook(url, ["contract_content_changed"]))
    ).status_code == 201
    await client.post("/webhooks", json=webhook(url, ["provider_verification_failed"]))
    await client.post("/webhooks", json=webhook(url, ["contract_published"], provider={"name": "other"}))
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    first = received.get(timeout=10)
    assert (first["path"], first["header"], first["body"]["provider"]) == (
        "/hook/web",
        "contract_content_changed",
        "api",
    )
    pact = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
    assert first["body"]["pact"] == pact["_links"]["pb:pact-version"]["href"]
    await client.post(
        pact["_links"]["pb:publish-verification-results"]["href"],
        json={"success": False, "providerApplicationVersion": "9"},
    )
    second = received.get(timeout=10)
    assert (second["header"], second["body"]["providerVersion"]) == ("provider_verification_failed", "9")
    assert received.empty()


async def test_execute_reports_the_outcome(
    client: httpx.AsyncClient, receiver: tuple[str, queue.Queue[dict[str, Any]]]
) -> None:
    """POST /webhooks/{uuid}/execute sends it now with example values and reports the status."""
    url, received = receiver
    created = (await client.post("/webhooks", json=webhook(url, ["contract_published"]))).json()
    result = await client.post(created["_links"]["pb:execute"]["href"])
    assert result.json()["success"] is True and result.json()["response"]["status"] == 204
    assert result.json()["logs"] == f"POST {url}/hook/Example Consumer\nHTTP 204\n"
    assert received.get(timeout=10)["path"] == "/hook/Example%20Consumer"


async def test_put_creates_a_webhook_with_the_uuid_given(client: httpx.AsyncClient) -> None:
    """``PUT /webhooks/{uuid}`` creates the webhook (201) when the uuid is new, then replaces it (200),
    as the index's templated ``pb:webhook`` relation promises; a uuid that is too short is a 400."""
    index = (await client.get("/")).json()["_links"]
    assert index["pb:webhooks"]["href"].endswith("/webhooks")
    href = index["pb:webhook"]["href"].replace("{uuid}", "3a1bd8d2-7f6e-4bc9-9a34-5a7a0c4b0c11")
    created = await client.put(href, json=webhook("http://127.0.0.1:9", ["contract_published"]))
    assert (created.status_code, created.json()["uuid"]) == (201, "3a1bd8d2-7f6e-4bc9-9a34-5a7a0c4b0c11")
    updated = await client.put(href, json=webhook("http://127.0.0.1:9", ["provider_verification_failed"]))
    assert (updated.status_code, updated.json()["events"]) == (
        200,
        [{"name": "provider_verification_failed"}],
    )
    assert len((await client.get("/webhooks")).json()["_embedded"]["webhooks"]) == 1
    refused = await client.put("/webhooks/short", json=webhook("http://127.0.0.1:9", ["contract_published"]))
    assert (refused.status_code, refused.json()["errors"]) == (400, {"uuid": [refused.json()["error"]]})


async def test_webhooks_for_a_consumer_and_provider(client: httpx.AsyncClient) -> None:
    """``POST /webhooks/provider/{p}/consumer/{c}`` creates a webhook limited to that pair (the Ruby
    client's create-webhook with --consumer and --provider); ``GET`` there lists only those; an unknown
    pacticipant is a 404."""
    for name in ("web", "api", "other"):
        await client.put(f"/pacticipants/{name}", json={})
    created = await client.post(
        "/webhooks/provider/api/consumer/web", json=webhook("http://127.0.0.1:9", ["contract_published"])
    )
    assert created.status_code == 201, created.text
    assert (created.json()["consumer"], created.json()["provider"]) == ({"name": "web"}, {"name": "api"})
    await client.post("/webhooks/provider/other", json=webhook("http://127.0.0.1:9", ["contract_published"]))
    listed = (await client.get("/webhooks/provider/api/consumer/web")).json()["_embedded"]["webhooks"]
    assert [w["uuid"] for w in listed] == [created.json()["uuid"]]
    assert len((await client.get("/webhooks/provider/other")).json()["_embedded"]["webhooks"]) == 1
    missing = await client.post(
        "/webhooks/provider/api/consumer/nobody", json=webhook("http://127.0.0.1:9", ["contract_published"])
    )
    assert missing.status_code == 404
    assert len((await client.get("/webhooks")).json()["_embedded"]["webhooks"]) == 2


async def test_basic_auth_credentials_are_sent_and_masked(
    client: httpx.AsyncClient, receiver: tuple[str, queue.Queue[dict[str, Any]]]
) -> None:
    """A webhook's ``username``/``password`` (the Ruby client's ``-u user:pw``) authenticate its
    request; the password never comes back from the API."""
    url, received = receiver
    definition = webhook(url, ["contract_published"])
    definition["request"].update(username="ci", password="s3cret")
    created = (await client.post("/webhooks", json=definition)).json()
    assert (created["request"]["username"], created["request"]["password"]) == ("ci", "**********")
    await client.post(created["_links"]["pb:execute"]["href"])
    assert received.get(timeout=10)["authorization"] == "Basic " + base64.b64encode(b"ci:s3cret").decode()


MAIN = ProviderVersionInUse("5", "main", "latest from main branch")
PROD = ProviderVersionInUse("4", "hotfix", "deployed in prod")
MOBILE = ProviderVersionInUse("5", "main", "released in mobile")


@pytest.mark.parametrize(
    ("in_use", "verified", "expected"),
    [
        ([], set(), []),
        ([MAIN], set(), [RequiredVerification("5", "main", ("latest from main branch",))]),
        ([MAIN], {"5"}, []),
        (
            [MAIN, PROD, MOBILE],
            set(),
            [
                RequiredVerification("5", "main", ("latest from main branch", "released in mobile")),
                RequiredVerification("4", "hotfix", ("deployed in prod",)),
            ],
        ),
        ([MAIN, PROD, MOBILE], {"5"}, [RequiredVerification("4", "hotfix", ("deployed in prod",))]),
        (
            [PROD, ProviderVersionInUse("4", "hotfix", "deployed in test")],
            set(),
            [RequiredVerification("4", "hotfix", ("deployed in prod", "deployed in test"))],
        ),
    ],
)
def test_required_verifications(
    in_use: list[ProviderVersionInUse], verified: set[str], expected: list[RequiredVerification]
) -> None:
    """One per provider version in use that has not verified the pact, its reasons merged in order."""
    assert required_verifications(in_use, verified) == expected


async def test_contract_requiring_verification_published(
    client: httpx.AsyncClient, receiver: tuple[str, queue.Queue[dict[str, Any]]]
) -> None:
    """A publication fires ``contract_requiring_verification_published`` once per provider version that
    must verify it (main branch head, deployed, released) with that version's number, branch and
    reasons; a version that already verified the content is not asked again."""
    url, received = receiver
    await client.put("/pacticipants/api", json={"mainBranch": "main"})
    for number, branch in (("4", "hotfix"), ("5", "main")):
        await client.put(f"/pacticipants/api/branches/{branch}/versions/{number}", json={})
    for name in ("prod", "mobile"):
        await client.post("/environments", json={"name": name})
    environments = (await client.get("/environments")).json()["_links"]["pb:environments"]
    uuid = {link["name"]: link["href"].rsplit("/", 1)[-1] for link in environments}
    await client.post(f"/pacticipants/api/versions/4/deployed-versions/environment/{uuid['prod']}", json={})
    await client.post(f"/pacticipants/api/versions/5/released-versions/environment/{uuid['mobile']}", json={})
    hook = {
        "events": [{"name": "contract_requiring_verification_published"}],
        "request": {
            "method": "POST",
            "url": f"{url}/build",
            "body": {
                "version": "${pactbroker.providerVersionNumber}",
                "branch": "${pactbroker.providerVersionBranch}",
                "why": "${pactbroker.providerVersionDescriptions}",
                "consumerVersion": "${pactbroker.consumerVersionNumber}",
            },
        },
    }
    assert (await client.post("/webhooks", json=hook)).status_code == 201
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    bodies = sorted((received.get(timeout=10)["body"] for _ in range(2)), key=lambda b: b["version"])
    assert bodies == [
        {"version": "4", "branch": "hotfix", "why": "deployed in prod", "consumerVersion": "1"},
        {
            "version": "5",
            "branch": "main",
            "why": "latest from main branch, released in mobile",
            "consumerVersion": "1",
        },
    ]
    pact = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
    await client.post(
        pact["_links"]["pb:publish-verification-results"]["href"],
        json={"success": True, "providerApplicationVersion": "5"},
    )
    await client.post("/contracts/publish", json=publication("web", "2", {"api": "a"}))
    assert received.get(timeout=10)["body"]["version"] == "4"
    await client.post("/contracts/publish", json=publication("web", "3", {"api": "b"}))
    assert sorted(received.get(timeout=10)["body"]["version"] for _ in range(2)) == ["4", "5"]
    assert received.empty()


async def test_webhooks_scoped_by_label(
    client: httpx.AsyncClient, receiver: tuple[str, queue.Queue[dict[str, Any]]]
) -> None:
    """A webhook for a consumer label and a provider label is stored and shown with the labels, and fires
    only for publications between pacticipants that have them (labels added after it was created count)."""
    url, received = receiver
    for name in ("web", "ios", "api"):
        await client.put(f"/pacticipants/{name}", json={})
    await client.put("/pacticipants/ios/labels/mobile")
    created = await client.post(
        "/webhooks",
        json=webhook(url, ["contract_published"], consumer={"label": "mobile"}, provider={"label": "core"}),
    )
    assert created.status_code == 201, created.text
    assert (created.json()["consumer"], created.json()["provider"]) == (
        {"label": "mobile"},
        {"label": "core"},
    )
    shown = (await client.get(created.json()["_links"]["self"]["href"])).json()
    assert (shown["consumer"], shown["provider"]) == ({"label": "mobile"}, {"label": "core"})

    await client.post("/contracts/publish", json=publication("ios", "1", {"api": "a"}))  # api lacks "core"
    await client.put("/pacticipants/api/labels/core")
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))  # web lacks "mobile"
    await client.post("/contracts/publish", json=publication("ios", "2", {"api": "b"}))
    fired = received.get(timeout=10)
    assert (fired["path"], fired["body"]["provider"]) == ("/hook/ios", "api")
    await client.delete("/pacticipants/ios/labels/mobile")
    await client.post("/contracts/publish", json=publication("ios", "3", {"api": "c"}))
    # Each publication's webhooks run on a thread of their own: the last fires nothing, nor do the first two.
    with pytest.raises(queue.Empty):
        received.get(timeout=1)


@pytest.mark.parametrize(
    ("path", "listed"),
    [
        ("/webhooks", ["any", "labels", "mobile to api", "web", "web to api"]),
        ("/webhooks/provider/api", ["mobile to api"]),
        ("/webhooks/consumer/web", ["web"]),
        ("/webhooks/provider/api/consumer/web", ["web to api"]),
    ],
)
async def test_lists_by_pacticipant(client: httpx.AsyncClient, path: str, listed: list[str]) -> None:
    """As in the Pact Broker, a pacticipant list holds the webhooks whose pacticipant is the one the path
    names for each role, and none for a role it does not name: a consumer-label webhook for provider api
    is listed for api; a webhook scoped by labels on both sides, or for any pacticipant, only in all."""
    for name in ("web", "api"):
        await client.put(f"/pacticipants/{name}", json={})
    scopes: dict[str, dict[str, Any]] = {
        "any": {},
        "labels": {"consumer": {"label": "mobile"}, "provider": {"label": "core"}},
        "mobile to api": {"consumer": {"label": "mobile"}, "provider": {"name": "api"}},
        "web": {"consumer": {"name": "web"}},
        "web to api": {"consumer": {"name": "web"}, "provider": {"name": "api"}},
    }
    for description, scope in scopes.items():
        body = {**webhook("http://127.0.0.1:9", ["contract_published"], **scope), "description": description}
        assert (await client.post("/webhooks", json=body)).status_code == 201
    hooks = (await client.get(path)).json()["_embedded"]["webhooks"]
    assert sorted(h["description"] for h in hooks) == listed
