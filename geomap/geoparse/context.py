"""Resolution in context: choose, for every spotted name, the place the whole article means.

Each distinct name of a document is resolved once ("one sense per discourse") by scoring each of its
candidates on:

* its prior (how prominent the place is, from the gazetteer),
* the document's country focus (a vote of all names, weighted by how unambiguous each is) and the
  caller's country hint,
* coherence with the other names' current choices (near them, inside an area the text names; a
  country's name beside other countries is the country; another name of the very same place is no
  neighbour),
* patterns of the text: "X, Y" and "X in Y" (X lies in Y), "X province" (an administrative area),
  and a county the text names anywhere, which places the towns in it.

Choices are refined twice so that the names settle on a compact, consistent set.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from gazetteer.frame import CountryFrame, names_its_country
from gazetteer.names import (
    ADMIN_WORDS,
    TRANSLITERATED_COUNTRIES,
    normalize,
    spelling_similarity,
    split_admin,
)
from gazetteer.resolve import haversine_km
from geomap.geoparse.abbreviations import US_STATES
from geomap.geoparse.spotter import Spot, match_quality
from geomap.geoparse.stated import in_stated_country
from geomap.geoparse.tokens import transliterated

#: Spelling similarity (0-100, transliterations merged) at which a variant in a country of many
#: romanisations is the place itself, named or not elsewhere in the text (see ``_romanised_alike``).
ROMANISED_ALIKE = 90.0

_AFTER_NAME = re.compile(r"[A-Z][\w'\u2019-]*\s+$")

#: Weights of the score components (log-prior units).
W_FOCUS = 2.5
W_EXACT = 1.0
W_ADMIN_FOCUS = 2.0
W_HINT = 6.0
W_NEAR = 3.5
W_INSIDE = 2.0
W_PATTERN = 4.0
W_ADMIN_WORD = 6.0
W_NAMED_AREA = 3.0
NEAR_KM = 250.0
MAX_CANDIDATES = 60
ROUNDS = 2
#: Confidence factor for a place outside the country the caller named.
HINT_MISMATCH = 0.5

#: Areas too large for their point to say where a nearby name is; they count by containment only.
_LARGE_KINDS = frozenset({"country", "admin1"})
_CONTEXT_AFTER = re.compile(
    r"(?:['’]s\s+\w+\s+)?\s*(?:has\s+|have\s+|had\s+|would\s+|will\s+)?(?:said|says|say|announced|"
    r"accused|denied|warned|condemned|claimed|rejected|urged|demanded|insisted|stated|responded|"
    r"retaliated|vowed|threatened|blamed|called|asked|agreed|refused|signed|recognised|recognized|"
    r"welcomed|backed|supports|supported|sanctioned|imposed|sent|deployed|declined|asks|asked|seeks|sought|"
    r"requested|offered|offers|pledged|pledges|wants|plans|hopes|expects|told|informed|summoned|expelled|"
    r"recalled|protested|negotiated|ordered|launched)\b",
    re.IGNORECASE,
)
_CONTEXT_BEFORE = re.compile(
    r"\b(?:officials?|government|authorities|diplomats?|leaders?|regime|sources|envoys?|ministers?|"
    r"relations|talks|ties)\s+(?:in|from|of|with|between)\s+$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Resolution:
    """The place chosen for one spot, how sure, the runners-up and the role the text gives it."""

    location: Any  # None when the country frame refused every candidate (then ``reason`` says so)
    confidence: float
    alternatives: list[tuple[Any, float]]
    role: str | None
    reason: str | None = None


def _attr(loc: Any, name: str, default: Any = None) -> Any:
    value = getattr(loc, name, default)
    return default if value is None else value


def prior(loc: Any) -> float:
    """The gazetteer's prior for a candidate, or one from its population and kind when it has none."""
    conf = getattr(loc, "confidence", None)
    if conf is not None and conf > 0:
        return float(conf)
    pop = float(_attr(loc, "population", 0) or 0)
    kind_bonus = {"country": 3.0, "admin1": 1.5}.get(_attr(loc, "kind", ""), 0.0)
    return 1.0 - math.exp(-(math.log10(pop + 10) + kind_bonus) / 3.0)


