"""accord.broker.webhooks: HTTP requests the broker sends when contracts are published or verified."""

from accord.broker.webhooks._webhooks import (
    EVENTS,
    REQUIRING_VERIFICATION,
    WebhookError,
    WebhookResult,
    execute,
    render,
    trigger,
    validate,
)

__all__ = [
    "EVENTS",
    "REQUIRING_VERIFICATION",
    "WebhookError",
    "WebhookResult",
    "execute",
    "render",
    "trigger",
    "validate",
]
