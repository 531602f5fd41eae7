"""GeoNames dumps: the 19-column ``geoname`` table (``SY.txt``/``SY.zip``, ``allCountries.zip``,
``cities1000.zip``, ...) and the alternate-names table (``alternateNamesV2.zip``, per-country
``alternatenames/SY.zip``).

Read with pandas' C parser in chunks of :data:`CHUNK` rows, every column as text, so that a bad value
is reported with its row and field rather than as a parser error. Feature classes R (roads, railways)
and U (undersea) are skipped by default: nobody reports a clash on a railway by its GeoNames name.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from gazetteer.exc import PlaceFileError
from gazetteer.importers.base import ALTERNATE, MAIN, Chunk, Context, empty_places, exploded, numbers

GEONAME_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature_class",
    "feature_code", "country_code", "cc2", "admin1_code", "admin2_code", "admin3_code", "admin4_code",
    "population", "elevation", "dem", "timezone", "modification_date",
)  # fmt: skip
ALTERNATE_COLUMNS = (
    "alternateNameId", "geonameid", "isolanguage", "alternate_name", "isPreferredName", "isShortName",
    "isColloquial", "isHistoric", "from", "to",
)  # fmt: skip
#: Feature classes imported by default (A admin, P populated, S spots, T terrain, H water, L areas, V forest).
FEATURE_CLASSES = Context.feature_classes
#: isolanguage codes that are not names: links, Wikidata ids, postcodes, airport and UN/LOCODE codes.
NOT_NAMES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "phon"})
COUNTRY_CODES = frozenset({"PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "PCL", "TERR"})
CHUNK = 200_000


@contextlib.contextmanager
def open_table(path: Path) -> Iterator[IO[str]]:
    """The text of a dump: the file itself, or the table inside a GeoNames zip (not its readme)."""
    if path.suffix.lower() != ".zip":
        with open(path, encoding="utf-8", newline="") as fh:
            yield fh
        return
    with zipfile.ZipFile(path) as zf:
        members = [m for m in zf.namelist() if m.lower().endswith(".txt") and "readme" not in m.lower()]
        members.sort(key=lambda m: (m.lower().startswith("iso-languagecodes"), m))
        if not members:
            raise PlaceFileError("the zip holds no GeoNames .txt table", file=str(path))
        with zf.open(members[0]) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8", newline="")


def column_count(path: Path) -> int:
    """Tab-separated fields on the first line of a dump (19 geoname, 10 or 8 alternate names)."""
    with open_table(path) as fh:
        return len(fh.readline().rstrip("\r\n").split("\t"))


def _chunks(path: Path, columns: tuple[str, ...], usecols: list[str]) -> Iterator[tuple[int, pd.DataFrame]]:
    """``(first row number, frame)`` of every chunk, all fields as text; short rows are an error."""
    last = columns[-1]
    with open_table(path) as fh:
        reader = pd.read_csv(
            fh, sep="\t", header=None, names=list(columns), usecols=[*usecols, last] if last not in usecols else usecols,
            dtype=str, quoting=csv.QUOTE_NONE, keep_default_na=False, na_filter=True, na_values=[],
            chunksize=CHUNK, engine="c",
        )  # fmt: skip
        first = 1
        try:
            for frame in reader:
                short = frame[last].isna().to_numpy()
                if short.any():
                    row = first + int(np.flatnonzero(short)[0])
                    raise PlaceFileError(
                        f"expected {len(columns)} tab-separated fields", file=str(path), row=row, field=last
                    )
                yield first, frame
                first += len(frame)
        except pd.errors.ParserError as exc:
            match = re.search(r"line (\d+), saw (\d+)", str(exc))
            row = int(match.group(1)) if match else None
            saw = f", found {match.group(2)}" if match else ""
            raise PlaceFileError(
                f"expected {len(columns)} tab-separated fields{saw}", file=str(path), row=row
            ) from None
        except UnicodeDecodeError as exc:
            raise PlaceFileError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None


def _ids(path: Path, values: pd.Series, rows: pd.Series, field_name: str) -> np.ndarray:
    ids = pd.to_numeric(values, errors="coerce")
    bad = ids.isna() | (ids <= 0) | (ids != ids.round())
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise PlaceFileError(
            f"{field_name} must be a positive whole number, got {values.iloc[i]!r}",
            file=str(path), row=int(rows.iloc[i]), field=field_name,
        )  # fmt: skip
    return ids.astype("int64").to_numpy()


def read_geonames(path: Path, ctx: Context) -> Iterator[Chunk]:
    """Chunks of places from a 19-column GeoNames ``geoname`` table."""
    feature_classes = ctx.feature_classes
    usecols = [
        c
        for c in GEONAME_COLUMNS
        if c not in ("cc2", "admin3_code", "admin4_code", "elevation", "dem", "timezone")
    ]
    for first, frame in _chunks(path, GEONAME_COLUMNS, usecols):
        rows = pd.Series(np.arange(first, first + len(frame)), index=frame.index)
        keep = frame["feature_class"].isin(list(feature_classes)).to_numpy()
        skipped = Counter({f"feature class not in {feature_classes}": int((~keep).sum())})
        frame, rows = frame[keep].reset_index(drop=True), rows[keep].reset_index(drop=True)
        n = len(frame)
        places = empty_places(n)
        places["row"] = rows.to_numpy()
        places["geonameid"] = pd.array(_ids(path, frame["geonameid"], rows, "geonameid"), dtype="Int64")
        places["name"] = frame["name"].to_numpy(dtype=object)
        empty_name = (frame["name"].str.strip() == "").to_numpy()
        if empty_name.any():
            i = int(np.flatnonzero(empty_name)[0])
            raise PlaceFileError("a place needs a name", file=str(path), row=int(rows.iloc[i]), field="name")
        for col, src, limit in (("lat", "latitude", 90.0), ("lon", "longitude", 180.0)):
            values = numbers(path, frame[src], src, rows, limit)
            missing = values.isna().to_numpy()
            if missing.any():
                i = int(np.flatnonzero(missing)[0])
                raise PlaceFileError(f"{src} is empty", file=str(path), row=int(rows.iloc[i]), field=src)
            places[col] = values.to_numpy()
        places["population"] = (
            numbers(path, frame["population"], "population", rows).fillna(0).astype("int64").to_numpy()
        )
        cc = frame["country_code"].str.strip().str.upper()
        places["cc"] = cc.where(cc != "", None).to_numpy(dtype=object)
        fcode = frame["feature_code"].str.strip()
        places["fcode"] = fcode.where(fcode != "", None).to_numpy(dtype=object)
        fclass = frame["feature_class"].to_numpy()
        places["kind"] = np.select(
            [
                fcode.isin(COUNTRY_CODES).to_numpy(),
                (fcode == "ADM1").to_numpy(),
                (fcode == "ADM2").to_numpy(),
                fclass == "P",
            ],
            ["country", "admin1", "admin2", "city"],
            "other",
        ).astype(object)
        a1 = frame["admin1_code"].str.strip()
        a2 = frame["admin2_code"].str.strip()
        code1 = cc + "." + a1
        has1 = ((a1 != "") & (cc != "")).to_numpy()
        places["admin1"] = np.where(has1, code1.to_numpy(dtype=object), None)
        places["admin2"] = np.where(
            has1 & (a2 != "").to_numpy(), (code1 + "." + a2).to_numpy(dtype=object), None
        )
        # Admin areas this dump defines that the bundled index does not know by code get their own names.
        admin_names: dict[str, str] = {}
        for level, codes in (("admin1", places["admin1"]), ("admin2", places["admin2"])):
            mask = (places["kind"] == level).to_numpy() & pd.notna(codes).to_numpy()
            for code, name in zip(codes[mask], places["name"][mask], strict=True):
                if code not in ctx.bundled_admin_codes:
                    admin_names.setdefault(code, name)
        ascii_names = frame["asciiname"].where(frame["asciiname"] != frame["name"], "")
        names = pd.concat(
            [exploded(ascii_names, "\x00", MAIN), exploded(frame["alternatenames"], ",", ALTERNATE)],
            ignore_index=True,
        )
        yield Chunk(places, names, admin_names=admin_names, rows=n + int(skipped.total()), skipped=+skipped)


def read_alternates(path: Path, ctx: Context) -> Iterator[Chunk]:
    """Chunks of names by GeoNames id from an alternate-names table (V2's 10 columns or the old 8)."""
    columns = ALTERNATE_COLUMNS if column_count(path) >= 10 else ALTERNATE_COLUMNS[:8]
    for first, frame in _chunks(path, columns, ["geonameid", "isolanguage", "alternate_name"]):
        rows = pd.Series(np.arange(first, first + len(frame)), index=frame.index)
        ids = _ids(path, frame["geonameid"], rows, "geonameid")
        name = frame["alternate_name"].str.strip()
        keep = (~frame["isolanguage"].isin(NOT_NAMES) & (name != "")).to_numpy()
        alternates = pd.DataFrame(
            {"geonameid": ids[keep], "text": name[keep].to_numpy(), "quality": ALTERNATE}
        )
        skipped = Counter({"not a name (link, code, postcode) or empty": int((~keep).sum())})
        yield Chunk(empty_places(0), alternates=alternates, rows=len(frame), skipped=+skipped)