def name_key(text: str) -> str:
    """Spots with the same key are the same name in one document."""
    return " ".join(text.casefold().replace("-", " ").split())


class _Group:
    """All spots of one name in a document, with their candidate arrays."""

    def __init__(self, key: str, spots: list[Spot]) -> None:
        self.key = key
        self.spots = spots
        ranked = sorted(spots[0].candidates, key=prior, reverse=True)[:MAX_CANDIDATES]
        self.cands = ranked
        self.lat = np.array([float(c.latitude) for c in ranked])
        self.lon = np.array([float(c.longitude) for c in ranked])
        self.cc = np.array([_attr(c, "country_code", "") for c in ranked], dtype=object)
        self.admin1 = np.array([_attr(c, "admin1", "") for c in ranked], dtype=object)
        self.admin2 = np.array([_attr(c, "admin2", "") for c in ranked], dtype=object)
        self.kind = np.array([_attr(c, "kind", "other") for c in ranked], dtype=object)
        self.gid = np.array([_attr(c, "geonameid", -1) for c in ranked])
        self.logp = np.log(np.array([prior(c) for c in ranked]) + 1e-6)
        self.exact = np.array([match_quality(c) == "name" for c in ranked])
        # "TURKISH" spotted in capitals: a nationality word, which votes in the focus as a demonym does
        self.demonym = all(match_quality(c) == "demonym" for c in ranked)
        self.fixed = np.zeros(len(ranked))  # context-free score parts
        self.allowed = np.ones(len(ranked), dtype=bool)  # inside the document's country frame
        self.choice = 0
        self.conf = 1.0


