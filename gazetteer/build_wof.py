"""The bundled Who's On First supplement: the villages and towns of 42 conflict-affected countries.

``gazetteer/data/wof/`` holds GeoNames-derived populated places from Who's On First (made by
``scripts/make_wof_data.py``; attribution in ``gazetteer/data/ATTRIBUTION.md``) and WOF's admin-2 polygons.
They are merged with cities500 by geonameid: a place cities500 already has gains WOF's alternate names (every
script) and its admin-2; the others become places of their own (source ``wof``). WOF spells admin areas its own
way ("Dar`a"), so each village is given GeoNames' admin codes: for admin-1 the code most cities500 places of
the same WOF area carry, else the GeoNames area of the same name (spelling variants allowed), else the admin-1
polygon that contains the point; for admin-2 (which cities500 gives for few places) the name first, then the
votes, else a code of geomap's own under the admin-1 code. Admin-2 polygons attach to the GeoNames admin-2 area they match, or become areas of
their own. ``GEOMAP_BUNDLED_WOF=0`` builds the index without any of this (for benchmarks).
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections import Counter, defaultdict
from pathlib import Path

from gazetteer.distance import km
from gazetteer.names import normalize, split_admin, variant_key
from gazetteer.records import ALTERNATE, MAIN, Place, area_point

WOF = Path(__file__).parent / "data" / "wof"
SOURCE = "wof"

#: Feature codes of populated places; other GeoNames features WOF lists (farms, huts, markets) are kind "other".
_POPULATED = ("PPL", "STLMT", "ADM3")


def enabled() -> bool:
    """False when ``GEOMAP_BUNDLED_WOF=0`` asks for an index of cities500 alone."""
    return os.environ.get("GEOMAP_BUNDLED_WOF", "1") != "0" and (WOF / "localities").is_dir()


def _area_key(name: str) -> tuple[str, str | None]:
    """Exact and variant key of an admin area's name without its admin word ("Idlib District" -> idlib)."""
    key = split_admin(normalize(name))[0]
    return key, variant_key(key)


class _AreaNames:
    """GeoNames admin codes by country (admin-1) or parent code (admin-2), found by exact or variant name."""

    def __init__(self, names: dict[str, str]) -> None:
        self.exact: dict[tuple[str, str], str] = {}
        self.variant: dict[tuple[str, str], str | None] = {}
        for code, name in sorted(names.items()):
            parent = code.rsplit(".", 1)[0]
            key, var = _area_key(name)
            self.exact.setdefault((parent, key), code)
            if var:  # a variant key shared by two areas of one parent tells neither apart
                self.variant[(parent, var)] = None if (parent, var) in self.variant else code

    def find(self, parent: str, name: str) -> str | None:
        key, var = _area_key(name)
        return self.exact.get((parent, key)) or (self.variant.get((parent, var)) if var else None)


def _read_localities():
    import pandas as pd

    frames = []
    for path in sorted((WOF / "localities").glob("*.tsv.gz")):
        with gzip.open(io.BytesIO(path.read_bytes()), "rt", encoding="utf-8") as fh:
            frames.append(pd.read_csv(fh, sep="\t", quoting=3, dtype=str, keep_default_na=False))
    df = pd.concat(frames, ignore_index=True)
    with_id = df["geonameid"] != ""
    return df[~(with_id & df["geonameid"].duplicated())].reset_index(drop=True)


