"""``accord pact``: validate, upgrade and show, with their exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.cli._main import main

V2_PACT: dict[str, Any] = {
    "consumer": {"name": "web"},
    "provider": {"name": "orders"},
    "interactions": [
        {
            "description": "a request for orders",
            "providerState": "orders exist",
            "request": {"method": "GET", "path": "/orders", "query": "page=1"},
            "response": {
                "status": 200,
                "body": {"orders": [{"id": 1}]},
                "matchingRules": {"$.body.orders": {"match": "type", "min": 1}},
            },
        }
    ],
    "metadata": {"pactSpecification": {"version": "2.0.0"}},
}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``accord pact ARGS``; return the exit code, stdout and stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(["pact", *args])
    captured = capsys.readouterr()
    code = exit_info.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


def _write(tmp_path: Path, name: str, document: Any) -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


def test_validate_good_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A valid pact prints OK with pacticipants, version and count, and exits 0."""
    code, out, _ = run(["validate", str(_write(tmp_path, "good.json", V2_PACT))], capsys)
    assert code == 0
    assert "OK" in out and "web -> orders, v2, 1 interaction" in out


BAD = [
    ("{", "not valid JSON"),
    (json.dumps({**V2_PACT, "provider": None}), "$.provider: the pact names no provider"),
    (
        json.dumps(
            {**V2_PACT, "interactions": [{**V2_PACT["interactions"][0], "response": {"status": "ok"}}]}
        ),
        "$.interactions[0].response.status",
    ),
]


@pytest.mark.parametrize(("text", "detail"), BAD)
def test_validate_bad_files_exit_1_with_path_and_hint(
    text: str, detail: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid file prints INVALID with the file, the JSON path and a hint; the exit code is 1."""
    good = _write(tmp_path, "good.json", V2_PACT)
    bad = _write(tmp_path, "bad.json", text)
    code, out, err = run(["validate", "-q", str(good), str(bad)], capsys)
    assert code == 1
    assert f"INVALID {bad}" in out and detail in out and "Hint:" in out
    assert "OK" not in out
    assert "1 of 2 pact files are not valid" in err


def test_upgrade_to_stdout_and_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """upgrade prints the v4 document, or writes it with -o and reports the versions."""
    source = _write(tmp_path, "v2.json", V2_PACT)
    code, out, _ = run(["upgrade", str(source), "--to", "v4"], capsys)
    assert code == 0
    document = json.loads(out)
    assert document["metadata"]["pactSpecification"]["version"] == "4.0"
    assert document["interactions"][0]["type"] == "Synchronous/HTTP"
    assert document["interactions"][0]["request"]["query"] == {"page": ["1"]}
    target = tmp_path / "out" / "v4.json"
    code, _, err = run(["upgrade", str(source), "-o", str(target)], capsys)
    assert code == 0 and "v2 -> v4, 1 interaction" in err
    assert json.loads(target.read_text(encoding="utf-8")) == document


def test_upgrade_refuses_downgrade(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Asking for an earlier version is an error with a hint, exit code 2."""
    code, _, err = run(["upgrade", str(_write(tmp_path, "v2.json", V2_PACT)), "--to", "v1"], capsys)
    assert code == 2
    assert "Error:" in err and "cannot convert a v2 pact down to v1" in err and "Hint:" in err


def test_missing_file_is_an_error_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file gives Error/Hint lines and exit code 2."""
    code, _, err = run(["show", str(tmp_path / "none.json")], capsys)
    assert code == 2
    assert "no such pact file" in err and "Traceback" not in err


def test_show_summarises_every_interaction_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """show prints pacticipants and one line per HTTP interaction, message and synchronous message."""
    document = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [
            {
                "type": "Synchronous/HTTP",
                "description": "get",
                "pending": True,
                "providerStates": [{"name": "x"}],
                "request": {"method": "GET", "path": "/a", "query": {"q": ["1", "2"]}},
                "response": {"status": 204},
            },
            {
                "type": "Asynchronous/Messages",
                "description": "event",
                "contents": {"content": 1, "contentType": "application/json"},
            },
            {"type": "Synchronous/Messages", "description": "rpc", "request": {}, "response": [{}, {}]},
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }
    code, out, _ = run(["show", str(_write(tmp_path, "v4.json", document))], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "c -> p (Pact v4, 3 interactions)"
    assert "HTTP     'get' given x: GET /a?q=1&q=2 -> 204 [pending]" in lines[1]
    assert "MESSAGE  'event': application/json" in lines[2]
    assert "SYNC MSG 'rpc': 2 response(s)" in lines[3]
    code, out, _ = run(["show", "--json", str(_write(tmp_path, "v4.json", document))], capsys)
    assert json.loads(out) == document


def test_validate_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A directory stands for its .json files; an empty one is an error."""
    _write(tmp_path, "a.json", V2_PACT)
    _write(tmp_path, "b.json", V2_PACT)
    code, out, _ = run(["validate", str(tmp_path)], capsys)
    assert code == 0 and out.count("OK") == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(["validate", str(empty)], capsys)
    assert code == 2 and "no pact files in" in err


V3_MESSAGES = {
    "consumer": {"name": "worker"},
    "provider": {"name": "queue"},
    "messages": [
        {
            "description": "an event",
            "providerStates": [{"name": "s"}],
            "contents": {"a": 1},
            "metaData": {"contentType": "application/json"},
        }
    ],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}


@pytest.mark.parametrize(
    ("document", "lines"),
    [
        (
            V2_PACT,
            [
                "web -> orders (Pact v2, 1 interaction)",
                "  1. HTTP     'a request for orders' given orders exist: GET /orders?page=1 -> 200",
            ],
        ),
        (
            V3_MESSAGES,
            [
                "worker -> queue (Pact v3, 1 interaction)",
                "  1. MESSAGE  'an event' given s: application/json",
            ],
        ),
    ],
)
def test_show_older_versions(
    document: dict[str, Any], lines: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """show reads v2 provider states and query strings, and v3 message pacts."""
    code, out, _ = run(["show", str(_write(tmp_path, "p.json", document))], capsys)
    assert code == 0
    assert out.splitlines() == lines