def resolve(
    text: str,
    spots: Sequence[Spot],
    country_hint: str | None = None,
    inside: Callable[[str, str], Sequence[Any]] | None = None,
    demonyms: Mapping[str, int] | None = None,
    stated: Mapping[int, str] | None = None,
) -> dict[int, Resolution]:
    """Choose a location for every spot with candidates; keys are indices into ``spots``.

    ``inside(name, cc)``: the places a name may denote inside one country, matched more loosely than
    the world-wide candidates; asked for the names the text calls places ("in X", "X village") or that
    are transliterated ("al-Bokamal") whose every candidate lies outside the document's frame, before
    they are left unplaced. ``demonyms``: country code -> how often the text uses its demonym ("Lebanese
    army"), each a vote for that country in the document's focus. ``stated``: spot index -> the country
    the text states for that name ("the Syrian town of X"), which frames it alone and counts as named."""
    stated = stated or {}
    framed = {n: in_stated_country(spots[n], cc, inside) for n, cc in stated.items()}
    # a name with no place in the country the text states for it is unplaced, its places abroad listed
    out: dict[int, Resolution] = {
        n: Resolution(None, 0.0, [(c, 0.0) for c in spots[n].candidates[:5]], None, sp.reason)
        for n, sp in framed.items()
        if not sp.candidates
    }
    spots = [framed.get(n, sp) for n, sp in enumerate(spots)]
    by_key: dict[str, list[Spot]] = {}
    index: dict[int, str] = {}
    for n, sp in enumerate(spots):
        if sp.candidates:
            key = name_key(sp.text)
            by_key.setdefault(key, []).append(sp)
            index[n] = key
    groups = {key: _Group(key, sps) for key, sps in by_key.items()}
    if not groups:
        return out
    focus, admin_focus = _focus(groups.values(), demonyms)
    hint = country_hint.upper() if country_hint else None
    frame = document_frame(groups.values(), hint, focus, stated.values())
    if inside is not None and len(frame.countries) == 1:
        _look_inside(text, groups, frame, inside)
        for n, sp in _unknown_inside(spots, frame, inside):
            if n in stated:
                continue  # looked for in the country the text states, not the document's
            key = name_key(sp.text)
            groups.setdefault(key, _Group(key, [sp]))
            index[n] = key
    for key in [key for key, g in groups.items() if _unlikely_village(g, frame)]:
        del groups[key]
        index = {n: k for n, k in index.items() if k != key}
    if not groups:
        return out
    pairs = _adjacent_pairs(text, spots, index)
    siblings = _listed_together(text, spots, index)
    refused = {
        key
        for key, g in groups.items()
        if not _apply_frame(g, frame) and not (hint is None and _known_abroad(g))
    }
    for g in groups.values():
        g.fixed = (
            g.logp
            + W_EXACT * g.exact
            + W_FOCUS * np.array([focus.get(cc, 0.0) for cc in g.cc])
            + W_ADMIN_FOCUS * np.array([admin_focus.get(k, 0.0) for k in zip(g.cc, g.admin1, strict=True)])
        )
        if hint:
            g.fixed = g.fixed + W_HINT * (g.cc == hint)
        if any(sp.admin_word for sp in g.spots):
            g.fixed = g.fixed + W_ADMIN_WORD * np.isin(g.kind, ["admin1", "admin2"])
        elif any(sp.settlement_word for sp in g.spots):  # "Balata camp", "Marinka village"
            g.fixed = g.fixed + W_ADMIN_WORD * (g.kind == "city")
        g.fixed = g.fixed + W_PATTERN * _pattern_bonus(text, g, groups, pairs)
        g.fixed = np.where(g.allowed, g.fixed, -np.inf)
    _add_named_area_bonus(groups)
    for g in groups.values():
        g.choice = int(np.argmax(g.fixed))
    scores = {key: g.fixed for key, g in groups.items()}
    for _ in range(ROUNDS):
        chosen = _Choices(groups)
        scores = {
            key: g.fixed + _coherence(g, chosen) + W_NEAR * _sibling_areas(g, groups, siblings.get(key, ()))
            for key, g in groups.items()
        }
        for key, g in groups.items():
            g.choice = int(np.argmax(scores[key]))
    named = _countries_named(groups.values(), hint) | set(stated.values())
    for n, key in index.items():
        g, s = groups[key], scores[key]
        if key in refused:
            out[n] = _refusal(g, frame)
            continue
        if (
            match_quality(g.cands[g.choice]) == "variant"
            and g.cc[g.choice] not in named
            and not transliterated(g.spots[0].text)
            and not _romanised_alike(g)
        ):
            out[n] = _lone_variant(g)
            continue
        area = _stated_area(g, groups, pairs)
        if area is not None:
            out[n] = _not_in_area(g, area)
            continue
        p = np.exp(s - s.max())
        p /= p.sum()
        order = np.argsort(-p)
        chosen = g.cands[g.choice]
        alts = [(g.cands[k], float(p[k])) for k in order[:6] if k != g.choice][:5]
        confidence = float(p[g.choice])
        if hint and g.cc[g.choice] != hint and not _prominent(chosen):
            confidence *= HINT_MISMATCH  # a small place abroad, in a text the caller placed elsewhere
        out[n] = Resolution(chosen, confidence, alts, _role(text, spots[n], chosen))
    return out


#: Share of the names' country vote above which the document's focus frames it (no hint given).
FRAME_FOCUS = 0.6


def document_frame(
    groups: Any, hint: str | None, focus: dict[str, float], stated: Iterable[str] = ()
) -> CountryFrame:
    """The document's country frame: the caller's country, else the clear focus of its names. The
    countries the text names (a country's own name, or a capital or very large city with no namesake
    abroad, or a country ``stated`` for a name) are admitted beside it."""
    groups = list(groups)
    country = hint
    if country is None and focus:
        top, share = max(focus.items(), key=lambda kv: kv[1])
        if share >= FRAME_FOCUS and len(groups) >= 2 and top:
            country = top
    named = set(stated)
    for g in groups:
        named.update(cc for cc, k in zip(g.cc, g.kind, strict=True) if k == "country")
        if len(set(g.cc)) == 1 and any(names_its_country(c) for c in g.cands):
            named.add(g.cc[0])  # "Aleppo" names Syria: other Syrian places are admitted too
    return CountryFrame.of(country, named=named)


