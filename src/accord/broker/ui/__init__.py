"""accord.broker.ui: the HTML page people see at ``/`` in a browser (clients get HAL+JSON there)."""

from accord.broker.ui._pages import IntegrationRow, integration_rows, render_index

__all__ = ["IntegrationRow", "integration_rows", "render_index"]
