"""Cell values: text, dates, whole numbers, lists and sources, each parsed exactly or reported.

Every parser here takes a column and returns the parsed values plus, per row, the reason a value
could not be kept exactly (None where it could). Nothing is rounded or reinterpreted silently: a
fatality count of ``1.5``, a date ``2025-02-30`` or an integer beyond 64 bits is reported, not
"fixed". Parsers work once per distinct value (event tables repeat dates, counts and countries on
thousands of rows), so a million rows cost a few thousand Python calls.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable
from itertools import zip_longest
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geomap.model import TEXT_DTYPE, is_text, nones

INT64_MAX = 2**63 - 1
#: Cell text that means "no value" in a number field.
MISSING_WORDS = frozenset({"nan", "na", "n/a", "null", "none", "-"})

# --------------------------------------------------------------------------------------------- shared


def shared(values: pd.Series) -> pd.Series:
    """``values`` as objects, None for missing, each distinct value one object.

    Event tables repeat countries, actors and types on every row; a million separate copies of
    "Syria" would cost tens of megabytes per column.
    """
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:  # lists or dicts in the column
        out = values.astype(object)
        return out.where(out.notna(), None)
    table = np.array([*np.asarray(uniques, dtype=object), None], dtype=object)
    return pd.Series(table[codes], index=values.index, dtype=object)


def text_series(arr: pa.Array | pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """Text cells from Arrow: a :data:`TEXT_DTYPE` Series when every cell holds text (no copy for
    large strings), else Python objects with None for the gaps, each distinct value one object."""
    if arr.null_count == 0:
        return pd.Series(pd.array(arr, dtype=TEXT_DTYPE), index=index, copy=False)
    chunked = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    encoded = chunked.combine_chunks().dictionary_encode()
    if len(encoded.dictionary) * 2 > len(encoded):  # mostly distinct values: no sharing to gain
        cells = np.asarray(chunked.to_numpy(zero_copy_only=False), dtype=object)
    else:
        uniques = np.array([*encoded.dictionary.to_pylist(), None], dtype=object)
        cells = uniques[pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy()]
    return pd.Series(cells, index=index, dtype=object)


def as_none(values: pd.Series) -> pd.Series:
    """``values`` as Python objects with None for missing (for code handling cells one by one)."""
    out = values.astype(object)
    return out.where(out.notna(), None)


def as_object(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns with None for missing, so that strings stay strings and blanks become None."""
    if len(frame) < 10_000:  # small tables: sharing repeated values saves nothing worth the time
        out = frame.astype(object)
        return out.where(out.notna(), None)
    return pd.DataFrame({name: shared(frame[name]) for name in frame.columns}, index=frame.index)


