"""Every subcommand of both official broker clients against one live Accord broker (SQLite, 127.0.0.1).

The Rust ``pact broker`` (pact-python-cli 0.10.9, pact-broker-cli 0.9.0) and the Ruby ``pact-broker``
(pact_broker-client 1.75.1) run each of their subcommands and output formats against realistic data:
three consumers (web, ios and a CI-built one), two providers, environments, deployments, releases,
verification results, tags, branches and webhooks. Each command's exit code and the lines that it
prints are those the client prints against the Pact Broker (read from the clients' sources, and the
response shapes from pact_broker's decorators); the broker's state afterwards is checked over HTTP.

Commands run in phases: each phase's commands touch different records, so they run at the same time;
a phase starts when the one before has finished.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.broker import BrokerSettings, create_app

from .conftest import ServerThread, pact, serve_on_loopback

ROOT = Path(__file__).resolve().parents[2]
RUST = ROOT / ".venv" / "bin" / "pact"
RUBY_BIN = next(iter(sorted(ROOT.glob(".peers/pact-ruby/lib/python3*/site-packages/pact/bin"))), None)
RUBY = RUBY_BIN / "pact-broker" if RUBY_BIN else None

pytestmark = [
    pytest.mark.peers,
    pytest.mark.skipif(
        not RUST.exists() or RUBY is None or not RUBY.exists(),
        reason="the peer Pact tools are not installed: run `make dev` (scripts/install-peers.sh)",
    ),
]

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
HOOK = "6f0b43bd-0b8e-4c49-8d0b-4f8c1d1e2a01"  # made by create-or-update-webhook (Rust)
RUBY_HOOK = "0c3f1f55-8a5f-4e0a-9f61-3f1b7a0e9c02"  # made by create-or-update-webhook (Ruby)
# GitHub Actions' variables, read by publish --auto-detect-version-properties
CI_ENV = {
    "GITHUB_ACTIONS": "true",
    "GITHUB_SHA": "c0ffee1",
    "GITHUB_REF": "refs/heads/release",
    "GITHUB_REF_NAME": "release",
    "GITHUB_HEAD_REF": "",
    "GITHUB_SERVER_URL": "https://github.example",
    "GITHUB_REPOSITORY": "org/ci",
    "GITHUB_RUN_ID": "42",
}


@dataclass(frozen=True)
class Case:
    """One client command: its phase, client, arguments, exit code and the fragments of its output."""

    phase: int
    client: str
    args: tuple[str, ...]
    code: int = 0
    says: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Run:
    """A finished command: exit code, and stdout and stderr without colours."""

    code: int
    out: str
    err: str


def rust(
    phase: int, *args: str, code: int = 0, says: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> Case:
    """A ``pact broker ...`` command."""
    return Case(phase, "rust", args, code, says, env or {})


def ruby(
    phase: int, *args: str, code: int = 0, says: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> Case:
    """A ``pact-broker ...`` command."""
    return Case(phase, "ruby", args, code, says, env or {})


YES = "Computer says yes"
NO = "Computer says no"
WEB_OK = ("web", "1", "api", "7", "true")
CASES: dict[str, Case] = {
    # -- phase 0: pacticipants, environments, uuids ----------------------------------------------
    "rust create-or-update-pacticipant (created)": rust(
        0,
        "create-or-update-pacticipant",
        "--name",
        "web",
        "--display-name",
        "Web",
        "--main-branch",
        "main",
        "--repository-url",
        "https://git.example/web",
        says=("Pacticipant 'web' created successfully",),
    ),
    "ruby create-or-update-pacticipant (created)": ruby(
        0,
        "create-or-update-pacticipant",
        "--name",
        "api",
        "--main-branch",
        "main",
        says=('Pacticipant "api" created',),
    ),
    # pact_broker-client 1.75.1's Pacticipants2::Create reads a nil attribute for JSON output, whatever
    # the broker answers (the pacticipant is created all the same)
    "ruby create-or-update-pacticipant --output json": ruby(
        0,
        "create-or-update-pacticipant",
        "--name",
        "ios",
        "--main-branch",
        "trunk",
        "--output",
        "json",
        code=1,
        says=("undefined method `response' for nil",),
    ),
    "rust create-or-update-pacticipant auth": rust(
        0, "create-or-update-pacticipant", "--name", "auth", "--main-branch", "main"
    ),
    "rust create-environment --production": rust(
        0,
        "create-environment",
        "--name",
        "prod",
        "--display-name",
        "Production",
        "--production",
        "--contact-name",
        "ops",
        "--contact-email-address",
        "ops@example.com",
        says=("Created prod environment in the Pact Broker with UUID",),
    ),
    "ruby create-environment": ruby(
        0,
        "create-environment",
        "--name",
        "test",
        says=("Created test environment in the Pact Broker with UUID",),
    ),
    "rust create-environment --output json": rust(
        0, "create-environment", "--name", "staging", "--output", "json", says=('"name":"staging"',)
    ),
    "ruby create-environment --output json": ruby(
        0, "create-environment", "--name", "qa", "--output", "json"
    ),
    "rust create-environment (to delete)": rust(0, "create-environment", "--name", "gone-rust"),
    "ruby create-environment (to delete)": ruby(0, "create-environment", "--name", "gone-ruby"),
    "rust create-environment --output id": rust(0, "create-environment", "--name", "by-id", "--output", "id"),
    "rust generate-uuid": rust(0, "generate-uuid"),
    "ruby generate-uuid": ruby(0, "generate-uuid"),
    # -- phase 1: publications and provider versions ---------------------------------------------
    "rust publish --branch --tag --build-url": rust(
        1,
        "publish",
        "{pacts:web}",
        "--consumer-app-version",
        "1",
        "--branch",
        "main",
        "--tag",
        "dev",
        "--build-url",
        "https://ci/web/1",
        says=(
            "Created web version 1 with branch main and tags dev",
            "Pact published for web version 1 and provider api.",
            "Pact published for web version 1 and provider auth.",
            "View the published pact at http://127.0.0.1:",
        ),
    ),
    "ruby publish --branch --tag --build-url": ruby(
        1,
        "publish",
        "{pacts:ios}",
        "--consumer-app-version",
        "1",
        "--branch",
        "trunk",
        "--tag",
        "beta",
        "--build-url",
        "https://ci/ios/1",
        says=(
            "Created ios version 1 with branch trunk and tags beta",
            "Pact published for ios version 1 and provider api.",
            "View the published pact at http://127.0.0.1:",
        ),
    ),
    "rust publish --auto-detect-version-properties": rust(
        1,
        "publish",
        "{pacts:ci}",
        "--auto-detect-version-properties",
        says=("Auto detected git commit: c0ffee1", "Created ci version c0ffee1 with branch release"),
        env=CI_ENV,
    ),
    "ruby publish --auto-detect-version-properties": ruby(
        1,
        "publish",
        "{pacts:ci2}",
        "--consumer-app-version",
        "c0ffee2",
        "--auto-detect-version-properties",
        says=("Created ci2 version c0ffee2 with branch release", "Pact published for ci2 version c0ffee2"),
        env=CI_ENV,
    ),
    "ruby publish (before a merge)": ruby(1, "publish", "{pacts:mrg}", "--consumer-app-version", "1"),
    "rust publish --output json": rust(
        1,
        "publish",
        "{pacts:json}",
        "--consumer-app-version",
        "1",
        "--branch",
        "main",
        "--output",
        "json",
        says=('"notices"', "Pact published for js version 1 and provider api."),
    ),
    "ruby publish --output json": ruby(
        1,
        "publish",
        "{pacts:json2}",
        "--consumer-app-version",
        "1",
        "--output",
        "json",
        says=('"notices"',),
    ),
    "rust create-or-update-version --branch": rust(
        1,
        "create-or-update-version",
        "--pacticipant",
        "api",
        "--version",
        "7",
        "--branch",
        "main",
        says=("Branch 'main' created for version '7'",),
    ),
    "ruby create-or-update-version --branch": ruby(
        1,
        "create-or-update-version",
        "-a",
        "auth",
        "-e",
        "3",
        "--branch",
        "main",
        says=("Created/updated pacticipant version 3 with branch main in the Pact Broker",),
    ),
    # -- phase 2 (after verification results over HTTP): deployments, tags, versions, webhooks ----
    "rust publish --merge (same content)": rust(
        2,
        "publish",
        "{pacts:mrg}",
        "--consumer-app-version",
        "1",
        "--merge",
        says=("Pact content merged with existing content for mrg version 1 and provider api.",),
    ),
    "ruby publish --merge (changed content)": ruby(
        2,
        "publish",
        "{pacts:mrg-changed}",
        "--consumer-app-version",
        "1",
        "--merge",
        code=1,
        says=("the pact for mrg version 1 and provider api already exists with different content",),
    ),
    "rust publish (changed content)": rust(
        2,
        "publish",
        "{pacts:mrg-changed}",
        "--consumer-app-version",
        "1",
        code=1,
        says=("Pact publication failed", "the pact for mrg version 1 and provider api already exists"),
    ),
    "rust record-deployment": rust(
        2,
        "record-deployment",
        "--pacticipant",
        "api",
        "--version",
        "7",
        "--environment",
        "prod",
        says=("Recorded deployment of api version 7 to prod environment in the Pact Broker.",),
    ),
    "ruby record-deployment": ruby(
        2,
        "record-deployment",
        "-a",
        "auth",
        "-e",
        "3",
        "--environment",
        "prod",
        says=("Recorded deployment of auth version 3 to prod environment in the Pact Broker.",),
    ),
    "ruby record-deployment --application-instance": ruby(
        2,
        "record-deployment",
        "-a",
        "ios",
        "-e",
        "1",
        "--environment",
        "test",
        "--application-instance",
        "blue",
        says=(
            "Recorded deployment of ios version 1 to test environment (application instance blue) in the Pact Broker.",
        ),
    ),
    "rust record-deployment --application-instance": rust(
        2,
        "record-deployment",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--environment",
        "staging",
        "--application-instance",
        "green",
        says=(
            "Recorded deployment of web version 1 to staging environment (application instance green) in the Pact Broker.",
        ),
    ),
    "rust record-deployment (unknown environment)": rust(
        2,
        "record-deployment",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--environment",
        "mars",
        code=1,
        says=("Environment mars does not exist",),
    ),
    "ruby record-deployment (unknown version)": ruby(
        2, "record-deployment", "-a", "web", "-e", "404", "--environment", "prod", code=1, says=("404",)
    ),
    "rust record-release": rust(
        2,
        "record-release",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--environment",
        "test",
        says=("Recorded release of web version 1 to test environment in the Pact Broker.",),
    ),
    "ruby record-release": ruby(
        2,
        "record-release",
        "-a",
        "ios",
        "-e",
        "1",
        "--environment",
        "prod",
        says=("Recorded release of ios version 1 to prod environment in the Pact Broker.",),
    ),
    "rust create-version-tag": rust(
        2,
        "create-version-tag",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--tag",
        "prod-candidate",
        says=("Tagging version '1' of pacticipant 'web' with tag 'prod-candidate' - Success",),
    ),
    "rust create-version-tag (unknown version)": rust(
        2,
        "create-version-tag",
        "--pacticipant",
        "web",
        "--version",
        "404",
        "--tag",
        "x",
        code=1,
        says=("Version '404' of pacticipant 'web' does not exist. Use --auto-create-version to create it.",),
    ),
    "ruby create-version-tag": ruby(
        2, "create-version-tag", "-a", "api", "-e", "7", "-t", "prod", says=("Tagging api version 7 as prod",)
    ),
    "ruby create-version-tag --auto-create-version": ruby(
        2, "create-version-tag", "-a", "auth", "-e", "3", "-t", "prod", "--auto-create-version"
    ),
    "rust create-or-update-version --branch --tag": rust(
        2,
        "create-or-update-version",
        "--pacticipant",
        "web",
        "--version",
        "2",
        "--branch",
        "feat",
        "--tag",
        "t2",
        says=("Branch 'feat' created for version '2'", "Tag 't2' created for version '2'"),
    ),
    "ruby create-or-update-version --branch --tag": ruby(
        2,
        "create-or-update-version",
        "-a",
        "ios",
        "-e",
        "2",
        "--branch",
        "feat-ios",
        "--tag",
        "t3",
        says=("Created/updated pacticipant version 2 with branch feat-ios and tag(s) t3 in the Pact Broker",),
    ),
    "rust update-environment": rust(
        2,
        "update-environment",
        "--uuid",
        "{env:staging}",
        "--name",
        "staging",
        "--display-name",
        "Staging",
        "--production",
        says=("Updated staging environment in the Pact Broker",),
    ),
    "ruby update-environment": ruby(
        2,
        "update-environment",
        "--uuid",
        "{env:qa}",
        "--display-name",
        "QA",
        says=("Updated qa environment in the Pact Broker",),
    ),
    "rust delete-environment": rust(
        2, "delete-environment", "--uuid", "{env:gone-rust}", says=("Environment gone-rust with UUID",)
    ),
    "ruby delete-environment": ruby(
        2,
        "delete-environment",
        "--uuid",
        "{env:gone-ruby}",
        says=("Deleted environment gone-ruby from the Pact Broker",),
    ),
    "rust create-webhook": rust(
        2,
        "create-webhook",
        "{hooks}/rust",
        "--request",
        "POST",
        "--description",
        "rust hook",
        "--contract-published",
        "--consumer",
        "web",
        "--provider",
        "api",
        "--header",
        "Content-Type: application/json",
        "--data",
        '{"v": "${pactbroker.consumerVersionNumber}"}',
        says=('"description":"rust hook"',),
    ),
    "ruby create-webhook": ruby(
        2,
        "create-webhook",
        "{hooks}/ruby",
        "-X",
        "POST",
        "--description",
        "ruby hook",
        "--provider-verification-failed",
        "--provider",
        "api",
        says=('Webhook "ruby hook" created',),
    ),
    "rust create-or-update-webhook": rust(
        2,
        "create-or-update-webhook",
        "{hooks}/rust-uuid",
        "--uuid",
        HOOK,
        "--request",
        "POST",
        "--description",
        "by uuid",
        "--contract-content-changed",
        says=(f'"uuid":"{HOOK}"',),
    ),
    "ruby create-or-update-webhook": ruby(
        2,
        "create-or-update-webhook",
        "{hooks}/ruby-uuid",
        "--uuid",
        RUBY_HOOK,
        "-X",
        "POST",
        "--description",
        "ruby by uuid",
        "--contract-requiring-verification-published",
        "--consumer",
        "ios",
        says=('Webhook "ruby by uuid" created',),
    ),
    "rust describe-pacticipant": rust(
        2,
        "describe-pacticipant",
        "--name",
        "web",
        says=("Name: web", "Display Name: Web", "Main Branch: main", "Repo URL: https://git.example/web"),
    ),
    "rust describe-pacticipant --output json": rust(
        2, "describe-pacticipant", "--name", "web", "--output", "json", says=('"mainBranch":"main"',)
    ),
    "ruby describe-pacticipant": ruby(
        2,
        "describe-pacticipant",
        "--name",
        "web",
        says=(
            "Name: web",
            "Display Name: Web",
            "Main Branch: main",
            "Repository Url: https://git.example/web",
        ),
    ),
    "ruby describe-pacticipant --output json": ruby(
        2, "describe-pacticipant", "--name", "ios", "--output", "json", says=('"mainBranch":"trunk"',)
    ),
    "rust describe-pacticipant (unknown)": rust(
        2, "describe-pacticipant", "--name", "nope", code=1, says=("404 Not Found",)
    ),
    "ruby describe-pacticipant (unknown)": ruby(
        2, "describe-pacticipant", "--name", "nope", code=1, says=("status=404",)
    ),
    "rust list-pacticipants": rust(2, "list-pacticipants", says=('"web"', '"Web"', '"ios"')),
    "rust list-pacticipants --output json": rust(
        2, "list-pacticipants", "--output", "json", says=('"pacticipants"',)
    ),
    "ruby list-pacticipants": ruby(2, "list-pacticipants", says=("NAME", "DISPLAY NAME", "web ", "Web")),
    "ruby list-pacticipants --output json": ruby(
        2, "list-pacticipants", "--output", "json", says=('"pacticipants"',)
    ),
    "rust describe-environment": rust(
        2,
        "describe-environment",
        "--uuid",
        "{env:prod}",
        says=("Name: prod", "Display Name: Production", "Production: true", "Name: ops"),
    ),
    "rust describe-environment --output json": rust(
        2, "describe-environment", "--uuid", "{env:prod}", "--output", "json", says=('"production":true',)
    ),
    "ruby describe-environment": ruby(
        2,
        "describe-environment",
        "--uuid",
        "{env:prod}",
        says=("Name: prod", "Display Name: Production", "Production: true"),
    ),
    "ruby describe-environment --output json": ruby(
        2, "describe-environment", "--uuid", "{env:test}", "--output", "json", says=('"name":"test"',)
    ),
    "rust describe-environment (unknown)": rust(
        2,
        "describe-environment",
        "--uuid",
        "00000000-0000-0000-0000-000000000000",
        code=1,
        says=("404 Not Found",),
    ),
    "rust list-environments": rust(2, "list-environments", says=("UUID", "prod", "Production", "true")),
    "rust list-environments --output json": rust(
        2, "list-environments", "--output", "json", says=('"environments"',)
    ),
    "rust list-environments --output pretty": rust(
        2, "list-environments", "--output", "pretty", says=('"name": "prod"',)
    ),
    "rust describe-pacticipant --output table": rust(
        2, "describe-pacticipant", "--name", "web", "--output", "table", says=("MAIN BRANCH", "main")
    ),
    "rust record-release --output pretty": rust(
        2,
        "record-release",
        "--pacticipant",
        "auth",
        "--version",
        "3",
        "--environment",
        "staging",
        "--output",
        "pretty",
        says=('"currentlySupported": true',),
    ),
    "ruby list-environments": ruby(
        2, "list-environments", says=("UUID", "NAME", "DISPLAY NAME", "PRODUCTION")
    ),
    "ruby list-environments --output json": ruby(
        2, "list-environments", "--output", "json", says=('"environments"',)
    ),
    # -- phase 3: queries, undeployments, webhooks tested ------------------------------------------
    "rust can-i-deploy --version --to-environment": rust(
        3,
        "can-i-deploy",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--to-environment",
        "prod",
        says=("All required verification results are published and successful", "VERIFICATION RESULTS", YES),
    ),
    "ruby can-i-deploy --version --to-environment": ruby(
        3,
        "can-i-deploy",
        "-a",
        "web",
        "-e",
        "1",
        "--to-environment",
        "prod",
        says=(YES, "VERIFICATION RESULTS", "All required verification results are published and successful"),
    ),
    "rust can-i-deploy --output json": rust(
        3,
        "can-i-deploy",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--to-environment",
        "prod",
        "--output",
        "json",
        says=('"deployable":true',),
    ),
    "ruby can-i-deploy --output json": ruby(
        3,
        "can-i-deploy",
        "-a",
        "web",
        "-e",
        "1",
        "--to-environment",
        "prod",
        "--output",
        "json",
        says=('"deployable": true',),
    ),
    "rust can-i-deploy --output table": rust(
        3,
        "can-i-deploy",
        "--pacticipant",
        "ios",
        "--version",
        "1",
        "--to-environment",
        "prod",
        "--output",
        "table",
        code=1,
        says=(
            "The verification for the pact between version 1 of ios and the version of api currently in prod (7) failed",
            NO,
        ),
    ),
    "ruby can-i-deploy --output table": ruby(
        3,
        "can-i-deploy",
        "-a",
        "ios",
        "-e",
        "1",
        "--to-environment",
        "prod",
        "--output",
        "table",
        code=1,
        says=(
            NO,
            "The verification for the pact between version 1 of ios and the version of api currently in prod (7) failed",
        ),
    ),
    "rust can-i-deploy --dry-run": rust(
        3,
        "can-i-deploy",
        "--pacticipant",
        "ios",
        "--version",
        "1",
        "--to-environment",
        "prod",
        "--dry-run",
        says=(NO, "Dry run enabled"),
    ),
    "ruby can-i-deploy --dry-run": ruby(
        3,
        "can-i-deploy",
        "-a",
        "ios",
        "-e",
        "1",
        "--to-environment",
        "prod",
        "--dry-run",
        says=("Dry run enabled",),
    ),
    "rust can-i-deploy --ignore": rust(
        3,
        "can-i-deploy",
        "--pacticipant",
        "ios",
        "--version",
        "1",
        "--to-environment",
        "prod",
        "--ignore",
        "api",
        says=(YES,),
    ),
    "ruby can-i-deploy --ignore": ruby(
        3,
        "can-i-deploy",
        "-a",
        "ios",
        "-e",
        "1",
        "--to-environment",
        "prod",
        "--ignore",
        "api",
        says=(YES, "false [ignored]"),
    ),
    "rust can-i-deploy --latest TAG": rust(
        3, "can-i-deploy", "--pacticipant", "web", "--latest", "dev", "--to-environment", "prod", says=(YES,)
    ),
    "ruby can-i-deploy --latest TAG": ruby(
        3, "can-i-deploy", "-a", "web", "--latest", "dev", "--to-environment", "prod", says=(YES,)
    ),
    "rust can-i-deploy --latest": rust(
        3, "can-i-deploy", "--pacticipant", "ios", "--latest", "--to-environment", "prod", says=(YES,)
    ),
    "ruby can-i-deploy --latest": ruby(
        3, "can-i-deploy", "-a", "ios", "--latest", "--to-environment", "prod", says=(YES,)
    ),
    "rust can-i-deploy --branch": rust(
        3, "can-i-deploy", "--pacticipant", "web", "--branch", "main", "--to-environment", "prod", says=(YES,)
    ),
    "ruby can-i-deploy --branch": ruby(
        3, "can-i-deploy", "-a", "web", "--branch", "main", "--to-environment", "prod", says=(YES,)
    ),
    "rust can-i-deploy --main-branch": rust(
        3, "can-i-deploy", "--pacticipant", "web", "--main-branch", "--to-environment", "prod", says=(YES,)
    ),
    "ruby can-i-deploy --main-branch": ruby(
        3, "can-i-deploy", "-a", "web", "--main-branch", "--to-environment", "prod", says=(YES,)
    ),
    "rust can-i-deploy --to": rust(
        3, "can-i-deploy", "--pacticipant", "web", "--version", "1", "--to", "prod", says=(YES,)
    ),
    "ruby can-i-deploy --to": ruby(3, "can-i-deploy", "-a", "web", "-e", "1", "--to", "prod", says=(YES,)),
    "rust can-i-deploy --retry-while-unknown": rust(
        3,
        "can-i-deploy",
        "--pacticipant",
        "ios",
        "--version",
        "1",
        "--to-environment",
        "test",
        "--retry-while-unknown",
        "1",
        "--retry-interval",
        "1",
        code=1,
        says=("There is no verified pact between version 1 of ios and a version of api currently in test",),
    ),
    "ruby can-i-deploy --retry-while-unknown": ruby(
        3,
        "can-i-deploy",
        "-a",
        "ios",
        "-e",
        "1",
        "--to-environment",
        "test",
        "--retry-while-unknown",
        "1",
        "--retry-interval",
        "1",
        code=1,
        says=(
            "Waiting for 1 verification result to be published",
            "There is no verified pact between version 1",
        ),
    ),
    "rust can-i-merge": rust(3, "can-i-merge", "--pacticipant", "web", "--version", "1", says=(YES,)),
    "ruby can-i-merge": ruby(3, "can-i-merge", "-a", "web", "-e", "1", says=(YES,)),
    "rust can-i-merge (failed)": rust(
        3, "can-i-merge", "--pacticipant", "ios", "--version", "1", code=1, says=(NO,)
    ),
    "ruby can-i-merge (failed)": ruby(3, "can-i-merge", "-a", "ios", "-e", "1", code=1, says=(NO,)),
    "rust describe-version": rust(
        3, "describe-version", "--pacticipant", "web", "--version", "1", says=("dev, prod-candidate",)
    ),
    "rust describe-version --latest": rust(
        3, "describe-version", "--pacticipant", "web", "--latest", says=("t2",)
    ),
    "rust describe-version --latest TAG": rust(
        3, "describe-version", "--pacticipant", "web", "--latest", "dev", says=("dev, prod-candidate",)
    ),
    "rust describe-version --output json": rust(
        3,
        "describe-version",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--output",
        "json",
        says=('"buildUrl":"https://ci/web/1"',),
    ),
    "rust describe-version --output table": rust(
        3, "describe-version", "--pacticipant", "ios", "--output", "table", says=("t3",)
    ),
    "rust describe-version (unknown tag)": rust(
        3,
        "describe-version",
        "--pacticipant",
        "web",
        "--latest",
        "nope",
        code=1,
        says=("Pacticipant version not found",),
    ),
    "rust describe-version --environment": rust(
        3, "describe-version", "--pacticipant", "api", "--environment", "prod", says=("│ 7 ", "Deployed")
    ),
    # the client looks for currentlyReleased; the Pact Broker (and Accord) say currentlySupported
    "rust describe-version --environment --released --output json": rust(
        3,
        "describe-version",
        "--pacticipant",
        "auth",
        "--environment",
        "staging",
        "--released",
        "--output",
        "json",
        says=('"currentlySupported":true',),
    ),
    "ruby describe-version": ruby(
        3, "describe-version", "-a", "web", "-e", "1", says=("dev prod-candidate",)
    ),
    "ruby describe-version --latest": ruby(3, "describe-version", "-a", "ios", says=("t3",)),
    "ruby describe-version --latest TAG": ruby(
        3, "describe-version", "-a", "ios", "--latest", "beta", says=("beta",)
    ),
    "ruby describe-version --output json": ruby(
        3,
        "describe-version",
        "-a",
        "ios",
        "-e",
        "1",
        "--output",
        "json",
        says=('"buildUrl": "https://ci/ios/1"',),
    ),
    "ruby describe-version --output table": ruby(
        3, "describe-version", "-a", "web", "-e", "2", "--output", "table", says=("NUMBER", "t2")
    ),
    "ruby describe-version (unknown)": ruby(
        3, "describe-version", "-a", "web", "-e", "404", code=1, says=("Pacticipant version not found",)
    ),
    "rust list-latest-pact-versions": rust(3, "list-latest-pact-versions", says=('"ios"', '"web"', '"auth"')),
    "rust list-latest-pact-versions --output json": rust(
        3, "list-latest-pact-versions", "--output", "json", says=('"pb:pacts"',)
    ),
    "ruby list-latest-pact-versions": ruby(
        3, "list-latest-pact-versions", says=("CONSUMER", "CONSUMER_VERSION", "PROVIDER", "CREATED_AT")
    ),
    "ruby list-latest-pact-versions --output json": ruby(
        3, "list-latest-pact-versions", "--output", "json", says=('"pacts"',)
    ),
    "rust get-pacts (main branches)": rust(
        3,
        "get-pacts",
        "--provider",
        "api",
        says=('"Pact between ios (1) and api"', '"Pact between web (1) and api"'),
    ),
    "rust get-pacts --latest": rust(
        3, "get-pacts", "--provider", "api", "--latest", says=('"Pact between web (1) and api"',)
    ),
    "rust get-pacts --branch": rust(
        3,
        "get-pacts",
        "--provider",
        "api",
        "--branch",
        "release",
        says=('"Pact between ci (c0ffee1) and api"',),
    ),
    "rust get-pacts --branch --latest --output json": rust(
        3,
        "get-pacts",
        "--provider",
        "api",
        "--branch",
        "trunk",
        "--latest",
        "--output",
        "json",
        says=('"name": "ios"',),
    ),
    "rust get-pacts --consumer --branch --output json": rust(
        3,
        "get-pacts",
        "--provider",
        "api",
        "--consumer",
        "web",
        "--branch",
        "main",
        "--output",
        "json",
        says=('"title": "Pact between web (1) and api"',),
    ),
    "rust get-pacts --download": rust(
        3,
        "get-pacts",
        "--provider",
        "api",
        "--latest",
        "--download",
        "--download-dir",
        "{downloads}",
        says=("ios-api-1.json", "web-api-1.json"),
    ),
    "rust get-pacts --output table": rust(
        3, "get-pacts", "--provider", "api", "--output", "table", says=("CONSUMER", "TITLE", "LINK")
    ),
    "rust list-latest-pact-versions --output table": rust(
        3, "list-latest-pact-versions", "--output", "table", says=("CONSUMER_VERSION",)
    ),
    "rust get-pacts (unknown provider)": rust(3, "get-pacts", "--provider", "nope", code=1, says=("404",)),
    "rust provider-states list": rust(
        3, "provider-states", "list", "--provider", "api", says=("an item exists", "a user exists")
    ),
    "rust provider-states list --branch": rust(
        3,
        "provider-states",
        "list",
        "--provider",
        "api",
        "--branch",
        "release",
        says=("Branch: release", "a CI state"),
    ),
    "rust provider-states list --environment": rust(
        3,
        "provider-states",
        "list",
        "--provider",
        "api",
        "--environment",
        "test",
        says=("Environment: test", "a user exists"),
    ),
    "rust test-webhook": rust(3, "test-webhook", "--uuid", HOOK, says=('"success":true',)),
    "ruby test-webhook": ruby(3, "test-webhook", "--uuid", RUBY_HOOK, says=("HTTP 200",)),
    "ruby record-undeployment --application-instance": ruby(
        3,
        "record-undeployment",
        "-a",
        "ios",
        "--environment",
        "test",
        "--application-instance",
        "blue",
        says=(
            "Recorded undeployment of ios version 1 from test environment (application instance blue) in the Pact Broker.",
        ),
    ),
    "rust record-undeployment --application-instance": rust(
        3,
        "record-undeployment",
        "--pacticipant",
        "web",
        "--environment",
        "staging",
        "--application-instance",
        "green",
        says=("Undeployed web from staging environment (application instance green)",),
    ),
    "rust record-undeployment (wrong instance)": rust(
        3,
        "record-undeployment",
        "--pacticipant",
        "api",
        "--environment",
        "prod",
        "--application-instance",
        "purple",
        code=1,
        says=("api is not currently deployed to application instance 'purple' in prod environment",),
    ),
    "rust record-support-ended": rust(
        3,
        "record-support-ended",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--environment",
        "test",
        says=("Recorded support ended for application web, version 1 from test environment",),
    ),
    "ruby record-support-ended": ruby(
        3,
        "record-support-ended",
        "-a",
        "ios",
        "-e",
        "1",
        "--environment",
        "prod",
        says=("Recorded support ended for ios version 1 in prod environment in the Pact Broker",),
    ),
    "rust delete-branch": rust(
        3,
        "delete-branch",
        "--pacticipant",
        "web",
        "--branch",
        "feat",
        says=("Successfully deleted branch 'feat' of pacticipant 'web'",),
    ),
    "ruby delete-branch": ruby(3, "delete-branch", "-a", "ios", "--branch", "feat-ios"),
    # -- phase 4: deletions, and the same commands again on what is gone --------------------------
    "rust delete-version-tag": rust(
        4,
        "delete-version-tag",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--tag",
        "prod-candidate",
        says=("Successfully deleted tag 'prod-candidate' from version '1' of pacticipant 'web'",),
    ),
    "rust delete-webhook": rust(
        4, "delete-webhook", "--uuid", HOOK, says=(f"Webhook with UUID {HOOK} successfully deleted",)
    ),
    "rust delete-branch (gone)": rust(
        4,
        "delete-branch",
        "--pacticipant",
        "web",
        "--branch",
        "feat",
        says=("Could not delete branch 'feat' of pacticipant 'web' as it was not found",),
    ),
    "ruby delete-branch (gone)": ruby(
        4, "delete-branch", "-a", "ios", "--branch", "feat-ios", code=1, says=("not found",)
    ),
    "ruby record-undeployment (not deployed)": ruby(
        4,
        "record-undeployment",
        "-a",
        "ios",
        "--environment",
        "test",
        code=1,
        says=("ios is not currently deployed to test environment",),
    ),
    "rust record-support-ended (not released)": rust(
        4,
        "record-support-ended",
        "--pacticipant",
        "web",
        "--version",
        "1",
        "--environment",
        "test",
        code=1,
        says=("No currently released versions found for web in test environment",),
    ),
    "ruby delete-environment (gone)": ruby(
        4, "delete-environment", "--uuid", "{env:gone-ruby}", code=1, says=("404",)
    ),
}


def _pact_with_states(consumer: str, provider: str, marker: str, *states: str) -> dict[str, Any]:
    content = pact(consumer, provider, marker)
    content["interactions"][0]["providerStates"] = [
        {"name": s, "params": {"id": 1}} if s == "a user exists" else {"name": s} for s in states
    ]
    return content


def _pact_files(root: Path) -> dict[str, Path]:
    """The pact folders (or files) the publish commands name as ``{pacts:<key>}``."""
    files = {
        "web": [_pact_with_states("web", "api", "a", "an item exists"), pact("web", "auth", "a")],
        "ios": [_pact_with_states("ios", "api", "b", "an item exists", "a user exists")],
        "ci": [_pact_with_states("ci", "api", "c", "a CI state")],
        "ci2": [pact("ci2", "api", "c")],
        "mrg": [pact("mrg", "api", "m")],
        "mrg-changed": [pact("mrg", "api", "changed")],
        "json": [pact("js", "api", "j")],
        "json2": [pact("js2", "api", "j")],
    }
    folders = {}
    for key, pacts in files.items():
        folder = root / key
        folder.mkdir()
        for content in pacts:
            name = f"{content['consumer']['name']}-{content['provider']['name']}.json"
            (folder / name).write_text(json.dumps(content))
        folders[key] = folder
    return folders


class _Receiver(BaseHTTPRequestHandler):
    received: queue.Queue[str] = queue.Queue()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.received.put(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Quiet."""