def _unlikely_village(g: _Group, frame: CountryFrame) -> bool:
    """A name whose only places are villages of unknown population (the village-level data), which the
    text does not call a place ("in", "village", ", a town in") and which lie outside the document's
    frame: a capitalised word ("Interior", "Township"), not a hamlet abroad."""
    if any(sp.cued for sp in g.spots):
        return False
    minor = all(
        _attr(c, "population", 0) == 0 and (getattr(c, "raw", None) or {}).get("source") == "wof"
        for c in g.cands
    )
    return minor and not (frame.active and any(frame.inside(cc) for cc in g.cc))


def _look_inside(
    text: str, groups: dict[str, _Group], frame: CountryFrame, inside: Callable[[str, str], Sequence[Any]]
) -> None:
    """Look again inside the frame's one country for the names the text calls places, or that are
    transliterated and follow no other name, whose every candidate lies abroad: "in Ondurman" in a
    Sudanese report is Omdurman, "at al-Bokamal" in a Syrian one Albu Kamal, by a looser spelling, not a
    place abroad; "Hosam al-Aghawani" is a person and "Sahl al-Ghab" one name."""
    (cc,) = frame.countries
    for key, g in groups.items():
        name = g.spots[0].text
        loose = any(sp.cued for sp in g.spots) or (
            transliterated(name) and not any(_AFTER_NAME.search(text, 0, sp.start) for sp in g.spots)
        )
        if not loose or any(frame.allows(c) for c in g.cands):
            continue
        found = tuple(inside(name, cc))
        if found:
            groups[key] = _Group(key, [replace(sp, candidates=found) for sp in g.spots])


def _unknown_inside(
    spots: Sequence[Spot], frame: CountryFrame, inside: Callable[[str, str], Sequence[Any]]
) -> list[tuple[int, Spot]]:
    """The names the text calls places that the gazetteer knows nowhere ("in Kulbus", "the village of
    Sousan"), with the places the frame's one country holds by a looser spelling (Koulbous), if any."""
    (cc,) = frame.countries
    out = []
    for n, sp in enumerate(spots):
        if not sp.candidates and sp.reason is not None:
            found = tuple(inside(sp.text, cc))
            if found:
                out.append((n, replace(sp, candidates=found, cued=True, reason=None)))
    return out


def _known_abroad(g: _Group) -> bool:
    """For a frame only inferred from the other names: allow a province abroad, spelled as the gazetteer
    has it, that the text calls a place when nothing inside the frame bears the name ("US Marine killed
    in the province of Anbar": Al Anbar, Iraq). A frame the caller gave stays strict."""
    if not any(sp.cued for sp in g.spots):
        return False
    allowed = np.array([_attr(c, "kind") == "admin1" and match_quality(c) != "variant" for c in g.cands])
    if allowed.any():
        g.allowed = allowed
    return bool(allowed.any())


def _apply_frame(g: _Group, frame: CountryFrame) -> bool:
    """Mark the candidates the frame allows; False when it allows none (the name stays unplaced)."""
    g.allowed = np.array([frame.allows(c) for c in g.cands], dtype=bool)
    return bool(g.allowed.any())


def _refusal(g: _Group, frame: CountryFrame) -> Resolution:
    """An unplaced name: every candidate lies outside the document's country frame."""
    names = ", ".join(f"{_attr(c, 'name', '?')} ({_attr(c, 'country_code', '?')})" for c in g.cands[:5])
    reason = f"outside the country frame ({frame.describe()}); candidates: {names}"
    return Resolution(None, 0.0, [(c, 0.0) for c in g.cands[:5]], None, reason)


def _countries_named(groups: Any, hint: str | None) -> set[str]:
    """The countries of the names the text spells exactly (or by an alias), and the caller's country."""
    named = {g.cc[g.choice] for g in groups if match_quality(g.cands[g.choice]) != "variant"}
    return named | {hint} if hint else named


def _romanised_alike(g: _Group) -> bool:
    """The chosen place lies in a country whose names are romanised many ways, is no country itself, and
    is spelled alike once those alternations merge ("Qamishli", "Dusamareeb", "Harbinefseh"), where a
    variant is how the place is written; a variant of a Latin-script country's names ("Greenlane",
    "Mershing") or of a country's own name ("Georgi", "Croat") is another word."""
    chosen = g.cands[g.choice]
    return (
        g.cc[g.choice] in TRANSLITERATED_COUNTRIES
        and _attr(chosen, "kind") != "country"
        and spelling_similarity(normalize(g.spots[0].text), normalize(_attr(chosen, "name", "")))
        >= ROMANISED_ALIKE
    )


