"""``geomap geoparse``: the places an article mentions, as a table, or a JSONL batch of documents."""

from __future__ import annotations

import argparse
import json
import sys

from geomap.cli import EXIT_OK, EXIT_PARTIAL, add_command, add_places_option, places_gazetteer
from geomap.errors import InputError, UsageError
from geomap.parallel import add_engine_options, engine_options


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        subparsers,
        common,
        "geoparse",
        help="find and resolve the place names of an article (offline), or of a JSONL batch of documents",
        example=(
            "geomap geoparse article.txt --country SY\n"
            "geomap geoparse --input docs.jsonl --output mentions.jsonl"
        ),
    )
    parser.add_argument("article", nargs="?", help="a UTF-8 text file, or - for standard input")
    parser.add_argument(
        "--country", metavar="CC", help="ISO 3166-1 alpha-2 code of the country the text is about"
    )
    parser.add_argument(
        "--json", action="store_true", help="print the mentions as JSON lines instead of a table"
    )
    parser.add_argument("--input", metavar="DOCS.jsonl", help='batch input: one {"doc_id", "text"} per line')
    parser.add_argument(
        "--output", metavar="MENTIONS.jsonl", help='batch output: one {"doc_id", "toponyms"} per line'
    )
    add_places_option(parser)
    add_engine_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    country = _country(args.country)
    if args.input or args.output:
        if args.article or not (args.input and args.output):
            raise UsageError("a batch needs both --input and --output, and no article argument")
        return _batch(args, country)
    if not args.article:
        raise UsageError("give an article file (or -), or --input and --output for a batch")
    if args.engine != "local":
        raise UsageError("--engine dask runs batches: give --input and --output")
    return _article(args, country)


def _country(code: str | None) -> str | None:
    if code is None:
        return None
    if len(code) != 2 or not code.isalpha():
        raise InputError(f"--country must be a two-letter ISO code such as SY, got {code!r}")
    return code.upper()


def _article(args: argparse.Namespace, country: str | None) -> int:
    from geomap.geoparse import geoparse

    if args.article == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(args.article, encoding="utf-8") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the article: {exc}", file=args.article) from exc
    mentions = geoparse(text, gazetteer=places_gazetteer(args), country_hint=country, keep_unresolved=True)
    if args.json:
        for m in mentions:
            print(json.dumps(m.to_dict(), ensure_ascii=False))
    else:
        print(format_table(mentions))
    unresolved = [m for m in mentions if not m.resolved]
    if unresolved and not args.quiet:
        print(f"geomap: {len(unresolved)} name(s) not resolved (listed with a reason)", file=sys.stderr)
    return EXIT_PARTIAL if unresolved else EXIT_OK


def format_table(mentions: list) -> str:
    """A fixed-width table of mentions, resolved first in text order, then the unresolved ones."""
    head = ("span", "text", "kind", "cc", "admin1", "lat", "lon", "conf", "role", "geonameid")
    rows = []
    for m in mentions:
        if m.resolved:
            rows.append(
                (
                    f"{m.start}-{m.end}",
                    m.text,
                    m.kind or "",
                    m.country_code or "",
                    str(m.admin1 or ""),
                    f"{m.lat:.4f}",
                    f"{m.lon:.4f}",
                    f"{m.confidence:.2f}",
                    m.role or "",
                    str(m.geonameid or ""),
                )
            )
    widths = [max(len(r[k]) for r in [head, *rows]) for k in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [head, *rows]]
    if not rows:
        lines.append("(no place names found)")
    for m in mentions:
        if not m.resolved:
            lines.append(f"unresolved {m.start}-{m.end} {m.text!r}: {m.reason}")
    return "\n".join(lines)


def _batch(args: argparse.Namespace, country: str | None) -> int:
    from geomap.parallel import geoparse_file

    def report(line: dict) -> None:
        print(f"geomap: document {line.get('doc_id')!r} failed: {line['error']}", file=sys.stderr)

    n, failed = geoparse_file(
        args.input,
        args.output,
        country_hint=country,
        on_error=report,
        places=args.places,
        **engine_options(args),
    )
    if not args.quiet:
        print(f"{n} documents, {failed} failed; wrote {args.output}", file=sys.stderr)
    return EXIT_PARTIAL if failed else EXIT_OK
