"""Article -> event table: sentences, triggers, place, date and actors tied together.

:func:`extract_events` drafts ACLED-style coding for an analyst to check: one row per event in the
schema of :mod:`geomap.model`, with the sentence as ``notes`` and the resolution (geonameid, matched
name, confidence, alternatives) of the place it chose. Events whose place is not named, or not known to
the gazetteer, are returned in ``unplaced`` with the reason; none is dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlparse

import shapely

from geomap.extract.actors import ActorList, ActorMention
from geomap.extract.classify import STRATEGIC, Trigger, classify_verb, find_triggers
from geomap.extract.counts import fatalities
from geomap.extract.cues import CONTEXT_CUES, Cue, read_cues
from geomap.extract.dates import DateSpan, find_dates, parse_article_date
from geomap.extract.framing import apply_frame, article_frame
from geomap.extract.mentions import AreaMention, TownMention, unrecognised_places
from geomap.extract.place import PlaceChoice, choose_place, route_end
from geomap.extract.result import ExtractResult, assemble
from geomap.extract.roles import Roles, assign
from geomap.extract.sentences import Sentence, split_sentences
from geomap.geometry import movement_line
from geomap.geoparse.filters import is_demonym


@dataclass
class _Placed:
    geometry: Any
    location: str
    mention: Any
    precision: int
    role: str
    extra: Sequence[Any] = ()
    placed_by: str = "clause"


def _source_list(source: str | None) -> list[dict[str, str | None]]:
    if not source:
        return []
    host = urlparse(source).netloc
    return [{"name": host or source, "url": source if host else None}]


def _country_of(mention: Any) -> str | None:
    loc = getattr(mention, "location", None)
    return getattr(mention, "country_code", None) or getattr(loc, "country_code", None)


_CREDIT = re.compile(r"\s*\([^()]{1,20}\)\s*$")  # "(AP)" after a caption
_BACKGROUND = re.compile(r"\b(?:following|after|since|amid|during|over)\b[^,;]*$", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_HARM_BEFORE = re.compile(
    r"\b(?:killing|killed|wounding|wounded|injuring|injured|hitting|hit|targeting)\s+(?:at\s+least\s+)?(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_IN_BEFORE = re.compile(r"\b(?:in|of|near)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_BRACKET_GAP = re.compile(r"\s*\(\s*")  # the coders' "Kakaranga (Masisi, Nord-Kivu)"
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_CLAUSE_EDGE = re.compile(r"[,;:]\s|\s[\u2014\u2013]\s|\s--\s|\b(?:but|while|whereas|although)\b")


def _clause(text: str, s: Sentence, t: Trigger) -> tuple[int, int]:
    """The clause of the sentence around the trigger, cut at commas, dashes and contrastive conjunctions."""
    lo = max((m.end() for m in _CLAUSE_EDGE.finditer(text, s.start, t.start)), default=s.start)
    nxt = _CLAUSE_EDGE.search(text, t.end, s.end)
    return lo, nxt.start() if nxt else s.end


def _as_written(name: str, loc: Any) -> str:
    """The place name as the text gives it, except a dateline's capitals ("HOMS"), which take the gazetteer's."""
    if name.isupper() and len(name) > 3 and getattr(loc, "name", None):
        return str(loc.name)
    return name


#: Kinds of place whose name before "police", "forces", "governor" locates the actor's own events.
_LOCAL_KINDS = ("admin1", "admin2", "city")


def _as_point(mention: Any) -> shapely.Point | None:
    lat, lon = getattr(mention, "lat", None), getattr(mention, "lon", None)
    return None if lat is None or lon is None else shapely.Point(float(lon), float(lat))


class _Extractor:
    """One article's extraction state: its mentions, the actor list and the running date and place."""

    def __init__(self, text: str, *, article_date: dt.date | None, source: str | None, gazetteer: Any,
                 actors: ActorList, country_hint: str | None) -> None:  # fmt: skip
        self.text, self.article_date, self.gz = text, article_date, gazetteer
        self.actors, self.hint = actors, country_hint.upper() if country_hint else None
        self.sources = _source_list(source)
        self.last_date: DateSpan | None = None
        self.cued: list[tuple[Any, Cue]] = []
        self.records: list[dict[str, Any]] = []
        self.geometries: list[Any] = []
        self.unplaced: list[dict[str, Any]] = []
        self.trace: list[dict[str, Any]] = []
        self.dateline: tuple[Any, Cue] | None = None
        self.paragraph_places: dict[int, list[tuple[Any, Cue]]] = {}
        self.found: dict[tuple, list[ActorMention]] = {}  # actors per sentence, country and date

    # -- per sentence --------------------------------------------------------------------------

    def sentence(
        self, n: int, s: Sentence, mentions: list[Any], headline: bool = False,
        verbs: Sequence[tuple[int, int]] | None = None,
    ) -> None:  # fmt: skip
        """Events of one sentence; a title's events are context, since the body reports them. ``verbs`` (article
        offsets), when given, are the event words instead of the ones the rules find."""
        if verbs is None:
            triggers = [self._absolute(t, s) for t in find_triggers(s.text)]
        else:
            triggers = [self._absolute(classify_verb(s.text, a - s.start, b - s.start), s)
                        for a, b in verbs if s.start <= a and b <= s.end]  # fmt: skip
        if headline:
            triggers = [replace(t, context=t.context or "headline") for t in triggers]
        dates = [DateSpan(d.date, d.date_end, d.precision, d.start + s.start, d.end + s.start, d.text)
                 for d in find_dates(s.text, self.article_date)]  # fmt: skip
        cues = read_cues(self.text, s.start, s.end, mentions)
        self.cued = list(zip(mentions, cues, strict=True))
        if self.dateline is None:
            self.dateline = next(
                ((m, c) for m, c in self.cued if c.role == "dateline" and _as_point(m)), None
            )
        choices = [
            choose_place(
                self.text,
                t.span,
                mentions,
                cues,
                movement=t.movement,
                other_triggers=[o.span for o in triggers if o is not t],
            )  # fmt: skip
            for t in triggers
        ]
        seen: set[tuple] = set()
        for t, choice in zip(triggers, choices, strict=True):
            date = self._date(t, s, dates)
            placed, missing = self._places(t, choice, choices, s)
            for p in placed:
                key = (t.event_type, t.sub_event_type, p.location, p.role)
                if key not in seen:
                    seen.add(key)
                    self._record(n, s, t, date, p)
            if missing or not placed:
                self._unplaced(n, s, t, date, missing, bool(choice.context))
        if not headline:
            local = [(m, c) for m, c in self.cued if _as_point(m) is not None and c.role not in CONTEXT_CUES
                     and c.container_of is None]  # fmt: skip
            self.paragraph_places.setdefault(s.paragraph, []).extend(local)
        if dates:
            self.last_date = max(dates, key=lambda d: d.start)

    def _absolute(self, t: Trigger, s: Sentence) -> Trigger:
        return replace(t, start=t.start + s.start, end=t.end + s.start)

    def _date(self, t: Trigger, s: Sentence, dates: list[DateSpan]) -> DateSpan | None:
        """The trigger's date: one in its clause, else one before it in the sentence ("On July 16, jets
        struck"), else one after it that is not background ("... following violence over the past two
        weeks"), else the story's running date, else the article's."""
        lo, hi = _clause(self.text, s, t)
        before = [d for d in dates if d.end <= t.start]
        after = [
            d
            for d in dates
            if d.start >= t.end and not _BACKGROUND.search(self.text, max(s.start, d.start - 40), d.start)
        ]
        for group in ([d for d in dates if lo <= d.start and d.end <= hi], before, after):
            if group:
                return min(group, key=lambda d: min(abs(d.start - t.end), abs(t.start - d.end)))
        if self.last_date is not None and self.last_date.date is not None:
            d = self.last_date
            return DateSpan(d.date, d.date_end, max(d.precision, 2))
        if self.article_date is not None:
            return DateSpan(self.article_date, None, 2)
        return None

    # -- places ---------------------------------------------------------------------------------

    def _places(
        self, t: Trigger, choice: PlaceChoice, others: list[PlaceChoice], s: Sentence
    ) -> tuple[list[_Placed], list[str]]:
        """The event's placed rows, and the names of chosen places the gazetteer could not resolve.

        The place its clause names (the chooser's pick); else the nearest place its sentence names, or that
        another event of the sentence has; else the latest place of its paragraph; else its own context place
        (a speaker's city, drawn as context); else the dateline. A chosen name the gazetteer lacks falls back
        to its container ("Kafr Zita (Hama)"), never further.
        """
        role = "context" if t.context else "event"
        if choice.origin is not None and choice.destination is not None:
            ends = (choice.origin[0], choice.destination[0])
            missing = [m.text for m in ends if _as_point(m) is None]
            line = None if missing else self._line(choice.origin, choice.destination, role)
            return ([line] if line else []), missing
        picks = choice.places or ([choice.destination] if choice.destination else [])
        first = min(picks, key=lambda p: p[0].start) if picks else None
        if len(picks) == 2 and _BETWEEN.search(self.text, max(0, first[0].start - 12), first[0].start):
            picks = [first]  # "between Jowhar and Balcad": one event near the first, as coders place it
        how = "clause"
        if not picks:
            picks, how = self._fallback(t, others, choice, s)
        if not picks and choice.context:
            own = self._actors_place(choice.context)
            if own is not None:
                picks, how = [own], "actor"
            else:
                picks, role, how = [self._best_context(choice.context)], "context", "context"
        if not picks and self.dateline is not None and not t.context:
            m, c = self.dateline
            picks, how = [(m, Cue("locative", max(c.precision, 2)))], "dateline"
        out, missing = [], []
        for mention, cue in picks:
            placed = self._point_or_area(mention, cue, role, how)
            if placed is None:
                placed = self._container(mention, role)
            if placed is None:
                missing.append(mention.text)
            else:
                out.append(placed)
        return out, missing

    def _fallback(
        self, t: Trigger, others: list[PlaceChoice], choice: PlaceChoice, s: Sentence
    ) -> tuple[list[tuple[Any, Cue]], str]:
        """The nearest place of the sentence (or of its other events), else the paragraph's latest place."""

        def dist(mc: tuple[Any, Cue]) -> int:
            return min(abs(mc[0].start - t.end), abs(t.start - mc[0].end))

        nearby = [p for o in others if o is not choice for p in o.places if _as_point(p[0]) is not None]
        if nearby:  # the place another event of the sentence has: "the troops later pulled out"
            return [min(nearby, key=dist)], "sentence"
        local = [
            # a bare name or a route's end ("on the Damascus-Homs highway") is somewhere near the place
            (
                m,
                Cue(
                    c.role,
                    max(c.precision, 2) if c.role == "bare" or route_end(self.text, m) else c.precision,
                    c.area,
                ),
            )
            for m, c in self.cued
            if _as_point(m) is not None
            and c.role not in CONTEXT_CUES
            and c.container_of is None
            and not (c.role == "bare" and getattr(m, "kind", None) == "country")
        ]  # a bare country name is background or an actor ("drugs entering the United States")
        if local:
            return [min(local, key=dist)], "sentence"
        earlier = self.paragraph_places.get(s.paragraph)
        if earlier:
            m, c = earlier[-1]
            return [(m, Cue("locative", max(c.precision, 2), c.area))], "paragraph"
        return [], "unplaced"

    def _container(self, mention: Any, role: str) -> _Placed | None:
        """The resolved container of an unresolved place, at precision 2 or 3: the one the words mark ("near Kafr
        Zita (Hama)", "Sadr City, Baghdad"), else a place it is said to be in ("a village market in Potiskum")."""
        index = next((i for i, (m, _) in enumerate(self.cued) if m is mention), None)
        if index is None:
            return None
        marked = [m for m, c in self.cued if c.container_of == index and _as_point(m) is not None]
        inside = [
            m for m, c in self.cued[index + 1 :]
            if _as_point(m) is not None and c.role not in CONTEXT_CUES and m.start - mention.end <= 60
            and (_IN_BEFORE.search(self.text, mention.end, m.start) or _BRACKET_GAP.fullmatch(self.text, mention.end, m.start))
            and not _CLAUSE_EDGE.search(self.text, mention.end, m.start)
        ]  # fmt: skip
        for m in (*marked, *inside[:1]):
            kind = getattr(m, "kind", None)
            cue = Cue("locative", 3 if kind in ("admin1", "country") else 2, kind == "admin1")
            return self._point_or_area(m, cue, role, "container")
        return None

    def _actors_place(self, context: list[tuple[Any, Cue]]) -> tuple[Any, Cue] | None:
        """The province or town an actor is named after ("Imo Police raid a camp", "Kharkiv police
        detained two"), for an event that names no other place: local forces act at home, drawn at the
        area or near the town. Countries and capitals are governments acting anywhere ("Ankara's troops")."""
        for m, c in context:
            if (
                c.role == "actor"
                and getattr(m, "kind", None) in _LOCAL_KINDS
                and getattr(m, "feature_code", None) != "PPLC"
                and _as_point(m) is not None
                and (self.hint is None or _country_of(m) == self.hint)
            ):
                return m, Cue("locative", max(c.precision, 2))
        return None

    def _best_context(self, context: list[tuple[Any, Cue]]) -> tuple[Any, Cue]:
        """A context place to show an event that names no place of its own."""
        usable = [(m, c) for m, c in context if c.role != "actor" and _as_point(m) is not None] or context

        def rank(mc: tuple[Any, Cue]) -> tuple[int, int]:
            in_hint = 0 if self.hint and _country_of(mc[0]) == self.hint else 1
            return in_hint, CONTEXT_CUES.index(mc[1].role)

        return min(usable, key=rank)

    def _point_or_area(self, mention: Any, cue: Cue, role: str, how: str = "clause") -> _Placed | None:
        resolved = self._resolve(mention, cue)
        if resolved is None:
            return None
        geometry, precision, source = resolved
        return _Placed(geometry, mention.text, source, precision, role, placed_by=how)

    def _resolve(self, mention: Any, cue: Cue) -> tuple[Any, int, Any] | None:
        """Geometry, geo_precision and resolved mention of one place; None when it is not resolved.

        The admin-1 polygon when the words name a province ("in Sweida province"). A bare name the
        geoparser read as a province ("in Sweida") goes to the town of the same name with precision 2
        when there is one, as a desk would code it, else to the province.
        """
        point = _as_point(mention)
        if point is None:
            return None
        kind = getattr(mention, "kind", None)
        if kind == "admin1" and not cue.area:
            town = self.gz.geocode(mention.text, country=_country_of(mention), kind="city")
            if (
                town is not None
                and town.kind == "city"
                and town.admin1 == getattr(mention, "admin1", town.admin1)
            ):
                return shapely.Point(town.longitude, town.latitude), 2, TownMention(mention, town)
        if cue.area or kind == "admin1":
            area = self._admin1(mention)
            return (area.geometry, 3, area) if area is not None else (point, 3, mention)
        return point, cue.precision, mention

    def _admin1(self, mention: Any) -> Any:
        """The admin-1 area a mention names ("Sweida province"), with its polygon, or None."""
        loc = getattr(mention, "location", None)
        confidence = getattr(mention, "confidence", None)
        if getattr(loc, "kind", None) != "admin1":
            loc = self.gz.geocode(mention.text, country=_country_of(mention) or self.hint, kind="admin1")
            confidence = getattr(loc, "confidence", None)
        if loc is None or getattr(loc, "kind", None) != "admin1":
            return None
        geom = loc.geometry
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            return None
        return AreaMention(mention, loc, geom, confidence)

    def _line(self, origin: tuple[Any, Cue], destination: tuple[Any, Cue], role: str) -> _Placed | None:
        """The movement as a LineString from origin to destination (an area end counts by its inner point)."""
        (om, oc), (dm, dc) = origin, destination
        a, b = self._resolve(om, oc), self._resolve(dm, dc)
        if a is None or b is None:
            return None
        line = movement_line(a[0], b[0])
        if line.length == 0:
            return None
        return _Placed(line, f"{om.text} to {dm.text}", b[2], max(a[1], b[1]), role, (a[2],))

    # -- rows -------------------------------------------------------------------------------------

    def _roles(self, t: Trigger, s: Sentence, iso: str | None, date: DateSpan | None) -> Roles:
        """Who did what to whom in the trigger's clause (the whole sentence before it when the clause names
        no agent); states as parties of an agreement or a request ("a ceasefire between Israel and Syria")."""
        when = date.date if date else None
        key = (s.start, iso or self.hint, when)
        if key not in self.found:
            self.found[key] = [
                replace(a, start=a.start + s.start, end=a.end + s.start)
                for a in self.actors.find(s.text, country=iso or self.hint, date=when)
            ]
        found = list(self.found[key])
        if t.event_type == STRATEGIC:
            found += [
                ActorMention(
                    f"Government of {self.actors.country_name(_country_of(m)) or m.text}",
                    1,
                    m.start,
                    m.end,
                    m.text,
                    _country_of(m),
                )  # fmt: skip
                for m, cue in self.cued
                if cue.role in ("party", "addressee", "actor", "bare")
                and getattr(m, "kind", None) == "country"
                and not any(a.start <= m.start and m.end <= a.end for a in found)  # "Nigeria police"
            ]
            found.sort(key=lambda a: a.start)
        lo, hi = _clause(self.text, s, t)
        roles = None
        for span in ((lo, hi), (s.start, hi), (s.start, s.end)):
            inside = [a for a in found if span[0] <= a.start and a.end <= span[1]]
            roles = assign(self.text, span, t.span, inside, t.event_type, actors=self.actors,
                           country=iso or self.hint)  # fmt: skip
            if roles.actor1 is not None:
                break
        assert roles is not None
        if roles.actor2 is None and t.event_type in ("Explosions/Remote violence", "Battles"):
            victims = [a for a in found if a.start >= hi and a.inter == 7
                       and _HARM_BEFORE.search(self.text, max(hi, a.start - 40), a.start)]  # fmt: skip
            if victims:  # "dropped barrel bombs on Kafr Zita, killing a woman and her two children"
                roles = replace(roles, actor2=victims[0])
        return roles

    def _brokers(self, t: Trigger) -> list[str]:
        """States that brokered an agreement ("brokered by the United States"), ACLED's associated actor."""
        if t.sub_event_type != "Agreement":
            return []
        names = [
            f"Government of {self.actors.country_name(_country_of(m)) or m.text}"
            for m, cue in self.cued
            if cue.role == "broker" and getattr(m, "kind", None) == "country"
        ]
        return list(dict.fromkeys(names))

    def _record(self, n: int, s: Sentence, t: Trigger, date: DateSpan | None, p: _Placed) -> None:
        m = p.mention
        loc = getattr(m, "location", None)
        iso = _country_of(m)
        home = iso if p.role == "event" else self.hint or iso  # where the actors acted
        roles = self._roles(t, s, home, date)
        a1, a2 = roles.actor1, roles.actor2
        sub = t.sub_event_type
        if sub == "Non-state actor overtakes territory" and a1 is not None and a1.inter == 1:
            sub = "Government regains territory"
        alternatives = [
            {"name": a.get("name"), "geonameid": a.get("geonameid"), "score": a.get("score")}
            for mention in (*p.extra, m)
            for a in (getattr(mention, "alternatives", None) or [])
            if isinstance(a, dict)
        ]
        confidences = [float(getattr(x, "confidence", 0) or 0) for x in (*p.extra, m)]
        record = {
            "date": date.date.isoformat() if date and date.date else None,
            "date_end": date.date_end.isoformat() if date and date.date_end else None,
            "time_precision": date.precision if date and date.date else None,
            "event_type": t.event_type,
            "sub_event_type": sub,
            "actor1": a1.name if a1 else None,
            "actor2": a2.name if a2 else None,
            "assoc_actor_1": "; ".join([*self._brokers(t), *roles.assoc1]) or None,
            "assoc_actor_2": "; ".join(roles.assoc2) or None,
            "inter1": a1.inter_at(home) if a1 else None,
            "inter2": a2.inter_at(home) if a2 else None,
            "location": _as_written(p.location, loc),
            "admin1": getattr(loc, "admin1", None) or getattr(m, "admin1", None),
            "admin2": getattr(loc, "admin2", None),
            "country": self.actors.country_name(iso) or getattr(loc, "country", None),
            "iso": iso,
            "geo_precision": p.precision,
            "fatalities": fatalities(s.text),
            "notes": " ".join(s.text.split()),
            "sources": self.sources,
            "role": p.role,
            "geonameid": getattr(m, "geonameid", None) or getattr(loc, "geonameid", None),
            "match_name": getattr(loc, "matched", None) or m.text,
            "confidence": min(confidences) if confidences else None,
            "alternatives": alternatives,
            "source_row": n,
        }
        self.records.append(record)
        self.geometries.append(p.geometry)
        at = p.extra[0] if p.extra else m
        self.trace.append({"trigger": t.text, "trigger_start": t.start, "trigger_end": t.end,
                           "place_start": getattr(at, "start", None), "place_end": getattr(m, "end", None),
                           "placed_by": p.placed_by})  # fmt: skip

    def _unplaced(
        self, n: int, s: Sentence, t: Trigger, date: DateSpan | None, names: list[str], has_context: bool
    ) -> None:
        if names:
            reason = f"place not found in the gazetteer: {', '.join(names)}"
            refused = [
                m.reason for m, _ in self.cued
                if m.text in names and "outside the article" in (getattr(m, "reason", None) or "")
            ]  # fmt: skip
            if refused:
                reason = f"{names[0]} {refused[0]}"
        elif has_context:
            reason = "only context places named (speakers, brokers, parties), none resolved"
        else:
            reason = "no place the gazetteer knows is named in its sentence or paragraph, and no dateline"
        roles = self._roles(t, s, self.hint, date)
        self.unplaced.append(
            {
                "source_row": n,
                "trigger": t.text,
                "event_type": t.event_type,
                "sub_event_type": t.sub_event_type,
                "date": date.date.isoformat() if date and date.date else None,
                "actor1": roles.actor1.name if roles.actor1 else None,
                "actor2": roles.actor2.name if roles.actor2 else None,
                "location": ", ".join(names) or None,
                "reason": reason,
                "notes": " ".join(s.text.split()),
            }
        )


