"""``geomap gazetteer build|info``: build the offline index ahead of time, or say what it holds."""

from __future__ import annotations

import argparse
import json
import sys
import time

from gazetteer.index import Index, build_index, damage, ensure_index, index_path
from geomap import progress
from geomap.cli import EXIT_OK, add_command
from geomap.cli.geocode import gazetteer_errors


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``geomap gazetteer`` with its ``build`` and ``info`` actions."""
    parser = add_command(
        subparsers,
        common,
        "gazetteer",
        help="build the offline place index ahead of time, or show what it holds",
        example="geomap gazetteer build\ngeomap gazetteer info --json",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    build_parser = actions.add_parser(
        "build", help="build the index into the cache folder (done on first use otherwise)", parents=[common]
    )
    build_parser.add_argument("--force", action="store_true", help="rebuild even if the index exists")
    build_parser.set_defaults(func=run_build)
    info_parser = actions.add_parser("info", help="index location, data version and counts", parents=[common])
    info_parser.add_argument("--json", action="store_true", help="print JSON")
    info_parser.set_defaults(func=run_info)


def run_build(args: argparse.Namespace) -> int:
    """Build (or rebuild with ``--force``) the index for the current data version."""
    path = index_path()
    if path.exists() and not args.force and not damage(path):
        print(f"gazetteer index already built: {path}", file=sys.stderr)
        return EXIT_OK
    started = time.perf_counter()
    with gazetteer_errors():
        build_index(path.parent, progress=progress.enabled(), force=args.force)
    print(f"gazetteer index built in {time.perf_counter() - started:.0f} s: {path}", file=sys.stderr)
    return EXIT_OK


def run_info(args: argparse.Namespace) -> int:
    """Print where the index is and what it holds; builds it first if needed."""
    with gazetteer_errors():
        path = ensure_index()
        index = Index(path)
        info = {"path": str(path), "size_mb": round(path.stat().st_size / 1e6, 1), **index.meta}
        index.close()
    if args.json:
        json.dump(info, sys.stdout, indent=2)
        print()
    else:
        width = max(map(len, info))
        for key, value in info.items():
            print(f"{key:<{width}}  {value}")
        print(
            "Place names: GeoNames (geonames.org), CC BY 4.0. Boundaries: made with Natural Earth (public domain)."
        )
    return EXIT_OK
