"""Fit the confidence calibration (:mod:`gazetteer.confidence`) on held-out names and write its constants.

The data (see ``scripts/conflict_places.py``): the calibration part of the UCDP GED development half (the
country given; right = within 25 km of the coded point), the calibration part of the admin-1 aliases of the
conflict countries (country given; 161 km) and the development halves of the geoparsing corpora by name alone
(161 km). Test halves are never read. Every answer the resolver gives with no threshold is one example: its
evidence (softmax mass, match tier, spelling similarity, whether a country framed it) and whether it was right.
The conflict places count twice, with and without their country; the groups weigh as ``GROUP_WEIGHT`` says. A logistic regression (Newton's method, a small L2 penalty)
gives the constants, which are written between the FITTED markers of ``gazetteer/confidence.py``.

    .venv/bin/python scripts/fit_confidence.py          # fit, print the reliability table, write the constants
    .venv/bin/python scripts/fit_confidence.py --dry-run  # fit and print only
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import conflict_places as cp  # noqa: E402

from gazetteer import Gazetteer  # noqa: E402
from gazetteer import confidence as conf  # noqa: E402
from gazetteer.resolve import haversine_km  # noqa: E402

TARGET = ROOT / "gazetteer" / "confidence.py"
L2 = 0.05


#: Weight of each group of examples in the fit (each group sums to its share).
GROUP_WEIGHT = {
    "conflict, country given": 0.4,
    "conflict, name alone": 0.3,
    "geoparse corpora, name alone": 0.3,
}


def examples(gz: Gazetteer, gold: list[tuple[str, cp.Gold]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(features, right, weight) of every answer the resolver gives to ``gold`` (group, name) with no threshold."""
    xs, ys, groups = [], [], []
    for group, g in gold:
        loc = gz.resolve(g.name, country=g.country, min_confidence=0.0).location
        if loc is None:
            continue
        xs.append(loc.evidence.features())
        ys.append(float(haversine_km(g.lat, g.lon, loc.latitude, loc.longitude) <= g.within_km))
        groups.append(group)
    x, y, labels = np.asarray(xs), np.asarray(ys), np.asarray(groups)
    w = np.zeros(len(y))
    for group, share in GROUP_WEIGHT.items():
        mask = labels == group
        w[mask] = share * len(y) / max(mask.sum(), 1)
    return x, y, w


def held_out(gz: Gazetteer) -> list[tuple[str, cp.Gold]]:
    """The calibration examples: conflict places of the calibration part with and without their country,
    and the geoparse development halves (name alone)."""
    conflict = [g for g in cp.ucdp_places(_country(gz)) + cp.admin_places() if cp.calibration_part(g)]
    out = [("conflict, country given", g) for g in conflict]
    out += [("conflict, name alone", replace(g, country=None)) for g in conflict]
    out += [("geoparse corpora, name alone", g) for g in cp.geoparse_toponyms() if g.half == "dev"]
    return out


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted L2-penalised logistic regression by Newton's method (the bias is not penalised)."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], L2)
    penalty[0] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    beta[1] = max(beta[1], 0.05)  # confidence must rise with the evidence
    return beta


def write(beta: np.ndarray, note: str) -> None:
    """Write the constants between the FITTED markers of gazetteer/confidence.py."""
    values = dict(zip(_names(), beta.tolist(), strict=True))
    tiers = ", ".join(f'"{t}": {values[t]:.4f}' for t in conf.TIERS)
    lines = [f"{n} = {values[n]:.4f}" for n in conf.SCALARS_BEFORE]
    lines.append(f"TIER = {{{tiers}}}")
    lines += [f"{n} = {values[n]:.4f}" for n in conf.SCALARS_AFTER]
    block = "\n".join(
        ["# BEGIN FITTED (written by scripts/fit_confidence.py; do not edit by hand)", *lines,
         f'FITTED_ON = "{note}"', "# END FITTED"]
    )  # fmt: skip
    text = TARGET.read_text(encoding="utf-8")
    TARGET.write_text(re.sub(r"# BEGIN FITTED.*?# END FITTED", block, text, flags=re.S), encoding="utf-8")


def _names() -> list[str]:
    return [*conf.SCALARS_BEFORE, *conf.TIERS, *conf.SCALARS_AFTER]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true", help="print the fit, do not write it")
    args = parser.parse_args()
    if not cp.available():
        print(f"{cp.SHARED} is missing: nothing to fit on", file=sys.stderr)
        return 2
    gz = Gazetteer()
    x, y, w = examples(gz, held_out(gz))
    beta = fit(x, y, w)
    p = 1.0 / (1.0 + np.exp(-(x @ beta)))
    rows, ece = cp.reliability(p.tolist(), (y > 0).tolist())
    framed = int((x[:, 3 + len(conf.TIERS)] > 0).sum())
    print(f"{len(y)} answers ({framed} with the country given), {y.mean():.3f} right")
    print("bin       n     confidence  right")
    for r in rows:
        print(f"{r['bin']:8}  {r['n']:5}  {r['confidence']:.3f}       {r['right']:.3f}")
    print(f"expected calibration error {ece:.4f}")
    print("coefficients", {n: round(float(b), 4) for n, b in zip(_names(), beta, strict=True)})
    if not args.dry_run:
        counts = (
            f"{len(y)} held-out answers: UCDP and admin-1 calibration parts (with and without the country), "
            "geoparse dev halves"
        )
        write(beta, counts)
        print(f"written {TARGET.relative_to(ROOT)}")
    return 0


def _country(gz: Gazetteer):
    def code(name: str) -> str | None:
        try:
            return gz.country_code(name)
        except Exception:
            return None

    return code


if __name__ == "__main__":
    sys.exit(main())
