"""Shrink the Who's On First supplement (``../shared/data/wof``) into ``gazetteer/data/wof/``.

Run once by a maintainer when the supplement changes; the result is committed, so neither the build nor the
tests read ``../shared``. Per country, it keeps only the columns the index uses (ids, feature code, names,
point, population, admin names), drops the names the supplement flags as another entity's
(``names_unverified``) and alternate names that differ from another of the place's names only in what the
index never distinguishes (case, diacritics, hyphens, apostrophes), keeps the WOF id only for places GeoNames
lacks, sorts by admin area and name (so gzip finds the repeats), and writes gzip files with a fixed timestamp so the output is byte-identical when the
input is. Admin-2 polygons and WOF's licence are copied unchanged.

usage: python scripts/make_wof_data.py [SOURCE_DIR] [TARGET_DIR]
"""

from __future__ import annotations

import csv
import gzip
import shutil
import sys
from pathlib import Path

from gazetteer.names import normalize

KEEP = ["wof_id", "geonameid", "country", "feature_code", "name", "lat", "lon", "population", "admin1", "admin2", "names"]


def _distinct(name: str, names: list[str]) -> list[str]:
    """``names`` without those whose exact-match key equals ``name``'s or an earlier one's."""
    seen = {normalize(name)}
    out = []
    for n in names:
        key = normalize(n)
        if key and key not in seen:
            seen.add(key)
            out.append(n)
    return out


def shrink(source: Path, target: Path) -> None:
    (target / "localities").mkdir(parents=True, exist_ok=True)
    (target / "admin2").mkdir(parents=True, exist_ok=True)
    total = 0
    for path in sorted((source / "localities").glob("*.tsv.gz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        rows.sort(key=lambda r: (r["admin1"], r["admin2"], r["name"], r["geonameid"], r["wof_id"]))
        for row in rows:
            row["names"] = "|".join(_distinct(row["name"], row["names"].split("|") if row["names"] else []))
            if row["geonameid"]:
                row["wof_id"] = ""
        out = target / "localities" / path.name
        with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(("\t".join(KEEP) + "\n").encode())
            for row in rows:
                gz.write(("\t".join(row[k] for k in KEEP) + "\n").encode())
        total += len(rows)
    for path in sorted((source / "admin2").glob("*.geojson.gz")):
        shutil.copyfile(path, target / "admin2" / path.name)
    shutil.copyfile(source / "LICENSE-whosonfirst.md", target / "LICENSE-whosonfirst.md")
    print(f"{total:,} localities written to {target}")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent.parent
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else here.parent / "shared" / "data" / "wof"
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else here / "gazetteer" / "data" / "wof"
    shrink(src, dst)
