"""Consumer version selectors: validation messages and which pacts each selector picks."""

from __future__ import annotations

from typing import Any

import pytest

from accord.broker.domain import (
    BrokerQueryError,
    ConsumerVersionSelector,
    Estate,
    parse_consumer_version_selectors,
    select_pacts,
)

from .builder import EstateBuilder


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([{}], "must specify a value for environment or tag or branch"),
        ([{"tag": "a", "branch": "b"}], "cannot specify both a tag and a branch"),
        ([{"tag": "a", "fallbackTag": "b"}], "fallbackTag can only be set if latest is true"),
        ([{"latest": True, "fallbackTag": "b"}], "a tag must be specified when a fallbackTag is specified"),
        (
            [{"fallbackBranch": "b", "latest": True}],
            "a branch must be specified when a fallbackBranch is specified",
        ),
        ([{"branch": "b", "latest": False}], "cannot specify a branch with latest=false"),
        ([{"mainBranch": True, "latest": False}], "cannot specify mainBranch=true with latest=false"),
        (
            [{"mainBranch": True, "tag": "t"}],
            "cannot specify mainBranch=true with any other criteria apart from consumer",
        ),
        (
            [{"matchingBranch": True}],
            "the providerVersionBranch must be specified when the selector matchingBranch",
        ),
        ([{"deployed": True, "released": True}], "cannot specify both deployed=true and released=true"),
        (
            [{"deployed": True, "deployedOrReleased": True}],
            "cannot specify both deployed=true and deployedOrReleased",
        ),
        (
            [{"released": True, "deployedOrReleased": True}],
            "cannot specify both released=true and deployedOrReleased",
        ),
        ([{"mainBranch": "yes"}], "mainBranch must be true or false, got 'yes'"),
        ([{"tag": 3}], "tag must be a non-empty string, got 3"),
        ([{"latest": True, "newest": True}], "unknown selector property 'newest'"),
        (["latest"], "must be an object"),
        ({"latest": True}, "must be an array of selector objects"),
        ([{"environment": "nowhere"}], "environment with name 'nowhere' does not exist"),
    ],
)
def test_invalid_selectors(raw: Any, message: str) -> None:
    """Unknown or contradictory selectors are refused with the Pact Broker's message."""
    with pytest.raises(BrokerQueryError) as caught:
        parse_consumer_version_selectors(raw, environment_names={"prod"})
    assert message in str(caught.value)
    assert caught.value.hint


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([{"mainBranch": True}], ConsumerVersionSelector(main_branch=True)),
        (
            [{"branch": "b", "fallbackBranch": "main"}],
            ConsumerVersionSelector(branch="b", fallback_branch="main"),
        ),
        (
            [{"tag": "t", "latest": True, "consumer": "web"}],
            ConsumerVersionSelector(tag="t", latest=True, consumer="web"),
        ),
        (
            [{"deployedOrReleased": True, "environment": "prod"}],
            ConsumerVersionSelector(deployed_or_released=True, environment="prod"),
        ),
        ([{"matchingBranch": True}], ConsumerVersionSelector(matching_branch=True)),
    ],
)
def test_valid_selectors(raw: Any, expected: ConsumerVersionSelector) -> None:
    """Valid selectors parse into records that serialise back to what was sent."""
    [selector] = parse_consumer_version_selectors(
        raw, provider_version_branch="feat", environment_names={"prod"}
    )
    assert selector == expected
    assert selector.to_json() == raw[0]


def _estate() -> Estate:
    b = EstateBuilder()
    b.pacticipant("web", main_branch="main")
    b.pacticipant("app", main_branch="trunk")
    b.environment("prod")
    b.environment("test")
    b.publish("web", "1", "catalog", "w1", branch="main", tags=("prod",))
    b.publish("web", "2", "catalog", "w2", branch="main")
    b.publish("web", "3", "catalog", "w3", branch="feat", tags=("dev",))
    b.publish("web", "4", "catalog", "w2", branch="feat-b")
    b.publish("app", "1", "catalog", "a1", branch="trunk", tags=("prod",))
    b.publish("app", "2", "catalog", "a2", branch="feat")
    b.publish("web", "5", "other", "o1", branch="main")
    b.deploy("web", "1", "prod")
    b.deploy("web", "2", "test")
    b.deploy("web", "3", "test", current=False)
    b.release("app", "1", "prod")
    b.release("app", "2", "test", supported=False)
    return b.build()


