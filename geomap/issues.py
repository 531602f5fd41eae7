"""Findings about input rows: one :class:`Issue` per problem, naming its file, row and field, with a severity.

Severities, from worst:

* ``error``: the value or row is wrong in a way geomap will not guess around (a date that is no day, a
  count that is not a whole number, coordinates outside the globe, a point that lies in its country
  only once latitude and longitude are swapped). The row is listed as unplaced with the message as
  its reason, unless the caller keeps invalid rows (``--keep-invalid``); ``--strict`` turns any
  error into exit 2 with nothing written.
* ``warning``: suspicious but kept as given (an event type outside the ACLED taxonomy, a point just
  outside its country, a negative count).
* ``info``: something was translated and the original kept (an older ACLED event type mapped to the
  current taxonomy, month-first dates recognised in a column).
"""

from __future__ import annotations

from typing import NamedTuple

SEVERITIES = ("error", "warning", "info")


class Issue(NamedTuple):
    """One problem found in one row: ``row`` and ``field`` say where, ``severity`` how bad (see above)."""

    row: int
    field: str
    message: str
    severity: str = "error"
    file: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}row {self.row}, field {self.field!r}: {self.severity}: {self.message}"


def errors(issues: list[Issue]) -> list[Issue]:
    """The issues at error level."""
    return [i for i in issues if i.severity == "error"]
