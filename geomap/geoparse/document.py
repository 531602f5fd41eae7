"""One document as the spotter's rules see it: tokens, capitalised runs, cues, people's names.

Built once per text; the rules in :mod:`geomap.geoparse.spotter` and :mod:`geomap.geoparse.plausibility`
ask it where a locative cue stands, which tokens are a person's name, which lines are in title case.
"""

from __future__ import annotations

import re

from geomap.geoparse import filters
from geomap.geoparse.recogniser import caseless_tokens
from geomap.geoparse.tokens import Token, is_arabic, joined, ngram_spans, runs, tokenize

_CUE_RE = re.compile(
    r"(?:\b(?P<dir>(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|northern|"
    r"southern|eastern|western|outskirts|suburbs?|villages?|towns?|city|cities|province|governorate|district|region|"
    r"centre|center|heart|countryside|parts|area|areas|port|capital)\s+of)|\b(?P<prep>in|near|outside|around|across|"
    r"toward|towards|into|from|at|to|between|and|via|through|inside|within|surrounding))\s+(?:the\s+)?"
    r"(?:(?:far\s+)?(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?$",
    re.IGNORECASE,
)
#: A verb of saying after a name ("Anderson said", "Noma's lawyer told"): the name is a speaker.
SAID_AFTER_RE = re.compile(r"(?:['’]s?)?\s+(?:said|says|told|added|asked|explained|noted|wrote)\b")
_SAID_BEFORE_RE = re.compile(r"\b(?:said|says|told|added|asked|explained|noted|wrote)\s+$")
_CLAUSE_END_RE = re.compile(r"\s*(?:[.,;:!?]|$)")
#: Cues strong enough to keep an unknown capitalised run as a place, or to accept a loose match.
STRONG_CUES = frozenset({"in", "near", "outside", "inside", "around", "surrounding", "of", "between"})
#: A verb of conflict reporting right before a name, which says the name is a place: "entered Ras al-Ain".
_ACTION_BEFORE_RE = re.compile(
    r"\b(?:entered|captured|recaptured|shelled|struck|stormed|seized|attacked|besieged|bombed|raided|"
    r"targeted|overran|liberated|encircled|hit|reached|fled|evacuated|pounded|(?:assault|attack|offensive|"
    r"advance|raid|push)\s+(?:on|against|at))\s+(?:the\s+(?:town|village|city|camp)\s+of\s+)?$"
)
#: An admin word after a name: "Sweida province", "Amriya district".
ADMIN_AFTER_RE = re.compile(r"[ -](" + "|".join(sorted(filters.ADMIN_WORDS)) + r")\b", re.IGNORECASE)
#: A settlement word after a name: "Balata camp", "Kafr Zita village".
SETTLEMENT_AFTER_RE = re.compile(r"[ -](village|town|camp|refugee camp|countryside|outskirts)\b")
#: Between two names of one list: a comma, "and", "or".
_LIST_RE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
#: Words that may precede a place name inside one capitalised run without being part of a person's name.
MODIFIERS = filters.COMMON_WORDS | filters.ADMIN_WORDS | filters.DEMONYMS | filters.MONTHS_AND_DAYS


def _cue_before(text: str, start: int) -> str | None:
    m = _CUE_RE.search(text, max(0, start - 40), start)
    if not m:
        return None
    return "of" if m.group("dir") else m.group("prep").lower()


def _if_title_case(tokens: list[Token], line: list[int]) -> list[int]:
    """``line`` when most of its longer words are capitalised, else nothing."""
    long_words = [tokens[k] for k in line if len(tokens[k].text) >= 4]
    if len(long_words) >= 4 and sum(t.cap for t in long_words) >= 0.8 * len(long_words):
        return line
    return []


