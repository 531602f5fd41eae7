"""``geomap map``: event files to a layered Leaflet map (HTML, optionally self-contained, and PNG)."""

from __future__ import annotations

import argparse
import logging

from geomap.cli import EXIT_OK, EXIT_PARTIAL, add_command, add_table_options, places_gazetteer
from geomap.errors import UsageError

log = logging.getLogger("geomap")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``geomap map`` to the command line."""
    parser = add_command(
        subparsers,
        common,
        "map",
        help="draw event files as a layered Leaflet map (HTML; --offline for one self-contained file)",
        example='geomap map events.geojson -o map.html --title "Sweida, July 2025" --offline --png map.png'
        " --print --size 1600x1000 --scale 2",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="event files, as `geomap events` reads them"
    )
    parser.add_argument("-o", "--output", required=True, metavar="HTML", help="the map file to write")
    parser.add_argument("--title", help="title shown at the top of the map")
    parser.add_argument(
        "--offline", action="store_true", help="inline every script and style; open on the embedded basemap"
    )
    parser.add_argument(
        "--png", metavar="PNG", help="also write a PNG image (headless Chromium, network blocked)"
    )
    parser.add_argument("--pdf", metavar="PDF", help="also write a one-page PDF (Chromium's print to PDF)")
    parser.add_argument(
        "--print",
        dest="print_layout",
        action="store_true",
        help="a still map for a report: no interactive controls; north arrow, dates and sources shown",
    )
    parser.add_argument("--inset", action="store_true", help="with --print: add a locator map in a corner")
    parser.add_argument(
        "--size", type=_size, default=(1400, 900), metavar="WxH", help="picture size in CSS pixels (default 1400x900)"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="device pixels per CSS pixel of the picture (2 for print quality)"
    )
    parser.add_argument(
        "--label-language",
        choices=("en", "ar", "local"),
        default="en",
        help="script of the basemap labels: English, Arabic, or each country's own (default en)",
    )
    parser.add_argument("--no-labels", dest="labels", action="store_false", help="no place labels on the basemap")
    add_table_options(parser, "HTML")
    parser.set_defaults(func=run)


def _size(text: str) -> tuple[int, int]:
    """``1600x1000`` as (1600, 1000)."""
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1600x1000, not {text!r}") from None
    return width, height


def run(args: argparse.Namespace) -> int:
    """Read, draw, save; exit 1 (with the unplaced report written) when some rows could not be placed."""
    # imported here: `geomap --help` and the other commands do not pay for pandas and folium
    from geomap.readers import read_events
    from geomap.rendering import render, save_map
    from geomap.writers import unplaced_report_path, write_unplaced

    if args.inset and not args.print_layout:
        raise UsageError("--inset is part of the print layout: add --print")
    result = read_events(args.inputs, country=args.country, gazetteer=places_gazetteer(args))
    for issue in result.issues:
        log.warning("%s", issue)
    fmap = render(
        result.events,
        title=args.title,
        offline=args.offline,
        unplaced=len(result.unplaced),
        labels=args.labels,
        label_language=args.label_language,
        print_layout=args.print_layout,
        inset=args.inset,
    )
    save_map(fmap, args.output, offline=args.offline, png=args.png, pdf=args.pdf, size=args.size, scale=args.scale)
    pictures = " and ".join(p for p in (args.png, args.pdf) if p)
    print(f"{len(result.events)} events drawn in {args.output}" + (f" and {pictures}" if pictures else ""))
    report = unplaced_report_path(args.output, args.unplaced)
    if write_unplaced(result.unplaced, report):
        print(f"{len(result.unplaced)} rows unplaced, listed with reasons in {report}")
        return EXIT_PARTIAL
    return EXIT_OK