@dataclass
class Sweep:
    """The broker, every case's result, the webhook calls received and the working folder."""

    url: str
    runs: dict[str, Run]
    hooks: queue.Queue[str]
    root: Path

    def get(self, path: str, **params: Any) -> Any:
        """A broker resource, read over HTTP."""
        response = httpx.get(f"{self.url}{path}", params=params, timeout=30)
        assert response.status_code == 200, (path, response.text)
        return response.json()


def _run(case: Case, url: str, values: dict[str, str], cwd: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACT_BROKER_", "GITHUB_", "CI"))}
    env.update(PACT_DO_NOT_TRACK="true", PACT_BROKER_HTTP_RETRIES="0", PACT_BROKER_BASE_URL=url, **case.env)
    args = [re.sub(r"\{[a-z:0-9-]+\}", lambda m: values[m.group(0)], a) for a in case.args]
    command = [str(RUST), "broker", *args] if case.client == "rust" else [str(RUBY), *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False)
    return Run(done.returncode, _ANSI.sub("", done.stdout), _ANSI.sub("", done.stderr))


def _verify(url: str, consumer: str, provider: str, provider_version: str, success: bool) -> None:
    pact_resource = httpx.get(
        f"{url}/pacts/provider/{provider}/consumer/{consumer}/version/1", timeout=30
    ).json()
    href = pact_resource["_links"]["pb:publish-verification-results"]["href"]
    result = {"success": success, "providerApplicationVersion": provider_version}
    assert httpx.post(href, json=result, timeout=30).status_code == 201


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sweep]:
    """One broker; every case run, phase after phase (each phase's cases at the same time)."""
    root = tmp_path_factory.mktemp("sweep")
    app = create_app(BrokerSettings(database_url=f"sqlite:///{root / 'broker.sqlite3'}"))
    runs: dict[str, Run] = {}
    _Receiver.received = queue.Queue()
    with ServerThread(app) as server, serve_on_loopback(_Receiver) as hooks, ThreadPoolExecutor(8) as pool:
        values = {f"{{pacts:{k}}}": str(v) for k, v in _pact_files(root).items()}
        values["{hooks}"] = hooks
        values["{downloads}"] = str(root / "downloads")
        for phase in range(5):
            if phase == 2:
                _verify(server.url, "web", "api", "7", True)
                _verify(server.url, "web", "auth", "3", True)
                _verify(server.url, "ios", "api", "7", False)
                environments = httpx.get(f"{server.url}/environments", timeout=30).json()
                for env in environments["_embedded"]["environments"]:
                    values[f"{{env:{env['name']}}}"] = env["uuid"]
            names = [name for name, case in CASES.items() if case.phase == phase]
            results = pool.map(lambda n: _run(CASES[n], server.url, values, root), names)
            runs.update(zip(names, results, strict=True))
        yield Sweep(server.url, runs, _Receiver.received, root)
    app.state.storage.dispose()


