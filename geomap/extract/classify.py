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

_AIRCRAFT = (
    r"(?:jets?|warplanes?|aircraft|planes?|helicopters?|gunships?|drones?|UAVs?|air\s+force|fighter\s+jets?)"
)
_GOODS = r"(?:goods|vehicles?|cars?|trucks?|lorries|motorcycles?|motorbikes?|livestock|cattle|camels|sheep|goats|food|aid|supplies|fuel|property|money|cash|phones?|crops|harvest|equipment|boats?|buses)"
_PROPERTY = r"(?:homes?|houses?|huts?|shops?|stores?|market|vehicles?|cars?|trucks?|lorries|crops|fields|farms?|granar(?:y|ies)|tents?|shelters?|buildings?|property|properties|villages?|school|church|mosque|offices?|warehouses?)"

#: (event type, sub-event type, pattern, movement). Earlier rows win where two matches overlap. The
#: sub-event type "?" marks assault verbs (raid, storm, ambush) whose type depends on the target.
_RULES: list[tuple[str, str, str, bool]] = [
    (
        PROTEST,
        "Peaceful protest",
        r"general\s+strike|hunger\s+strike|went\s+on\s+strike|strik(?:e|es|ing)\s+workers",
        False,
    ),
    (
        REMOTE,
        "Suicide bomb",
        r"suicide\s+(?:bomb(?:er|ers|ing|ings|s)?|attacks?|car\s+bombs?|blasts?|vests?)|blew\s+(?:himself|herself|themselves)\s+up|(?-i:SVBIEDs?)",
        False,
    ),
    (REMOTE, "Chemical weapon", r"chemical\s+(?:weapons?|attacks?)|(?:sarin|chlorine|mustard)\s+gas", False),
    (
        REMOTE,
        "Air/drone strike",
        r"air\s*-?strikes?|air\s*raids?|(?:drone|UAV|missile)\s+(?:strikes?|attacks?)|(?:aerial|air)\s+(?:attacks?|bombardment|bombing)s?"
        r"|bombed\s+from\s+the\s+air|barrel\s+bombs?|(?:dropped|drop|dropping)\s+(?:\w+\s+){0,2}?(?:bombs?|explosives|munitions)"
        r"|(?:kamikaze|suicide|loitering)\s+drones?|air\s+(?:support|cover)\s+struck"
        r"|(?:launch(?:ed|es|ing)?|sent|fired)\s+(?:\w+\s+){0,3}?(?:drones|UAVs)"
        r"|glide\s+bombs?|guided\s+(?:aerial\s+)?bombs?|air-dropped\s+(?:bombs?|munitions)",
        False,
    ),
    (
        REMOTE,
        "Air/drone strike",
        _AIRCRAFT
        + r"(?:\s+\w+){0,3}?\s+(?P<t>struck|bombed|hit|pounded|targeted|attacked|strikes?|fired|shelled|raided|bombarded)",
        False,
    ),
    (REMOTE, "Grenade", r"(?:hand\s+)?grenades?", False),
    (
        REMOTE,
        "Remote explosive/landmine/IED",
        r"roadside\s+bombs?|car\s+bombs?|(?-i:V?B?IEDs?)|land\s*-?mines?|(?:anti-personnel|anti-tank)\s+mines?|explosive\s+devices?"
        r"|booby[- ]trap(?:s|ped)?|bombs?(?:\s+\w+){0,2}\s+(?:exploded|detonated|went\s+off)|(?:planted|detonated)\s+(?:an?\s+)?(?:bomb|explosives?)"
        r"|unexploded\s+(?:ordnance|munitions?|shells?)|(?:stepped\s+on|hit|struck|ran\s+over)\s+an?\s+mine|explosions?|blasts?|exploded|detonat(?:ed|ion)",
        False,
    ),
    (
        REMOTE,
        "Shelling/artillery/missile attack",
        r"shell(?:ed|ing|s)|artillery|mortars?|rockets?|missiles?|barrages?|bombard(?:ed|ment|ments|ing)|tank\s+fire|heavy\s+weapons\s+fire|(?-i:Grad)s?",
        False,
    ),
    (
        REMOTE,
        "Air/drone strike",
        r"strikes?\s+(?:on|against|targeting|near|in|hit|killed)|(?<!general\s)strikes?\s+(?:by|from)\s+(?:\w+\s+){0,2}?(?:jets|aircraft|drones)",
        False,
    ),
    (RIOT, "Mob violence", r"mobs?|lynch(?:ed|ing)|vigilantes?", False),
    (RIOT, "Violent demonstration", r"riot(?:s|ed|ing|ers)?", False),
    (
        PROTEST,
        "Peaceful protest",
        r"protest(?:s|ed|ing|ers|ors)?|demonstrat(?:ion|ions|ors|ed|ing)|rall(?:y|ies|ied)|sit-ins?|marche[ds]|boycott(?:ed)?",
        False,
    ),
    (
        BATTLE,
        "Government regains territory",
        r"recaptur(?:ed|e|es|ing)|retook|retaken|retak(?:e|es|ing)|regain(?:ed|s)?\s+control|liberat(?:e|ed|es|ing|ion\s+of)",
        False,
    ),
    (
        STRATEGIC,
        "Non-violent transfer of territory",
        r"(?:handed\s+over|transferred|ceded|surrendered)\s+(?:control\s+of\s+|the\s+)?(?:\w+\s+){0,3}?(?:town|city|village|area|base|territory|positions?|control)"
        r"|(?:took|taken|seized)\s+(?:over|control)\s+(?:\w+\s+){0,4}?(?:without\s+(?:a\s+fight|resistance|fighting)|unopposed)",
        False,
    ),
    (
        BATTLE,
        "Non-state actor overtakes territory",
        r"(?:seized|took|taken|gained|wrested)\s+control|took\s+over|overr?an|overrun(?:s|ning)?"
        r"|(?:captur(?:ed|es|e|ing)|seiz(?:ed|es|e|ing)|takes)\s+(?:the\s+|an?\s+)?(?:\w+\s+){0,2}?"
        r"(?:towns?|city|villages?|area|bases?|district|airport|positions?|camps?|barracks|outposts?|posts?|hills?|checkpoints?|headquarters)\b",
        False,
    ),
    (
        BATTLE,
        "Armed clash",
        r"clash(?:es|ed|ing)?|fighting|fought|battl(?:e|es|ed|ing)|gun\s*battles?|fire\s*fights?|gunfights?|exchanges?\s+of\s+(?:gun)?fire|exchanged\s+(?:gun)?fire|skirmish(?:es|ed)?|offensive|counter-?attack(?:ed|s)?"
        r"|repuls(?:ed|es|ing)|repell?(?:ed|s|ing)|fended\s+off|beat\s+back",
        False,
    ),
    (  # a front-line advance is fighting: "Russian troops advanced near Chasiv Yar"
        BATTLE,
        "Armed clash",
        r"(?:troops|forces|fighters|units|soldiers|army|militants|rebels|brigades?|militias?)\s+(?:\w+\s+){0,2}?"
        r"(?P<t>(?:advanc(?:ed|es|ing)|made\s+gains)"
        r"(?=\s+(?:\w+\s+){0,2}?(?:near|towards?|on|into|in|around|outside|west|east|north|south)\b)"
        r"|push(?:ed|ing)\s+(?:forward|deeper|into|towards))",
        False,
    ),
    (
        BATTLE,
        "?",
        r"ambush(?:ed|es|ing)?|raid(?:ed|s|ing)?|storm(?:ed|ing)|storms?(?=\s+(?:the|an?|their|its|into|police|army|military|prisons?|jails?|hotels?|bases?|checkpoints?|villages?|towns?|compounds?|buildings?|parliament|mosques?|churches|church|schools?|offices?|headquarters|camps?)\b)|assault(?:ed|s)?\s+on|incursions?|attacks?\s+(?:on|against)",
        False,
    ),
    (VAC, "Sexual violence", r"rap(?:ed|es)|rape|gang-?raped?|sexual\s+(?:violence|assaults?|abuse)", False),
    (
        VAC,
        "Abduction/forced disappearance",
        r"kidnapp?(?:ed|ing|ings|s)?|abduct(?:ed|ion|ions|ing|s)?|(?:taken|took|held|holding)\s+(?:\w+\s+){0,2}?hostages?|forced(?:ly)?\s+disappear(?:ed|ances?)"
        r"|seized\s+(?:\w+\s+){0,2}?(?:civilians|passengers|villagers|men|women|people|children|students|girls|boys)",
        False,
    ),
    (
        VAC,
        "Attack",
        r"massacr(?:e|es|ed)|execut(?:ed|es|ions?)|murder(?:ed|s)?|tortur(?:ed|e)|behead(?:ed|s|ings?)?|burned\s+alive|assassinat(?:ed|es|ions?)"
        r"|slay(?:s|ing|ings)|slain",
        False,
    ),
    (
        STRATEGIC,
        "Disrupted weapons use",
        r"defus(?:ed|ing)|dismantled\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?:bombs?|explosives?|IEDs?|devices?|mines?)|(?:intercepted|shot\s+down|downed)\s+(?:\w+\s+){0,3}?(?:drones?|missiles?|rockets?|projectiles?|UAVs?)"
        r"|(?:seized|found|discovered|uncovered)\s+(?:\w+\s+){0,3}?(?:weapons|arms|ammunition|explosives)(?:\s+caches?|\s+depots?)?|(?:foiled|thwarted)\s+(?:\w+\s+){0,3}?(?:attacks?|plots?|bombings?)|weapons\s+caches?",
        False,
    ),
    (
        STRATEGIC,
        "Looting/property destruction",
        r"loot(?:ed|ing|ers|s)?|plunder(?:ed|ing|s)?|ransack(?:ed|ing|s)?|pillag(?:ed|ing|es)|torch(?:ed|ing)|set\s+(?:\w+\s+){0,4}?(?:on\s+fire|ablaze|alight)|set\s+fire|arson"
        rf"|(?:burn(?:ed|t|ing|s)?|torch(?:es)?)\s+(?:down\s+)?(?:\w+\s+){{0,3}}?{_PROPERTY}|raz(?:ed|es?|ing)|demolish(?:ed|es|ing)?|demolitions?|bulldoz(?:ed|es?|ing)|vandali[sz](?:ed|es?|ing)"
        rf"|destroy(?:ed|ing|s)?\s+(?:\w+\s+){{0,3}}?{_PROPERTY}|uproot(?:ed|ing)|(?:cut\s+down|felled)\s+(?:\w+\s+){{0,2}}?(?:olive\s+)?trees|seiz(?:ed|ing)\s+(?:\w+\s+){{0,3}}?{_GOODS}|stole|stolen|confiscat(?:ed|ion)|hijack(?:ed|ing)",
        False,
    ),
    (
        STRATEGIC,
        "Arrests",
        r"arrest(?:ed|s|ing)?|detain(?:ed|ing|s)?|detention\s+of|rounded\s+up|taken\s+into\s+custody|apprehended|crack(?:ed)?\s*-?downs?|cracking\s+down",
        False,
    ),
    (
        STRATEGIC,
        "Agreement",
        r"cease-?fires?|truces?|(?:peace|defen[cs]e|security|prisoner)\s+(?:agreements?|deals?|accords?|pacts?|swaps?|exchanges?)|agreements?|accords?|pacts?|(?P<t>agreed)\s+(?:to|on)|prisoner\s+releases?",
        False,
    ),
    (
        STRATEGIC,
        "Headquarters or base established",
        r"(?:establish(?:ed|ing|es)?|set\s+up|build(?:ing)?|buil[td]|open(?:ed|ing)?)(?:\s+\w+){0,3}?\s+(?:military\s+)?(?:bases?|outposts?|headquarters|camps?|checkpoints?)",
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
        "Other",
        r"besieg(?:ed|ing|e)|sieges?|blockad(?:e|ed|es|ing)|encircl(?:ed|ing|ement)|curfews?|displac(?:ed|ement)|forced\s+(?:\w+\s+){0,2}?to\s+flee|fled\s+(?:their|the)|evict(?:ed|ions?)|expell?(?:ed|ing)",
        False,
    ),
    (
        STRATEGIC,
        "Change to group/activity",
        r"convoys?|deploy(?:ed|ment|ments|ing|s)?|withdr(?:ew|awn|awal|awals|aw|awing|aws)|pull(?:ed|s|ing)?\s+(?:out|back)|retreat(?:ed|s|ing)?|redeploy(?:ed|ment)?|reinforcements|(?:moved|move|moving|went|go|going)\s+in(?:to)?|enter(?:ed|ing|s)?|advanc(?:ed|ing|es)\s+(?:on|toward|towards|into)|dispatched|sent\s+(?:troops|forces|reinforcements)|patroll?(?:ed|ing|s)",
        True,
    ),
]

