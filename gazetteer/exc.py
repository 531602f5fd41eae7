"""Errors the gazetteer raises. Catch :class:`GazetteerError` to catch them all."""

from __future__ import annotations


class GazetteerError(Exception):
    """Base class of every gazetteer error; its message is meant for the user as is."""


class IndexBuildError(GazetteerError):
    """The index could not be built or opened (missing data file, unwritable cache folder)."""


class PlaceFileError(GazetteerError):
    """A user place file is unreadable or has a bad value, reported as ``FILE: row N, field 'F': why``.

    Rows are numbered as a spreadsheet shows them (the CSV header is row 1); in GeoJSON the row is the
    feature's position, counting from 1.
    """

    def __init__(self, message: str, *, file: str, row: int | None = None, field: str | None = None) -> None:
        self.file, self.row, self.field, self.reason = file, row, field, message
        where = [f"row {row}"] if row is not None else []
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(": ".join([str(file), *([", ".join(where)] if where else []), message]))


class OnlineUnavailableError(GazetteerError):
    """The opt-in online geocoder could not be reached or refused the request."""
