"""Generic tables as analysts have them: CSV/TSV in any common encoding and delimiter, XLSX, JSON records.

* **Encoding**: ``encoding=`` (``--encoding``) if given; else a byte-order mark (UTF-8, UTF-16, UTF-32:
  Excel's "Unicode text" is UTF-16); else UTF-8 when the bytes are UTF-8; else the encoding
  charset-normalizer detects (cp1252, latin-1, ...), named in a log message.
* **Delimiter**: the one of ``,`` ``;`` tab ``|`` that splits the first lines into the same number of
  fields (most fields wins); a ``.tsv`` file is tab-separated. A trailing delimiter at the end of
  every line adds no column.
* **Formula neutralisation**: cells written by ``geomap.writers`` with a ``'`` before a leading
  ``=``, ``+``, ``-``, ``@``, tab or carriage return (see ``docs/EVENTS.md``) get that ``'`` removed.
* **XLSX**: the sheet ``sheet=`` names (a name or a 1-based number), else the first sheet whose header
  has a column saying where events are. The header row is the first of the top rows that names a
  known column (a title row above it is skipped); rows are numbered as the sheet shows them.
* **JSON**: a list of records, ``{"data": [...]}`` as the ACLED API returns, or a FeatureCollection
  (read by :mod:`geomap.readers.spatial`).
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geomap.errors import InputError
from geomap.readers.layout import KNOWN_COLUMNS, Layout, column_key
from geomap.readers.values import as_object, text_series

log = logging.getLogger("geomap")

DELIMITERS = (",", ";", "\t", "|")
#: Bytes looked at to choose the encoding and the delimiter.
SAMPLE_BYTES = 1 << 16
#: Rows at the top of a sheet searched for the header.
HEADER_SEARCH_ROWS = 30

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: A cell geomap's CSV writer neutralised: quote(s) then a character spreadsheets evaluate.
NEUTRALISED = r"^'+[=+\-@\t\r]"
#: Cells that are plain numbers are never neutralised ("-3.5" is data, not a formula).
PLAIN_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def choose_encoding(path: Path, encoding: str | None = None, sample: bytes | None = None) -> str:
    """The text encoding of ``path`` (see the module docstring), judged from its first bytes or ``sample``."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise InputError(f"unknown encoding {encoding!r}", file=str(path)) from exc
        return encoding
    if sample is None:
        with open(path, "rb") as fh:
            sample = fh.read(SAMPLE_BYTES)
        for bom, name in _BOMS:
            if sample.startswith(bom):
                return name
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample)  # a cut last character is fine
            return "utf-8"
        except UnicodeDecodeError:
            pass
    return detect_encoding(path, sample)


def detect_encoding(path: Path, sample: bytes) -> str:
    """charset-normalizer's guess for bytes that are not UTF-8, logged so the user knows."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency; kept working without it
        guess = None
    else:
        matches = list(from_bytes(sample))
        best = matches[0] if matches else None
        tied = [m.encoding for m in matches if best and m.chaos <= best.chaos and m.coherence >= best.coherence - 0.01]
        # A short sample fits several code pages equally; Windows-1252 is the one spreadsheets write.
        guess = "cp1252" if "cp1252" in tied else best.encoding if best is not None else None
    guess = guess if guess and guess not in ("utf_8", "ascii") else "cp1252"
    log.warning("%s: not UTF-8; read as %s (detected; --encoding chooses another)", path, guess)
    return guess


def _around(path: Path, offset: int) -> bytes:
    """Bytes of ``path`` around ``offset``, for detecting an encoding where UTF-8 failed."""
    with open(path, "rb") as fh:
        fh.seek(max(0, offset - SAMPLE_BYTES // 2))
        return fh.read(SAMPLE_BYTES)


def sniff_delimiter(sample: str, default: str = ",") -> str:
    """The delimiter splitting the sample's first lines into equally many fields, most fields first."""
    lines = sample.splitlines()
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end inside a line
    lines = lines[:50]
    best, score = default, (0, 0.0)
    for delim in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delim) if r]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        same = sum(len(r) in (width, width + 1) for r in rows) / len(rows)
        cand = (round(same, 2), width)
        if cand > score:
            best, score = delim, cand
    return best


def _csv_error(exc: Exception, path: Path) -> InputError:
    text = str(exc)
    if m := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text):
        return InputError(
            f"{m[3]} fields where the header has {m[1]} (a delimiter inside an unquoted cell?)",
            file=str(path), row=int(m[2]),
        )  # fmt: skip
    return InputError(f"cannot read as CSV: {text.strip().splitlines()[-1] if text.strip() else exc}", file=str(path))


def unneutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Remove the ``'`` geomap's CSV writer put before cells a spreadsheet would evaluate."""
    for name in frame.columns:
        col = frame[name]
        if col.dtype != object:
            continue
        text = col.where(col.map(lambda v: isinstance(v, str)), None)
        quoted = text.str.match(NEUTRALISED, na=False)
        if not quoted.any():
            continue
        rest = text[quoted].str[1:]
        plain = rest.str.lstrip("'").str.match(PLAIN_NUMBER, na=False)
        frame.loc[quoted[quoted].index[~plain.to_numpy()], name] = rest[~plain]
    return frame


def _read_csv(path: Path, enc: str, delimiter: str | None) -> pd.DataFrame:
    with open(path, encoding=enc, errors="replace", newline="") as fh:
        sample = fh.read(SAMPLE_BYTES)
    sep = delimiter or sniff_delimiter(sample)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(
                path, sep=sep, dtype=str, keep_default_na=False, na_values=[""], encoding=enc, index_col=False,
            )  # fmt: skip
        if any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
            _check_widths(path, enc, sep)  # index_col=False drops cells beyond the header: only empty ones may go
        return frame
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except (pd.errors.ParserError, csv.Error) as exc:
        raise _csv_error(exc, path) from exc
    except ValueError as exc:
        if isinstance(exc, UnicodeDecodeError):
            raise
        raise _csv_error(exc, path) from exc


def _check_widths(path: Path, enc: str, sep: str) -> None:
    """Refuse a row with more non-empty cells than the header has columns (one per trailing delimiter is fine)."""
    with open(path, encoding=enc, newline="") as fh:
        reader = csv.reader(fh, delimiter=sep)
        width = len(next(reader, []))
        for row in reader:
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise InputError(
                    f"{len(row)} fields where the header has {width} (a delimiter inside an unquoted cell?)",
                    file=str(path), row=reader.line_num,
                )  # fmt: skip


def _arrow_unneutralise(arr: pa.Array) -> pa.Array:
    """:func:`unneutralise` for one Arrow string column, touching only cells that start with ``'``."""
    if not pc.any(pc.starts_with(arr, "'")).as_py():  # the common case, cheaper than the pattern
        return arr
    quoted = pc.fill_null(pc.match_substring_regex(arr, NEUTRALISED), False)
    if not pc.any(quoted).as_py():
        return arr
    rest = pc.utf8_slice_codeunits(arr, 1)
    plain = pc.fill_null(pc.match_substring_regex(pc.utf8_ltrim(rest, "'"), PLAIN_NUMBER), False)
    return pc.if_else(pc.and_(quoted, pc.invert(plain)), rest, arr)


def _read_csv_arrow(path: Path, sep: str) -> pd.DataFrame | None:
    """The fast path for UTF-8 files: Arrow's parser; None when it cannot (then pandas).

    One thread, in blocks of 4 MB: measured on two cores, Arrow's worker threads spent two to three
    times the CPU time of one thread for no shorter wall time; parsing is a small part of a run, and
    the placing after it is what :mod:`geomap.parallel` spreads over processes.
    """
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(block_size=1 << 22, use_threads=False),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=_all_text(path, sep), strings_can_be_null=True, quoted_strings_can_be_null=True
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError, UnicodeDecodeError):
        return None
    if len(set(table.column_names)) < len(table.column_names) or any(not n for n in table.column_names):
        return None  # repeated or empty header names: pandas names them as the user sees them
    index = pd.RangeIndex(table.num_rows)
    columns = {
        name: text_series(_arrow_unneutralise_chunked(table[name]), index) for name in table.column_names
    }
    return pd.DataFrame(columns, index=index, copy=False)


def _arrow_unneutralise_chunked(col: pa.ChunkedArray) -> pa.ChunkedArray:
    return pa.chunked_array([_arrow_unneutralise(c) for c in col.chunks], type=pa.large_string())


def _all_text(path: Path, sep: str) -> dict[str, pa.DataType]:
    """Every header name -> (large) string, so that Arrow infers no types (cells are parsed exactly later).

    Large strings are what pandas keeps its ``str`` columns in: the columns need no cast.
    """
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh, delimiter=sep), [])
    return {name: pa.large_string() for name in header}


