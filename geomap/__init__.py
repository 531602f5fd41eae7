"""geomap: offline-first conflict mapping.

Turns news articles and event tables into located events (GeoDataFrames) and layered Leaflet maps.
"""

__version__ = "0.1.0"
