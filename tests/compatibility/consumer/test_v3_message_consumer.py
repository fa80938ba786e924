"""V3 message consumer: one test per scenario of `V3/message_consumer.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v3"

scenarios(feature("V3/message_consumer.feature"))
