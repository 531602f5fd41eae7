"""``geomap geocode``: resolve place names offline, one by one or a whole CSV column."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from gazetteer import MIN_CONFIDENCE, Gazetteer, Resolution
from gazetteer.exc import GazetteerError, PlaceFileError
from geomap.atomic import atomic_write
from geomap.cli import EXIT_OK, EXIT_PARTIAL, add_command, add_places_option
from geomap.errors import GeomapError, InputError, UsageError

#: Columns the batch mode adds to every input row.
ADDED = (
    "lat",
    "lon",
    "geonameid",
    "country_code",
    "feature_code",
    "kind",
    "confidence",
    "match",
    "status",
    "unresolved_reason",
)
KINDS = ("city", "admin1", "admin2", "country", "other")


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``geomap geocode`` to the command line."""
    parser = add_command(
        subparsers,
        common,
        "geocode",
        help="resolve place names offline: best match, confidence and alternatives",
        example='geomap geocode Sweida "Sweida province" Tripoli --country LB\n'
        "geomap geocode --input names.csv --column name --country-column country --output placed.csv",
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help="place names to resolve")
    parser.add_argument(
        "--country",
        metavar="CC",
        help="the country the names are in (ISO code or name): places outside it are refused unless the name "
        'itself names another country ("Tripoli, Libya") or is a capital',
    )
    parser.add_argument("--kind", choices=KINDS, help="prefer this kind of place")
    parser.add_argument("--near", metavar="LAT,LON", help="prefer places near this point")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_places_option(parser)
    parser.add_argument("--input", metavar="CSV", help="batch mode: a CSV file with a column of names")
    parser.add_argument("--column", metavar="COL", help="batch mode: the column holding the names")
    parser.add_argument(
        "--country-column",
        metavar="COL",
        help="batch mode: a column with each row's country (frames that row)",
    )
    parser.add_argument(
        "--min-confidence",
        metavar="P",
        default=str(MIN_CONFIDENCE),
        help=f"below this confidence (a calibrated probability) a name is unplaced as ambiguous, with its "
        f"candidates (default {MIN_CONFIDENCE}; 0 places every name that has a candidate)",
    )
    parser.add_argument("--output", "-o", metavar="CSV", help="batch mode: where to write the placed rows")
    parser.add_argument(
        "--online-user-agent",
        metavar="UA",
        help="opt in to asking Nominatim (online, 1 request/s, answers cached) for names the offline data lacks",
    )
    parser.set_defaults(func=run)


@contextlib.contextmanager
def gazetteer_errors() -> Iterator[None]:
    """Report gazetteer errors the way every geomap error is reported (exit code 2)."""
    try:
        yield
    except PlaceFileError as exc:
        raise InputError(exc.reason, file=exc.file, row=exc.row, field=exc.field) from exc
    except GazetteerError as exc:
        raise GeomapError(str(exc)) from exc


def open_gazetteer(places: list[str], online_user_agent: str | None = None) -> Gazetteer:
    """The default gazetteer, or one with user places and the online fallback when asked for."""
    if not places and not online_user_agent:
        return Gazetteer.default()
    online = None
    if online_user_agent:
        from geopy.geocoders import Nominatim

        online = Nominatim(user_agent=online_user_agent)
    return Gazetteer(places=places or None, online=online)


