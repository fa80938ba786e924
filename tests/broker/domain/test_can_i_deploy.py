"""Can-i-deploy verdicts and reasons, table-driven, against the Pact Broker's wording."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from accord.broker.domain import (
    NO_DEPENDENCIES_MISSING,
    SUCCESSFUL,
    WARN_NO_ENVIRONMENT,
    BrokerQueryError,
    MatrixOptions,
    MatrixSelector,
    deployment_status,
    find_matrix,
)

from .builder import EstateBuilder

NOT_IN_PROD = "(no version is currently recorded as deployed/released in this environment)"


def _verified_pair(b: EstateBuilder, success: bool = True, deploy_provider: bool = True) -> None:
    b.environment("prod")
    b.publish("web", "1", "catalog", "sha-a", branch="main")
    b.verify("catalog", "2", "sha-a", success, branch="main")
    if deploy_provider:
        b.deploy("catalog", "2", "prod")


def first_deployment(b: EstateBuilder) -> None:
    b.environment("prod")
    b.publish("web", "1", "catalog", "sha-a")
    b.version("catalog", "1")


def consumer_without_provider(b: EstateBuilder) -> None:
    _verified_pair(b, deploy_provider=False)


def verified_and_deployed(b: EstateBuilder) -> None:
    _verified_pair(b)


def failed_verification(b: EstateBuilder) -> None:
    _verified_pair(b, success=False)


def unverified(b: EstateBuilder) -> None:
    b.environment("prod")
    b.publish("web", "1", "catalog", "sha-a")
    b.deploy("catalog", "2", "prod")


def consumer_version_without_pacts(b: EstateBuilder) -> None:
    _verified_pair(b)
    b.version("web", "3")


def same_content_verified_earlier(b: EstateBuilder) -> None:
    _verified_pair(b)
    b.publish("web", "3", "catalog", "sha-a")


def provider_with_consumer_in_prod(b: EstateBuilder) -> None:
    _verified_pair(b)
    b.deploy("web", "1", "prod")
    b.verify("catalog", "4", "sha-a", True)


def provider_breaking_consumer_in_prod(b: EstateBuilder) -> None:
    _verified_pair(b)
    b.deploy("web", "1", "prod")
    b.verify("catalog", "4", "sha-a", False)


def provider_never_verified_consumer_in_prod(b: EstateBuilder) -> None:
    _verified_pair(b)
    b.deploy("web", "1", "prod")
    b.version("catalog", "4")


def undeployed_provider(b: EstateBuilder) -> None:
    _verified_pair(b, deploy_provider=False)
    b.deploy("catalog", "2", "prod", current=False)


def released_provider(b: EstateBuilder) -> None:
    _verified_pair(b, deploy_provider=False)
    b.release("catalog", "2", "prod")


def later_failure_same_provider_version(b: EstateBuilder) -> None:
    _verified_pair(b)
    b.verify("catalog", "2", "sha-a", False)


def two_providers_one_missing(b: EstateBuilder) -> None:
    _verified_pair(b)
    b.publish("web", "1", "stock", "sha-b")


Scenario = Callable[[EstateBuilder], None]

CASES: list[tuple[str, Scenario, str, str, bool | None, list[str]]] = [
    ("chicken and egg: provider first", first_deployment, "catalog", "1", True, [NO_DEPENDENCIES_MISSING]),
    (
        "consumer needs a provider not in the environment",
        consumer_without_provider,
        "web",
        "1",
        None,
        [
            f"There is no verified pact between version 1 of web and a version of"
            f" catalog currently in prod {NOT_IN_PROD}"
        ],
    ),
    ("verified and provider deployed", verified_and_deployed, "web", "1", True, [SUCCESSFUL]),
    (
        "verification failed",
        failed_verification,
        "web",
        "1",
        False,
        [
            "The verification for the pact between version 1 of web and the version of"
            " catalog currently in prod (2) failed"
        ],
    ),
    (
        "pact never verified",
        unverified,
        "web",
        "1",
        None,
        [
            "There is no verified pact between version 1 of web and the version of"
            " catalog currently in prod (2)"
        ],
    ),
    (
        "consumer version with no pacts",
        consumer_version_without_pacts,
        "web",
        "3",
        True,
        [NO_DEPENDENCIES_MISSING],
    ),
    (
        "same content verified for an earlier version",
        same_content_verified_earlier,
        "web",
        "3",
        True,
        [SUCCESSFUL],
    ),
    (
        "provider verified its consumer in prod",
        provider_with_consumer_in_prod,
        "catalog",
        "4",
        True,
        [SUCCESSFUL],
    ),
    (
        "provider breaks its consumer in prod",
        provider_breaking_consumer_in_prod,
        "catalog",
        "4",
        False,
        [
            "The verification for the pact between the version of web currently in prod"
            " (1) and version 4 of catalog failed"
        ],
    ),
    (
        "provider never verified its consumer in prod",
        provider_never_verified_consumer_in_prod,
        "catalog",
        "4",
        None,
        [
            "There is no verified pact between the version of web currently in prod (1)"
            " and version 4 of catalog"
        ],
    ),
    (
        "provider was undeployed",
        undeployed_provider,
        "web",
        "1",
        None,
        [
            f"There is no verified pact between version 1 of web and a version of"
            f" catalog currently in prod {NOT_IN_PROD}"
        ],
    ),
    ("provider released and supported", released_provider, "web", "1", True, [SUCCESSFUL]),
    (
        "latest verification of a provider version wins",
        later_failure_same_provider_version,
        "web",
        "1",
        False,
        [
            "The verification for the pact between version 1 of web and the version of"
            " catalog currently in prod (2) failed"
        ],
    ),
    (
        "one of two providers missing",
        two_providers_one_missing,
        "web",
        "1",
        None,
        [
            f"There is no verified pact between version 1 of web and a version of stock"
            f" currently in prod {NOT_IN_PROD}"
        ],
    ),
    (
        "version that does not exist",
        verified_and_deployed,
        "web",
        "9",
        False,
        ["No pacts or verifications have been published for version 9 of web"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_can_i_deploy_to_environment(case: tuple[str, Scenario, str, str, bool | None, list[str]]) -> None:
    """Each situation gives the Pact Broker's verdict and reasons for --to-environment prod."""
    name, scenario, pacticipant, version, deployable, reasons = case
    b = EstateBuilder()
    scenario(b)
    result = find_matrix(
        b.build(),
        [MatrixSelector(pacticipant=pacticipant, version=version)],
        MatrixOptions(latestby="cvpv", environment="prod"),
    )
    status = deployment_status(result)
    assert (status.deployable, [r.text for r in status.reasons]) == (deployable, reasons), name