#: Weak triggers: reported harm that is an event only when nothing stronger in the sentence explains it.
_WEAK = re.compile(
    r"\b(?:kill(?:ed|ing|ings|s)?|shot(?:\s+dead)?|shooting|gunned\s+down|stabb(?:ed|ing)|attack(?:ed|s|ing)?|assault(?:ed|s)?|wound(?:ed|ing)|injur(?:ed|ing)|dead|died|beat(?:en)?|targeted|open(?:ed)?\s+fire|fired\s+(?:on|at|into)|hit|whipped|flogged|robbed|robbery|firing|target(?:s|ing)?|casualties|deaths|martyr(?:s|ed))\b",
    re.IGNORECASE,
)
_CIVILIAN_WORDS = (
    r"civilians?|villagers?|residents?|farmers?|herders?|shepherds?|worshippers?|pilgrims?|journalists?|reporters?"
    r"|aid\s+workers?|humanitarian\s+workers?|health\s+workers?|medics?|doctors?|nurses?|students?|pupils?|teachers?"
    r"|women|woman|children|child|girls?|boys?|man|men|widow|family|families|passers-?by|people|teenagers?|elderly"
    r"|refugees?|displaced|migrants?|passengers?|traders?|merchants?|employees?|staff|workers?|drivers?|motorists?"
    r"|fishermen|miners|chief|imam|priest|pastor|monks?|nuns?|villages?|homes?|houses?|market|mosque|church|school"
    r"|vaccinators?|lawyers?|judges?|activists?|politicians?|candidates?|councill?ors?|elders?|clerics?|worshipers?"
    r"|hospital|clinic|monastery|bank|camp\s+for\s+displaced|IDPs?|(?:\w+\s+)?family|wife|husband|son|daughter|sons|daughters|brothers?|sisters?"
)
_CIVILIAN = re.compile(rf"\b(?:{_CIVILIAN_WORDS})\b", re.IGNORECASE)
_ARMED = re.compile(
    r"\b(?:soldiers?|troops|army|military|police(?:men|man|\s+officers?)?|gendarmes?|gendarmerie|officers|forces|fighters|militants?"
    r"|rebels?|militia(?:s|men|man)?|insurgents?|jihadists?|gunmen|combatants|guards?|bases?|barracks|checkpoints?"
    r"|outposts?|posts?|positions?|patrols?|convoys?|garrisons?|units?|battalions?|brigades?|commanders?|tanks?"
    r"|armou?red\s+vehicles?|(?:security|defence|defense)\s+(?:forces|personnel)|vigilantes|volunteers|VDPs?|dozos?"
    r"|terrorists?|bandits?|extremists?|separatists?|guerr?illas?|kidnappers?|pirates?|defenders|jihadis|islamists?"
    r"|paramilitar(?:y|ies)|mercenar(?:y|ies)|recruits|sentr(?:y|ies))\b",
    re.IGNORECASE,
)
_CONTEXT_BEFORE = re.compile(
    r"\b(?:(?-i:will|would|could|might|may|shall)|plans?\s+to|planning\s+to|intends?\s+to|threaten(?:s|ed)?\s+to|aims?\s+to|seek(?:s|ing)?|sought|prospect\s+of|possible|possibility\s+of|potential|proposed|no\s+position\s+on|calls?\s+for|called\s+for|urg(?:ed|es|ing)|deny|denied|denies|did\s+not|didn't|never|without|fears?\s+of|(?:day|week|month|year|decade)s?\s+of|(?:block|prevent|stop|bar)(?:s|ed|ping|ing)?\b[^.;,]{0,30}\bfrom|since\s+(?:19|20)\d\d|history\s+of|long|condemn(?:ed|s|ing)?|anniversary\s+of|commemorat(?:e|ed|ing))\b[^.;,]{0,40}$",
    re.IGNORECASE,
)
_PROTEST_INTERVENTION = re.compile(
    r"\b(?:dispers(?:ed|e|ing)|tear\s*-?gas|water\s+cannons?|rubber\s+bullets|arrest(?:ed|s)?|detain(?:ed|s)?|broke\s+up|batons?|beat|crack(?:ed)?\s*-?down|cracking\s+down)\b",
    re.IGNORECASE,
)
_PROTEST_FORCE = re.compile(
    r"\b(?:killed|killing|shot\s+dead|live\s+(?:fire|ammunition|rounds|bullets)|opened\s+fire|fired\s+(?:on|at|into)|massacre)\b",
    re.IGNORECASE,
)
_PROTEST_VIOLENT = re.compile(
    r"\b(?:thr(?:ew|owing)\s+(?:stones|rocks|petrol|molotov|bottles|projectiles)|stone-?throwing|pelted|stoned|torch(?:ed|ing)|set\s+fire|set\s+\w+\s+(?:on\s+fire|ablaze)"
    r"|burn(?:ed|t|ing)\s+(?:down\s+)?(?:the|a|an|several|two|three|cars|vehicles|shops|buildings|offices|houses|homes)|clash(?:ed)?\s+with\s+(?:the\s+)?(?:police|security|soldiers|troops)"
    r"|(?:police|security\s+forces|soldiers|troops|protesters|protestors|demonstrators|youths?)\s+and\s+(?:the\s+)?"
    r"(?:police|security\s+forces|soldiers|troops|protesters|protestors|demonstrators|youths?)\s+clash(?:ed)?"
    r"|clash(?:es)?\s+between\s+(?:the\s+)?(?:police|security\s+forces|protesters|protestors|demonstrators)\s+and"
    r"|vandali[sz]ed|smash(?:ed|ing)|loot(?:ed|ing)|ransack(?:ed|ing)|storm(?:ed|ing)|attack(?:ed|ing)\s+(?:the\s+)?(?:police|security|officers|soldiers|troops|a|an|the)|injur(?:ed|ing)\s+(?:\w+\s+)?(?:police|officers)|damag(?:ed|ing))\b",
    re.IGNORECASE,
)
_PROTESTERS_AS_AGENT = re.compile(
    r"\b(?:protesters|protestors|demonstrators|crowds?|youths?|marchers|students|supporters|residents|people)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
_TARGET_BEFORE = re.compile(
    r"\b(?:on|against|targeting|struck|hit|bombed|attacked|ambushed|shelled|targeted)\s+(?:an?\s+|the\s+)?(?:(?-i:[a-z][\w-]*)\s+){0,2}$",
    re.IGNORECASE,
)
_REQUEST = re.compile(r"(?:ask|request|sought|seek|appeal|call|turn|plead|urg)", re.IGNORECASE)
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
    """Protest or riot: violence by the demonstrators makes a riot, force against them excessive force."""
    violent = _PROTEST_VIOLENT.search(sentence)
    force = _PROTEST_FORCE.search(sentence)
    if violent and (not force or violent.start() < force.start()):
        if _PROTESTERS_AS_AGENT.search(sentence, 0, violent.start()) or not force:
            return RIOT, "Violent demonstration"
    if force:
        return PROTEST, "Excessive force against protesters"
    if violent:
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
    real = [t for t in found if t.context is None]
    if not real:
        found += _weak_triggers(sentence, taken)
    elif all(t.sub_event_type == _DESTRUCTION for t in real):
        # "settlers attacked farmers ... and set fire to olive trees": one attack, the burning part of it
        harm = [
            w
            for w in _weak_triggers(sentence, taken)
            if w.event_type in (BATTLE, VAC) and w.context is None and target_kind(sentence, w.start, w.end)
        ]
        if harm:
            found = [t for t in found if t.sub_event_type != _DESTRUCTION] + harm
    return sorted(found, key=lambda t: t.start)


_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being|is|are|got)\s+(?:\w+\s+)?$", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;:]|\.\s|,\s+(?:while|but|as|after|before|when|and\s+then)\b|\s[\u2014\u2013]\s")
_STATE_AGENT = re.compile(
    r"\b(?:soldiers|troops|army|military|police|forces|gendarmes?|gendarmerie|officers|security|regime|junta|authorities|IDF)\b[^.;]{0,50}$",
    re.IGNORECASE,
)
_ARMED_MEN = re.compile(
    r"\b(?:armed|masked|unidentified|unknown)\s+(?:men|individuals|persons|assailants|people)\b",
    re.IGNORECASE,
)
_HARM = re.compile(
    r"\b(?:kill(?:s|ed|ing)?|shot|wound(?:s|ed|ing)?|injur(?:es|ed|ing)|dead|died|beat(?:s|en|ing)?|tortur(?:ed|ing))\b",
    re.IGNORECASE,
)


