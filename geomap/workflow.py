"""Reporting workflows: one TOML file names the inputs, the gazetteer and map options and the outputs.

``geomap run WORKFLOW.toml`` reads it, places every article event and table row, and writes the
outputs. The same inputs give byte-identical outputs: events are sorted by date and id, ids are
derived from content and nothing time-dependent is written. Relative paths resolve against the
folder of the workflow file. A minimal workflow::

    [inputs]
    articles = [{ path = "article.txt", date = "2025-07-23", source = "https://example.org/story" }]
    events = ["events.csv"]          # ACLED, UCDP GED or any table geomap.readers understands
    places = ["places.csv"]          # extra place names for the gazetteer

    [gazetteer]
    countries = ["SY"]               # country hints for ambiguous names
    online = false                   # or "nominatim" (then user_agent = "...") for names the data lacks

    [map]
    title = "Sweida, July 2025"
    offline = true                   # inline every script: the HTML works with no network
    layers = ["precision", "heat"]   # overlays shown at opening (movements, context, precision,
                                     # choropleth, heat, labels); the rest start hidden
    basemaps = ["offline", "OpenStreetMap"]   # base layers offered, the first shown at opening
    labels = true                    # seas, countries, admin-1 areas and towns on the basemap
    label_language = "en"            # or "ar", or "local" (each country's own script)
    png = "out/map.png"              # a picture of the interactive map
    print = { png = "out/map-print.png", pdf = "out/map.pdf", size = "1600x1000", scale = 2, inset = true }
                                     # a still map for a report: no controls; north arrow, dates, sources

    [outputs]
    geojson = "out/events.geojson"
    html = "out/map.html"
    unplaced = "out/unplaced.csv"    # written whenever something could not be placed (default:
                                     # beside the first output, as NAME.unplaced.csv)

Table rows are validated (``geomap.validate.screen``): rows with an error-level finding join the
unplaced report with the reason. Outputs are all written or none: each is staged in a temporary
folder beside it and moved into place only once every one is written. A workflow whose outputs
would overwrite one of its inputs (or the workflow file), or whose two outputs share a path, is
refused before anything runs.
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from geomap.atomic import Staging, check_outputs
from geomap.errors import InputError, UsageError
from geomap.model import conform, empty_events
from geomap.progress import progress

log = logging.getLogger("geomap")

_SECTIONS: dict[str, set[str]] = {
    "inputs": {"articles", "events", "places"},
    "gazetteer": {"countries", "online", "user_agent", "online_cache"},
    "map": {"title", "layers", "basemaps", "offline", "png", "print", "labels", "label_language"},
    "outputs": {"geojson", "html", "unplaced", "gpkg", "csv", "parquet"},
}
_ARTICLE_KEYS = {"path", "date", "source", "country"}
_PRINT_KEYS = {"png", "pdf", "size", "scale", "inset"}
_REPORT_COLUMNS = ["source_file", "source_row", "reason"]


@dataclass(frozen=True)
class Article:
    """An article to extract events from, with the date its relative dates count from."""

    path: Path
    date: str | None = None
    source: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Workflow:
    """A parsed workflow file with every path made absolute."""

    path: Path
    articles: tuple[Article, ...] = ()
    events: tuple[Path, ...] = ()
    places: tuple[Path, ...] = ()
    countries: tuple[str, ...] = ()
    online: str | None = None
    user_agent: str | None = None
    online_cache: Path | None = None
    map_options: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)


@dataclass
class WorkflowResult:
    """What a run produced: the placed events, the unplaced report and the files written."""

    events: gpd.GeoDataFrame
    unplaced: pd.DataFrame
    written: dict[str, Path]


def _err(path: Path, message: str, key: str | None = None) -> InputError:
    return InputError(message, file=str(path), field=key)


def _paths(base: Path, value: Any, wf: Path, key: str) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise _err(wf, "expected a path or a list of paths", key)
    paths = tuple((base / v).resolve() for v in items)
    for p in paths:
        if not p.exists():
            raise _err(wf, f"file not found: {p}", key)
    return paths


def _article(base: Path, value: Any, wf: Path) -> Article:
    entry = {"path": value} if isinstance(value, str) else value
    if not isinstance(entry, dict) or "path" not in entry:
        raise _err(wf, "each article is a path or a table with a 'path'", "inputs.articles")
    unknown = set(entry) - _ARTICLE_KEYS
    if unknown:
        raise _err(
            wf, f"unknown article keys {sorted(unknown)}; expected {sorted(_ARTICLE_KEYS)}", "inputs.articles"
        )
    (path,) = _paths(base, entry["path"], wf, "inputs.articles")
    date = entry.get("date")
    return Article(path, None if date is None else str(date), entry.get("source"), entry.get("country"))


def load_workflow(path: str | Path) -> Workflow:
    """Parse and check a workflow file; unknown sections or keys are errors, not silently ignored."""
    wf = Path(path).resolve()
    try:
        data = tomllib.loads(wf.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise _err(wf, "workflow file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise _err(wf, f"not valid TOML: {exc}") from exc
    for section, value in data.items():
        if section not in _SECTIONS:
            raise _err(wf, f"unknown section [{section}]; expected one of {sorted(_SECTIONS)}", section)
        unknown = set(value) - _SECTIONS[section]
        if unknown:
            raise _err(wf, f"unknown keys {sorted(unknown)}; expected {sorted(_SECTIONS[section])}", section)
    base = wf.parent
    inputs, gaz = data.get("inputs", {}), data.get("gazetteer", {})
    if not inputs.get("articles") and not inputs.get("events"):
        raise _err(wf, "the workflow names no articles and no event tables", "inputs")
    online = gaz.get("online", False)
    if online is True:
        online = "nominatim"
    if online and not isinstance(online, str):
        raise _err(
            wf, "online is false or the name of a geopy geocoder such as 'nominatim'", "gazetteer.online"
        )
    outputs = {k: (base / v).resolve() for k, v in data.get("outputs", {}).items()}
    if not outputs:
        raise _err(wf, "the workflow names no outputs", "outputs")
    workflow = Workflow(
        path=wf,
        articles=tuple(_article(base, a, wf) for a in inputs.get("articles", [])),
        events=_paths(base, inputs.get("events", []), wf, "inputs.events"),
        places=_paths(base, inputs.get("places", []), wf, "inputs.places"),
        countries=tuple(str(c).upper() for c in gaz.get("countries", [])),
        online=online or None,
        user_agent=gaz.get("user_agent"),
        online_cache=(base / gaz["online_cache"]).resolve() if "online_cache" in gaz else None,
        map_options=dict(data.get("map", {})),
        outputs=outputs,
    )
    _check_paths(workflow)
    return workflow


def _png_path(wf: Workflow) -> Path | None:
    png = wf.map_options.get("png")
    return (wf.path.parent / png).resolve() if isinstance(png, str) and png else None


def _check_paths(wf: Workflow) -> None:
    """Refuse outputs that overwrite an input, the workflow file or each other."""
    inputs = [wf.path, *(a.path for a in wf.articles), *wf.events, *wf.places]
    outputs = [*wf.outputs.values(), *([unplaced_path(wf)] if "unplaced" not in wf.outputs else [])]
    png = _png_path(wf)
    if isinstance(wf.map_options.get("print"), dict):
        printed = _print_options(wf, wf.map_options["print"])
        outputs += [printed[k] for k in ("png", "pdf") if k in printed]
    try:
        check_outputs([*outputs, *([png] if png else [])], inputs=inputs)
    except UsageError as exc:
        raise _err(wf.path, str(exc), "outputs") from exc


def _relative(name: str | None, base: Path) -> str | None:
    if not name or not Path(name).is_absolute():
        return name
    return Path(os.path.relpath(name, base)).as_posix()


def _gazetteer(wf: Workflow):
    from gazetteer import Gazetteer

    online = None
    if wf.online:
        from gazetteer.online import online_geocoder

        online = online_geocoder(wf.online, user_agent=wf.user_agent, cache_path=wf.online_cache)
    if not wf.places and online is None:
        return Gazetteer.default()
    return Gazetteer(places=[str(p) for p in wf.places], online=online)


def collect_events(wf: Workflow) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Place every article event and table row of ``wf``: (events sorted by date and id, unplaced)."""
    from geomap.extract import extract_events
    from geomap.extract.dedupe import merge_events
    from geomap.readers import read_events

    gz = _gazetteer(wf)
    hint = wf.countries[0] if wf.countries else None
    frames, unplaced = [], []
    for art in progress(wf.articles, desc="extracting events", unit="article"):
        text = art.path.read_text(encoding="utf-8")
        res = extract_events(
            text, date=art.date, source=art.source, gazetteer=gz, country_hint=art.country or hint
        )
        frames.append(res.events.assign(source_file=str(art.path)))
        unplaced.append(res.unplaced.assign(source_file=str(art.path)))
    if wf.events:
        from geomap.validate import screen

        res = read_events([str(p) for p in wf.events], gazetteer=gz, country=hint)
        checked = screen(res.events, gazetteer=gz)
        for issue in [*res.issues, *checked.issues]:
            log.info("%s", issue)
        frames.append(checked.events)
        unplaced += [res.unplaced, checked.unplaced]
    frames = [f for f in frames if len(f)]
    events = conform(pd.concat(frames, ignore_index=True)) if frames else empty_events()
    events = merge_events(events)  # one event told by several articles or an article and a table row
    events = events.sort_values(["date", "id"], kind="stable", na_position="last").reset_index(drop=True)
    reports = [u for u in unplaced if len(u)]
    report = pd.concat(reports, ignore_index=True) if reports else pd.DataFrame(columns=_REPORT_COLUMNS)
    # Name input files relative to the workflow, so outputs do not depend on where the folder lives.
    base = wf.path.parent
    for frame in (events, report):
        frame["source_file"] = frame["source_file"].map(lambda f: _relative(f, base))
    return events, report


