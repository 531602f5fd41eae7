"""Recognition: which capitalised runs of an article name places the gazetteer knows.

Every sub-run of up to six words is looked up (longest first, cached). A hit must be a plausible
match (an exact name; an alternate name only when long or prominent; a loose spelling variant only
after a locative cue such as "in"), and it survives only if no rule in
:mod:`geomap.geoparse.filters` says it is something else here: an organisation, a person, a demonym,
a street, a common word. A capitalised run after a strong locative cue ("in", "near", "village of")
that the gazetteer does not know is kept as an unresolved spot, so the caller can list it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from geomap.geoparse import filters
from geomap.geoparse.abbreviations import US_STATE_ABBREVIATIONS, US_STATES
from geomap.geoparse.document import (
    ADMIN_AFTER_RE,
    MODIFIERS,
    SETTLEMENT_AFTER_RE,
    Document,
    name_word,
    skip_single,
)
from geomap.geoparse.lookup import (
    AREA_KINDS,
    BIG_POPULATION,
    NameLookup,
    is_big,
    match_quality,
    outranks_a_person,
)
from geomap.geoparse.plausibility import ABBREVIATION_DOT_RE, DESCRIBED_RE, outgrows, plausible, rejected
from geomap.geoparse.recogniser import (
    FEATURES,
    STRONG_BEFORE,
    Model,
    caseless_spans,
    default_model,
    is_hashtag,
    span_features,
)
from geomap.geoparse.tokens import MAX_NGRAM, Token, is_arabic, transliterated

__all__ = ["NameLookup", "Spot", "caseless_candidates", "match_quality", "spot"]


@dataclass(slots=True)
class Spot:
    """A span of the text that names a place, with every place it could denote."""

    start: int
    end: int
    text: str
    candidates: tuple[Any, ...]
    admin_word: str | None = None  # "province" in "Sweida province"
    settlement_word: str | None = None  # "camp" in "Balata camp", "village" in "Marinka village"
    cued: bool = False  # the text itself says it is a place: "in X", "X village", "X, a town in"
    reason: str | None = None  # why it has no candidates (unresolved spots only)
    prefix: tuple[Any, ...] = ()  # for an unresolved longer name: the candidates of its known start
    state: str | None = None  # US postal code written after it ("Alexandria, La.")


_STATE_AFTER_RE = re.compile(
    r",\s*("
    + "|".join(re.escape(k) for k in sorted(US_STATE_ABBREVIATIONS, key=len, reverse=True))
    + r"|(?:"
    + "|".join(US_STATES)
    + r")\b(?![.'’-]))"
)
_DATELINE_RE = re.compile(r"(?m)^[ \t]*([A-Z][A-Z'’.-]*(?: [A-Z][A-Z'’.-]*){0,4})(?=,| \(| [—–-])")
#: AP abbreviations of US states with their dots ("Ariz.", "W.Va.", "W. Va."), as whole words.
_DOTTED_STATE_RE = re.compile(
    r"(?<![\w.])("
    + "|".join(
        re.escape(k).replace(r"\.", r"\.\s?", k.count(".") - 1)
        for k in sorted(US_STATE_ABBREVIATIONS, key=len, reverse=True)
    )
    + r")"
)
#: The same abbreviations in any case, for text whose case says nothing (only those with a dot).
_CASELESS_STATE_AFTER_RE = re.compile(
    r",\s*("
    + "|".join(re.escape(k) for k in sorted(US_STATE_ABBREVIATIONS, key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_STATES_BY_FOLDED = {k.casefold(): v for k, v in US_STATE_ABBREVIATIONS.items()}
_CASELESS_DOTTED_STATE_RE = re.compile(_DOTTED_STATE_RE.pattern, re.IGNORECASE)


def spot(text: str, lookup: NameLookup, model: Model | None = None) -> list[Spot]:
    """Find the place-name spans of ``text`` and their gazetteer candidates, in text order."""
    doc = Document(text)
    lookup.prefetch(
        text[doc.tokens[i].start : doc.tokens[j - 1].end] for a, b in doc.runs for i, j in doc.spans(a, b)
    )
    hits: list[tuple[int, int, tuple[Any, ...]]] = []
    spots: list[Spot] = []
    for a, b in doc.runs:
        run_hits = _run_hits(doc, lookup, a, b, spots)
        hits.extend(run_hits)
        unresolved = _unresolved_run(doc, a, b, run_hits)
        if unresolved is not None and not any(
            sp.start < unresolved.end and unresolved.start < sp.end for sp in spots
        ):
            hits = [h for h in hits if not (a <= h[0] < b)]
            # the gazetteer knows the whole run, though no n-gram of it survived alone ("Taybat Al-Imam"):
            # any match where the text calls it a settlement ("the town of Sheikh Meskin"), else a plausible one
            whole = lookup(unresolved.text)
            whole = whole if unresolved.settlement_word else plausible(doc, a, b, whole, True)
            spots.append(
                replace(unresolved, candidates=whole, reason=None, cued=True) if whole else unresolved
            )
    for i, j, cands in hits:
        if _feature_follows(doc, j) or doc.place_word_after(j) or rejected(doc, lookup, i, j, cands) is None:
            spots.append(_make_spot(doc, i, j, cands))
    if doc.caseless:
        spots.extend(_recognised(doc, lookup, model or default_model()))
    _add_datelines(doc, lookup, spots)
    _add_states(doc, lookup, spots)
    _dotted_states(doc, lookup, spots)
    _join_and_names(doc, lookup, spots)
    spots.sort(key=lambda sp: sp.start)
    return spots


def caseless_candidates(
    doc: Document, lookup: NameLookup, model: Model
) -> tuple[list[tuple[int, int, tuple[Any, ...]]], np.ndarray]:
    """The n-grams of the caseless tokens that the gazetteer knows, with their feature rows.

    Only exact names and aliases are looked up, except where a loose spelling is licensed (after
    "in" or "near", with a particle or hyphen inside, a hashtag), as in the rule-based spotter:
    most n-grams of a text are no name at all, and a spelling-variant look-up is what costs.
    """
    text, tokens = doc.text, doc.raw_tokens
    spans = caseless_spans(text, tokens, doc.caseless)
    names = [text[tokens[i].start : tokens[j - 1].end] for i, j in spans]
    lookup.prefetch(names)
    found: list[tuple[int, int, tuple[Any, ...]]] = []
    for (i, j), name in zip(spans, names, strict=True):
        if lookup.exact.get(name) is False and not (_licensed_single(doc, i) or transliterated(name)):
            continue
        if j - i == 1 and model.common_word(name) and not _licensed_single(doc, i):
            continue  # "are", "do", "gang": an ordinary word alone is no place without a cue or a hashtag
        cands = lookup(name)
        if cands:
            found.append((i, j, cands))
    multi = [(i, j) for i, j, _ in found if j - i > 1]
    ends = {j for _, j, _ in found}
    rows = [
        span_features(
            text,
            tokens,
            i,
            j,
            cands,
            model,
            inside_longer=any(a <= i and j <= b and b - a > j - i for a, b in multi),
            listed=_listed_after(doc, i, ends),
        )
        for i, j, cands in found
    ]
    return found, np.array(rows, dtype=float).reshape(len(rows), len(FEATURES))


def _listed_after(doc: Document, i: int, ends: set[int]) -> bool:
    """Token ``i`` follows "and", "or" or a comma right after another known name ("amuda and derik")."""
    tokens, text = doc.raw_tokens, doc.text
    if i >= 2 and tokens[i - 1].text.casefold() in ("and", "or") and (i - 1) in ends:
        return True
    return i >= 1 and i in ends and text[tokens[i - 1].end : tokens[i].start].strip() == ","


def _licensed_single(doc: Document, i: int) -> bool:
    return is_hashtag(doc.text, doc.raw_tokens[i]) or _word_before(doc, i) in STRONG_BEFORE


def _word_before(doc: Document, i: int) -> str:
    if i == 0 or doc.text[doc.raw_tokens[i - 1].end : doc.raw_tokens[i].start] != " ":
        return ""
    return doc.raw_tokens[i - 1].text.casefold()


def _recognised(doc: Document, lookup: NameLookup, model: Model) -> list[Spot]:
    """Spots the learned recogniser accepts among the caseless tokens: at each word the longest
    known n-gram whose probability reaches the model's threshold, then on after it."""
    found, rows = caseless_candidates(doc, lookup, model)
    if not found:
        return []
    prob = model.probability(rows)
    out: list[Spot] = []
    taken_until = -1
    for (i, j, cands), p in zip(found, prob, strict=True):
        if i < taken_until or p < model.threshold:
            continue
        s, e = doc.raw_tokens[i].start, doc.raw_tokens[j - 1].end
        if doc.in_org(s, e):
            continue
        out.append(Spot(s, e, doc.text[s:e], _plausible_caseless(cands), cued=True))  # the model's call
        taken_until = j
    return out


