"""Hypothesis strategies for the model tests: pact-shaped documents, some valid, most slightly wrong."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
json_values = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=12,
)


def _maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The value, or any JSON value in its place (a wrong type)."""
    return st.one_of(value, value, value, json_values)


HEADERS = st.dictionaries(
    st.sampled_from(["Accept", "Content-Type", "X-Id"]), st.text(max_size=6), max_size=2
)
RULES = st.one_of(
    st.just({"body": {"$.a": {"matchers": [{"match": "type"}]}}}),
    st.just({"$.body.a": {"match": "regex", "regex": "\\d+"}}),
    st.just({"header": {"X-Id": {"matchers": [{"match": "regex", "regex": "[a-z]*"}], "combine": "OR"}}}),
    st.dictionaries(st.sampled_from(["body", "header", "query", "$.body", "x"]), json_values, max_size=2),
)
GENERATORS = st.one_of(
    st.just({"body": {"$.a": {"type": "RandomInt", "min": 1, "max": 5}}}),
    st.just({"header": {"X-Id": {"type": "Uuid", "format": "URN"}}}),
    st.dictionaries(st.sampled_from(["body", "header", "status"]), json_values, max_size=2),
)
requests = st.fixed_dictionaries(
    {"method": _maybe(st.sampled_from(["GET", "POST"])), "path": _maybe(st.just("/a"))},
    optional={
        "query": _maybe(st.one_of(st.just("a=1&b=2"), st.just({"a": ["1"]}))),
        "headers": _maybe(HEADERS),
        "body": json_values,
        "matchingRules": RULES,
        "generators": GENERATORS,
    },
)
responses = st.fixed_dictionaries(
    {"status": _maybe(st.integers(min_value=100, max_value=599))},
    optional={
        "headers": _maybe(HEADERS),
        "body": json_values,
        "matchingRules": RULES,
        "generators": GENERATORS,
    },
)
interactions = st.fixed_dictionaries(
    {
        "description": _maybe(st.text(min_size=1, max_size=8)),
        "request": _maybe(requests),
        "response": responses,
    },
    optional={
        "providerState": _maybe(st.text(max_size=6)),
        "providerStates": _maybe(st.lists(st.fixed_dictionaries({"name": st.text(max_size=5)}), max_size=2)),
        "type": st.sampled_from(["Synchronous/HTTP", "Asynchronous/Messages", "Synchronous/Messages", "x"]),
        "pending": _maybe(st.booleans()),
    },
)
VERSIONS = st.sampled_from(["1.0.0", "1.1.0", "2.0.0", "3.0.0", "4.0", "9", "x"])
pacts = st.fixed_dictionaries(
    {
        "consumer": _maybe(st.fixed_dictionaries({"name": st.text(min_size=1, max_size=5)})),
        "provider": _maybe(st.fixed_dictionaries({"name": st.text(min_size=1, max_size=5)})),
        "interactions": _maybe(st.lists(interactions, max_size=3)),
    },
    optional={
        "metadata": _maybe(
            st.fixed_dictionaries({"pactSpecification": st.fixed_dictionaries({"version": VERSIONS})})
        )
    },
)

_V4_REQUEST = st.fixed_dictionaries(
    {"method": st.sampled_from(["GET", "POST"]), "path": st.just("/a")},
    optional={
        "query": st.dictionaries(
            st.text(min_size=1, max_size=3), st.lists(st.text(max_size=3), max_size=2), max_size=2
        ),
        "headers": st.dictionaries(
            st.sampled_from(["Accept", "X-Id"]), st.lists(st.text(max_size=4), max_size=2)
        ),
        "body": st.fixed_dictionaries(
            {"content": json_values}, optional={"contentType": st.just("application/json")}
        ),
    },
)
_V4_MESSAGE = st.fixed_dictionaries(
    {},
    optional={
        "contents": st.fixed_dictionaries({"content": json_values}),
        "metadata": st.dictionaries(st.text(max_size=4), json_values, max_size=2),
    },
)
v4_interactions = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.just("Synchronous/HTTP"),
            "request": _V4_REQUEST,
            "response": st.fixed_dictionaries({"status": st.integers(100, 599)}),
        },
        optional={
            "pending": st.booleans(),
            "key": st.text(max_size=4),
            "comments": st.fixed_dictionaries({"text": st.lists(st.text(max_size=4))}),
        },
    ),
    _V4_MESSAGE.map(lambda message: {"type": "Asynchronous/Messages", **message}),
    st.fixed_dictionaries(
        {
            "type": st.just("Synchronous/Messages"),
            "request": _V4_MESSAGE,
            "response": st.lists(_V4_MESSAGE, max_size=2),
        }
    ),
)
v4_pacts = st.lists(v4_interactions, max_size=4).map(
    lambda items: {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [{**item, "description": f"interaction {i}"} for i, item in enumerate(items)],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }
)
