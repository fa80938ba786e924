"""Every `accord` command answers user mistakes with one `Error:` line, a hint, its exit code, no traceback.

One table, one row per (command, mistake): bad pact files (missing, unreadable JSON, wrong shape, an
invalid regex, an unknown spec version), brokers that refuse, lock out, fail or speak HTML, unknown
pacticipants, bad selectors, bad ``--app``, bad dates, outputs that cannot be written. Each row asserts
the exit code, the cause named on the `Error:` line, a fix hint, no traceback, and that no file in the
scene changed (a failed write destroys nothing). The command tree is walked, so a new command without
a row fails `test_every_command_has_rows`.

Commands run in-process (``main`` under Click's ``CliRunner`` isolation: empty stdin, captured output).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from accord.cli import _pact as pact_cli
from accord.cli._main import cli, main
from client.fake_broker import FakeBroker, Start, serve
from client.test_can_i_deploy_parity import accord_broker

GOOD_PACT: dict[str, Any] = {
    "consumer": {"name": "web"},
    "provider": {"name": "orders"},
    "interactions": [
        {
            "description": "a request for an order",
            "request": {"method": "GET", "path": "/orders/1"},
            "response": {
                "status": 200,
                "body": {"id": 1, "code": "AB-1"},
                "matchingRules": {
                    "body": {"$.code": {"matchers": [{"match": "regex", "regex": "[A-Z]+-\\d+"}]}}
                },
            },
        }
    ],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}


def _with_regex(regex: str, example: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(json.dumps(GOOD_PACT))
    response = document["interactions"][0]["response"]
    response["body"]["code"] = example
    response["matchingRules"]["body"]["$.code"]["matchers"][0]["regex"] = regex
    return document


def wsgi_app(environ: dict[str, Any], start: Start) -> list[bytes]:
    """The provider for `verify --app cli.test_user_errors:wsgi_app`: answers the good pact."""
    start("200 OK", [("Content-Type", "application/json")])
    return [b'{"id": 1, "code": "AB-1"}']


class StatusBroker(FakeBroker):
    """A broker answering every request with one status (and a JSON error body)."""

    status: int = 500

    def __call__(self, environ: dict[str, Any], start: Start) -> Iterable[bytes]:
        payload = json.dumps({"error": "it broke"}).encode()
        start(
            f"{self.status} Error",
            [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))],
        )
        return [payload]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def brokers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """URLs of brokers: fake ones that work, want a token, fail (500) or answer HTML, a closed port, and
    a real Accord broker (its own validation of names and selectors)."""
    working = FakeBroker()
    working.add_version("web", "1.0.0", "main")
    working.add_environment("production", production=True)
    locked = FakeBroker(token="secret")
    html = FakeBroker(html=True)
    failing = StatusBroker()
    with (
        serve(working),
        serve(locked),
        serve(html),
        serve(failing),
        accord_broker(tmp_path_factory.mktemp("accord")) as accord,
    ):
        yield {
            "accord": accord,
            "broker": working.url,
            "closed": f"http://127.0.0.1:{_closed_port()}",
            "locked": locked.url,
            "html": html.url,
            "failing": failing.url,
        }


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A loopback port something is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


@pytest.fixture
def scene(
    tmp_path: Path, brokers: dict[str, str], busy_port: int, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """Files and URLs the rows name as {placeholders}; no broker settings inherited from the environment."""
    for name in list(os.environ):
        if name.startswith(("PACT_", "ACCORD_", "GITHUB_", "GITLAB_", "CI_", "JENKINS")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PACT_BROKER_HTTP_RETRIES", "0")
    monkeypatch.chdir(tmp_path)
    files = {
        "good": json.dumps(GOOD_PACT),
        "not_json": '{"consumer": {"name": "web"}, ',
        "wrong_shape": json.dumps([GOOD_PACT]),
        "no_provider": json.dumps({**GOOD_PACT, "provider": None}),
        "bad_regex": json.dumps(_with_regex("([A-Z]+", "AB")),
        "slow_regex": json.dumps(_with_regex("(a|aa)+$", "a" * 40 + "!")),  # catastrophic backtracking
        "unknown_spec": json.dumps({**GOOD_PACT, "metadata": {"pactSpecification": {"version": "9.0.0"}}}),
        "blocker": "a file, not a folder",
    }
    paths = {}
    for name, text in files.items():
        path = tmp_path / (f"{name}.json" if name != "blocker" else name)
        path.write_text(text, encoding="utf-8")
        paths[name] = str(path)
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe{\x00}")
    paths["binary"] = str(tmp_path / "binary.json")
    (tmp_path / "empty").mkdir()
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "contracts.yml").write_text("# my own pipeline\n")
    return {
        **brokers,
        **paths,
        "tmp": str(tmp_path),
        "missing": str(tmp_path / "missing.json"),
        "empty": str(tmp_path / "empty"),
        "closed_provider": f"http://127.0.0.1:{_closed_port()}",
        "sqlite_blocked": f"sqlite:///{tmp_path / 'blocker' / 'broker.db'}",
        "postgres_down": f"postgresql://postgres@127.0.0.1:{_closed_port()}/accord",
        "busy_port": str(busy_port),
    }


@dataclass(frozen=True)
class Row:
    """One mistake: the command line, the exit code and what the `Error:` line must say."""

    command: str
    args: tuple[str, ...]
    code: int
    cause: str
    marker: str = "Error:"
    hint: bool = True

    @property
    def id(self) -> str:
        return f"{self.command}: {' '.join(self.args)}"


def row(
    command: str, *args: str, code: int = 2, cause: str, marker: str = "Error:", hint: bool = True
) -> Row:
    """A row of the table (``args`` may name the scene's files and URLs as ``{placeholders}``)."""
    return Row(command, args, code, cause, marker, hint)


APP = ("--app", "cli.test_user_errors:wsgi_app")  # a provider that answers the good pact

# Exit codes (the client's documented ones): 1 for a pacticipant or version the broker does not have,
# 2 for everything else the user must fix (files, flags, names of environments, an unusable broker).
# fmt: off
ROWS = [
    # -- pact files -------------------------------------------------------------------------------
    row("pact validate", "{missing}", code=1, cause="missing.json: no such pact file", marker="INVALID"),
    row("pact validate", "{not_json}", code=1, cause="not_json.json.*JSON", marker="INVALID"),
    row("pact validate", "{binary}", code=1, cause="binary.json.*UTF-8", marker="INVALID"),
    row("pact validate", "{wrong_shape}", code=1, cause="wrong_shape.json", marker="INVALID"),
    row("pact validate", "{bad_regex}", code=1, cause=r"\(\[A-Z\]\+", marker="INVALID"),
    row("pact validate", "{slow_regex}", code=1, cause=r"\(a\|aa\)\+\$.*took longer", marker="INVALID"),
    row("pact validate", "{empty}", cause="no pact files"),
    row("pact upgrade", "{missing}", cause="missing.json"),
    row("pact upgrade", "{not_json}", cause="not_json.json.*JSON"),
    row("pact upgrade", "{wrong_shape}", cause="wrong_shape.json"),
    row("pact upgrade", "{no_provider}", cause="provider"),
    row("pact upgrade", "{bad_regex}", cause=r"\(\[A-Z\]\+"),
    row("pact upgrade", "{unknown_spec}", cause="9.0.0"),
    row("pact upgrade", "{good}", "--to", "v9", cause="v9"),
    row("pact upgrade", "{good}", "-o", "{blocker}/out.json", cause="blocker"),
    row("pact upgrade", "{good}", "-o", "{empty}", cause="empty"),
    row("pact upgrade", "{not_json}", "-o", "{good}", cause="not_json.json"),
    row("pact show", "{missing}", cause="missing.json"),
    row("pact show", "{not_json}", cause="not_json.json.*JSON"),
    row("pact show", "{binary}", cause="binary.json"),
    row("pact show", "{wrong_shape}", cause="wrong_shape.json"),
    row("pact show", "{empty}", cause="empty"),
    # -- stub server ------------------------------------------------------------------------------
    row("mock", "--pact", "{missing}", "--port", "0", cause="missing.json"),
    row("mock", "--pact", "{not_json}", "--port", "0", cause="not_json.json.*JSON"),
    row("mock", "--pact", "{bad_regex}", "--port", "0", cause=r"\(\[A-Z\]\+"),
    row("mock", "--pact", "{slow_regex}", "--port", "0", cause=r"\$\.code.*\(a\|aa\)\+\$.*took longer"),
    row("mock", "--pact", "{good}", "--host", "256.1.1.1", "--port", "0", cause="256.1.1.1"),
    row("mock", "--pact", "{good}", "--port", "{busy_port}", cause="{busy_port}"),
    # -- verify -----------------------------------------------------------------------------------
    row("verify", "-n", "orders", *APP, "-f", "{missing}", cause="missing.json"),
    row("verify", "-n", "orders", *APP, "-f", "{not_json}", cause="not_json"),
    row("verify", "-n", "orders", *APP, "-f", "{unknown_spec}", cause="9.0.0"),
    # an invalid rule fails its own interaction, as the Pact verifiers do (exit 1, the pattern named)
    row("verify", "-n", "orders", *APP, "-f", "{bad_regex}", code=1, cause=r"\(\[A-Z", marker="1)", hint=False),
    row("verify", "-n", "orders", "--app", "no_such_module:app", "-f", "{good}", cause="no_such_module"),
    row("verify", "-n", "orders", "--app", "cli.test_user_errors:nothing", "-f", "{good}", cause="nothing"),
    row("verify", "-n", "orders", "--app", "cli.test_user_errors:GOOD_PACT", "-f", "{good}", cause="GOOD_PACT"),
    row("verify", "-n", "orders", "--app", ":app", "-f", "{good}", cause="module"),
    row("verify", "-n", "orders", *APP, "--provider-base-url", "http://x", "-f", "{good}", cause="--app"),
    row("verify", "-n", "orders", "--provider-base-url", "{closed_provider}", "-f", "{good}", cause="127.0.0.1"),
    row("verify", "-n", "orders", "--provider-base-url", "not a url", "-f", "{good}", cause="not a url"),
    row("verify", "-n", "orders", *APP, "-d", "{missing}", cause="missing"),
    row("verify", "-n", "orders", *APP, cause="no pacts"),
    row("verify", "-n", "orders", *APP, "-b", "{closed}", cause="reach"),
    row("verify", "-n", "orders", *APP, "-b", "{locked}", cause="401|token"),
    row("verify", "-n", "orders", *APP, "-b", "{failing}", cause="500"),
    row("verify", "-n", "orders", *APP, "-b", "{html}", cause="JSON|HTML"),
    row("verify", "-n", "nobody", *APP, "-b", "{accord}", cause="404.*nobody"),
    row("verify", "-n", "orders", *APP, "-b", "{accord}", "--consumer-version-selectors", '{{"bogus": 1}}',
        cause="400.*bogus"),
    row("verify", "-n", "orders", *APP, "-b", "{broker}", "--consumer-version-selectors", "{{mainBranch: true}}",
        cause="selectors.*not JSON"),
    row("verify", "-n", "orders", *APP, "-b", "{broker}", "--consumer-version-selectors", "[1]",
        cause="not a JSON object"),
    row("verify", "-n", "orders", *APP, "-b", "{broker}", "--include-wip-pacts-since", "last tuesday",
        cause="last tuesday"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--publish", cause="--publish"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "-H", "X-Token", cause="NAME=VALUE"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--header-from-env", "X-Token=NO_SUCH_VARIABLE",
        cause="NO_SUCH_VARIABLE"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--junit", "{blocker}/report.xml", cause="blocker"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--json", "{empty}", cause="empty"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--request-timeout", "soon", cause="soon"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--request-timeout", "-1", cause="-1"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--state-change-url", "not a url", cause="not a url"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--message-url", "queue", cause="queue"),
    row("verify", "-n", "orders", *APP, "-f", "{good}", "--states", "no_such_states", cause="no_such_states"),
    row("verify", "-n", "orders", *APP, "-u", "{closed_provider}/pact.json", cause="cannot be fetched"),
    # -- broker service ---------------------------------------------------------------------------
    row("broker serve", "--database-url", "nosuchdb://x", "--port", "0", cause="nosuchdb"),
    row("broker serve", "--database-url", "{sqlite_blocked}", "--port", "0", cause="blocker"),
    row("broker serve", "--database-url", "sqlite:///:memory:", "--port", "70000", cause="70000"),
    row("broker serve", "--database-url", "sqlite:///:memory:", "--port", "{busy_port}", cause="{busy_port}.*in use"),
    row("broker serve", "--database-url", "sqlite:///:memory:", "--host", "256.1.1.1", cause="256.1.1.1"),
    row("broker migrate", "--database-url", "nosuchdb://x", cause="nosuchdb"),
    row("broker migrate", "--database-url", "{sqlite_blocked}", cause="blocker"),
    row("broker migrate", "--database-url", "{postgres_down}", cause="127.0.0.1"),
    row("broker token create", "ci", "--database-url", "nosuchdb://x", cause="nosuchdb"),
    row("broker token create", "ci", "--role", "owner", "--database-url", "sqlite:///{tmp}/broker.db", cause="owner"),
    row("broker token list", "--database-url", "{sqlite_blocked}", cause="blocker"),
    row("broker token revoke", "nobody", "--database-url", "sqlite:///{tmp}/broker.db", cause="nobody"),
    row("broker cleanup", "--keep", "0", "--database-url", "sqlite:///{tmp}/broker.db", cause="--keep"),
    row("broker cleanup", "--keep", "3", "--database-url", "nosuchdb://x", cause="nosuchdb"),
    # -- broker client ----------------------------------------------------------------------------
    row("publish", "{missing}", "-a", "1.0.0", "-b", "{broker}", cause="missing.json"),
    row("publish", "{not_json}", "-a", "1.0.0", "-b", "{broker}", cause="not_json.json"),
    row("publish", "{bad_regex}", "-a", "1.0.0", "-b", "{broker}", cause=r"bad_regex.json.*\(\[A-Z"),
    row("publish", "{empty}", "-a", "1.0.0", "-b", "{broker}", cause="empty"),
    row("publish", "{good}", "-b", "{broker}", cause="version"),
    row("publish", "{good}", "-a", "1.0.0", cause="broker"),
    row("publish", "{good}", "-a", "1.0.0", "-b", "{closed}", cause="reach"),
    row("publish", "{good}", "-a", "1.0.0", "-b", "{locked}", cause="401|token"),
    row("publish", "{good}", "-a", "1.0.0", "-b", "{failing}", cause="500"),
    row("publish", "{good}", "-a", "1.0.0", "-b", "{html}", cause="JSON|HTML"),
    row("publish", "{good}", "-a", "1.0.0", "-b", "not-a-url", cause="not-a-url"),
    row("publish", "{good}", "-a", "1.0.0", "-b", "http://[::1", cause=r"http://\[::1"),
    row("publish", "{good}", "-a", " ", "-b", "{accord}", cause="400.*version.*empty"),
    row("can-i-deploy", "-a", "nobody", "-e", "1", "-b", "{accord}", cause="nobody"),
    row("can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "production", "-b", "{closed}", cause="reach"),
    row("can-i-deploy", "-a", "web", "-e", "1", "--latest", "-b", "{broker}", cause="--latest"),
    row("can-i-deploy", "-a", "web", "-e", "1.0.0", "--to-environment", "production", "-b", "{failing}",
        cause="500"),
    row("can-i-deploy", "-a", "web", "-e", "1.0.0", "-b", "{html}", cause="JSON|HTML"),
    row("can-i-deploy", "-a", "web", "-e", "1.0.0", "-b", "{locked}", cause="401|token"),
    row("record-deployment", "-a", "web", "-e", "1.0.0", "--environment", "nowhere", "-b", "{broker}",
        cause="nowhere"),
    row("record-deployment", "-a", "nobody", "-e", "1.0.0", "--environment", "production", "-b", "{broker}",
        code=1, cause="nobody"),
    row("record-deployment", "-a", "web", "-e", "1.0.0", "--environment", "production", "-b", "{locked}",
        cause="401|token"),
    row("record-undeployment", "-a", "nobody", "--environment", "production", "-b", "{broker}",
        code=1, cause="nobody"),
    row("record-undeployment", "-a", "web", "--environment", "production", "-b", "{failing}", cause="500"),
    row("record-release", "-a", "web", "-e", "9.9.9", "--environment", "production", "-b", "{broker}",
        code=1, cause="9.9.9"),
    row("record-release", "-a", "web", "-e", "1.0.0", "--environment", "production", "-b", "{closed}",
        cause="reach"),
    row("environment create", "--name", "test", "-b", "{locked}", cause="401|token"),
    row("environment create", "--name", "test", "-b", "{html}", cause="JSON|HTML"),
    row("environment create", "--name", "a/b", "-b", "{accord}", cause="400.*'a/b'"),
    row("environment create", "--name", " ", "-b", "{accord}", cause="--name.*must not be empty"),
    row("environment list", "-b", "{failing}", cause="500"),
    row("environment list", "-b", "{closed}", cause="reach"),
    row("environment describe", "--name", "nowhere", "-b", "{broker}", cause="nowhere"),
    row("pacticipant create", "--name", "web", "-b", "{closed}", cause="reach"),
    row("pacticipant create", "--name", "web", "-b", "{failing}", cause="500"),
    row("pacticipant create", "--name", "", "-b", "{accord}", cause="--name.*must not be empty"),
    row("pacticipant describe", "--name", "nobody", "-b", "{broker}", code=1, cause="nobody"),
    row("pacticipant describe", "--name", "web", "-b", "{failing}", cause="500"),
    row("describe-version", "-a", "nobody", "-b", "{broker}", code=1, cause="nobody"),
    row("describe-version", "-a", "web", "-e", "9.9.9", "-b", "{broker}", code=1, cause="9.9.9"),
    row("describe-version", "-a", "web", "-b", "{locked}", cause="401|token"),
    row("describe-version", "-a", "", "-b", "{accord}", cause="--pacticipant.*must not be empty"),
    # -- ci ---------------------------------------------------------------------------------------
    row("ci init", "--role", "consumer", "--platform", "github", "--pacticipant", "web", cause="exists"),
    row("ci init", "--role", "consumer", "--platform", "github", "--pacticipant", "web",
        "--directory", "{blocker}/repo", cause="blocker"),
    row("ci init", "--platform", "github", "--pacticipant", "web", cause="consumer, a provider"),
    row("ci init", "--role", "admin", cause="admin"),
]
# fmt: on


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("broker.db")
    }


def _run(argv: list[str]) -> tuple[int, str]:
    """Run `accord ARGV` in-process with an empty stdin; return (exit code, stdout and stderr)."""
    runner = CliRunner()
    with runner.isolation(input="") as (out, err, _):
        try:
            main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        else:
            code = 0
        return code, out.getvalue().decode() + err.getvalue().decode()


def _leaves(command: click.Command, prefix: tuple[str, ...] = ()) -> Iterator[str]:
    if isinstance(command, click.Group):
        context = click.Context(command)
        for name in command.list_commands(context):
            sub = command.get_command(context, name)
            assert sub is not None, name
            yield from _leaves(sub, (*prefix, name))
    else:
        yield " ".join(prefix)


def test_every_command_has_rows() -> None:
    """Each leaf command of the `accord` tree appears in the table (a new command needs its mistakes)."""
    covered = {item.command for item in ROWS}
    missing = sorted(set(_leaves(cli)) - covered)
    assert missing == [], f"commands without a user-error row: {missing}"


@pytest.mark.parametrize("case", ROWS, ids=lambda case: case.id)
def test_user_error(case: Row, scene: dict[str, str]) -> None:
    """The mistake exits with its code, one line naming the cause, a hint, no traceback, no file harmed."""
    folder = Path(scene["tmp"])
    before = _snapshot(folder)
    argv = [*case.command.split(), *(arg.format(**scene) for arg in case.args)]
    code, output = _run(argv)
    assert "Traceback" not in output, output
    assert code == case.code, output
    errors = [line.strip() for line in output.splitlines() if line.strip().startswith(case.marker)]
    assert len(errors) == 1, output
    assert re.search(case.cause.format(**scene), errors[0], re.IGNORECASE), output
    if case.hint:
        assert re.search(r"^\s*Hint: \S|Try 'accord .*--help'", output, re.MULTILINE), output
    assert _snapshot(folder) == before


def test_an_unexpected_os_error_is_one_line(scene: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A file or socket failure no command anticipated still ends as `Error:` + hint, exit 2, no traceback."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", scene["good"])

    monkeypatch.setattr(pact_cli, "load_pact", refuse)
    code, output = _run(["pact", "show", scene["good"]])
    assert (code, "Traceback" in output) == (2, False)
    assert f"Error: Permission denied ({scene['good']})" in output
    assert "Hint: check the path" in output


def test_the_installed_command_prints_no_traceback(scene: dict[str, str]) -> None:
    """The `accord` executable itself (not only `main`) turns a user mistake into one line and exit 2."""
    accord = Path(sys.executable).with_name("accord")
    done = subprocess.run(
        [str(accord), "pact", "upgrade", scene["not_json"], "-o", scene["good"]],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("Error:")] != []
    assert json.loads(Path(scene["good"]).read_text()) == GOOD_PACT