def _stated_area(g: _Group, groups: dict[str, _Group], pairs: list[tuple[str, str, str]]) -> _Group | None:
    """The province or district the text puts a town in ("Torkula in Guma LGA", "Torkula, Guma LGA")
    when none of the town's places lies in that area's province: the match is another place. Only an
    area its words call one ("LGA", "province") or the coder's brackets hold ("Kondobei (Gedo, Somalia)") is
    trusted across countries; without them it may be the misread one ("Cornwall in South West England").
    Provinces are in no province ("Oregon, Washington Territory" is a list)."""
    if g.kind[g.choice] in ("country", "admin1"):
        return None
    for x, y, gap in pairs:
        area = groups[y]
        k = area.choice
        if x != g.key:
            continue
        worded = any(sp.admin_word for sp in area.spots) or split_admin(normalize(area.spots[0].text))[1]
        possessive = bool(_POSSESSIVE_GAP.fullmatch(gap))
        if area.kind[k] == "city" and (worded or possessive) and g.cc[g.choice] == area.cc[k]:
            # "Mukondi village, Beni territory": an area the gazetteer knows only by its namesake town;
            # "Odesa's Kyivskyi district": a part of a city
            if _far_from(g, area, k):
                return area
            continue
        if area.kind[k] not in ("admin1", "admin2"):
            continue
        bracket = "(" in gap  # the coder's "near X (Y, Z)": the area in brackets holds the place
        if (gap in _LIST_GAPS or g.cc[g.choice] != area.cc[k]) and not (worded or bracket):
            continue  # "Aleppo, Idlib and Hama" is a list; "Torkula, Guma LGA" names the area
        if not np.any((g.cc == area.cc[k]) & (g.admin1 == area.admin1[k])) and _outside_shape(
            g, area.cands[k]
        ):
            return area
    return None


#: How far a place may lie from the town an area is named after ("Beni territory") and still be in it.
NAMESAKE_AREA_KM = 150.0


def _far_from(g: _Group, area: _Group, k: int) -> bool:
    """Whether every place of ``g`` in the area's country lies over :data:`NAMESAKE_AREA_KM` from the area's
    namesake town ``k``."""
    same = g.cc == area.cc[k]
    return bool(np.all(haversine_km(g.lat[same], g.lon[same], area.lat[k], area.lon[k]) > NAMESAKE_AREA_KM))


def _outside_shape(g: _Group, area: Any) -> bool:
    """Whether the area's own polygon (5 km of slack) holds none of the name's places; an area drawn only
    as a point, or one whose codes disagree with its shape (Burkina Faso's old province-level ADM1 rows:
    Djibo is in Soum), is not evidence enough to refuse."""
    import shapely

    shape = getattr(area, "geometry", None)
    if shape is None or shape.geom_type not in ("Polygon", "MultiPolygon"):
        return False
    points = shapely.points(
        [_attr(c, "longitude", 0.0) for c in g.cands], [_attr(c, "latitude", 0.0) for c in g.cands]
    )
    return not bool(np.any(shapely.dwithin(shape, points, 0.05)))


def _not_in_area(g: _Group, area: _Group) -> Resolution:
    """An unplaced name: the text puts it in an area that holds none of its places."""
    names = ", ".join(f"{_attr(c, 'name', '?')} ({_attr(c, 'country_code', '?')})" for c in g.cands[:5])
    inside = _attr(area.cands[area.choice], "name", "?")
    reason = f"the text puts it in {inside}, which holds no place of that name; candidates: {names}"
    return Resolution(None, 0.0, [(c, 0.0) for c in g.cands[:5]], None, reason)