def _codes(values: pd.Series) -> tuple[np.ndarray, list[Any]] | None:
    """(codes, distinct values) with -1 for missing; None when cells are unhashable (lists, dicts)."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError:
        return None
    return codes, list(np.asarray(uniques, dtype=object))


def _objects(items: list[Any]) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):  # element by element: tuples must not become array rows
        out[i] = item
    return out


def _mapped(items: list[Any], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """``items[codes]`` (code -1: the last item) as a Series: Arrow-backed text when every cell gets
    text, ``Int64`` when every cell gets a 64-bit integer or None, else Python objects."""
    used = np.zeros(len(items), dtype=bool)
    used[codes] = True
    kept = [items[i] for i in np.flatnonzero(used)]
    if len(codes) and all(isinstance(v, str) for v in kept):
        where = pa.array(np.where(codes < 0, len(items) - 1, codes))
        return text_series(pa.array(items, type=pa.large_string()).take(where), index)
    if len(codes) and any(v is not None for v in kept) and all(_is_int64(v) or v is None for v in kept):
        data = np.array([v if _is_int64(v) else 0 for v in items], dtype=np.int64)
        mask = np.array([not _is_int64(v) for v in items], dtype=bool)
        return pd.Series(pd.arrays.IntegerArray(data[codes], mask[codes]), index=index)
    return pd.Series(_objects(items)[codes], index=index, dtype=object)


def _is_int64(value: Any) -> bool:
    return type(value) is int and abs(value) <= INT64_MAX


def map_unique(values: pd.Series, func: Callable[[Any], Any]) -> pd.Series:
    """Apply ``func`` once per distinct value (``func(None)`` for missing); unhashable cells one by one.

    Text results in every cell make an Arrow-backed Series (``geomap.model.TEXT_DTYPE``).
    """
    coded = _codes(values)
    if coded is None:
        return pd.Series(_objects([func(None if _blank(v) else v) for v in values]), index=values.index)
    codes, uniques = coded
    return _mapped([func(u) for u in uniques] + [func(None)], codes, values.index)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def map_parts(values: pd.Series, func: Callable[[Any], tuple], parts: int = 2) -> tuple[pd.Series, ...]:
    """``func`` (value -> tuple of ``parts`` items) once per distinct value; one Series per item.

    Missing cells give None for every item without calling ``func``. A Series with text in every
    cell is Arrow-backed (``geomap.model.TEXT_DTYPE``).
    """
    coded = _codes(values)
    if coded is None:
        codes, uniques = np.arange(len(values)), [None if _blank(v) else v for v in values]
    else:
        codes, uniques = coded
    blank = (None,) * parts
    results = [func(u) if not _blank(u) else blank for u in uniques] + [blank]
    return tuple(_mapped([r[k] for r in results], codes, values.index) for k in range(parts))


def _pairs(values: pd.Series, func: Callable[[Any], tuple[Any, str | None]]) -> tuple[pd.Series, pd.Series]:
    """``func`` (value -> (parsed, reason)) over a column, once per distinct value."""
    parsed, reasons = map_parts(values, func)
    return parsed, reasons


# --------------------------------------------------------------------------------------------- text


def clean_text(values: pd.Series) -> pd.Series:
    """Text cells stripped, blanks as None; other cells untouched. Vectorised when all cells are text."""
    out = _clean(values)[0]
    return as_none(out) if is_text(out) and not is_text(values) else out


def _clean(values: pd.Series) -> tuple[pd.Series, bool]:
    """:func:`clean_text`, and whether every cell is text or missing.

    A column of text in every cell comes back as :data:`TEXT_DTYPE`, one with gaps as Python
    objects with None for them, a column without any value as None throughout.
    """
    text = is_text(values)
    if not values.notna().any():  # no value at all: None throughout, as the writers expect of an empty column
        return (nones(values.index) if text else values), True
    if not (text or values.dtype == object):
        return values, False
    try:
        arr = pa.array(values, type=None if text else pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers or lists among the text
        return values.map(lambda v: v.strip() or None if isinstance(v, str) else v), False
    if not _needs_trim(arr):  # nothing to trim: no copy
        return (values if text or arr.null_count else text_series(arr, values.index)), True
    trimmed = pc.utf8_trim_whitespace(arr)
    trimmed = pc.if_else(pc.equal(trimmed, ""), None, trimmed)
    if not pc.any(pc.is_valid(trimmed)).as_py():  # blanks only: no value, as for a column of None
        return nones(values.index), True
    return text_series(trimmed, values.index), True


def _needs_trim(arr: pa.Array | pa.ChunkedArray) -> bool:
    """Whether a cell is empty or starts or ends with white space (first and last characters only:
    cheaper than trimming every cell to compare)."""
    chunks = arr.chunks if isinstance(arr, pa.ChunkedArray) else [arr]
    return any(_chunk_needs_trim(c) for c in chunks if len(c))


#: ASCII bytes Arrow's ``utf8_trim_whitespace`` trims (tab to carriage return, the separators, space).
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True


def _edge_bytes(arr: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """(validity, byte length, first byte, last byte) of every cell of a string array, read from its
    buffers without copying a string (first and last byte 0 for empty and missing cells); None for
    other array types."""
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    _, offsets, data = arr.buffers()
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    off = np.frombuffer(offsets, dtype=width)[arr.offset : arr.offset + len(arr) + 1]
    start, end = off[:-1], off[1:]
    length = end - start
    if arr.null_count:
        valid = arr.is_valid().to_numpy(zero_copy_only=False)
        length = np.where(valid, length, 0)
    else:
        valid = np.ones(len(arr), dtype=bool)
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    some = length > 0
    if some.all():  # the common case: no mask to apply
        return valid, length, raw[start], raw[end - 1]
    first, last = np.zeros(len(arr), dtype=np.uint8), np.zeros(len(arr), dtype=np.uint8)
    first[some], last[some] = raw[start[some]], raw[end[some] - 1]
    return valid, length, first, last


def _chunk_needs_trim(arr: pa.Array) -> bool:
    """:func:`_needs_trim` for one array: a cell's first and last bytes decide unless either is part
    of a multi-byte character (then Arrow checks those cells)."""
    edges = _edge_bytes(arr)
    if edges is None:
        return _exact_needs_trim(arr)
    valid, length, first, last = edges
    if (valid & (length == 0)).any() or _ASCII_SPACE[first].any() or _ASCII_SPACE[last].any():
        return True
    wide = (first >= 0x80) | (last >= 0x80)
    return bool(wide.any()) and _exact_needs_trim(arr.filter(pa.array(wide)))


def _exact_needs_trim(arr: pa.Array | pa.ChunkedArray) -> bool:
    """:func:`_needs_trim` by Arrow's Unicode-aware string functions."""
    first, last = pc.utf8_slice_codeunits(arr, 0, 1), pc.utf8_slice_codeunits(arr, -1)
    checks = (pc.equal(pc.binary_length(arr), 0), pc.utf8_is_space(first), pc.utf8_is_space(last))
    return any(pc.any(c).as_py() for c in checks)