def merge(places: list[Place], admin1_names: dict[str, str], admin2_names: dict[str, str],
          admin_display: dict[str, str]) -> int:  # fmt: skip
    """Add the WOF localities and admin-2 polygons to ``places`` (in place); returns the number of new places."""
    df = _read_localities()
    cities = {p.geonameid: p for p in places if p.kind == "city" and p.source == "geonames"}
    gids = [int(g) if g else None for g in df["geonameid"]]
    cols = [df[c].tolist() for c in ("country", "admin1", "admin2")]

    # What WOF's area names mean in GeoNames codes, learnt from the places both sources have.
    votes1: dict[tuple[str, str], Counter] = defaultdict(Counter)
    votes2: dict[tuple[str, str, str], Counter] = defaultdict(Counter)
    for gid, cc, a1, a2 in zip(gids, *cols, strict=True):
        p = cities.get(gid)
        if p is not None and p.admin1:
            votes1[(cc, a1)][p.admin1] += 1
            if p.admin2 and a2:
                votes2[(p.admin1, a1, a2)][p.admin2] += 1
    by_name1, by_name2 = _AreaNames(admin1_names), _AreaNames(admin2_names)
    code1 = {k: v.most_common(1)[0][0] for k, v in votes1.items()}
    code2 = {k: v.most_common(1)[0][0] for k, v in votes2.items()}

    def admin1_code(cc: str, a1: str) -> str | None:
        if (cc, a1) not in code1:
            code1[(cc, a1)] = by_name1.find(cc, a1) if a1 else None
        return code1[(cc, a1)]

    own_codes: dict[tuple[str, str], str] = {}  # (parent, WOF admin-2 key) -> a code for areas GeoNames lacks
    names2: dict[tuple[str, str, str], str] = {}

    def admin2_code(parent: str | None, a1: str, a2: str) -> str | None:
        if not a2 or not parent:
            return None
        k = (parent, a1, a2)
        if k not in names2:  # the area's own name first: cities500 knows the admin-2 of few places
            names2[k] = (
                by_name2.find(parent, a2) or code2.get(k) or _own_code(own_codes, admin_display, parent, a2)
            )
        return names2[k]

    new: list[Place] = []
    homeless: list[Place] = []
    rows = list(zip(gids, *(df[c].tolist() for c in ("country", "admin1", "admin2", "name", "names", "lat", "lon",
                                                      "population", "feature_code")), strict=True))  # fmt: skip
    rows.sort(key=lambda r: r[0] is None)  # places GeoNames knows first: the others may be their duplicates
    twins: _Twins | None = None
    owners = _Owners(list(cities.values()))
    for gid, cc, a1, a2, name, names, lat, lon, pop, fcode in rows:
        alternates = names.split("|") if names else []
        p = cities.get(gid)
        if p is None and gid is None:
            if twins is None:
                twins = _Twins([r for r in rows if r[0] is None], [*cities.values(), *new])
            p = twins.find([name, *alternates], float(lat), float(lon))
        if p is not None:  # known already: more names, and its admin-2 where GeoNames gives none
            p.add_names(owners.foreign(p, [name, *alternates]), ALTERNATE)
            if p.admin2 is None:
                p.admin2 = admin2_code(p.admin1, a1, a2)
            continue
        code = admin1_code(cc, a1)
        fcode = fcode or "PPL"
        p = Place(
            gid, name, float(lat), float(lon), cc or None, code, admin2_code(code, a1, a2), fcode,
            "city" if fcode.startswith(_POPULATED) else "other", int(pop or 0), SOURCE,
        )  # fmt: skip
        p.add_names([name], MAIN)
        p.add_names(owners.not_abroad(p, alternates), ALTERNATE)
        new.append(p)
        if code is None:
            homeless.append(p)
    _place_in_admin1(homeless, [p for p in places if p.kind == "admin1" and p.admin1 and p.geom is not None])
    places.extend(new)
    places.extend(_admin2_areas(places, by_name2, code1, own_codes, admin_display))
    return len(new)


class _Owners:
    """Which cities500 places already carry a name, to keep WOF from giving one town another's names.

    WOF merged some records under a wrong GeoNames id: its Lviv carries Mykolaiv's and Nikolaev's names, its
    Barranquilla "Miami". A name is not added when another cities500 place more than 25 km away in the same
    country already has it, or when it is the own name of a city of 100,000 or more in another country.
    """

    KM = 25.0
    CITY = 100_000

    def __init__(self, cities: list[Place]) -> None:
        self.by_key: dict[str, list[Place]] = defaultdict(list)
        self.cities: dict[str, list[Place]] = defaultdict(list)
        for p in cities:
            for key, quality in p.names.items():
                self.by_key[key].append(p)
                if quality == MAIN and p.population >= self.CITY:
                    self.cities[key].append(p)

    def foreign(self, place: Place, names: list[str]) -> list[str]:
        """``names`` without those of another, distant place of ``place``'s country or of a city abroad."""
        keys = [(n, normalize(n)) for n in names]
        return [
            n
            for n, k in keys
            if not self._abroad(place, k) and not any(_far(place, q, self.KM) for q in self.by_key.get(k, ()))
        ]

    def not_abroad(self, place: Place, names: list[str]) -> list[str]:
        """``names`` without the own names of cities abroad (for a village new to the index)."""
        return [n for n in names if not self._abroad(place, normalize(n))]

    def _abroad(self, place: Place, key: str) -> bool:
        return any(q.cc != place.cc for q in self.cities.get(key, ()))


