"""accord.broker.webhooks: to be filled in (see ARCHITECTURE in docs/architecture.md)."""
