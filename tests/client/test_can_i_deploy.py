"""can-i-deploy: the matrix query sent, the verdict read, explanations, retries while unknown."""

from __future__ import annotations

from typing import Any

import pytest

from accord.client import CanIDeployQuery, HalClient, can_i_deploy
from accord.errors import BrokerError, ConfigurationError

from .fake_broker import FakeBroker

NO_VERSION_IN_PROD = (
    "There is no verified pact between version 1.0.0 of web and a version of catalog currently in "
    "production (no version is currently recorded as deployed/released in this environment)"
)


def row(consumer: str, cv: str, provider: str, pv: str | None, success: bool | None) -> dict[str, Any]:
    """A matrix row in the Pact Broker's JSON shape."""
    result = None
    if success is not None:
        result = {"success": success, "_links": {"self": {"href": f"http://b/verification/{cv}-{pv}"}}}
    return {
        "consumer": {"name": consumer, "version": {"number": cv}},
        "provider": {"name": provider, "version": {"number": pv} if pv else None},
        "pact": {"createdAt": "2026-01-01T00:00:00Z"},
        "verificationResult": result,
    }


def answer(deployable: bool | None, reason: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A matrix answer with summary, rows and one notice per reason line."""
    kind = {True: "success", False: "error", None: "error"}[deployable]
    return {
        "summary": {"deployable": deployable, "reason": reason, "success": 0, "failed": 0, "unknown": 0},
        "matrix": rows,
        "notices": [{"type": kind, "text": line} for line in reason.splitlines()],
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            CanIDeployQuery("web", version="1.0.0", to_environment="production"),
            "q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvp&environment=production",
        ),
        (
            CanIDeployQuery("web", latest=True, branch="main", to_environment="test"),
            "q[][pacticipant]=web&q[][latest]=true&q[][branch]=main&latestby=cvp&environment=test",
        ),
        (
            CanIDeployQuery("web", latest=True, latest_tag="dev", to_tag="prod"),
            "q[][pacticipant]=web&q[][latest]=true&q[][tag]=dev&latestby=cvp&latest=true&tag=prod",
        ),
        (
            CanIDeployQuery("web", version="1 0", to_environment="prod", ignore=("catalog", "auth")),
            "q[][pacticipant]=web&q[][version]=1+0&latestby=cvp&environment=prod"
            "&ignore[][pacticipant]=catalog&ignore[][pacticipant]=auth",
        ),
        (CanIDeployQuery("web", version="2"), "q[][pacticipant]=web&q[][version]=2&latestby=cvp"),
    ],
)
def test_the_matrix_query_sent(
    broker: FakeBroker, hal: HalClient, query: CanIDeployQuery, expected: str
) -> None:
    """The query string is the Pact Broker clients' (Rack nested parameters on /matrix)."""
    broker.matrix_answer = answer(True, "All required verification results are published and successful", [])
    can_i_deploy(hal, query)
    matrix = broker.requests("GET")[-1]
    assert (matrix.path, matrix.query) == ("/matrix", expected)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (CanIDeployQuery("web"), "exactly one of --version and --latest"),
        (CanIDeployQuery("web", version="1", latest=True), "exactly one of --version and --latest"),
        (CanIDeployQuery("web", version="1", to_environment="p", to_tag="p"), "cannot be used together"),
    ],
)
def test_contradictory_queries_are_usage_errors(hal: HalClient, query: CanIDeployQuery, message: str) -> None:
    """A contradictory query raises ConfigurationError (exit 2) before any request."""
    with pytest.raises(ConfigurationError, match=message) as info:
        can_i_deploy(hal, query)
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("deployable", "reason", "rows", "exit_code", "explained"),
    [
        (
            True,
            "All required verification results are published and successful",
            [row("web", "1.0.0", "catalog", "2.0.0", True)],
            0,
            [],
        ),
        (
            False,
            "The verification for the pact between version 1.0.0 of web and version 2.0.0 of catalog failed",
            [row("web", "1.0.0", "catalog", "2.0.0", False)],
            1,
            ["web 1.0.0 and catalog 2.0.0: the verification failed (see http://b/verification/1.0.0-2.0.0)"],
        ),
        (
            None,
            "There is no verified pact between version 1.0.0 of web and version 2.0.0 of catalog",
            [row("web", "1.0.0", "catalog", None, None)],
            1,
            ["catalog has not verified this pact yet", "--retry-while-unknown"],
        ),
        (
            None,
            NO_VERSION_IN_PROD,
            [],
            1,
            ["catalog has no version in environment production", "--ignore catalog", "record-deployment"],
        ),
        (
            True,
            "There are no missing dependencies",
            [],
            0,
            ["has no pacts with providers and no consumers in the target"],
        ),
        (
            False,
            "No pacts or verifications have been published for version 9.9.9 of web",
            [],
            1,
            ["The broker has no pacts or verification results for web version 9.9.9"],
        ),
    ],
)
def test_verdicts_and_explanations(
    broker: FakeBroker,
    hal: HalClient,
    *,
    deployable: bool | None,
    reason: str,
    rows: list[dict[str, Any]],
    exit_code: int,
    explained: list[str],
) -> None:
    """The verdict follows summary.deployable; explanations say what to do about each blocking cause."""
    broker.matrix_answer = answer(deployable, reason, rows)
    verdict = can_i_deploy(hal, CanIDeployQuery("web", version="1.0.0", to_environment="production"))
    assert (verdict.deployable, verdict.exit_code, verdict.reason) == (deployable, exit_code, reason)
    text = "\n".join(verdict.explanations)
    for fragment in explained:
        assert fragment in text
    if not explained:
        assert verdict.explanations == []


