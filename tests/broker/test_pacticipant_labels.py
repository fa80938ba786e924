"""Pacticipant labels: ``PUT|GET|DELETE /pacticipants/{p}/labels/{label}``, the labels embedded in the
pacticipant resource, ``GET /pacticipants/label/{label}``, bad input and cascade on pacticipant delete,
on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from accord.broker import Storage
from accord.broker.storage import _schema as t
from accord.broker.storage._engine import _MIGRATIONS
from accord.broker.storage._repository import now

from .conftest import table_counts

pytestmark = pytest.mark.anyio


def _label_names(body: dict[str, object]) -> list[str]:
    embedded = body["_embedded"]
    assert isinstance(embedded, dict)
    return [label["name"] for label in embedded["labels"]]


async def test_label_lifecycle(client: httpx.AsyncClient) -> None:
    """PUT creates (201, then 200), GET finds it, the pacticipant embeds it, DELETE removes it (then 404)."""
    await client.put("/pacticipants/web", json={})
    created = await client.put("/pacticipants/web/labels/ios", json={})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "ios"
    assert body["_links"]["self"]["href"].endswith("/pacticipants/web/labels/ios")
    assert body["_links"]["pb:pacticipant"]["name"] == "web"
    assert (await client.put("/pacticipants/web/labels/ios")).status_code == 200
    assert (await client.get("/pacticipants/web/labels/ios")).json()["name"] == "ios"
    await client.put("/pacticipants/web/labels/android")

    pacticipant = (await client.get("/pacticipants/web")).json()
    assert _label_names(pacticipant) == ["android", "ios"]
    assert pacticipant["_embedded"]["labels"][1]["_links"]["self"]["href"].endswith("/labels/ios")
    assert pacticipant["_links"]["pb:label"]["templated"] is True
    listed = (await client.get("/pacticipants")).json()["_embedded"]["pacticipants"]
    assert [_label_names(p) for p in listed] == [["android", "ios"]]

    assert (await client.delete("/pacticipants/web/labels/ios")).status_code == 204
    missing = await client.get("/pacticipants/web/labels/ios")
    assert missing.status_code == 404
    assert "PUT /pacticipants/web/labels/ios" in missing.json()["hint"]
    assert (await client.delete("/pacticipants/web/labels/ios")).status_code == 404
    assert _label_names((await client.get("/pacticipants/web")).json()) == ["android"]


async def test_pacticipants_for_label(client: httpx.AsyncClient) -> None:
    """Only the pacticipants with the label are listed, by name, each with its labels; none is an
    empty list."""
    for name, labels in (("web", ["team-a"]), ("api", ["team-a", "java"]), ("auth", ["java"])):
        await client.put(f"/pacticipants/{name}", json={})
        for label in labels:
            assert (await client.put(f"/pacticipants/{name}/labels/{label}")).status_code == 201
    team = (await client.get("/pacticipants/label/team-a")).json()
    assert [p["name"] for p in team["_embedded"]["pacticipants"]] == ["api", "web"]
    assert _label_names(team["_embedded"]["pacticipants"][0]) == ["java", "team-a"]
    assert team["_links"]["self"]["href"].endswith("/pacticipants/label/team-a")
    nobody = await client.get("/pacticipants/label/go")
    assert (nobody.status_code, nobody.json()["_embedded"]["pacticipants"]) == (200, [])


@pytest.mark.parametrize(
    ("method", "path", "status", "words"),
    [
        ("PUT", "/pacticipants/nobody/labels/ios", 404, "PUT /pacticipants/nobody"),
        ("GET", "/pacticipants/nobody/labels/ios", 404, "PUT /pacticipants/nobody"),
        ("DELETE", "/pacticipants/nobody/labels/ios", 404, "PUT /pacticipants/nobody"),
        ("PUT", "/pacticipants/web/labels/%20", 400, "non-empty label name"),
        ("PUT", "/pacticipants/web/labels/a%2Fb", 400, "letters, digits"),
        ("GET", "/pacticipants/label/a%2Fb", 400, "letters, digits"),
    ],
)
async def test_bad_label_requests(
    client: httpx.AsyncClient, method: str, path: str, status: int, words: str
) -> None:
    """A blank label, a label with '/' or an unknown pacticipant is a JSON error whose hint names the fix;
    nothing is stored."""
    await client.put("/pacticipants/web", json={})
    response = await client.request(method, path)
    assert response.status_code == status, response.text
    assert words in response.json()["hint"]
    assert _label_names((await client.get("/pacticipants/web")).json()) == []


async def test_labels_go_with_their_pacticipant(client: httpx.AsyncClient, db_url: str) -> None:
    """Deleting a pacticipant deletes its labels (and only its own)."""
    for name in ("web", "api"):
        await client.put(f"/pacticipants/{name}", json={})
        await client.put(f"/pacticipants/{name}/labels/team-a")
    assert (await client.delete("/pacticipants/web")).status_code == 204
    assert table_counts(db_url)["pacticipant_labels"] == 1
    team = (await client.get("/pacticipants/label/team-a")).json()["_embedded"]["pacticipants"]
    assert [p["name"] for p in team] == ["api"]


async def test_label_routes_are_in_openapi(client: httpx.AsyncClient) -> None:
    """The label routes are described in /openapi.json with their methods."""
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert set(paths["/pacticipants/{pacticipant}/labels/{label}"]) == {"get", "put", "delete"}
    assert set(paths["/pacticipants/label/{label}"]) == {"get"}


def test_migration_0005_keeps_webhooks_and_downgrades(db_url: str) -> None:
    """A webhook stored at revision 0004 keeps working after 0005 (no label scope); 0005 downgrades and
    upgrades again."""
    storage = Storage(db_url)
    storage.migrate("0004")
    with storage.engine.begin() as conn:
        conn.execute(
            sa.insert(t.webhooks).values(
                uuid="u-1", events='["contract_published"]', request="{}", enabled=True, created_at=now()
            )
        )
    storage.migrate()
    assert storage.current_revision() == "0006"
    with storage.read() as conn:
        (hook,) = conn.execute(sa.select(t.webhooks)).all()
        assert (hook.uuid, hook.consumer_label, hook.provider_label) == ("u-1", None, None)
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with storage.engine.connect() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
        conn.commit()
        assert "pacticipant_labels" not in sa.inspect(conn).get_table_names()
    storage.migrate()
    assert storage.current_revision() == "0006"
    storage.dispose()
