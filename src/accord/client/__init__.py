"""accord.client: to be filled in (see ARCHITECTURE in docs/architecture.md)."""