def _lone_variant(g: _Group) -> Resolution:
    """An unplaced name: its best match is a loose spelling of a place in a country the text names
    nowhere else ("Khayelitsha" is no "Akhaltsikhe", Georgia), a guess that would look exact on a map.
    Transliterated names ("Maarat al-Numan", "Ras al Ain") keep such a match: there spellings vary."""
    chosen = g.cands[g.choice]
    names = ", ".join(f"{_attr(c, 'name', '?')} ({_attr(c, 'country_code', '?')})" for c in g.cands[:5])
    reason = (
        f"only a spelling variant ({_attr(chosen, 'name', '?')}) in a country the text names nowhere else; "
        f"candidates: {names}"
    )
    return Resolution(None, 0.0, [(c, 0.0) for c in g.cands[:5]], None, reason)


#: A demonym's vote in the document's focus, beside a name sure of its country (1).
W_DEMONYM = 0.5


def _focus(
    groups: Any, demonyms: Mapping[str, int] | None = None
) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
    """Share of the document's names pointing at each country and each (country, admin1), each name
    weighted by how sure its own priors are of the country (cubed), and of its demonyms (``W_DEMONYM``
    each, as names are counted: the square root of the number of uses)."""
    countries: dict[str, float] = {}
    areas: dict[tuple[str, str], float] = {}
    weight_sum = 0.0
    for g in groups:
        if g.demonym:  # counted among ``demonyms``: a name of the nationality is no place named
            continue
        p = np.exp(g.logp - g.logp.max())
        p /= p.sum()
        by_cc: dict[str, float] = {}
        by_area: dict[tuple[str, str], float] = {}
        for cc, a1, w in zip(g.cc, g.admin1, p, strict=True):
            by_cc[cc] = by_cc.get(cc, 0.0) + float(w)
            if a1:
                by_area[(cc, a1)] = by_area.get((cc, a1), 0.0) + float(w)
        # cubed: names sure of their country ("Silverstone") outvote ambiguous ones ("Kent"), which
        # would otherwise tie the vote between the countries their candidates lie in
        weight = max(by_cc.values()) ** 3 * len(g.spots) ** 0.5
        weight_sum += weight
        for cc, w in by_cc.items():
            countries[cc] = countries.get(cc, 0.0) + weight * w
        for key, w in by_area.items():
            areas[key] = areas.get(key, 0.0) + weight * w
    for cc, uses in (demonyms or {}).items():
        weight = W_DEMONYM * uses**0.5
        weight_sum += weight
        countries[cc] = countries.get(cc, 0.0) + weight
    if not weight_sum:
        return {}, {}
    return (
        {k: v / weight_sum for k, v in countries.items()},
        {k: v / weight_sum for k, v in areas.items()},
    )


class _Choices:
    """Every name's current choice, as arrays, so each name's coherence is a few vector operations."""

    def __init__(self, groups: dict[str, _Group]) -> None:
        self.groups = list(groups.values())
        self.lat = np.array([g.lat[g.choice] for g in self.groups])
        self.lon = np.array([g.lon[g.choice] for g in self.groups])
        self.gid = np.array([g.gid[g.choice] for g in self.groups])
        kinds = [g.kind[g.choice] for g in self.groups]
        self.point = np.array([k not in _LARGE_KINDS for k in kinds])
        self.country = np.array([k == "country" for k in kinds])
        self.state = np.array([k == "admin1" for k in kinds])
        self.cc = np.array([g.cc[g.choice] for g in self.groups], dtype=object)
        self.areas = [g for g, k in zip(self.groups, kinds, strict=True) if k in ("admin1", "admin2")]


