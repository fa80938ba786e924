"""The matching-rules model and JSON paths: parsing, weighting, validation and serialisation."""

from __future__ import annotations

from typing import Any

import pytest

from accord.errors import MatcherError
from accord.model._paths import STAR, STAR_INDEX, best_path, format_path, parse_path, path_weight
from accord.model._rules import MatchingRules, check_examples, spec_level


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("$", ()),
        ("$.a.b", ("a", "b")),
        ("$.a[*].c", ("a", STAR_INDEX, "c")),
        ("$.a.*", ("a", STAR)),
        ("$['x y'][2]", ("x y", 2)),
        ('$["x.y"].z', ("x.y", "z")),
        ("$.body['2'].str", ("body", "2", "str")),
        ("$.alligator['@name']", ("alligator", "@name")),
        ("$.a.b.#text", ("a", "b", "#text")),
        ("$.headers.Content-Type", ("headers", "Content-Type")),
    ],
)
def test_parse_path(text: str, tokens: tuple[Any, ...]) -> None:
    """Dotted, bracketed, quoted, indexed and wildcard paths parse into tokens."""
    assert parse_path(text) == tokens


@pytest.mark.parametrize("text", ["a.b", "$.a[", "$.a['x", "$.a[x]", "$..a", "$ a"])
def test_bad_paths_raise(text: str) -> None:
    """A malformed path raises MatcherError naming the path."""
    with pytest.raises(MatcherError, match="not a valid path"):
        parse_path(text)


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (("a", 1, "b"), "$.a[1].b"),
        (("x y",), "$['x y']"),
        (("100",), "$[100]"),
        ((STAR,), "$.*"),
        ((STAR_INDEX,), "$[*]"),
    ],
)
def test_format_path(tokens: tuple[Any, ...], text: str) -> None:
    """Tokens render back in the form the Pact tools print."""
    assert format_path(tokens) == text


@pytest.mark.parametrize(
    ("rule", "weight"),
    [
        ("$.body.item1.level[1].id", 64),
        ("$.body.item1.level[*].id", 32),
        ("$.body.*.level[*].id", 16),
        ("$.body.item1.level[2].id", 0),
        ("$.body.item2", 0),
        ("$.body.item1", 8),
    ],
)
def test_path_weight_follows_spec_table(rule: str, weight: int) -> None:
    """Weights follow the v2 README table for `$.body.item1.level[1].id`."""
    assert path_weight(parse_path(rule), ("body", "item1", "level", 1, "id")) == weight


def test_most_specific_path_wins() -> None:
    """The exact path beats the wildcard path and the cascading parent path."""
    rules = [parse_path("$.a"), parse_path("$.a[*].b"), parse_path("$.a[0].b")]
    assert best_path(rules, ("a", 0, "b")) == 2
    assert best_path(rules, ("a", 1, "b")) == 1
    assert best_path(rules, ("a", 1, "c")) == 0
    assert best_path(rules, ("z",)) is None


V2_RULES = {
    "$.body.animals": {"match": "type", "min": 1},
    "$.body.animals[*].name": {"match": "regex", "regex": "\\w+"},
    "$.headers.Accept": {"match": "regex", "regex": "\\w+"},
    "$.header.X-Id": {"match": "type"},
    "$.query.q": {"regex": "\\d+"},
    "$.path": {"match": "regex", "regex": "/x/\\d+"},
}
V3_RULES = {
    "body": {
        "$.animals": {"matchers": [{"match": "type", "min": 1}], "combine": "AND"},
        "$.animals[*].name": {"matchers": [{"match": "regex", "regex": "\\w+"}], "combine": "AND"},
    },
    "header": {
        "Accept": {"matchers": [{"match": "regex", "regex": "\\w+"}], "combine": "AND"},
        "X-Id": {"matchers": [{"match": "type"}], "combine": "AND"},
    },
    "query": {"q": {"matchers": [{"match": "regex", "regex": "\\d+"}], "combine": "AND"}},
    "path": {"matchers": [{"match": "regex", "regex": "/x/\\d+"}], "combine": "AND"},
}


def test_v2_and_v3_parse_to_the_same_rules() -> None:
    """v2 flat paths and v3 categories describe the same rules."""
    v2 = MatchingRules.from_json(V2_RULES, "v2")
    v3 = MatchingRules.from_json(V3_RULES, "v3")
    for name in ("body", "header", "query", "path"):
        left = [(k, [m.type for m in g.matchers]) for k, g in v2.category(name)]
        right = [(k, [m.type for m in g.matchers]) for k, g in v3.category(name)]
        assert left == right, name
    assert v2.category("body").paths == (("animals",), ("animals", STAR_INDEX, "name"))


def test_v3_round_trip_and_v2_serialisation() -> None:
    """v3 rules save back unchanged; v2 rules save to the flat form."""
    assert MatchingRules.from_json(V3_RULES, "v3").to_json("v3") == V3_RULES
    v2 = MatchingRules.from_json(V2_RULES, "v2").to_json("v2")
    assert v2["$.body.animals"] == {"match": "type", "min": 1}
    assert v2["$.headers.Accept"] == {"match": "regex", "regex": "\\w+"}
    assert v2["$.query.q"] == {"match": "regex", "regex": "\\d+"}
    assert v2["$.path"] == {"match": "regex", "regex": "/x/\\d+"}