def _is_headline(sentences: list[Sentence], i: int) -> bool:
    """A short paragraph of one line without a full stop: a title or byline, not a report."""
    s = sentences[i]
    alone = all(
        o.paragraph != s.paragraph for o in (sentences[i - 1 : i] if i else []) + sentences[i + 1 : i + 2]
    )
    body = _CREDIT.sub("", s.text).rstrip("\"'\u201d")
    return alone and len(body) <= 150 and "\n" not in body and not body.endswith((".", "!", "?"))


def _draft(text: str, *, date: Any, source: str | None, gazetteer: Any, actors: ActorList,
           country_hint: str | None, verbs: Sequence[tuple[int, int]] | None = None) -> _Extractor:  # fmt: skip
    """One document's events, drafted but not yet tabled."""
    from geomap.geoparse import geoparse

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    ex = _Extractor(text, article_date=parse_article_date(date), source=source, gazetteer=gazetteer,
                    actors=actors, country_hint=country_hint)  # fmt: skip
    mentions = geoparse(text, gazetteer=gazetteer, country_hint=country_hint, keep_unresolved=True)
    home = None if country_hint else _actors_home(actors.find(text))
    if home is not None:
        framed = geoparse(text, gazetteer=gazetteer, country_hint=home, keep_unresolved=True)
        if _keeps_every_place(mentions, framed):  # a tie-break, never a refusal: Hezbollah fires into Israel
            mentions = framed
    # a nationality word is where no event happens ("israeli strikes" in lower-case text, where the
    # recogniser reads it as the corpora annotate it: a toponym)
    mentions = [m for m in mentions if not is_demonym(m.text)]
    mentions = apply_frame(mentions, article_frame(country_hint, mentions), gazetteer)
    mentions = _outside_actor_names(mentions, actors.find(text, country=country_hint))
    mentions = sorted([*mentions, *unrecognised_places(text, mentions)], key=lambda m: m.start)
    sentences = split_sentences(text)
    titles = [_is_headline(sentences, i) for i in range(len(sentences))]
    if all(titles):  # a headline alone (a wire alert, a table's headline column) is the report itself
        titles = [False] * len(sentences)
    for n, (s, title) in enumerate(zip(sentences, titles, strict=True), start=1):
        inside = [m for m in mentions if s.start <= m.start and m.end <= s.end]
        ex.sentence(n, s, inside, title, verbs)
    return ex