def _coherence(g: _Group, chosen: _Choices) -> np.ndarray:
    """Reward candidates near the other names' choices, or inside the areas they chose."""
    others = np.array([o is not g for o in chosen.groups])
    points = others & chosen.point
    near = np.zeros(len(g.cands))
    if points.any():
        d = haversine_km(
            g.lat[:, None], g.lon[:, None], chosen.lat[points][None, :], chosen.lon[points][None, :]
        )
        # another name for the very same place ("MEXICO CITY" for "Mexico") is no neighbour
        same = (g.gid[:, None] == chosen.gid[points][None, :]) & (g.gid[:, None] >= 0)
        near = np.where(same, 0.0, np.exp(-d / NEAR_KM)).max(axis=1)
    inside = np.zeros(len(g.cands), dtype=bool)
    for o in chosen.areas:
        if o is not g:
            inside |= _within(g, o, o.choice)
    # Countries keep company with countries: a text naming two other countries ("the US, Canada and
    # Argentina") means the country by a country's name, not a town named after it.
    peers = np.array([len(set(chosen.cc[others & chosen.country]) - {cc}) for cc in g.cc])
    company = (g.kind == "country") * np.minimum(peers, 2) / 2
    # So do states, where the state is what the name means first: "in Florida" beside New York and New
    # Jersey is the state, not the New York village (but "New York" stays the city, "Washington" D.C.).
    states = np.array([np.sum(others & chosen.state & (chosen.cc == cc)) for cc in g.cc])
    first = (g.kind == "admin1") & (g.logp >= g.logp.max())
    company = company + first * np.minimum(states, 2) / 2
    return W_NEAR * (near + company) + W_INSIDE * inside


#: Between two names of one list ("England and Wales", "California or Washington"); a comma alone
#: may as well say where the first one is ("Washington, D.C.", "Reston, Virginia").
_SIBLING_GAP_RE = re.compile(r",?\s+(?:and|or|&)\s+")


def _listed_together(text: str, spots: Sequence[Spot], index: dict[int, str]) -> dict[str, set[str]]:
    """For each name, the other names written next to it in one list."""
    out: dict[str, set[str]] = {}
    order = sorted(index, key=lambda n: spots[n].start)
    for n, m in zip(order, order[1:], strict=False):
        if index[n] != index[m] and _SIBLING_GAP_RE.fullmatch(text, spots[n].end, spots[m].start):
            out.setdefault(index[n], set()).add(index[m])
            out.setdefault(index[m], set()).add(index[n])
    return out


def _sibling_areas(g: _Group, groups: dict[str, _Group], siblings: Any) -> np.ndarray:
    """A name listed beside a first-level area of some country ("England and Wales", "Oregon and
    Washington laws") is that country's first-level area by that name too, not a town inside the
    first one or a capital named alike: lists join things of one kind."""
    bonus = np.zeros(len(g.cands))
    for key in siblings:
        o = groups.get(key)
        if o is None or o.kind[o.choice] != "admin1":
            continue
        bonus = np.maximum(bonus, (g.kind == "admin1") & (g.cc == o.cc[o.choice]))
    return bonus


_LIST_GAPS = frozenset({", ", ",", " , "})
#: What may stand between a place and the area that contains it: "X, Y", "X in Y", "X (Y", "X village, Y",
#: "X is a town in Y", "X is located in north central Y", "X, in northern Y", "X, a village in the
#: province of Y".
_IN_GAP_RE = re.compile(
    r"(?:\s+(?:village|town|city|camp|hamlet|locality|area))?\)?\s*(?:\(\s*|(?:,|\bin|,\s+in|(?:,|\s+is|\s+was)\s+(?:located\s+in|(?:an?|the)\s+(?:[\w-]+\s+){0,4}(?:in|of)))\s+)"
    r"(?:the\s+)?(?:(?:far\s+)?(?:north|south|east|west|central|northern|southern|eastern|western|north-?east|"
    r"north-?west|south-?east|south-?west)(?:ern)?\s+){0,2}"
    r"(?:(?:province|state|county|district|region|department|governorate|oblast|municipality)\s+of\s+)?"
)


_POSSESSIVE_GAP = re.compile(r"['\u2019]s\s+")


def _adjacent_pairs(text: str, spots: Sequence[Spot], index: dict[int, str]) -> list[tuple[str, str, str]]:
    """Neighbouring names where the text says X lies in Y: ``(key of X, key of Y, gap)``, for "X, Y",
    "X in Y" and the like, and for the possessive "Y's X"."""
    pairs = []
    order = sorted(index, key=lambda n: spots[n].start)
    for n, m in zip(order, order[1:], strict=False):
        gap = text[spots[n].end : spots[m].start]
        if index[n] != index[m] and len(gap) < 60 and _IN_GAP_RE.fullmatch(gap):
            pairs.append((index[n], index[m], gap))
        elif index[n] != index[m] and _POSSESSIVE_GAP.fullmatch(gap):  # "Odesa's Kyivskyi district"
            pairs.append((index[m], index[n], gap))
    return pairs


