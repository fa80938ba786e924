"""The verifier: replay every consumer's expectations against the provider and collect the verdicts.

```python
from accord.provider import Verifier

result = (
    Verifier("orders")
    .with_app(app)                       # or .with_base_url("http://127.0.0.1:8000")
    .add_source("pacts/")                # files, directories, URLs
    .verify()
)
assert result.success, result.failures
```

For each interaction, in pact order (Pact's verification procedure): set the provider states up,
build the request from the pact (applying the request's generators in provider mode, fed by the
provider-state values), pass it through the request filters, send it through the transport, match
the response with ``accord.matching.match_response``, and tear the states down. Message
interactions ask a producer for the message instead and use ``match_message``.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urljoin

from accord.errors import ConfigurationError, PactFileError, ProviderError, ProviderStateError
from accord.matching import Mismatch, match_message, match_response
from accord.model import apply_generators

from ._cases import HTTP, SYNC_MESSAGE, Case, PactDocument
from ._messages import (
    MessageContext,
    Producer,
    call_producer,
    fetch_message,
    message_json,
    request_contents,
)
from ._replay import build_request, response_json
from ._report import Progress, print_report
from ._results import InteractionResult, PactResult, VerificationResult
from ._sources import Source
from ._states import StateHandler, StateHandlers, StateRunner, default_states
from .transports import (
    URL,
    Request,
    RequestLike,
    ResponseLike,
    Transport,
    app_transport,
    as_transport,
    http_transport,
)

if TYPE_CHECKING:
    import httpx

    from ._broker import BrokerSource

RequestFilter = Callable[["httpx.Request"], "httpx.Request | None"]

# In-process requests carry "Host: localhost": frameworks that check hosts (Django ALLOWED_HOSTS
# in DEBUG) accept it without configuration.
_IN_PROCESS_URL = "http://localhost"


def _bearer_auth(token: str) -> httpx.Auth:
    """``Authorization: Bearer <token>`` on every request (an ``httpx.Auth``)."""
    import httpx  # noqa: PLC0415 - httpx only for pact URLs

    class BearerAuth(httpx.Auth):
        def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

    return BearerAuth()


class _HelperClient:
    """The ``httpx.Client`` for pact URLs, state-change and message endpoints, created on first use.

    It stands in for the client (attribute access is forwarded), so runs that need none, such as
    in-process verification of pact files, never import httpx.
    """

    def __init__(self, timeout: float) -> None:
        self._timeout = timeout
        self._client: httpx.Client | None = None

    def __getattr__(self, name: str) -> Any:
        if self._client is None:
            import httpx  # noqa: PLC0415

            from .transports._http import client_transport  # noqa: PLC0415

            self._client = httpx.Client(
                transport=client_transport(), timeout=httpx.Timeout(self._timeout), trust_env=False
            )
        return getattr(self._client, name)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


def _found(pattern: str, text: str) -> bool:
    if pattern == text:
        return True
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


class Selection:
    """Which interactions to verify: by description, provider state and consumer (all when empty).

    ``PACT_DESCRIPTION`` and ``PACT_PROVIDER_STATE`` narrow it the way the Pact verifiers read them.
    """

    def __init__(
        self,
        descriptions: tuple[str, ...] = (),
        states: tuple[str, ...] = (),
        consumers: tuple[str, ...] = (),
    ) -> None:
        self.descriptions = descriptions
        self.states = states
        self.consumers = consumers

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Selection:
        """The selection ``PACT_DESCRIPTION`` / ``PACT_PROVIDER_STATE`` ask for."""
        env = os.environ if environ is None else environ
        description = env.get("PACT_DESCRIPTION")
        state = env.get("PACT_PROVIDER_STATE")
        return cls((description,) if description else (), (state,) if state else ())

    def merged(self, other: Selection) -> Selection:
        """Both selections' criteria."""
        return Selection(
            self.descriptions + other.descriptions,
            self.states + other.states,
            self.consumers + other.consumers,
        )

    def wants(self, case: Case) -> bool:
        """Whether ``case`` is selected.

        Descriptions and states are matched as the Pact verifiers' ``--filter-description`` and
        ``--filter-state`` do, as regular expressions found anywhere in the text, and also
        literally (so a description with brackets or dots selects itself).
        """
        if self.consumers and case.consumer not in self.consumers:
            return False
        if self.descriptions and not any(_found(p, case.description) for p in self.descriptions):
            return False
        names = [state.name for state in case.states]
        return not (self.states and not any(_found(p, name) for p in self.states for name in names))

    def __bool__(self) -> bool:
        return bool(self.descriptions or self.states or self.consumers)


