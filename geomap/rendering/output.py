"""Saving maps: plain HTML, self-contained offline HTML, and PNG images through headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import folium

from geomap.atomic import atomic_path, atomic_write
from geomap.errors import UsageError
from geomap.rendering.browser import block_network, chromium

_SCRIPT = re.compile(r'<script src="(https?://[^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(https?://[^"]+)"/>')


@functools.cache
def _packaged_assets() -> dict[str, str]:
    """Leaflet and plugin files by CDN address, as the ``folium-offline`` package ships them.

    The package holds them as one large Python module that costs over a second to import; its
    table is kept as JSON in the user cache (per package version) and read from there after.
    """
    from importlib import metadata

    from gazetteer.index import cache_dir

    cached = cache_dir() / "render" / f"folium-offline-{metadata.version('folium-offline')}.json"
    if cached.exists():
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # damaged: read the package again
    from offlinefolium.elements import _res

    try:
        with atomic_write(cached) as fh:
            json.dump(_res, fh, ensure_ascii=False)
    except OSError:
        pass  # a read-only cache only costs the import
    return _res


def inline_assets(page: str) -> str:
    """Replace every script and stylesheet link in ``page`` with the file's text.

    The texts come from the installed ``folium-offline`` package; nothing is fetched. A link with no
    packaged copy is an error rather than a silently broken offline map.
    """
    assets = _packaged_assets()
    missing: list[str] = []

    def text(url: str) -> str:
        if url not in assets:
            missing.append(url)
            return ""
        return assets[url]

    # links sit in the head; the body holds the (large) event data, which need not be scanned
    cut = page.find("</head>")
    head, body = (page[:cut], page[cut:]) if cut >= 0 else (page, "")
    if _SCRIPT.search(body) or _STYLESHEET.search(body):  # an element linked from the body
        head, body = page, ""
    head = _SCRIPT.sub(
        lambda m: "<script>" + text(m[1]).replace("</script", "<\\/script") + "</script>", head
    )
    head = _STYLESHEET.sub(
        lambda m: "<style>" + text(m[1]).replace("</style", "<\\/style") + "</style>", head
    )
    page = head + body
    if missing:
        raise UsageError(
            "no packaged copy of these assets for an offline map: " + ", ".join(sorted(set(missing)))
        )
    return page


@contextlib.contextmanager
def _opening_on_vector_base(m: folium.Map) -> Iterator[None]:
    """While rendering, open on the embedded basemap so the page needs no tiles; then restore."""
    from geomap.rendering.elements import VectorBasemap

    layers = [c for c in m._children.values() if isinstance(c, VectorBasemap | folium.TileLayer)]
    shown = [layer.show for layer in layers]
    if any(isinstance(layer, VectorBasemap) for layer in layers):
        for layer in layers:
            layer.show = isinstance(layer, VectorBasemap)
    try:
        yield
    finally:
        for layer, show in zip(layers, shown, strict=True):
            layer.show = show


def map_html(m: folium.Map, *, offline: bool = False) -> str:
    """The map's full HTML page; ``offline`` inlines its assets and opens it on the embedded basemap."""
    if not offline:
        return m.get_root().render()
    with _opening_on_vector_base(m):
        return inline_assets(m.get_root().render())


def save_map(
    m: folium.Map,
    path: str | os.PathLike[str],
    *,
    offline: bool = False,
    png: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    size: tuple[int, int] = (1400, 900),
    scale: float = 1,
) -> Path:
    """Write ``m`` to ``path`` (atomically); with ``png`` and/or ``pdf``, also a picture of it.

    ``offline`` inlines every script and stylesheet so that the file draws with no network. The
    pictures are always taken from the inlined page with the network blocked, on the embedded
    basemap, in a ``size`` (width, height) CSS-pixel window at ``scale`` device pixels per pixel.
    """
    page = map_html(m, offline=offline)
    with atomic_write(path) as fh:
        fh.write(page)
    if png is not None or pdf is not None:
        write_pictures(m, page if offline else inline_assets(page), png=png, pdf=pdf, size=size, scale=scale)
    return Path(path)


_ON_VECTOR_BASE = """(name) => {
    const map = window[name];
    map.eachLayer((layer) => { if (layer instanceof L.TileLayer) { map.removeLayer(layer); } });
    if (map.geomapVectorBase && !map.hasLayer(map.geomapVectorBase)) {
        map.geomapVectorBase.addTo(map);
    }
    return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}"""


def write_pictures(
    m: folium.Map,
    offline_page: str,
    *,
    png: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    size: tuple[int, int] = (1400, 900),
    scale: float = 1,
) -> None:
    """A PNG screenshot and/or a one-page PDF (Chromium's print to PDF) of ``offline_page``."""
    width, height = size
    if width < 200 or height < 150 or not 0.5 <= scale <= 4:
        raise UsageError(f"picture size {width}x{height} at scale {scale}: need at least 200x150 and a scale of 0.5 to 4")
    with tempfile.TemporaryDirectory(prefix="geomap-png-") as tmp:
        page_path = Path(tmp, "map.html")
        page_path.write_text(offline_page, encoding="utf-8")
        with chromium() as browser:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            block_network(page)
            page.goto(page_path.as_uri(), wait_until="load")
            page.evaluate(_ON_VECTOR_BASE, m.get_name())
            page.wait_for_timeout(300)
            if png is not None:
                with atomic_path(png) as tmp_png:
                    page.screenshot(path=str(tmp_png), type="png")
            if pdf is not None:
                page.emulate_media(media="screen")
                with atomic_path(pdf) as tmp_pdf:
                    page.pdf(path=str(tmp_pdf), width=f"{width}px", height=f"{height}px", print_background=True,
                             page_ranges="1", margin={"top": "0", "right": "0", "bottom": "0", "left": "0"})  # fmt: skip
