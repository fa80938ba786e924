"""Auth: off only on loopback; bearer tokens with roles, stored hashed; basic auth users; clear 401/403."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from accord.broker import BrokerSettings, Storage, create_app, create_token, list_tokens, revoke_token
from accord.broker._auth import required_role
from accord.broker.storage import _schema as t
from accord.errors import ConfigurationError

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("host", "settings", "refused"),
    [
        ("127.0.0.1", {}, False),
        ("::1", {}, False),
        ("localhost", {}, False),
        ("0.0.0.0", {}, True),
        ("192.168.1.5", {}, True),
        ("0.0.0.0", {"token_auth": True}, False),
        ("0.0.0.0", {"basic_auth_username": "u", "basic_auth_password": "p"}, False),
        ("127.0.0.1", {"basic_auth_username": "u"}, True),
    ],
)
def test_refuses_unsafe_settings(host: str, settings: dict[str, object], refused: bool) -> None:
    """A non-loopback address without auth, or a basic-auth user without a password, is refused."""
    candidate = BrokerSettings(host=host, **settings)  # type: ignore[arg-type]
    if refused:
        with pytest.raises(ConfigurationError) as info:
            candidate.validate()
        assert info.value.hint
    else:
        candidate.validate()


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [
        ("GET", "/pacticipants", "read"),
        ("POST", "/pacts/provider/api/for-verification", "read"),
        ("POST", "/contracts/publish", "write"),
        ("PUT", "/pacticipants/a/versions/1/tags/t", "write"),
        ("DELETE", "/pacticipants/a", "admin"),
    ],
)
def test_required_role(method: str, path: str, role: str) -> None:
    """Reads need read, writes need write, deletes need admin."""
    assert required_role(method, path) == role


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    """A migrated SQLite database."""
    s = Storage(f"sqlite:///{tmp_path / 'auth.sqlite3'}")
    s.migrate()
    return s


@pytest.fixture
async def secured(storage: Storage) -> AsyncIterator[httpx.AsyncClient]:
    """A client for an app with token auth and both basic auth users."""
    settings = BrokerSettings(
        database_url=storage.url,
        token_auth=True,
        basic_auth_username="rw",
        basic_auth_password="rw-pass",
        basic_auth_read_only_username="ro",
        basic_auth_read_only_password="ro-pass",
    )
    app = create_app(settings, storage=storage)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://broker") as client:
        yield client


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_tokens_are_stored_hashed_and_revocable(storage: Storage) -> None:
    """The secret is returned once and never stored; revoking by name marks it revoked."""
    info, secret = create_token(storage, "ci", "write")
    with storage.read() as conn:
        stored = conn.execute(sa.select(t.api_tokens.c.token_sha256)).scalar_one()
    assert secret not in stored and len(stored) == 64
    assert revoke_token(storage, "ci") == 1
    assert list_tokens(storage)[0].revoked_at is not None
    with pytest.raises(ConfigurationError):
        revoke_token(storage, "ci")
    assert info.role == "write"


@pytest.mark.parametrize(
    ("role", "method", "path", "status"),
    [
        ("read", "GET", "/pacticipants", 200),
        ("read", "PUT", "/pacticipants/web", 403),
        ("write", "PUT", "/pacticipants/web", 201),
        ("write", "DELETE", "/pacticipants/web", 403),
        ("admin", "DELETE", "/pacticipants/web", 404),
        ("read", "GET", "/pacticipants/label/ios", 200),
        ("read", "PUT", "/pacticipants/web/labels/ios", 403),
        ("write", "PUT", "/pacticipants/web/labels/ios", 404),
        ("write", "DELETE", "/pacticipants/web/labels/ios", 403),
        ("admin", "DELETE", "/pacticipants/web/labels/ios", 404),
    ],
)
async def test_token_roles(  # noqa: PLR0917 - one per table column
    secured: httpx.AsyncClient, storage: Storage, role: str, method: str, path: str, status: int
) -> None:
    """Each role can do what it ranks for; a 403 names the role needed and the role held."""
    _, secret = create_token(storage, f"{role}-user", role)
    response = await secured.request(method, path, headers={"Authorization": f"Bearer {secret}"}, json={})
    assert response.status_code == status, response.text
    if status == 403:
        assert "needs the" in response.json()["error"] and f"'{role}'" in response.json()["error"]


@pytest.mark.parametrize(
    ("headers", "words"),
    [
        ({}, "no Authorization header"),
        ({"Authorization": "Bearer nope"}, "unknown or revoked"),
        (_basic("rw", "wrong"), "username or password is wrong"),
        ({"Authorization": "Digest abc"}, "unsupported Authorization scheme"),
    ],
)
async def test_missing_or_bad_credentials_are_401(
    secured: httpx.AsyncClient, headers: dict[str, str], words: str
) -> None:
    """A 401 says what is missing or wrong and carries WWW-Authenticate."""
    response = await secured.get("/", headers=headers)
    assert response.status_code == 401
    assert words in response.json()["error"]
    assert "Bearer" in response.headers["www-authenticate"]


@pytest.mark.parametrize(
    ("user", "password", "write_status"), [("rw", "rw-pass", 201), ("ro", "ro-pass", 403)]
)
async def test_basic_auth_users(
    secured: httpx.AsyncClient, user: str, password: str, write_status: int
) -> None:
    """The read-write user may write; the read-only user may only read."""
    assert (await secured.get("/", headers=_basic(user, password))).status_code == 200
    response = await secured.put("/pacticipants/web", headers=_basic(user, password), json={})
    assert response.status_code == write_status


async def test_revoked_token_is_refused(secured: httpx.AsyncClient, storage: Storage) -> None:
    """A token stops working as soon as it is revoked (no in-process cache)."""
    _, secret = create_token(storage, "temp", "read")
    headers = {"Authorization": f"Bearer {secret}"}
    assert (await secured.get("/", headers=headers)).status_code == 200
    revoke_token(storage, "temp")
    assert (await secured.get("/", headers=headers)).status_code == 401


async def test_heartbeat_needs_no_credentials(secured: httpx.AsyncClient) -> None:
    """Load balancers probe the heartbeat without credentials."""
    assert (await secured.get("/diagnostic/status/heartbeat")).status_code == 200
