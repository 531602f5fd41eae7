"""Where one ``geomap map`` run spends its time, stage by stage, in a fresh process.

``python scripts/render_bench/stages.py events.csv out.html [--no-labels]`` prints one JSON object:
seconds for importing, reading and checking the table (``geomap.readers``), building the map
(payload and elements), writing the page text, and the whole.
"""

from __future__ import annotations

import json
import sys
import time

START = time.perf_counter()


def main(csv_path: str, html_path: str, labels: bool) -> dict:
    t0 = time.perf_counter()
    from geomap.readers import read_events
    from geomap.rendering import map_html, render

    t1 = time.perf_counter()
    result = read_events([csv_path])
    t2 = time.perf_counter()
    fmap = render(result.events, offline=True, labels=labels, unplaced=len(result.unplaced))
    t3 = time.perf_counter()
    page = map_html(fmap, offline=True)
    t4 = time.perf_counter()
    with open(html_path, "w", encoding="utf-8") as fh:
        fh.write(page)
    t5 = time.perf_counter()
    return {
        "startup_s": round(t0 - START, 2),
        "import_s": round(t1 - t0, 2),
        "read_validate_s": round(t2 - t1, 2),
        "render_s": round(t3 - t2, 2),
        "page_text_s": round(t4 - t3, 2),
        "write_s": round(t5 - t4, 2),
        "total_s": round(t5 - START, 2),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], "--no-labels" not in sys.argv[3:])))
