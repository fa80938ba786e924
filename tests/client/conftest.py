"""Fixtures of the client tests: the fake HAL broker on 127.0.0.1, a HalClient on it, pact files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.client import HalClient

from .fake_broker import FakeBroker, serve


@pytest.fixture
def broker() -> Iterator[FakeBroker]:
    """A fresh fake broker served on an ephemeral loopback port."""
    with serve(FakeBroker()) as running:
        yield running


@pytest.fixture
def hal(broker: FakeBroker) -> Iterator[HalClient]:
    """A HalClient on the fake broker, without retries."""
    with HalClient(broker.url, retries=0) as client:
        yield client


def write_pact(
    directory: Path, consumer: str, provider: str, description: str = "a request for an item"
) -> Path:
    """Write a minimal v3 pact file (its one interaction described as given) and return its path."""
    path = directory / f"{consumer}-{provider}.json"
    document = {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [
            {
                "description": description,
                "request": {"method": "GET", "path": "/items/1"},
                "response": {"status": 200, "body": {"id": 1}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    path.write_text(json.dumps(document))
    return path
