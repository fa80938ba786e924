"""A message consumer's test written with pact-python 4.x: run by the peer venv's Python, ARGS out_dir.

ppy-events expects an "item created" event (a V4 asynchronous message with a provider state and
metadata) from ppy-catalog-events; its handler is run on the example message, then the pact is written.
"""

import json
import sys
from typing import Any

from pact import Pact, match

pact = Pact("ppy-events", "ppy-catalog-events").with_specification("V4")
(
    pact.upon_receiving("an item created event", "Async")
    .given("an item is created", id=7)
    .with_body({"event": "created", "id": match.int(7)}, content_type="application/json")
    .with_metadata({"topic": "items"})
)
seen: list[Any] = []


def handler(message: Any, metadata: dict[str, Any]) -> None:
    """What the consumer does with the event: read its id."""
    event = json.loads(str(message))
    assert event["event"] == "created"
    assert metadata["topic"] == "items"
    seen.append(event["id"])


pact.verify(handler, "Async")
assert seen == [7]
pact.write_file(sys.argv[1], overwrite=True)
