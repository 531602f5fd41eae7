"""Tokenising an article into words and grouping capitalised words into candidate name runs.

Only capitalised or Arabic-script words can start a place name, so the spotter looks only at runs of
them (joined by spaces, hyphens and name particles such as ``al-`` or ``de``). This keeps the number of
gazetteer look-ups per article small.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from geomap.geoparse.filters import CONNECTORS, HYPHEN_CONNECTORS, SPACED_PARTICLES

#: A word: a dotted initialism ("U.S."), or letters (any script) with inner apostrophes ("Ma'arrat");
#: a trailing "'s" or contraction ("We're") is not part of it.
WORD_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’](?!(?:re|ve|ll)\b)[^\W\d_]{2,})*")
_ELIDED_RE = re.compile(r"[dl]['’][A-Z]")
_ARABIC_RE = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
#: Abbreviations that end with a full stop without ending the sentence ("St. Louis", "Gen. Smith").
ABBREVIATIONS = frozenset(
    "st ste mt ft pt mr mrs ms dr gen col lt sgt gov sen rep capt maj prof rev jr sr no vs sgt cpl adm".split()
)
_SENTENCE_END = ".!?:;"
_OPENERS = " \t\"'“‘«([—–-*•|"
#: The gaps allowed inside a name: one space, a hyphen or dash, or an apostrophe ("N'Djamena").
_JOIN_RE = re.compile(r"^(?: |-|–|['’]| - )$")
MAX_NGRAM = 6
_ARTICLES = frozenset({"The", "A", "An", "THE"})


class Token(NamedTuple):
    """One word: its character span, text and what kind of word it is."""

    start: int
    end: int
    text: str
    cap: bool  # starts with a capital or is in Arabic script (no case)
    connector: bool  # a lower-case name particle ("al", "de", "of")
    sentence_start: bool


def is_arabic(text: str) -> bool:
    return bool(_ARABIC_RE.search(text))


def transliterated(name: str) -> bool:
    """A name with a hyphen or an Arabic particle inside ("deir ez-zor", "ras al ain")."""
    words = name.casefold().replace("-", " ").split()
    return "-" in name or any(w in SPACED_PARTICLES for w in words[1:-1])


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words, marking capitals, name particles and sentence starts.

    Only capitalised words need to know whether they start a sentence, so the look-back is done
    for them alone.
    """
    tokens: list[Token] = []
    append = tokens.append
    prev_end, prev_word = 0, ""
    for m in WORD_RE.finditer(text):
        word = m.group()
        start, end = m.span()
        first = word[0]
        cap = (
            first.isupper()
            or (first >= "\u0600" and bool(_ARABIC_RE.match(first)))
            or bool(_ELIDED_RE.match(word))  # "d'Ivoire", "l'Aquila": a name behind an elided article
        )
        sentence_start = cap and _starts_sentence(text[prev_end:start], prev_word, not tokens)
        connector = (
            word in CONNECTORS
            or (word in HYPHEN_CONNECTORS and text[end : end + 1] == "-")
            or (word in ("au", "aux") and text[start - 1 : start] == "-" == text[end : end + 1])  # Port-au-Prince
            or (word == "the" and prev_word == "of")  # "Democratic Republic of the Congo"
        )
        append(Token(start, end, word, cap, connector, sentence_start))
        prev_end, prev_word = end, word
    _spaced_particles(text, tokens)
    return tokens


def _spaced_particles(text: str, tokens: list[Token]) -> None:
    """``Juhr ad Dik``, ``Ras al Ain``, ``Deir ez Zor``: an Arabic particle written with spaces between
    two capitalised words joins them into one name, as it does with hyphens."""
    for k in range(1, len(tokens) - 1):
        tok = tokens[k]
        if (
            tok.text in SPACED_PARTICLES
            and tokens[k - 1].cap
            and tokens[k + 1].cap
            and text[tokens[k - 1].end : tok.start] == " "
            and text[tok.end : tokens[k + 1].start] == " "
        ):
            tokens[k] = tok._replace(connector=True)


def _starts_sentence(gap: str, prev_word: str, first: bool) -> bool:
    """Whether a word after ``gap`` (following ``prev_word``) begins a sentence, a line or the text."""
    stripped = gap.strip(_OPENERS)
    if first:
        return not stripped
    if "\n" in gap:
        return True
    if not stripped or stripped[-1] not in _SENTENCE_END:
        return False
    # "St. Louis", "U.S. officials" (initials): a full stop that ends an abbreviation
    return not (stripped == "." and (prev_word.lower() in ABBREVIATIONS or len(prev_word) == 1))


def particle_gap(left: Token, gap: str) -> bool:
    """An Arabic article whose hyphen is followed by a stray space, as translated monitor reports write it
    ("Dahiyat al- Assad", "Abu al- Duhur"): the gap still joins the name."""
    return gap == "- " and left.text.casefold() in SPACED_PARTICLES


def joined(text: str, left: Token, right: Token) -> bool:
    """Whether two neighbouring words may belong to one name (no punctuation or line break between)."""
    gap = text[left.end : right.start]
    if _JOIN_RE.match(gap) or particle_gap(left, gap):
        return True
    # "St. Louis", "Gen. Smith", "Roy A. Nelson"
    return gap == ". " and left.cap and (left.text.lower() in ABBREVIATIONS or len(left.text) == 1)


def runs(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Index ranges ``[a, b)`` of capitalised runs: capitalised words and the particles between them.

    A run may begin with a particle joined by a hyphen to a capitalised word (``al-Bab``); particles at
    the end of a run are dropped.
    """
    out: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        starts = t.cap or (
            t.connector and i + 1 < n and tokens[i + 1].cap and text[t.end : tokens[i + 1].start] == "-"
        )
        if not starts:
            i += 1
            continue
        j = i + 1
        while j < n and (tokens[j].cap or tokens[j].connector) and joined(text, tokens[j - 1], tokens[j]):
            j += 1
        while j > i and not tokens[j - 1].cap:
            j -= 1
        out.append((i, j))
        i = max(j, i + 1)
    return out


def ngram_spans(text: str, tokens: list[Token], a: int, b: int) -> list[tuple[int, int]]:
    """Sub-runs ``[i, j)`` of the run ``[a, b)`` that could be a name, longest first at each start."""
    spans = []
    for i in range(a, b):
        first = tokens[i]
        if first.connector and not (i + 1 < b and text[first.end : tokens[i + 1].start] == "-"):
            continue
        if first.text in _ARTICLES:
            continue  # "The United States": the name starts after the article
        for j in range(min(b, i + MAX_NGRAM), i, -1):
            if tokens[j - 1].cap:
                spans.append((i, j))
    return spans
