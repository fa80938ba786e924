"""Hypothesis strategies for the matching tests: JSON documents, rule sets and raw bodies."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
KEYS = st.text(alphabet="abcxyz019 _-.'[]*@#", min_size=0, max_size=6)

json_documents = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(KEYS, children, max_size=4),
    ),
    max_leaves=25,
)

MATCHERS = st.one_of(
    st.sampled_from(
        [
            {"match": "type"},
            {"match": "equality"},
            {"match": "integer"},
            {"match": "decimal"},
            {"match": "number"},
            {"match": "boolean"},
            {"match": "null"},
            {"match": "values"},
            {"match": "notEmpty"},
            {"match": "semver"},
            {"match": "date", "format": "yyyy-MM-dd"},
            {"match": "time", "format": "HH:mm:ss"},
            {"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ssXXX"},
            {"match": "include", "value": "a"},
            {"match": "contentType", "value": "image/jpeg"},
            {"match": "regex", "regex": "\\w*"},
            {"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]},
            {"match": "eachValue", "rules": [{"match": "type"}]},
            {
                "match": "arrayContains",
                "variants": [{"index": 0, "rules": {"$": {"matchers": [{"match": "type"}]}}}],
            },
            {"match": "arrayContains", "variants": [{"index": 5, "rules": {}}]},
        ]
    ),
    st.builds(
        lambda low, high: {"match": "type", "min": low, "max": high},
        st.integers(0, 3),
        st.integers(0, 5),
    ),
)

RULE_PATHS = st.sampled_from(["$", "$.*", "$[*]", "$.a", "$.a[*]", "$.*.*", "$[0]", "$['x y']", "$.a.b[*].c"])


@st.composite
def body_rules(draw: st.DrawFn) -> dict[str, Any]:
    """A v4 body rule category over a few common paths."""
    paths = draw(st.lists(RULE_PATHS, max_size=4, unique=True))
    return {
        "body": {
            path: {
                "matchers": draw(st.lists(MATCHERS, min_size=1, max_size=3)),
                "combine": draw(st.sampled_from(["AND", "OR"])),
            }
            for path in paths
        }
    }


CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/xml",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/octet-stream",
        "image/jpeg",
        "text/plain; charset=utf-16",
    ]
)
