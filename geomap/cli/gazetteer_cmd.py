"""``geomap gazetteer build|info|import|list|remove``: the offline index and the layers imported into it."""

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
    """Add ``geomap gazetteer`` with its ``build``, ``info``, ``import``, ``list`` and ``remove`` actions."""
    parser = add_command(
        subparsers,
        common,
        "gazetteer",
        help="build the offline place index, show what it holds, import your own layers into it",
        example="geomap gazetteer build\ngeomap gazetteer import SY.zip alternateNamesV2.zip --name syria\n"
        "geomap gazetteer list",
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

    imp = actions.add_parser(
        "import",
        help="add a layer of places from GeoNames dumps, Who's On First GeoJSON, UCDP GED, OCHA CODs or place files",
        description="Import place files into a layer of the offline gazetteer; it outranks the bundled data "
        "and survives index rebuilds (docs/GAZETTEER.md).",
        epilog="example:\n  geomap gazetteer import SY.zip alternateNamesV2.zip --name syria\n"
        "  geomap gazetteer import som_ppl.shp som_adm2.gpkg ged.csv --name somalia",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="files to import (their format is detected)")
    imp.add_argument("--name", metavar="LAYER", help="layer name (default: the first file's name)")
    mode = imp.add_mutually_exclusive_group()
    mode.add_argument("--replace", action="store_true", help="replace an existing layer of that name")
    mode.add_argument("--append", action="store_true", help="add the files to an existing layer of that name")
    imp.add_argument(
        "--format",
        choices=("geonames", "alternatenames", "wof", "ucdp", "ocha", "places"),
        help="read every file as this format instead of detecting it",
    )
    imp.add_argument(
        "--feature-classes",
        metavar="CLASSES",
        help="GeoNames feature classes to import (default APSTHLV: all but roads/railways R and undersea U)",
    )
    imp.set_defaults(func=run_import)
    lst = actions.add_parser(
        "list", help="imported layers: source files, row counts, import date", parents=[common]
    )
    lst.add_argument("--json", action="store_true", help="print JSON")
    lst.set_defaults(func=run_list)
    rm = actions.add_parser("remove", help="delete an imported layer", parents=[common])
    rm.add_argument("layer", metavar="LAYER")
    rm.set_defaults(func=run_remove)


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
            "Place names: GeoNames (geonames.org), CC BY 4.0. Boundaries: made with Natural Earth (public domain).\n"
            "Villages and admin-2 boundaries: Who's On First, license https://whosonfirst.org/docs/licenses/ "
            "(gazetteer/data/ATTRIBUTION.md)."
        )
    return EXIT_OK


def _default_name(first: str) -> str:
    """A layer name from a file name: ``SY.zip`` -> ``sy``, ``som_ppl 2024.shp`` -> ``som_ppl_2024``."""
    import re
    from pathlib import Path

    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(first).stem).strip("_.-").lower()
    return stem[:64] or "layer"


def run_import(args: argparse.Namespace) -> int:
    """Import FILEs into a layer and say what each gave."""
    from gazetteer.importers.writer import import_layer

    name = args.name or _default_name(args.files[0])
    mode = "replace" if args.replace else "append" if args.append else "new"
    started = time.perf_counter()
    with gazetteer_errors():
        index = Index(ensure_index())
        info, reports = import_layer(
            args.files, name, index, mode=mode, fmt=args.format, feature_classes=args.feature_classes,
            progress=progress.enabled(),
        )  # fmt: skip
        index.close()
    if not args.quiet:
        for r in reports:
            note = f"; {r.note()}" if r.note() else ""
            print(
                f"{r.path} ({r.format}): {r.rows:,} rows, {r.places:,} places, {r.names:,} names{note}",
                file=sys.stderr,
            )
        print(
            f"layer {info.name}: {info.places:,} places, {info.names:,} names in "
            f"{time.perf_counter() - started:.1f} s: {info.path}",
            file=sys.stderr,
        )
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """Print every imported layer, in order of precedence (later imports win)."""
    from gazetteer.layers import list_layers

    with gazetteer_errors():
        layers = list_layers()
    if args.json:
        json.dump(
            [{"name": i.name, "path": str(i.path), "imported": i.imported, "places": i.places, "names": i.names,
              "files": i.files} for i in layers],
            sys.stdout, indent=2,
        )  # fmt: skip
        print()
        return EXIT_OK
    if not layers:
        print("no imported layers (add one with: geomap gazetteer import FILE... --name LAYER)")
        return EXIT_OK
    for i in layers:
        print(f"{i.name}  imported {i.imported}  {i.places:,} places  {i.names:,} names  {i.path}")
        for f in i.files:
            print(f"    {f['path']} ({f['format']}): {f['rows'] or 0:,} rows, {f['places'] or 0:,} places")
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    """Delete an imported layer."""
    from gazetteer.layers import remove_layer

    with gazetteer_errors():
        path = remove_layer(args.layer)
    if not args.quiet:
        print(f"removed layer {args.layer}: {path}", file=sys.stderr)
    return EXIT_OK
