"""Verifying an HTTP provider with V4 features: one test per scenario of `V4/http_provider.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v4"

scenarios(feature("V4/http_provider.feature"))
