"""The reporting workflow: config checking, and the Sweida example end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from geomap.cli import main
from geomap.errors import InputError
from geomap.workflow import load_workflow, run_workflow

EXAMPLE = Path(__file__).resolve().parents[1] / "scripts" / "sweida"


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "events.csv").write_text("event_date,latitude,longitude,event_type\n", encoding="utf-8")
    wf = tmp_path / "wf.toml"
    wf.write_text(text, encoding="utf-8")
    return wf


def test_relative_paths_resolve_against_the_workflow_file(tmp_path):
    wf = _write(tmp_path, '[inputs]\nevents = ["events.csv"]\n[outputs]\ngeojson = "out/e.geojson"\n')
    parsed = load_workflow(wf)
    assert parsed.events == ((tmp_path / "events.csv").resolve(),)
    assert parsed.outputs["geojson"] == (tmp_path / "out" / "e.geojson").resolve()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[inputs]\nevents = ["events.csv"]\n[output]\ngeojson = "x"\n', "unknown section [output]"),
        (
            '[inputs]\nevents = ["events.csv"]\ncolour = 1\n[outputs]\ngeojson = "x"\n',
            "unknown keys ['colour']",
        ),
        ('[inputs]\nevents = ["missing.csv"]\n[outputs]\ngeojson = "x"\n', "file not found"),
        ('[inputs]\nevents = ["events.csv"]\n', "names no outputs"),
        ('[outputs]\ngeojson = "x"\n', "no articles and no event tables"),
        ("[inputs\n", "not valid TOML"),
        (
            '[inputs]\nevents = ["events.csv"]\n[gazetteer]\nonline = 3\n[outputs]\ngeojson = "x"\n',
            "geopy geocoder",
        ),
    ],
)
def test_bad_workflows_name_the_problem(tmp_path, text, needle):
    with pytest.raises(InputError) as info:
        load_workflow(_write(tmp_path, text))
    assert needle in str(info.value)
    assert str(tmp_path / "wf.toml") in str(info.value)


def test_bad_workflow_exits_2_with_one_line(tmp_path, capsys):
    code = main(["run", str(_write(tmp_path, "[inputs\n"))])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("geomap: error: ") and err.count("\n") == 1


@pytest.fixture(scope="module")
def example_run(tmp_path_factory):
    """Run a copy of the example workflow twice into two folders."""
    runs = []
    for n in (1, 2):
        root = tmp_path_factory.mktemp(f"run{n}")
        shutil.copytree(EXAMPLE, root / "scripts" / "sweida")
        result = run_workflow(root / "scripts" / "sweida" / "workflow.toml")
        runs.append((root, result))
    return runs


def _near(feature: dict, lat: float, lon: float, tol: float = 0.05) -> bool:
    """Whether a feature's geometry passes within ``tol`` degrees of (lat, lon)."""
    from shapely.geometry import Point, shape

    return shape(feature["geometry"]).distance(Point(lon, lat)) < tol


def test_example_places_the_four_places(example_run):
    root, result = example_run[0]
    path = root / "outputs" / "sweida.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    feats = data["features"]
    assert data["type"] == "FeatureCollection" and len(feats) == len(result.events) >= 6
    for lat, lon in [(32.709, 36.570), (32.842, 36.340), (33.51, 36.29), (39.92, 32.85)]:
        assert any(_near(f, lat, lon) for f in feats), (lat, lon)
    html = (root / "outputs" / "sweida.html").read_text(encoding="utf-8")
    assert "Busra al-Harir" in html


def test_example_outputs_are_byte_identical(example_run):
    (a, _), (b, _) = example_run
    for name in ("sweida.geojson", "sweida.html"):
        assert (a / "outputs" / name).read_bytes() == (b / "outputs" / name).read_bytes(), name