class Document:
    """Per-document facts the rules share: tokens, runs, organisation spans, people's names."""

    def __init__(self, text: str) -> None:
        self.text = text
        tokens = tokenize(text)
        #: tokens whose case says nothing (lower-case or all-caps lines, hashtags): the learned
        #: recogniser reads them (``raw_tokens``); the capital-driven rules see them as lower case
        self.caseless = caseless_tokens(text, tokens)
        self.raw_tokens = tokens
        if self.caseless:
            tokens = [
                t._replace(cap=False, connector=False) if k in self.caseless else t
                for k, t in enumerate(tokens)
            ]
        self.tokens = tokens
        self.runs = runs(text, self.tokens)
        self.lower_words = {t.text for t in self.tokens if not t.cap}
        self.orgs = [m.span() for m in filters.ORGANISATION_RE.finditer(text)]
        self.person: set[int] = set()
        self.surnames: set[str] = set()
        #: lone capitalised words the text quotes as speakers ("Noma said", "said Bassett."): people
        self.speakers = self._speakers()
        self._spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._cues: dict[int, str | None] = {}
        self.last_place_end: int | None = None  # where the last gazetteer hit so far ends
        self.title_case = self._title_case_tokens()
        self._find_people()

    def _speakers(self) -> set[str]:
        """Lone capitalised words written as the subject or object of a verb of saying."""
        out: set[str] = set()
        for a, b in self.runs:
            if b - a != 1:
                continue
            tok = self.tokens[a]
            if SAID_AFTER_RE.match(self.text, tok.end) or (
                _SAID_BEFORE_RE.search(self.text, max(0, tok.start - 20), tok.start)
                and _CLAUSE_END_RE.match(self.text, tok.end)
            ):
                out.add(tok.text)
        return out

    def _title_case_tokens(self) -> set[int]:
        """Tokens of lines written in title case ("Rebels Shell Homs As Talks Stall"), where a capital
        says nothing about a name."""
        out: set[int] = set()
        line: list[int] = []
        for k, tok in enumerate(self.tokens):
            if line and "\n" in self.text[self.tokens[line[-1]].end : tok.start]:
                out.update(_if_title_case(self.tokens, line))
                line = []
            line.append(k)
        out.update(_if_title_case(self.tokens, line))
        return out

    def spans(self, a: int, b: int) -> list[tuple[int, int]]:
        """The candidate n-grams of run ``[a, b)`` worth a look-up, longest first at each start."""
        key = (a, b)
        if key not in self._spans:
            self._spans[key] = [
                (i, j)
                for i, j in ngram_spans(self.text, self.tokens, a, b)
                if j - i > 1 or not skip_single(self.tokens[i], self.lower_words)
            ]
        return self._spans[key]

    def after_article(self, i: int) -> bool:
        """Token ``i`` follows a hyphenated or name-joining article ("Numan" of "al-Numan", "Ain" of "Ras al Ain")."""
        prev = self.tokens[i - 1]
        return prev.connector and (
            self.text[prev.end : prev.end + 1] == "-" or prev.text in filters.SPACED_PARTICLES
        )

    def has_article(self, i: int, j: int) -> bool:
        """The span ``tokens[i:j]`` contains a hyphenated article: a transliterated Arabic name."""
        return any(self.after_article(k) for k in range(i + 1, j))

    def joined_next(self, k: int) -> bool:
        """Whether token ``k`` continues into the next token within one capitalised run."""
        return (
            k + 1 < len(self.tokens)
            and joined(self.text, self.tokens[k], self.tokens[k + 1])
            and (self.tokens[k + 1].cap or self.tokens[k + 1].connector)
        )

    def cue(self, i: int) -> str | None:
        """The locative cue before token ``i`` ("in", "of" for "north of"), cached."""
        if i not in self._cues:
            self._cues[i] = _cue_before(self.text, self.tokens[i].start)
        return self._cues[i]

    def locative_cue(self, i: int) -> str | None:
        """A strong locative cue ("in", "near", "north of") before token ``i``, not at a sentence start."""
        cue = self.cue(i)
        return cue if cue in STRONG_CUES and not self.tokens[i].sentence_start else None

    def action_cue(self, i: int) -> bool:
        """Whether a verb of conflict reporting stands right before token ``i`` ("struck Kobane")."""
        start = self.tokens[i].start
        return bool(_ACTION_BEFORE_RE.search(self.text, max(0, start - 40), start))

    def strong_cue(self, i: int) -> str | None:
        """The cue before token ``i`` when it is strong and the word does not start a sentence; a name
        listed right after a place ("Idlib, Maarat al-Numan and Qamishli") counts as cued too."""
        cue = self.locative_cue(i)
        if cue is not None or self.tokens[i].sentence_start:
            return cue
        if self.last_place_end is not None and _LIST_RE.fullmatch(
            self.text, self.last_place_end, self.tokens[i].start
        ):
            return "list"
        return None

    def place_word_after(self, j: int) -> bool:
        """An admin or settlement word follows ``tokens[:j]`` ("Amriya district", "Kafr Zita village"):
        the text itself says the name before it is a place, whatever the name would be alone."""
        e = self.tokens[j - 1].end
        return bool(ADMIN_AFTER_RE.match(self.text, e) or SETTLEMENT_AFTER_RE.match(self.text, e))

    def in_org(self, s: int, e: int) -> bool:
        return any(os_ < e and s < oe for os_, oe in self.orgs)

    def _find_people(self) -> None:
        """Mark runs that are people's names: after a title ("President", "Gen.", "spokesman"), a given
        name followed by another capitalised word, or a name followed by an age ("Henry, 19,")."""
        tokens = self.tokens
        for a, b in self.runs:
            initial = self._middle_initial(a, b)
            if initial is not None:  # "Gino D. Bassett", "Barry M. George": a person's name
                self.mark_person(initial - 1, initial + 2)
                self.surnames.add(tokens[initial - 1].text)  # "Barry" alone is that person too
                continue
            start = None
            prev = tokens[a - 1] if a > 0 else None
            if (
                prev is not None
                and prev.text.lower() in filters.PERSON_TITLES
                and not prev.cap
                and self.text[prev.end : tokens[a].start] == " "
            ):
                start = a
            for k in range(a, b - 1):
                low = tokens[k].text.lower()
                if low in filters.PLACE_TITLES and k == a and self.place_context(a, b):
                    break  # "in Sheikh Zuweid", "the Sheikh Maqsoud district": a place
                if low in filters.PERSON_TITLES:
                    start = k + 1
                    break
                if low in filters.FIRST_NAMES and name_word(tokens[k + 1]):  # not "Madison County"
                    start = k
                    break
            if start is None and b - a >= 2 and filters.age_follows(self.text, tokens[b - 1].end):
                start = a
            if start is None or start >= b or tokens[start].text == "of":  # "Mayor of London"
                continue
            # "Olin Wethington of McLean": the name ends where "of" brings in where the person lives
            end = next((k for k in range(start, b) if tokens[k].text == "of"), b)
            self.mark_person(start, end)

    def place_context(self, a: int, b: int) -> bool:
        """The run ``[a, b)`` stands where a place does: after a strong locative cue or a conflict verb
        ("in", "north of", "stormed"), or before an admin or settlement word ("district", "village")."""
        return self.locative_cue(a) is not None or self.action_cue(a) or self.place_word_after(b)

    def _middle_initial(self, a: int, b: int) -> int | None:
        """A one-letter initial with its dot between two capitalised words of one run, written as a
        person's name is ("Milton J. Little", not "W. Va."): the initial's index, or None."""
        tokens = self.tokens
        for k in range(a + 1, b - 1):
            tok = tokens[k]
            if (
                len(tok.text) == 1
                and tok.text.isupper()
                and self.text[tok.end : tokens[k + 1].start] == ". "
                and self.text[tokens[k - 1].end : tok.start] == " "
                and name_word(tokens[k - 1])
                and name_word(tokens[k + 1])
                and len(tokens[k - 1].text) > 1
                and len(tokens[k + 1].text) > 1
            ):
                return k
        return None

    def mark_person(self, i: int, j: int) -> None:
        self.person.update(range(i, j))
        self.surnames.add(self.tokens[j - 1].text)


def name_word(tok: Token) -> bool:
    """A capitalised word that is neither a place word nor a modifier: part of a personal or company name."""
    low = tok.text.lower()
    return (
        tok.cap
        and not tok.connector
        and low not in MODIFIERS
        and low not in filters.ORG_WORDS
        and low not in filters.FACILITY_WORDS
        and not is_arabic(tok.text)
    )


def skip_single(tok: Token, lower_words: set[str]) -> bool:
    """A lone word not worth looking up: a common word, a demonym, a title, a month, or a word the text
    writes in lower case elsewhere (so its capital comes from its position)."""
    low = tok.text.lower()
    if (
        len(low) < 2
        or filters.is_common_word(low)
        or low in filters.DEMONYMS
        or low in filters.PERSON_TITLES
        or low in filters.FACILITY_WORDS
        or low in filters.ADMIN_WORDS
    ):
        return True
    return tok.sentence_start and low in lower_words