def _pattern_bonus(
    text: str, g: _Group, groups: dict[str, _Group], pairs: list[tuple[str, str, str]]
) -> np.ndarray:
    """ "X, Y" / "X in Y" / "X, La.": X's candidates inside a candidate of Y; Y's candidates that contain X."""
    bonus = np.zeros(len(g.cands))
    for sp in g.spots:
        if sp.state:
            bonus = np.maximum(bonus, (g.cc == "US") & (g.admin1 == US_STATES[sp.state]))
    for x, y, gap in pairs:
        if x == g.key:
            bonus = np.maximum(bonus, _inside_any(g, groups[y]))
        elif y == g.key and (gap in _LIST_GAPS or gap.strip() == "("):
            bonus = np.maximum(bonus, _contains_any(g, groups[x]))
    return bonus


def _names_a_county(g: _Group) -> bool:
    """Whether the name itself says it is a second-level area: "Henry County", "Douma district"."""
    words = [split_admin(normalize(g.spots[0].text))[1]]
    words += [ADMIN_WORDS.get(sp.admin_word or "") for sp in g.spots]
    return "admin2" in words and bool(np.any(g.kind == "admin2"))


def _add_named_area_bonus(groups: dict[str, _Group]) -> None:
    """A town and a county (district) the same text names, where one of the town's places lies in
    one of the county's: both are meant ("Paris" beside "Henry County" is Paris, Tennessee). A
    county word makes the area name specific enough for this to hold anywhere in the text; "state"
    does not ("Mississippi State" is often a university)."""
    areas = [g for g in groups.values() if _names_a_county(g)]
    for area in areas:
        for g in groups.values():
            if g is area or g in areas:
                continue
            inside = _inside_any(g, area)
            if inside.any():
                g.fixed = g.fixed + W_NAMED_AREA * inside
                area.fixed = area.fixed + W_NAMED_AREA * _contains_any(area, g)


def _within(g: _Group, area: _Group, k: int) -> np.ndarray:
    """For each candidate of ``g``, whether the area candidate ``k`` of ``area`` contains it."""
    kind = area.kind[k]
    same = g.cc == area.cc[k]
    if kind == "admin1":
        return same & (g.admin1 == area.admin1[k])
    if kind == "admin2":
        return same & (g.admin1 == area.admin1[k]) & (g.admin2 == area.admin2[k])
    if kind == "country":
        return same
    return np.zeros(len(g.cands), dtype=bool)


def _inside_any(g: _Group, area: _Group) -> np.ndarray:
    """For each candidate of ``g``, whether some candidate of ``area`` contains it."""
    hit = np.zeros(len(g.cands), dtype=bool)
    for k in range(len(area.cands)):
        hit |= _within(g, area, k)
    return hit.astype(float)


def _contains_any(g: _Group, inner: _Group) -> np.ndarray:
    """For each candidate of ``g``, whether it is an area containing some candidate of ``inner``."""
    return np.array([float(np.any(_within(inner, g, k))) for k in range(len(g.cands))])


def _prominent(loc: Any) -> bool:
    """A country, first-level area, capital or large city: often named in news from elsewhere."""
    return (
        _attr(loc, "kind", "") in _LARGE_KINDS
        or _attr(loc, "feature_code", "") == "PPLC"
        or _attr(loc, "population", 0) >= 100_000
    )


def _role(text: str, sp: Spot, loc: Any) -> str | None:
    """``context`` when a capital or country stands for its government: "Ankara said"."""
    code = _attr(loc, "feature_code", "")
    if not (code == "PPLC" or _attr(loc, "kind", "") == "country"):
        return None
    if _CONTEXT_AFTER.match(text, sp.end) or _CONTEXT_BEFORE.search(text, max(0, sp.start - 40), sp.start):
        return "context"
    return None
