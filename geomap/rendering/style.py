"""Visual encoding shared by every map element: colours and icons per ACLED event type.

Icons are small SVG glyphs drawn for this project (no icon font, nothing fetched), white on a disc
in the type's colour. Colours follow the Okabe-Ito palette so that the six types stay apart for
readers with colour-vision deficiencies.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeStyle:
    """How one event type is drawn: fill colour and a 24x24 SVG path drawn in white."""

    color: str
    glyph: str
    #: ``"fill"`` for solid glyphs, ``"stroke"`` for line glyphs.
    mode: str = "fill"


TYPE_STYLES: dict[str, TypeStyle] = {
    "Battles": TypeStyle("#D55E00", "M7 7l10 10M17 7L7 17M5.5 9.5l4-4M14.5 5.5l4 4", "stroke"),
    "Explosions/Remote violence": TypeStyle(
        "#E69F00",
        "M12 3.5l1.9 4.8 4.9-1.7-2.4 4.6 4.5 2.6-5.1.6.6 5.1-4.4-2.8-4.4 2.8.6-5.1-5.1-.6 4.5-2.6"
        "-2.4-4.6 4.9 1.7z",
    ),
    "Violence against civilians": TypeStyle(
        "#CC79A7",
        "M12 5.5a2.3 2.3 0 1 1 0 4.6 2.3 2.3 0 0 1 0-4.6zM7.8 18.5c0-3 1.9-5.6 4.2-5.6s4.2 2.6 4.2 5.6z",
    ),
    "Protests": TypeStyle("#0072B2", "M8 19V5.5M8 6h9l-2.3 3.2L17 12.4H8", "stroke"),
    "Riots": TypeStyle(
        "#8C510A",
        "M12 4.5c1.2 3.2 4.6 4.6 4.6 8.6a4.6 4.6 0 0 1-9.2 0c0-2.2 1.1-3.5 2.2-4.5 0 1.7.9 2.8 1.8 2.8"
        "-.5-2.4.1-4.6.6-6.9z",
    ),
    "Strategic developments": TypeStyle("#009E73", "M12 5l5.5 7-5.5 7-5.5-7z"),
}

#: Event types outside the ACLED taxonomy.
OTHER_STYLE = TypeStyle("#6B6B6B", "M12 8.2a3.8 3.8 0 1 1 0 7.6 3.8 3.8 0 0 1 0-7.6z")

#: Context places (for example the city a statement came from): hollow and grey, never a type colour.
CONTEXT_COLOR = "#7A7A7A"

#: Sequential palette (light to dark) for the admin-1 choropleth of event counts.
#: A light grey-violet ramp, far in hue and lightness from every event-type colour, so that markers
#: stay readable on the darkest class (the map also draws it at 45% opacity, under the markers).
CHOROPLETH_COLORS = ("#F2F0F7", "#DADAEB", "#BCBDDC", "#9E9AC8", "#807DBA")

#: Approximate radius in metres of the area an ACLED ``geo_precision`` value stands for, drawn as a
#: dashed circle: 2 means "near / a part of a region", 3 "only the larger region is known".
PRECISION_RADIUS_M = {2: 10_000, 3: 50_000}


def style_for(event_type: str | None) -> TypeStyle:
    """The style of ``event_type``; unknown or missing types share a neutral grey."""
    return TYPE_STYLES.get(event_type or "", OTHER_STYLE)


def _svg(size: int | str, body: str) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 24 24">{body}</svg>'


def icon_svg(style: TypeStyle, size: int | str = 24) -> str:
    """A type's marker icon as SVG markup (our own, no user text inside).

    ``size`` may be a placeholder string that the map's script replaces with the size in pixels.
    """
    glyph = (
        f'<path d="{style.glyph}" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round"/>'
        if style.mode == "stroke"
        else f'<path d="{style.glyph}" fill="#fff"/>'
    )
    disc = f'<circle cx="12" cy="12" r="11" fill="{style.color}" stroke="#fff" stroke-width="1.5"/>'
    return _svg(size, disc + glyph)


def doubtful_svg(style: TypeStyle, size: int | str = 24) -> str:
    """A doubtful placement: a hollow, dashed ring in the type's colour with a "?" in it."""
    ring = (
        f'<circle cx="12" cy="12" r="10" fill="rgba(255,255,255,0.85)" stroke="{style.color}" '
        'stroke-width="3" stroke-dasharray="4 2.5"/>'
    )
    mark = (
        f'<text x="12" y="16.5" text-anchor="middle" font-family="system-ui,sans-serif" font-size="13" '
        f'font-weight="700" fill="{style.color}">?</text>'
    )
    return _svg(size, ring + mark)


def context_svg(size: int | str = 24) -> str:
    """The context-place icon: a hollow, dashed grey ring."""
    return _svg(
        size,
        f'<circle cx="12" cy="12" r="9.5" fill="rgba(255,255,255,0.6)" stroke="{CONTEXT_COLOR}" '
        'stroke-width="3" stroke-dasharray="4 2"/>',
    )