def _first_kind(text: str) -> str | None:
    """``armed`` or ``civilian`` for the first target word of ``text``, or None."""
    armed = _ARMED.search(text)
    men = _ARMED_MEN.search(text)
    if men and (armed is None or men.start() < armed.start()):
        armed = men
    civ = _CIVILIAN.search(text)
    if armed and (civ is None or armed.start() <= civ.start()):
        return "armed"
    return "civilian" if civ else None


def target_kind(sentence: str, start: int, end: int) -> str | None:
    """Whether the target of the verb at ``sentence[start:end]`` is ``armed`` or ``civilian`` (None: not said).

    The object after an active verb ("ambushed an army convoy", "killing a farmer"), the subject before a
    passive one ("five soldiers were killed"), then any victim named later in the clause.
    """
    stop = _CLAUSE_END.search(sentence, end)
    after = sentence[end : stop.start() if stop else len(sentence)]
    if _PASSIVE_BEFORE.search(sentence, max(0, start - 30), start):
        lo = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)), default=0)
        kind = _first_kind(sentence[lo:start])
        if kind:
            return kind
    head = " ".join(after.split()[:7])
    return _first_kind(head) or _first_kind(after)


def _assault(sentence: str, t: Trigger) -> tuple[str, str]:
    """Raids, storming, ambushes: a battle on an armed target, an attack on civilians, else a raid."""
    kind = target_kind(sentence, t.start, t.end)
    if kind is None and _HARM.search(sentence, t.end):
        kind = target_kind(sentence, *_HARM.search(sentence, t.end).span())
    word = t.text.lower()
    if kind == "armed" or word.startswith(("ambush", "counter")):
        return BATTLE, "Armed clash"
    if kind == "civilian" and (_HARM.search(sentence) or not _STATE_AGENT.search(sentence, 0, t.start)):
        return VAC, "Attack"
    return STRATEGIC, "Other"