def text_values(values: pd.Series) -> tuple[pd.Series, pd.Series | None]:
    """Text for a text field: numbers as they read, lists and dicts as JSON text (with a note why,
    per row; None when the column held only text, the common case, as there is nothing to note)."""
    cleaned, text_only = _clean(values)
    if text_only:
        return cleaned, None
    notes = nones(values.index)
    odd = cleaned.map(lambda v: v is not None and not isinstance(v, str)).to_numpy(dtype=bool)
    if odd.any():
        kept, why = _pairs(cleaned[odd], _as_text)
        cleaned = cleaned.copy()
        cleaned[odd] = kept
        notes[odd] = why
    return cleaned, notes


def _as_text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, (list, dict, tuple, np.ndarray)):
        items = value.tolist() if isinstance(value, np.ndarray) else value
        kind = "an object" if isinstance(value, dict) else "a list"
        return json.dumps(items, ensure_ascii=False, default=str), f"{kind} where text was expected, kept as JSON text"
    if isinstance(value, bool):
        return str(value).lower(), None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value)), None
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return value.isoformat(), None
    return str(value), None


# --------------------------------------------------------------------------------------------- numbers


def _whole(value: Any) -> tuple[int | None, str | None]:
    """An exact integer from a cell, or a reason it is not one."""
    if isinstance(value, (bool, np.bool_)):
        return None, f"not a number: {value!r}"
    if isinstance(value, (int, np.integer)):
        v = int(value)
        return (v, None) if abs(v) <= INT64_MAX else (None, f"{v} is too large (more than 64 bits)")
    if isinstance(value, (float, np.floating)):
        return _whole_float(float(value), repr(float(value)))
    if isinstance(value, str):
        text = value.strip().replace("_", "x")  # Python's int() accepts 1_000; a table cell does not
        if not text or text.lower() in MISSING_WORDS:
            return None, None
        if re.fullmatch(r"[+-]?\d+(\.0*)?", text):
            v = int(text.split(".")[0])
            return (v, None) if abs(v) <= INT64_MAX else (None, f"{text} is too large (more than 64 bits)")
        try:
            number = float(text)
        except ValueError:
            return None, f"not a number: {value!r}"
        return _whole_float(number, repr(text))
    return None, f"not a number: {str(value)[:60]!r}"


def _whole_float(number: float, shown: str) -> tuple[int | None, str | None]:
    if math.isnan(number):
        return None, None
    if math.isinf(number):
        return None, f"{shown} is not a finite number"
    if not number.is_integer():
        return None, f"{shown} is not a whole number"
    if abs(number) >= 2**53:
        return None, f"{shown} is too large to be kept exactly"
    return int(number), None