@pytest.mark.parametrize("name", list(CASES))
def test_command(sweep: Sweep, name: str) -> None:
    """The command exits as against the Pact Broker and prints what the client prints for it."""
    run = sweep.runs[name]
    output = run.out + run.err
    assert run.code == CASES[name].code, output
    for fragment in CASES[name].says:
        assert fragment in output, (fragment, output)
    assert "panicked" not in output


def _versions(sweep: Sweep, pacticipant: str, number: str) -> tuple[list[str], list[str], str | None]:
    version = sweep.get(f"/pacticipants/{pacticipant}/versions/{number}")
    tags = sorted(t["name"] for t in version["_embedded"]["tags"])
    return [b["name"] for b in version["branchVersions"]], tags, version.get("buildUrl")


@pytest.mark.parametrize(
    ("pacticipant", "number", "expected"),
    [
        ("web", "1", (["main"], ["dev"], "https://ci/web/1")),
        ("web", "2", ([], ["t2"], None)),
        ("ios", "1", (["trunk"], ["beta"], "https://ci/ios/1")),
        ("ios", "2", ([], ["t3"], None)),
        ("api", "7", (["main"], ["prod"], None)),
        ("auth", "3", (["main"], ["prod"], None)),
        ("ci", "c0ffee1", (["release"], [], None)),
        ("ci2", "c0ffee2", (["release"], [], "https://github.example/org/ci/actions/runs/42")),
    ],
)
def test_versions_afterwards(
    sweep: Sweep, pacticipant: str, number: str, expected: tuple[list[str], list[str], str | None]
) -> None:
    """Branches (deleted ones gone), tags (deleted ones gone) and build URLs the commands recorded."""
    assert _versions(sweep, pacticipant, number) == expected


