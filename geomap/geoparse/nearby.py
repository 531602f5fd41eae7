"""Spellings the document's own geography vouches for: a second look at capitalised names nobody placed.

The spotter accepts a loose spelling ("Qabasin" for Qabbāsīn, "Sheikh Miskeen" for Shaykh Miskīn) only
after a cue such as "in" or "captured", because across all the names of the world a loose match is
too often some village that happens to sound alike. Conflict reporting names villages without such
cues ("failed to capture Qabasin and Bzaah in eastern Al-Bab"). Once the rest of the text is resolved,
a loose match is a much safer bet when the place it would be lies beside a place the text already
names: within :data:`RADIUS_KM` of a town or district it resolved, or inside an admin-1 area it named.
Only in countries whose names reach English through many romanisations (Arabic, Somali, Pashto,
Cyrillic, Burmese...), and only for spellings alike once those alternations merge: in the USA or
Britain a capitalised word near a town ("Twitter", "Column", "Guard") loosely matches some hamlet
there, and is no place. A name whose only matches are far from everything the text names stays
unplaced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from gazetteer.distance import haversine_km
from gazetteer.names import TRANSLITERATED_COUNTRIES, normalize, spelling_similarity
from geomap.geoparse import filters
from geomap.geoparse.document import Document
from geomap.geoparse.lookup import NameLookup, match_quality
from geomap.geoparse.mention import Mention, from_location
from geomap.geoparse.plausibility import rejected
from geomap.geoparse.recogniser import default_model

#: How near a town, district or village the text resolved a vouched-for place must lie.
RADIUS_KM = 40.0
#: How alike (``spelling_similarity``, 0-100) the name and the vouched-for place's must be once
#: romanisation alternations merge: "Bzaah" and "Bizaghah" score 77, a common word and a village seldom do.
ALIKE = 75.0
#: The share of such placements that were right on the development half of the event sentences
#: (13 in transliterating countries, all the place meant; rounded down for so small a sample).
CONFIDENCE = 0.8
_MAX_WORDS = 4
_NOT_NAMES = {w.lower() for w in filters.MONTHS_AND_DAYS} | set(filters.FIRST_NAMES)
_AREA_KINDS = ("country", "admin1")
_LOOSE = ("alternate", "variant")  # an exact name the spotter turned down stays turned down


def vouched(
    text: str, mentions: Sequence[Mention], taken: Sequence[tuple[int, int]], lookup: NameLookup
) -> list[Mention]:
    """Mentions for the capitalised runs of ``text`` that no spot in ``taken`` covers, whose only match is
    a loose spelling of a place near the places resolved in ``mentions`` (in text order)."""
    # a vouched-for place lies in a transliterating country, so only places there can vouch: a text
    # that names none (most English-language news) costs nothing more
    anchors = [
        m for m in mentions if m.resolved and m.location is not None and m.country_code in TRANSLITERATED_COUNTRIES
    ]
    points = [m for m in anchors if (m.kind or "other") not in _AREA_KINDS]
    areas = {(m.country_code, m.admin1) for m in anchors if m.kind == "admin1" and m.admin1}
    if not points and not areas:
        return []
    doc = Document(text)
    out: list[Mention] = []
    lat = np.array([m.lat for m in points], dtype=float)
    lon = np.array([m.lon for m in points], dtype=float)
    for a, b in doc.runs:
        s, e = doc.tokens[a].start, doc.tokens[b - 1].end
        if any(ts < e and s < te for ts, te in taken) or not _worth_a_look(doc, a, b):
            continue
        name = text[s:e]
        found = lookup(name)
        cands = [c for c in found if match_quality(c) in _LOOSE and _romanised(name, c)]
        if not cands or len(cands) < len(found) or rejected(doc, lookup, a, b, tuple(cands)) is not None:
            continue
        best = _nearest_vouched(cands, lat, lon, areas)
        if best is not None:
            out.append(from_location(s, e, name, best, CONFIDENCE, None, []))
    return out


def _worth_a_look(doc: Document, a: int, b: int) -> bool:
    """A run short enough to be a place name, not a person's or organisation's, not one ordinary
    word, not a lone word opening a sentence."""
    tokens = doc.tokens
    if b - a > _MAX_WORDS or any(k in doc.person for k in range(a, b)):
        return False
    if doc.in_org(tokens[a].start, tokens[b - 1].end):
        return False
    if b - a == 1:
        word = tokens[a].text
        if tokens[a].sentence_start or len(word) < 4 or word.casefold() in filters.SPACED_PARTICLES:
            return False
        if word.lower() in _NOT_NAMES or default_model().common_word(word) or filters.is_demonym(word):
            return False
    return True


def _romanised(name: str, loc: Any) -> bool:
    """``loc`` lies where names are romanised many ways (Arabic, Somali, Pashto, Cyrillic, Burmese
    scripts) and is spelled alike once those alternations merge. Elsewhere a near namesake of an
    English word is a hamlet, not a spelling: "Column" is no "Colon", "Stars" no "Starr"."""
    return getattr(loc, "country_code", None) in TRANSLITERATED_COUNTRIES and (
        spelling_similarity(normalize(name), normalize(str(getattr(loc, "name", "")))) >= ALIKE
    )


def _nearest_vouched(
    cands: Sequence[Any], lat: np.ndarray, lon: np.ndarray, areas: set[tuple[str | None, str | None]]
) -> Any | None:
    """The candidate nearest a resolved place (within the radius) or, failing that, the most populous
    one inside an admin-1 area the text names; None when the text vouches for none."""
    if len(lat):
        clat = np.array([float(c.latitude) for c in cands])
        clon = np.array([float(c.longitude) for c in cands])
        d = haversine_km(lat[None, :], lon[None, :], clat[:, None], clon[:, None]).min(axis=1)
        if d.min() <= RADIUS_KM:
            return cands[int(np.flatnonzero(d == d.min())[-1])]  # the last of equals, as listed
    inside = [c for c in cands if (getattr(c, "country_code", None), getattr(c, "admin1", None)) in areas]
    return max(inside, key=lambda c: getattr(c, "population", 0) or 0, default=None)