class Verifier:
    """Verify a provider against its consumers' pacts; every ``with_``/``add_`` method returns ``self``.

    Args:
        provider: the provider's name; pacts for other providers are skipped with a warning.
    """

    def __init__(self, provider: str) -> None:
        self.provider = provider
        self._transport: Transport | None = None
        self._base_url: str | None = None
        self._sources: list[Source] = []
        self._states = StateHandlers()
        self._use_default_states = False
        self._state_change_url: str | None = None
        self._state_teardown = True
        self._filters: list[RequestFilter] = []
        self._headers: list[tuple[str, str]] = []
        self._producers: dict[str, Producer] = {}
        self._message_url: str | None = None
        self._selection = Selection()
        self._timeout = 10.0
        self._broker: BrokerSource | None = None
        self._source_auth: httpx.Auth | None = None
        self._ignore_no_pacts = False

    # -- the provider ---------------------------------------------------------------------------

    def with_base_url(self, url: str) -> Verifier:
        """Verify a running provider at ``url`` (over HTTP; a path prefix is kept)."""
        if not url.startswith(("http://", "https://")):
            raise ConfigurationError(
                f"the provider base URL {url!r} is not an http:// or https:// URL",
                hint="e.g. --provider-base-url http://127.0.0.1:8000",
            )
        self._base_url, self._transport = url.rstrip("/"), http_transport()
        return self

    def with_app(self, app: Any) -> Verifier:
        """Verify a WSGI or ASGI application in-process, with no port (Flask, Django, FastAPI, Starlette).

        Handlers registered with ``@provider_state`` are used too.
        """
        self._base_url, self._transport = _IN_PROCESS_URL, app_transport(app)
        self._use_default_states = True
        return self

    def with_transport(self, transport: Any, base_url: str = _IN_PROCESS_URL) -> Verifier:
        """Verify through any transport: an ``httpx.BaseTransport`` (a test double, a custom client),
        or an object with ``handle_request(request) -> response`` and ``close()`` (``transports``)."""
        self._base_url, self._transport = base_url.rstrip("/"), as_transport(transport)
        return self

    def with_timeout(self, seconds: float) -> Verifier:
        """Fail an interaction whose response takes longer than ``seconds`` (default 10)."""
        if seconds <= 0:
            raise ConfigurationError(
                f"the request timeout must be positive, not {seconds}", hint="e.g. --request-timeout 5"
            )
        self._timeout = seconds
        return self

    # -- pacts ----------------------------------------------------------------------------------

    def add_source(self, source: str | Path | dict[str, Any]) -> Verifier:
        """Verify the pacts of a file, a directory (its ``*.json``), a URL or a pact dict."""
        self._sources.append(Source.of(source))
        return self

    def ignore_no_pacts(self, ignore: bool = True) -> Verifier:
        """Succeed when no pact for the provider is found (by default a ``ConfigurationError``).

        The Pact verifier's ``--ignore-no-pacts-error``: a new provider has no consumers yet.
        """
        self._ignore_no_pacts = ignore
        return self

    def with_source_auth(
        self, *, token: str | None = None, username: str | None = None, password: str | None = None
    ) -> Verifier:
        """Authenticate pact URL fetches: a bearer ``token``, or basic ``username``/``password``."""
        if token:
            self._source_auth = _bearer_auth(token)
        elif username:
            import httpx  # noqa: PLC0415 - httpx only for pact URLs

            self._source_auth = httpx.BasicAuth(username, password or "")
        return self

    def with_broker(
        self,
        url: str,
        *,
        selectors: list[dict[str, Any]] | None = None,
        enable_pending: bool = False,
        include_wip_pacts_since: str | None = None,
        publish: bool = False,
        provider_version: str | None = None,
        provider_branch: str | None = None,
        provider_tags: tuple[str, ...] = (),
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        fetch: bool = True,
    ) -> Verifier:
        """Verify the pacts a Pact Broker selects for this provider (pacts-for-verification).

        Args:
            url: the broker's base URL.
            selectors: consumer version selectors, e.g. ``[{"mainBranch": True}]``.
            enable_pending: ask for pending status; pending pacts' failures do not fail the run.
            include_wip_pacts_since: also verify work-in-progress pacts created since this date.
            publish: publish the results (needs ``provider_version``).
            provider_version: the provider version the results are for.
            provider_branch: the provider's branch (recorded with the version).
            provider_tags: tags for the provider version.
            token: a bearer token; or ``username`` and ``password`` for basic auth.
            fetch: ask the broker for pacts; ``False`` only publishes the results of pacts
                from other sources that carry the broker's links (a webhook's ``--pact-url``).
        """
        # imported here: accord.client costs ~40 ms of start-up that runs without a broker do not need
        from ._broker import BrokerSource  # noqa: PLC0415

        if publish and not provider_version:
            raise ConfigurationError(
                "publishing verification results needs the provider version",
                hint="add --provider-version (e.g. the git commit sha)",
            )
        self._broker = BrokerSource(
            url=url,
            provider=self.provider,
            selectors=list(selectors or []),
            enable_pending=enable_pending,
            include_wip_pacts_since=include_wip_pacts_since,
            publish=publish,
            provider_version=provider_version,
            provider_branch=provider_branch,
            provider_tags=tuple(provider_tags),
            token=token,
            username=username,
            password=password,
            fetch_pacts=fetch,
        )
        return self

    # -- states, filters, messages, selection --------------------------------------------------

    def with_state(self, name: str, handler: StateHandler) -> Verifier:
        """Set provider state ``name`` up with ``handler`` (see ``provider_state``)."""
        self._states.register(name, handler)
        return self

    def with_states(self, handlers: StateHandlers) -> Verifier:
        """Use every handler of a ``StateHandlers`` registry."""
        self._states.update(handlers)
        return self

    def with_state_change_url(self, url: str, *, teardown: bool = True) -> Verifier:
        """Set states up through Pact's state-change protocol at ``url`` (with teardown calls)."""
        self._state_change_url, self._state_teardown = url, teardown
        return self

    def with_request_filter(self, request_filter: RequestFilter) -> Verifier:
        """Pass every replayed request through ``request_filter`` (mutate it, or return a new one)."""
        self._filters.append(request_filter)
        return self

    def with_header(self, name: str, value: str) -> Verifier:
        """Set a header on every replayed request (an auth token, typically)."""
        self._headers.append((name, value))
        return self

    def with_message(self, description: str, producer: Producer) -> Verifier:
        """Produce the message of the interaction described ``description`` with ``producer``."""
        self._producers[description] = producer
        return self

    def with_message_url(self, url: str) -> Verifier:
        """Ask an HTTP endpoint for messages without a Python producer (Pact's message protocol)."""
        self._message_url = url
        return self

    def select(
        self,
        *,
        description: str | tuple[str, ...] = (),
        state: str | tuple[str, ...] = (),
        consumer: str | tuple[str, ...] = (),
    ) -> Verifier:
        """Verify only the interactions with these descriptions, provider states and consumers."""

        def many(value: str | tuple[str, ...]) -> tuple[str, ...]:
            return (value,) if isinstance(value, str) else tuple(value)

        self._selection = self._selection.merged(Selection(many(description), many(state), many(consumer)))
        return self

    # -- running --------------------------------------------------------------------------------

    def verify(self, *, report: bool = True, progress: bool | None = None) -> VerificationResult:
        """Verify every selected interaction and return the verdicts.

        Args:
            report: print the console report (Rich) when done.
            progress: show a progress bar (default: when there are more than 20 interactions
                and the output is a terminal).

        Raises:
            ConfigurationError: nothing to verify against, or no pacts.
            ProviderError: the provider cannot be reached at all, or a pact URL fails.
        """
        started = time.perf_counter()
        result = VerificationResult(self.provider)
        helper = cast("httpx.Client", _HelperClient(self._timeout))
        try:
            self._run(helper, result, progress)
            if self._broker is not None and self._broker.publish:
                self._broker.publish_results(result)
        finally:
            helper.close()
            if self._transport is not None:
                self._transport.close()
            if self._broker is not None:
                self._broker.close()
        result.warnings[:] = list(dict.fromkeys(result.warnings))
        result.duration = time.perf_counter() - started
        if report:
            print_report(result)
        return result

    def _run(self, helper: httpx.Client, result: VerificationResult, progress: bool | None) -> None:
        """Load the pacts, then verify each selected interaction into ``result``."""
        documents = self._load(helper, result)
        selection = self._selection.merged(Selection.from_env())
        plan = [(document, [c for c in document.cases() if selection.wants(c)]) for document in documents]
        total = sum(len(cases) for _, cases in plan)
        if total == 0:
            result.warnings.append("no interactions were selected for verification")
        runner = StateRunner(
            self._state_handlers(), self._state_change_url, helper, self._state_teardown, result.warnings
        )
        with Progress(total, enabled=progress) as bar:
            for document, cases in plan:
                pact_result = PactResult(
                    document.consumer,
                    document.provider,
                    document.source,
                    document.pending,
                    [],
                    document.links,
                )
                result.pacts.append(pact_result)
                for case in cases:
                    pact_result.interactions.append(self._verify_case(case, self._transport, helper, runner))
                    bar.advance()

    def _state_handlers(self) -> StateHandlers:
        if not self._use_default_states:
            return self._states
        merged = StateHandlers()
        merged.update(default_states)
        merged.update(self._states)
        return merged

    def _load(self, client: httpx.Client, result: VerificationResult) -> list[PactDocument]:
        if not self._sources and (self._broker is None or not self._broker.fetch_pacts):
            raise ConfigurationError(
                f"there are no pacts to verify provider {self.provider!r} against",
                hint="give --pact-file, --pact-dir, --pact-url or --broker-url",
            )
        documents: list[PactDocument] = []
        for source in self._sources:
            documents.extend(source.load(client, self._source_auth))
        if self._broker is not None and self._broker.fetch_pacts:
            documents.extend(self._broker.fetch(result.warnings))
        kept = []
        for document in documents:
            if document.provider and document.provider != self.provider:
                result.warnings.append(
                    f"skipped the pact from {document.source}: it is for provider {document.provider!r}, "
                    f"not {self.provider!r}"
                )
                continue
            kept.append(document)
        if not kept and not self._ignore_no_pacts:
            skipped = f" ({'; '.join(result.warnings)})" if result.warnings else ""
            raise ConfigurationError(
                f"no pacts for provider {self.provider!r} were found{skipped}",
                hint="check the pact sources and the provider name; to accept a provider without "
                "consumers yet, pass --ignore-no-pacts-error",
            )
        return kept

    def _verify_case(
        self, case: Case, transport: Transport | None, helper: httpx.Client, runner: StateRunner
    ) -> InteractionResult:
        started = time.perf_counter()
        result = InteractionResult(case)
        try:
            values, active = runner.setup(case.states)
        except ProviderStateError as exc:
            result.state_error = exc.message
            result.duration = time.perf_counter() - started
            return result
        try:
            if case.kind == HTTP:
                self._verify_http(case, values, transport, result)
            else:
                self._verify_message(case, values, helper, result)
        except ProviderStateError as exc:
            result.state_error = exc.message
        except ProviderError as exc:
            if exc.context.get("fatal"):
                raise
            result.error = exc.message
        except PactFileError as exc:  # e.g. a matching rule this interaction cannot use
            result.error = exc.message
        finally:
            for problem in runner.teardown(active):
                runner.warnings.append(problem)
        result.duration = time.perf_counter() - started
        return result

    def _verify_http(
        self,
        case: Case,
        values: dict[str, Any],
        transport: Transport | None,
        result: InteractionResult,
    ) -> None:
        if transport is None or self._base_url is None:
            raise ConfigurationError(
                f"interaction {case.description!r} is an HTTP interaction, but no provider was given",
                hint="give --provider-base-url URL or --app module:attr",
            )
        request_json = _generated(case.interaction.get("request") or {}, values)
        request: RequestLike = build_request(request_json, self._base_url)
        for name, value in self._headers:
            request.headers[name] = value
        if self._filters:
            request = self._filtered(request)
        response = _send(transport, request, case, self._timeout, self._base_url)
        response = _followed(
            transport, request, response, case=case, timeout=self._timeout, base_url=self._base_url
        )
        result.mismatches = match_response(
            case.interaction.get("response") or {}, response_json(response), case.spec
        )
        crash = response.extensions.get("app_exception") if isinstance(response.extensions, dict) else None
        if crash is not None and result.mismatches:
            result.error = (
                f"the application raised {type(crash).__name__} on {request.method} "
                f"{_target(request)}: {crash} (answered {response.status_code})"
            )

    def _filtered(self, request: RequestLike) -> httpx.Request:
        """``request`` through the request filters, which get (and may replace) an ``httpx.Request``."""
        from .transports._http import to_httpx  # noqa: PLC0415 - httpx only when there are filters

        wire = to_httpx(request)
        for request_filter in self._filters:
            try:
                wire = request_filter(wire) or wire
            except Exception as exc:
                name = getattr(request_filter, "__name__", repr(request_filter))
                raise ConfigurationError(
                    f"the request filter {name} raised {type(exc).__name__}: {exc}",
                    hint="fix the request filter; it gets an httpx.Request to change or replace",
                ) from exc
        wire.read()
        return wire

    def _verify_message(
        self, case: Case, values: dict[str, Any], helper: httpx.Client, result: InteractionResult
    ) -> None:
        sync = case.kind == SYNC_MESSAGE
        context = MessageContext(
            case.description,
            [state.name for state in case.states],
            values,
            request_contents(case) if sync else None,
        )
        producer = self._producers.get(case.description)
        if producer is not None:
            message = call_producer(producer, context)
        elif self._message_url or (self._base_url and self._base_url != _IN_PROCESS_URL):
            message = fetch_message(helper, self._message_url or str(self._base_url), case)
        else:
            known = ", ".join(repr(name) for name in sorted(self._producers)) or "none"
            raise ProviderError(
                f"no producer for message {case.description!r} (producers exist for: {known})",
                hint=f"register one: verifier.with_message({case.description!r}, make_message)",
            )
        expected = case.interaction
        if sync:
            responses = case.interaction.get("response") or [{}]
            if isinstance(responses, list) and len(responses) > 1:
                # One answer is one response message: like the Rust verifier, Accord cannot split
                # it into several, so a pact expecting more responses fails rather than checking one.
                result.mismatches = [
                    Mismatch(
                        "body-type",
                        "$.response",
                        len(responses),
                        1,
                        f"Expected a message with {len(responses)} responses, but the actual response had 1",
                    )
                ]
                return
            expected = responses[0] if isinstance(responses, list) else responses
        else:
            expected = _with_content_type(expected)
        result.mismatches = match_message(expected, message_json(message), case.spec)


