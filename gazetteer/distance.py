"""Great-circle distances: one formula for the gazetteer, its build, the geoparser and extraction."""

from __future__ import annotations

import math
from typing import Any


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in kilometres, for numbers or NumPy arrays (which broadcast)."""
    import numpy as np  # imported on first use: opening the gazetteer stays fast

    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(np.subtract(lon2, lon1)) / 2) ** 2
    )
    return 12742.0 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """:func:`haversine_km` for two scalar points, without NumPy's per-call overhead."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(min(1.0, max(0.0, a))))
