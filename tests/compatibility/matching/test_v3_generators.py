"""V3 era generators: one test per scenario of the suite's `V3/generators.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v3"

scenarios(feature("V3/generators.feature"))
