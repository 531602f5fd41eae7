"""The page's own scripts and stylesheet: real ``.js``/``.css`` files under ``geomap/assets/``.

They are package data, read once per process and inlined into every page (offline or not: there is
no address to link them from). Each map element names the files it needs; a page holds each once.
"""

from __future__ import annotations

import functools
from importlib import resources

#: The shared core every other script builds on; always first on the page.
CORE = "geomap-core.js"
STYLESHEET = "geomap.css"


@functools.cache
def asset_text(name: str) -> str:
    """The text of ``geomap/assets/<name>``, checked to be safe inside a ``<script>``/``<style>``."""
    text = (resources.files("geomap") / "assets" / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise ValueError(f"geomap/assets/{name} may not contain a closing script or style tag")
    return text


def script_names() -> list[str]:
    """Every script shipped in ``geomap/assets`` (for tests that parse them)."""
    folder = resources.files("geomap") / "assets"
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".js"))