def read_csv(path: Path, delimiter: str | None = None, encoding: str | None = None) -> pd.DataFrame:
    """A CSV/TSV file as text cells (None for blank), encoding and delimiter found as documented.

    Columns from Arrow's parser with text in every cell are Arrow-backed (``geomap.model.TEXT_DTYPE``).
    """
    enc = choose_encoding(path, encoding)
    if enc == "utf-8":
        with open(path, encoding=enc, errors="replace", newline="") as fh:
            sep = delimiter or sniff_delimiter(fh.read(SAMPLE_BYTES))
        fast = _read_csv_arrow(path, sep)
        if fast is not None:
            return fast
    try:
        frame = _read_csv(path, enc, delimiter)
    except UnicodeDecodeError as exc:
        if encoding:
            raise InputError(f"not valid {enc} text (choose the encoding with --encoding)", file=str(path)) from exc
        enc = detect_encoding(path, _around(path, getattr(exc, "start", 0)))
        frame = _read_csv(path, enc, delimiter)
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed: ") and frame[c].isna().all()]
    frame = frame.drop(columns=unnamed)
    return unneutralise(as_object(frame))


# --------------------------------------------------------------------------------------------- Excel


def _header_row(cells: pd.DataFrame) -> int:
    """The position of the header among a sheet's top rows: the first naming a known column, else 0."""
    for pos in range(min(HEADER_SEARCH_ROWS, len(cells))):
        names = {column_key(v) for v in cells.iloc[pos] if isinstance(v, str) and v.strip()}
        if names & KNOWN_COLUMNS and len(names) >= 2:
            return pos
    return 0


def _sheet_table(cells: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """A sheet read without a header -> (table, spreadsheet number of its first data row)."""
    cells = cells.dropna(how="all", axis=1)
    if not len(cells):
        return pd.DataFrame(), 2
    pos = _header_row(cells)
    header = [
        str(v).strip() if not pd.isna(v) else f"column_{i + 1}" for i, v in enumerate(cells.iloc[pos])
    ]
    body = cells.iloc[pos + 1 :]
    body = body[body.notna().any(axis=1)]
    table = pd.DataFrame(body.to_numpy(dtype=object), columns=header, index=body.index - (pos + 1))
    return as_object(table), pos + 2


def read_xlsx(path: Path, sheet: str | int | None = None) -> tuple[pd.DataFrame, int]:
    """An XLSX sheet (see the module docstring) -> (table, spreadsheet number of its first data row)."""
    try:
        sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl and zipfile raise many classes for a file that is no workbook
        raise InputError(f"not an Excel .xlsx workbook ({type(exc).__name__}: {exc})", file=str(path)) from exc
    names = list(sheets)
    if sheet is not None:
        key = names[int(sheet) - 1] if str(sheet).isdigit() and 0 < int(sheet) <= len(names) else str(sheet)
        if key not in sheets:
            raise InputError(f"no sheet {sheet!r}; the workbook has {', '.join(map(repr, names))}", file=str(path))
        return _sheet_table(sheets[key])
    tables = {name: _sheet_table(cells) for name, cells in sheets.items()}
    for name, (table, first) in tables.items():
        if len(table.columns) and Layout.of([column_key(c) for c in table.columns]).can_place(False):
            if name != names[0]:
                log.info("%s: reading sheet %r (the first sheet with event columns)", path, name)
            return table, first
    return tables[names[0]] if names else (pd.DataFrame(), 2)


# --------------------------------------------------------------------------------------------- JSON


def json_records(doc: Any, path: Path) -> pd.DataFrame:
    """A JSON document of records (a list, or ``{"data"|"events"|"records"|"rows": [...]}``) as a table."""
    if isinstance(doc, dict):
        records = next(
            (doc[k] for k in ("data", "events", "records", "rows") if isinstance(doc.get(k), list)), None
        )
    else:
        records = doc
    if not isinstance(records, list):
        raise InputError(
            "expected a list of records, {'data': [...]} or a GeoJSON FeatureCollection", file=str(path)
        )
    bad = next((i for i, r in enumerate(records) if not isinstance(r, dict)), None)
    if bad is not None:
        raise InputError("expected a record (a JSON object)", file=str(path), row=bad + 1)
    return as_object(pd.DataFrame(records))


def load_json(path: Path, encoding: str | None = None) -> Any:
    """A JSON document, with the line and column of a syntax error."""
    data = path.read_bytes()
    enc = encoding or next((name for bom, name in _BOMS if data.startswith(bom)), None)
    text = None
    if enc is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            enc = detect_encoding(path, data[max(0, exc.start - SAMPLE_BYTES // 2) : exc.start + SAMPLE_BYTES // 2])
    try:
        return json.loads(text if text is not None else data.decode(enc))
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=str(path)) from exc
    except (UnicodeDecodeError, RecursionError) as exc:
        raise InputError(f"cannot read as JSON: {exc}", file=str(path)) from exc
