"""Dates in news prose ("Tuesday", "last week", "July 19") resolved against the article's date.

Each expression becomes a :class:`DateSpan` with an ACLED ``time_precision``: 1 when the day is known,
2 for a week or a span of up to a week, 3 for a month or more. Relative expressions need the article
date; without it they are found but left unresolved (``date`` is None) rather than guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBERS = dict(a=1, an=1, one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10)
_NUMBERS.update(eleven=11, twelve=12, several=3, few=3)

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?P<weekday>" + "|".join(_WEEKDAYS) + r")"
_NUM = r"(?P<n>\d+|" + "|".join(_NUMBERS) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"

#: (kind, pattern); earlier patterns win where matches overlap.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in [
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
        (
            "range_months",
            r"\b(?:between|from)\s+(?:the\s+)?"
            + _DAY
            + r"\s+(?:of\s+)?"
            + _MONTH.replace("month", "month1")
            + r"(?:,?\s+(?P<year1>(?:19|20)\d\d))?\s+(?:and|to|until|till)\s+(?:the\s+)?"
            + _DAY.replace("day", "day2")
            + r"\s+(?:of\s+)?"
            + _MONTH
            + r"\b"
            + _YEAR,
        ),
        (
            "range_day_month",
            r"\b(?:between\s+|from\s+)?(?:the\s+)?"
            + _DAY
            + r"\s*(?:-|\u2013|to|and|until|till)\s*(?:the\s+)?"
            + _DAY.replace("day", "day2")
            + r"\s+(?:of\s+)?"
            + _MONTH
            + r"\b"
            + _YEAR,
        ),
        (
            "range_month_day",
            r"\b(?:between\s+|from\s+)?"
            + _MONTH
            + r"\s+"
            + _DAY
            + r"\s*(?:-|\u2013|to|and|until|till)\s*"
            + _DAY.replace("day", "day2")
            + r"\b"
            + _YEAR,
        ),
        ("month_day", r"\b" + _MONTH + r"\s+" + _DAY + r"\b" + _YEAR),
        ("day_month", r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"\b" + _YEAR),
        ("ago", r"\b" + _NUM + r"\s+" + _UNIT + r"\s+ago\b"),
        ("past", r"\b(?:the\s+)?(?:past|last|previous)\s+" + _NUM + r"\s+" + _UNIT + r"\b"),
        ("weekday", r"\b(?P<rel>last\s+|this\s+|on\s+)?" + _WEEKDAY + r"\b"),
        ("month_year", r"\b(?:in\s+|early\s+|late\s+|mid-)?" + _MONTH + r"\s+(?P<year>(?:19|20)\d\d)\b"),
        ("month", r"\b(?:in|since|during|early|late|mid-)\s*" + _MONTH + r"\b"),
        ("yesterday", r"\b(?:yesterday|last\s+night)\b"),
        (
            "overnight",
            r"\b(?:overnight|during\s+the\s+night|in\s+the\s+early\s+hours|at\s+dawn|before\s+dawn)\b",
        ),
        ("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b"),
        ("this_week", r"\b(?:earlier\s+)?this\s+week\b"),
        ("last_week", r"\b(?:last|past|previous)\s+week(?:end)?\b"),
        ("this_month", r"\b(?:earlier\s+)?this\s+month\b"),
        ("last_month", r"\b(?:last|past|previous)\s+month\b"),
        ("last_year", r"\b(?:last|past|previous)\s+year\b"),
    ]
]


@dataclass(frozen=True)
class DateSpan:
    """A resolved date: ``date`` (start), ``date_end`` (for spans) and ACLED ``precision`` 1-3."""

    date: dt.date | None
    date_end: dt.date | None
    precision: int
    start: int = 0
    end: int = 0
    text: str = ""


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _infer_year(month: int, day: int, ref: dt.date | None, year: str | None) -> dt.date | None:
    """A day in ``month``; without a year, the one nearest before the article (a week's grace after it)."""
    if year:
        return dt.date(int(year), month, day)
    if ref is None:
        return None
    guess = dt.date(ref.year, month, day)
    return dt.date(ref.year - 1, month, day) if guess > ref + dt.timedelta(days=7) else guess


def _resolve(kind: str, m: re.Match[str], ref: dt.date | None) -> tuple[dt.date | None, dt.date | None, int]:
    g = {k: v for k, v in m.groupdict().items() if v}
    month = int(g["month"]) if g.get("month", "").isdigit() else _MONTHS.get(g.get("month", "").lower())
    if kind in ("iso", "month_day", "day_month"):
        return _infer_year(month, int(g["day"]), ref, g.get("year")), None, 1
    if kind.startswith("range"):
        first_month = _MONTHS.get(g.get("month1", "").lower(), month)
        end = _infer_year(month, int(g["day2"]), ref, g.get("year"))
        start = _infer_year(first_month, int(g["day"]), ref, g.get("year1") or g.get("year"))
        if start is None or end is None:
            return None, None, 2
        if start > end:  # "30 December to 2 January 2021"
            start = start.replace(year=start.year - 1)
        days = (end - start).days
        return start, end, 1 if days == 0 else 2 if days <= 7 else 3
    if kind in ("month_year", "month"):
        year = int(g["year"]) if "year" in g else None
        if year is None:
            if ref is None:
                return None, None, 3
            year = ref.year if month <= ref.month else ref.year - 1
        return dt.date(year, month, 1), _month_end(year, month), 3
    if ref is None:
        return None, None, 2 if kind in ("this_week", "last_week", "past") else 1
    monday = ref - dt.timedelta(days=ref.weekday())
    if kind == "weekday":
        back = (ref.weekday() - _WEEKDAYS[g["weekday"].lower()]) % 7
        if back == 0 and g.get("rel", "").strip().lower() == "last":
            back = 7
        return ref - dt.timedelta(days=back), None, 1
    if kind == "yesterday":
        return ref - dt.timedelta(days=1), None, 1
    if kind == "overnight":  # the night before the report: coded on its first day, as the codebook does
        return ref - dt.timedelta(days=1), ref, 1
    if kind == "today":
        return ref, None, 1
    if kind == "this_week":
        earlier = m.group(0).lower().startswith("earlier") and ref > monday
        return monday, ref - dt.timedelta(days=1) if earlier else ref, 2
    if kind == "last_week":
        if m.group(0).lower().endswith("weekend"):
            return monday - dt.timedelta(days=2), monday - dt.timedelta(days=1), 2
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), 2
    if kind == "this_month":
        return ref.replace(day=1), ref, 3
    if kind == "last_month":
        end = ref.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end, 3
    if kind == "last_year":
        return dt.date(ref.year - 1, 1, 1), dt.date(ref.year - 1, 12, 31), 3
    n = int(g["n"]) if g["n"].isdigit() else _NUMBERS[g["n"].lower()]
    days = n * {"day": 1, "week": 7, "month": 30, "year": 365}[g["unit"].lower()]
    if kind == "ago":  # "three days ago" names a day, "two weeks ago" a week
        return ref - dt.timedelta(days=days), None, {"day": 1, "week": 2}.get(g["unit"].lower(), 3)
    return (
        ref - dt.timedelta(days=days),
        ref,
        1 if days <= 1 else 2 if days <= 7 else 3,
    )  # "the past two weeks"


def find_dates(text: str, article_date: dt.date | None = None) -> list[DateSpan]:
    """Every date expression in ``text``, in order, resolved against ``article_date``."""
    taken: list[tuple[int, int]] = []
    found: list[DateSpan] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                date, end, precision = _resolve(kind, m, article_date)
            except ValueError:  # "February 30": not a date
                continue
            taken.append((m.start(), m.end()))
            found.append(DateSpan(date, end, precision, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda d: d.start)


def parse_article_date(value: str | dt.date | None) -> dt.date | None:
    """The article date from ``YYYY-MM-DD`` text or a date; ValueError names a bad value."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"article date {value!r} is not YYYY-MM-DD") from None
