"""accord.broker.ui: to be filled in (see ARCHITECTURE in docs/architecture.md)."""
