"""What every importer yields (:class:`Chunk`) and the small helpers they share.

An importer reads one source file and yields chunks of places in one canonical frame
(:data:`PLACE_COLUMNS`), the extra names of those places, names to attach to places by GeoNames id, and
display names for the admin codes its places carry. Admin areas are referred to by code: a GeoNames
code (``SY.05``), a source's own code (an OCHA P-code), or, where a source gives only a name, a code
made from it (:func:`name_codes`); the layer keeps the display name of each code it defines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from gazetteer.exc import PlaceFileError
from gazetteer.location import KINDS
from gazetteer.names import normalize

#: Columns of :attr:`Chunk.places`. ``row`` is the source row (or feature) number, for the record;
#: ``wkb`` a polygon or None. ``lat``/``lon`` may be missing only for a row with a ``geonameid`` of a
#: bundled place, whose point it then keeps.
PLACE_COLUMNS = (
    "geonameid",
    "name",
    "lat",
    "lon",
    "cc",
    "admin1",
    "admin2",
    "fcode",
    "kind",
    "population",
    "wkb",
    "row",
)
MAIN, ALTERNATE = 0, 1


@dataclass
class Chunk:
    """Places read from one part of a file."""

    places: pd.DataFrame
    #: ``pos`` (row position in ``places``), ``text``, ``quality``: names besides ``places.name``.
    names: pd.DataFrame | None = None
    #: ``geonameid``, ``text``, ``quality``: names of places identified by GeoNames id only.
    alternates: pd.DataFrame | None = None
    admin_names: dict[str, str] = field(default_factory=dict)
    #: Source rows this chunk covers, and why some of them gave no place.
    rows: int = 0
    skipped: Counter = field(default_factory=Counter)
    #: Anything else the user should hear about this file, one line each.
    notes: list[str] = field(default_factory=list)


@dataclass
class Context:
    """What importers may ask of the bundled index."""

    country_code: Callable[[str], str | None]
    bundled_admin_codes: frozenset[str] = frozenset()
    #: GeoNames feature classes to import (see :data:`gazetteer.importers.geonames.FEATURE_CLASSES`).
    feature_classes: str = "APSTHLV"


def empty_places(n: int) -> pd.DataFrame:
    """A places frame of ``n`` rows with every column present and empty."""
    frame = pd.DataFrame(
        {
            "geonameid": pd.array([pd.NA] * n, dtype="Int64"),
            "lat": np.full(n, np.nan),
            "lon": np.full(n, np.nan),
            "population": np.zeros(n, dtype="int64"),
            "row": np.arange(n, dtype="int64"),
        }
    )
    for col in ("name", "cc", "admin1", "admin2", "fcode", "kind", "wkb"):
        frame[col] = pd.Series([None] * n, dtype=object)
    return frame[list(PLACE_COLUMNS)]


def find_column(columns: list[str], *candidates: str) -> str | None:
    """The first of ``columns`` equal, ignoring case, to one of ``candidates`` (in candidate order)."""
    lowered = {c.lower(): c for c in columns}
    for cand in candidates:
        if cand.lower() in lowered:
            return lowered[cand.lower()]
    return None


def text(values: pd.Series) -> pd.Series:
    """Values as stripped strings, None where empty or missing."""
    out = values.astype(object).where(values.notna(), None)
    out = out.map(lambda v: str(v).strip() if v is not None else None)
    return out.where(out.map(bool, na_action="ignore").fillna(False).astype(bool), None)


def numbers(
    path: Path, values: pd.Series, field_name: str, rows: pd.Series, limit: float | None = None
) -> pd.Series:
    """Values as floats; PlaceFileError naming the first row whose non-empty value is not a number in range."""
    out = pd.to_numeric(values, errors="coerce")
    given = values.notna() & (values.astype(str).str.strip() != "")
    bad = given & out.isna()
    if limit is not None:
        bad |= out.abs() > limit
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        what = f"a number within -{limit:g}..{limit:g}" if limit is not None else "a number"
        raise PlaceFileError(
            f"{field_name} must be {what}, got {values.iloc[i]!r}",
            file=str(path),
            row=int(rows.iloc[i]),
            field=field_name,
        )
    return out.astype(float)


def name_codes(cc: pd.Series, names: pd.Series) -> tuple[pd.Series, dict[str, str]]:
    """Codes for admin areas a source names but does not code (``~SY.idlib governorate``), and their names."""
    keys = names.map(lambda n: normalize(n) if isinstance(n, str) else "", na_action="ignore").fillna("")
    codes = ("~" + cc.fillna("").astype(str) + "." + keys).where(keys != "", None)
    mapping = {c: n for c, n in zip(codes, names, strict=True) if c is not None}
    return codes, mapping


def check_kinds(path: Path, places: pd.DataFrame) -> None:
    """PlaceFileError for a kind outside :data:`gazetteer.location.KINDS` (an importer bug or bad input)."""
    bad = ~places["kind"].isin(KINDS)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise PlaceFileError(
            f"kind must be one of {', '.join(KINDS)}, got {places['kind'].iloc[i]!r}",
            file=str(path), row=int(places["row"].iloc[i]), field="kind",
        )  # fmt: skip


def exploded(values: pd.Series, sep: str, quality: int) -> pd.DataFrame:
    """``pos, text, quality`` for every ``sep``-separated name in ``values`` (one cell per place)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(values.fillna("").astype(str).to_numpy(dtype=object), type=pa.string())
    lists = pc.split_pattern(arr, sep)
    flat = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    keep = pc.not_equal(flat, "")
    pos = pc.filter(pc.list_parent_indices(lists), keep).to_numpy()
    texts = pc.filter(flat, keep).to_numpy(zero_copy_only=False)
    return pd.DataFrame({"pos": pos, "text": texts.astype(object), "quality": quality})


def read_text_csv(path: Path) -> pd.DataFrame:
    """A CSV with every cell as text ("" when empty); PlaceFileError when it cannot be parsed."""
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        reason = str(exc).strip().splitlines()[0]
        raise PlaceFileError(f"not a readable CSV: {reason}", file=str(path)) from None
