"""Publishing pact files: the request the Rust client sends, the legacy path, and bad files."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from accord.client import HalClient, find_pact_files, publish
from accord.errors import ConfigurationError, PactFileError

from .conftest import write_pact
from .fake_broker import FakeBroker


def test_publish_posts_contracts_like_the_rust_client(
    broker: FakeBroker, hal: HalClient, tmp_path: Path
) -> None:
    """GET / then POST /contracts/publish with base64 content, branch, tags, build URL and onConflict."""
    write_pact(tmp_path, "web", "catalog")
    write_pact(tmp_path, "web", "orders")
    result = publish(
        hal, [str(tmp_path)], version="1.0.0", branch="main", tags=("dev",), build_url="http://ci/1"
    )
    assert [(r.method, r.path) for r in broker.log] == [("GET", "/"), ("POST", "/contracts/publish")]
    body = broker.log[1].body
    assert {
        k: body[k] for k in ("pacticipantName", "pacticipantVersionNumber", "branch", "tags", "buildUrl")
    } == {
        "pacticipantName": "web",
        "pacticipantVersionNumber": "1.0.0",
        "branch": "main",
        "tags": ["dev"],
        "buildUrl": "http://ci/1",
    }
    contract = body["contracts"][0]
    assert {
        k: contract[k] for k in ("consumerName", "providerName", "specification", "contentType", "onConflict")
    } == {
        "consumerName": "web",
        "providerName": "catalog",
        "specification": "pact",
        "contentType": "application/json",
        "onConflict": "overwrite",
    }
    assert json.loads(base64.b64decode(contract["content"]))["provider"] == {"name": "catalog"}
    assert result.messages == ["Created web version 1.0.0"]
    assert len(result.links) == 2
    assert broker.versions[("web", "1.0.0")]["branches"] == ["main"]


def test_publish_to_a_broker_without_the_contracts_endpoint(
    broker: FakeBroker, hal: HalClient, tmp_path: Path
) -> None:
    """Without pb:publish-contracts: PUT the branch version, the tags, then each pact to pb:publish-pact."""
    broker.legacy = True
    path = write_pact(tmp_path, "web", "catalog")
    publish(hal, [str(path)], version="2.0.0", branch="feat/x", tags=("dev", "qa"))
    assert [(r.method, r.path) for r in broker.log[1:]] == [
        ("PUT", "/pacticipants/web/branches/feat%2Fx/versions/2.0.0"),
        ("PUT", "/pacticipants/web/versions/2.0.0/tags/dev"),
        ("PUT", "/pacticipants/web/versions/2.0.0/tags/qa"),
        ("PUT", "/pacts/provider/catalog/consumer/web/version/2.0.0"),
    ]
    assert broker.pacts[0]["pact"]["consumer"] == {"name": "web"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"provider": {"name": "p"}}', "has no consumer.name"),
        ('{"consumer": {"name": "c"}, "provider": {}}', "has no provider.name"),
        ("[]", "has no consumer.name"),
    ],
)
def test_bad_pact_files_are_named(hal: HalClient, tmp_path: Path, content: str, message: str) -> None:
    """An unreadable or nameless pact file raises PactFileError naming the file."""
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(PactFileError, match=message) as info:
        publish(hal, [str(path)], version="1")
    assert str(path) in info.value.message


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        (["missing.json"], "no pact file at"),
        (["empty-dir"], "holds no .json pact files"),
    ],
)
def test_paths_that_match_nothing(tmp_path: Path, paths: list[str], message: str) -> None:
    """A path matching no file, or an empty directory, is a PactFileError."""
    (tmp_path / "empty-dir").mkdir()
    with pytest.raises(PactFileError, match=message):
        find_pact_files([str(tmp_path / p) for p in paths])


def test_globs_and_duplicates(tmp_path: Path) -> None:
    """Globs expand, and a file named twice is published once."""
    first = write_pact(tmp_path, "web", "a")
    second = write_pact(tmp_path, "web", "b")
    assert find_pact_files([str(tmp_path / "*.json"), str(first)]) == [first, second]


@pytest.mark.parametrize(
    ("version", "consumers", "message"),
    [
        ("", ["web"], "no consumer version"),
        ("1", ["web", "worker"], "several consumers"),
    ],
)
def test_publish_configuration_errors(
    hal: HalClient, tmp_path: Path, version: str, consumers: list[str], message: str
) -> None:
    """No version, or pacts of several consumers, is a ConfigurationError before any request."""
    for consumer in consumers:
        write_pact(tmp_path, consumer, "catalog")
    with pytest.raises(ConfigurationError, match=message):
        publish(hal, [str(tmp_path)], version=version)


SAMPLE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "research"
    / "peers-scripts"
    / "sample-broker-requests.jsonl"
)


def test_publish_body_has_the_rust_clients_shape(broker: FakeBroker, hal: HalClient, tmp_path: Path) -> None:
    """The publish request has the fields of the recorded Rust `pact broker publish` request."""
    recorded = [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]
    rust = next(r for r in recorded if r["method"] == "POST" and r["path"] == "/contracts/publish")
    rust_pact = json.loads(base64.b64decode(rust["body"]["contracts"][0]["content"]))
    (tmp_path / "pact.json").write_text(json.dumps(rust_pact))
    publish(hal, [str(tmp_path / "pact.json")], version="1.0.0", branch="main", tags=("dev",))
    ours = broker.requests("POST")[0]
    assert (ours.method, ours.path) == (rust["method"], rust["path"])
    assert set(ours.body) == set(rust["body"])
    assert set(ours.body["contracts"][0]) == set(rust["body"]["contracts"][0])
    assert json.loads(base64.b64decode(ours.body["contracts"][0]["content"])) == rust_pact
    assert ours.headers["content-type"] == "application/json"
    assert "application/hal+json" in ours.headers["accept"]
