"""The ``/metadata/{segment}`` part of the pact URLs handed to verifiers.

The Pact Broker links each pact of a pacts-for-verification answer (and the latest pact's
``pb:publish-verification-results``) as ``/pacts/provider/P/consumer/C/pact-version/SHA/metadata/M``,
where ``M`` is URL-safe base64, without padding, of a Rack nested query string saying why the pact is
verified: ``s[][b]=main&s[][l]=true&s[][cvn]=1.0.0&p=true`` (one ``s[]`` entry per selector that chose
it, ``p`` whether it is pending), or ``w=true`` for a work-in-progress pact. The verifier fetches the
pact there and posts its results to that pact's ``pb:publish-verification-results`` link, which keeps
the segment: so the broker learns which consumer versions the result is for and that it came from a WIP
verification (whose success does not take the pact out of the WIP set).

Keys, as the Pact Broker names them (``lib/pact_broker/pacts/metadata.rb``): ``cvn`` consumer version
number, ``cvt`` consumer version tags, ``cv`` consumer version id (that broker's database ids: read but
not used here), ``w`` WIP, ``p`` pending, ``s`` selectors with ``b`` branch, ``t`` tag, ``l`` latest,
``e`` environment. Accord writes consumer version numbers (``cvn``), which the Pact Broker reads too.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, quote_plus


class MetadataError(ValueError):
    """A ``/metadata/`` segment that is not base64 of a query string."""


@dataclass(frozen=True)
class PactMetadata:
    """What a pact URL's metadata says: the consumer versions it was selected for, WIP and pending."""

    consumer_version_numbers: tuple[str, ...] = ()
    wip: bool = False
    pending: bool | None = None


@dataclass(frozen=True)
class SelectorMetadata:
    """One selector that chose a pact: the consumer version it resolved to, and how it selected it."""

    consumer_version_number: str
    branch: str | None = None
    tag: str | None = None
    latest: bool | None = None
    environment: str | None = None


def encode_metadata(
    selectors: list[SelectorMetadata] | None = None, *, wip: bool = False, pending: bool | None = None
) -> str:
    """The URL segment for a pact chosen by ``selectors`` (or as a WIP pact)."""
    pairs: list[tuple[str, str]] = []
    for selector in selectors or []:
        for key, value in (
            ("b", selector.branch),
            ("t", selector.tag),
            ("l", None if selector.latest is None else str(selector.latest).lower()),
            ("e", selector.environment),
            ("cvn", selector.consumer_version_number),
        ):
            if value is not None:
                pairs.append((f"s[][{key}]", value))
    if wip:
        pairs.append(("w", "true"))
    if pending is not None:
        pairs.append(("p", str(pending).lower()))
    # Rack's build_nested_query: brackets in keys as they are, values form-encoded.
    query = "&".join(f"{quote(key, safe='[]')}={quote_plus(value)}" for key, value in pairs)
    return base64.urlsafe_b64encode(query.encode()).decode().rstrip("=")


def decode_metadata(segment: str) -> PactMetadata:
    """Read a metadata segment (padding optional, as the Pact Broker accepts it).

    Raises:
        MetadataError: when it is not base64 of a UTF-8 query string.
    """
    try:
        padded = segment.rstrip("=") + "=" * (-len(segment.rstrip("=")) % 4)
        raw = base64.b64decode(padded, altchars=b"-_", validate=True).decode("utf-8")
        pairs = parse_qsl(raw, keep_blank_values=True, strict_parsing=bool(raw))
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise MetadataError(f"the pact URL's metadata segment {segment!r} is not valid") from None
    numbers: list[str] = []
    wip = False
    pending: bool | None = None
    for key, value in pairs:
        if key in {"cvn", "s[][cvn]"} and value and value not in numbers:
            numbers.append(value)
        elif key == "w":
            wip = value == "true"
        elif key == "p":
            pending = value == "true"
    return PactMetadata(tuple(numbers), wip, pending)


__all__ = ["MetadataError", "PactMetadata", "SelectorMetadata", "decode_metadata", "encode_metadata"]