def test_retry_while_unknown_asks_again_until_known(broker: FakeBroker, hal: HalClient) -> None:
    """While deployable is null the broker is asked again, waiting the interval between asks."""
    answers = iter(
        [
            answer(None, "There is no verified pact", [row("web", "1", "catalog", None, None)]),
            answer(None, "There is no verified pact", [row("web", "1", "catalog", None, None)]),
            answer(True, "All required verification results are published and successful", []),
        ]
    )
    broker.matrix_answer = lambda pairs: next(answers)
    waits: list[float] = []
    verdict = can_i_deploy(
        hal,
        CanIDeployQuery("web", version="1"),
        retry_while_unknown=5,
        retry_interval=3.0,
        sleep=waits.append,
    )
    assert (verdict.deployable, verdict.attempts, waits) == (True, 3, [3.0, 3.0])


def test_retry_while_unknown_is_bounded(broker: FakeBroker, hal: HalClient) -> None:
    """After N further asks an unknown verdict is returned as it stands (exit 1)."""
    broker.matrix_answer = answer(None, "There is no verified pact", [])
    waits: list[float] = []
    verdict = can_i_deploy(
        hal, CanIDeployQuery("web", version="1"), retry_while_unknown=2, sleep=waits.append
    )
    assert (verdict.deployable, verdict.attempts, len(waits), verdict.exit_code) == (None, 3, 2, 1)


@pytest.mark.parametrize(
    ("known_versions", "message", "exit_code"),
    [
        ([], "knows no pacticipant named 'web'", 2),
        ([("web", "0.1")], "knows no version '1.0.0' of web", 1),
    ],
)
def test_a_refused_query_names_the_unknown_pacticipant_or_version(
    broker: FakeBroker, hal: HalClient, known_versions: list[tuple[str, str]], message: str, exit_code: int
) -> None:
    """A 400 from the matrix is diagnosed: the unknown pacticipant or version is named."""
    for name, number in known_versions:
        broker.add_version(name, number)
    broker.matrix_status = 400
    broker.matrix_answer = {"errors": {"selectors": ["something is wrong"]}}
    with pytest.raises(BrokerError, match=message) as info:
        can_i_deploy(hal, CanIDeployQuery("web", version="1.0.0", to_environment="production"))
    assert info.value.exit_code == exit_code


def test_a_refused_query_names_an_unknown_environment(broker: FakeBroker, hal: HalClient) -> None:
    """A 400 for an environment the broker does not know names it and lists the known ones."""
    broker.add_version("web", "1.0.0")
    broker.add_environment("production")
    broker.matrix_status = 400
    broker.matrix_answer = {"errors": {"environment": ["No environment found with name 'nope'"]}}
    with pytest.raises(BrokerError, match=r"no environment named 'nope' \(known: production\)") as info:
        can_i_deploy(hal, CanIDeployQuery("web", version="1.0.0", to_environment="nope"))
    assert info.value.hint and "accord environment create --name nope" in info.value.hint


def test_a_refused_query_for_known_names_keeps_the_brokers_message(
    broker: FakeBroker, hal: HalClient
) -> None:
    """When the pacticipant, version and environment exist, the broker's own message is shown."""
    broker.add_version("web", "1.0.0")
    broker.add_environment("production")
    broker.matrix_status = 400
    broker.matrix_answer = {"errors": {"q": ["something else is wrong"]}}
    with pytest.raises(BrokerError, match="something else is wrong"):
        can_i_deploy(hal, CanIDeployQuery("web", version="1.0.0", to_environment="production"))


def test_an_answer_without_a_summary_is_an_error(broker: FakeBroker, hal: HalClient) -> None:
    """A /matrix answer without summary.deployable means the server is not a Pact Broker."""
    broker.matrix_answer = {"hello": "world"}
    with pytest.raises(BrokerError, match=r"no summary\.deployable"):
        can_i_deploy(hal, CanIDeployQuery("web", version="1"))
