"""The Ruby Pact tools against a real Accord broker on 127.0.0.1: the ``pact-broker`` client
(pact_broker-client 1.75.1) and ``pact-provider-verifier``, as pact-python 2.2.1's wheel bundles them
(``.peers/pact-ruby``, made by ``scripts/install-peers.sh``).

Every command's exit code and output are checked, and then what the broker holds, on SQLite and on
PostgreSQL: the Ruby client is the oldest and most widely used broker client, so the broker must work
with it unchanged.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.broker import BrokerSettings, Storage, create_app, create_token
from accord.broker.api._metadata import decode_metadata

from .conftest import ServerThread, pact, serve_on_loopback

ROOT = Path(__file__).resolve().parents[2]
RUBY_BIN = next(iter(sorted(ROOT.glob(".peers/pact-ruby/lib/python3*/site-packages/pact/bin"))), None)

pytestmark = [
    pytest.mark.peers,
    pytest.mark.skipif(
        RUBY_BIN is None or not (RUBY_BIN / "pact-broker").exists(),
        reason="the Ruby Pact tools are not installed: run `make dev` (scripts/install-peers.sh makes "
        ".peers/pact-ruby)",
    ),
]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Run:
    """A finished Ruby command: exit code and output without colours."""

    def __init__(self, result: subprocess.CompletedProcess[str]) -> None:
        self.code = result.returncode
        self.out = _ANSI.sub("", result.stdout)
        self.err = _ANSI.sub("", result.stderr)

    def ok(self) -> str:
        """The output of a command that must have succeeded."""
        assert self.code == 0, (self.out, self.err)
        return self.out

    def json(self) -> Any:
        """The ``--output json`` of a successful command."""
        return json.loads(self.ok())


def ruby(tool: str, *args: str, broker: str | None = None) -> Run:
    """Run a bundled Ruby tool with no credentials and no telemetry (``broker`` as the base URL)."""
    assert RUBY_BIN is not None
    env = {key: value for key, value in os.environ.items() if not key.startswith("PACT_BROKER_")}
    env["PACT_DO_NOT_TRACK"] = "true"
    if broker:
        env["PACT_BROKER_BASE_URL"] = broker
    result = subprocess.run(
        [str(RUBY_BIN / tool), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    return Run(result)


def pact_broker(server: ServerThread, *args: str) -> Run:
    """``pact-broker ...`` against the server."""
    return ruby("pact-broker", *args, broker=server.url)


def pact_folder(tmp_path: Path, consumer: str, version: str, marker: str, provider: str = "api") -> Path:
    """A folder holding one pact file (``GET /items/{marker}`` answered with ``{"id": marker}``)."""
    folder = tmp_path / f"{consumer}-{version}-{marker}"
    folder.mkdir()
    (folder / f"{consumer}-{provider}.json").write_text(json.dumps(pact(consumer, provider, marker)))
    return folder


def publish(server: ServerThread, folder: Path, version: str, *args: str) -> str:
    """``pact-broker publish`` a folder for a consumer version."""
    return pact_broker(server, "publish", str(folder), "--consumer-app-version", version, *args).ok()


def get(server: ServerThread, path: str, **params: Any) -> Any:
    """A broker resource, read over HTTP."""
    response = httpx.get(f"{server.url}{path}", params=params, timeout=30)
    assert response.status_code == 200, (path, response.text)
    return response.json()


def matrix_of(server: ServerThread, consumer: str, version: str) -> list[tuple[str, bool | None]]:
    """(provider version, success) of the matrix rows of a consumer version."""
    rows = get(server, "/matrix", **{"q[][pacticipant]": consumer, "q[][version]": version})["matrix"]
    return sorted(
        (
            row["provider"]["version"]["number"] if row["provider"]["version"] else "",
            row["verificationResult"] and row["verificationResult"]["success"],
        )
        for row in rows
    )


def test_pacticipants_publish_versions_and_tags(live_server: ServerThread, tmp_path: Path) -> None:
    """create-or-update-pacticipant, describe-pacticipant, list-pacticipants, publish (branch, tag, build
    URL; unchanged; refused change), create-version-tag, create-or-update-version, describe-version,
    list-latest-pact-versions and delete-branch: outputs as the Ruby client prints them for the Pact
    Broker, and the broker holds what they recorded."""
    server = live_server
    created = pact_broker(
        server,
        "create-or-update-pacticipant",
        "--name",
        "web",
        "--main-branch",
        "main",
        "--repository-url",
        "https://git.example/web",
    ).ok()
    assert 'Pacticipant "web" created' in created
    assert (
        'Pacticipant "web" updated'
        in pact_broker(server, "create-or-update-pacticipant", "--name", "web", "--display-name", "Web").ok()
    )
    described = pact_broker(server, "describe-pacticipant", "--name", "web").ok()
    assert "Main Branch: main" in described and "Repository Url: https://git.example/web" in described
    as_json = pact_broker(server, "describe-pacticipant", "--name", "web", "--output", "json").json()
    assert (as_json["displayName"], as_json["mainBranch"]) == ("Web", "main")

    first = pact_folder(tmp_path, "web", "1", "a")
    published = publish(server, first, "1", "--branch", "main", "--tag", "dev", "--build-url", "https://ci/1")
    assert "Created web version 1 with branch main and tags dev" in published
    assert "Pact published for web version 1 and provider api." in published
    [again] = pact_broker(
        server, "publish", str(first), "--consumer-app-version", "1", "--branch", "main", "--output", "json"
    ).json()
    assert "Pact unchanged from previous version published for web version 1 and provider api." in [
        n["text"] for n in again["notices"]
    ]
    changed = pact_broker(
        server, "publish", str(pact_folder(tmp_path, "web", "1", "b")), "--consumer-app-version", "1"
    )
    assert changed.code == 1
    assert "already exists with different content" in changed.out
    assert "{" not in changed.out  # the notices, not a raw JSON body

    listed = pact_broker(server, "list-pacticipants").ok()
    assert re.search(r"^api\s+\|\s+api", listed, re.M) and re.search(r"^web\s+\|\s+Web", listed, re.M)
    names = [
        p["name"] for p in pact_broker(server, "list-pacticipants", "--output", "json").json()["pacticipants"]
    ]
    assert names == ["api", "web"]
    assert (
        "Tagging web version 1 as prod-candidate"
        in pact_broker(server, "create-version-tag", "-a", "web", "-e", "1", "-t", "prod-candidate").ok()
    )
    pact_broker(
        server, "create-or-update-version", "-a", "web", "-e", "2", "--branch", "feat", "--tag", "t2"
    ).ok()
    version = pact_broker(server, "describe-version", "-a", "web", "-e", "1", "--output", "json").json()
    assert version["buildUrl"] == "https://ci/1"
    assert [t["name"] for t in version["_embedded"]["tags"]] == ["dev", "prod-candidate"]
    assert [(b["name"], b["latest"]) for b in version["branchVersions"]] == [("main", True)]
    assert re.search(
        r"^1\s+\|\s+dev prod-candidate",
        pact_broker(server, "describe-version", "-a", "web", "--latest", "dev").ok(),
        re.M,
    )
    assert re.search(r"^2\s+\|\s+t2", pact_broker(server, "describe-version", "-a", "web").ok(), re.M)
    latest_pacts = pact_broker(server, "list-latest-pact-versions").ok()
    assert re.search(r"^web\s+\|\s+1\s+\|\s+api", latest_pacts, re.M)

    deleted = pact_broker(server, "delete-branch", "-a", "web", "--branch", "feat")
    assert deleted.code == 0, deleted.out
    missing = pact_broker(server, "delete-branch", "-a", "web", "--branch", "feat")
    assert (missing.code, "not found" in missing.out) == (1, True)

    web = get(server, "/pacticipants/web")
    assert (web["displayName"], web["mainBranch"], web["repositoryUrl"]) == (
        "Web",
        "main",
        "https://git.example/web",
    )
    stored = get(server, "/pacticipants/web/versions/1")
    assert sorted(t["name"] for t in stored["_embedded"]["tags"]) == ["dev", "prod-candidate"]
    assert get(server, "/pacts/provider/api/consumer/web/latest")["interactions"][0]["description"] == (
        "a request for a"
    )
    assert httpx.get(f"{server.url}/pacticipants/web/branches/feat", timeout=30).status_code == 404
    assert [t["name"] for t in get(server, "/pacticipants/web/versions/2")["_embedded"]["tags"]] == ["t2"]


def test_environments(live_server: ServerThread) -> None:
    """create-, update-, list-, describe- and delete-environment."""
    server = live_server
    created = pact_broker(
        server,
        "create-environment",
        "--name",
        "prod",
        "--display-name",
        "Production",
        "--production",
        "--contact-name",
        "ops",
        "--contact-email-address",
        "ops@example.com",
    ).ok()
    assert "Created prod environment in the Pact Broker with UUID" in created
    test_uuid = pact_broker(server, "create-environment", "--name", "test", "--output", "json").json()["uuid"]
    listed = pact_broker(server, "list-environments").ok()
    assert re.search(r"\|\s+prod\s+\|\s+Production\s+\|\s+true", listed)
    assert re.search(rf"^{test_uuid}\s+\|\s+test\s+\|\s+test\s+\|\s+false", listed, re.M)
    assert "Name: test" in pact_broker(server, "describe-environment", "--uuid", test_uuid).ok()
    assert (
        "Updated staging environment"
        in pact_broker(
            server,
            "update-environment",
            "--uuid",
            test_uuid,
            "--name",
            "staging",
            "--display-name",
            "Staging",
        ).ok()
    )
    described = pact_broker(server, "describe-environment", "--uuid", test_uuid, "--output", "json").json()
    assert (described["name"], described["displayName"], described["production"]) == (
        "staging",
        "Staging",
        False,
    )
    assert (
        "Deleted environment staging" in pact_broker(server, "delete-environment", "--uuid", test_uuid).ok()
    )

    [prod] = get(server, "/environments")["_embedded"]["environments"]
    assert (prod["name"], prod["displayName"], prod["production"]) == ("prod", "Production", True)
    assert prod["contacts"] == [{"name": "ops", "details": {"emailAddress": "ops@example.com"}}]


def _currently(server: ServerThread, kind: str) -> list[tuple[str, str, str | None]]:
    uuid = get(server, "/environments", name="prod")["_embedded"]["environments"][0]["uuid"]
    path, key = {
        "deployed": ("deployed-versions/currently-deployed", "deployedVersions"),
        "released": ("released-versions/currently-supported", "releasedVersions"),
    }[kind]
    records = get(server, f"/environments/{uuid}/{path}")["_embedded"][key]
    return sorted(
        (
            r["_embedded"]["pacticipant"]["name"],
            r["_embedded"]["version"]["number"],
            r.get("applicationInstance"),
        )
        for r in records
    )


def test_deployments_and_releases(live_server: ServerThread) -> None:
    """record-deployment (with an application instance), record-undeployment (wrong instance, unknown
    environment), record-release and record-support-ended: messages and the broker's records."""
    server = live_server
    pact_broker(server, "create-environment", "--name", "prod").ok()
    for pacticipant, number in (("api", "1"), ("api", "2"), ("web", "1")):
        pact_broker(server, "create-or-update-version", "-a", pacticipant, "-e", number).ok()
    assert (
        "Recorded deployment of api version 1 to prod environment in the Pact Broker."
        in pact_broker(server, "record-deployment", "-a", "api", "-e", "1", "--environment", "prod").ok()
    )
    pact_broker(
        server,
        "record-deployment",
        "-a",
        "api",
        "-e",
        "2",
        "--environment",
        "prod",
        "--application-instance",
        "blue",
    ).ok()
    assert _currently(server, "deployed") == [("api", "1", None), ("api", "2", "blue")]

    wrong = pact_broker(
        server, "record-undeployment", "-a", "api", "--environment", "prod", "--application-instance", "green"
    )
    assert wrong.code == 1
    assert "api is not currently deployed to application instance 'green' in prod environment" in wrong.out
    nowhere = pact_broker(server, "record-undeployment", "-a", "api", "--environment", "mars")
    assert (nowhere.code, "No environment found with name 'mars'" in nowhere.out) == (1, True)
    assert (
        "Recorded undeployment of api version 2 from prod environment (application instance blue)"
        in pact_broker(
            server,
            "record-undeployment",
            "-a",
            "api",
            "--environment",
            "prod",
            "--application-instance",
            "blue",
        ).ok()
    )
    assert _currently(server, "deployed") == [("api", "1", None)]
    pact_broker(server, "record-undeployment", "-a", "api", "--environment", "prod").ok()
    assert _currently(server, "deployed") == []

    assert (
        "Recorded release of web version 1 to prod environment in the Pact Broker."
        in pact_broker(server, "record-release", "-a", "web", "-e", "1", "--environment", "prod").ok()
    )
    assert _currently(server, "released") == [("web", "1", None)]
    assert (
        "Recorded support ended for web version 1 in prod environment"
        in pact_broker(server, "record-support-ended", "-a", "web", "-e", "1", "--environment", "prod").ok()
    )
    ended = pact_broker(server, "record-support-ended", "-a", "web", "-e", "1", "--environment", "prod")
    assert (ended.code, "web version 1 is not currently released in prod environment" in ended.out) == (
        1,
        True,
    )
    assert _currently(server, "released") == []


