"""A small in-memory HAL broker for the client tests, served over WSGI on 127.0.0.1 (port 0).

It speaks the subset of the Pact Broker API the client uses, with the same links and shapes:
the index, ``/contracts/publish``, pacticipants, versions (with ``pb:record-deployment`` and
``pb:record-release`` link arrays named by environment), environments, currently deployed versions,
``PATCH`` of deployed versions and the legacy ``PUT`` of pacts. ``/matrix`` answers whatever the test
put in ``matrix_answer`` (a dict, or a callable of the query pairs). Every request is logged.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

Start = Callable[[str, list[tuple[str, str]]], Any]


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log in test output."""

    def get_environ(self) -> dict[str, Any]:
        """Keep the raw (still percent-encoded) path: names may contain '/'."""
        environ = dict(super().get_environ())
        environ["RAW_PATH"] = self.path.split("?", 1)[0]
        return environ


class _Server(WSGIServer):
    daemon_threads = True


@dataclass
class Logged:
    """One request the fake broker received."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeBroker:
    """State and behaviour of the fake broker (tests change the attributes to set scenes)."""

    url: str = ""
    token: str | None = None
    legacy: bool = False
    html: bool = False
    pacticipants: dict[str, dict[str, Any]] = field(default_factory=dict)
    versions: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    environments: dict[str, dict[str, Any]] = field(default_factory=dict)
    deployed: list[dict[str, Any]] = field(default_factory=list)
    released: list[dict[str, Any]] = field(default_factory=list)
    pacts: list[dict[str, Any]] = field(default_factory=list)
    matrix_answer: dict[str, Any] | Callable[[list[tuple[str, str]]], dict[str, Any]] | None = None
    matrix_status: int = 200
    log: list[Logged] = field(default_factory=list)

    # -- scene helpers ---------------------------------------------------------------------------

    def add_version(self, pacticipant: str, number: str, branch: str | None = None) -> None:
        """Create a pacticipant version (and the pacticipant)."""
        self.pacticipants.setdefault(pacticipant, {"name": pacticipant})
        version = self.versions.setdefault(
            (pacticipant, number), {"number": number, "branches": [], "tags": []}
        )
        if branch and branch not in version["branches"]:
            version["branches"].append(branch)

    def add_environment(self, name: str, production: bool = False) -> str:
        """Create an environment; returns its uuid."""
        key = str(uuid.uuid4())
        self.environments[key] = {
            "uuid": key,
            "name": name,
            "displayName": name.title(),
            "production": production,
        }
        return key

    def requests(self, method: str | None = None) -> list[Logged]:
        """The logged requests (of one method)."""
        return [r for r in self.log if method is None or r.method == method]

    # -- WSGI ------------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start: Start) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        raw_path = environ.get("RAW_PATH", environ.get("PATH_INFO", "/"))
        query = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        body = json.loads(raw) if raw else None
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        self.log.append(Logged(method, raw_path, query, headers, body))
        if self.html:
            return _send(start, 200, b"<html><body>Welcome to nginx</body></html>", "text/html")
        if self.token is not None and headers.get("authorization") != f"Bearer {self.token}":
            return _json(start, 401, {"error": "Unauthorized"})
        status, document = self._route(method, raw_path, query, body)
        return _json(start, status, document)

    def _route(self, method: str, path: str, query: str, body: Any) -> tuple[int, Any]:
        parts = [unquote(p) for p in path.split("/") if p]
        pairs = parse_qsl(query, keep_blank_values=True)
        match (method, parts):
            case ("GET", []):
                return 200, self._index()
            case ("POST", ["contracts", "publish"]) if not self.legacy:
                return self._publish(body)
            case ("PUT", ["pacts", "provider", provider, "consumer", consumer, "version", number]):
                self.add_version(consumer, number)
                self.pacts.append(
                    {"consumer": consumer, "provider": provider, "version": number, "pact": body}
                )
                return 201, body
            case ("PUT", ["pacticipants", name, "versions", number, "tags", tag]):
                self.add_version(name, number)
                self.versions[(name, number)]["tags"].append(tag)
                return 201, {"name": tag}
            case ("PUT", ["pacticipants", name, "branches", branch, "versions", number]):
                self.add_version(name, number, branch)
                return 201, {}
            case ("GET", ["pacticipants", name]):
                found = self.pacticipants.get(name)
                return (
                    (200, self._pacticipant(found)) if found else (404, {"error": f"No pacticipant {name}"})
                )
            case ("POST", ["pacticipants"]):
                self.pacticipants[body["name"]] = dict(body)
                return 201, self._pacticipant(body)
            case ("PATCH", ["pacticipants", name]):
                self.pacticipants[name].update(body)
                return 200, self._pacticipant(self.pacticipants[name])
            case ("GET", ["pacticipants", name, "versions", number]):
                found = self.versions.get((name, number))
                return (200, self._version(name, found)) if found else (404, {"error": "Version not found"})
            case ("GET", ["pacticipants", name, "latest-version"]):
                numbers = [v for (p, _), v in self.versions.items() if p == name]
                return (200, self._version(name, numbers[-1])) if numbers else (404, {"error": "none"})
            case ("POST", ["pacticipants", name, "versions", number, kind, "environment", env_uuid]):
                return self._record(kind, name, number, env_uuid, body or {})
            case ("GET", ["environments"]):
                return 200, {
                    "_embedded": {"environments": [self._environment(e) for e in self.environments.values()]}
                }
            case ("POST", ["environments"]):
                if any(e["name"] == body["name"] for e in self.environments.values()):
                    return 409, {
                        "errors": {
                            "name": [f"Another environment with name '{body['name']}' already exists."]
                        }
                    }
                key = self.add_environment(body["name"], body.get("production", False))
                self.environments[key].update(body)
                return 201, self._environment(self.environments[key])
            case ("GET", ["environments", env_uuid]):
                return 200, self._environment(self.environments[env_uuid])
            case ("GET", ["environments", env_uuid, "deployed-versions", "currently-deployed"]):
                wanted = dict(pairs)
                found = [
                    self._deployed(d)
                    for d in self.deployed
                    if d["environment"] == env_uuid
                    and d["currentlyDeployed"]
                    and d["pacticipant"] == wanted.get("pacticipant", d["pacticipant"])
                ]
                return 200, {"_embedded": {"deployedVersions": found}}
            case ("PATCH", ["deployed-versions", key]):
                record = next(d for d in self.deployed if d["uuid"] == key)
                record.update(body)
                return 200, self._deployed(record)
            case ("GET", ["matrix"]):
                answer = self.matrix_answer(pairs) if callable(self.matrix_answer) else self.matrix_answer
                return self.matrix_status, answer or {}
        return 404, {"error": f"no route for {method} {path}"}

    # -- documents -------------------------------------------------------------------------------

    def _index(self) -> dict[str, Any]:
        base = self.url
        links = {
            "self": {"href": base},
            "pb:publish-contracts": {"href": f"{base}/contracts/publish"},
            "pb:publish-pact": {
                "href": f"{base}/pacts/provider/{{provider}}/consumer/{{consumer}}"
                "/version/{consumerApplicationVersion}",
                "templated": True,
            },
            "pb:pacticipants": {"href": f"{base}/pacticipants"},
            "pb:pacticipant": {"href": f"{base}/pacticipants/{{pacticipant}}", "templated": True},
            "pb:pacticipant-version": {
                "href": f"{base}/pacticipants/{{pacticipant}}/versions/{{version}}",
                "templated": True,
            },
            "pb:pacticipant-version-tag": {
                "href": f"{base}/pacticipants/{{pacticipant}}/versions/{{version}}/tags/{{tag}}",
                "templated": True,
            },
            "pb:pacticipant-branch-version": {
                "href": f"{base}/pacticipants/{{pacticipant}}/branches/{{branch}}/versions/{{version}}",
                "templated": True,
            },
            "pb:latest-version": {
                "href": f"{base}/pacticipants/{{pacticipant}}/latest-version",
                "templated": True,
            },
            "pb:environments": {"href": f"{base}/environments"},
        }
        if self.legacy:
            del links["pb:publish-contracts"]
        return {"_links": links}

    def _publish(self, body: dict[str, Any]) -> tuple[int, Any]:
        import base64

        name, number = body["pacticipantName"], body["pacticipantVersionNumber"]
        self.add_version(name, number, body.get("branch"))
        self.versions[(name, number)]["tags"] += body.get("tags", [])
        links = []
        for contract in body["contracts"]:
            pact = json.loads(base64.b64decode(contract["content"]))
            self.pacts.append(
                {"consumer": name, "provider": contract["providerName"], "version": number, "pact": pact}
            )
            links.append(
                {
                    "href": f"{self.url}/pacts/provider/{contract['providerName']}"
                    f"/consumer/{name}/version/{number}"
                }
            )
        logs = [{"level": "info", "message": f"Created {name} version {number}"}]
        return 200, {"logs": logs, "_links": {"pb:contracts": links}}

    def _pacticipant(self, found: dict[str, Any]) -> dict[str, Any]:
        return {**found, "_links": {"self": {"href": f"{self.url}/pacticipants/{found['name']}"}}}

    def _version(self, name: str, found: dict[str, Any]) -> dict[str, Any]:
        base = f"{self.url}/pacticipants/{name}/versions/{found['number']}"

        def links(kind: str) -> list[dict[str, str]]:
            return [
                {"name": e["name"], "href": f"{base}/{kind}/environment/{key}"}
                for key, e in self.environments.items()
            ]

        return {
            "number": found["number"],
            "_embedded": {
                "branchVersions": [{"name": b} for b in found["branches"]],
                "tags": [{"name": t} for t in found["tags"]],
            },
            "_links": {
                "self": {"href": base},
                "pb:record-deployment": links("deployed-versions"),
                "pb:record-release": links("released-versions"),
            },
        }

    def _record(
        self, kind: str, name: str, number: str, env_uuid: str, body: dict[str, Any]
    ) -> tuple[int, Any]:
        record = {
            "uuid": str(uuid.uuid4()),
            "pacticipant": name,
            "version": number,
            "environment": env_uuid,
            "applicationInstance": body.get("applicationInstance"),
            "currentlyDeployed": True,
        }
        if kind == "released-versions":
            self.released.append(record)
            return 201, record
        for previous in self.deployed:
            same = (previous["pacticipant"], previous["environment"], previous["applicationInstance"])
            if same == (name, env_uuid, record["applicationInstance"]):
                previous["currentlyDeployed"] = False
        self.deployed.append(record)
        return 201, self._deployed(record)

    def _environment(self, env: dict[str, Any]) -> dict[str, Any]:
        base = f"{self.url}/environments/{env['uuid']}"
        return {
            **env,
            "_links": {
                "self": {"href": base},
                "pb:currently-deployed-deployed-versions": {
                    "href": f"{base}/deployed-versions/currently-deployed"
                },
            },
        }

    def _deployed(self, record: dict[str, Any]) -> dict[str, Any]:
        return {
            "uuid": record["uuid"],
            "currentlyDeployed": record["currentlyDeployed"],
            "applicationInstance": record["applicationInstance"],
            "_embedded": {
                "pacticipant": {"name": record["pacticipant"]},
                "version": {"number": record["version"]},
            },
            "_links": {"self": {"href": f"{self.url}/deployed-versions/{record['uuid']}"}},
        }


def _send(start: Start, status: int, payload: bytes, content_type: str) -> list[bytes]:
    reason = {200: "OK", 201: "Created", 401: "Unauthorized", 404: "Not Found", 409: "Conflict"}.get(
        status, "Error"
    )
    start(f"{status} {reason}", [("Content-Type", content_type), ("Content-Length", str(len(payload)))])
    return [payload]


def _json(start: Start, status: int, document: Any) -> list[bytes]:
    return _send(start, status, json.dumps(document).encode(), "application/hal+json")


@contextmanager
def serve(broker: FakeBroker) -> Iterator[FakeBroker]:
    """Serve ``broker`` on 127.0.0.1 (an ephemeral port) for the duration of the block."""
    server = make_server("127.0.0.1", 0, broker, server_class=_Server, handler_class=_Quiet)
    broker.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield broker
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