def _with_content_type(message: dict[str, Any]) -> dict[str, Any]:
    """A v4 asynchronous message whose metadata names the contents' content type.

    The Rust verifier reads a v4 asynchronous message as a v3 one whose metadata gets
    ``"contentType"`` from the contents (unless the metadata has that key), so the answer's
    ``contentType`` must match it (``text/xml`` is not ``application/xml`` there); a synchronous
    message's responses are compared without it.
    """
    contents = message.get("contents")
    metadata = message.get("metadata")
    if message.get("type") != "Asynchronous/Messages" or not isinstance(contents, dict):
        return message
    if not contents.get("contentType") or (
        contents.get("content") in (None, "") and not contents.get("encoded")
    ):
        return message  # null or "" contents have no content type in Rust's reading
    if isinstance(metadata, dict) and "contentType" in metadata:
        return message
    return {**message, "metadata": {"contentType": contents["contentType"], **(metadata or {})}}


def _generated(request: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The request with its generators applied in provider mode.

    "ProviderState" generators read ``values``: the states' parameters and what their handlers
    returned (v3 generators: "the expression is resolved against the provider state values").
    """
    if not request.get("generators"):
        return request
    return apply_generators(request, mode="provider", context={"providerState": values})


def _target(request: RequestLike) -> str:
    return bytes(request.url.raw_path).decode("ascii", "replace")


def _send(
    transport: Transport, request: RequestLike, case: Case, timeout: float, base_url: str
) -> ResponseLike:
    """Send one replayed request straight through the transport and read the whole response.

    No client in between: interactions are independent, so no cookie jar may carry state from
    one to the next (and skipping a client's per-request work halves the overhead).
    """
    request.extensions["timeout"] = {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout}
    try:
        response = transport.handle_request(request)
        try:
            response.read()
        finally:
            response.close()
        return response
    except ProviderError:
        raise
    except Exception as exc:
        raise _send_error(exc, request, case, timeout, base_url) from exc


_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_MOST_REDIRECTS = 10
_CREDENTIALS = frozenset({b"authorization", b"cookie", b"proxy-authorization", b"www-authenticate"})


def _followed(
    transport: Transport,
    request: RequestLike,
    response: ResponseLike,
    *,
    case: Case,
    timeout: float,
    base_url: str,
) -> ResponseLike:
    """The response at the end of the provider's redirects, followed as the Rust verifier follows them.

    The pact's response is compared with what the provider finally answers: like reqwest's default
    policy (the Rust verifier's HTTP client), a 301, 302, 303, 307 or 308 with a ``Location`` is
    followed, at most ten times; a POST answered 301 or 302, and any method but HEAD answered 303,
    is sent again as a GET without its body, and 307 and 308 send the request again as it was.

    Raises:
        ProviderError: the provider redirected more than ten times (a loop, usually).
    """
    hops = 0
    while response.status_code in _REDIRECTS:
        location = response.headers.get("location")
        if not location:
            return response
        try:
            target = URL(urljoin(str(request.url), str(location)))
        except ValueError:  # not an http(s) URL: nothing to follow
            return response
        elsewhere = (target.scheme, target.host, target.port) != (
            request.url.scheme,
            request.url.host,
            request.url.port,
        )
        if elsewhere and base_url == _IN_PROCESS_URL:
            return response  # an in-process app is not the other origin: its redirect is the answer
        if hops == _MOST_REDIRECTS:
            raise ProviderError(
                f"{request.method} {_target(request)} was redirected more than {_MOST_REDIRECTS} times "
                f"(last to {location})",
                hint="the Rust verifier follows at most ten redirects too; look for a redirect loop",
            )
        hops += 1
        request = _redirected(request, response.status_code, target, elsewhere=elsewhere)
        response = _send(transport, request, case, timeout, base_url)
    return response


def _redirected(request: RequestLike, status: int, target: URL, *, elsewhere: bool) -> Request:
    """The request a redirect asks for (see `_followed`); credentials stay on the same origin."""
    method, content = request.method, request.read() or None
    dropped = {b"host", b"content-length"}
    if (status in (301, 302) and method == "POST") or (status == 303 and method != "HEAD"):
        method, content = "GET", None
        dropped |= {b"content-type", b"content-encoding", b"transfer-encoding"}
    if elsewhere:
        dropped |= _CREDENTIALS
    headers = [(name, value) for name, value in request.headers.raw if name.lower() not in dropped]
    return Request(method, target, headers=headers, content=content, extensions=dict(request.extensions))


def _send_error(
    exc: Exception, request: RequestLike, case: Case, timeout: float, base_url: str
) -> ProviderError:
    """The ``ProviderError`` for a request that got no usable answer."""
    target = f"{request.method} {_target(request)}"
    httpx = sys.modules.get("httpx")  # only httpx-based transports raise httpx's errors
    if httpx is not None and isinstance(exc, httpx.HTTPError):
        if isinstance(exc, httpx.TimeoutException):
            return ProviderError(
                f"the provider did not answer {target} within {timeout:g} s",
                hint="raise --request-timeout, or find why the provider hangs on this request",
            )
        if isinstance(exc, httpx.ConnectError):
            return ProviderError(
                f"the provider at {base_url} cannot be reached ({exc}) while verifying {case.description!r}",
                hint="start the provider first, or check --provider-base-url",
                fatal=True,
            )
        if isinstance(exc, httpx.RemoteProtocolError | httpx.DecodingError):
            return ProviderError(
                f"the provider answered {target} with something that is not valid HTTP: {exc}",
                hint="the provider (or something on its port) sent a malformed response",
            )
        return ProviderError(
            f"{target} failed: {type(exc).__name__}: {exc}",
            hint="check that the provider is running and healthy",
        )
    # an in-process application raised instead of answering 500
    return ProviderError(
        f"the application raised {type(exc).__name__} on {target}: {exc}",
        hint="a provider should answer every request; see the traceback of the application",
    )


__all__ = ["RequestFilter", "Selection", "Verifier"]