def run_workflow(path: str | Path) -> WorkflowResult:
    """Run a workflow file end to end and write all its outputs, or none of them."""
    wf = load_workflow(path)
    from geomap.writers import write_events, write_unplaced

    events, unplaced = collect_events(wf)
    log.info("%d events placed, %d unplaced", len(events), len(unplaced))
    written: dict[str, Path] = {}
    target = unplaced_path(wf)
    with Staging() as stage:
        for fmt in ("geojson", "gpkg", "csv", "parquet"):
            if fmt in wf.outputs:
                write_events(events, stage.path(wf.outputs[fmt]), format=fmt)
                written[fmt] = wf.outputs[fmt]
        if "html" in wf.outputs:
            written.update(_write_maps(wf, events, len(unplaced), stage.path))
        if write_unplaced(unplaced, stage.path(target)):
            written["unplaced"] = target
    if "unplaced" not in written:
        target.unlink(missing_ok=True)  # a report from an earlier run would describe rows now placed
    return WorkflowResult(events, unplaced, written)


def _print_options(wf: Workflow, table: Any) -> dict[str, Any]:
    """The ``[map] print`` table checked: picture paths resolved, ``size`` as (width, height)."""
    key = "map.print"
    if not isinstance(table, dict) or not table.keys() <= _PRINT_KEYS or not ({"png", "pdf"} & table.keys()):
        raise _err(wf.path, f"print is a table of {sorted(_PRINT_KEYS)} naming a png or a pdf", key)
    out: dict[str, Any] = {"size": (1600, 1000), "scale": 2.0, "inset": bool(table.get("inset", False))}
    for name in ("png", "pdf"):
        if name in table:
            out[name] = (wf.path.parent / str(table[name])).resolve()
    if "size" in table:
        try:
            width, height = (int(v) for v in str(table["size"]).lower().split("x"))
        except ValueError:
            raise _err(wf.path, f"size is WIDTHxHEIGHT such as 1600x1000, not {table['size']!r}", key) from None
        out["size"] = (width, height)
    if "scale" in table:
        if not isinstance(table["scale"], int | float):
            raise _err(wf.path, "scale is a number such as 2", key)
        out["scale"] = float(table["scale"])
    return out


