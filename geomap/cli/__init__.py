"""The ``geomap`` command: a thin layer over the Python API.

Each subcommand lives in its own module under ``geomap.cli`` and exposes ``register(subparsers)``,
which adds its parser and sets ``func`` to a callable taking the parsed arguments and returning
an exit code:

* 0 done: everything placed and written;
* 1 partial: some rows or mentions unplaced, and the report of them written;
* 2 bad input or usage: an unreadable file, a bad option, a value that fails ``--strict``, an output
  that cannot be written (disk full, permission); one line naming the file, row and field;
* 3 internal error: a bug in geomap; one line ending "run with --debug for the traceback".

A crash is never reported as 1, and no traceback is printed unless ``--debug`` is given.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from gazetteer import build as gazetteer_build
from gazetteer.exc import GazetteerError
from geomap import progress
from geomap.errors import GeomapError

EXIT_OK, EXIT_PARTIAL, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3

#: Subcommand names and their modules under ``geomap.cli``, in the order ``geomap --help`` lists them.
SUBCOMMANDS: dict[str, str] = {
    "geocode": "geocode",
    "geoparse": "geoparse",
    "extract": "extract",
    "events": "events",
    "map": "map",
    "run": "run",
    "gazetteer": "gazetteer_cmd",
}

#: Options accepted before the subcommand that take no value (so the next word is the subcommand).
_LEADING_FLAGS = frozenset({"-q", "--quiet", "-v", "--verbose", "--debug"})

log = logging.getLogger("geomap")


def add_places_option(parser: argparse.ArgumentParser) -> None:
    """``--places FILE``, repeatable: the user's own place files (CSV or GeoJSON), which outrank GeoNames.

    One file per flag, so that the option never swallows a command's positional inputs.
    """
    parser.add_argument(
        "--places",
        action="append",
        default=[],
        metavar="FILE",
        help="your own place file (CSV/GeoJSON: name, aliases, lat/lon or geometry, country, kind); repeatable",
    )


def add_table_options(parser: argparse.ArgumentParser, output: str) -> None:
    """The options of commands that read event tables: ``--country``, ``--unplaced``, ``--places``.

    ``output`` is the metavar of the command's output, named in the default report path.
    """
    parser.add_argument(
        "--country", metavar="CC", help="country hint for place names in rows naming no country"
    )
    parser.add_argument(
        "--unplaced",
        metavar="CSV",
        help=f"report of rows that could not be placed (default: {output}-STEM.unplaced.csv)",
    )
    add_places_option(parser)


def places_gazetteer(args: argparse.Namespace):
    """A gazetteer with the ``--places`` files added, or None (the API then opens the default)."""
    from gazetteer import Gazetteer

    return Gazetteer(places=args.places) if args.places else None


def _output_options(default: object) -> argparse.ArgumentParser:
    """``--quiet``, ``--verbose`` and ``--debug`` as a parent parser with the given default."""
    common = argparse.ArgumentParser(add_help=False, argument_default=default)
    noise = common.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only errors; no progress bars")
    noise.add_argument("-v", "--verbose", action="store_true", help="say what each step does")
    common.add_argument("--debug", action="store_true", help="show the traceback of an error")
    return common


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names, or None when it names none (help, a typo, an abbreviated option)."""
    for word in argv:
        if word not in _LEADING_FLAGS:
            return word if word in SUBCOMMANDS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser, with every subcommand registered, or only the one ``argv`` names.

    Registering one imports only that subcommand's module: ``geomap map`` does not pay for the
    imports of ``geomap events`` (pyarrow, dask options, validation) before it starts.
    The output options are accepted before and after the subcommand; the subcommands' copies
    default to "not given" so that ``geomap --quiet run ...`` is not undone by the subparser.
    """
    parser = argparse.ArgumentParser(
        prog="geomap",
        description="Offline-first conflict mapping: place names, articles and event tables to maps.",
        epilog="example:\n  geomap run scripts/sweida/workflow.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_output_options(False)],
    )
    common = _output_options(argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    chosen = chosen_command(argv) if argv is not None else None
    for name, module in SUBCOMMANDS.items():
        if chosen in (None, name):
            importlib.import_module(f"geomap.cli.{module}").register(subparsers, common)
    return parser


def add_command(
    subparsers: argparse._SubParsersAction,
    common: argparse.ArgumentParser,
    name: str,
    *,
    help: str,
    example: str,
) -> argparse.ArgumentParser:
    """Add a subcommand whose ``--help`` ends with a worked example."""
    return subparsers.add_parser(
        name,
        help=help,
        description=help,
        epilog="example:\n  " + example.strip().replace("\n", "\n  "),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time of each message, so a replaced stream
    (a test's capture, a redirected run) never receives a message after it was closed."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _configure_logging(args: argparse.Namespace) -> None:
    level = logging.WARNING if args.quiet else logging.INFO if args.verbose or args.debug else logging.WARNING
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("geomap: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False
    progress.QUIET = gazetteer_build.QUIET = bool(args.quiet)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``geomap`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    _configure_logging(args)
    try:
        return int(args.func(args))
    except (GeomapError, GazetteerError, OSError) as exc:
        if args.debug:
            raise
        print(f"geomap: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("geomap: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, and the traceback only on request
        if args.debug:
            raise
        print(
            f"geomap: internal error: {type(exc).__name__}: {one_line(exc)}; run with --debug for the traceback",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def one_line(exc: BaseException) -> str:
    """An exception as one line: an OSError with its file, any message's lines joined."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    text = " ".join(str(exc).split())
    return text[:500] + (" ..." if len(text) > 500 else "") if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
