"""``geomap run WORKFLOW.toml``: run a reporting workflow unattended."""

from __future__ import annotations

import argparse

from geomap.cli import EXIT_OK, EXIT_PARTIAL, add_command


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    parser = add_command(
        subparsers,
        common,
        "run",
        help="run a reporting workflow file: articles and event tables in, GeoJSON and map out",
        example="geomap run scripts/sweida/workflow.toml",
    )
    parser.add_argument(
        "workflow", help="the workflow TOML file; relative paths in it resolve against its folder"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from geomap.workflow import run_workflow

    result = run_workflow(args.workflow)
    if not args.quiet:
        print(f"{len(result.events)} events placed, {len(result.unplaced)} unplaced")
        for kind, path in result.written.items():
            print(f"{kind}: {path}")
    return EXIT_PARTIAL if len(result.unplaced) else EXIT_OK
