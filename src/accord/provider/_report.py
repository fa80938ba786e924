"""The console report (Rich): per consumer, per interaction, the verdict and each mismatch with a small diff.

Shape, following the Pact verifiers' console output so that people who know them read it at once::

    Verifying a pact between web and orders  (pacts/web-orders.json)
      a request for an order  (given an order exists)
        ✔ passed
      a request to delete an order
        ✘ failed
          1) $.body.id: Expected 7 (Integer) to be equal to "7" (String)
             - "7"
             + 7

V4 comments (``text`` and ``testname``) are printed under their interaction. A progress bar is
shown on a terminal while more than ``PROGRESS_THRESHOLD`` interactions are verified.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from types import TracebackType
from typing import Any

from ._results import InteractionResult, VerificationResult

PROGRESS_THRESHOLD = 20


class Progress:
    """A Rich progress bar over the interactions, shown only above the threshold and on a terminal."""

    def __init__(self, total: int, *, enabled: bool | None = None) -> None:
        if enabled is None:
            enabled = total > PROGRESS_THRESHOLD and sys.stderr.isatty()
        self._bar: Any = None
        self._task: Any = None
        if enabled:
            # Rich is imported only when drawing: it costs ~30 ms of every `accord verify` start-up
            from rich.console import Console  # noqa: PLC0415
            from rich.progress import (  # noqa: PLC0415
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeElapsedColumn,
            )
            from rich.progress import Progress as RichProgress  # noqa: PLC0415

            self._bar = RichProgress(
                TextColumn("verifying"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._bar.add_task("verify", total=total)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self) -> None:
        """One more interaction verified."""
        if self._bar is not None:
            self._bar.advance(self._task)


def _text(value: Any, raw: bool) -> str:
    """``value`` for the diff: text as it is when both sides are text, else JSON (``7`` vs ``"7"``)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if raw and isinstance(value, str):
        return value
    try:
        return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def small_diff(expected: Any, actual: Any, limit: int = 12) -> list[str]:
    """A unified diff of expected (``-``) against actual (``+``), at most ``limit`` lines, no headers."""
    if expected is None and actual is None:
        return []
    raw = isinstance(expected, str | bytes) and isinstance(actual, str | bytes)
    lines = [
        line
        for line in difflib.unified_diff(
            _text(expected, raw).splitlines(), _text(actual, raw).splitlines(), lineterm="", n=1
        )
        if not line.startswith(("---", "+++", "@@"))
    ]
    if len(lines) > limit:
        lines = [*lines[:limit], f"... ({len(lines) - limit} more lines)"]
    return lines


def interaction_lines(result: InteractionResult) -> list[tuple[str, str]]:
    """The report's lines for one interaction, each with a Rich style."""
    case = result.case
    states = ", ".join(repr(s.name) for s in case.states)
    title = f"  {case.description}" + (f"  (given {states})" if states else "")
    out = [(title, "bold")]
    for text in case.comments.get("text", []) or []:
        out.append((f"    # {text}", "dim"))
    if case.comments.get("testname"):
        out.append((f"    # Test Name: {case.comments['testname']}", "dim"))
    if result.success:
        out.append(("    ✔ passed", "green"))
        return out
    verdict = "failed (pending: does not fail the verification)" if result.pending else "failed"
    out.append((f"    ✘ {verdict}", "yellow" if result.pending else "red"))
    number = 0
    for problem in (result.state_error, result.error):
        if problem:
            number += 1
            out.append((f"      {number}) {problem}", ""))
    for mismatch in result.mismatches:
        number += 1
        out.append((f"      {number}) {mismatch.kind} {mismatch.pact_path}: {mismatch.message}", ""))
        for line in small_diff(mismatch.expected, mismatch.actual):
            out.append((f"         {line}", "red" if line.startswith("-") else "green"))
    return out


def report_lines(result: VerificationResult) -> list[tuple[str, str]]:
    """Every line of the console report, with styles."""
    out: list[tuple[str, str]] = []
    for pact in result.pacts:
        pending = " [pending]" if pact.pending else ""
        out.append(
            (
                f"Verifying a pact between {pact.consumer} and {pact.provider}{pending}  ({pact.source})",
                "bold",
            )
        )
        for interaction in pact.interactions:
            out.extend(interaction_lines(interaction))
        out.append(("", ""))
    for warning in result.warnings:
        out.append((f"WARNING: {warning}", "yellow"))
    for error in result.publish_errors:
        out.append((f"ERROR: {error}", "bold red"))
    counts = result.counts()
    summary = (
        f"{counts['total']} interactions, {counts['passed']} passed, {counts['failed']} failed"
        + (f", {counts['pending_failed']} pending failed" if counts["pending_failed"] else "")
        + f" in {result.duration:.2f} s"
    )
    out.append((summary, "bold green" if result.success else "bold red"))
    return out


# Rich removes these control characters from text (bell, backspace, vertical tab, form feed, CR)
_CONTROL = dict.fromkeys((7, 8, 11, 12, 13))


def _is_terminal(file: Any) -> bool:
    """Whether Rich would style output to ``file`` (its rules: TTY_COMPATIBLE, FORCE_COLOR, isatty)."""
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "1"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color != ""
    try:
        return bool(file.isatty())
    except (AttributeError, ValueError):
        return False


def print_report(result: VerificationResult, file: Any = None) -> None:
    """Print the report in one write: with Rich on a terminal (colours), as plain text elsewhere.

    Off a terminal Rich writes the text unstyled; writing it directly gives the same characters
    without importing Rich (~30 ms of every CI run's start-up).
    """
    out = file if file is not None else sys.stdout
    if not _is_terminal(out):
        out.write("".join(line.translate(_CONTROL) + "\n" for line, _ in report_lines(result)))
        out.flush()
        return
    from rich.console import Console  # noqa: PLC0415 - see Progress: Rich is imported when used
    from rich.text import Text  # noqa: PLC0415

    console = Console(file=out, highlight=False, soft_wrap=True)
    text = Text()
    for line, style in report_lines(result):
        text.append(line + "\n", style=style or None)
    console.print(text, end="")


__all__ = [
    "PROGRESS_THRESHOLD",
    "Progress",
    "interaction_lines",
    "print_report",
    "report_lines",
    "small_diff",
]