def _arrow_cast(values: pd.Series, kind: pa.DataType) -> np.ndarray | None:
    """``values`` (text) cast by Arrow, which refuses anything it cannot convert exactly; else None."""
    if values.dtype.kind in "iuf":
        return values.to_numpy()
    try:
        arr = pa.array(values, type=pa.string(), from_pandas=True)
        return pc.cast(arr, kind).to_numpy(zero_copy_only=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None


def whole_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """An ``Int64`` column and, per row, why a value is not an exact 64-bit integer (else None)."""
    none = nones(values.index)
    if values.dtype.kind in "iu":
        return pd.Series(values.astype("Int64"), index=values.index), none
    fast = _arrow_cast(values, pa.int64()) if values.dtype.kind != "f" else None
    if fast is not None:
        return pd.Series(pd.array(fast, dtype="Int64"), index=values.index), none
    parsed, reasons = _pairs(values, _whole)
    return pd.Series(parsed.astype("Int64"), index=values.index), reasons


def _real(value: Any) -> tuple[float | None, str | None]:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, str, np.number)):
        return None, f"not a number: {str(value)[:60]!r}"
    if isinstance(value, str) and value.strip().lower() in MISSING_WORDS:
        return None, None
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except ValueError:
        return None, f"not a number: {value!r}"
    if math.isnan(number):
        return None, None
    return (number, None) if math.isfinite(number) else (None, f"{value!r} is not a finite number")


def real_numbers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A float column and, per row, why a value is not a finite number (else None)."""
    fast = _arrow_cast(values, pa.float64())
    if fast is not None:
        num = np.asarray(fast, dtype=float)
        odd = ~np.isfinite(num) & values.notna().to_numpy()
        if not odd.any():
            return pd.Series(num, index=values.index), nones(values.index)
    parsed, reasons = _pairs(values, _real)
    return pd.Series(pd.to_numeric(parsed, errors="coerce"), index=values.index).astype("float64"), reasons


# --------------------------------------------------------------------------------------------- dates

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}  # fmt: skip
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_D_MON_Y = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([A-Za-z]+)\.?,?[\s\-]+(\d{4})")
_MON_D_Y = re.compile(r"([A-Za-z]+)\.?[\s\-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s\-]+(\d{4})")
_EPOCH = dt.datetime(1970, 1, 1)


def _day(year: int, month: int, day: int, shown: Any) -> tuple[str | None, str | None]:
    try:
        return dt.date(year, month, day).isoformat(), None
    except ValueError:
        return None, f"not a calendar date: {shown!r}"


def _from_number(number: int, shown: Any) -> tuple[str | None, str | None]:
    """YYYYMMDD, else epoch milliseconds (13 digits), else epoch seconds; small numbers are no date."""
    if 18000101 <= number <= 21991231:
        return _day(number // 10000, number // 100 % 100, number % 100, shown)
    if abs(number) < 100_000:
        return None, f"not a date: {shown!r} (give dates as YYYY-MM-DD)"
    seconds = number / 1000 if abs(number) >= 10**11 else number
    try:
        return (_EPOCH + dt.timedelta(seconds=seconds)).date().isoformat(), None
    except OverflowError:
        return None, f"not a date: {shown!r} (outside the years 1-9999)"


def _date(value: Any, month_first: bool = False) -> tuple[str | None, str | None]:
    """The ISO day of one cell, or a reason it is not a date."""
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat(), None
    if isinstance(value, np.datetime64):
        return str(value.astype("datetime64[D]")), None
    if isinstance(value, (bool, np.bool_)):
        return None, f"not a date: {value!r}"
    if isinstance(value, (int, np.integer)):
        return _from_number(int(value), value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value) or not float(value).is_integer():
            return None, f"not a date: {value!r}"
        return _from_number(int(value), value)
    if not isinstance(value, str):
        return None, f"not a date: {str(value)[:60]!r}"
    text = value.strip()
    if re.fullmatch(r"[+-]?\d+(\.0*)?", text):
        return _from_number(int(text.split(".")[0]), value)
    if m := _ISO.fullmatch(text) or _YMD.fullmatch(text):
        return _day(int(m[1]), int(m[2]), int(m[3]), value)
    if m := _DMY.fullmatch(text):
        first, second = int(m[1]), int(m[2])
        day, month = (second, first) if month_first else (first, second)
        return _day(int(m[3]), month, day, value)
    if m := _D_MON_Y.fullmatch(text):
        month = _MONTHS.get(m[2].lower())
        if month:
            return _day(int(m[3]), month, int(m[1]), value)
    if m := _MON_D_Y.fullmatch(text):
        month = _MONTHS.get(m[1].lower())
        if month:
            return _day(int(m[3]), month, int(m[2]), value)
    return None, f"not a date: {text[:60]!r}"


def _month_first(values: pd.Series) -> bool:
    """True when a column's NN/NN/YYYY dates can only be month first (some second number > 12, no first)."""
    coded = _codes(values)
    distinct = pd.Series(coded[1] if coded is not None else list(values), dtype=object)
    text = distinct[distinct.map(lambda v: isinstance(v, str))].astype(str).str.strip()
    parts = text.str.extract(_DMY.pattern).dropna()
    if not len(parts):
        return False
    first, second = parts[0].astype(int), parts[1].astype(int)
    return bool((second > 12).any() and not (first > 12).any())


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series, bool]:
    """ISO ``YYYY-MM-DD`` per row, the reason a value is no date (else None), and whether the
    column's ``NN/NN/YYYY`` dates were read month first.

    Accepted: ISO dates and timestamps (the calendar day as written, whatever the time zone),
    ``YYYY-M-D``, ``D/M/YYYY`` (day first unless the column shows month-first dates only),
    "14 July 2025", "July 14, 2025", ``YYYYMMDD``, epoch seconds, epoch milliseconds (13 digits),
    and date or datetime cells. Any year from 1 to 9999 is kept.
    """
    month_first = _month_first(values.dropna())
    iso, reasons = _pairs(values, lambda v: _date(v, month_first))
    return iso, reasons, month_first


