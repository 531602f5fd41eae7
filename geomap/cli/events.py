"""``geomap events``: read event tables, place every row, write them in one format plus an unplaced report.

Rows are read by :func:`geomap.parallel.read_events`: in this process by default, in partitions on
a Dask cluster with ``--engine dask`` (options from :func:`geomap.parallel.add_engine_options`).
"""

from __future__ import annotations

import argparse
import logging

import geopandas as gpd
import numpy as np
import pandas as pd

from geomap.atomic import check_outputs
from geomap.cli import EXIT_OK, EXIT_PARTIAL, add_command, add_table_options
from geomap.errors import PartialResultError
from geomap.geometry import precision_areas
from geomap.issues import errors
from geomap.model import empty_unplaced
from geomap.parallel import add_engine_options, engine_options, read_events
from geomap.readers import READ_FORMATS
from geomap.validate import screen
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
        "--strict",
        action="store_true",
        help="any unplaced row or error-level finding is an error (exit 2) and no output is written",
    )
    parser.add_argument(
        "--keep-invalid",
        action="store_true",
        help="keep rows with error-level findings (values left empty, errors reported) instead of "
        "listing them unplaced",
    )
    parser.add_argument(
        "--no-validate",
        action="store_true",
        help="skip the row checks (swapped coordinates, dates, duplicate ids)",
    )
    parser.add_argument("--input-format", choices=READ_FORMATS, help="input format (default: from each suffix)")
    parser.add_argument("--encoding", help="text encoding of CSV/JSON inputs (default: detected)")
    parser.add_argument("--sheet", help="XLSX sheet, by name or 1-based number (default: the first with events)")
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
    outputs = [args.output, report, *([args.precision_areas] if args.precision_areas else [])]
    check_outputs(outputs, inputs=[*args.inputs, *args.places])
    result = read_events(
        args.inputs, country=args.country, places=args.places, format=args.input_format,
        encoding=args.encoding, sheet=args.sheet, keep_invalid=args.keep_invalid, **engine_options(args),
    )  # fmt: skip
    events, issues = result.events, list(result.issues)
    failed = empty_unplaced()
    if not args.no_validate:
        checked = screen(events, keep_invalid=args.keep_invalid)
        events, failed = checked.events, checked.unplaced
        issues += checked.issues
    parts = [u for u in (result.unplaced, failed) if len(u)]
    unplaced = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0] if parts else failed
    for issue in issues[:SHOW_ISSUES]:
        log.warning("%s", issue)
    if len(issues) > SHOW_ISSUES:
        log.warning("... and %d more issues", len(issues) - SHOW_ISSUES)
    if args.strict and (len(unplaced) or errors(issues)):
        for row in unplaced.head(SHOW_ISSUES).itertuples():
            log.error("%s: row %s, field %r: %s", row.source_file, row.source_row, row.field, row.reason)
        total = len(unplaced) + len(events)
        raise PartialResultError(
            f"{len(unplaced)} of {total} rows could not be placed, {len(errors(issues))} error-level findings "
            "(--strict); nothing written",
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
