"""An HTTP consumer with V2 matching rules: one test per scenario of `V2/http_consumer.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from ..._suite import feature

SPEC = "v2"

scenarios(feature("V2/http_consumer.feature"))