def _add_datelines(doc: Document, lookup: NameLookup, spots: list[Spot]) -> None:
    """``OKLAHOMA CITY (AP) —``, ``SOUTH WAZIRISTAN, April 5``: an upper-case run opening a line
    and closed by a comma, a bracket or a spaced dash is a wire's dateline, so the whole run names the
    place the gazetteer knows by that name, whatever shorter names the spotter saw inside it."""
    for m in _DATELINE_RE.finditer(doc.text):
        s, e = m.span(1)
        cands = tuple(c for c in lookup(m.group(1)) if match_quality(c) != "variant")
        if " " not in m.group(1) and default_model().common_word(m.group(1)):
            continue  # "UPDATE —", "EXCLUSIVE (Reuters)": a wire's label, not its dateline
        if not cands or any(sp.start <= s and e <= sp.end and (sp.start, sp.end) != (s, e) for sp in spots):
            continue
        spots[:] = [sp for sp in spots if not (sp.start < e and s < sp.end)]
        spots.append(Spot(s, e, m.group(1), _plausible_caseless(cands), cued=True))


def _plausible_caseless(cands: tuple[Any, ...]) -> tuple[Any, ...]:
    """Exact names first: an alias or a loose spelling only where no place has the name itself."""
    names = tuple(c for c in cands if match_quality(c) == "name")
    alternates = tuple(
        c for c in cands if match_quality(c) == "alternate" and (is_big(c) or (names and outgrows(c, names)))
    )
    return names + alternates if names else cands


