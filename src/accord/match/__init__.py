"""Matchers for the consumer DSL: an example value plus the Pact matching rule it stands for.

Use them anywhere in a request or response (body, headers, query, path) or a message::

    from accord import match

    body = {"id": match.integer(42), "tags": match.each_like("red", min=0),
            "email": match.regex("a@b.io", r"[^@]+@[^@]+"), "nick": match.nullable(match.string("al"))}

Each function checks its example at once (a ``regex`` whose example does not match raises
``accord.errors.MatcherError``). ``reify`` turns a structure holding matchers into its concrete
example, matching rules (V2, V3 or V4 form) and generators.
"""

from __future__ import annotations

from ._base import Matcher, Reified, contains_matcher, example_of, reify, to_v2
from ._formats import is_semver, matches_format, render_now
from ._matchers import (
    array_containing,
    boolean,
    content_type,
    date,
    datetime,
    decimal,
    each_key,
    each_like,
    each_value,
    equal_to,
    from_provider_state,
    include,
    integer,
    like,
    mock_server_url,
    not_empty,
    null,
    nullable,
    number,
    regex,
    semver,
    string,
    time,
    timestamp,
    uuid,
)

__all__ = [
    "Matcher",
    "Reified",
    "array_containing",
    "boolean",
    "contains_matcher",
    "content_type",
    "date",
    "datetime",
    "decimal",
    "each_key",
    "each_like",
    "each_value",
    "equal_to",
    "example_of",
    "from_provider_state",
    "include",
    "integer",
    "is_semver",
    "like",
    "matches_format",
    "mock_server_url",
    "not_empty",
    "null",
    "nullable",
    "number",
    "regex",
    "reify",
    "render_now",
    "semver",
    "string",
    "time",
    "timestamp",
    "to_v2",
    "uuid",
]
