"""``geomap extract``: draft ACLED-style events from a news article, with the event's own place."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

from geomap.cli import EXIT_OK, EXIT_PARTIAL, add_command, add_places_option, places_gazetteer
from geomap.errors import InputError


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        subparsers,
        common,
        "extract",
        help="draft events (type, actors, date, place) from a news article, offline",
        example=(
            "geomap extract article.txt --date 2025-07-23 --country SY --output events.geojson\n"
            "geomap extract article.txt --places my_places.csv --actors my_actors.toml -o events.gpkg"
        ),
    )
    parser.add_argument("article", help="a UTF-8 text file, or - for standard input")
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD", help='the article date, to resolve "Tuesday" or "last week"'
    )
    parser.add_argument("--source", metavar="URL", help="where the article was published (fills sources)")
    parser.add_argument(
        "--country", metavar="CC", help="ISO alpha-2 code of the country the article is about"
    )
    parser.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="events file (.geojson, .gpkg, .csv ...)"
    )
    parser.add_argument(
        "--unplaced",
        metavar="CSV",
        help="report of events that could not be placed (default: OUT-STEM.unplaced.csv)",
    )
    add_places_option(parser)
    parser.add_argument(
        "--actors",
        action="append",
        default=[],
        metavar="FILE",
        help="your own actor list (TOML/CSV); repeatable",
    )
    parser.set_defaults(func=run)


def _read_article(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the article: {exc}", file=path) from exc


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--date must be YYYY-MM-DD, got {value!r}", field="--date") from None


def _country(code: str | None) -> str | None:
    if code is not None and not (len(code) == 2 and code.isalpha()):
        raise InputError(
            f"--country must be a two-letter ISO code such as SY, got {code!r}", field="--country"
        )
    return code.upper() if code else None


def run(args: argparse.Namespace) -> int:
    """Extract, write the events and (when some could not be placed) the unplaced report."""
    from geomap.extract import ActorList, extract_events
    from geomap.writers import output_format, unplaced_report_path, write_events, write_unplaced

    output_format(args.output)  # an unknown suffix is a usage error before any work is done
    text = _read_article(args.article)
    gazetteer = places_gazetteer(args)
    actors = ActorList.load(*args.actors) if args.actors else ActorList.default()
    result = extract_events(
        text,
        date=_date(args.date),
        source=args.source,
        gazetteer=gazetteer,
        actors=actors,
        country_hint=_country(args.country),
    )
    write_events(result.events, args.output)
    events = result.events
    if not args.quiet:
        kinds = Counter(events["sub_event_type"])
        context = int((events["role"] == "context").sum())
        print(
            f"{len(events)} events written to {args.output} ({context} of them context: speakers, headlines, background)"
        )
        for kind, n in kinds.most_common():
            print(f"  {n:3d}  {kind}")
    report = unplaced_report_path(args.output, args.unplaced)
    if write_unplaced(result.unplaced, report):
        print(f"{len(result.unplaced)} events could not be placed; reasons in {report}")
        return EXIT_PARTIAL
    return EXIT_OK
