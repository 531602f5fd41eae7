"""The bundled country table, ``gazetteer/data/countries_countryinfo.csv``: one reader for the index build
and for callers that need a country's demonym (``geomap.extract`` names state forces by it)."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path

#: Columns: iso (ISO 3166 alpha-2), lat and lon (an atlas's centre point), demonym, alt_names (|-separated).
PATH = Path(str(resources.files("gazetteer") / "data" / "countries_countryinfo.csv"))


@cache
def country_info() -> dict[str, dict[str, str]]:
    """Every row of the country table by ISO alpha-2 code (read once; do not modify the rows)."""
    with PATH.open(encoding="utf-8", newline="") as fh:
        return {row["iso"]: row for row in csv.DictReader(fh)}


def demonyms() -> dict[str, str]:
    """The demonym of every country that has one, to its code ("Filipino" -> "PH")."""
    return {row["demonym"]: cc for cc, row in country_info().items() if row.get("demonym")}