@pytest.mark.parametrize(
    ("scenario", "success", "failed", "unknown"),
    [
        (verified_and_deployed, 1, 0, 0),
        (failed_verification, 0, 1, 0),
        (consumer_without_provider, 0, 0, 1),
        (two_providers_one_missing, 1, 0, 1),
    ],
)
def test_summary_counts(scenario: Scenario, success: int, failed: int, unknown: int) -> None:
    """The summary counts successful, failed and unknown rows."""
    b = EstateBuilder()
    scenario(b)
    result = find_matrix(
        b.build(),
        [MatrixSelector(pacticipant="web", version="1")],
        MatrixOptions(latestby="cvpv", environment="prod"),
    )
    summary = deployment_status(result).summary_json()
    assert (summary["success"], summary["failed"], summary["unknown"]) == (success, failed, unknown)
    assert "ignored" not in summary


@pytest.mark.parametrize(
    ("ignore", "deployable", "ignored"),
    [
        ((MatrixSelector(pacticipant="catalog"),), True, 1),
        ((MatrixSelector(pacticipant="catalog", version="2"),), True, 1),
        ((MatrixSelector(pacticipant="catalog", version="7"),), False, 0),
    ],
)
def test_ignore_a_failing_provider(
    ignore: tuple[MatrixSelector, ...], deployable: bool, ignored: int
) -> None:
    """ignore[] moves matching rows out of the verdict and counts them."""
    b = EstateBuilder()
    failed_verification(b)
    result = find_matrix(
        b.build(),
        [MatrixSelector(pacticipant="web", version="1")],
        MatrixOptions(latestby="cvpv", environment="prod", ignore=ignore),
    )
    status = deployment_status(result)
    assert (status.deployable, status.summary_json()["ignored"]) == (deployable, ignored)


def test_ignoring_a_missing_version_warns() -> None:
    """An ignore selector that matches nothing gives the Pact Broker's warning."""
    b = EstateBuilder()
    verified_and_deployed(b)
    result = find_matrix(
        b.build(),
        [MatrixSelector(pacticipant="web", version="1")],
        MatrixOptions(
            latestby="cvpv", environment="prod", ignore=(MatrixSelector(pacticipant="catalog", version="7"),)
        ),
    )
    notices = deployment_status(result).notices_json()
    assert notices[0] == {
        "type": "warning",
        "text": "WARN: Cannot ignore version 7 of catalog (no such version exists)",
    }
    assert notices[-1] == {"type": "success", "text": SUCCESSFUL}


def test_tag_destination() -> None:
    """--to prod (latest=true&tag=prod) infers the latest provider version tagged prod."""
    b = EstateBuilder()
    b.publish("web", "1", "catalog", "sha-a")
    b.verify("catalog", "2", "sha-a", True, tags=("prod",))
    b.verify("catalog", "3", "sha-a", False, tags=("prod",))
    result = find_matrix(
        b.build(),
        [MatrixSelector(pacticipant="web", version="1")],
        MatrixOptions(latestby="cvp", latest=True, tag="prod"),
    )
    status = deployment_status(result)
    assert status.deployable is False
    assert status.reason == (
        "The verification for the pact between version 1 of web and the latest"
        " version of catalog with tag prod (3) failed"
    )


