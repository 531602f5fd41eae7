"""Evaluation sets of real place names with coordinates, for the gazetteer benchmark and the confidence fit.

Reads ``../shared`` relative to the repository (nothing here is committed data); every set is split into the
development and test halves of ``../shared/eval/split.py`` on its own id, and the development half once more
into a tuning part and a calibration part (``calibration_part``), so the confidence is fitted on names the
ranking was not tuned on.

* ``ucdp_places()``: UCDP GED 2023 sample, events coded at ``where_prec`` 1 (exact) or 2 (within 25 km): the
  coded place name (``where_coordinates``) cleaned as a user would type it ("Rami village" -> "Rami", "Abaluma
  village (Buraki groupement, ...)" -> "Abaluma", "Dahiet Elasad/Al Assad suburb" -> "Dahiet Elasad"), the
  country, and the coded point.
* ``admin_places()``: the admin-1 names and aliases of ``../shared/data/admin1_by_country`` for the conflict
  countries of issue 11, each with its country and label point (scored at 161 km: areas are large).
* ``geoparse_toponyms()``: gold toponyms with coordinates of the geoparsing corpora (LGL, GeoWebNews place
  types, TR-News), by name alone and without a country.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import shared_eval  # noqa: E402

# ../shared beside the repository (or beside the folder holding this worktree)
EVAL = shared_eval.eval_dir() or ROOT.parent / "shared" / "eval"
SHARED = EVAL.parent
UCDP = EVAL / "events" / "ucdpged_2023_sample1000.csv"
ADMIN1 = SHARED / "data" / "admin1_by_country"
GEOPARSE = EVAL / "geoparse"
CONFLICT_COUNTRIES = ("SY", "YE", "IQ", "LB", "PS", "LY", "SD", "SO", "ML", "BF", "NE", "UA", "MM", "AF")
GWN_PLACE_TYPES = {"Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier", "Metonymic"}

# UCDP country names that are not a GeoNames country name once the part in parentheses is dropped.
_UCDP_COUNTRY = {
    "DR Congo": "CD",
    "Bosnia-Herzegovina": "BA",
    "Ivory Coast": "CI",
    "Kingdom of eSwatini": "SZ",
}
# Words UCDP coders append to a place name that a user looking the place up would not type.
_SUFFIX = re.compile(
    r"\s+(?:village|villages|town|city|location|suburb|neighbourhood|neighborhood|area|hamlet|settlement|"
    r"market|outskirts)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Gold:
    """One name to resolve, with where it really is."""

    id: str
    name: str
    country: str | None  # ISO alpha-2, None when resolved by name alone
    lat: float
    lon: float
    precision: int  # UCDP where_prec (1 exact, 2 within 25 km); 0 for areas and corpora
    source: str
    half: str  # "dev" or "test"
    within_km: float  # the distance that counts as right for this set


def half(doc_id) -> str:
    """``../shared/eval/split.py``'s rule, imported from there when present."""
    return shared_eval.half_fn(EVAL)(doc_id)


def calibration_part(gold: Gold) -> bool:
    """True for the development names held out from tuning, on which the confidence is fitted."""
    return gold.half == "dev" and hashlib.sha1(f"calibration:{gold.id}".encode()).hexdigest()[0] in "01234567"


def clean_ucdp_name(text: str) -> str:
    """A UCDP ``where_coordinates`` as a user would type it: no coder's suffix, note or second spelling."""
    text = re.sub(r"\s*\([^)]*\)", "", text).strip()
    text = text.split("/")[0].strip()
    previous = None
    while previous != text:
        previous, text = text, _SUFFIX.sub("", text).strip()
    return text


def ucdp_places(country_code) -> list[Gold]:
    """UCDP GED events at where_prec 1-2 (``country_code``: a callable from a country name to ISO or None)."""
    out = []
    with open(UCDP, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            prec = int(float(row["where_prec"] or 0))
            if prec not in (1, 2) or not row["where_coordinates"].strip():
                continue
            name = clean_ucdp_name(row["where_coordinates"])
            country = re.sub(r"\s*\(.*\)", "", row["country"]).strip()
            cc = _UCDP_COUNTRY.get(country) or country_code(country)
            if not name or cc is None:
                continue
            uid = str(int(float(row["id"])))
            out.append(
                Gold(
                    uid,
                    name,
                    cc,
                    float(row["latitude"]),
                    float(row["longitude"]),
                    prec,
                    "ucdp",
                    half(uid),
                    25.0,
                )
            )
    return out


def admin_places() -> list[Gold]:
    """Admin-1 names and aliases of the conflict countries, with their label points."""
    out = []
    for cc in CONFLICT_COUNTRIES:
        path = ADMIN1 / f"{cc}.geojson"
        if not path.exists():
            continue
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]:
            p = f["properties"]
            names = {p.get("name"), p.get("name_en"), *(p.get("name_alt") or "").split("|")} - {None, ""}
            uid = str(p.get("adm1_code") or p.get("ne_id"))
            for name in sorted(names):
                out.append(
                    Gold(
                        f"{uid}:{name}",
                        name,
                        cc,
                        float(p["latitude"]),
                        float(p["longitude"]),
                        0,
                        "admin1",
                        half(uid),
                        161.0,
                    )  # fmt: skip
                )
    return out


def geoparse_toponyms() -> list[Gold]:
    """Gold toponyms with coordinates of LGL, GeoWebNews and TR-News, by name alone (half by document)."""
    out = []
    for corpus in ("lgl", "geowebnews", "trnews"):
        with open(GEOPARSE / f"{corpus}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                for i, t in enumerate(doc["toponyms"]):
                    if t.get("lat") is None or (
                        corpus == "geowebnews" and t.get("type") not in GWN_PLACE_TYPES
                    ):
                        continue
                    out.append(
                        Gold(
                            f"{corpus}:{doc['doc_id']}:{i}",
                            t["name"],
                            None,
                            float(t["lat"]),
                            float(t["lon"]),
                            0,
                            corpus,
                            half(doc["doc_id"]),
                            161.0,
                        )  # fmt: skip
                    )
    return out


def available() -> bool:
    """True when the shared evaluation data is present."""
    return UCDP.exists()


def reliability(confidences: list[float], hits: list[bool], bins: int = 10) -> tuple[list[dict], float]:
    """The reliability table (per confidence bin: count, mean confidence, share right) and the expected
    calibration error (the count-weighted mean gap between confidence and share right)."""
    rows, total, gap = [], len(confidences), 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not idx:
            continue
        conf = sum(confidences[i] for i in idx) / len(idx)
        right = sum(hits[i] for i in idx) / len(idx)
        gap += len(idx) * abs(conf - right)
        rows.append(
            {
                "bin": f"{lo:.1f}-{hi:.1f}",
                "n": len(idx),
                "confidence": round(conf, 3),
                "right": round(right, 3),
            }
        )
    return rows, round(gap / total, 4) if total else 0.0
