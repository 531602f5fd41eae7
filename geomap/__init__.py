"""geomap: offline-first conflict mapping.

Turns news articles and event tables into located events (GeoDataFrames in the schema of
:mod:`geomap.model`) and layered Leaflet maps (folium objects you can keep customising)::

    import geomap
    drafted = geomap.extract_events(text, date="2025-07-23", country_hint="SY")
    table = geomap.read_events(["acled.csv"])
    fmap = geomap.render(table.events, title="Sweida, July 2025")
    geomap.save_map(fmap, "map.html", offline=True)

The names below are imported on first use, so ``import geomap`` (and the command line) stays quick.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "geoparse": "geomap.geoparse",
    "extract_events": "geomap.extract",
    "read_events": "geomap.readers",
    "write_events": "geomap.writers",
    "validate_events": "geomap.validate",
    "render": "geomap.rendering",
    "save_map": "geomap.rendering",
    "run_workflow": "geomap.workflow",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'geomap' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value