def _join_and_names(doc: Document, lookup: NameLookup, spots: list[Spot]) -> None:
    """``Bosnia and Herzegovina``, ``Trinidad and Tobago``: two capitalised runs joined by "and" that
    together are exactly the name of a country or an admin area are one place, not two."""
    tokens, text = doc.tokens, doc.text
    run_of = {a: (a, b) for a, b in doc.runs}
    for a, b in doc.runs:
        if b + 1 >= len(tokens) or tokens[b].text != "and" or (b + 1) not in run_of:
            continue
        c, d = run_of[b + 1]
        if text[tokens[b - 1].end : tokens[b].start] != " " or text[tokens[b].end : tokens[c].start] != " ":
            continue
        for i in range(a, b):
            for j in range(min(d, c + MAX_NGRAM), c, -1):
                name = text[tokens[i].start : tokens[j - 1].end]
                cands = tuple(
                    cand
                    for cand in lookup(name)
                    if match_quality(cand) in ("name", "alternate")
                    and getattr(cand, "kind", "") in AREA_KINDS | {"admin2"}
                )
                if cands:
                    s, e = tokens[i].start, tokens[j - 1].end
                    spots[:] = [sp for sp in spots if not (sp.start < e and s < sp.end)]
                    spots.append(Spot(s, e, name, cands))
                    break
            else:
                continue
            break


