"""Basemap labels: seas, countries, admin-1 areas and towns by zoom, in the reader's script.

Town and village labels are queried from the gazetteer index (its ``places`` table) around the
events at build time, biggest first, so that every place the gazetteer holds (GeoNames cities, and
any village layer added to the same table) can be labelled with no change here. The browser places
them (``geomap-basemap.js``): more at each zoom, never over an event, each with a halo.
"""

from __future__ import annotations

import csv
import functools
import json
import logging
import re
from importlib import resources

import geopandas as gpd
import numpy as np
import shapely

from geomap.rendering.encode import script_safe

log = logging.getLogger("geomap")

LANGUAGES = ("en", "ar", "local")

#: Countries whose own label script is Arabic (``local`` labels them in Arabic).
ARABIC_SCRIPT_COUNTRIES = frozenset(
    "AE BH DJ DZ EG EH IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE".split()
)

#: Towns queried around the events, largest first: enough for every zoom of a country-wide map.
PLACE_LIMIT = 4000

#: (population at least, first zoom shown, label tier 0 city / 1 town / 2 village)
_PLACE_ZOOMS = ((1_000_000, 4, 0), (300_000, 5, 0), (100_000, 6, 1), (30_000, 7, 1), (10_000, 8, 1),
                (3_000, 9, 2), (1_000, 10, 2), (0, 11, 2))  # fmt: skip

_ARABIC_WORD = re.compile(r"^[\u0621-\u064a ]+$")


@functools.cache
def open_index():
    """The gazetteer's read-only index (built into the user cache on first use)."""
    from gazetteer.index import Index, ensure_index

    return Index(ensure_index())


def _arabic_names(index, place_ids: list[int]) -> dict[int, str]:
    """An Arabic-script name per place where the index holds one (its normalised form: no vowel
    marks, and final ta marbuta written as ha, as the index keys it)."""
    found: dict[int, str] = {}
    for i in range(0, len(place_ids), 900):
        chunk = place_ids[i : i + 900]
        marks = ",".join("?" * len(chunk))
        for place, key in index.query(f"SELECT place, key FROM names WHERE place IN ({marks})", tuple(chunk)):
            if _ARABIC_WORD.match(key) and (place not in found or len(key) < len(found[place])):
                found[place] = key
    return found


def _wants_arabic(language: str, cc: str | None) -> bool:
    return language == "ar" or (language == "local" and cc in ARABIC_SCRIPT_COUNTRIES)


def _places(index, bounds: tuple[float, float, float, float], language: str) -> list[list]:
    """``[name, lat, lon, first zoom, tier]`` of populated places around ``bounds``, largest first."""
    minx, miny, maxx, maxy = bounds
    margin = max(0.5, 0.3 * max(maxx - minx, maxy - miny))
    rows = index.query(
        "SELECT id, name, lat, lon, cc, population FROM places WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
        " AND (kind = 'city' OR fcode LIKE 'PPL%') ORDER BY population DESC, id LIMIT ?",
        (miny - margin, maxy + margin, minx - margin, maxx + margin, PLACE_LIMIT),
    )
    arabic = _arabic_names(index, [r[0] for r in rows]) if language != "en" else {}
    out = []
    for pid, name, lat, lon, cc, pop in rows:
        zoom, tier = next((z, t) for least, z, t in _PLACE_ZOOMS if (pop or 0) >= least)
        label = arabic.get(pid, name) if _wants_arabic(language, cc) else name
        out.append([label, round(lat, 4), round(lon, 4), zoom, tier])
    return out


def _countries(world: gpd.GeoDataFrame, index, language: str) -> list[list]:
    """``[name, lat, lon, first zoom]`` at the inner point of each country's largest part."""
    parts = shapely.get_parts(np.asarray(world.geometry.values), return_index=True)
    areas = shapely.area(parts[0])
    order = np.lexsort((-areas, parts[1]))
    first = order[np.unique(parts[1][order], return_index=True)[1]]
    points = shapely.point_on_surface(parts[0][first])
    by_name = {name.casefold(): cc for cc, name in index.country_names.items()} if index else {}
    arabic = {}
    if index and language != "en":
        arabic = _arabic_names(index, [p for p in index.country_place.values() if p is not None])
    out = []
    for k, owner in enumerate(parts[1][first]):
        name = world["name"].iloc[owner]
        if not isinstance(name, str):
            continue
        area = areas[first[k]]
        zoom = 2 if area > 100 else 3 if area > 15 else 4 if area > 2 else 5 if area > 0.3 else 6
        cc = by_name.get(name.casefold())
        if cc and _wants_arabic(language, cc):
            name = arabic.get(index.country_place.get(cc), name)
        out.append([name, round(shapely.get_y(points[k]), 3), round(shapely.get_x(points[k]), 3), zoom])
    return out


#: Words in front of Arabic admin-1 names ("governorate of", "state of") left off the labels.
_ARABIC_ADMIN_WORDS = re.compile(r"^(محافظة|ولاية|منطقة|إقليم|اقليم|لواء)\s+")


def _admin1(admin1: gpd.GeoDataFrame, language: str) -> list[list]:
    """``[name, lat, lon]`` of each admin-1 area at its Natural Earth label point."""
    out = []
    columns = ["name", "name_en", "name_ar", "iso_a2", "latitude", "longitude"]
    for name, name_en, name_ar, cc, lat, lon in admin1[columns].itertuples(index=False):
        label = name_en if isinstance(name_en, str) and name_en else name
        if _wants_arabic(language, cc) and isinstance(name_ar, str) and name_ar:
            label = _ARABIC_ADMIN_WORDS.sub("", name_ar.split("،")[0])
        if isinstance(label, str) and label and lat == lat and lon == lon:
            out.append([label, round(float(lat), 3), round(float(lon), 3)])
    return out


@functools.cache
def _seas() -> tuple[tuple[str, str, float, float, int, int], ...]:
    text = (resources.files("geomap") / "data" / "seas.csv").read_text(encoding="utf-8")
    return tuple(
        (r["name"], r["name_ar"], float(r["lat"]), float(r["lon"]), int(r["minzoom"]), int(r["maxzoom"]))
        for r in csv.DictReader(text.splitlines())
    )


def build_labels(
    world: gpd.GeoDataFrame,
    admin1: gpd.GeoDataFrame,
    bounds: tuple[float, float, float, float] | None,
    language: str = "en",
) -> str:
    """The labels' JSON text for the page (safe inside a ``<script>`` element)."""
    if language not in LANGUAGES:
        raise ValueError(f"label language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    try:
        index = open_index()
    except Exception as exc:  # noqa: BLE001 -- labels are an extra: the map still draws without towns
        log.warning("no town labels: the gazetteer index cannot be opened (%s)", exc)
        index = None
    seas = [
        [ar if language == "ar" and ar else name, lat, lon, lo, hi] for name, ar, lat, lon, lo, hi in _seas()
    ]
    data = {
        "countries": _countries(world, index, language),
        "admin1": _admin1(admin1, language),
        "seas": seas,
        "places": _places(index, bounds, language) if index is not None and bounds is not None else [],
    }
    return script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
