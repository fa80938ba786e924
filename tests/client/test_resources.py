"""Deployments, releases, environments, pacticipants and versions through HAL links."""

from __future__ import annotations

import pytest

from accord.client import (
    HalClient,
    create_environment,
    create_or_update_pacticipant,
    describe_environment,
    describe_pacticipant,
    describe_version,
    list_environments,
    record_deployment,
    record_release,
    record_undeployment,
)
from accord.errors import BrokerError

from .fake_broker import FakeBroker


def test_record_deployment_follows_the_named_link(broker: FakeBroker, hal: HalClient) -> None:
    """GET the version via pb:pacticipant-version, then POST to its pb:record-deployment entry for the env."""
    broker.add_version("web", "1.0.0")
    broker.add_environment("test")
    key = broker.add_environment("production")
    record_deployment(hal, "web", "1.0.0", "production", application_instance="blue")
    assert [(r.method, r.path) for r in broker.log] == [
        ("GET", "/"),
        ("GET", "/pacticipants/web/versions/1.0.0"),
        ("POST", f"/pacticipants/web/versions/1.0.0/deployed-versions/environment/{key}"),
    ]
    assert broker.log[-1].body == {"applicationInstance": "blue"}
    assert broker.deployed[0]["environment"] == key


def test_record_release_posts_to_the_release_link(broker: FakeBroker, hal: HalClient) -> None:
    """record_release uses pb:record-release."""
    broker.add_version("web", "1.0.0")
    key = broker.add_environment("production")
    record_release(hal, "web", "1.0.0", "production")
    assert broker.log[-1].path == f"/pacticipants/web/versions/1.0.0/released-versions/environment/{key}"


@pytest.mark.parametrize(
    ("versions", "environment", "message", "exit_code"),
    [
        ([], "production", "has no version '1.0.0' of 'web'", 1),
        ([("web", "1.0.0")], "staging", r"no environment named 'staging' \(known: production\)", 2),
    ],
)
def test_record_deployment_names_what_is_missing(
    broker: FakeBroker,
    hal: HalClient,
    *,
    versions: list[tuple[str, str]],
    environment: str,
    message: str,
    exit_code: int,
) -> None:
    """An unknown version or environment is named, with the command that creates it."""
    broker.add_environment("production")
    for name, number in versions:
        broker.add_version(name, number)
    with pytest.raises(BrokerError, match=message) as info:
        record_deployment(hal, "web", "1.0.0", environment)
    assert info.value.exit_code == exit_code
    assert info.value.hint


def test_record_undeployment_patches_the_current_deployments(broker: FakeBroker, hal: HalClient) -> None:
    """The environment's current deployments of the pacticipant are PATCHed currentlyDeployed false."""
    broker.add_version("web", "1.0.0")
    broker.add_version("catalog", "2.0.0")
    broker.add_environment("production")
    record_deployment(hal, "web", "1.0.0", "production")
    record_deployment(hal, "catalog", "2.0.0", "production")
    changed = record_undeployment(hal, "web", "production")
    assert [c["currentlyDeployed"] for c in changed] == [False]
    assert [(d["pacticipant"], d["currentlyDeployed"]) for d in broker.deployed] == [
        ("web", False),
        ("catalog", True),
    ]
    assert broker.requests("PATCH")[0].body == {"currentlyDeployed": False}
    with pytest.raises(BrokerError, match="web is not currently deployed to production"):
        record_undeployment(hal, "web", "production")


def test_environments_create_list_describe(broker: FakeBroker, hal: HalClient) -> None:
    """Environments are created with the Rust client's body, listed and described by name."""
    create_environment(hal, "prod-eu", production=True, contact_name="Ops", contact_email="ops@example.com")
    assert broker.requests("POST")[0].body == {
        "name": "prod-eu",
        "production": True,
        "displayName": "Prod Eu",
        "contacts": [{"name": "Ops", "details": {"emailAddress": "ops@example.com"}}],
    }
    assert [e["name"] for e in list_environments(hal)] == ["prod-eu"]
    assert describe_environment(hal, "prod-eu")["production"] is True
    with pytest.raises(BrokerError, match=r"no environment named 'test' \(known: prod-eu\)"):
        describe_environment(hal, "test")
    with pytest.raises(BrokerError, match="already exists"):
        create_environment(hal, "prod-eu")


def test_pacticipants_create_update_describe(broker: FakeBroker, hal: HalClient) -> None:
    """A pacticipant is POSTed when new, PATCHed when it exists, and an unknown one is named."""
    _, created = create_or_update_pacticipant(hal, "web", main_branch="main")
    assert created
    _, created = create_or_update_pacticipant(hal, "web", repository_url="https://git/web")
    assert not created
    assert describe_pacticipant(hal, "web")["repositoryUrl"] == "https://git/web"
    assert describe_pacticipant(hal, "web")["mainBranch"] == "main"
    with pytest.raises(BrokerError, match="no pacticipant named 'nope'") as info:
        describe_pacticipant(hal, "nope")
    assert info.value.exit_code == 1


def test_describe_version_given_or_latest(broker: FakeBroker, hal: HalClient) -> None:
    """describe_version reads the given version, or the latest one."""
    broker.add_version("web", "1.0.0", "main")
    broker.add_version("web", "1.1.0", "main")
    assert describe_version(hal, "web", "1.0.0")["number"] == "1.0.0"
    assert describe_version(hal, "web")["number"] == "1.1.0"
    with pytest.raises(BrokerError, match="no version of 'worker'"):
        describe_version(hal, "worker")