def _run_hits(
    doc: Document, lookup: NameLookup, a: int, b: int, spots: list[Spot]
) -> list[tuple[int, int, tuple]]:
    """Greedy longest plausible gazetteer matches inside one run, as ``(i, j, candidates)``.

    Inside a run, a name written right after another capitalised word is part of a longer name:
    a person's ("Raquel Henry", "Tim Pawlenty", recorded as a surname) after a space, a company's
    ("Wal-Mart") after a hyphen. So is a small place's name followed by a capitalised word that is
    no place word ("Titan Operating", "Webb Center"); a prominent place keeps its embedded mention
    ("Ohio State University").
    """
    tokens, text = doc.tokens, doc.text
    by_start: dict[int, list[int]] = {}
    for s, e in doc.spans(a, b):
        by_start.setdefault(s, []).append(e)
    out: list[tuple[int, int, tuple]] = []
    i = a
    while i < b:
        found = None
        after_article = i > a and doc.after_article(i)  # "Numan" of "al-Numan" is no name alone
        for j in () if after_article else by_start.get(i, ()):
            if j < b and tokens[j - 1].text.casefold() in filters.SPACED_PARTICLES:
                continue  # "Taybat Al" of "Taybat Al-Imam": no name ends on its article
            name = text[tokens[i].start : tokens[j - 1].end]
            exact = lookup.exact.get(name)  # None: unknown (no bulk check)
            loose = exact is not True and _loose(doc, i, j, name)
            if exact is False and not loose:
                continue  # only a loose variant could match, and nothing here licenses one
            cands = plausible(doc, i, j, lookup(name), loose)
            if cands:
                found = (j, cands)
                break
        if found is None:
            clitic = _arabic_proclitic(tokens[i], lookup)
            if clitic is not None:
                spots.append(clitic)
            i += 1
            continue
        j, cands = found
        if _surname_follows(doc, i, j, b):  # "Chad Walker", "Preston Hayes": a given name
            doc.mark_person(i, j + 1)
            i = j + 1
            continue
        prev_hit = out[-1] if out and out[-1][1] == i else None
        big = any(outranks_a_person(c) for c in cands)
        # after a given name only a country or a populous place stays a place ("Dewly Nelson" is a
        # person though New Zealand has a Nelson region)
        # (by an exact name: "Bak" of "Sulayman Bak" is no alias of Baku here)
        populous = any(
            match_quality(c) == "name"
            and (getattr(c, "kind", "") == "country" or (getattr(c, "population", 0) or 0) >= BIG_POPULATION)
            for c in cands
        )
        if i > a and not populous and _name_before(doc, i - 1, prev_hit):
            if prev_hit is not None:
                out.pop()
            if text[tokens[i - 1].end : tokens[i].start] == " ":
                doc.mark_person(prev_hit[0] if prev_hit else i - 1, j)
        elif j < b and j - i == 1 and not big and name_word(tokens[j]):
            pass  # "Titan Operating": part of a longer name
        else:
            out.append((i, j, cands))
            doc.last_place_end = tokens[j - 1].end
            if _feature_follows(doc, j):
                j += 1  # "Delta" of "Niger Delta" is part of this name, not Nigeria's Delta State
        i = j
    return out


def _surname_follows(doc: Document, i: int, j: int, b: int) -> bool:
    """A one-word name followed, in its run, by a family name that is no place word: the two are a
    person's name ("Chad Walker", "Trent Morris"), whatever the first word could denote alone."""
    if j - i != 1 or j >= b or doc.text[doc.tokens[i].end : doc.tokens[j].start] != " ":
        return False
    if i > 0 and name_word(doc.tokens[i - 1]) and doc.joined_next(i - 1):
        return False  # "Katie Belk Morris": the name before it says more (and marks "Belk")
    nxt = doc.tokens[j]
    if nxt.text.lower() not in filters.SURNAMES or not name_word(nxt) or nxt.text.isupper():
        return False
    after = doc.text[nxt.end : nxt.end + 4]
    return not re.match(r"\s+(?:of\b|\d)", after + " ")  # "Hall of Fame", "Ward 4"


def _loose(doc: Document, i: int, j: int, name: str) -> bool:
    """Whether a loose (spelling-variant) match is licensed for ``tokens[i:j]``."""
    return is_arabic(name) or doc.strong_cue(i) is not None or doc.action_cue(i) or doc.has_article(i, j)


def _name_before(doc: Document, k: int, prev_hit: tuple[int, int, tuple] | None) -> bool:
    """Whether token ``k`` (just before a hit) makes the hit the second part of a longer name."""
    prev = doc.tokens[k]
    if prev.sentence_start or not name_word(prev):
        return False
    if prev_hit is not None and (
        prev_hit[1] - prev_hit[0] > 1 or any(outranks_a_person(c) for c in prev_hit[2])
    ):
        return False
    return doc.text[prev.end : doc.tokens[k + 1].start] in (" ", "-")