def _write_maps(
    wf: Workflow, events: gpd.GeoDataFrame, unplaced: int, staged: Callable[[Path], Path]
) -> dict[str, Path]:
    """The workflow's HTML map, its picture, and the print layout's PNG/PDF when asked for.

    Each file is written to ``staged(path)`` (the run's staging folder) and listed under its final path.
    """
    from geomap.errors import UsageError
    from geomap.rendering import render, save_map

    opts = dict(wf.map_options)
    png = opts.pop("png", None)
    offline = bool(opts.pop("offline", False))
    printed = _print_options(wf, opts.pop("print")) if "print" in opts else None
    written: dict[str, Path] = {}
    try:
        fmap = render(events, unplaced=unplaced, **opts)
    except UsageError as exc:
        raise _err(wf.path, str(exc), "map") from exc
    png_path = (wf.path.parent / png).resolve() if png else None
    save_map(fmap, staged(wf.outputs["html"]), offline=offline, png=staged(png_path) if png_path else None)
    written["html"] = wf.outputs["html"]
    if png_path:
        written["png"] = png_path
    if printed:
        from geomap.rendering.output import inline_assets, map_html, write_pictures

        still = render(events, unplaced=unplaced, print_layout=True, inset=printed["inset"], **opts)
        pictures = {k: staged(printed[k]) for k in ("png", "pdf") if k in printed}
        write_pictures(still, inline_assets(map_html(still, offline=True)), **pictures,
                       size=printed["size"], scale=printed["scale"])  # fmt: skip
        written.update({f"print_{k}": printed[k] for k in ("png", "pdf") if k in printed})
    return written


def unplaced_path(wf: Workflow) -> Path:
    """Where the unplaced report goes: as named, else beside the first output."""
    if "unplaced" in wf.outputs:
        return wf.outputs["unplaced"]
    first = next(iter(wf.outputs.values()))
    return first.with_name(f"{first.stem}.unplaced.csv")
