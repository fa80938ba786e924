"""V4 era matching rules: one test per scenario of the suite's `V4/matching_rules.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v4"

scenarios(feature("V4/matching_rules.feature"))
