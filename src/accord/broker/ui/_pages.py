"""The broker's HTML page for people: ``GET /`` from a browser (``Accept: text/html``).

It shows what the Pact Broker's home page shows: every consumer/provider pair with its latest pact,
when it was published, and the latest verification of that content (passed, failed or not yet
verified), each name linking to the HAL resource. Rendering is Jinja2 with autoescaping, so names
are displayed as text whatever characters they hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from sqlalchemy import Connection

from accord.broker.storage import _repository as repo

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
_INDEX = _ENV.from_string(
    """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Accord broker</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }
.passed { color: #176f2c; } .failed { color: #b3261e; } .unverified { color: #8a6d00; }
</style>
</head>
<body>
<h1>Accord broker</h1>
<p>{{ rows|length }} integration{{ "" if rows|length == 1 else "s" }}.
API: <a href="{{ base }}/openapi.json">OpenAPI</a>,
HAL index with <code>Accept: application/hal+json</code>.</p>
<table>
<thead><tr>
<th>Consumer</th><th>Version</th><th>Provider</th><th>Published</th><th>Latest verification</th>
</tr></thead>
<tbody>
{% for row in rows %}
<tr>
<td><a href="{{ row.consumer_url }}">{{ row.consumer }}</a></td>
<td>{{ row.consumer_version }}</td>
<td><a href="{{ row.provider_url }}">{{ row.provider }}</a></td>
<td><a href="{{ row.pact_url }}">{{ row.published }}</a></td>
<td class="{{ row.status }}">{{ row.status }}
{% if row.provider_version %} by {{ row.provider_version }}{% endif %}</td>
</tr>
{% else %}
<tr><td colspan="5">No pacts yet: publish one with <code>pact broker publish</code>
or <code>accord publish</code>.</td></tr>
{% endfor %}
</tbody>
</table>
</body>
</html>
"""
)


@dataclass(frozen=True)
class IntegrationRow:
    """One line of the home page."""

    consumer: str
    consumer_url: str
    consumer_version: str
    provider: str
    provider_url: str
    pact_url: str
    published: str
    status: str
    provider_version: str | None


def integration_rows(conn: Connection, urls: Any) -> list[IntegrationRow]:
    """The latest pact of each pair, with its latest verification."""
    rows = []
    for pact in repo.latest_pacts(conn):
        verification = repo.find_verification(conn, pact.pact_version_id)
        status = "unverified" if verification is None else "passed" if verification.success else "failed"
        rows.append(
            IntegrationRow(
                consumer=pact.consumer_name,
                consumer_url=urls.pacticipant(pact.consumer_name),
                consumer_version=pact.consumer_version,
                provider=pact.provider_name,
                provider_url=urls.pacticipant(pact.provider_name),
                pact_url=urls.pact(pact.provider_name, pact.consumer_name, pact.consumer_version),
                published=f"{pact.created_at:%Y-%m-%d %H:%M}",
                status=status,
                provider_version=None if verification is None else verification.provider_version,
            )
        )
    return rows


def render_index(conn: Connection, urls: Any) -> str:
    """The home page's HTML."""
    return _INDEX.render(rows=integration_rows(conn, urls), base=urls.base)


__all__ = ["IntegrationRow", "integration_rows", "render_index"]
