"""extract_events and ``geomap extract`` on example articles written for geomap (offline gazetteer)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geomap.cli import main
from geomap.extract import extract_events
from geomap.model import COLUMNS

ARTICLES = Path(__file__).parent / "fixtures" / "extract" / "articles"


def _spec(name: str) -> dict:
    return json.loads((ARTICLES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extracted(gz) -> dict:
    out = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        spec = _spec(path.stem)
        out[path.stem] = extract_events(
            path.read_text(encoding="utf-8"),
            date=spec["date"],
            source="https://news.example/story",
            gazetteer=gz,
            country_hint=spec["country"],
        )
    return out


def _rows(events, sub: str, sentence: str):
    return events[(events["sub_event_type"] == sub) & events["notes"].str.contains(sentence, regex=False)]


def test_sweida_acceptance(extracted):
    ev = extracted["sweida"].events
    clash = _rows(ev, "Armed clash", "Bedouin tribal militias clashed")
    assert len(clash) == 1
    clash = clash.iloc[0]
    assert clash.geometry.geom_type in ("Polygon", "MultiPolygon") and clash.geo_precision == 3
    assert clash.iso == "SY" and clash.role == "event"
    assert {clash.actor1, clash.actor2} == {"Bedouin Tribal Militia (Syria)", "Druze Ethnic Militia (Syria)"}
    assert (clash.inter1, clash.inter2) == (4, 4)
    assert (clash.date, clash.date_end, clash.time_precision) == ("2025-07-14", "2025-07-20", 2)

    strikes = _rows(ev, "Air/drone strike", "Israeli jets carried out air strikes")
    assert set(strikes["location"]) == {"Sweida", "Damascus"}
    assert set(strikes["actor1"]) == {"Military Forces of Israel"}
    assert set(strikes["inter1"]) == {8}, "Israeli forces acting in Syria are external forces"
    assert (strikes.geometry.geom_type == "Point").all()

    ceasefire = _rows(ev, "Agreement", "ceasefire between Israel and Syria").iloc[0]
    assert (ceasefire.event_type, ceasefire.date, ceasefire.time_precision) == (
        "Strategic developments",
        "2025-07-19",
        1,
    )

    convoy = _rows(ev, "Change to group/activity", "convoy of buses").iloc[0]
    assert convoy.geometry.geom_type == "LineString"
    (x0, y0), (x1, y1) = convoy.geometry.coords
    assert x0 < x1 and y0 > y1, "from Busra al-Harir (north-west) to Sweida (south-east)"
    assert convoy.location == "Busra al-Harir to Sweida" and convoy.date == "2025-07-22"

    request = _rows(ev, "Other", "asked Turkey for help").iloc[0]
    assert (request.location, request.role, request.iso) == ("Ankara", "context", "TR")
    assert request.actor1 == "Government of Syria"
    assert "Ankara" not in set(ev.loc[ev["role"] == "event", "location"])


@pytest.mark.parametrize(
    ("article", "event"),
    [(a.stem, e) for a in sorted(ARTICLES.glob("*.json")) for e in _spec(a.stem)["events"]],
    ids=lambda v: v if isinstance(v, str) else v["sub_event_type"],
)
def test_expected_events_of_the_example_articles(extracted, article, event):
    ev = extracted[article].events
    rows = _rows(ev, event["sub_event_type"], event["sentence"])
    assert len(rows), f"no {event['sub_event_type']} for {event['sentence']!r}"
    if event["place"]:
        assert rows["location"].str.contains(event["place"], regex=False).any(), list(rows["location"])
    if "role" in event:
        assert event["role"] in set(rows["role"])
    if "geometry" in event:
        assert event["geometry"] in set(rows.geometry.geom_type)


def test_rows_follow_the_event_schema(extracted):
    ev = extracted["sudan"].events
    assert list(ev.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert ev.crs.to_epsg() == 4326
    assert ev["id"].is_unique and ev["id"].str.startswith("ev-").all()
    assert (
        ev["sources"]
        .map(lambda s: s == [{"name": "news.example", "url": "https://news.example/story"}])
        .all()
    )
    assert ev["role"].isin(["event", "context"]).all()
    assert ev["confidence"].between(0, 1).all() and ev["geonameid"].notna().all()
    looting = _rows(ev, "Looting/property destruction", "looted shops").iloc[0]
    assert looting.notes.startswith("PORT SUDAN, 10 March 2025 -- Rapid Support Forces fighters looted")
    assert (looting.actor1, looting.inter1, looting.date) == ("Rapid Support Forces", 2, "2025-03-09")
    attack = _rows(ev, "Attack", "Gunmen attacked villagers").iloc[0]
    assert (attack.fatalities, attack.geo_precision, attack.actor2) == (5, 2, "Civilians (Sudan)")


def test_headline_events_are_context_and_hypotheticals_too(extracted):
    ev = extracted["ukraine"].events
    assert set(_rows(ev, "Shelling/artillery/missile attack", "Night of drones")["role"]) == {"context"}
    assert (ev.loc[ev["notes"].str.contains("could launch"), "role"] == "context").all()


def test_same_input_gives_the_same_ids(gz):
    text = (ARTICLES / "ukraine.txt").read_text(encoding="utf-8")
    a = extract_events(text, date="2025-03-10", gazetteer=gz).events
    b = extract_events(text, date="2025-03-10", gazetteer=gz).events
    assert list(a["id"]) == list(b["id"])


def test_events_without_a_place_are_unplaced_with_a_reason(gz):
    result = extract_events(
        "Clashes erupted on Monday. Police arrested two men in Homs.", date="2025-07-23", gazetteer=gz
    )
    assert list(result.events["location"]) == ["Homs"]
    (row,) = result.unplaced.to_dict("records")
    assert (row["trigger"], row["reason"], row["date"]) == (
        "Clashes",
        "no place the gazetteer knows is named in its sentence or paragraph, and no dateline",
        "2025-07-21",
    )


def test_an_article_without_events_gives_empty_tables(gz):
    result = extract_events("The weather in Damascus was mild.", gazetteer=gz)
    assert result.events.empty and list(result.events.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert result.unplaced.empty


def test_bad_arguments():
    with pytest.raises(TypeError):
        extract_events(b"bytes")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        extract_events("text", date="23/07/2025")


# -- command line --------------------------------------------------------------------------------


def test_cli_writes_events_and_reports_unplaced(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text(
        "Fighting broke out near Homs on Monday.\n\nClashes erupted again on Tuesday.", encoding="utf-8"
    )
    out = tmp_path / "out" / "events.geojson"
    code = main(["extract", str(article), "--date", "2025-07-23", "--country", "SY", "--output", str(out)])
    assert code == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["location"] for f in data["features"]] == ["Homs"]
    report = pd.read_csv(tmp_path / "out" / "events.unplaced.csv")
    assert list(report["trigger"]) == ["Clashes"]
    printed = capsys.readouterr().out
    assert "1 events written" in printed and "could not be placed" in printed


def test_cli_all_placed_exits_0_and_removes_a_stale_report(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Police arrested ten protesters in Homs.", encoding="utf-8")
    stale = tmp_path / "e.unplaced.csv"
    stale.write_text("old\n")
    assert main(["extract", str(article), "-q", "-o", str(tmp_path / "e.geojson")]) == 0
    assert not stale.exists()


def test_cli_bad_input_exits_2(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Clashes in Homs.", encoding="utf-8")
    assert main(["extract", str(article), "--date", "yesterday", "-o", str(tmp_path / "e.geojson")]) == 2
    assert main(["extract", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "e.geojson")]) == 2
    assert main(["extract", str(article), "--country", "Syria", "-o", str(tmp_path / "e.geojson")]) == 2
    assert "error" in capsys.readouterr().err
    assert not (tmp_path / "e.geojson").exists()


def test_places_the_gazetteer_lacks_are_reported_by_name(gz):
    text = "Fighting erupted in the village of Tell Umm Zzyzx on Monday. Jets struck Kafr Zzyzxa village and Homs."
    result = extract_events(text, date="2025-07-23", gazetteer=gz)
    assert list(result.events["location"]) == ["Homs"]
    assert list(result.unplaced["location"]) == ["Tell Umm Zzyzx", "Kafr Zzyzxa"]
    assert result.unplaced["reason"].str.startswith("place not found in the gazetteer").all()


def test_cli_uses_the_users_actor_list(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "Fighters of the Suwayda Military Council clashed with Bedouin gunmen in Sweida.", encoding="utf-8"
    )
    actors = tmp_path / "actors.csv"
    actors.write_text("name,inter,aliases\nSuwayda Military Council,3,SMC\n", encoding="utf-8")
    out = tmp_path / "e.geojson"
    assert (
        main(["extract", str(article), "--country", "SY", "--actors", str(actors), "-q", "-o", str(out)]) == 0
    )
    (feature,) = json.loads(out.read_text(encoding="utf-8"))["features"]
    props = feature["properties"]
    assert (props["actor1"], props["inter1"], props["actor2"]) == (
        "Suwayda Military Council",
        3,
        "Bedouin Tribal Militia (Syria)",
    )


def test_the_date_of_the_trigger_not_of_its_background(gz):
    text = (
        "On July 16, Israeli jets struck Damascus. "
        "Syria asked Jordan for medical aid in Amman, following clashes over the past two weeks."
    )
    ev = extract_events(text, date="2025-07-23", gazetteer=gz).events
    strike = _rows(ev, "Air/drone strike", "Israeli jets").iloc[0]
    assert (strike.date, strike.time_precision) == ("2025-07-16", 1)
    request = _rows(ev, "Other", "medical aid").iloc[0]
    assert (request.date, request.time_precision) == ("2025-07-16", 2), (
        "the story's running date, not the background's"
    )


def test_titles_are_context_but_long_captions_are_reports(gz):
    text = (
        "Shelling Rocks Homs\n\n"
        "A convoy of buses arrives at a checkpoint in Busra al-Harir on its way to Sweida, as police close the "
        "roads into the province, Tuesday, July 22, 2025. (AP)\n\n"
        "Artillery shelled Homs on Monday."
    )
    ev = extract_events(text, date="2025-07-23", gazetteer=gz).events
    assert list(zip(ev["sub_event_type"], ev["role"], strict=True)) == [
        ("Shelling/artillery/missile attack", "context"),
        ("Change to group/activity", "event"),
        ("Shelling/artillery/missile attack", "event"),
    ]
