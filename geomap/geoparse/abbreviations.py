"""Short forms news text uses for places: country initialisms and US state abbreviations.

The gazetteer matches names; these tables map forms it cannot know ("U.S.", "Calif.", "TX" after a
town) to the names it does know, plus the continents and world regions that GeoNames' city and
country tables lack.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Initialisms of countries, dotted or not, to the country's name in the gazetteer.
COUNTRY_INITIALISMS = {
    "US": "United States", "U.S.": "United States", "USA": "United States", "U.S.A.": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "UAE": "United Arab Emirates",
    "U.A.E.": "United Arab Emirates", "DRC": "Democratic Republic of the Congo",
    "D.R.C.": "Democratic Republic of the Congo", "PRC": "China", "DPRK": "North Korea",
    "ROK": "South Korea", "KSA": "Saudi Arabia", "D.C.": "Washington, D.C.", "DC": "Washington, D.C.",
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


#: Continents (GeoNames continent points) and regions news text names as places.
REGIONS = {
    "africa": Region("Africa", 7.18805, 21.09375, 6255146, "CONT", 1_000_000_000),
    "europe": Region("Europe", 48.69096, 9.14062, 6255148, "CONT", 740_000_000),
    "asia": Region("Asia", 29.84064, 89.29688, 6255147, "CONT", 4_000_000_000),
    "north america": Region("North America", 46.07323, -100.54688, 6255149, "CONT", 500_000_000),
    "south america": Region("South America", -14.60485, -57.65625, 6255150, "CONT", 400_000_000),
    "oceania": Region("Oceania", -18.31281, 138.51562, 6255151, "CONT", 40_000_000),
    "antarctica": Region("Antarctica", -78.15856, 16.40626, 6255152, "CONT", 0),
    "latin america": Region("Latin America", -8.0, -65.0, None, "RGN", 600_000_000),
    "middle east": Region("Middle East", 29.0, 41.0, None, "RGN", 400_000_000),
    "central asia": Region("Central Asia", 43.0, 65.0, None, "RGN", 70_000_000),
    "southeast asia": Region("Southeast Asia", 5.0, 110.0, None, "RGN", 650_000_000),
    "south asia": Region("South Asia", 22.0, 79.0, None, "RGN", 1_900_000_000),
    "east asia": Region("East Asia", 35.0, 115.0, None, "RGN", 1_600_000_000),
    "caribbean": Region("Caribbean", 15.0, -73.0, None, "RGN", 44_000_000),
    "balkans": Region("Balkans", 42.0, 21.0, None, "RGN", 55_000_000),
    "sahel": Region("Sahel", 14.0, 5.0, None, "RGN", 150_000_000),
    "horn of africa": Region("Horn of Africa", 8.0, 45.0, None, "RGN", 115_000_000),
    "west africa": Region("West Africa", 12.0, -3.0, None, "RGN", 400_000_000),
    "east africa": Region("East Africa", 0.0, 37.0, None, "RGN", 450_000_000),
    "levant": Region("Levant", 33.5, 36.0, None, "RGN", 45_000_000),
    "scandinavia": Region("Scandinavia", 63.0, 14.0, None, "RGN", 21_000_000),
    "gulf": Region("Gulf", 26.0, 52.0, None, "RGN", 60_000_000),
    "persian gulf": Region("Persian Gulf", 26.0, 52.0, None, "RGN", 60_000_000),
    "arctic": Region("Arctic", 80.0, 0.0, None, "RGN", 4_000_000),
    "west bank": Region("West Bank", 31.95, 35.25, None, "RGN", 3_000_000, "PS"),
}
