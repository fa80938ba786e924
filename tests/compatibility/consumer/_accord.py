"""Where the consumer scenarios meet ``accord.consumer``: building pacts, serving, handling messages.

The suite gives matching rules and generators as pact-file JSON (``*-matcher-*.json``, generator
fixtures), the way any Pact tool would have written them, including a regex whose example does not
match it (V2 "Supports a regex matcher (negative case)"). The DSL's matchers refuse such examples by
design, so those rules are attached to the DSL's interactions as raw pact JSON: each builder here
subclasses the DSL's interaction and adds the rules and generators to what ``to_json`` renders.

Spec versions: the DSL writes v2, v3 and v4. The V1 features use v2 (a v1 pact is a v2 pact without
matching rules); a scenario that serves a binary body uses v4, the only format that holds one (the
DSL says the same when asked for binary in v2/v3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.consumer import AsyncMessage, HttpInteraction, Pact, ReceivedMessage, SyncMessage

from .._suite import Body, Definition, flat_to_categories, headers_json, parse_query
from ._driver import CONSUMER, PROVIDER, Defined, Part, Received

if TYPE_CHECKING:
    from ._driver import ConsumerTest


def _rules_for(rules: dict[str, Any] | None, spec: str) -> dict[str, Any] | None:
    if not rules:
        return None
    return rules if spec == "v2" else flat_to_categories(rules)


def _merge(target: dict[str, Any], key: str, extra: dict[str, Any] | None) -> None:
    if not extra:
        return
    merged = dict(target.get(key) or {})
    for category, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(category), dict):
            merged[category] = {**merged[category], **value}
        else:
            merged[category] = value
    target[key] = merged


class _RawHttp(HttpInteraction):
    """An HTTP interaction with hand-written matching rules and generators."""

    def __init__(self, description: str, definition: Definition) -> None:
        super().__init__(description)
        self.definition = definition

    def to_json(self, spec: str) -> dict[str, Any]:
        out = super().to_json(spec)
        d = self.definition
        _merge(out["request"], "matchingRules", _rules_for(d.matching_rules, spec))
        _merge(out["response"], "matchingRules", _rules_for(d.response_matching_rules, spec))
        if spec != "v2":
            _merge(out["request"], "generators", d.generators)
            _merge(out["response"], "generators", d.response_generators)
        return out


def _dsl_body(body: Body | None) -> Any:
    """A body as the DSL takes it: JSON value, text, or bytes for binary contents."""
    if body is None or not body.data:
        return None
    if body.is_json:
        return body.json()
    text = body.text
    return body.data if text is None else text


def _binary(body: Body | None) -> bool:
    return body is not None and bool(body.data) and body.text is None


def _http_spec(test: ConsumerTest) -> str:
    spec = "v2" if test.spec == "v1" else test.spec
    if any(_binary(d.body) or _binary(d.response_body) for _, d in test.http):
        spec = "v4"
    return spec


def build_http_pact(test: ConsumerTest) -> Pact:
    """A pact holding the scenario's HTTP interactions."""
    pact = Pact(CONSUMER, PROVIDER, pact_dir=test.pact_dir, spec=_http_spec(test))
    for description, d in test.http:
        interaction = _RawHttp(description, d)
        interaction.with_request(
            d.method,
            d.path,
            query=parse_query(d.query) if d.query else None,
            headers=headers_json(d.request_headers()) or None,
            body=_dsl_body(d.body),
        )
        interaction.will_respond_with(
            d.status, headers=headers_json(d.response_headers_all()) or None, body=_dsl_body(d.response_body)
        )
        pact.add(interaction)
    return pact


# -- messages and V4 interactions defined for their pact file -------------------------------


def _contents_category(spec: str) -> str:
    return "content" if spec == "v4" else "body"


def _part_generators(part: Part, spec: str) -> dict[str, Any]:
    generators = dict(part.generators or {})
    if "body" in generators and spec == "v4":
        generators[_contents_category(spec)] = generators.pop("body")
    return generators