_ARABIC_PROCLITICS = "وبلفك"


def _arabic_proclitic(tok: Token, lookup: NameLookup) -> Spot | None:
    """``وحمص`` ("and Homs"): a place name behind a joined Arabic conjunction or preposition."""
    word = tok.text
    if len(word) < 4 or word[0] not in _ARABIC_PROCLITICS or not is_arabic(word):
        return None
    cands = lookup(word[1:])
    if not cands:
        return None
    return Spot(tok.start + 1, tok.end, word[1:], cands)


def _settlement_after(text: str, end: int) -> str | None:
    """The settlement word written after a name ("Balata camp", "Tal Abyad countryside"), if any."""
    m = SETTLEMENT_AFTER_RE.match(text, end)
    return m.group(1) if m else None


def _feature_follows(doc: Document, j: int) -> bool:
    """Token ``j`` is a feature word that makes the name before it a longer place name ("Catawba
    River", "Hamilton Township"): a place whatever the rules would say of the name alone."""
    return (
        0 < j < len(doc.tokens)
        and doc.tokens[j].text in filters.FEATURE_SUFFIXES
        and doc.text[doc.tokens[j - 1].end : doc.tokens[j].start] == " "
    )


def _abbreviated(word: str, cands: tuple[Any, ...]) -> bool:
    """``word`` shortens the names of the places it may denote ("Va" of Virginia, "Phila" of
    Philadelphia), rather than being the last word of one of them ("Paris")."""
    low = word.casefold()
    return not any(str(getattr(c, "name", "")).casefold().split()[-1:] == [low] for c in cands)


def _make_spot(doc: Document, i: int, j: int, cands: tuple[Any, ...]) -> Spot:
    """A spot for tokens ``[i, j)``, taking in a feature word written after the name.

    The longer name is the toponym. A settlement ("Hamilton Township") is looked for among the towns
    and districts the name itself denotes; a natural feature ("Catawba River") or a settlement named
    after an area ("Tennessee Colony") is none of the places the name denotes, so it is listed
    unresolved, with those places as its known start.
    """
    s, e = doc.tokens[i].start, doc.tokens[j - 1].end
    admin = ADMIN_AFTER_RE.match(doc.text, e)
    if _feature_follows(doc, j):
        e = doc.tokens[j].end
        if not admin:
            small = ()
            if doc.tokens[j].text in filters.SETTLEMENT_SUFFIXES:
                small = tuple(c for c in cands if getattr(c, "kind", "") not in AREA_KINDS)
            if not small:
                return Spot(s, e, doc.text[s:e], (), reason="not in the gazetteer", prefix=cands)
            cands = small
    elif ABBREVIATION_DOT_RE.match(doc.text, e) and _abbreviated(doc.tokens[j - 1].text, cands):
        e += 1  # "W. Va., last year": a dot the sentence goes on after belongs to the abbreviation
    return Spot(
        start=s,
        end=e,
        text=doc.text[s:e],
        candidates=cands,
        admin_word=admin.group(1).lower() if admin else None,
        settlement_word=_settlement_after(doc.text, e),
        cued=doc.strong_cue(i) is not None
        or bool(admin)
        or bool(DESCRIBED_RE.match(doc.text, e))
        or doc.action_cue(i),
    )


def _add_states(doc: Document, lookup: NameLookup, spots: list[Spot]) -> None:
    """``Alexandria, La.``: the abbreviated state is a mention too, and tells where the town is; in
    text whose case says nothing ("nashville, tenn.", "CHATTANOOGA, TENN.") the abbreviation in any
    case, with its dot."""
    for sp in list(spots):
        m = _STATE_AFTER_RE.match(doc.text, sp.end)
        if not m and doc.caseless:
            m = _CASELESS_STATE_AFTER_RE.match(doc.text, sp.end)
        if not m:
            continue
        written = m.group(1)
        code = US_STATE_ABBREVIATIONS.get(written) or _STATES_BY_FOLDED.get(written.casefold(), written)
        sp.state = code
        if written in US_STATE_ABBREVIATIONS or written.casefold() in _STATES_BY_FOLDED:
            cands = lookup.state(code)
            if cands:
                spots[:] = [other for other in spots if other.start != m.start(1)]  # "Calif" without its dot
                spots.append(Spot(m.start(1), m.end(1), written, cands))


