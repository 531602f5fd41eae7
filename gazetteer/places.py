"""User place files: your own checkpoints, bases, neighbourhoods, and overrides of bundled places.

A place file is a CSV or a GeoJSON FeatureCollection.

CSV columns (header row required; unknown columns are ignored):

``name``
    required; the place's display name, also matched.
``aliases``
    optional; other names, separated by ``|``.
``lat``, ``lon``
    decimal degrees; required unless ``geometry`` (WKT) is given.
``geometry``
    optional WKT (a polygon for an area); its representative point becomes lat/lon when those are empty.
``country``
    optional ISO 3166-1 alpha-2 code.
``kind``
    optional: city, admin1, admin2, country or other (default other).
``admin1``, ``admin2``
    optional names shown with the place.
``population``
    optional integer.

GeoJSON features carry the same fields as properties (``aliases`` may be a list) and their geometry.

Precedence: a user place wins over every bundled place matched the same way (exact name against
exact name, variant against variant), the bundled supplement wins over GeoNames, and GeoNames comes
last. Among several files, earlier files are listed first but all user places rank equally, by
population and the usual context (country hint, nearness).
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazetteer.exc import PlaceFileError
from gazetteer.index import PlaceRow
from gazetteer.location import KINDS
from gazetteer.names import normalize, split_admin, variant_key

FIELDS = ("name", "aliases", "lat", "lon", "geometry", "country", "kind", "admin1", "admin2", "population")


@dataclass
class UserPlaces:
    """Places from user files, indexed in memory by name key and variant key."""

    rows: list[PlaceRow] = field(default_factory=list)
    by_key: dict[str, list[tuple[PlaceRow, int]]] = field(default_factory=dict)
    by_variant: dict[str, list[tuple[PlaceRow, int]]] = field(default_factory=dict)
    wkbs: dict[int, bytes] = field(default_factory=dict)

    @property
    def keys(self) -> set[str]:
        return set(self.by_key)

    @classmethod
    def load(cls, paths: Iterable[str | os.PathLike[str]]) -> UserPlaces:
        """Read every file; raises :class:`PlaceFileError` naming file, row and field on bad input."""
        places = cls()
        for path in paths:
            for row_no, record in _records(Path(path)):
                places._add(Path(path), row_no, record)
        return places

    def lookup(self, key: str) -> list[tuple[PlaceRow, int]]:
        return self.by_key.get(key, [])

    def lookup_variant(self, key: str) -> list[tuple[PlaceRow, int]]:
        return self.by_variant.get(key, [])

    def wkb(self, geom_id: int) -> bytes | None:
        return self.wkbs.get(geom_id)

    def _add(self, path: Path, row_no: int, rec: dict[str, Any]) -> None:
        import shapely

        def fail(message: str, name: str) -> PlaceFileError:
            return PlaceFileError(message, file=str(path), row=row_no, field=name)

        name = str(rec.get("name") or "").strip()
        if not normalize(name):
            raise fail("a place needs a name", "name")
        geom = rec.get("geometry")
        if isinstance(geom, str) and geom.strip():
            try:
                geom = shapely.from_wkt(geom)
            except shapely.errors.GEOSException as exc:
                raise fail(f"not valid WKT: {exc}", "geometry") from None
        elif not isinstance(geom, shapely.Geometry):
            geom = None
        lat, lon = rec.get("lat"), rec.get("lon")
        if lat in (None, "") and lon in (None, "") and geom is not None:
            point = geom.representative_point()
            lat, lon = point.y, point.x
        coords = []
        for value, fname, limit in ((lat, "lat", 90.0), (lon, "lon", 180.0)):
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise fail(f"{fname} must be a number in degrees, got {value!r}", fname) from None
            if not -limit <= number <= limit:
                raise fail(f"{fname} {number} is outside -{limit:g}..{limit:g}", fname)
            coords.append(number)
        country = str(rec.get("country") or "").strip().upper() or None
        if country is not None and not (len(country) == 2 and country.isalpha()):
            raise fail(f"country must be an ISO 3166-1 alpha-2 code such as SY, got {country!r}", "country")
        kind = str(rec.get("kind") or "other").strip().lower()
        if kind not in KINDS:
            raise fail(f"kind must be one of {', '.join(KINDS)}, got {kind!r}", "kind")
        try:
            population = int(float(rec.get("population") or 0))
        except ValueError:
            raise fail(
                f"population must be a whole number, got {rec.get('population')!r}", "population"
            ) from None
        aliases = rec.get("aliases") or []
        if isinstance(aliases, str):
            aliases = aliases.split("|")
        if not isinstance(aliases, list):
            raise fail("aliases must be a list or a |-separated string", "aliases")

        place_id = -(len(self.rows) + 1)
        geom_ref = None
        if geom is not None and geom.geom_type in ("Polygon", "MultiPolygon"):
            geom_ref = place_id
            self.wkbs[place_id] = shapely.to_wkb(geom)
        row = PlaceRow(
            place_id, None, name, coords[0], coords[1], country, rec.get("admin1") or None,
            rec.get("admin2") or None, None, kind, population, "user", geom_ref,
        )  # fmt: skip
        self.rows.append(row)
        seen_keys, seen_variants = set(), set()
        for quality, text in [(0, name), *((1, str(a)) for a in aliases)]:
            key = normalize(text)
            keys = [key, split_admin(key)[0]] if kind.startswith("admin") else [key]
            for k in keys:
                if k and k not in seen_keys:
                    seen_keys.add(k)
                    self.by_key.setdefault(k, []).append((row, quality))
                v = variant_key(k) if k else None
                if v and v not in seen_variants:
                    seen_variants.add(v)
                    self.by_variant.setdefault(v, []).append((row, 2))


def _records(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    """``(row number, fields)`` for each place in a CSV or GeoJSON file."""
    if not path.is_file():
        raise PlaceFileError("no such place file", file=str(path))
    if path.suffix.lower() in (".geojson", ".json"):
        yield from _geojson_records(path)
        return
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
                raise PlaceFileError(
                    "the header row needs a 'name' column", file=str(path), row=1, field="name"
                )
            for i, row in enumerate(reader, start=2):
                yield (
                    i,
                    {
                        (k or "").strip().lower(): (v.strip() if isinstance(v, str) else v)
                        for k, v in row.items()
                    },
                )
    except UnicodeDecodeError as exc:
        raise PlaceFileError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None


def _geojson_records(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    import shapely

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PlaceFileError(f"not valid GeoJSON: {exc}", file=str(path)) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise PlaceFileError("expected a GeoJSON FeatureCollection", file=str(path))
    for i, feature in enumerate(features, start=1):
        props = dict(feature.get("properties") or {}) if isinstance(feature, dict) else {}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if geometry is None:
            raise PlaceFileError("a feature needs a geometry", file=str(path), row=i, field="geometry")
        try:
            props["geometry"] = shapely.from_geojson(json.dumps(geometry))
        except shapely.errors.GEOSException as exc:
            raise PlaceFileError(f"bad geometry: {exc}", file=str(path), row=i, field="geometry") from None
        yield i, {k.lower(): v for k, v in props.items()}