#: Coded names of state forces and generic actors: their home says nothing of where an event is.
_STATE_OR_GENERIC = ("Military Forces", "Police Forces", "Government of", "Civilians", "Protesters", "Rioters",
                     "Unidentified")  # fmt: skip


def _actors_home(found: Sequence[ActorMention]) -> str | None:
    """The one country of the non-state armed groups a text names (Al Shabaab: Somalia), if they agree."""
    homes = {
        a.country
        for a in found
        if a.country and a.inter in (2, 3, 4) and not a.name.startswith(_STATE_OR_GENERIC)
    }
    return homes.pop() if len(homes) == 1 else None


def _keeps_every_place(plain: Sequence[Any], framed: Sequence[Any]) -> bool:
    """Whether the run framed by the actors' home places every span the plain run placed."""
    placed = {(m.start, m.end) for m in framed if getattr(m, "lat", None) is not None}
    return all((m.start, m.end) in placed for m in plain if getattr(m, "lat", None) is not None)


def _outside_actor_names(mentions: Sequence[Any], found: Sequence[ActorMention]) -> list[Any]:
    """Mentions that are not part of a longer name in the actor list ("Sham" in "Hayat Tahrir al-Sham"), nor an
    actor's own name that is also a village's ("FAMa", the Malian army, is the village Fama); generic words
    and unknown groups ("Idlib rebels") never hide a place, nor does an actor named by a country or an
    admin area ("Israel", "Kachin")."""
    names = [a for a in found if a.inter is not None and not a.name.startswith(_STATE_OR_GENERIC)]
    named = {(a.start, a.end) for a in found if a.inter is not None}
    return [
        m for m in mentions
        if not any(a.start <= m.start and m.end <= a.end and a.end - a.start > m.end - m.start for a in names)
        and not ((m.start, m.end) in named and getattr(m, "kind", None) not in _AREA_KINDS)
    ]  # fmt: skip


