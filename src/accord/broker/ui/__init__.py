"""accord.broker.ui: the broker's web UI (HTML for browsers; clients get HAL+JSON at ``/``).

- Pages (`render_index`, `render_pacticipant`, `render_pact`, `render_matrix`, `render_network`):
  Jinja2 templates in ``ui/templates`` with autoescaping, a hand-written stylesheet inlined, no
  external scripts or fonts (works offline).
- Status badges (`badge_for`, `render_badge`): the Pact Broker's ``.../latest[/{tag}]/badge`` SVGs.
- `layout`: the network graph's layered layout; `integration_rows`: every pair's latest pact and
  verification in two queries.
- `routes()`: the Starlette routes (``/ui/...`` and the badge URLs).
"""

from accord.broker.ui._badges import Badge, badge_for, render_badge
from accord.broker.ui._graph import Graph, layout
from accord.broker.ui._pages import (
    IntegrationRow,
    integration_rows,
    render_index,
    render_matrix,
    render_network,
    render_pact,
    render_pacticipant,
)
from accord.broker.ui._routes import routes

__all__ = [
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
]
