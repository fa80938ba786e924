"""Interaction ids: the ``_id`` the Pact Broker gives every interaction and message of a pact it serves.

Verifiers report their per-interaction results by this id: the Rust verifier (``pact verifier``,
pact_ffi inside pact-python and pact-js) puts ``{"interactionId": _id, "success": true}`` into
``testResults`` only for the interactions that carry an ``_id``, so without ids a broker keeps no record
of which interactions passed, and the failures it keeps have an empty ``interactionId``.

Pact Broker rule (``Pacts::Content#with_ids`` and ``GenerateInteractionSha``): the id is the SHA-1 of
the interaction's JSON with the keys of every object sorted and without a previous ``_id`` (a pact
re-published from a broker gets fresh ids), and it is the first key of the interaction.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def interaction_id(interaction: dict[str, Any]) -> str:
    """The ``_id`` of one interaction (or message): SHA-1 of its key-sorted JSON, a previous id left out."""
    without_id = {key: value for key, value in interaction.items() if key != "_id"}
    canonical = json.dumps(without_id, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(canonical.encode()).hexdigest()


def with_interaction_ids(content: dict[str, Any]) -> dict[str, Any]:
    """The pact with an ``_id`` first in every interaction and message (other entries left as they are)."""
    result = dict(content)
    for key in ("interactions", "messages"):
        entries = content.get(key)
        if isinstance(entries, list):
            result[key] = [
                {"_id": interaction_id(entry), **{k: v for k, v in entry.items() if k != "_id"}}
                if isinstance(entry, dict)
                else entry
                for entry in entries
            ]
    return result


__all__ = ["interaction_id", "with_interaction_ids"]
