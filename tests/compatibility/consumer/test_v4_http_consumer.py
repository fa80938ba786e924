"""V4 HTTP consumer interactions: one test per scenario of `V4/http_consumer.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v4"

scenarios(feature("V4/http_consumer.feature"))