def _far(p: Place, q: Place, limit: float) -> bool:
    """True when ``q`` is another place of ``p``'s country more than ``limit`` km away."""
    return q is not p and q.cc == p.cc and km(p.lat, p.lon, q.lat, q.lon) > limit


class _Twins:
    """GeoNames places that a WOF record without a geonameid duplicates: a shared name within a few km.

    WOF holds some villages twice (a Quattroshapes point beside the GeoNames one): "Zalingei" must not
    become a second, exactly named town beside GeoNames' Zalinjay.
    """

    KM = 10.0

    def __init__(self, rows: list[tuple], known: list[Place]) -> None:
        wanted = {normalize(n) for r in rows for n in [r[4], *(r[5].split("|") if r[5] else [])]} - {""}
        self.by_key: dict[str, list[Place]] = defaultdict(list)
        for p in known:
            for key in p.names.keys() & wanted:
                self.by_key[key].append(p)

    def find(self, names: list[str], lat: float, lon: float) -> Place | None:
        for name in names:
            for p in self.by_key.get(normalize(name), ()):
                if km(p.lat, p.lon, lat, lon) <= self.KM:
                    return p
        return None


def _own_code(
    own_codes: dict[tuple[str, str], str], admin_display: dict[str, str], parent: str, name: str
) -> str:
    """The code geomap gives an admin-2 area GeoNames lacks (``SY.02.W7``), the same for every use of its name."""
    key = (parent, normalize(name))
    if key not in own_codes:
        own_codes[key] = f"{parent}.W{len(own_codes)}"
        admin_display[own_codes[key]] = name
    return own_codes[key]


def _place_in_admin1(homeless: list[Place], areas: list[Place]) -> None:
    """Give places whose WOF admin-1 name matched nothing the GeoNames admin-1 polygon containing them."""
    import numpy as np
    import shapely

    if not homeless or not areas:
        return
    tree = shapely.STRtree(shapely.from_wkb([a.geom for a in areas]))
    points = shapely.points([p.lon for p in homeless], [p.lat for p in homeless])
    inside, area = tree.query(points, predicate="within")
    first = np.unique(inside, return_index=True)[1]
    for i, j in zip(inside[first], area[first], strict=True):
        p, a = homeless[int(i)], areas[int(j)]
        if p.cc in (None, a.cc):
            p.admin1 = a.admin1


def _admin2_areas(places: list[Place], by_name2: _AreaNames, code1: dict[tuple[str, str], str | None],
                  own_codes: dict[tuple[str, str], str], admin_display: dict[str, str]) -> list[Place]:  # fmt: skip
    """Attach WOF admin-2 polygons to the GeoNames admin-2 areas they match; the others become new areas."""
    import shapely

    existing = {p.admin2: p for p in places if p.kind == "admin2" and p.admin2}
    by_gid = {p.geonameid: p for p in existing.values() if p.geonameid}
    new: list[Place] = []
    for path in sorted((WOF / "admin2").glob("*.geojson.gz")):
        with gzip.open(io.BytesIO(path.read_bytes()), "rt", encoding="utf-8") as fh:
            features = json.load(fh)["features"]
        for f in features:
            props = f["properties"]
            cc, parent = props["country"], code1.get((props["country"], props["admin1"] or ""))
            code = by_name2.find(parent, props["name"]) if parent else None
            area = by_gid.get(props["geonameid"]) or existing.get(code or "")
            geom = shapely.make_valid(shapely.from_geojson(json.dumps(f["geometry"])))
            names = [props["name"], *filter(None, (props["names"] or "").split("|"))]
            if area is None:
                if code is None:
                    code = (
                        _own_code(own_codes, admin_display, parent, props["name"])
                        if parent
                        else f"{cc}.WA{props['wof_id']}"
                    )
                    admin_display.setdefault(code, props["name"])
                lat, lon = area_point(geom)
                area = Place(
                    props["geonameid"], admin_display.get(code, props["name"]), lat, lon, cc, parent, code,
                    "ADM2", "admin2", 0, SOURCE,
                )  # fmt: skip
                new.append(area)  # its names are WOF's spellings: alternates, so a namesake town ranks first
                existing[code] = area
            area.add_names(names, ALTERNATE, admin=True)
            if area.geom is None:
                area.geom = shapely.to_wkb(geom)
    return new
