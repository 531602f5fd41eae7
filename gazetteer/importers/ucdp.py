"""UCDP GED event tables (CSV) as a list of the places they were coded at.

Only rows located to the place itself (``where_prec`` 1: the exact place, 2: within 25 km of it) are
used; one place per distinct cleaned name and point. ``where_coordinates`` names such as
"Saakow town", "Kismayo city" or "Abu Shouk camp" lose the trailing place word (the full form stays an
alternate name), parenthesised parts and ``/``-separated forms become alternate names. ``adm_1`` and
``adm_2`` are the admin names shown with the place; ``country`` (a UCDP country name such as
"Yemen (North Yemen)") is matched to an ISO code through the bundled index.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from gazetteer.exc import PlaceFileError
from gazetteer.importers.base import (
    ALTERNATE,
    Chunk,
    Context,
    empty_places,
    find_column,
    name_codes,
    numbers,
    read_text_csv,
    text,
)

REQUIRED = ("where_coordinates", "latitude", "longitude", "where_prec", "country")
PLACE_WORDS = (
    "town", "city", "village", "suburb", "locality", "location", "camp", "township", "area", "hamlet",
    "settlement", "neighbourhood", "neighborhood", "quarter",
)  # fmt: skip
_PLACE_WORD = re.compile(r"^(.+?)\s+(?:" + "|".join(PLACE_WORDS) + r")$", re.IGNORECASE)
_PARENS = re.compile(r"\s*\(([^)]*)\)")


def is_ucdp(columns: list[str]) -> bool:
    return all(find_column(columns, c) for c in ("where_coordinates", "where_prec"))


def clean_name(raw: str) -> tuple[str, list[str]]:
    """The place's name and its other forms: "Dahiet Elasad/Al Assad suburb" -> ("Dahiet Elasad", [...])."""
    inner = _PARENS.findall(raw)
    bare = _PARENS.sub("", raw).strip()
    parts = [p.strip() for p in bare.split("/") if p.strip()] or [bare]
    last = _PLACE_WORD.match(parts[-1])
    if last:
        parts[-1] = last.group(1)
    forms = [*parts, *(_PLACE_WORD.sub(r"\1", p).strip() for p in inner)]
    if bare not in forms:
        forms.append(bare)
    forms = list(dict.fromkeys(f for f in forms if f))
    return forms[0], forms[1:]


def read(path: Path, ctx: Context) -> Iterator[Chunk]:
    """One chunk of the distinct places of a GED CSV."""
    frame = read_text_csv(path)
    cols = list(frame.columns)
    found = {c: find_column(cols, c) for c in (*REQUIRED, "adm_1", "adm_2")}
    for c in REQUIRED:
        if found[c] is None:
            raise PlaceFileError("a UCDP GED table needs this column", file=str(path), row=1, field=c)
    rows = pd.Series(np.arange(2, len(frame) + 2), index=frame.index)
    prec = numbers(path, frame[found["where_prec"]], "where_prec", rows)
    keep = prec.isin([1, 2]).to_numpy()
    skipped = Counter({"where_prec not 1 or 2": int((~keep).sum())})
    frame, rows = frame[keep].reset_index(drop=True), rows[keep].reset_index(drop=True)
    lat = numbers(path, frame[found["latitude"]], "latitude", rows, 90.0)
    lon = numbers(path, frame[found["longitude"]], "longitude", rows, 180.0)
    raw = text(frame[found["where_coordinates"]])
    usable = (lat.notna() & lon.notna() & raw.notna()).to_numpy()
    skipped["no name or no coordinates"] += int((~usable).sum())
    frame, rows, lat, lon, raw = (x[usable].reset_index(drop=True) for x in (frame, rows, lat, lon, raw))
    cleaned = [clean_name(r) for r in raw]
    names = pd.Series([c[0] for c in cleaned], dtype=object)
    key = pd.DataFrame({"n": names.str.casefold(), "lat": lat.round(4), "lon": lon.round(4)})
    first = ~key.duplicated().to_numpy()
    skipped["same place as an earlier row"] += int((~first).sum())
    countries = text(frame[found["country"]])
    lookup = {c: _country(ctx, c) for c in countries.dropna().unique()}
    cc = countries.map(lookup, na_action="ignore")
    places = empty_places(int(first.sum()))
    places["name"] = names[first].to_numpy()
    places["lat"], places["lon"] = lat[first].to_numpy(), lon[first].to_numpy()
    places["cc"] = cc[first].to_numpy(dtype=object)
    places["kind"], places["fcode"] = "city", "PPL"
    places["row"] = rows[first].to_numpy()
    admin_names: dict[str, str] = {}
    for level in ("adm_1", "adm_2"):
        if found[level] is not None:
            codes, mapping = name_codes(places["cc"], text(frame[found[level]])[first].reset_index(drop=True))
            places["admin1" if level == "adm_1" else "admin2"] = codes.to_numpy(dtype=object)
            admin_names.update(mapping)
    alts = [(pos, alt, ALTERNATE) for pos, i in enumerate(np.flatnonzero(first)) for alt in cleaned[i][1]]
    unknown = sorted(c for c, v in lookup.items() if v is None)
    notes = [f"country not recognised, places imported without one: {', '.join(unknown)}"] if unknown else []
    yield Chunk(
        places,
        pd.DataFrame(alts, columns=["pos", "text", "quality"]),
        admin_names=admin_names,
        rows=len(keep),
        skipped=+skipped,
        notes=notes,
    )


def _country(ctx: Context, name: str) -> str | None:
    """ISO code of a UCDP country name: as written, then without or inside its parentheses."""
    inner = _PARENS.findall(name)
    for candidate in (name, _PARENS.sub("", name).strip(), *inner):
        cc = ctx.country_code(candidate)
        if cc:
            return cc
    return None
