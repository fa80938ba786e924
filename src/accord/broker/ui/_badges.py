"""Status badges: ``GET /pacts/provider/{p}/consumer/{c}/latest[/{tag}]/badge`` as an SVG image.

The Pact Broker serves these for READMEs: the left half says ``pact`` (or, with ``?label=consumer``
or ``?label=provider``, that pacticipant's name), the right half the latest pact's verification:
``verified`` on green, ``failed`` on red, ``unknown`` on grey when the pact was never verified or does
not exist (a badge is an image: it answers 200 either way, so the README never shows a broken image).
Responses carry ``Cache-Control: no-cache`` so image proxies (GitHub's camo) fetch the current status.
The SVG is drawn here, from a fixed template with escaped text; no external service is called.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from accord.broker.ui._queries import FAILED, PASSED

_COLOURS = {PASSED: "#4c1", FAILED: "#e05d44"}
_UNKNOWN_COLOUR = "#9f9f9f"
_LABEL_COLOUR = "#555"
# Average advance of Verdana 11px glyphs, in pixels; narrow and wide letters are close enough for a badge.
_NARROW = set("fijlrt.,:;!|'()[] ")
_WIDE = set("mwMW@%")


@dataclass(frozen=True)
class Badge:
    """A two-part badge: label on grey, message on the status colour."""

    label: str
    message: str
    colour: str


def badge_for(status: str, label: str = "pact") -> Badge:
    """The badge of a verification status (``passed``, ``failed``, anything else is unknown)."""
    message = {PASSED: "verified", FAILED: "failed"}.get(status, "unknown")
    return Badge(label=label, message=message, colour=_COLOURS.get(status, _UNKNOWN_COLOUR))


def text_width(text: str) -> int:
    """An estimate of ``text``'s width in pixels at 11px Verdana (what shields-style badges use)."""
    width = 0.0
    for char in text:
        width += 4.0 if char in _NARROW else 10.0 if char in _WIDE else 7.0
    return round(width)


def render_badge(badge: Badge) -> str:
    """The badge as a standalone SVG document (texts escaped, so any pacticipant name is safe)."""
    left = text_width(badge.label) + 10
    right = text_width(badge.message) + 10
    total = left + right
    label, message = escape(badge.label), escape(badge.message)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" '
        f'aria-label="{label}: {message}"><title>{label}: {message}</title>'
        '<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/>'
        '<stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="{_LABEL_COLOUR}"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{badge.colour}"/>'
        f'<rect width="{total}" height="20" fill="url(#s)"/></g>'
        '<g fill="#fff" text-anchor="middle" font-size="11" '
        'font-family="Verdana,Geneva,DejaVu Sans,sans-serif">'
        f'<text x="{left / 2}" y="15" fill="#010101" fill-opacity=".3">{label}</text>'
        f'<text x="{left / 2}" y="14">{label}</text>'
        f'<text x="{left + right / 2}" y="15" fill="#010101" fill-opacity=".3">{message}</text>'
        f'<text x="{left + right / 2}" y="14">{message}</text></g></svg>'
    )


__all__ = ["Badge", "badge_for", "render_badge", "text_width"]
