"""A basic HTTP consumer against the mock server (V1): one test per scenario of `V1/http_consumer.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from ..._suite import feature

SPEC = "v1"

scenarios(feature("V1/http_consumer.feature"))
