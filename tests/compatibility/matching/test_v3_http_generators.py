"""Generators applied to HTTP parts: one test per scenario of `V3/http_generators.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v3"

scenarios(feature("V3/http_generators.feature"))
