"""accord.model: pact files v1-v4 as data — interactions, matching rules, generators.

Nothing here imports another Accord layer (only `accord.errors`): the matching engine, the consumer
DSL, the verifier and the broker all read pacts through this package.
"""

from accord.model._dates import evaluate_expression, format_datetime
from accord.model._generators import DATA_TYPES, UUID_FORMATS, Generator, apply_generators, parse_generators
from accord.model._paths import STAR, PathToken, format_path, parse_path, path_weight
from accord.model._regex_gen import generate_from_regex
from accord.model._rules import Matcher, MatchingRules, RuleCategory, RuleGroup, check_examples, spec_level

__all__ = [
    "DATA_TYPES",
    "STAR",
    "UUID_FORMATS",
    "Generator",
    "Matcher",
    "MatchingRules",
    "PathToken",
    "RuleCategory",
    "RuleGroup",
    "apply_generators",
    "check_examples",
    "evaluate_expression",
    "format_datetime",
    "format_path",
    "generate_from_regex",
    "parse_generators",
    "parse_path",
    "path_weight",
    "spec_level",
]