def _verify_over_http(
    server: ServerThread, consumer: str, version: str, provider_version: str, success: bool
) -> None:
    """A provider version on branch main publishes a result for a consumer version's pact."""
    httpx.put(f"{server.url}/pacticipants/api/branches/main/versions/{provider_version}", json={}, timeout=30)
    pact_resource = get(server, f"/pacts/provider/api/consumer/{consumer}/version/{version}")
    href = pact_resource["_links"]["pb:publish-verification-results"]["href"]
    response = httpx.post(
        href, json={"success": success, "providerApplicationVersion": provider_version}, timeout=30
    )
    assert response.status_code == 201, response.text


def test_can_i_deploy(live_server: ServerThread, tmp_path: Path) -> None:
    """can-i-deploy, negative and positive: --to-environment, --latest, --branch, --main-branch, --to,
    --ignore, --retry-while-unknown, --output json, --dry-run; and can-i-merge."""
    server = live_server
    pact_broker(server, "create-environment", "--name", "prod").ok()
    publish(server, pact_folder(tmp_path, "web", "1", "a"), "1", "--branch", "main")
    pact_broker(server, "create-or-update-pacticipant", "--name", "api", "--main-branch", "main").ok()

    unknown = pact_broker(server, "can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "prod")
    assert unknown.code == 1
    assert "Computer says no" in unknown.out
    assert (
        "There is no verified pact between version 1 of web and a version of api currently in prod "
        "(no version is currently recorded as deployed/released in this environment)"
    ) in unknown.out
    summary = json.loads(
        pact_broker(
            server, "can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "prod", "--output", "json"
        ).out
    )["summary"]
    assert (summary["deployable"], summary["unknown"]) == (None, 1)
    retried = pact_broker(
        server,
        "can-i-deploy",
        "-a",
        "web",
        "-e",
        "1",
        "--to-environment",
        "prod",
        "--retry-while-unknown",
        "1",
        "--retry-interval",
        "1",
    )
    assert retried.code == 1 and "Waiting for 1 verification result to be published" in retried.err
    ignored = pact_broker(
        server, "can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "prod", "--ignore", "api"
    )
    assert ignored.code == 0 and "??? [ignored]" in ignored.out
    assert (
        pact_broker(
            server, "can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "prod", "--dry-run"
        ).code
        == 0
    )

    _verify_over_http(server, "web", "1", "7", True)
    assert (
        "Recorded deployment of api version 7"
        in pact_broker(server, "record-deployment", "-a", "api", "-e", "7", "--environment", "prod").ok()
    )
    for selection in (["-e", "1"], ["--latest"], ["--branch", "main"], ["--main-branch"]):
        allowed = pact_broker(server, "can-i-deploy", "-a", "web", *selection, "--to-environment", "prod")
        assert allowed.code == 0, (selection, allowed.out)
        assert "Computer says yes" in allowed.out
        assert "All required verification results are published and successful" in allowed.out
    positive = pact_broker(
        server, "can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "prod", "--output", "json"
    ).json()
    assert positive["summary"]["deployable"] is True
    [row] = positive["matrix"]
    assert (row["provider"]["version"]["number"], row["verificationResult"]["success"]) == ("7", True)
    assert row["provider"]["version"]["branchVersions"][0]["latest"] is True
    assert "Computer says yes" in pact_broker(server, "can-i-merge", "-a", "web", "-e", "1").ok()

    publish(server, pact_folder(tmp_path, "web", "2", "b"), "2", "--branch", "main")
    _verify_over_http(server, "web", "2", "7", False)
    failed = pact_broker(server, "can-i-deploy", "-a", "web", "-e", "2", "--to-environment", "prod")
    assert failed.code == 1
    assert (
        "The verification for the pact between version 2 of web and the version of api currently in prod (7) failed"
        in failed.out
    )
    assert pact_broker(server, "can-i-merge", "-a", "web", "-e", "2").code == 1

    pact_broker(server, "create-version-tag", "-a", "api", "-e", "7", "-t", "prod").ok()
    assert pact_broker(server, "can-i-deploy", "-a", "web", "-e", "1", "--to", "prod").code == 0
    assert pact_broker(server, "can-i-deploy", "-a", "web", "-e", "2", "--to", "prod").code == 1
    assert matrix_of(server, "web", "1") == [("7", True)]
    assert matrix_of(server, "web", "2") == [("7", False)]


@pytest.fixture
def receiver() -> Iterator[tuple[str, queue.Queue[dict[str, Any]]]]:
    """A webhook receiver on 127.0.0.1 port 0 that queues what it gets."""
    received: queue.Queue[dict[str, Any]] = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.put({"path": self.path, "body": json.loads(body) if body else None})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            """Quiet."""

    with serve_on_loopback(Handler) as url:
        yield url, received


def test_webhooks(
    live_server: ServerThread, tmp_path: Path, receiver: tuple[str, queue.Queue[dict[str, Any]]]
) -> None:
    """create-webhook (any pacticipant, for a consumer and provider, for a provider's required
    verifications), create-or-update-webhook (created, then updated), test-webhook; a publication then
    fires the webhooks it concerns."""
    server = live_server
    url, received = receiver
    for name in ("web", "api"):
        pact_broker(server, "create-or-update-pacticipant", "--name", name).ok()
    body = '{"consumer": "${pactbroker.consumerName}", "version": "${pactbroker.consumerVersionNumber}"}'
    assert (
        'Webhook "on publish" created'
        in pact_broker(
            server,
            "create-webhook",
            f"{url}/any",
            "-X",
            "POST",
            "--description",
            "on publish",
            "--contract-published",
            "-d",
            body,
            "-H",
            "Content-Type: application/json",
        ).ok()
    )
    assert (
        'Webhook "pair" created'
        in pact_broker(
            server,
            "create-webhook",
            f"{url}/pair",
            "-X",
            "POST",
            "--description",
            "pair",
            "--provider-verification-failed",
            "--consumer",
            "web",
            "--provider",
            "api",
        ).ok()
    )
    # api has no version in use yet (main branch head, deployed, released): this one stays quiet
    assert (
        'Webhook "verify" created'
        in pact_broker(
            server,
            "create-webhook",
            f"{url}/verify",
            "-X",
            "POST",
            "--description",
            "verify",
            "--contract-requiring-verification-published",
            "--provider",
            "api",
        ).ok()
    )
    uuid = "3a1bd8d2-7f6e-4bc9-9a34-5a7a0c4b0c11"
    for description, action in (("by uuid", "created"), ("by uuid, renamed", "updated")):
        assert (
            f'Webhook "{description}" {action}'
            in pact_broker(
                server,
                "create-or-update-webhook",
                f"{url}/uuid",
                "--uuid",
                uuid,
                "-X",
                "POST",
                "--description",
                description,
                "--contract-content-changed",
                "--consumer",
                "web",
            ).ok()
        )
    tested = pact_broker(server, "test-webhook", "--uuid", uuid).ok()
    assert f"POST {url}/uuid" in tested and "HTTP 200" in tested
    assert received.get(timeout=10)["path"] == "/uuid"

    hooks = {h["description"]: h for h in get(server, "/webhooks")["_embedded"]["webhooks"]}
    assert sorted(hooks) == ["by uuid, renamed", "on publish", "pair", "verify"]
    assert hooks["verify"]["events"] == [{"name": "contract_requiring_verification_published"}]
    assert (hooks["pair"]["consumer"], hooks["pair"]["provider"]) == ({"name": "web"}, {"name": "api"})
    assert (hooks["by uuid, renamed"]["uuid"], hooks["by uuid, renamed"]["consumer"]) == (
        uuid,
        {"name": "web"},
    )

    publish(server, pact_folder(tmp_path, "web", "5", "a"), "5", "--branch", "main")
    fired = sorted((received.get(timeout=10), received.get(timeout=10)), key=lambda r: r["path"])
    assert [r["path"] for r in fired] == ["/any", "/uuid"]
    assert fired[0]["body"] == {"consumer": "web", "version": "5"}
    assert received.empty()


def test_webhook_for_labels(
    live_server: ServerThread, tmp_path: Path, receiver: tuple[str, queue.Queue[dict[str, Any]]]
) -> None:
    """create-webhook --consumer-label/--provider-label stores a webhook scoped by pacticipant labels,
    which fires for a publication from a labelled consumer to a labelled provider, not for others."""
    server = live_server
    url, received = receiver
    for name in ("web", "ios", "api"):
        pact_broker(server, "create-or-update-pacticipant", "--name", name).ok()
    for name, label in (("ios", "mobile"), ("api", "core")):
        assert httpx.put(f"{server.url}/pacticipants/{name}/labels/{label}", timeout=30).status_code == 201
    assert (
        'Webhook "mobile" created'
        in pact_broker(
            server,
            "create-webhook",
            f"{url}/mobile",
            "-X",
            "POST",
            "--description",
            "mobile",
            "--contract-published",
            "--consumer-label",
            "mobile",
            "--provider-label",
            "core",
        ).ok()
    )
    (hook,) = get(server, "/webhooks")["_embedded"]["webhooks"]
    assert (hook["consumer"], hook["provider"]) == ({"label": "mobile"}, {"label": "core"})
    publish(server, pact_folder(tmp_path, "web", "1", "a"), "1")
    publish(server, pact_folder(tmp_path, "ios", "1", "a"), "1")
    assert received.get(timeout=10)["path"] == "/mobile"
    assert received.empty()


class _Provider(BaseHTTPRequestHandler):
    """``GET /items/{id}`` answers ``{"id": id}``, except ``/items/b`` (a broken item); state set-up on
    ``POST``."""

    def do_GET(self) -> None:
        item = self.path.rsplit("/", 1)[-1]
        body = json.dumps({"id": item if item != "b" else "not-b"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def provider_url() -> Iterator[str]:
    """The provider under verification, on 127.0.0.1 port 0."""
    with serve_on_loopback(_Provider) as url:
        yield url


def verifier(server: ServerThread, provider_url: str, tmp_path: Path, version: str, *args: str) -> Run:
    """``pact-provider-verifier`` for provider ``api`` version ``version`` on branch main, publishing
    (pacts from the broker, unless ``args`` start with a pact URL)."""
    fetch = (
        []
        if args and args[0].startswith("http")
        else ["--provider", "api", "--pact-broker-base-url", server.url]
    )
    return ruby(
        "pact-provider-verifier",
        *args,
        *fetch,
        "--provider-base-url",
        provider_url,
        "--provider-states-setup-url",
        f"{provider_url}/_pact/state",
        "--provider-app-version",
        version,
        "--provider-version-branch",
        "main",
        "--publish-verification-results",
        "--log-dir",
        str(tmp_path / "logs"),
    )


SELECTORS = (
    "--consumer-version-selector",
    '{"mainBranch": true}',
    "--consumer-version-selector",
    '{"deployedOrReleased": true}',
)
FOR_VERIFICATION = {
    "consumerVersionSelectors": [{"mainBranch": True}, {"deployedOrReleased": True}],
    "providerVersionBranch": "main",
    "includePendingStatus": True,
    "includeWipPactsSince": "2026-01-01",
}


def _wip_consumers(server: ServerThread) -> list[str]:
    response = httpx.post(
        f"{server.url}/pacts/provider/api/for-verification", json=FOR_VERIFICATION, timeout=30
    )
    pacts = response.json()["_embedded"]["pacts"]
    return sorted(p["_links"]["self"]["name"] for p in pacts if p["verificationProperties"].get("wip"))


def test_verifier_cycle(live_server: ServerThread, provider_url: str, tmp_path: Path) -> None:
    """pact-provider-verifier fetches pacts for verification (selectors, pending, WIP), verifies them
    against the provider and publishes the results; then record-deployment and can-i-deploy. A failing
    pact that is selected explicitly fails the build; a pact URL given directly is verified too."""
    server = live_server
    pact_broker(server, "create-environment", "--name", "prod").ok()
    pact_broker(server, "create-or-update-pacticipant", "--name", "web", "--main-branch", "main").ok()
    pact_broker(server, "create-or-update-pacticipant", "--name", "mobile", "--main-branch", "main").ok()
    publish(server, pact_folder(tmp_path, "web", "1", "a"), "1", "--branch", "main", "--tag", "dev")
    # web 2's item b is broken on the provider
    publish(server, pact_folder(tmp_path, "web", "2", "b"), "2", "--branch", "feat-b")
    publish(server, pact_folder(tmp_path, "mobile", "1", "c"), "1", "--branch", "feat-c")

    first = verifier(
        server,
        provider_url,
        tmp_path,
        "10",
        *SELECTORS,
        "--enable-pending",
        "--include-wip-pacts-since",
        "2026-01-01",
    )
    assert first.code == 0, first.out + first.err  # the only failure is a pending WIP pact
    assert "latest version from the main branch 'main' (1)" in first.out
    assert "is being verified because it is a 'work in progress' pact" in first.out
    assert first.out.count("Verification results published to") == 3
    assert matrix_of(server, "web", "1") == [("10", True)]
    assert matrix_of(server, "web", "2") == [("10", False)]
    assert matrix_of(server, "mobile", "1") == [("10", True)]
    assert [b["name"] for b in get(server, "/pacticipants/api/versions/10")["branchVersions"]] == ["main"]
    result = get(server, "/pacts/provider/api/consumer/web/version/1")["_links"][
        "pb:latest-verification-results"
    ]
    published = get(server, result["href"].removeprefix(server.url))
    assert published["providerApplicationVersion"] == "10" and published["testResults"]["tests"]
    # A WIP pact verified successfully is still WIP for main: its success came from a WIP verification.
    assert _wip_consumers(server) == ["Pact between mobile (1) and api", "Pact between web (2) and api"]

    pact_broker(server, "record-deployment", "-a", "api", "-e", "10", "--environment", "prod").ok()
    assert pact_broker(server, "can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "prod").code == 0
    refused = pact_broker(server, "can-i-deploy", "-a", "web", "-e", "2", "--to-environment", "prod")
    assert refused.code == 1
    assert (
        "The verification for the pact between version 2 of web and the version of api currently in prod (10) failed"
        in refused.out
    )

    # Selected explicitly and not pending (no --enable-pending): the failure fails the build.
    second = verifier(
        server, provider_url, tmp_path, "11", "--consumer-version-selector", '{"branch": "feat-b"}'
    )
    assert second.code == 1
    assert "1 interaction, 1 failure" in second.out
    assert matrix_of(server, "web", "2") == [("10", False), ("11", False)]

    # Old style: the latest pacts with a consumer version tag.
    tagged = verifier(server, provider_url, tmp_path, "12", "--consumer-version-tag", "dev")
    assert tagged.code == 0, tagged.out + tagged.err
    assert matrix_of(server, "web", "1") == [("10", True), ("12", True)]

    # A pact URL (with its metadata, as pacts for verification link it), verified directly.
    response = httpx.post(
        f"{server.url}/pacts/provider/api/for-verification",
        json={"consumerVersionSelectors": [{"branch": "feat-c"}]},
        timeout=30,
    )
    [mobile] = response.json()["_embedded"]["pacts"]
    url = mobile["_links"]["self"]["href"]
    assert decode_metadata(url.split("/metadata/")[1]).consumer_version_numbers == ("1",)
    direct = verifier(server, provider_url, tmp_path, "13", url)
    assert direct.code == 0, direct.out + direct.err
    assert matrix_of(server, "mobile", "1") == [("10", True), ("13", True)]
    # That verification selected mobile's pact explicitly: it is no longer WIP.
    assert _wip_consumers(server) == ["Pact between web (2) and api"]


@pytest.mark.parametrize("scheme", ["token", "basic"])
def test_through_auth(tmp_path: Path, scheme: str) -> None:
    """With auth on, the Ruby client publishes and lists with --broker-token or --broker-username and
    --broker-password, and is refused (not 0) without credentials."""
    storage = Storage(f"sqlite:///{tmp_path / 'auth.sqlite3'}")
    storage.migrate()
    _, secret = create_token(storage, "ci", "write")
    settings = BrokerSettings(
        database_url=storage.url, token_auth=True, basic_auth_username="ci", basic_auth_password="s3cret"
    )
    credentials = {
        "token": ["--broker-token", secret],
        "basic": ["--broker-username", "ci", "--broker-password", "s3cret"],
    }[scheme]
    folder = pact_folder(tmp_path, "web", "1", "a")
    with ServerThread(create_app(settings, storage=storage)) as server:
        refused = pact_broker(server, "publish", str(folder), "--consumer-app-version", "1")
        assert refused.code != 0
        assert "401" in refused.out + refused.err
        publish(server, folder, "1", "--branch", "main", *credentials)
        assert "web" in pact_broker(server, "list-pacticipants", *credentials).ok()
    storage.dispose()