class _RawAsync(AsyncMessage):
    """A message with hand-written generators."""

    def __init__(self, description: str, part: Part) -> None:
        super().__init__(description)
        self.part = part

    def to_json(self, spec: str) -> dict[str, Any]:
        out = super().to_json(spec)
        _merge(out, "generators", _part_generators(self.part, spec))
        return out


class _RawSync(SyncMessage):
    """A synchronous message whose request and responses carry hand-written generators."""

    def __init__(self, description: str, request: Part, responses: list[Part]) -> None:
        super().__init__(description)
        self.parts = (request, responses)

    def to_json(self, spec: str) -> dict[str, Any]:
        out = super().to_json(spec)
        request, responses = self.parts
        _merge(out["request"], "generators", _part_generators(request, spec))
        for written, part in zip(out["response"], responses, strict=True):
            _merge(written, "generators", _part_generators(part, spec))
        return out


def _content_args(part: Part) -> tuple[Any, dict[str, Any]]:
    body = part.body
    kwargs: dict[str, Any] = {"metadata": dict(part.metadata) or None}
    if body is not None and body.content_type:
        kwargs["content_type"] = body.content_type
    return _dsl_body(body), kwargs


def _defined_interaction(defined: Defined) -> Any:
    interaction: Any
    if defined.kind == "HTTP":
        interaction = HttpInteraction(defined.description).with_request("GET", "/").will_respond_with(200)
    elif defined.kind == "message":
        contents, kwargs = _content_args(defined)
        interaction = _RawAsync(defined.description, defined).with_content(contents, **kwargs)
    else:
        interaction = _RawSync(defined.description, defined, defined.responses)
        contents, kwargs = _content_args(defined)
        interaction.with_request(contents, **kwargs)
        for response in defined.responses:
            contents, kwargs = _content_args(response)
            interaction.will_respond_with(contents, **kwargs)
    for state, params in defined.states:
        interaction.given(state, params)
    if defined.key is not None:
        interaction.with_key(defined.key)
    if defined.pending:
        interaction.pending()
    for comment in defined.comments:
        interaction.comment(comment)
    return interaction


def build_defined_pact(test: ConsumerTest) -> Pact:
    """A pact holding the interactions the scenario defined (messages, V4 extras)."""
    pact = Pact(CONSUMER, PROVIDER, pact_dir=test.pact_dir, spec="v2" if test.spec == "v1" else test.spec)
    for defined in test.defined:
        pact.add(_defined_interaction(defined))
    return pact


def _received(message: ReceivedMessage) -> Received:
    return Received(message.body, message.content_type, dict(message.metadata))


def run_message_test(test: ConsumerTest, failure: str | None) -> None:
    """Verify the defined messages with a handler that keeps what it got (or raises ``failure``)."""
    pact = build_defined_pact(test)

    def handler(*messages: Any) -> None:
        if len(messages) == 2 and isinstance(messages[1], list):
            request, responses = messages
            test.received = _received(request)
            test.received.responses = [_received(response) for response in responses]
        else:
            test.received = _received(messages[0])
        if failure is not None:
            raise RuntimeError(failure)

    def one_message(message: Any) -> None:
        handler(message)

    is_sync = any(defined.kind != "message" for defined in test.defined)
    try:
        pact.verify(handler if is_sync else one_message)
        test.ok, test.error = True, None
    except Exception as error:  # the scenario checks the report
        test.ok, test.error = False, error


# -- what the mock server reported ------------------------------------------------------------


def _problems(test: ConsumerTest) -> list[Any]:
    mock = test.mock
    return list(mock.problems()) if mock is not None else []


def mock_mismatches(test: ConsumerTest) -> list[Any]:
    """Every mismatch of every request that did not match."""
    return [m for problem in _problems(test) for m in problem.mismatches]


def mock_missing(test: ConsumerTest) -> list[str]:
    """Descriptions of the expected interactions never received."""
    return [str(p.description) for p in _problems(test) if p.kind == "missing-request"]


def mock_unexpected(test: ConsumerTest) -> list[tuple[str, str]]:
    """(method, path) of each request nobody expected."""
    return [(p.method, p.path) for p in _problems(test) if p.kind == "unexpected-request"]
