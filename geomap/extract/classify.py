"""Event reports in a sentence, classified with ACLED event and sub-event types.

Each :class:`Trigger` is a word or phrase that reports an event ("clashes", "air strikes", "arrested",
"ceasefire", "convoy"), with its span so that the place chooser can look around it. A sentence may hold
several. Weak triggers ("killed", "attacked") count only when no stronger one explains them, since
"22 fighters were killed in the clashes" is one clash, not two events. A trigger inside a hypothetical,
negated or background phrase ("could include bases", "weeks of killing") is marked ``context``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BATTLE, REMOTE, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PROTEST, RIOT, STRATEGIC = "Protests", "Riots", "Strategic developments"

_AIRCRAFT = r"(?:jets?|warplanes?|aircraft|planes?|helicopters?|drones?|air\s+force)"

#: (event type, sub-event type, pattern, movement). Earlier rows win where two matches overlap.
_RULES: list[tuple[str, str, str, bool]] = [
    (
        REMOTE,
        "Suicide bomb",
        r"suicide\s+(?:bomb(?:er|ers|ing|ings|s)?|attacks?|car\s+bombs?|blasts?)|blew\s+(?:himself|herself|themselves)\s+up",
        False,
    ),
    (REMOTE, "Chemical weapon", r"chemical\s+(?:weapons?|attacks?)|(?:sarin|chlorine|mustard)\s+gas", False),
    (
        REMOTE,
        "Air/drone strike",
        r"air\s*strikes?|air\s*raids?|drone\s+(?:strikes?|attacks?)|(?:aerial|air)\s+(?:attacks?|bombardment|bombing)s?|bombed\s+from\s+the\s+air",
        False,
    ),
    (
        REMOTE,
        "Air/drone strike",
        _AIRCRAFT + r"(?:\s+\w+){0,3}?\s+(?P<t>struck|bombed|hit|pounded|targeted|attacked|strikes?|fired)",
        False,
    ),
    (
        REMOTE,
        "Remote explosive/landmine/IED",
        r"roadside\s+bombs?|car\s+bombs?|(?-i:IEDs?)|land\s*mines?|explosive\s+devices?|booby[- ]trap(?:s|ped)?|bombs?(?:\s+\w+){0,2}\s+(?:exploded|detonated|went\s+off)|(?:explosions?|blasts?)",
        False,
    ),
    (REMOTE, "Grenade", r"grenades?", False),
    (
        REMOTE,
        "Shelling/artillery/missile attack",
        r"shell(?:ed|ing|s)|artillery|mortars?|rockets?|missiles?|barrages?|bombard(?:ed|ment|ing)",
        False,
    ),
    (REMOTE, "Air/drone strike", r"strikes?\s+(?:on|against|targeting|near|in)", False),
    (RIOT, "Mob violence", r"mobs?|lynch(?:ed|ing)", False),
    (RIOT, "Violent demonstration", r"riot(?:s|ed|ing|ers)?", False),
    (
        PROTEST,
        "Peaceful protest",
        r"protest(?:s|ed|ing|ers|ors)?|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies|ied)|sit-ins?|general\s+strike|went\s+on\s+strike",
        False,
    ),
    (
        BATTLE,
        "Government regains territory",
        r"recaptur(?:ed|e|es|ing)|retook|retaken|regain(?:ed)?\s+control",
        False,
    ),
    (
        BATTLE,
        "Non-state actor overtakes territory",
        r"(?:seized|took|taken|gained)\s+control|overr?an|captured\s+(?:the\s+)?(?:town|city|village|area|base|district|airport)",
        False,
    ),
    (
        BATTLE,
        "Armed clash",
        r"clash(?:es|ed|ing)?|fighting|fought|battl(?:e|es|ed|ing)|gun\s*battles?|fire\s*fights?|gunfights?|exchanges?\s+of\s+fire|exchanged\s+fire|skirmish(?:es|ed)?|ambush(?:ed|es)?",
        False,
    ),
    (VAC, "Sexual violence", r"rap(?:ed|es)|sexual\s+(?:violence|assaults?)", False),
    (
        VAC,
        "Abduction/forced disappearance",
        r"kidnapp?(?:ed|ing|ings)|abduct(?:ed|ion|ions|ing|s)|(?:taken|took|held)\s+hostage|forced\s+disappearances?",
        False,
    ),
    (VAC, "Attack", r"massacr(?:e|es|ed)|execut(?:ed|ions?)|murder(?:ed|s)?", False),
    (
        STRATEGIC,
        "Looting/property destruction",
        r"loot(?:ed|ing|ers)?|plunder(?:ed|ing)?|ransack(?:ed|ing)?|torched|set\s+(?:fire|ablaze)\s+to|burn(?:ed|t)\s+down|razed|demolished|vandali[sz]ed",
        False,
    ),
    (
        STRATEGIC,
        "Arrests",
        r"arrest(?:ed|s|ing)?|detain(?:ed|ing|s)?|rounded\s+up|taken\s+into\s+custody|apprehended",
        False,
    ),
    (
        STRATEGIC,
        "Agreement",
        r"cease-?fires?|truces?|(?:peace|defen[cs]e|security|prisoner)\s+(?:agreements?|deals?|accords?|pacts?|swaps?|exchanges?)|agreements?|accords?|pacts?|(?P<t>agreed)\s+(?:to|on)",
        False,
    ),
    (
        STRATEGIC,
        "Headquarters or base established",
        r"(?:establish(?:ed|ing|es)?|set\s+up|build(?:ing)?|buil[td]|open(?:ed|ing)?)(?:\s+\w+){0,3}?\s+(?:military\s+)?(?:bases?|outposts?|headquarters)",
        False,
    ),
    (
        STRATEGIC,
        "Other",
        r"(?P<t>ask(?:ed|s|ing)?|request(?:ed|s|ing)?|sought|seek(?:s|ing)?|appeal(?:ed|s|ing)?|call(?:ed|s|ing)?\s+on|turn(?:ed|s|ing)?\s+to|plead(?:ed|s)?|urg(?:ed|es))\b(?:[^.;]{0,60}?)\b(?:help|support|assistance|aid|backing|reinforcements|protection|intervention)\b|(?:requests?|appeals?|calls?)\s+for\s+(?:\w+\s+)?(?:help|support|assistance|aid)",
        False,
    ),
    (
        STRATEGIC,
        "Change to group/activity",
        r"convoys?|deploy(?:ed|ment|ments|ing|s)?|withdr(?:ew|awn|awal|awals|aw|awing|aws)|pull(?:ed|s|ing)?\s+(?:out|back)|retreat(?:ed|s|ing)?|redeploy(?:ed|ment)?|reinforcements|(?:moved|move|moving|went|go|going)\s+in(?:to)?|enter(?:ed|ing|s)?|advanc(?:ed|ing|es)\s+(?:on|toward|towards|into)|dispatched|sent\s+(?:troops|forces|reinforcements)",
        True,
    ),
]

#: Weak triggers: reported harm that is an event only when nothing stronger in the sentence explains it.
_WEAK = re.compile(
    r"\b(?:kill(?:ed|ing|ings|s)?|shot(?:\s+dead)?|shooting|gunned\s+down|stabbed|attack(?:ed|s|ing)?|assault(?:ed|s)?|wound(?:ed|ing)|injur(?:ed|ing)|dead|died|beat(?:en)?|targeted|opened\s+fire|fired\s+on|hit)\b",
    re.IGNORECASE,
)
_CIVILIAN = re.compile(
    r"\b(?:civilians?|villagers?|residents?|farmers?|shepherds?|worshippers?|pilgrims?|journalists?|reporters?|aid\s+workers?|doctors?|students?|teachers?|women|woman|children|child|girls?|boys?|man|men|widow|family|families|passers-?by|people|teenagers?|elderly|refugees?|displaced)\b",
    re.IGNORECASE,
)
_CONTEXT_BEFORE = re.compile(
    r"\b(?:will|would|could|might|may|shall|plans?\s+to|planning\s+to|intends?\s+to|threaten(?:s|ed)?\s+to|aims?\s+to|seek(?:s|ing)?|sought|prospect\s+of|possible|possibility\s+of|potential|proposed|no\s+position\s+on|calls?\s+for|called\s+for|urg(?:ed|es|ing)|deny|denied|denies|did\s+not|didn't|never|without|(?:day|week|month|year|decade)s?\s+of|(?:block|prevent|stop|bar)(?:s|ed|ping|ing)?\b[^.;,]{0,30}\bfrom|since\s+(?:19|20)\d\d|in\s+(?:19|20)\d\d|history\s+of|long)\b[^.;,]{0,40}$",
    re.IGNORECASE,
)
_PROTEST_INTERVENTION = re.compile(
    r"\b(?:dispers(?:ed|e|ing)|tear\s*gas|water\s+cannons?|rubber\s+bullets|arrest(?:ed|s)?|detain(?:ed|s)?|broke\s+up|baton|beat)\b",
    re.IGNORECASE,
)
_PROTEST_FORCE = re.compile(
    r"\b(?:killed|shot\s+dead|live\s+(?:fire|ammunition|rounds|bullets)|opened\s+fire|fired\s+on|massacre)\b",
    re.IGNORECASE,
)
_PROTEST_VIOLENT = re.compile(
    r"\b(?:threw\s+(?:stones|rocks|petrol|molotov)|stone-throwing|torched|set\s+fire|clashed\s+with\s+police|vandali[sz]ed|smashed|burned\s+tyres)\b",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(
    r"\b(?:on|against|targeting|struck|hit|bombed|attacked|ambushed)\s+(?:an?\s+|the\s+)?$", re.IGNORECASE
)
_ANAPHORA_BEFORE = re.compile(r"\b(?:the|this|that|its|their)\s+$", re.IGNORECASE)
_COMPILED = [(t, s, re.compile(rf"\b(?:{p})\b", re.IGNORECASE), mv) for t, s, p, mv in _RULES]


@dataclass(frozen=True)
class Trigger:
    """An event report at ``text[start:end]`` (offsets within the sentence)."""

    event_type: str
    sub_event_type: str
    start: int
    end: int
    text: str
    movement: bool = False
    context: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


def _span(m: re.Match[str]) -> tuple[int, int]:
    return m.span("t") if "t" in m.groupdict() and m.group("t") else m.span()


def _context_reason(sentence: str, start: int) -> str | None:
    """Why the trigger at ``start`` reports background or a possibility rather than an event."""
    m = _CONTEXT_BEFORE.search(sentence, max(0, start - 60), start)
    return f"hypothetical or background ({' '.join(m.group(0).split()[:3])})" if m else None


def _protest_subtype(sentence: str) -> tuple[str, str]:
    if _PROTEST_FORCE.search(sentence):
        return PROTEST, "Excessive force against protesters"
    if _PROTEST_VIOLENT.search(sentence):
        return RIOT, "Violent demonstration"
    if _PROTEST_INTERVENTION.search(sentence):
        return PROTEST, "Protest with intervention"
    return PROTEST, "Peaceful protest"


def find_triggers(sentence: str) -> list[Trigger]:
    """Every event report in ``sentence``, in text order; see the module notes for weak triggers."""
    taken: list[tuple[int, int]] = []
    found: list[Trigger] = []
    for event_type, sub, pattern, movement in _COMPILED:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append(m.span())
            start, end = _span(m)
            found.append(Trigger(event_type, sub, start, end, sentence[start:end], movement))
    found = _refine(sentence, found)
    if not any(t.context is None for t in found):
        found += _weak_triggers(sentence, taken)
    return sorted(found, key=lambda t: t.start)


def _refine(sentence: str, found: list[Trigger]) -> list[Trigger]:
    """Protest sub-types from the rest of the sentence; convoys that are only targets; context marks."""
    protest = any(t.event_type == PROTEST for t in found)
    riot = any(t.event_type == RIOT for t in found)
    out = []
    for t in found:
        if protest and t.sub_event_type in ("Arrests", "Armed clash") or t.event_type == RIOT and protest:
            continue  # "police arrested protesters": one protest with intervention
        if (protest or riot) and t.sub_event_type == "Looting/property destruction":
            continue  # "rioters set fire to a police station": one riot
        if t.event_type == PROTEST:
            t = Trigger(*_protest_subtype(sentence), t.start, t.end, t.text, t.movement)
        if t.sub_event_type == "Other" and _ANAPHORA_BEFORE.search(sentence, 0, t.start):
            continue  # "the request covers ...": a request already reported
        if t.movement and t.text.lower().startswith("convoy") and _TARGET_BEFORE.search(sentence, 0, t.start):
            continue  # "strikes on convoys": the convoy is the target, not a movement
        if (
            t.movement
            and t.text.lower().startswith("convoy")
            and any(not o.movement and 0 <= t.start - o.end <= 30 for o in found)
        ):
            continue
        out.append(Trigger(t.event_type, t.sub_event_type, t.start, t.end, t.text, t.movement,
                           _context_reason(sentence, t.start)))  # fmt: skip
    return out


def _weak_triggers(sentence: str, taken: list[tuple[int, int]]) -> list[Trigger]:
    """One event from harm words when no stronger trigger reports it: an attack on civilians or a clash."""
    for m in _WEAK.finditer(sentence):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        event_type, sub = (VAC, "Attack") if _CIVILIAN.search(sentence) else (BATTLE, "Armed clash")
        return [
            Trigger(
                event_type, sub, m.start(), m.end(), m.group(0), False, _context_reason(sentence, m.start())
            )
        ]
    return []


def classify_verb(sentence: str, start: int, end: int) -> Trigger:
    """The trigger at a known span (a verb the caller already chose), classified from its words."""
    for t in find_triggers(sentence):
        if t.start < end and start < t.end:
            return t
    word = sentence[start:end]
    event_type, sub = (VAC, "Attack") if _CIVILIAN.search(sentence) else (BATTLE, "Armed clash")
    return Trigger(event_type, sub, start, end, word, False, _context_reason(sentence, start))
