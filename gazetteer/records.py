"""One place as the index build collects it, before it is written to the index."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from gazetteer.names import normalize, split_admin

#: Match quality stored with each name: the place's own name, one of its alternate names, or the
#: adjective/demonym of a country ("Syrian", "Syrians"). 2 and 3 are the variant and fuzzy tiers,
#: which are not stored in the ``names`` table.
MAIN, ALTERNATE, DEMONYM = 0, 1, 4

#: Keys never indexed as a place's name: on their own they name no place, whatever a source lists (a village
#: called "Kafr", Alabama's "Al", the City of London's "the city", placeholders of empty cells).
NEVER_NAMES = frozenset(
    # particles and name heads of Arabic, Somali, Pashto and Kurdish place names
    "al el il ul ad ash az ez abu umm um ibn bin bani beni bir ras deir dayr dair tal tell kafr kfar kufr beit "
    "bayt khirbet khirbat qasr wadi jabal jebel jebal sidi mazraat mazraa hayy qaryat qarya shaykh sheikh sheik"
    .split()
) | frozenset(
    # generic phrases and placeholders
    ["the city", "the town", "the village", "the area", "the region", "the capital", "the north", "the south",
     "the east", "the west", "the camp", "the district", "city", "town", "village", "area", "downtown",
     "null", "none", "nil", "nan", "n a", "na", "unknown", "test", "tbd", "todo", "not applicable", "nullgeom",
     "no name", "unnamed", "various", "multiple", "several"]
)


@dataclass
class Place:
    """A place with every normalised name it is known by (key -> match quality) and its polygon as WKB."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    cc: str | None
    admin1: str | None
    admin2: str | None
    fcode: str
    kind: str
    population: int
    source: str
    names: dict[str, int] = field(default_factory=dict)  # key -> quality
    geom: bytes | None = None

    def add_names(self, names: Iterable[str], quality: int, admin: bool = False) -> None:
        """Index ``names``; admin areas also under the name without "province", "oblast", ..."""
        for raw in names:
            key = normalize(raw)
            if not key or key in NEVER_NAMES:
                continue
            keys = [key]
            if admin:
                base, level = split_admin(key)
                if level:
                    keys.append(base)
            for k in keys:
                if self.names.get(k, 9) > quality:
                    self.names[k] = quality
