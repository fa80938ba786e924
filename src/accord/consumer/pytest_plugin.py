"""pytest plugin for consumer contract tests (registered through the ``pytest11`` entry point).

- the ``pact`` fixture: a factory, ``pact("web", "users-api")`` -> ``accord.consumer.Pact`` writing
  into ``--pact-dir`` (default ``pacts``) in ``--pact-spec`` (default ``v4``);
- a test that ends with interactions defined but never served or verified fails at teardown;
- a failure caused by Accord (``AccordError``: a mismatch report, a bad matcher) is shown as its
  report and hint instead of a traceback from deep inside the mock server;
- under pytest-xdist, every worker shares one run id (``ACCORD_PACT_RUN``), so two tests writing
  different interactions under one description are caught even in different workers.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from accord.errors import AccordError, ConfigurationError

if TYPE_CHECKING:
    from ._dsl import Pact

_RUN_ENV = "ACCORD_PACT_RUN"
SPECS = ("v2", "v3", "v4")


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--pact-dir`` and ``--pact-spec`` (also settable as ini options ``pact_dir``/``pact_spec``)."""
    group = parser.getgroup("accord", "Accord consumer contract tests")
    group.addoption("--pact-dir", default=None, help="where consumer tests write pact files (default: pacts)")
    group.addoption(
        "--pact-spec", default=None, choices=SPECS, help="Pact specification of written pacts (default: v4)"
    )
    parser.addini("pact_dir", "where consumer tests write pact files", default="pacts")
    parser.addini("pact_spec", "Pact specification of written pacts (v2, v3, v4)", default="v4")


def pytest_configure(config: pytest.Config) -> None:
    """Give the run one id, inherited by xdist workers (they start after the controller configures)."""
    if not hasattr(config, "workerinput") and _RUN_ENV not in os.environ:
        os.environ[_RUN_ENV] = uuid.uuid4().hex


def _setting(config: pytest.Config, name: str) -> str:
    value = config.getoption(f"--{name.replace('_', '-')}") or config.getini(name)
    return str(value)


@pytest.fixture
def pact(request: pytest.FixtureRequest) -> Iterator[Callable[..., Pact]]:
    """A factory of ``Pact`` objects: ``pact(consumer, provider, *, spec=None, pact_dir=None)``."""
    from ._dsl import Pact  # noqa: PLC0415 - keep plugin loading cheap for test runs that never use it

    made: list[Pact] = []
    root = Path(str(request.config.rootpath))

    def factory(
        consumer: str, provider: str, *, spec: str | None = None, pact_dir: str | Path | None = None
    ) -> Pact:
        directory = Path(pact_dir) if pact_dir is not None else Path(_setting(request.config, "pact_dir"))
        if not directory.is_absolute():
            directory = root / directory
        created = Pact(
            consumer, provider, pact_dir=directory, spec=spec or _setting(request.config, "pact_spec")
        )
        made.append(created)
        return created

    yield factory
    forgotten = [(p, i.description) for p in made for i in p.interactions]
    failed = getattr(request.node, "_accord_failed", False)
    if forgotten and not failed:
        names = ", ".join(repr(description) for _, description in forgotten)
        raise ConfigurationError(
            f"the test defined interactions it never served or verified: {names}",
            hint="exercise them inside `with pact.serve() as mock:` (HTTP) "
            "or call pact.verify(handler) (messages)",
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    """Show an ``AccordError`` as its report and hint, not as a traceback through Accord's code."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if call.excinfo is None:
        return
    if call.when == "call":
        item._accord_failed = True  # type: ignore[attr-defined]
    error = call.excinfo.value
    if isinstance(error, AccordError) and report.failed:
        location = _test_location(item, call.excinfo)
        report.longrepr = f"{location}\n{type(error).__name__}: {error}"


def _test_location(item: pytest.Item, excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    """The last traceback line inside the test's own file (where the test met the error)."""
    test_file = str(getattr(item, "path", ""))
    for entry in reversed(excinfo.traceback):
        if str(entry.path) == test_file:
            return f"{test_file}:{entry.lineno + 1}: {str(entry.statement).strip()}"
    return item.nodeid


__all__ = ["pact", "pytest_addoption", "pytest_configure", "pytest_runtest_makereport"]
