"""``geoparse(text)``: spot the place names of one text and resolve them in the context of the whole text."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from geomap.geoparse.context import resolve
from geomap.geoparse.mention import Mention, alternative, from_location
from geomap.geoparse.nearby import vouched
from geomap.geoparse.spotter import NameLookup, spot
from geomap.geoparse.stated import demonym_country, stated_countries

_WORD = re.compile(r"[^\W\d_]+")


def demonym_countries(text: str, lookup: NameLookup) -> dict[str, int]:
    """Country code -> how often ``text`` uses a demonym of that country ("Lebanese", "Syrians")."""
    found = (demonym_country(word, lookup) for word in _WORD.findall(text))
    return dict(Counter(cc for cc in found if cc is not None))


def default_gazetteer() -> Any:
    """The offline default gazetteer, opened once per process."""
    from gazetteer import Gazetteer

    return Gazetteer.default()


def _inside_lookup(gz: Any) -> Any:
    """``inside(name, cc)`` for :func:`~geomap.geoparse.context.resolve`: the gazetteer's answer framed by
    one country (looser spellings inside it), if it places the name there; None for a gazetteer without
    a framed ``resolve``."""
    framed = getattr(gz, "resolve", None)
    if framed is None:
        return None

    def inside(name: str, cc: str) -> list[Any]:
        res = framed(name, country=cc)
        if res.status != "placed":
            return []
        return [loc for loc in res.candidates if getattr(loc, "country_code", None) == cc]

    return inside


def geoparse(
    text: str,
    gazetteer: Any = None,
    country_hint: str | None = None,
    *,
    keep_unresolved: bool = False,
) -> list[Mention]:
    """Every place mentioned in ``text``, in text order, resolved in the context of the whole text.

    ``country_hint`` (ISO alpha-2) favours places in that country. Names that look like places but
    that the gazetteer cannot resolve are returned only with ``keep_unresolved=True``, with lat/lon
    None and a ``reason``.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    gz = gazetteer if gazetteer is not None else default_gazetteer()
    lookup = NameLookup.for_gazetteer(gz)
    spots, stated = stated_countries(text, spot(text, lookup), lookup)
    chosen = resolve(
        text,
        spots,
        country_hint,
        inside=_inside_lookup(gz),
        demonyms=demonym_countries(text, lookup),
        stated=stated,
    )
    mentions: list[Mention] = []
    for n, sp in enumerate(spots):
        res = chosen.get(n)
        if res is not None and res.location is None:
            if keep_unresolved:
                alts = [alternative(loc, 0.0) for loc, _ in res.alternatives]
                mentions.append(Mention(sp.start, sp.end, sp.text, reason=res.reason, alternatives=alts))
        elif res is not None:
            mentions.append(
                from_location(
                    sp.start, sp.end, sp.text, res.location, res.confidence, res.role, res.alternatives
                )
            )
        elif keep_unresolved and not sp.candidates:  # a spot with candidates but no resolution is no place
            alts = [alternative(loc, 0.0) for loc in sp.prefix[:5]]
            explain = getattr(gz, "unresolved_reason", None)  # names the closest known places
            reason = explain(sp.text) if explain is not None else sp.reason
            mentions.append(Mention(sp.start, sp.end, sp.text, reason=reason, alternatives=alts))
    extra = vouched(text, mentions, [(sp.start, sp.end) for sp in spots], lookup)
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions
