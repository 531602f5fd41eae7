"""Who did what to whom: the agent (actor1), the target (actor2) and their associated actors.

Actors are found by :class:`geomap.extract.actors.ActorList`; this module gives them roles for one event:

* a source of the report is never an actor: "residents said", "officials reported", "according to medics",
  "Residents of Omdurman reported heavy artillery fire". A state or armed source stays a last-resort agent
  ("police said they arrested ..."); civilians and officials as sources never do;
* the agent is the actor before an active verb ("Settlers set fire to ..."), after "by" for a passive or a noun
  ("were killed by gunmen", "air strikes by Israeli jets"); the target the first actor after an active verb,
  the subject of a passive one, or the other side of "between X and Y" / "clashed with Y";
* civilians are never actor1 of a battle or of remote violence; violence against civilians always has a civilian
  actor2; demonstrators are "Rioters (X)" in a riot and "Protesters (X)" in a protest;
* "backed by X", "alongside X" make X an associated actor of the agent; the group of a victim or a demonstrator
  ("aid workers", "students") an associated actor of the civilians or protesters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from geomap.extract.actors import ActorList, ActorMention

BATTLE, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTEST, RIOT = "Protests", "Riots"

_SPEECH = (
    r"(?:said|says|say|reported|reports|report|told|tells|claimed|claims|stated|confirmed|described|recounted|"
    r"added|accused|alleged|recalled|heard|saw|witnessed|counted|estimated|announced|warned|denied|posted|wrote)"
)
_SOURCE_AFTER = re.compile(
    rf"^(?:\s+(?:of|in|from|at)\s+(?:the\s+)?[\w'\u2019 -]{{1,40}}?)?(?:\s*,[^,]{{1,60}},)?\s+(?:\w+\s+){{0,2}}?{_SPEECH}\b",
    re.IGNORECASE,
)
_SOURCE_BEFORE = re.compile(
    r"\b(?:according\s+to|said\s+by|reported\s+by|told\s+by|citing|quoted|sources?\s+(?:among|close\s+to))\s+(?:the\s+|local\s+|some\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: A headline's attribution after a dash or colon at its end: "Car bomb explodes near the port - police".
_TAIL_BEFORE = re.compile(r"(?:\s[-\u2013\u2014]|:)\s+(?:the\s+|local\s+|[\w-]+\s+)?$")
_TAIL_AFTER = re.compile(r"(?:\s+(?:sources?|officials?|spokesm[ae]n|says?|said))?\s*[.!]?[ \t]*(?:\n|\Z)", re.IGNORECASE)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:\w+\s+){0,3}?by\s+(?:the\s+)?$", re.IGNORECASE)
_BY_AFTER = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.IGNORECASE)
_WITH = re.compile(r"\b(?:with|against)\s+(?:the\s+)?(?:[\w-]+\s+){0,1}$", re.IGNORECASE)
_ASSOCIATE = re.compile(
    r"\b(?:backed\s+by|supported\s+by|alongside|together\s+with|with\s+the\s+(?:support|help|backing)\s+of|"
    r"accompanied\s+by|escorted\s+by|assisted\s+by|joined\s+by|in\s+coordination\s+with)\s+(?:the\s+)?(?:[\w-]+\s+){0,1}$",
    re.IGNORECASE,
)
_ARMED_INTER = {1, 2, 3, 4, 8}
#: Between two sides named together before the verb: "Sudanese army and RSF clashed", "Houthi fighters and
#: government forces clashed" (a word such as "fighters" may follow the first side's name).
_AND_GAP = re.compile(r"\s*(?:[^\W\d_]+\s*)?(?:,\s*)?(?:and|&)\s+(?:the\s+)?", re.IGNORECASE)
#: Between a victim and the event noun: "Three civilians were killed by Israeli strikes", "... wounded in".
_SUFFERED = re.compile(
    r"\s+(?:(?:was|were|have\s+been|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?"
    r"(?:killed|wounded|injured|hurt|maimed|abducted|displaced)\s+(?:by|in)\s+(?:an?\s+|the\s+)?$",
    re.IGNORECASE,
)


#: "Two AMISOM soldiers were killed when their vehicle struck an IED": the victims of a later event word.
_SUFFERED_WHEN = re.compile(
    r"\s+(?:[^\W\d_]+\s+)?(?:was|were|have\s+been|has\s+been|had\s+been)\s+(?:\w+ly\s+)?"
    r"(?:killed|wounded|injured|hurt|maimed)\s+(?:when|after|as|while)\b[^;]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Roles:
    """The coded parties of one event."""

    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc1: tuple[str, ...] = ()
    assoc2: tuple[str, ...] = ()


def _is_source(text: str, a: ActorMention, lo: int) -> bool:
    return bool(
        _SOURCE_AFTER.match(text[a.end : a.end + 90])
        or _SOURCE_BEFORE.search(text, max(lo, a.start - 60), a.start)
        or _attribution(text, a, lo)
    )


def _attribution(text: str, a: ActorMention, lo: int) -> bool:
    """A headline's source after a dash at its end ("... - police"): never the agent of what it reports."""
    return bool(_TAIL_BEFORE.search(text, max(lo, a.start - 20), a.start) and _TAIL_AFTER.match(text, a.end))


