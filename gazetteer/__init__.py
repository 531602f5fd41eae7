"""Offline place-name resolution with spelling variants, admin areas and explanations.

>>> from gazetteer import Gazetteer
>>> Gazetteer.default().geocode("Sweida").name
'As-Suwayda'

Nothing here touches the network unless an online geocoder is passed in explicitly, and nothing
imports folium: the rest of geomap builds on this package, not the other way round.
"""

from gazetteer import exc
from gazetteer.confidence import MIN_CONFIDENCE
from gazetteer.exc import GazetteerError, PlaceFileError
from gazetteer.frame import CountryFrame, names_its_country
from gazetteer.location import Location, Resolution
from gazetteer.names import normalize, variant_key
from gazetteer.resolve import Gazetteer

__all__ = [
    "MIN_CONFIDENCE",
    "CountryFrame",
    "Gazetteer",
    "GazetteerError",
    "Location",
    "PlaceFileError",
    "Resolution",
    "exc",
    "names_its_country",
    "normalize",
    "variant_key",
]
