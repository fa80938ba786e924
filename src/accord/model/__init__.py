"""accord.model: pact files v1-v4 as data — interactions, matching rules, generators.

Nothing here imports another Accord layer (only `accord.errors`): the matching engine, the consumer
DSL, the verifier and the broker all read pacts through this package.

```python
from accord.model import load_pact, apply_generators

pact = load_pact("pacts/web-orders.json")   # path, JSON text, bytes or dict; PactFileError if bad
pact.spec                                   # SpecVersion.V3 (ordered: V1 < V1_1 < V2 < V3 < V4)
for interaction in pact.http_interactions:
    expected = interaction.request.to_json("v3")       # the dict form accord.matching takes
pact.to_json()                              # the document again, in its own version
pact.upgrade("v4").save("pacts/web-orders.v4.json")    # atomic write, pretty JSON
prepared = apply_generators(response_json, mode="consumer", context={"mockServer": {"url": url}})
```

Modules: `_versions` (SpecVersion, safe reading), `_parts` (requests, responses, message contents),
`_interactions` (HTTP, async and sync messages), `_pact` (Pact, load_pact), `_generators`,
`_dates` and `_regex_gen` (what generators make); `_rules` and `_paths` (matching rules and their
JSON paths) belong to the matching engine's author and are re-exported here.
"""

from accord.model._dates import evaluate_expression, format_datetime
from accord.model._generators import DATA_TYPES, UUID_FORMATS, Generator, apply_generators, parse_generators
from accord.model._interactions import (
    INTERACTION_TYPES,
    AsyncMessage,
    HttpInteraction,
    Interaction,
    ProviderState,
    SyncMessage,
    parse_interaction,
)
from accord.model._pact import Pact, load_pact, write_atomically
from accord.model._parts import ABSENT, HttpRequest, HttpResponse, MessageContents, is_v4_body
from accord.model._paths import STAR, STAR_INDEX, PathToken, format_path, parse_path, path_weight
from accord.model._regex_gen import generate_from_regex, translate_java_regex
from accord.model._rules import Matcher, MatchingRules, RuleCategory, RuleGroup, check_examples, spec_level
from accord.model._versions import DEFAULT_MAX_BYTES, MAX_DEPTH, SpecVersion, read_document

__all__ = [
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
]