_DESTRUCTION = "Looting/property destruction"
_FRAMING = ("?",)  # raids/storming: dropped when a stronger report in the sentence tells what happened


def _refine(sentence: str, found: list[Trigger]) -> list[Trigger]:
    """Protest sub-types from the rest of the sentence; assault verbs by target; convoys that are only
    targets; context marks."""
    protest = any(t.event_type in (PROTEST, RIOT) for t in found)
    protest_word = any(t.event_type == PROTEST for t in found)
    riot = any(t.event_type == RIOT for t in found)
    framed = [t for t in found if t.sub_event_type not in _FRAMING and not t.movement]
    attack = False  # an assault on people kept: property destruction after it is part of it
    out = []
    for t in found:
        if (
            protest_word
            and t.sub_event_type in ("Arrests", "Armed clash")
            or t.event_type == RIOT
            and protest_word
        ):
            continue  # "police arrested protesters": one protest with intervention
        if protest and t.sub_event_type in (_DESTRUCTION, "?", "Attack"):
            continue  # "rioters set fire to a police station": one riot
        if t.sub_event_type == "?":
            kind = _assault(sentence, t)
            if framed and not (
                kind[0] in (BATTLE, VAC) and all(f.sub_event_type == _DESTRUCTION for f in framed)
            ):
                continue  # "soldiers raided the camp and arrested three": one arrest event
            t = Trigger(*kind, t.start, t.end, t.text, t.movement)
            attack = attack or kind[0] in (BATTLE, VAC)
        elif t.sub_event_type == _DESTRUCTION and attack:
            continue  # "attacked farmers and set fire to olive trees": the burning is part of the attack
        if t.event_type == PROTEST:
            t = Trigger(*_protest_subtype(sentence), t.start, t.end, t.text, t.movement)
        if (
            t.sub_event_type == "Other"
            and _REQUEST.match(t.text)
            and _ANAPHORA_BEFORE.search(sentence, 0, t.start)
        ):
            continue  # "the request covers ...": a request already reported
        if (
            t.movement
            and t.text.lower().startswith(("convoy", "patrol"))
            and _TARGET_BEFORE.search(sentence, 0, t.start)
        ):
            continue  # "strikes on convoys": the convoy is the target, not a movement
        if (
            t.movement
            and t.text.lower().startswith(("convoy", "patrol"))
            and any(not o.movement and 0 <= t.start - o.end <= 30 for o in found)
        ):
            continue
        out.append(Trigger(t.event_type, t.sub_event_type, t.start, t.end, t.text, t.movement,
                           _context_reason(sentence, t.start)))  # fmt: skip
    if riot and not protest_word:
        out = [t for t in out if t.event_type == RIOT or t.event_type == REMOTE]
    return out


