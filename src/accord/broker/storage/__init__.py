"""accord.broker.storage: to be filled in (see ARCHITECTURE in docs/architecture.md)."""
