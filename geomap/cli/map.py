"""``geomap map``: event files to a layered Leaflet map (HTML, optionally self-contained, and PNG)."""

from __future__ import annotations

import argparse
import logging

from geomap.cli import EXIT_OK, EXIT_PARTIAL, add_command, add_table_options, places_gazetteer
from geomap.readers import read_events
from geomap.rendering import render, save_map
from geomap.writers import unplaced_report_path, write_unplaced

log = logging.getLogger("geomap")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``geomap map`` to the command line."""
    parser = add_command(
        subparsers,
        common,
        "map",
        help="draw event files as a layered Leaflet map (HTML; --offline for one self-contained file)",
        example='geomap map events.geojson -o map.html --title "Sweida, July 2025" --offline --png map.png',
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
    add_table_options(parser, "HTML")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, draw, save; exit 1 (with the unplaced report written) when some rows could not be placed."""
    result = read_events(args.inputs, country=args.country, gazetteer=places_gazetteer(args))
    for issue in result.issues:
        log.warning("%s", issue)
    fmap = render(result.events, title=args.title, offline=args.offline, unplaced=len(result.unplaced))
    save_map(fmap, args.output, offline=args.offline, png=args.png)
    print(f"{len(result.events)} events drawn in {args.output}" + (f" and {args.png}" if args.png else ""))
    report = unplaced_report_path(args.output, args.unplaced)
    if write_unplaced(result.unplaced, report):
        print(f"{len(result.unplaced)} rows unplaced, listed with reasons in {report}")
        return EXIT_PARTIAL
    return EXIT_OK