def test_v4_message_content_category_round_trips() -> None:
    """A v4 message's `content` category is read as the body and written back as `content`."""
    raw = {"content": {"$.a": {"matchers": [{"match": "notEmpty"}], "combine": "AND"}}}
    rules = MatchingRules.from_json(raw, "v4")
    assert [k for k, _ in rules.category("body")] == ["$.a"]
    assert rules.to_json("v4") == raw


def test_several_matchers_cannot_be_saved_as_v2() -> None:
    """v2 holds one matcher per path, so combined matchers refuse to save as v2."""
    rules = MatchingRules.from_json(
        {"body": {"$.a": {"matchers": [{"match": "type"}, {"match": "null"}]}}}, "v3"
    )
    with pytest.raises(MatcherError, match="v2 pact cannot express"):
        rules.to_json("v2")


@pytest.mark.parametrize(
    ("raw", "spec", "needle"),
    [
        ({"body": {"$.a": {"matchers": [{"match": "fuzzy"}]}}}, "v3", "Unknown matcher 'fuzzy'"),
        ({"body": {"$.a": {"matchers": [{"match": "semver"}]}}}, "v3", "needs Pact specification v4"),
        ({"body": {"$.a": {"matchers": [{"match": "notEmpty"}]}}}, "v3", "this pact is v3"),
        ({"$.body.a": {"match": "integer"}}, "v2", "needs Pact specification v3"),
        (
            {"body": {"$.a": {"matchers": [{"match": "regex", "regex": "(unclosed"}]}}},
            "v3",
            "does not compile",
        ),
        ({"body": {"$.a": {"matchers": [{"match": "regex"}]}}}, "v3", "no 'regex' string"),
        ({"body": {"$.a": {"matchers": [{"match": "type", "min": "x"}]}}}, "v3", "non-negative integer"),
        ({"body": {"$.a": {"matchers": [{"match": "type"}], "combine": "XOR"}}}, "v3", "AND or OR"),
        ({"body": {"$.a": {"matchers": [{}]}}}, "v3", "no 'match' attribute"),
        ({"$.bogus.a": {"match": "type"}}, "v2", "does not name a part"),
        ({"body": {"$.a[": {"matchers": [{"match": "type"}]}}}, "v3", "not a valid path"),
    ],
)
def test_invalid_rules_raise_matcher_error(raw: dict[str, Any], spec: str, needle: str) -> None:
    """Unknown, too-new or malformed matchers raise MatcherError naming the matcher and version."""
    with pytest.raises(MatcherError, match=needle) as caught:
        MatchingRules.from_json(raw, spec)
    assert caught.value.hint


def test_matcher_attributes_are_normalised() -> None:
    """Aliases map to canonical types; bare min and string bounds become a type matcher with ints."""
    rules = MatchingRules.from_json(
        {
            "body": {
                "$.a": {
                    "matchers": [{"match": "timestamp", "timestamp": "yyyy"}, {"min": "2"}, {"match": "real"}]
                }
            }
        },
        "v3",
    )
    [(_, group)] = list(rules.category("body"))
    assert [m.type for m in group.matchers] == ["datetime", "type", "decimal"]
    assert group.matchers[0].format == "yyyy"
    assert group.matchers[1].min == 2


@pytest.mark.parametrize(("spec", "level"), [("v1", 10), ("v1.1", 11), ("v2", 20), ("3.0.0", 30), ("v4", 40)])
def test_spec_levels(spec: str, level: int) -> None:
    """Spec versions are read in both the short and the pact-file spelling."""
    assert spec_level(spec) == level


def test_unknown_spec_version_raises() -> None:
    """An unknown spec version is a MatcherError with a hint."""
    with pytest.raises(MatcherError, match="Unknown Pact specification version"):
        spec_level("v9")


@pytest.mark.parametrize(
    ("part", "ok"),
    [
        (
            {
                "body": {"id": "abc"},
                "matchingRules": {"body": {"$.id": {"matchers": [{"match": "regex", "regex": "[a-z]+"}]}}},
            },
            True,
        ),
        (
            {
                "body": {"id": "ABC"},
                "matchingRules": {"body": {"$.id": {"matchers": [{"match": "regex", "regex": "[a-z]+"}]}}},
            },
            False,
        ),
        (
            {
                "body": {"xs": [{"n": 1}, {"n": "x"}]},
                "matchingRules": {"body": {"$.xs[*].n": {"matchers": [{"match": "regex", "regex": "\\d"}]}}},
            },
            False,
        ),
        (
            {
                "headers": {"X-Id": "12"},
                "matchingRules": {"header": {"x-id": {"matchers": [{"match": "regex", "regex": "\\d+"}]}}},
            },
            True,
        ),
        (
            {
                "query": {"q": ["1", "a"]},
                "matchingRules": {"query": {"q": {"matchers": [{"match": "regex", "regex": "\\d"}]}}},
            },
            False,
        ),
        (
            {
                "path": "/x/1",
                "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "/x/\\d+"}]}},
            },
            True,
        ),
        (
            {
                "path": "/y/1",
                "matchingRules": {"path": {"matchers": [{"match": "regex", "regex": "/x/\\d+"}]}},
            },
            False,
        ),
    ],
)
def test_regex_examples_are_checked(part: dict[str, Any], ok: bool) -> None:
    """A regex whose own example does not match is reported, naming the place and the example."""
    rules = MatchingRules.from_json(part["matchingRules"], "v3")
    if ok:
        check_examples(rules, part)
    else:
        with pytest.raises(MatcherError, match="does not match its own regex"):
            check_examples(rules, part)