def _dotted_states(doc: Document, lookup: NameLookup, spots: list[Spot]) -> None:
    """``Thackerville, Okla. came``, ``Ga. pastor``, ``W.Va. 61``: a state spotted by its AP abbreviation
    is written with the abbreviation's dots, whatever follows (a full stop ending the sentence is the
    same dot); the spots inside ``W.Va.`` ("Va") are one mention of West Virginia."""
    for m in (_CASELESS_DOTTED_STATE_RE if doc.caseless else _DOTTED_STATE_RE).finditer(doc.text):
        s, e = m.span(1)
        inside = [sp for sp in spots if s <= sp.start and sp.end <= e]
        if not inside or any(sp.start < e and s < sp.end and sp not in inside for sp in spots):
            continue
        written = m.group(1).replace(" ", "")
        code = US_STATE_ABBREVIATIONS.get(written)
        if code is None:  # "tenn" the recogniser took for Tennessee, in a line whose case says nothing
            code = _STATES_BY_FOLDED.get(written.casefold())
            if code is None or not any(c in sp.candidates for sp in inside for c in lookup.state(code)):
                continue
        cands = lookup.state(code) if code else ()
        if not cands or (len(inside) == 1 and (inside[0].start, inside[0].end) == (s, e)):
            continue
        keep = inside[0]
        spots[:] = [sp for sp in spots if sp not in inside]
        spots.append(Spot(s, e, doc.text[s:e], cands, cued=keep.cued, state=keep.state))


#: "the town of" before a run: the text says the whole run is one settlement's name ("town of Sheikh Meskin").
_PLACE_WORD_OF_RE = re.compile(
    r"\b(village|town|city|hamlet|settlement|camp|neighbou?rhood|suburb)s?\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _unresolved_run(doc: Document, a: int, b: int, run_hits: list[tuple[int, int, tuple]]) -> Spot | None:
    """An unknown run after a strong locative cue ("in Busra al-Harir") or before or after a settlement word
    ("Adan Yabaal village", "the town of Sheikh Meskin"), as an unresolved spot.

    When the gazetteer knew only the start of such a run ("Busra" of "Busra al-Harir"), the longer
    name replaces the partial hit, whose candidates become its ``prefix``.
    """
    tokens, text = doc.tokens, doc.text
    s, e = tokens[a].start, tokens[b - 1].end
    before = _PLACE_WORD_OF_RE.search(text, max(0, s - 30), s)
    town_of = before is not None  # a place, even "Sheikh ..."
    word = before.group(1).lower() if before else _settlement_after(text, e)
    settlement = word is not None
    if (
        not (settlement or doc.strong_cue(a) is not None)
        or (not town_of and any(k in doc.person for k in range(a, b)))
        or doc.in_org(s, e)
    ):
        return None
    if b - a == 1 and (skip_single(tokens[a], doc.lower_words) or tokens[a].text.isupper()):
        return None
    prefix: tuple[Any, ...] = ()
    if run_hits:
        if len(run_hits) > 1 or run_hits[0][0] != a:
            return None
        k = run_hits[0][1]
        hyphenated = k < b and tokens[k].connector and text[tokens[k].end : tokens[k].end + 1] == "-"
        dated = any(t.text.lower() in filters.MONTHS_AND_DAYS for t in tokens[k:b])  # "Huddur Tuesday"
        if not (hyphenated or (settlement and k < b and not dated)):  # "Adan Yabaal town": the whole run
            return None
        prefix = run_hits[0][2]
    if all(t.text.lower() in MODIFIERS for t in tokens[a:b]):
        return None
    return Spot(s, e, text[s:e], (), settlement_word=word, reason="not in the gazetteer", prefix=prefix)
