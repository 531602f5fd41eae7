"""Today's place files (:mod:`gazetteer.places`: CSV or GeoJSON with name, aliases, lat/lon or geometry,
country, kind, admin1, admin2, population), validated exactly as ``--places`` validates them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from gazetteer.importers.base import ALTERNATE, Chunk, Context, name_codes
from gazetteer.places import FIELDS, UserPlaces


def is_place_file(columns: list[str]) -> bool:
    """True when the columns are place-file fields with a name and a point or geometry."""
    lowered = {c.strip().lower() for c in columns}
    return (
        "name" in lowered
        and ({"lat", "lon"} <= lowered or "geometry" in lowered)
        and lowered <= {*FIELDS, "id"}
    )


def read(path: Path, ctx: Context) -> Iterator[Chunk]:
    """One chunk with every place of the file, its aliases as alternate names."""

    loaded = UserPlaces.load([path])
    pos_of = {row.id: pos for pos, row in enumerate(loaded.rows)}
    places = pd.DataFrame(
        {
            "geonameid": pd.array([None] * len(loaded.rows), dtype="Int64"),
            "name": [r.name for r in loaded.rows],
            "lat": [r.lat for r in loaded.rows],
            "lon": [r.lon for r in loaded.rows],
            "cc": [r.cc for r in loaded.rows],
            "fcode": None,
            "kind": [r.kind for r in loaded.rows],
            "population": [r.population for r in loaded.rows],
            "wkb": [loaded.wkb(r.geom) if r.geom is not None else None for r in loaded.rows],
            "row": range(1, len(loaded.rows) + 1),
        }
    )
    admin_names: dict[str, str] = {}
    for level in ("admin1", "admin2"):
        codes, mapping = name_codes(
            places["cc"], pd.Series([getattr(r, level) for r in loaded.rows], dtype=object)
        )
        places[level] = codes.to_numpy(dtype=object)
        admin_names.update(mapping)
    # The aliases, as the place file keyed them (UserPlaces keeps keys, not the raw alias text).
    names = [
        (pos_of[row.id], key, ALTERNATE)
        for key, hits in loaded.by_key.items()
        for row, quality in hits
        if quality == ALTERNATE
    ]
    yield Chunk(
        places,
        pd.DataFrame(names, columns=["pos", "text", "quality"]),
        admin_names=admin_names,
        rows=len(loaded.rows),
    )
