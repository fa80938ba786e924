"""The Pact compatibility suite, wired with pytest-bdd: shared set-up and the steps every area uses.

Each test module under this folder binds one feature file of ``../shared/pact-compatibility-suite``
(``scenarios(feature(...))``), one pytest test per scenario. Steps live in the ``conftest.py`` of
each area (``matching/``, ``consumer/``, ``provider/``); the steps shared by several areas live here.
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers

from ._suite import Definition, definitions

# The feature files' tags become pytest markers; --strict-markers wants them declared.
_TAGS = {
    "consumer": "a Pact compatibility suite consumer feature",
    "provider": "a Pact compatibility suite provider feature",
    "message": "a Pact compatibility suite message feature",
    "SynchronousMessage": "a Pact compatibility suite synchronous message feature",
    "wip": "a scenario the compatibility suite marks as work in progress (run like any other)",
}


def pytest_configure(config: pytest.Config) -> None:
    """Declare the suite's tags as markers."""
    for tag, meaning in _TAGS.items():
        config.addinivalue_line("markers", f"{tag}: {meaning}")


@given(
    parsers.parse("the following HTTP interactions have been defined:"),
    target_fixture="interactions",
)
def the_following_http_interactions(datatable: list[list[str]]) -> dict[int, Definition]:
    """Parse the background table of interactions, keyed by their ``No``."""
    return definitions(datatable)