def assign(
    text: str,
    span: tuple[int, int],
    trigger: tuple[int, int],
    found: Sequence[ActorMention],
    event_type: str,
    *,
    actors: ActorList,
    country: str | None,
) -> Roles:
    """The roles of the actors ``found`` (offsets into ``text``, all within ``span``) for the event at ``trigger``."""
    lo, hi = span
    t0, t1 = trigger
    sources = [a for a in found if _is_source(text, a, lo)]
    usable = [a for a in found if a not in sources and not (a.start < t1 and t0 < a.end and a.inter is None)]
    assoc1 = [a for a in usable if _ASSOCIATE.search(text, max(lo, a.start - 50), a.start)]
    usable = [a for a in usable if a not in assoc1]
    before = [a for a in usable if a.end <= t0]
    after = [a for a in usable if a.start >= t1]
    # "Israeli strikes", "Turkish drones hit": the actor's own words hold the trigger, so it is the agent
    own = [a for a in usable if a.start < t0 < a.end]
    # "were killed", not "are advancing": a passive needs a participle, never an -ing form
    passive = bool(_PASSIVE.search(text, max(lo, t0 - 25), t0)) and not text[t0:t1].lower().endswith("ing")
    agent = target = None
    by = [a for a in after if _BY_AFTER.search(text, max(t1, a.start - 40), a.start)]
    if by:
        agent = by[0]
    elif own:
        agent = own[0]
    between = [a for a in after if _BETWEEN.search(text, max(t1, a.start - 20), a.start)]
    upto = own[0].start if own else t0
    # "Three civilians were killed by Israeli strikes", "Two soldiers were wounded in shelling": the victims
    victim = (
        before[-1]
        if before
        and (
            _SUFFERED.fullmatch(text, before[-1].end, upto)
            or _SUFFERED_WHEN.match(text, before[-1].end, upto)
        )
        else None
    )
    if passive:
        target = before[-1] if before else None
    else:
        agent = agent or _subject(
            before, victim, event_type, noun=bool(_NOUN_TRIGGER.search(text, max(lo, t0 - 30), t0))
        )
        if between and agent is None:
            agent = between[0]
        rest = [a for a in after if a is not agent and a.name != getattr(agent, "name", None)]
        target = rest[0] if rest else None
        if target is None and victim is not None:  # the agent is never the victim: chosen apart from it
            target = victim
        if target is None and agent is not None and before:  # "X and Y clashed": the other side
            others = [a for a in before if a is not agent and a.name != agent.name]
            if others and event_type == BATTLE:
                target = others[-1]
                if target.end <= agent.start and _AND_GAP.fullmatch(text, target.end, agent.start):
                    agent, target = target, agent  # the side named first is actor1, as coders list them
        while agent in before and target is not agent:
            # "Malian soldiers and Wagner mercenaries executed ...": one side, named first is actor1 and the
            # others its associates (two sides that clash with each other are handled above)
            k = before.index(agent)
            first = before[k - 1] if k else None
            if first is None or first is target or not _AND_GAP.fullmatch(text, first.end, agent.start):
                break
            assoc1.append(agent)
            agent = first
    if agent is None and not passive:  # "police said they arrested ...", "Sudan army says it repelled ..."
        armed = [
            a for a in sources if a.inter in _ARMED_INTER and a is not target and not _attribution(text, a, lo)
        ]
        agent = armed[0] if armed else None
    agent, target = _codebook(agent, target, event_type, actors, country, (t0, t1), text)
    groups = actors.groups(text[lo:hi], country)
    assoc2: list[str] = []
    if target is not None and target.inter == 7:
        assoc2 = [g.name for g in groups if g.start + lo >= t0 or passive]
    group1 = (
        [g.name for g in groups if g.end + lo <= t0] if agent is not None and agent.inter in (5, 6) else []
    )
    return Roles(
        agent,
        target,
        tuple(dict.fromkeys([a.name for a in assoc1] + group1)),
        tuple(dict.fromkeys(assoc2[:1])),
    )


