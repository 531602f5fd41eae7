"""The plain folium script that ``scripts/bench_render.py`` times against ``geomap map``.

What a user without geomap would write for the same job: read an ACLED-layout CSV with pandas,
draw every event as a canvas circle marker with a popup through ``folium.GeoJson``, save the HTML
with the scripts inlined (from ``folium-offline``, as geomap's offline map is). Run as its own
process: ``python scripts/render_bench/folium_script.py events.csv out.html``.
"""

from __future__ import annotations

import sys


def main(csv_path: str, html_path: str) -> None:
    import folium
    import geopandas as gpd
    import pandas as pd

    from geomap.rendering import inline_assets

    fields = ["event_date", "event_type", "actor1", "actor2", "fatalities", "location", "geo_precision", "notes"]
    frame = pd.read_csv(csv_path, usecols=[*fields, "latitude", "longitude"])
    events = gpd.GeoDataFrame(
        frame[fields], geometry=gpd.points_from_xy(frame["longitude"], frame["latitude"]), crs="EPSG:4326"
    )
    m = folium.Map(location=(34, 41), zoom_start=6, prefer_canvas=True)
    folium.GeoJson(
        events,
        marker=folium.CircleMarker(radius=4, fill=True, weight=1, fill_opacity=0.8),
        popup=folium.GeoJsonPopup(fields=fields),
    ).add_to(m)
    with open(html_path, "w", encoding="utf-8") as fh:
        fh.write(inline_assets(m.get_root().render()))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