def iso_dates(values: pd.Series) -> pd.Series:
    """ISO dates where the values are dates; anything else kept as given text (see :func:`parse_dates`)."""
    iso, reasons, _ = parse_dates(values)
    kept = values.map(lambda v: None if _blank(v) else str(v).strip())
    return iso.where(reasons.isna(), kept).where(values.notna(), None)


# --------------------------------------------------------------------------------------------- lists


def parse_list(value: Any) -> list | None:
    """A list cell as a list: native lists pass, JSON array text is parsed, anything else is None."""
    if value is None:
        return None
    if type(value) is list:
        return value
    if isinstance(value, (list, tuple, np.ndarray)):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            return None
        return parsed if isinstance(parsed, list) else None
    return None


def parse_lists(values: pd.Series) -> list[list | None]:
    """:func:`parse_list` for a whole column; JSON text is parsed in one call, not one per cell."""
    cells = values.tolist()
    text = [i for i, v in enumerate(cells) if isinstance(v, str) and v.lstrip().startswith("[")]
    out = [parse_list(v) if not isinstance(v, str) else None for v in cells]
    if text:
        try:
            parsed = json.loads("[" + ",".join(cells[i] for i in text) + "]")
        except json.JSONDecodeError:  # some cell is not JSON: parse one by one to keep the good ones
            parsed = [parse_list(cells[i]) for i in text]
        for i, value in zip(text, parsed, strict=True):
            out[i] = value if isinstance(value, list) else None
    return out


def _source_name(url: str) -> str:
    return urlsplit(url).netloc or url


def sources_from_text(
    names: Any, urls: Any = None, listed: list | None = None
) -> list[dict[str, str | None]]:
    """Sources from ACLED-style ``"A; B"`` text plus optional URLs, paired in order.

    ``names`` may also be a list (or JSON text of one) of ``{"name", "url"}`` records or plain
    names; ``listed`` is that list already parsed.
    """
    listed = listed if listed is not None else parse_list(names)
    if listed is not None:
        return [
            {"name": None if s.get("name") is None else str(s.get("name")),
             "url": None if s.get("url") is None else str(s.get("url"))}
            if isinstance(s, dict) else {"name": str(s), "url": None}
            for s in listed
        ]  # fmt: skip
    split = [p.strip() for p in str(names).split(";")] if names is not None else []
    link = [p.strip() for p in re.split(r"[;\s]+", str(urls)) if p.strip()] if urls is not None else []
    out = []
    for name, url in zip_longest([p for p in split if p], link):
        if name and re.match(r"https?://", name):
            name, url = _source_name(name), url or name
        out.append({"name": name or _source_name(url), "url": url})
    return out