def _probability(text: str) -> float:
    """``--min-confidence``: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise UsageError(f"--min-confidence wants a number from 0 to 1, got {text!r}")
    return value


def _near(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    try:
        lat, lon = (float(v) for v in text.split(","))
    except ValueError:
        raise UsageError(f"--near wants LAT,LON such as 32.7,36.57, got {text!r}") from None
    return lat, lon


def run(args: argparse.Namespace) -> int:
    """Resolve NAMEs (print them) or a CSV column (write a CSV); exit 1 when any name stays unresolved."""
    batch = args.input or args.column or args.output or args.country_column
    if batch and args.names:
        raise UsageError("give NAMEs or --input/--column/--output, not both")
    if not batch and not args.names:
        raise UsageError("give at least one NAME, or --input CSV --column COL --output CSV")
    if batch and not (args.input and args.column and args.output):
        raise UsageError("batch mode needs --input, --column and --output")
    args.min_confidence = _probability(args.min_confidence)
    with gazetteer_errors():
        gz = open_gazetteer(args.places, args.online_user_agent)
        if batch:
            return _batch(gz, args)
        return _names(gz, args)


def _names(gz: Gazetteer, args: argparse.Namespace) -> int:
    near = _near(args.near)
    results = [
        gz.resolve(name, country=args.country, near=near, kind=args.kind, min_confidence=args.min_confidence)
        for name in args.names
    ]
    if args.json:
        out = [
            {"query": res.query, "result": res.location.to_dict() if res.location else None}
            | (
                {}
                if res.placed
                else {
                    "status": res.status,
                    "unresolved_reason": res.reason,
                    "candidates": [c.to_dict(alternatives=False) for c in res.candidates],
                }
            )
            for res in results
        ]
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for res in results:
            print(_describe(res))
    return EXIT_OK if all(res.placed for res in results) else EXIT_PARTIAL


def _describe(res: Resolution) -> str:
    loc = res.location
    if loc is None:
        return f"{res.query}\n  unplaced ({res.status}): {res.reason}"
    lines = [
        f"{res.query}",
        f"  -> {loc.address}  ({loc.latitude:.5f}, {loc.longitude:.5f})",
        f"     {loc.kind} {loc.feature_code or ''}  geonameid {loc.geonameid or '-'}  source {loc.source}  "
        f"match {loc.raw.get('match')}  confidence {loc.confidence:.2f}",
    ]
    for alt, score in loc.alternatives:
        lines.append(
            f"     or {alt.address}  ({alt.kind}, {alt.latitude:.3f}, {alt.longitude:.3f})  {score:.2f}"
        )
    return "\n".join(lines)


def _batch(gz: Gazetteer, args: argparse.Namespace) -> int:
    path = Path(args.input)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = list(reader)
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", file=str(path)) from None
    for col in filter(None, (args.column, args.country_column)):
        if col not in header:
            raise InputError(
                f"no such column; the columns are {', '.join(header)}", file=str(path), row=1, field=col
            )
    clash = [c for c in ADDED if c in header]
    if clash:
        raise InputError(
            "the input already has columns this command adds; rename them first",
            file=str(path),
            row=1,
            field=clash[0],
        )
    for i, row in enumerate(rows, start=2):
        if None in row:
            raise InputError("this row has more cells than the header has columns", file=str(path), row=i)
    names = [row.get(args.column) or "" for row in rows]
    countries = [
        (row.get(args.country_column) or None) if args.country_column else args.country for row in rows
    ]
    bad_country = {}
    for hint in set(filter(None, countries)):
        try:
            gz.country_code(hint)
        except GazetteerError as exc:
            bad_country[hint] = str(exc)
    results = gz.resolve_many(
        names,
        country=[None if c in bad_country else c for c in countries],
        min_confidence=args.min_confidence,
    )
    unresolved = 0
    with atomic_write(args.output, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*header, *ADDED], extrasaction="ignore")
        writer.writeheader()
        for row, hint, res in zip(rows, countries, results, strict=True):
            loc = res.location
            if loc is None or hint in bad_country:
                unresolved += 1
                status = "bad_country" if hint in bad_country else res.status
                reason = bad_country.get(hint) or res.reason
                added = dict.fromkeys(ADDED, "") | {"status": status, "unresolved_reason": reason}
            else:
                added = {
                    "lat": f"{loc.latitude:.6f}",
                    "lon": f"{loc.longitude:.6f}",
                    "geonameid": loc.geonameid or "",
                    "country_code": loc.country_code or "",
                    "feature_code": loc.feature_code or "",
                    "kind": loc.kind,
                    "confidence": f"{loc.confidence:.3f}",
                    "match": loc.raw.get("match", ""),
                    "status": res.status,
                    "unresolved_reason": "",
                }
            writer.writerow(row | added)
    print(
        f"geomap: {len(rows) - unresolved} of {len(rows)} names placed, written to {args.output}",
        file=sys.stderr,
    )
    return EXIT_PARTIAL if unresolved else EXIT_OK
