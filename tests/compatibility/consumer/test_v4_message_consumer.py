"""V4 asynchronous message consumer: one test per scenario of `V4/message_consumer.feature`."""

from __future__ import annotations

from pytest_bdd import scenarios

from .._suite import feature

SPEC = "v4"

scenarios(feature("V4/message_consumer.feature"))
