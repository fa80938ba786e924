"""accord.matching: the matching engine.

Decides, as the Pact specification says, whether an actual request, response or message
satisfies an expected one, and says why not::

    from accord.matching import match_request, Mismatch

    mismatches: list[Mismatch] = match_request(expected, actual, spec="v3")  # [] when they match

Modules: `_engine` (the public functions), `_http` (method, path, query, headers, status,
metadata), `_body` (content types and body kinds), `_json` and `_xml` (documents under rules),
`_values` (single-value matchers), `_formats` (date patterns, semver, content sniffing),
`_display` (how values print in messages), `mismatches` (the `Mismatch` value).
"""

from accord.matching._engine import match_message, match_request, match_response, rules_of
from accord.matching._formats import is_semver, matches_date, sniff_content_type
from accord.matching._http import media_types_match, parse_media_type, parse_query
from accord.matching.mismatches import KINDS, Mismatch

__all__ = [
    "KINDS",
    "Mismatch",
    "is_semver",
    "match_message",
    "match_request",
    "match_response",
    "matches_date",
    "media_types_match",
    "parse_media_type",
    "parse_query",
    "rules_of",
    "sniff_content_type",
]