def test_pacticipants_and_environments_afterwards(sweep: Sweep) -> None:
    """The pacticipants and environments as created, updated and deleted by both clients."""
    pacticipants = {p["name"]: p for p in sweep.get("/pacticipants")["_embedded"]["pacticipants"]}
    assert sorted(pacticipants) == ["api", "auth", "ci", "ci2", "ios", "js", "js2", "mrg", "web"]
    web = pacticipants["web"]
    assert (web["displayName"], web["mainBranch"], web["repositoryUrl"]) == (
        "Web",
        "main",
        "https://git.example/web",
    )
    assert (pacticipants["ios"]["mainBranch"], pacticipants["api"]["mainBranch"]) == ("trunk", "main")
    environments = {e["name"]: e for e in sweep.get("/environments")["_embedded"]["environments"]}
    assert sorted(environments) == ["by-id", "prod", "qa", "staging", "test"]
    assert {name: (e["displayName"], e["production"]) for name, e in environments.items()} == {
        "prod": ("Production", True),
        "test": ("test", False),
        "staging": ("Staging", True),
        "qa": ("QA", False),
        "by-id": ("by-id", False),
    }
    assert environments["prod"]["contacts"] == [
        {"name": "ops", "details": {"emailAddress": "ops@example.com"}}
    ]


