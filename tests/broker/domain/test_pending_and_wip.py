"""Pending pacts, WIP pacts and the notices a verifier prints, against the Pact Broker's rules and words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from accord.broker.domain import (
    ConsumerVersionSelector,
    Estate,
    VerifiablePact,
    notices,
    pacts_for_verification,
    short_description,
)

from .builder import T0, EstateBuilder

MAIN = [ConsumerVersionSelector(main_branch=True)]
URL = "http://broker/pacts/provider/catalog/consumer/web/pact-version/w1"


def _run(estate: Estate, **kwargs: object) -> list[VerifiablePact]:
    provider = estate.pacticipant_named("catalog")
    assert provider is not None
    return pacts_for_verification(estate, provider, MAIN, include_pending_status=True, **kwargs)  # type: ignore[arg-type]


def never_verified(b: EstateBuilder) -> None:
    b.pacticipant("web", main_branch="main")
    b.publish("web", "1", "catalog", "w1", branch="main")


def verified_on_main(b: EstateBuilder) -> None:
    never_verified(b)
    b.verify("catalog", "10", "w1", True, branch="main", tags=("main",))


def failed_on_main(b: EstateBuilder) -> None:
    never_verified(b)
    b.verify("catalog", "10", "w1", False, branch="main", tags=("main",))


def verified_on_main_then_feature_created(b: EstateBuilder) -> None:
    verified_on_main(b)
    b.version("catalog", "11", branch="feat", tags=("feat",))


def feature_created_then_main_verified(b: EstateBuilder) -> None:
    never_verified(b)
    b.version("catalog", "11", branch="feat", tags=("feat",))
    b.verify("catalog", "10", "w1", True, branch="main", tags=("main",))


Scenario = Callable[[EstateBuilder], None]


@pytest.mark.parametrize(
    ("scenario", "branch", "pending"),
    [
        (never_verified, "main", True),
        (verified_on_main, "main", False),
        (failed_on_main, "main", True),
        (verified_on_main, "feat", False),  # feat does not exist yet: a success elsewhere counts
        (verified_on_main_then_feature_created, "feat", False),
        (feature_created_then_main_verified, "feat", True),
        (never_verified, None, True),
        (verified_on_main, None, False),
    ],
)
def test_pending_for_branch(scenario: Scenario, branch: str | None, pending: bool) -> None:
    """A pact is pending for a provider branch until that branch (or an older other branch) verified it."""
    b = EstateBuilder()
    scenario(b)
    [vp] = _run(b.build(), provider_version_branch=branch)
    assert vp.pending is pending


@pytest.mark.parametrize(
    ("scenario", "tags", "pending_tags"),
    [
        (never_verified, ["main"], ("main",)),
        (verified_on_main, ["main"], ()),
        (feature_created_then_main_verified, ["feat"], ("feat",)),
        (feature_created_then_main_verified, ["main", "feat"], ("feat",)),
    ],
)
def test_pending_for_tags(scenario: Scenario, tags: list[str], pending_tags: tuple[str, ...]) -> None:
    """With provider tags, pending is worked out per tag."""
    b = EstateBuilder()
    scenario(b)
    [vp] = _run(b.build(), provider_version_tags=tags)
    assert (vp.pending, vp.pending_provider_tags) == (bool(pending_tags), pending_tags)


def _wip_estate() -> EstateBuilder:
    b = EstateBuilder()
    b.pacticipant("web", main_branch="main")
    b.publish("web", "1", "catalog", "w1", branch="main")
    b.publish("web", "2", "catalog", "w2", branch="feat-x")
    b.publish("web", "3", "catalog", "w3", branch="feat-y", tags=("beta",))
    b.publish("web", "4", "catalog", "w1", branch="feat-z")
    b.verify("catalog", "10", "w3", True, branch="main")
    return b


@pytest.mark.parametrize(
    ("since_minutes", "branch", "tags", "expected"),
    [
        (0, "main", None, [("web", "2", "latest from branch feat-x")]),
        (0, "feat", None, [("web", "2", "latest from branch feat-x")]),
        (0, "other", None, [("web", "2", "latest from branch feat-x")]),
        (60, "main", None, []),
        (
            0,
            None,
            ["main"],
            [
                ("web", "2", "latest from branch feat-x"),
                ("web", "3", "latest from branch feat-y, latest with tag beta"),
            ],
        ),
        (0, None, None, []),
    ],
)
def test_wip_pacts(
    since_minutes: int, branch: str | None, tags: list[str] | None, expected: list[tuple[str, str, str]]
) -> None:
    """WIP: branch and tag heads published since the date, not selected, still pending for the provider."""
    b = _wip_estate()
    estate = b.build()
    result = _run(
        estate,
        provider_version_branch=branch,
        provider_version_tags=tags,
        include_wip_pacts_since=T0 + timedelta(minutes=since_minutes),
    )
    explicit = [vp for vp in result if not vp.wip]
    wip = [vp for vp in result if vp.wip]
    assert [(vp.consumer_version.number, vp.wip) for vp in explicit] == [("1", False)]
    assert [(vp.consumer.name, vp.consumer_version.number, short_description(vp)) for vp in wip] == expected
    assert all(vp.pending for vp in wip)


@pytest.mark.parametrize(
    ("wip", "still_wip", "pending_when_selected"),
    [(True, True, False), (False, False, False)],
)
def test_a_wip_success_keeps_the_pact_wip(wip: bool, still_wip: bool, pending_when_selected: bool) -> None:
    """A success published by a WIP verification leaves the pact in the WIP set (the Pact Broker counts
    only successes "when not wip" there), while it does end the pact's pending status once a selector
    picks it explicitly."""
    b = _wip_estate()
    b.verify("catalog", "11", "w2", True, branch="main", wip=wip)
    estate = b.build()
    result = _run(estate, provider_version_branch="main", include_wip_pacts_since=T0)
    assert [vp.consumer_version.number for vp in result if vp.wip] == (["2"] if still_wip else [])
    provider = estate.pacticipant_named("catalog")
    assert provider is not None
    [selected] = pacts_for_verification(
        estate,
        provider,
        [ConsumerVersionSelector(branch="feat-x")],
        provider_version_branch="main",
        include_pending_status=True,
    )
    assert selected.pending is pending_when_selected


def test_notices_for_a_pending_pact() -> None:
    """A pending pact's notices are the Pact Broker's texts, in its order."""
    b = EstateBuilder()
    b.pacticipant("web", main_branch="main")
    never_verified(b)
    [vp] = _run(b.build(), provider_version_branch="main")
    texts = notices(vp, URL, include_pending_status=True)
    assert [n["when"] for n in texts] == [
        "before_verification",
        "before_verification",
        "after_verification:success_true_published_false",
        "after_verification:success_false_published_false",
        "after_verification:success_true_published_true",
        "after_verification:success_false_published_true",
    ]
    assert texts[0]["text"] == (
        f"The pact at {URL} is being verified because the pact content belongs to the consumer version "
        f"matching "
        "the following criterion:\n    * latest version from the main branch 'main' (1)"
    )
    assert texts[1]["text"] == (
        "This pact is in pending state for this version of catalog because a successful verification result "
        "for "
        "a version of catalog from branch 'main' has not yet been published. If this verification fails, it "
        "will "
        "not cause the overall build to fail. Read more at https://docs.pact.io/go/pending"
    )
    assert texts[4]["text"] == (
        "This pact is no longer in pending state for any version of catalog from branch 'main', as a "
        "successful "
        "verification result has been published. If a verification for a version of catalog fails in the "
        "future, it will fail the build. Read more at https://docs.pact.io/go/pending"
    )


def test_notices_for_a_verified_pact() -> None:
    """A pact already verified by the branch says a failure will fail the build."""
    b = EstateBuilder()
    b.pacticipant("web", main_branch="main")
    verified_on_main(b)
    [vp] = _run(b.build(), provider_version_branch="main")
    texts = notices(vp, URL, include_pending_status=True)
    assert [n["text"] for n in texts[1:]] == [
        "This pact has previously been successfully verified by a version of catalog from branch 'main'. If "
        "this "
        "verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending"
    ]
    assert len(notices(vp, URL, include_pending_status=False)) == 1


def test_notices_for_a_wip_pact() -> None:
    """A WIP pact explains why it is work in progress."""
    b = _wip_estate()
    result = _run(b.build(), provider_version_branch="main", include_wip_pacts_since=T0)
    [wip] = [vp for vp in result if vp.wip]
    texts = notices(wip, URL, include_pending_status=True)
    assert texts[0]["text"] == (
        f"The pact at {URL} is being verified because it is a 'work in progress' pact (ie. it is the pact "
        f"for "
        "the latest version of web from branch 'feat-x' and it has not yet been successfully verified by a "
        "version of catalog from branch 'main' when the pact's application version was explicitly specified "
        "in "
        "the consumer version selectors). Read more at https://docs.pact.io/go/wip"
    )
    assert texts[1]["text"].startswith(
        "This pact is in pending state for this version of catalog because it was"
    )


def test_deployed_notice_groups_environments() -> None:
    """Deployed selectors are described together, per consumer."""
    b = EstateBuilder()
    b.publish("web", "1", "catalog", "w1")
    b.deploy("web", "1", "prod")
    b.deploy("web", "1", "test")
    estate = b.build()
    provider = estate.pacticipant_named("catalog")
    assert provider is not None
    [vp] = pacts_for_verification(estate, provider, [ConsumerVersionSelector(deployed=True)])
    assert notices(vp, URL, include_pending_status=False)[0]["text"].endswith(
        "matching the following criteria:\n    * consumer version(s) currently deployed to prod (1) and "
        "test (1)"
    )
    assert short_description(vp) == "deployed to prod, deployed to test"
