"""Errors geomap raises on bad input, each naming the file, row and field it concerns."""

from __future__ import annotations


class GeomapError(Exception):
    """Base class for every error geomap reports to the user."""


class InputError(GeomapError):
    """Bad input: an unreadable file, an unknown column, a bad value in a row.

    The message reads ``FILE: row N, field 'F': what is wrong`` so that one line tells the
    user where to look. Rows are numbered as a spreadsheet shows them (header is row 1).
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        self.file, self.row, self.field, self.reason = file, row, field, message
        where = [str(file)] if file else []
        loc = []
        if row is not None:
            loc.append(f"row {row}")
        if field is not None:
            loc.append(f"field {field!r}")
        if loc:
            where.append(", ".join(loc))
        super().__init__(": ".join([*where, message]) if where else message)


class UsageError(GeomapError):
    """The command or call was asked for something it cannot do (bad option combination)."""


class PartialResultError(GeomapError):
    """Raised under ``strict`` when some rows or mentions could not be placed."""

    def __init__(self, message: str, unplaced_count: int) -> None:
        self.unplaced_count = unplaced_count
        super().__init__(message)


class OutputError(GeomapError):
    """An output could not be written (disk full, permission, a format's limits); names the file."""