_AREA_KINDS = frozenset({"country", "admin1", "admin2"})


def _defaults(gazetteer: Any, actors: ActorList | None) -> tuple[Any, ActorList]:
    if gazetteer is None:
        from gazetteer import Gazetteer

        gazetteer = Gazetteer.default()
    return gazetteer, actors if actors is not None else ActorList.default()


def extract_events(
    text: str,
    *,
    date: str | dt.date | None = None,
    source: str | None = None,
    gazetteer: Any = None,
    actors: ActorList | None = None,
    country_hint: str | None = None,
    verbs: Sequence[tuple[int, int]] | None = None,
) -> ExtractResult:
    """Draft event coding for one article.

    ``date`` (the article's, ``YYYY-MM-DD``) resolves "Tuesday" or "last week"; ``source`` (a URL or a
    name) fills ``sources``; ``gazetteer`` defaults to the offline ``Gazetteer.default()``; ``actors``
    to the packaged :class:`ActorList`; ``country_hint`` (ISO alpha-2) frames the places (none abroad unless
    the text names that country) and fills generic actors ("government forces") in that country. ``verbs``
    (``(start, end)`` offsets, from your own event detector) replace the event words the rules would find:
    each is classified from its words and placed, dated and coded like any other.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    gazetteer, actors = _defaults(gazetteer, actors)
    ex = _draft(text, date=date, source=source, gazetteer=gazetteer, actors=actors, country_hint=country_hint,
                verbs=verbs)  # fmt: skip
    return assemble([(None, ex)])


def extract_many(
    docs: Iterable[Mapping[str, Any]], *, gazetteer: Any = None, actors: ActorList | None = None
) -> ExtractResult:
    """Draft many reports at once: each a mapping with ``text`` and optional ``id``, ``date``, ``source``,
    ``country`` and ``verbs``, as :func:`extract_events` takes them. Rows name their report in ``source_file`` (the ``id``,
    else its position); one table is built for all, which is what makes short reports fast."""
    gazetteer, actors = _defaults(gazetteer, actors)
    drafts = []
    for i, doc in enumerate(docs):
        ex = _draft(doc["text"], date=doc.get("date"), source=doc.get("source"), gazetteer=gazetteer,
                    actors=actors, country_hint=doc.get("country"), verbs=doc.get("verbs"))  # fmt: skip
        drafts.append((str(doc.get("id", i)), ex))
    return assemble(drafts)