@pytest.mark.parametrize(
    ("environment", "deployed", "released"),
    [("prod", [("api", "7"), ("auth", "3")], []), ("test", [], []), ("staging", [], [("auth", "3")])],
)
def test_deployments_and_releases_afterwards(
    sweep: Sweep, environment: str, deployed: list[tuple[str, str]], released: list[tuple[str, str]]
) -> None:
    """What is deployed and released where, after the undeployments and ended support."""
    uuid = sweep.get("/environments", name=environment)["_embedded"]["environments"][0]["uuid"]
    records = {
        "deployedVersions": sweep.get(f"/environments/{uuid}/deployed-versions/currently-deployed"),
        "releasedVersions": sweep.get(f"/environments/{uuid}/released-versions/currently-supported"),
    }
    found = {
        key: sorted(
            (r["_embedded"]["pacticipant"]["name"], r["_embedded"]["version"]["number"])
            for r in body["_embedded"][key]
        )
        for key, body in records.items()
    }
    assert found == {"deployedVersions": deployed, "releasedVersions": released}


def test_webhooks_afterwards(sweep: Sweep) -> None:
    """The webhooks both clients made (less the one deleted), and the two test executions received."""
    hooks = {h["description"]: h for h in sweep.get("/webhooks")["_embedded"]["webhooks"]}
    assert sorted(hooks) == ["ruby by uuid", "ruby hook", "rust hook"]
    assert hooks["ruby by uuid"]["uuid"] == RUBY_HOOK
    assert (hooks["rust hook"]["consumer"], hooks["rust hook"]["provider"]) == (
        {"name": "web"},
        {"name": "api"},
    )
    assert hooks["rust hook"]["request"]["body"] == {"v": "${pactbroker.consumerVersionNumber}"}
    received = sorted(sweep.hooks.get(timeout=10) for _ in range(2))
    assert received == ["/ruby-uuid", "/rust-uuid"]


