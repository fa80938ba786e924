"""``accord verify``: flags, exit codes, reports, and every kind of bad input with its message."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from accord.cli._main import main

from . import _apps
from .conftest import serve_wsgi
from .test_messages import v3_message_pact

# named through this package as pytest imported it (``tests.provider`` or ``provider``), so the app,
# its @provider_state handlers and this module share one ``_apps`` store
APP = f"{_apps.__package__}.cli_app:app"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``accord verify ARGS``; return the exit code, stdout and stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", *args])
    captured = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


@pytest.fixture
def pact_file(tmp_path: Path) -> Path:
    """The orders pact written to a file."""
    path = tmp_path / "web-orders.json"
    path.write_text(json.dumps(_apps.orders_pact()))
    return path


def test_in_process_app_passes_with_header(pact_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--app`` with ``@provider_state`` handlers and ``--header`` verifies the whole pact: exit 0."""
    code, out, _ = run(
        ["--provider", "orders", "--app", APP, "-f", str(pact_file), "-H", f"Authorization={_apps.TOKEN}"],
        capsys,
    )
    assert code == 0, out
    assert "5 interactions, 5 passed, 0 failed" in out


def test_http_provider_with_state_change_url(
    pact_file: Path, http_provider: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--provider-base-url`` with ``--state-change-url``: the states come from the provider's endpoint."""
    args = ["--provider", "orders", "--provider-base-url", http_provider, "-f", str(pact_file)]
    code, out, _ = run(
        [*args, "-s", http_provider + "/_pact/state", "-H", f"Authorization={_apps.TOKEN}"], capsys
    )
    assert code == 0, out


def test_states_module_with_http_provider(
    pact_file: Path, http_provider: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--states MODULE`` imports @provider_state handlers for a provider reached over HTTP."""
    args = ["--provider", "orders", "--provider-base-url", http_provider, "-f", str(pact_file)]
    states_module = APP.split(":", 1)[0]
    code, out, _ = run([*args, "--states", states_module, "--state", "an order exists"], capsys)
    assert code == 0, out
    assert "1 interactions, 1 passed" in out


def test_header_from_env(
    pact_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--header-from-env NAME=VAR`` reads the header's value from the environment."""
    monkeypatch.setenv("ORDERS_TOKEN", _apps.TOKEN)
    args = [
        "--provider",
        "orders",
        "--app",
        APP,
        "-f",
        str(pact_file),
        "--header-from-env",
        "Authorization=ORDERS_TOKEN",
    ]
    assert run([*args, "--interaction", "the secret, with a token"], capsys)[0] == 0


def test_failures_exit_1_and_write_reports(
    pact_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failing interaction: exit 1, the mismatch in the console, and JSON and JUnit reports."""
    junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
    args = [
        "--provider",
        "orders",
        "--app",
        APP,
        "-f",
        str(pact_file),
        "--junit",
        str(junit),
        "--json",
        str(report),
    ]
    code, out, _ = run(args, capsys)
    assert code == 1
    assert "the secret, with a token" in out and "expected 200 but was 401" in out
    document = json.loads(report.read_text())
    assert document["summary"] == {"total": 5, "passed": 4, "failed": 1, "pending_failed": 0}
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "5" and suite.get("failures") == "1"


def test_pending_failures_do_not_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A failing v4 interaction marked pending is reported, and the exit code stays 0."""
    pact = _apps.orders_pact("4.0")
    for interaction in pact["interactions"]:
        interaction["type"] = "Synchronous/HTTP"
        interaction["pending"] = True
    path = tmp_path / "pending.json"
    path.write_text(json.dumps(pact))
    code, out, _ = run(
        ["--provider", "orders", "--app", APP, "-f", str(path), "--interaction", "the secret, with a token"],
        capsys,
    )
    assert code == 0
    assert "failed (pending: does not fail the verification)" in out


def test_messages_from_a_module(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--messages module:dict`` maps descriptions to producers."""
    pact = v3_message_pact()
    pact["provider"]["name"] = "orders"
    pact["messages"][0]["providerStates"] = []
    path = tmp_path / "messages.json"
    path.write_text(json.dumps(pact))
    code, out, _ = run(
        ["--provider", "orders", "--messages", APP.replace(":app", ":messages"), "-f", str(path)], capsys
    )
    assert code == 0, out


def test_pact_url_with_token(capsys: pytest.CaptureFixture[str]) -> None:
    """``--pact-url`` fetches with the broker token, as the Pact verifier does."""
    seen: list[str | None] = []

    def pact_server(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append(environ.get("HTTP_AUTHORIZATION"))
        start_response("200 OK", [("Content-Type", "application/json")])
        pact = _apps.orders_pact()
        pact["interactions"] = [i for i in pact["interactions"] if i["description"] == "a health check"]
        return [json.dumps(pact).encode()]

    for url in serve_wsgi(pact_server):
        code, out, _ = run(
            ["--provider", "orders", "--app", APP, "-u", url + "/p", "--broker-token", "tok"], capsys
        )
    assert (code, seen) == (0, ["Bearer tok"]), out


def _bad_state_pact(tmp_path: Path) -> Path:
    pact = _apps.orders_pact()
    pact["interactions"] = pact["interactions"][:1]
    pact["interactions"][0]["providerStates"] = [{"name": "a broken state"}]
    path = tmp_path / "broken-state.json"
    path.write_text(json.dumps(pact))
    return path


@pytest.mark.parametrize(
    ("case", "expected_code", "expected_text"),
    [
        ("provider down", 2, "cannot be reached"),
        ("provider hangs", 1, "did not answer GET /orders/7 within 0.3 s"),
        ("garbage", 1, "not valid HTTP"),
        ("pact URL 404", 2, "answered 404 Not Found"),
        ("state handler raises", 1, "raised RuntimeError: the database is down"),
        ("missing pact file", 2, "does not exist"),
        ("invalid pact", 2, '$.interactions[0].response.status: expected an HTTP status code, got "abc"'),
        ("no provider", 2, "no provider was given"),
        ("bad selector", 2, "is not JSON"),
        ("bad header", 2, "is not NAME=VALUE"),
        ("unknown app", 2, "cannot be imported"),
        ("both transports", 2, "both say where the provider is"),
        ("publish without broker", 2, "--publish needs --broker-url or --pact-url"),
    ],
)
def test_bad_input(  # noqa: PLR0917 - parametrized values plus fixtures
    case: str,
    expected_code: int,
    expected_text: str,
    pact_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
) -> None:
    """Each bad input gives a clear message (no traceback) and the right exit code."""
    base = ["--provider", "orders", "-f", str(pact_file), "--interaction", "a request for order 7"]
    args: list[str]
    if case == "provider down":
        args = [*base, "--provider-base-url", request.getfixturevalue("closed_port")]
    elif case == "provider hangs":
        args = [
            *base,
            "--provider-base-url",
            request.getfixturevalue("hanging_server"),
            "--request-timeout",
            "0.3",
        ]
    elif case == "garbage":
        args = [*base, "--provider-base-url", request.getfixturevalue("garbage_server")]
    elif case == "pact URL 404":
        for url in serve_wsgi(_not_found):
            code, out, err = run(
                ["--provider", "orders", "--app", APP, "--pact-url", url + "/pacts/x"], capsys
            )
        assert (code, "Traceback" in err) == (expected_code, False)
        assert expected_text in err
        return
    elif case == "state handler raises":
        args = ["--provider", "orders", "--app", APP, "-f", str(_bad_state_pact(tmp_path))]
    elif case == "missing pact file":
        args = ["--provider", "orders", "--app", APP, "-f", str(tmp_path / "nope.json")]
    elif case == "invalid pact":
        bad = tmp_path / "bad.json"
        pact = {"consumer": {"name": "c"}, "provider": {"name": "orders"}, "interactions": []}
        pact["interactions"] = [
            {"description": "x", "request": {"method": "GET"}, "response": {"status": "abc"}}
        ]
        bad.write_text(json.dumps(pact))
        args = ["--provider", "orders", "--app", APP, "-f", str(bad)]
    elif case == "no provider":
        args = base
    elif case == "bad selector":
        args = [
            "--provider",
            "orders",
            "--app",
            APP,
            "-b",
            "http://127.0.0.1:9",
            "--consumer-version-selectors",
            "{x",
        ]
    elif case == "bad header":
        args = [*base, "--app", APP, "-H", "no-equals-sign"]
    elif case == "unknown app":
        args = [*base, "--app", "no_such_module_xyz:app"]
    elif case == "both transports":
        args = [*base, "--app", APP, "--provider-base-url", "http://127.0.0.1:9"]
    else:
        args = [*base, "--app", APP, "--publish"]
    code, out, err = run(args, capsys)
    assert code == expected_code, out + err
    assert "Traceback" not in err
    assert expected_text in out + err


def _not_found(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "application/json")])
    return [b'{"error": "no such pact"}']


def test_verify_help_does_not_import_the_verifier() -> None:
    """``accord verify --help`` stays light: neither httpx nor the provider package is imported."""
    code = (
        "import sys\n"
        "from accord.cli._main import main\n"
        "try:\n    main(['verify', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('httpx', 'rich', 'accord.provider', 'accord.matching')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
