"""The public names of accord.model are pinned: adding or removing one is a deliberate change."""

from __future__ import annotations

import accord.model

EXPECTED = {
    "ABSENT",
    "DATA_TYPES",
    "DEFAULT_MAX_BYTES",
    "INTERACTION_TYPES",
    "MAX_DEPTH",
    "STAR",
    "STAR_INDEX",
    "UUID_FORMATS",
    "AsyncMessage",
    "Generator",
    "HttpInteraction",
    "HttpRequest",
    "HttpResponse",
    "Interaction",
    "Matcher",
    "MatchingRules",
    "MessageContents",
    "Pact",
    "PathToken",
    "ProviderState",
    "RuleCategory",
    "RuleGroup",
    "SpecVersion",
    "SyncMessage",
    "apply_generators",
    "check_examples",
    "evaluate_expression",
    "format_datetime",
    "format_path",
    "generate_from_regex",
    "is_v4_body",
    "load_pact",
    "parse_generators",
    "parse_interaction",
    "parse_path",
    "path_weight",
    "read_document",
    "spec_level",
    "translate_java_regex",
    "write_atomically",
}


def test_exported_names_are_pinned() -> None:
    """``__all__`` lists exactly the expected names, and each resolves."""
    assert set(accord.model.__all__) == EXPECTED
    assert all(hasattr(accord.model, name) for name in accord.model.__all__)
