"""Progress bars that show on a terminal and stay silent in pipes, logs and CI."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")

#: Set by the command line's ``--quiet``; library callers may set it too.
QUIET = False


def enabled() -> bool:
    """Bars show only when stderr is an interactive terminal and output is not quieted."""
    return not QUIET and sys.stderr.isatty()


def progress(
    iterable: Iterable[T], *, total: int | None = None, desc: str = "", unit: str = "it"
) -> Iterator[T]:
    """Wrap ``iterable`` in a progress bar when :func:`enabled`, else return it as is."""
    if not enabled():
        yield from iterable
        return
    yield from tqdm(iterable, total=total, desc=desc, unit=unit, leave=False, file=sys.stderr)


def bar(total: int, desc: str = "", unit: str = "it") -> tqdm:
    """A manual bar (``update(n)``); disabled unless :func:`enabled`."""
    return tqdm(total=total, desc=desc, unit=unit, leave=False, file=sys.stderr, disable=not enabled())
