"""Write the conflict regions of ``gazetteer/data/supplement.csv``: areas reports name that no admin level holds.

Eastern Ghouta, the Qalamoun, Donbas, Puntland, the Nuba Mountains ... are how reports place fighting, yet no
GeoNames admin area or town bears those names (the gazetteer answered *Jawta* for Ghouta, a village for the
Qalamoun). Each region here is defined by the towns it is commonly described as containing, and its point is the
mean of those towns' GeoNames / Who's On First coordinates in the installed index and its population their
sum, a floor that ranks the region like the towns it holds (computed for geomap; the
member lists are facts of geography, the points follow from the bundled data). A member the index cannot place
inside the country is an error: the list must be fixed, not the point guessed.

    .venv/bin/python scripts/make_regions.py          # rewrites the region rows, keeps every other row

Rows not defined here (Darfur, from Natural Earth polygons) are kept as they are. Rebuilds of the index pick the
file up (its hash is part of the index name).
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUPPLEMENT = ROOT / "gazetteer" / "data" / "supplement.csv"
FIELDS = (
    "name",
    "aliases",
    "lat",
    "lon",
    "country",
    "admin1",
    "kind",
    "feature_code",
    "population",
    "source",
)

#: name, aliases, country, member towns.
REGIONS: list[tuple[str, list[str], str, list[str]]] = [
    ("Eastern Ghouta", ["East Ghouta", "Eastern Ghuta", "Ghouta", "Ghuta", "الغوطة الشرقية"], "SY",
     ["Douma", "Harasta", "Arbin", "Zamalka", "Kafr Batna", "Saqba", "Hamouriyah", "Misraba"]),
    ("Western Ghouta", ["West Ghouta", "الغوطة الغربية"], "SY",
     ["Darayya", "Muadamiyat al-Sham", "Khan ash Shih", "Jdeidet Artouz"]),
    ("Qalamoun", ["Qalamoun Mountains", "Qalamun", "al-Qalamoun", "القلمون"], "SY",
     ["Yabroud", "Nabk", "Qara", "Dayr `Atiyah", "Rankous", "Assal al-Ward"]),
    ("Jabal al-Zawiya", ["Jabal az-Zawiya", "Jebel Zawiya", "Jabal Zawiya", "جبل الزاوية"], "SY",
     ["Kafr Nabl", "Ihsim", "Kansafra", "Marayan"]),
    ("Jabal al-Akrad", ["Jebel al-Akrad", "Kurd Mountains", "جبل الأكراد"], "SY",
     ["Kinsabba", "Slinfah", "Rabi`ah"]),
    ("Wadi Barada", ["وادي بردى"], "SY", ["Ain al-Fijah", "Basimah", "Deir Muqarrin", "Kafr al-Awamid"]),
    ("Donbas", ["Donbass", "Donets Basin", "Донбас", "Донбасс"], "UA",
     ["Donetsk", "Luhansk", "Horlivka", "Kramatorsk", "Sievierodonetsk", "Makiivka"]),
    ("Puntland", ["Puntland State", "Buntilaan"], "SO", ["Garoowe", "Bosaso", "Galkayo", "Eyl"]),
    ("Jubaland", ["Jubbaland", "Azania"], "SO", ["Kismayo", "Bardera", "Garbahaarey", "Afmadow"]),
    ("Galmudug", ["Galmudug State"], "SO", ["Dhuusamarreeb", "Cadaado", "Hobyo", "Guriceel"]),
    ("Hirshabelle", ["Hirshabelle State"], "SO", ["Jowhar", "Beledweyne", "Balcad", "Bulo Burto"]),
    ("South West State", ["Koonfur Galbeed", "South West State of Somalia"], "SO",
     ["Baidoa", "Baraawe", "Xuddur", "Wanlaweyn"]),
    ("Nuba Mountains", ["Jibal an-Nuba", "Nuba Hills", "جبال النوبة"], "SD",
     ["Kadugli", "Dilling", "Kauda", "Talodi", "Heiban"]),
    ("Tihama", ["Tihamah", "تهامة"], "YE", ["Al Hudaydah", "Zabid", "Bayt al Faqih", "Hays"]),
    ("Kurdistan Region", ["Iraqi Kurdistan", "Kurdistan Region of Iraq", "KRI"], "IQ",
     ["Erbil", "Duhok", "As Sulaymaniyah", "Halabja"]),
]  # fmt: skip


def region_rows(gz) -> list[dict[str, str]]:
    """One supplement row per region, its point the mean of its members' points."""
    rows = []
    for name, aliases, cc, members in REGIONS:
        points, used, people = [], [], 0
        for member in members:
            loc = gz.geocode(member, country=cc)
            if loc is None or loc.country_code != cc or loc.kind not in ("city", "admin2"):
                raise SystemExit(
                    f"make_regions: {name}: member {member!r} is not a town of {cc} in the index"
                )
            points.append((loc.latitude, loc.longitude))
            used.append(loc.name)
            people += loc.population or 0
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        source = (f"Region; point is the mean of the GeoNames/WOF points of {', '.join(used)}, population their sum, "
                  "computed for geomap")  # fmt: skip
        rows.append({"name": name, "aliases": "|".join(aliases), "lat": f"{lat:.3f}", "lon": f"{lon:.3f}",
                     "country": cc, "admin1": "", "kind": "other", "feature_code": "RGN", "population": str(people),
                     "source": source})  # fmt: skip
    return rows


def main() -> int:
    from gazetteer import Gazetteer
    from geomap.atomic import atomic_write

    with SUPPLEMENT.open(encoding="utf-8", newline="") as fh:
        kept = [r for r in csv.DictReader(fh) if r["name"] not in {r[0] for r in REGIONS}]
    rows = kept + region_rows(Gazetteer.default())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with atomic_write(SUPPLEMENT, newline="") as fh:
        fh.write(out.getvalue())
    print(f"make_regions: {len(rows) - len(kept)} regions written to {SUPPLEMENT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