@pytest.mark.parametrize(
    ("raw", "provider_branch", "expected"),
    [
        (
            [{"mainBranch": True}],
            None,
            [("app", "1", "latest from main branch"), ("web", "2", "latest from main branch")],
        ),
        ([{"mainBranch": True, "consumer": "web"}], None, [("web", "2", "latest from main branch")]),
        (
            [{"branch": "feat"}],
            None,
            [("app", "2", "latest from branch feat"), ("web", "3", "latest from branch feat")],
        ),
        ([{"branch": "nope", "fallbackBranch": "trunk"}], None, [("app", "1", "latest from branch trunk")]),
        (
            [{"matchingBranch": True}],
            "feat",
            [("app", "2", "latest from branch feat"), ("web", "3", "latest from branch feat")],
        ),
        (
            [{"tag": "prod", "latest": True}],
            None,
            [("app", "1", "latest with tag prod"), ("web", "1", "latest with tag prod")],
        ),
        (
            [{"tag": "nope", "latest": True, "fallbackTag": "dev"}],
            None,
            [("web", "3", "latest with tag dev")],
        ),
        ([{"tag": "prod"}], None, [("app", "1", "one of prod"), ("web", "1", "one of prod")]),
        ([{"latest": True}], None, [("app", "2", "latest"), ("web", "4", "latest")]),
        ([{"deployed": True}], None, [("web", "1", "deployed to prod"), ("web", "2", "deployed to test")]),
        ([{"released": True}], None, [("app", "1", "released in prod")]),
        (
            [{"deployedOrReleased": True}],
            None,
            [
                ("app", "1", "released in prod"),
                ("web", "1", "deployed to prod"),
                ("web", "2", "deployed to test"),
            ],
        ),
        ([{"environment": "test"}], None, [("web", "2", "in environment test")]),
        ([{"deployed": True, "environment": "prod"}], None, [("web", "1", "deployed to prod")]),
        ([{"latest": True, "consumer": "nobody"}], None, []),
        (
            [{"mainBranch": True}, {"branch": "feat-b"}],
            None,
            [
                ("app", "1", "latest from main branch"),
                ("web", "4", "latest from main branch, latest from branch feat-b"),
            ],
        ),
    ],
)
def test_selection(raw: Any, provider_branch: str | None, expected: list[tuple[str, str, str]]) -> None:
    """Each selector picks the Pact Broker's consumer versions, same content squashed to the latest "
    "version."""
    from accord.broker.domain import VerifiablePact, short_description

    estate = _estate()
    selectors = parse_consumer_version_selectors(raw, provider_version_branch=provider_branch)
    provider = estate.pacticipant_named("catalog")
    assert provider is not None
    selected = select_pacts(estate, provider, selectors, provider_version_branch=provider_branch)
    got = [
        (s.consumer.name, s.consumer_version.number, short_description(VerifiablePact(s))) for s in selected
    ]
    assert got == expected


def test_default_selectors() -> None:
    """With no selectors: each consumer's main branch head plus deployed and released versions."""
    estate = _estate()
    provider = estate.pacticipant_named("catalog")
    assert provider is not None
    selected = select_pacts(estate, provider, [])
    got = [(s.consumer.name, s.consumer_version.number, [x.kind for x in s.selectors]) for s in selected]
    assert got == [
        ("app", "1", ["latest_for_main_branch", "currently_supported"]),
        ("web", "1", ["currently_deployed"]),
        ("web", "2", ["latest_for_main_branch", "currently_deployed"]),
    ]


@pytest.mark.parametrize(
    ("main_branch", "branch", "tags", "expected"),
    [
        ("main", "main", (), ConsumerVersionSelector(main_branch=True, consumer="web")),
        ("main", None, ("main",), ConsumerVersionSelector(tag="main", latest=True, consumer="web")),
        ("main", "other", (), ConsumerVersionSelector(latest=True, consumer="web")),
        (None, "main", (), ConsumerVersionSelector(latest=True, consumer="web")),
    ],
)
def test_default_selector_per_consumer(
    main_branch: str | None, branch: str | None, tags: tuple[str, ...], expected: ConsumerVersionSelector
) -> None:
    """Main branch head if it has one, else latest tagged with the main branch name, else overall latest."""
    from accord.broker.domain import default_selectors

    b = EstateBuilder()
    b.pacticipant("web", main_branch=main_branch)
    b.publish("web", "1", "catalog", "w1", branch=branch, tags=tags)
    estate = b.build()
    provider = estate.pacticipant_named("catalog")
    assert provider is not None
    assert default_selectors(estate, provider) == [
        expected,
        ConsumerVersionSelector(deployed=True),
        ConsumerVersionSelector(released=True),
    ]