def test_without_destination_warns() -> None:
    """A single version without environment or tag gets the 'specify the environment' warning."""
    b = EstateBuilder()
    verified_and_deployed(b)
    result = find_matrix(
        b.build(), [MatrixSelector(pacticipant="web", version="1")], MatrixOptions(latestby="cvp")
    )
    status = deployment_status(result)
    assert [r.type for r in status.reasons] == ["warning", "success"]
    assert status.reasons[0].text == WARN_NO_ENVIRONMENT
    assert status.deployable is True


@pytest.mark.parametrize(
    ("selectors", "options", "message"),
    [
        (
            [MatrixSelector(pacticipant="nobody", version="1")],
            MatrixOptions(),
            "Pacticipant nobody not found",
        ),
        ([], MatrixOptions(), "Please provide 1 or more version selectors."),
        ([MatrixSelector(version="1")], MatrixOptions(), "Please specify the pacticipant name"),
        (
            [MatrixSelector(pacticipant="web", version="1", latest=True)],
            MatrixOptions(),
            "A version number and latest flag cannot both be specified for web",
        ),
        (
            [MatrixSelector(pacticipant="web", version="1")],
            MatrixOptions(environment="nowhere"),
            "Environment with name 'nowhere' does not exist",
        ),
        (
            [MatrixSelector(pacticipant="web", version="1")],
            MatrixOptions(environment="prod", tag="prod"),
            "Cannot specify more than one of tag, environment and mainBranch.",
        ),
        (
            [MatrixSelector(pacticipant="web", version="1")],
            MatrixOptions(environment="prod", latest=True),
            "Cannot specify both latest=true and an environment.",
        ),
        (
            [MatrixSelector(pacticipant="web", version="1")],
            MatrixOptions(latestby="everything"),
            "latestby must be one of cvp, cvpv, cp, got 'everything'",
        ),
    ],
)
def test_invalid_queries(selectors: list[MatrixSelector], options: MatrixOptions, message: str) -> None:
    """Invalid matrix queries raise BrokerQueryError with the Pact Broker's message."""
    b = EstateBuilder()
    verified_and_deployed(b)
    with pytest.raises(BrokerQueryError) as caught:
        find_matrix(b.build(), selectors, options)
    assert message in caught.value.errors[""]
    assert caught.value.hint


@pytest.mark.parametrize(("older_success", "deployable"), [(False, False), (True, True)])
def test_every_released_provider_version_counts(older_success: bool, deployable: bool) -> None:
    """Two provider versions released to one environment: both must be compatible (pact_broker#903)."""
    b = EstateBuilder()
    b.environment("production")
    b.publish("waffle", "1", "pancake", "sha-w")
    b.verify("pancake", "10", "sha-w", older_success)
    b.release("pancake", "10", "production")
    b.verify("pancake", "11", "sha-w", True)
    b.release("pancake", "11", "production")
    result = find_matrix(
        b.build(),
        [MatrixSelector(pacticipant="waffle", version="1")],
        MatrixOptions(latestby="cvpv", environment="production"),
    )
    status = deployment_status(result)
    assert (len(result.considered_rows), status.deployable) == (2, deployable)
    if not deployable:
        assert status.reason == (
            "The verification for the pact between version 1 of waffle and one of the versions of pancake "
            "currently in production (10) failed"
        )


@pytest.mark.parametrize(
    ("latestby", "rows"),
    [
        (None, [("2", "11", True), ("2", "11", False), ("2", "10", True), ("1", "10", True)]),
        ("cvpv", [("2", "11", True), ("2", "10", True), ("1", "10", True)]),
        ("cvp", [("2", "11", True), ("1", "10", True)]),
        ("cp", [("2", "11", True)]),
    ],
)
def test_latestby(latestby: str | None, rows: list[tuple[str, str, bool]]) -> None:
    """latestby keeps the newest row per consumer version/provider (version), or per consumer/provider."""
    b = EstateBuilder()
    b.publish("web", "1", "catalog", "a")
    b.verify("catalog", "10", "a", True)
    b.publish("web", "2", "catalog", "b")
    b.verify("catalog", "10", "b", True)
    b.verify("catalog", "11", "b", False)
    b.verify("catalog", "11", "b", True)
    result = find_matrix(
        b.build(),
        [MatrixSelector(pacticipant="web"), MatrixSelector(pacticipant="catalog")],
        MatrixOptions(latestby=latestby),
    )
    got = [
        (r.consumer_version.number, r.provider_version.number if r.provider_version else "", r.success)
        for r in result.considered_rows
    ]
    assert got == rows
