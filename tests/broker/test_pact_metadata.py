"""The ``/metadata/{segment}`` of pact URLs: Accord writes what the Pact Broker writes, and reads the
Pact Broker's segments (the expected strings were made with Rack 2.2.8's ``build_nested_query`` and
Ruby's ``Base64.urlsafe_encode64(..., padding: false)``, as ``pact_broker_urls.rb`` does)."""

from __future__ import annotations

import pytest

from accord.broker.api._metadata import (
    MetadataError,
    PactMetadata,
    SelectorMetadata,
    decode_metadata,
    encode_metadata,
)

# {"s" => [{"b" => "feat x", "l" => true, "cvn" => "1+a"}, {"e" => "prod", "cvn" => "1+a"}], "p" => true}
RACK_SELECTORS = (
    "c1tdW2JdPWZlYXQreCZzW11bbF09dHJ1ZSZzW11bY3ZuXT0xJTJCYSZzW11bZV09cHJvZCZzW11bY3ZuXT0xJTJCYSZwPXRydWU"
)


def test_encoding_matches_the_pact_broker() -> None:
    """Selectors, consumer version numbers and the pending flag encode byte for byte as Rack does."""
    selectors = [
        SelectorMetadata("1+a", branch="feat x", latest=True),
        SelectorMetadata("1+a", environment="prod"),
    ]
    assert encode_metadata(selectors, pending=True) == RACK_SELECTORS


@pytest.mark.parametrize(
    ("segment", "expected"),
    [
        (RACK_SELECTORS, PactMetadata(("1+a",), wip=False, pending=True)),
        # {"cvn" => "1.0.0", "cvt" => ["dev"], "w" => "true"}: a webhook's pact URL
        ("Y3ZuPTEuMC4wJmN2dFtdPWRldiZ3PXRydWU", PactMetadata(("1.0.0",), wip=True)),
        # {"s" => [{"b" => "main", "l" => true, "cv" => 12}, ...], "p" => false}: that broker's version ids
        (
            "c1tdW2JdPW1haW4mc1tdW2xdPXRydWUmc1tdW2N2XT0xMiZzW11bZV09cHJvZCZzW11bY3ZdPTEyJnA9ZmFsc2U",
            PactMetadata((), wip=False, pending=False),
        ),
        ("Y3ZuPTEuMC4wJmN2dFtdPWRldiZ3PXRydWU=", PactMetadata(("1.0.0",), wip=True)),  # padded
        ("", PactMetadata()),
    ],
)
def test_decoding_pact_broker_segments(segment: str, expected: PactMetadata) -> None:
    """Segments written by the Pact Broker are read, padded or not; ``cv`` ids are ignored."""
    assert decode_metadata(segment) == expected


def test_round_trip_of_a_wip_pact() -> None:
    """A WIP pact's segment says WIP and pending, and names its consumer version."""
    assert decode_metadata(
        encode_metadata([SelectorMetadata("2", branch="feat")], wip=True, pending=True)
    ) == (PactMetadata(("2",), wip=True, pending=True))


@pytest.mark.parametrize("segment", ["!!!", "%%%", "/w==", "gICA"])
def test_corrupt_segments_are_refused(segment: str) -> None:
    """Characters outside base64, or bytes that are not UTF-8, are a `MetadataError`."""
    with pytest.raises(MetadataError, match="metadata segment"):
        decode_metadata(segment)
