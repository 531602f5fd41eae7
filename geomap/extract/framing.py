"""The country frame applied to an article's place mentions before any event is placed.

When the article's country is known, :class:`gazetteer.frame.CountryFrame` says which resolved places may be
kept: inside the country, in a country the article names itself, or a place whose name names its country. A
mention resolved abroad otherwise is first re-resolved inside the country (a Lebanese report's "Tripoli"); when
the country holds no such place the mention becomes unresolved, with the frame as its reason, so the event is
reported unplaced rather than put abroad. The rule itself lives in :mod:`gazetteer.frame`; this module only
applies it to mentions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from gazetteer.frame import EXACT_MATCHES, CountryFrame, names_its_country


def article_frame(country: str | None, mentions: Sequence[Any]) -> CountryFrame:
    """The frame of an article about ``country``: plus every country it names, or names through a capital."""
    named = [
        getattr(m, "country_code", None)
        for m in mentions
        if getattr(m, "kind", None) == "country"
        or (getattr(m, "location", None) is not None and names_its_country(m.location))
    ]
    return CountryFrame.of(country, named=[c for c in named if c])


def apply_frame(mentions: Sequence[Any], frame: CountryFrame, gazetteer: Any) -> list[Any]:
    """``mentions`` with every place the frame refuses re-resolved inside it, or made unresolved."""
    if not frame.active:
        return list(mentions)
    out = []
    home = sorted(frame.countries)[0]
    naming = [(m.text, m.country_code) for m in mentions if getattr(m, "kind", None) == "country"
              or (getattr(m, "location", None) is not None and names_its_country(m.location))]  # fmt: skip
    for m in mentions:
        loc = getattr(m, "location", None)
        if getattr(m, "lat", None) is None or loc is None or frame.inside(m.country_code):
            out.append(m)
            continue
        inside = gazetteer.geocode(m.text, country=home)
        if frame.allows(loc):  # abroad by a capital's or a large city's name: unless the country has it too
            named_elsewhere = any(cc == m.country_code and text != m.text for text, cc in naming)
            if named_elsewhere or not _exact_namesake(inside, frame):
                out.append(m)
            else:
                out.append(_relocated(m, inside))
            continue
        if inside is not None and frame.inside(getattr(inside, "country_code", None)):
            out.append(_relocated(m, inside))
        else:
            reason = (
                f"resolved to {getattr(loc, 'address', m.text)} ({loc.country_code}), outside the article's "
                f"country ({frame.describe()}), which the text does not name"
            )
            out.append(replace(m, lat=None, lon=None, geonameid=None, country_code=None, kind=None,
                               reason=reason, location=None))  # fmt: skip
    return out


def _exact_namesake(loc: Any, frame: CountryFrame) -> bool:
    """True when ``loc`` is a place inside the frame that bears the name exactly (Tripoli, Lebanon)."""
    raw = getattr(loc, "raw", None) or {}
    return (
        loc is not None
        and frame.inside(getattr(loc, "country_code", None))
        and raw.get("match", "name") in EXACT_MATCHES
    )


def _relocated(m: Any, loc: Any) -> Any:
    """The mention re-read as ``loc``, the namesake inside the frame, with the refused place as alternative."""
    refused = {"name": getattr(m.location, "name", m.text), "geonameid": m.geonameid,
               "country_code": m.country_code, "score": 0.0}  # fmt: skip
    return replace(
        m,
        lat=round(float(loc.latitude), 5),
        lon=round(float(loc.longitude), 5),
        geonameid=getattr(loc, "geonameid", None),
        country_code=loc.country_code,
        feature_code=getattr(loc, "feature_code", None),
        admin1=getattr(loc, "admin1", None),
        kind=getattr(loc, "kind", None) or "other",
        confidence=round(float(getattr(loc, "confidence", 0.5) or 0.5), 4),
        alternatives=[refused, *list(m.alternatives or [])][:5],
        location=loc,
    )
