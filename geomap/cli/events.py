"""``geomap events``: read event tables, place every row, write them in one format plus an unplaced report.

Rows are read by :func:`geomap.parallel.read_events`: in this process by default, in partitions on
a Dask cluster with ``--engine dask`` (options from :func:`geomap.parallel.add_engine_options`).
"""

from __future__ import annotations

import argparse
import logging

import geopandas as gpd
import numpy as np

from geomap.cli import EXIT_OK, EXIT_PARTIAL, add_command, add_table_options
from geomap.errors import PartialResultError
from geomap.geometry import precision_areas
from geomap.parallel import add_engine_options, engine_options, read_events
from geomap.validate import validate_events
from geomap.writers import WRITE_FORMATS, output_format, unplaced_report_path, write_events, write_unplaced

log = logging.getLogger("geomap")

#: Validation issues printed before "... and N more".
SHOW_ISSUES = 20


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``geomap events`` to the command line."""
    parser = add_command(
        subparsers,
        common,
        "events",
        help="read ACLED, UCDP GED or other event tables, place each row, write GeoJSON/GPKG/CSV/Parquet",
        example="geomap events acled.csv ucdp.csv -o events.geojson --country SY\n"
        "geomap events events.xlsx -o events.gpkg --unplaced missing.csv --strict",
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="event files: csv, tsv, xlsx, json, geojson, gpkg, parquet"
    )
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output file")
    parser.add_argument(
        "--format", choices=WRITE_FORMATS, help="output format (default: from the suffix of OUT)"
    )
    parser.add_argument(
        "--strict", action="store_true", help="any unplaced row is an error (exit 2) and no output is written"
    )
    parser.add_argument(
        "--no-validate",
        action="store_true",
        help="skip the row checks (swapped coordinates, dates, duplicate ids)",
    )
    parser.add_argument(
        "--precision-areas",
        metavar="OUT2",
        help="also write the events with their uncertainty areas as geometry: a circle for geo_precision 2, "
        "the admin-1 polygon for 3 (exact places keep their point)",
    )
    add_table_options(parser, "OUT")
    add_engine_options(parser)
    parser.set_defaults(func=run)


def with_precision_areas(events: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``events`` with each geometry replaced by its uncertainty area where it has one."""
    areas = precision_areas(events)
    geoms = np.where(areas.isna().to_numpy(), events.geometry.to_numpy(), areas.to_numpy())
    return events.set_geometry(gpd.GeoSeries(geoms, index=events.index, crs=events.crs))


def run(args: argparse.Namespace) -> int:
    """Read, place, validate, write; exit 0 when all rows are placed, 1 when some are reported unplaced."""
    fmt = output_format(args.output, args.format)
    report = unplaced_report_path(args.output, args.unplaced)
    result = read_events(args.inputs, country=args.country, places=args.places, **engine_options(args))
    events, unplaced = result.events, result.unplaced
    issues = list(result.issues)
    if not args.no_validate:
        issues += validate_events(events)
    for issue in issues[:SHOW_ISSUES]:
        log.warning("%s", issue)
    if len(issues) > SHOW_ISSUES:
        log.warning("... and %d more issues", len(issues) - SHOW_ISSUES)
    if len(unplaced) and args.strict:
        for row in unplaced.head(SHOW_ISSUES).itertuples():
            log.error("%s: row %s: %s", row.source_file, row.source_row, row.reason)
        raise PartialResultError(
            f"{len(unplaced)} of {len(unplaced) + len(events)} rows could not be placed (--strict); nothing written",
            len(unplaced),
        )
    write_events(events, args.output, format=fmt)
    if args.precision_areas:
        write_events(with_precision_areas(events), args.precision_areas)
    say = (lambda text: None) if args.quiet else print
    say(f"{len(events)} events written to {args.output}")
    if write_unplaced(unplaced, report):
        say(f"{len(unplaced)} rows unplaced, listed with reasons in {report}")
        return EXIT_PARTIAL
    return EXIT_OK
