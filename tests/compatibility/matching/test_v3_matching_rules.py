"""V3 era matching rules: one test per scenario of the suite's `V3/matching_rules.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v3"

scenarios(feature("V3/matching_rules.feature"))
