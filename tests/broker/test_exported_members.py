"""The broker's public names are pinned: changing them is a deliberate API change."""

from __future__ import annotations

import pytest

import accord.broker
import accord.broker.api
import accord.broker.storage
import accord.broker.ui
import accord.broker.webhooks


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            accord.broker,
            [
                "DEFAULT_DATABASE_URL",
                "ROLES",
                "BrokerSettings",
                "Storage",
                "TokenInfo",
                "all_routes",
                "create_app",
                "create_token",
                "is_loopback",
                "list_tokens",
                "revoke_token",
            ],
        ),
        (accord.broker.api, ["HAL_JSON", "ApiError"]),
        (accord.broker.storage, ["Storage", "normalise_database_url"]),
        (
            accord.broker.ui,
            [
                "Badge",
                "Graph",
                "IntegrationRow",
                "badge_for",
                "integration_rows",
                "layout",
                "render_badge",
                "render_index",
                "render_matrix",
                "render_network",
                "render_pact",
                "render_pacticipant",
                "routes",
            ],
        ),
        (
            accord.broker.webhooks,
            [
                "EVENTS",
                "REQUIRING_VERIFICATION",
                "WebhookError",
                "WebhookResult",
                "execute",
                "render",
                "trigger",
                "validate",
            ],
        ),
    ],
)
def test_exported_members(module: object, names: list[str]) -> None:
    """``__all__`` lists exactly the public names, and each resolves."""
    assert sorted(module.__all__) == sorted(names)  # type: ignore[attr-defined]
    for name in names:
        assert getattr(module, name) is not None
