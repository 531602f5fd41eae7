"""Sentence splitting that keeps character offsets and knows news abbreviations.

Offsets matter: the geoparser reports mentions as offsets into the whole article, and each event keeps
its sentence, so a sentence is a span of the original text rather than a copy of it. Blank lines end a
paragraph (and a sentence); a single line break is just a space, so hard-wrapped text reads as prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words that end with a full stop without ending the sentence (compared lower-case, without the stop).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sen rep gov gen col lt maj capt sgt cpl pvt adm cmdr brig insp supt st mt ft
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    vs etc e.g i.e inc ltd co corp jr sr dept est approx al fig vol rev hon
    u.s u.k u.n u.s.a e.u a.m p.m
    """.split()
)

#: Abbreviations that also end sentences ("... said the U.S. The ..."): split when a sentence starter follows.
_FINAL_ABBREVIATIONS = frozenset(
    {"u.s", "u.k", "u.n", "u.s.a", "e.u", "etc", "a.m", "p.m", "inc", "ltd", "co"}
)
_SENTENCE_STARTERS = frozenset(
    """
    the a an it its he she they we i this that these those there in on at but and after before when while
    however meanwhile earlier later on officials according one two his her their
    """.split()
)

_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]*[A-Z0-9])")
_PARAGRAPH = re.compile(r"\r?\n[ \t\r]*\n\s*")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@dataclass(frozen=True)
class Sentence:
    """A sentence as a span ``text[start:end]`` of the article, with its paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(chunk: str, next_word: str) -> bool:
    """True when the full stop ending ``chunk`` belongs to an abbreviation or an initial."""
    match = _WORD_BEFORE.search(chunk[:-1] if chunk.endswith(".") else chunk)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in _FINAL_ABBREVIATIONS:
        return next_word.lower() not in _SENTENCE_STARTERS
    if word in ABBREVIATIONS:
        return True
    if word in ("no", "nos"):  # "No. 5", but not a quoted "no."
        return next_word[:1].isdigit()
    return len(word) == 1 and match.group(1).isupper()  # an initial: "Ahmad A. al-Sharaa"


def _split_paragraph(text: str, offset: int, paragraph: int) -> list[Sentence]:
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0).startswith(".") and len(match.group(0).rstrip("\"'\u201d\u2019)]")) == 1:
            following = text[end:].lstrip(" \t\n\"'\u201c\u2018([")
            next_word = re.match(r"\w+", following)
            if _is_abbreviation(
                text[start:end].rstrip("\"'\u201d\u2019)]"), next_word.group(0) if next_word else ""
            ):
                continue
        sentences.append((start, end))
        start = end
    sentences.append((start, len(text)))
    out = []
    for s, e in sentences:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            out.append(Sentence(offset + s + lead, offset + s + lead + len(body), body, paragraph))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; ``text[s.start:s.end] == s.text`` for each."""
    out: list[Sentence] = []
    start = 0
    paragraph = 0
    for match in [*_PARAGRAPH.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[start:end]
        if block.strip():
            out.extend(_split_paragraph(block, start, paragraph))
            paragraph += 1
        if match:
            start = match.end()
    return out
