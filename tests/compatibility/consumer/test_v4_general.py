"""General V4 features: mixed interaction types in one pact: one test per scenario of `V4/v4.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v4"

scenarios(feature("V4/v4.feature"))