def _by_target(sentence: str, start: int, end: int) -> tuple[str, str]:
    kind = target_kind(sentence, start, end)
    if kind is None:
        kind = "civilian" if _CIVILIAN.search(sentence) and not _ARMED.search(sentence, end) else "armed"
    return (VAC, "Attack") if kind == "civilian" else (BATTLE, "Armed clash")


#: Natural hazards: harm they do ("a storm hit Samar", "killed by floods") is no conflict event.
_HAZARD = re.compile(
    r"\b(?:storms?|typhoons?|cyclones?|hurricanes?|earthquakes?|quakes?|floods?|flooding|floodwaters|landslides?"
    r"|mudslides?|tornado(?:es)?|tsunamis?|heatwaves?|heavy\s+rains?|wildfires?|lightning|avalanches?)\b",
    re.IGNORECASE,
)


_BY_OR_IN = re.compile(r"\s+(?:by|in)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?")


def _by_hazard(sentence: str, m: re.Match[str]) -> bool:
    """True when a natural hazard does the harm of weak trigger ``m``: named just before it or after "by"."""
    if _HAZARD.search(sentence, max(0, m.start() - 30), m.start()):
        return True
    after = _BY_OR_IN.match(sentence, m.end())
    return bool(after and _HAZARD.match(sentence, after.end()))


def _weak_triggers(sentence: str, taken: list[tuple[int, int]]) -> list[Trigger]:
    """One event from harm words when no stronger trigger reports it: an attack on civilians or a clash."""
    for m in _WEAK.finditer(sentence):
        if any(m.start() < e and s < m.end() for s, e in taken) or _by_hazard(sentence, m):
            continue
        event_type, sub = _by_target(sentence, m.start(), m.end())
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
    event_type, sub = _by_target(sentence, start, end)
    return Trigger(event_type, sub, start, end, word, False, _context_reason(sentence, start))
