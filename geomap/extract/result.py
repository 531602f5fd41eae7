"""The result tables of extraction: drafted rows of one or many documents into the event schema, merged per
document (one event told in several sentences is one row), with the unplaced report and the trace."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

from geomap.extract.dedupe import merge_records
from geomap.model import conform, empty_events

UNPLACED_COLUMNS = (
    "source_row", "date", "location", "event_type", "sub_event_type", "trigger", "actor1", "actor2", "reason",
    "notes",
)  # fmt: skip
TRACE_COLUMNS = ("id", "trigger", "trigger_start", "trigger_end", "place_start", "place_end", "placed_by")


@dataclass
class ExtractResult:
    """The events found (schema of :mod:`geomap.model`), the events that could not be placed, and ``trace``:
    for each event id, the trigger words and place mention (offsets into the article) and how the place was
    tied to it (``clause``, ``sentence``, ``paragraph``, ``container``, ``context``, ``dateline``)."""

    events: gpd.GeoDataFrame
    unplaced: pd.DataFrame
    trace: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(TRACE_COLUMNS)))


_EMPTY: list[gpd.GeoDataFrame] = []


def _empty() -> gpd.GeoDataFrame:
    """An empty event table, built once per process (building it costs more than drafting a report)."""
    if not _EMPTY:
        _EMPTY.append(empty_events())
    return _EMPTY[0].copy()


def assemble(drafts: Sequence[tuple[str | None, Any]], merge: bool = True) -> ExtractResult:
    """One result for many drafted documents (each with ``records``, ``geometries``, ``trace`` and ``unplaced``), with one schema pass for all; with ``merge``, the rows of one
    document that report the same event become one (see :mod:`geomap.extract.dedupe`)."""
    keyed = any(k is not None for k, _ in drafts)
    unplaced = pd.DataFrame(
        [{**u, **({"source_file": key} if keyed else {})} for key, ex in drafts for u in ex.unplaced],
        columns=[*UNPLACED_COLUMNS, *(["source_file"] if keyed else [])],
    )
    records: list[dict[str, Any]] = []
    geometries: list[Any] = []
    traces: list[dict[str, Any]] = []
    for key, ex in drafts:
        rows, geoms, target = (
            merge_records(ex.records, ex.geometries) if merge and len(ex.records) > 1
            else (ex.records, ex.geometries, list(range(len(ex.records))))
        )  # fmt: skip
        base = len(records)
        records += [{**r, "source_file": key} for r in rows] if keyed else rows
        geometries += geoms
        traces += [
            {"row": base + t, "source_file": key, **tr} for t, tr in zip(target, ex.trace, strict=True)
        ]
    if not records:
        columns = ["id", *(["source_file"] if keyed else []), *TRACE_COLUMNS[1:]]
        return ExtractResult(_empty(), unplaced, pd.DataFrame(columns=columns))
    events = conform(gpd.GeoDataFrame(pd.DataFrame(records), geometry=geometries, crs="EPSG:4326"))
    events = events.reset_index(drop=True)
    trace = pd.DataFrame(traces, columns=["row", "source_file", *TRACE_COLUMNS[1:]])
    trace.insert(0, "id", events["id"].to_numpy()[trace["row"].to_numpy(dtype=int)] if len(trace) else [])
    trace = trace.drop(columns=["row"] if keyed else ["row", "source_file"])
    return ExtractResult(events, unplaced, trace)
