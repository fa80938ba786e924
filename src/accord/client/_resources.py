"""Deployments, releases, environments, pacticipants and versions, through the broker's HAL links.

Every function takes a ``HalClient`` and follows links from the index, as the Pact Broker clients do:

- ``record_deployment``/``record_release``: ``GET pb:pacticipant-version`` -> ``POST`` to the entry of its
  ``pb:record-deployment`` (``pb:record-release``) link array named after the environment.
- ``record_undeployment``: the environment (from ``pb:environments``) -> ``GET`` its
  ``pb:currently-deployed-deployed-versions`` filtered by ``pacticipant`` (and ``applicationInstance``)
  -> ``PATCH`` each one ``{"currentlyDeployed": false}``.
- ``create_environment``/``list_environments``/``describe_environment``: ``pb:environments``.
- ``create_or_update_pacticipant``/``describe_pacticipant``: ``pb:pacticipant`` and ``pb:pacticipants``.
- ``describe_version``: ``pb:pacticipant-version`` or ``pb:latest-version`` (``pb:latest-tagged-version``).

Unknown names raise ``BrokerError`` naming the pacticipant, version or environment, with the command
that creates it as the hint.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from accord.errors import BrokerError

from ._hal import HalClient

__all__ = [
    "create_environment",
    "create_or_update_pacticipant",
    "describe_environment",
    "describe_pacticipant",
    "describe_version",
    "list_environments",
    "record_deployment",
    "record_release",
    "record_undeployment",
]


def _version(hal: HalClient, pacticipant: str, version: str) -> dict[str, Any]:
    index = hal.index()
    url = hal.link(index, "pb:pacticipant-version", pacticipant=pacticipant, version=version)
    found = hal.get(url, missing_ok=True)
    if found is None:
        raise BrokerError(
            f"the broker at {hal.base_url} has no version {version!r} of {pacticipant!r}",
            hint="publish its pacts or verification results first (`accord publish`, `accord verify "
            "--publish`), or check the names",
            exit_code=1,
        )
    return found


def _record(hal: HalClient, rel: str, pacticipant: str, version: str, *, environment: str, body: Any) -> Any:
    resource = _version(hal, pacticipant, version)
    links = (resource.get("_links") or {}).get(rel)
    entries = links if isinstance(links, list) else [links] if isinstance(links, dict) else []
    names = [e.get("name") for e in entries if isinstance(e, dict) and e.get("name")]
    if environment not in names:
        known = ", ".join(sorted(str(n) for n in names)) or "none"
        raise BrokerError(
            f"the broker at {hal.base_url} has no environment named {environment!r} (known: {known})",
            hint=f"create it with `accord environment create --name {environment}`",
        )
    return hal.post(hal.link(resource, rel, name=environment), body)


def record_deployment(
    hal: HalClient,
    pacticipant: str,
    version: str,
    environment: str,
    application_instance: str | None = None,
) -> dict[str, Any]:
    """Record that ``version`` of ``pacticipant`` is now deployed to ``environment`` (replacing the last)."""
    body = {"applicationInstance": application_instance} if application_instance else {}
    answer: dict[str, Any] = _record(
        hal, "pb:record-deployment", pacticipant, version, environment=environment, body=body
    )
    return answer


def record_release(hal: HalClient, pacticipant: str, version: str, environment: str) -> dict[str, Any]:
    """Record that ``version`` of ``pacticipant`` is released (and supported) in ``environment``."""
    answer: dict[str, Any] = _record(
        hal, "pb:record-release", pacticipant, version, environment=environment, body={}
    )
    return answer


def list_environments(hal: HalClient) -> list[dict[str, Any]]:
    """Every environment the broker knows: ``uuid``, ``name``, ``displayName``, ``production``..."""
    answer = hal.get(hal.link(hal.index(), "pb:environments")) or {}
    found = (answer.get("_embedded") or {}).get("environments") or []
    return [e for e in found if isinstance(e, dict)]


def describe_environment(hal: HalClient, name: str) -> dict[str, Any]:
    """The environment named ``name`` (its own resource, with links).

    Raises:
        BrokerError: no such environment (the known names are listed).
    """
    environments = list_environments(hal)
    for environment in environments:
        if environment.get("name") == name:
            if hal.has_link(environment, "self"):
                return hal.get(hal.link(environment, "self")) or environment
            return environment
    known = ", ".join(sorted(str(e.get("name")) for e in environments)) or "none"
    raise BrokerError(
        f"the broker at {hal.base_url} has no environment named {name!r} (known: {known})",
        hint=f"create it with `accord environment create --name {name}`",
    )


def create_environment(
    hal: HalClient,
    name: str,
    *,
    display_name: str | None = None,
    production: bool = False,
    contact_name: str | None = None,
    contact_email: str | None = None,
) -> dict[str, Any]:
    """Create an environment (``POST pb:environments``), as ``pact broker create-environment``."""
    body: dict[str, Any] = {"name": name, "production": production}
    body["displayName"] = display_name or name.replace("-", " ").replace("_", " ").title()
    if contact_name or contact_email:
        details = {"emailAddress": contact_email} if contact_email else {}
        body["contacts"] = [{"name": contact_name or contact_email, "details": details}]
    return hal.post(hal.link(hal.index(), "pb:environments"), body)


def record_undeployment(
    hal: HalClient, pacticipant: str, environment: str, application_instance: str | None = None
) -> list[dict[str, Any]]:
    """Mark the deployed versions of ``pacticipant`` in ``environment`` as no longer deployed.

    Returns:
        The deployed-version resources after the change (one per instance undeployed).

    Raises:
        BrokerError: no such environment, or nothing of ``pacticipant`` is deployed there.
    """
    env = describe_environment(hal, environment)
    query = {"pacticipant": pacticipant}
    if application_instance:
        query["applicationInstance"] = application_instance
    url = hal.link(env, "pb:currently-deployed-deployed-versions") + "?" + urlencode(query)
    deployed = ((hal.get(url) or {}).get("_embedded") or {}).get("deployedVersions") or []
    targets = [
        d
        for d in deployed
        if isinstance(d, dict)
        and ((d.get("_embedded") or {}).get("pacticipant") or {}).get("name", pacticipant) == pacticipant
        and (application_instance is None or d.get("applicationInstance") == application_instance)
    ]
    if not targets:
        instance = f" (application instance {application_instance})" if application_instance else ""
        raise BrokerError(
            f"{pacticipant}{instance} is not currently deployed to {environment}",
            hint="check the pacticipant and environment names (`accord environment list`); only recorded "
            "deployments can be undeployed",
            exit_code=1,
        )
    return [hal.patch(hal.link(d, "self"), {"currentlyDeployed": False}) for d in targets]


def describe_pacticipant(hal: HalClient, name: str) -> dict[str, Any]:
    """The pacticipant named ``name``.

    Raises:
        BrokerError: no such pacticipant.
    """
    found = hal.get(hal.link(hal.index(), "pb:pacticipant", pacticipant=name), missing_ok=True)
    if found is None:
        raise BrokerError(
            f"the broker at {hal.base_url} has no pacticipant named {name!r}",
            hint=f"create it with `accord pacticipant create --name {name}`, or publish its pacts",
            exit_code=1,
        )
    return found


def create_or_update_pacticipant(
    hal: HalClient,
    name: str,
    *,
    main_branch: str | None = None,
    repository_url: str | None = None,
    display_name: str | None = None,
) -> tuple[dict[str, Any], bool]:
    """Create the pacticipant, or update its fields; returns ``(resource, created)``."""
    index = hal.index()
    fields = {
        key: value
        for key, value in (
            ("mainBranch", main_branch),
            ("repositoryUrl", repository_url),
            ("displayName", display_name),
        )
        if value
    }
    existing = hal.get(hal.link(index, "pb:pacticipant", pacticipant=name), missing_ok=True)
    if existing is None:
        return hal.post(hal.link(index, "pb:pacticipants"), {"name": name, **fields}), True
    if not fields:
        return existing, False
    url = (
        hal.link(existing, "self")
        if hal.has_link(existing, "self")
        else hal.link(index, "pb:pacticipant", pacticipant=name)
    )
    return hal.patch(url, fields), False


def describe_version(
    hal: HalClient, pacticipant: str, version: str | None = None, latest_tag: str | None = None
) -> dict[str, Any]:
    """A version of ``pacticipant``: the given one, else the latest (with ``latest_tag``, the latest tagged).

    Raises:
        BrokerError: no such pacticipant or version.
    """
    if version:
        return _version(hal, pacticipant, version)
    index = hal.index()
    if latest_tag:
        url = hal.link(index, "pb:latest-tagged-version", pacticipant=pacticipant, tag=latest_tag)
    else:
        url = hal.link(index, "pb:latest-version", pacticipant=pacticipant)
    found = hal.get(url, missing_ok=True)
    if found is None:
        what = f"with tag {latest_tag!r} " if latest_tag else ""
        raise BrokerError(
            f"the broker at {hal.base_url} has no version {what}of {pacticipant!r}",
            hint="check the pacticipant's name (`accord pacticipant describe --name NAME`)",
            exit_code=1,
        )
    return found