#: A trigger that is a noun after its article ("after a two-day battle", "in an overnight raid").
_NOUN_TRIGGER = re.compile(r"\b(?:a|an|the|their|its)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def _subject(
    before: Sequence[ActorMention], victim: ActorMention | None, event_type: str, noun: bool = False
) -> ActorMention | None:
    """The agent among the actors named before the trigger: the nearest one, but for a noun trigger the
    subject of the clause, named first ("PDF fighters captured a police station after a battle": the
    battle is the fighters'); and in violence the civilians just before the trigger are the object of the
    clause's verb, not its subject ("ADF militants killed 40 people in a raid")."""
    named = [a for a in reversed(before) if a is not victim]
    if noun and named:
        return named[-1]
    if event_type in (BATTLE, REMOTE, VAC):
        armed = [a for a in named if a.inter not in (7, None)]
        if armed and named[0].inter == 7:
            return armed[0]
    return named[0] if named else None


def _codebook(
    agent: ActorMention | None,
    target: ActorMention | None,
    event_type: str,
    actors: ActorList,
    country: str | None,
    trigger: tuple[int, int],
    text: str,
) -> tuple[ActorMention | None, ActorMention | None]:
    """The codebook's constraints on the two sides of an event type."""
    t0, t1 = trigger

    def generic(template: str, inter: int) -> ActorMention:
        return ActorMention(actors.label(template, country), inter, t0, t1, text[t0:t1], country)

    if event_type in (BATTLE, REMOTE) and agent is not None and agent.inter == 7:
        agent, target = None, target or agent  # civilians do not strike or fight
    if event_type == VAC:
        if agent is not None and agent.inter == 7 and (target is None or target.inter != 7):
            agent, target = target if target is not None and target.inter != 7 else None, agent
        if target is None or target.inter != 7:
            target = generic("Civilians ({country})", 7)
    if event_type == RIOT:
        if agent is None or agent.inter not in (5,):
            if agent is not None and agent.inter == 6:
                agent = replace(
                    agent, name=actors.label("Rioters ({country})", agent.country or country), inter=5
                )
            elif (
                agent is not None and agent.inter in (1, 8) and (target is None or target.inter not in (5, 6))
            ):
                target = target or agent  # "police and protesters clashed": the riot is the rioters'
                agent = generic("Rioters ({country})", 5)
            elif agent is None or agent.inter in (7, None):
                agent = generic("Rioters ({country})", 5)
    if event_type == PROTEST:
        if agent is None or agent.inter != 6:
            if agent is not None and agent.inter in (1, 8) and (target is None or target.inter != 6):
                target = generic("Protesters ({country})", 6) if target is None else target
                agent, target = target, agent  # "police dispersed protesters": the protest is the protesters'
            elif agent is None or agent.inter in (5, 7, None):
                agent = generic("Protesters ({country})", 6)
        if target is not None and target.inter == 6:
            target = None
    if target is not None and agent is not None and target.name == agent.name and event_type not in (BATTLE,):
        target = None
    return agent, target
