"""The pytest plugin: the ``pact`` fixture factory, its options, and readable failures."""

from __future__ import annotations

import json

import pytest

CONSUMER_TEST = """
import requests
from accord import match

def test_user(pact):
    p = pact("web", "users")
    p.upon_receiving("get user").with_request("GET", "/users/1").will_respond_with(
        200, body={"id": match.integer(1)})
    with p.serve() as mock:
        assert requests.get(mock.url + "/users/1").json() == {"id": 1}
"""


@pytest.mark.parametrize(("args", "version"), [([], "4.0"), (["--pact-spec", "v3"], "3.0.0")])
def test_fixture_writes_into_pact_dir(pytester: pytest.Pytester, args: list[str], version: str) -> None:
    """The fixture writes ``<consumer>-<provider>.json`` into ``--pact-dir`` in ``--pact-spec``."""
    pytester.makepyfile(test_consumer=CONSUMER_TEST)
    result = pytester.runpytest("-p", "no:cacheprovider", "--pact-dir", "out", *args)
    result.assert_outcomes(passed=1)
    document = json.loads((pytester.path / "out" / "web-users.json").read_text())
    assert document["metadata"]["pactSpecification"]["version"] == version


def test_failure_shows_the_report_not_a_traceback(pytester: pytest.Pytester) -> None:
    """A mismatch fails the test with the numbered report and hint, pointing at the test's line."""
    pytester.makepyfile(test_consumer=CONSUMER_TEST.replace('"/users/1").json()', '"/users/2").json()'))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*MismatchError: The mock server at http://127.0.0.1:* found 2 problems:*",
                                 "*1. Unexpected request GET /users/2*", "*Hint: *"])  # fmt: skip
    assert "_mock_server.py" not in result.stdout.str()
    assert not (pytester.path / "pacts" / "web-users.json").exists()


def test_unserved_interactions_fail_at_teardown(pytester: pytest.Pytester) -> None:
    """Interactions defined but never served are an error, not a silently empty contract."""
    pytester.makepyfile(
        test_consumer="""
def test_forgot(pact):
    pact("web", "users").upon_receiving("x").with_request("GET", "/").will_respond_with(200)
"""
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*never served or verified: 'x'*"])
