"""Geoparsing and event reading on Dask give exactly what one process gives, in input order."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from geomap import parallel, readers
from geomap.errors import InputError
from geomap.geoparse import geoparse_documents
from geomap.geoparse.batch import run_batch

distributed = pytest.importorskip("distributed")

DOCS = "parallel/docs.jsonl"
EVENTS = "parallel/events_mixed.csv"


@pytest.fixture(scope="module")
def scheduler(gz):  # gz: the index exists before the workers start, so they only open it
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    ) as cluster:
        yield cluster.scheduler_address


def boom(rows, **where):
    """A partition function that always fails (stands in for a worker that keeps dying)."""
    raise MemoryError("worker ran out of memory")


def test_geoparse_file_on_dask_is_byte_identical(fixtures, tmp_path, scheduler):
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    expected = run_batch(fixtures / DOCS, one)
    failed_ids = []
    got = parallel.geoparse_file(
        fixtures / DOCS,
        many,
        on_error=lambda line: failed_ids.append(line["doc_id"]),
        engine="dask",
        scheduler=scheduler,
        partition_size=4,
    )
    assert got == expected == (27, 2)
    assert many.read_bytes() == one.read_bytes()
    assert failed_ids == ["line 7", "no-text"]
    local = tmp_path / "local.jsonl"
    assert parallel.geoparse_file(fixtures / DOCS, local, engine="local") == expected
    assert local.read_bytes() == one.read_bytes()


def test_geoparse_documents_keeps_order_and_applies_the_hint(fixtures, scheduler):
    docs = [json.loads(line) for line in (fixtures / DOCS).read_text().splitlines() if line.startswith('{"')]
    out = list(
        parallel.geoparse_documents(
            docs, country_hint="SY", engine="dask", scheduler=scheduler, partition_size=3
        )
    )
    assert [o["doc_id"] for o in out] == [d["doc_id"] for d in docs]
    local = list(geoparse_documents(docs, country_hint="SY"))
    assert out == local
    sweida = out[0]["toponyms"][0]
    assert (sweida["text"], sweida["country_code"]) == ("Sweida", "SY")


def test_read_events_on_dask_equals_one_process(fixtures, scheduler):
    expected = readers.read_events(fixtures / EVENTS)
    got = parallel.read_events(fixtures / EVENTS, engine="dask", scheduler=scheduler, partition_size=7)
    pd.testing.assert_frame_equal(got.events, expected.events)
    pd.testing.assert_frame_equal(got.unplaced, expected.unplaced)
    assert got.issues == expected.issues
    assert len(got.events) + len(got.unplaced) == 60
    assert list(got.events.columns[-3:]) == ["reporter", "tags", "geometry"]  # input order, as one process


def test_read_events_several_files(fixtures, scheduler, tmp_path):
    head = tmp_path / "head.csv"
    head.write_text("\n".join((fixtures / EVENTS).read_text().splitlines()[:12]) + "\n")
    paths = [fixtures / EVENTS, head]
    expected = readers.read_events(paths)
    got = parallel.read_events(paths, engine="dask", scheduler=scheduler, partition_size=9)
    pd.testing.assert_frame_equal(got.events, expected.events)
    pd.testing.assert_frame_equal(got.unplaced, expected.unplaced)


def test_failed_event_partition_lists_its_rows_as_unplaced(fixtures, scheduler, monkeypatch):
    monkeypatch.setattr(parallel, "_events_block", boom)
    got = parallel.read_events(
        fixtures / EVENTS, engine="dask", scheduler=scheduler, partition_size=25, retries=1
    )
    assert len(got.events) == 0
    assert got.unplaced["source_row"].tolist() == list(range(2, 62))  # spreadsheet rows, header is 1
    assert got.unplaced["reason"].str.contains("MemoryError: worker ran out of memory").all()
    assert got.unplaced["reason"].iloc[-1].startswith("partition 2 (items 51-60) failed after 2 attempt(s)")


def test_bad_table_is_an_input_error_not_a_partition_failure(tmp_path, scheduler):
    bad = tmp_path / "bad.csv"
    bad.write_text("alpha,beta\n1,2\n3,4\n")
    with pytest.raises(InputError, match="no column says where"):
        parallel.read_events(bad, engine="dask", scheduler=scheduler, retries=0)
    with pytest.raises(InputError, match="no input files"):
        parallel.read_events([], engine="dask", scheduler=scheduler)


def test_geoparse_and_events_commands_on_dask_match_one_process(fixtures, tmp_path, scheduler):
    from geomap.cli import main

    for name, local_args, out in [
        ("geoparse", ["--input", str(fixtures / DOCS)], "m.jsonl"),
        ("events", [str(fixtures / EVENTS)], "e.geojson"),
    ]:
        one, two = tmp_path / f"one-{out}", tmp_path / f"two-{out}"
        code_one = main([name, *local_args, "--output" if name == "geoparse" else "-o", str(one)])
        code_two = main(
            [name, *local_args, "--output" if name == "geoparse" else "-o", str(two)]
            + ["--engine", "dask", "--scheduler", scheduler]
        )
        assert code_one == code_two
        assert one.read_bytes() == two.read_bytes(), name


def test_place_files_reach_the_workers(tmp_path, scheduler):
    from geomap.cli import main

    places = tmp_path / "places.csv"
    places.write_text(
        "name,aliases,lat,lon,country,kind\nHarir Junction,,32.9,36.3,SY,other\n", encoding="utf-8"
    )
    table = tmp_path / "rows.csv"
    table.write_text("event_date,location,event_type\n2025-07-22,Harir Junction,Battles\n", encoding="utf-8")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps({"doc_id": "a", "text": "Troops held Harir Junction overnight."}) + "\n")
    for argv, out in [
        (["events", str(table), "-o"], "e.geojson"),
        (["geoparse", "--input", str(docs), "--output"], "m.jsonl"),
    ]:
        outputs = []
        for engine in (["--engine", "local"], ["--engine", "dask", "--scheduler", scheduler]):
            target = tmp_path / f"{engine[1]}-{out}"
            assert main([*argv, str(target), "--places", str(places), *engine, "-q"]) == 0
            outputs.append(target.read_text(encoding="utf-8"))
        assert outputs[0] == outputs[1] and "32.9" in outputs[0], argv[0]
