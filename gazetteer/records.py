"""One place as the index build collects it, before it is written to the index."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from gazetteer.names import PARTICLES, non_place_reason, normalize, split_admin

#: Match quality stored with each name: the place's own name, one of its alternate names, or the
#: adjective/demonym of a country ("Syrian", "Syrians"). 2 and 3 are the variant and fuzzy tiers,
#: which are not stored in the ``names`` table.
MAIN, ALTERNATE, DEMONYM = 0, 1, 4
#: A town this large is known by its own name even when that name is also a particle ("Beni" in North
#: Kivu is a city of 140,000, where "Beni" alone elsewhere is the first word of "Beni Suef").
PARTICLE_TOWN_POPULATION = 100_000


def area_point(geom) -> tuple[float, float]:
    """The (lat, lon) an area is drawn at: its centroid when that falls inside it, else the point of the
    area nearest its centroid.

    GeoNames puts an area near its middle, and its points are what geoparsing corpora and users compare
    against: on the admin-1 areas of the public corpora's development halves the centroid is a median 11 km
    from GeoNames' point where Natural Earth's label point is 21 km off; for an island group whose centroid
    is at sea (Hawaii) the nearest land is 27 km from it where the label point (Oahu) is 176 km.
    """
    from shapely.ops import nearest_points

    centre = geom.centroid
    if not geom.contains(centre):
        centre = nearest_points(geom, centre)[0]
    return centre.y, centre.x


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

    def _known_alone(self, key: str, quality: int) -> bool:
        """A particle that is this large town's own name (see :data:`PARTICLE_TOWN_POPULATION`)."""
        return (
            quality == MAIN
            and key in PARTICLES
            and self.kind == "city"
            and self.population >= PARTICLE_TOWN_POPULATION
        )

    def add_names(self, names: Iterable[str], quality: int, admin: bool = False) -> None:
        """Index ``names``; admin areas also under the name without "province", "oblast", ..."""
        for raw in names:
            key = normalize(raw)
            if non_place_reason(key) is not None and not self._known_alone(key, quality):
                continue  # never a place alone (Kafr, Al, the city, null)
            keys = [key]
            if admin:
                base, level = split_admin(key)
                if level:
                    keys.append(base)
            for k in keys:
                if self.names.get(k, 9) > quality:
                    self.names[k] = quality