def test_pacts_afterwards(sweep: Sweep) -> None:
    """The latest pacts of every integration, the refused merge leaving mrg's pact as it was."""
    latest = sweep.get("/pacts/latest")["pacts"]
    pairs = sorted(
        (
            p["_embedded"]["consumer"]["name"],
            p["_embedded"]["consumer"]["_embedded"]["version"]["number"],
            p["_embedded"]["provider"]["name"],
        )
        for p in latest
    )
    assert pairs == [
        ("ci", "c0ffee1", "api"),
        ("ci2", "c0ffee2", "api"),
        ("ios", "1", "api"),
        ("js", "1", "api"),
        ("js2", "1", "api"),
        ("mrg", "1", "api"),
        ("web", "1", "api"),
        ("web", "1", "auth"),
    ]
    merged = sweep.get("/pacts/provider/api/consumer/mrg/version/1")
    assert [i["description"] for i in merged["interactions"]] == ["a request for m"]


@pytest.mark.parametrize(
    "name", ["rust generate-uuid", "ruby generate-uuid", "rust create-environment --output id"]
)
def test_uuids(sweep: Sweep, name: str) -> None:
    """generate-uuid prints a UUID; create-environment --output id prints the new environment's."""
    printed = sweep.runs[name].out.strip()
    assert _UUID.match(printed), printed
    if "environment" in name:
        assert sweep.get(f"/environments/{printed}")["name"] == "by-id"


def test_downloaded_pacts(sweep: Sweep) -> None:
    """get-pacts --download wrote the latest pacts of the consumers' main branches as served."""
    folder = sweep.root / "downloads"
    # js's main branch was set from its first branch, main, as the Pact Broker's auto_detect_main_branch
    assert sorted(p.name for p in folder.iterdir()) == ["ios-api-1.json", "js-api-1.json", "web-api-1.json"]
    web = json.loads((folder / "web-api-1.json").read_text())
    assert [i["description"] for i in web["interactions"]] == ["a request for a"]
