"""Who's On First GeoJSON records: single ``Feature`` files and ``FeatureCollection`` files.

Used properties: ``wof:name`` (the name), ``name:<lang>_x_preferred|variant|colloquial|historical``
(alternate names), ``wof:country``, ``wof:placetype``, ``gn:id`` or ``wof:concordances["gn:id"]`` (the
GeoNames id, so a record of a place GeoNames has replaces it), ``lbl:latitude``/``lbl:longitude`` (else
``geom:latitude``/``geom:longitude``, else the geometry's point), ``wof:population``/``gn:population``,
and ``wof:hierarchy`` (its ``region_id`` and ``county_id`` become the admin codes ``wof:<id>``, named by
region and county records imported alongside).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from gazetteer.exc import PlaceFileError
from gazetteer.importers.base import ALTERNATE, Chunk, Context, empty_places

KIND_OF = {
    **dict.fromkeys(("country", "dependency", "disputed"), "country"),
    **dict.fromkeys(("region", "macroregion"), "admin1"),
    **dict.fromkeys(("county", "macrocounty"), "admin2"),
    **dict.fromkeys(("locality", "neighbourhood", "borough", "microhood", "macrohood", "campus"), "city"),
}
FCODE_OF = {"country": "PCLI", "region": "ADM1", "county": "ADM2", "locality": "PPL", "neighbourhood": "PPLX"}
_NAME_PROP = re.compile(r"name:[a-z]{3}(?:_[a-z]+)?_x_(?:preferred|variant|colloquial|historical)")


def is_wof(data: Any) -> bool:
    """True for a WOF Feature or a FeatureCollection whose first feature is one."""
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or [{}]
        data = features[0]
    props = data.get("properties") if isinstance(data, dict) else None
    return isinstance(props, dict) and ("wof:name" in props or "wof:id" in props)


def _geonameid(props: dict[str, Any]) -> int | None:
    value = props.get("gn:id") or (props.get("wof:concordances") or {}).get("gn:id")
    try:
        gid = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return gid if gid and gid > 0 else None


def read(path: Path, ctx: Context) -> Iterator[Chunk]:
    """One chunk with every record of a WOF Feature or FeatureCollection file."""
    import shapely

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlaceFileError(f"not valid GeoJSON: {exc}", file=str(path)) from None
    features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
    if not isinstance(features, list):
        raise PlaceFileError("expected a GeoJSON Feature or FeatureCollection", file=str(path))
    records, names, admin_names = [], [], {}
    for row, feature in enumerate(features, start=1):

        def fail(message: str, field_name: str, row: int = row) -> PlaceFileError:
            return PlaceFileError(message, file=str(path), row=row, field=field_name)

        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise fail("a feature needs properties", "properties")
        name = str(props.get("wof:name") or "").strip()
        if not name:
            raise fail("a record needs a name", "wof:name")
        geometry = feature.get("geometry")
        geom = None
        if geometry:
            try:
                geom = shapely.from_geojson(json.dumps(geometry))
            except shapely.errors.GEOSException as exc:
                raise fail(f"bad geometry: {exc}", "geometry") from None
        lat, lon = props.get("lbl:latitude"), props.get("lbl:longitude")
        if lat is None or lon is None:
            lat, lon = props.get("geom:latitude"), props.get("geom:longitude")
        if (lat is None or lon is None) and geom is not None and not geom.is_empty:
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            lat, lon = point.y, point.x
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            raise fail("a record needs lbl:latitude/lbl:longitude or a geometry", "geometry") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise fail(f"point {lat}, {lon} is outside the globe", "lbl:latitude")
        placetype = str(props.get("wof:placetype") or "").strip().lower()
        kind = KIND_OF.get(placetype, "other")
        hierarchy = (props.get("wof:hierarchy") or [{}])[0] or {}
        region, county = hierarchy.get("region_id"), hierarchy.get("county_id")
        wof_id = props.get("wof:id")
        if wof_id is not None and kind in ("admin1", "admin2"):
            admin_names[f"wof:{wof_id}"] = name
        cc = str(props.get("wof:country") or "").strip().upper()
        population = props.get("wof:population") or props.get("gn:population") or 0
        polygon = geom is not None and geom.geom_type in ("Polygon", "MultiPolygon") and kind != "city"
        records.append(
            {
                "geonameid": _geonameid(props),
                "name": name,
                "lat": lat,
                "lon": lon,
                "cc": cc if len(cc) == 2 and cc.isalpha() and cc != "XX" else None,
                "admin1": f"wof:{wof_id}"
                if kind == "admin1" and wof_id
                else (f"wof:{region}" if region and region > 0 else None),
                "admin2": f"wof:{wof_id}"
                if kind == "admin2" and wof_id
                else (f"wof:{county}" if county and county > 0 else None),
                "fcode": FCODE_OF.get(placetype),
                "kind": kind,
                "population": int(population) if str(population).isdigit() else 0,
                "wkb": shapely.to_wkb(shapely.make_valid(geom)) if polygon else None,
                "row": row,
            }
        )
        for prop, value in props.items():
            if _NAME_PROP.fullmatch(prop):
                for alt in value if isinstance(value, list) else [value]:
                    if isinstance(alt, str) and alt.strip() and alt.strip() != name:
                        names.append((len(records) - 1, alt.strip(), ALTERNATE))
    places = empty_places(0) if not records else pd.DataFrame(records)
    places["geonameid"] = places["geonameid"].astype("Int64")
    yield Chunk(
        places,
        pd.DataFrame(names, columns=["pos", "text", "quality"]),
        admin_names=admin_names,
        rows=len(features),
    )
