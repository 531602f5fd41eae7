"""Extraction building blocks, without the gazetteer: sentences, dates, actors, triggers, place cues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.extract import ActorList
from geomap.extract.classify import classify_verb, find_triggers
from geomap.extract.counts import fatalities
from geomap.extract.cues import read_cues
from geomap.extract.dates import find_dates, parse_article_date
from geomap.extract.place import choose_place
from geomap.extract.sentences import split_sentences
from geomap.model import EVENT_TYPES

WEDNESDAY = dt.date(2025, 7, 23)


# -- sentences -----------------------------------------------------------------------------------


def test_sentences_keep_offsets_and_skip_abbreviations():
    text = (
        "Gen. Saleh met U.S. envoys in Amman on Jan. 5. Talks failed!\n\n"
        'The U.S. The envoy, Tom B. Reed, left at 5 p.m. Monday. He said "no." Then he went home.'
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Gen. Saleh met U.S. envoys in Amman on Jan. 5.",
        "Talks failed!",
        "The U.S.",
        "The envoy, Tom B. Reed, left at 5 p.m. Monday.",
        'He said "no."',
        "Then he went home.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1, 1, 1]


def test_single_line_breaks_do_not_split_sentences():
    sentences = split_sentences("Fighting broke out\nin the city on Monday.\nIt stopped.")
    assert [s.text for s in sentences] == ["Fighting broke out\nin the city on Monday.", "It stopped."]


def test_windows_line_endings_split_paragraphs():
    sentences = split_sentences("Title line\r\n\r\nFirst. Second one.\r\nStill second.")
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("Title line", 0),
        ("First.", 1),
        ("Second one.", 1),
        ("Still second.", 1),
    ]


@given(st.text(alphabet=st.sampled_from(list('ab .!?\n"U.S.Gen')), max_size=80))
def test_sentences_are_ordered_non_overlapping_spans_of_the_text(text):
    sentences = split_sentences(text)
    assert all(text[s.start : s.end] == s.text and s.text.strip() == s.text for s in sentences)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))
    assert "".join("".join(s.text for s in sentences).split()) == "".join(text.split()), "no text is lost"


@given(st.text(max_size=60), st.dates())
def test_find_dates_never_fails_and_stays_in_the_text(text, ref):
    for d in find_dates(text, ref):
        assert text[d.start : d.end] == d.text and d.precision in (1, 2, 3)


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "start", "end", "precision"),
    [
        ("on Tuesday", "2025-07-22", None, 1),
        ("on Wednesday", "2025-07-23", None, 1),
        ("last Wednesday", "2025-07-16", None, 1),
        ("yesterday", "2025-07-22", None, 1),
        ("on July 19", "2025-07-19", None, 1),
        ("19 July 2024", "2024-07-19", None, 1),
        ("last week", "2025-07-14", "2025-07-20", 2),
        ("earlier this week", "2025-07-21", "2025-07-22", 2),
        ("over the past two weeks", "2025-07-09", "2025-07-23", 3),
        ("last month", "2025-06-01", "2025-06-30", 3),
        ("in December", "2024-12-01", "2024-12-31", 3),
        ("three days ago", "2025-07-20", None, 1),
    ],
)
def test_dates_resolve_against_the_article_date(phrase, start, end, precision):
    (found,) = find_dates(f"Clashes were reported {phrase}.", WEDNESDAY)
    assert found.date.isoformat() == start
    assert (found.date_end.isoformat() if found.date_end else None) == end
    assert found.precision == precision
    assert phrase.endswith(found.text)


def test_a_date_late_in_the_year_before_an_early_article_is_last_year():
    (found,) = find_dates("Fighting began on December 30.", dt.date(2025, 1, 4))
    assert found.date == dt.date(2024, 12, 30)


def test_relative_dates_without_article_date_stay_unresolved():
    (found,) = find_dates("Shelling resumed on Sunday.", None)
    assert found.date is None
    assert find_dates("Nothing on February 30.", WEDNESDAY) == []


def test_bad_article_date_is_reported():
    with pytest.raises(ValueError, match="2025-13-01"):
        parse_article_date("2025-13-01")


# -- actors --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def actors() -> ActorList:
    return ActorList.default()


def test_curated_actors_with_inter_codes(actors):
    found = actors.find(
        "Bedouin tribal fighters clashed with Druze militias while Israeli jets struck.", "SY"
    )
    assert [(a.name, a.inter) for a in found] == [
        ("Bedouin Tribal Militia (Syria)", 4),
        ("Druze Ethnic Militia (Syria)", 4),
        ("Military Forces of Israel", 1),
    ]
    assert found[2].inter_at("SY") == 8, "state forces abroad are external forces"
    assert found[2].inter_at("IL") == 1


@pytest.mark.parametrize(
    ("text", "name", "inter"),
    [
        ("The RSF shelled the camp.", "Rapid Support Forces", 2),
        ("The Sudanese Armed Forces advanced.", "Military Forces of Sudan (2019-)", 1),
        ("Islamic State fighters attacked.", "Islamic State", 2),
        ("Hezbollah fired rockets.", "Hezbollah", 3),
        ("The IDF said", "Military Forces of Israel", 1),
        ("Ukrainian drones hit a depot.", "Military Forces of Ukraine (2019-)", 1),
        ("Russian troops withdrew.", "Military Forces of Russia (2000-)", 1),
        ("SDF units moved in.", "Syrian Democratic Forces", 2),
        ("Hamas said", "Hamas", 2),
    ],
)
def test_named_actors(actors, text, name, inter):
    assert (actors.find(text)[0].name, actors.find(text)[0].inter) == (name, inter)


def test_generic_actors_take_the_demonym_or_the_country(actors):
    found = actors.find("Turkish troops and government forces arrested protesters.", "SY")
    assert [a.name for a in found] == [
        "Military Forces of Turkey",
        "Military Forces of Syria",
        "Protesters (Syria)",
    ]
    assert [a.name for a in actors.find("Police arrested protesters.")] == ["Police Forces", "Protesters"]


def test_country_names_that_take_the_article_and_demonyms_of_any_country(actors):
    found = actors.find("Filipino troops clashed with Abu Sayyaf fighters and NPA rebels.", "PH")
    assert [a.name for a in found] == [
        "Military Forces of the Philippines",
        "Abu Sayyaf Group",
        "NPA: New People's Army",
    ]
    assert [a.name for a in actors.find("Police arrested protesters.", "PH")] == [
        "Police Forces of the Philippines",
        "Protesters (Philippines)",
    ]
    # a demonym the curated list lacks comes from the gazetteer's country table
    assert actors.find("Thai soldiers were deployed.")[0].name == "Military Forces of Thailand"


def test_unknown_armed_groups_are_kept_as_written(actors):
    found = actors.find("Fighters of the Free Syrian Army and Jaysh al-Islam rebels clashed.")
    assert [(a.name, a.inter) for a in found] == [("Free Syrian Army", None), ("Jaysh al-Islam rebels", None)]


def test_lower_case_words_do_not_match_acronyms(actors):
    assert actors.find("It is what it is.") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("israeli strikes on nabatieh killed three", ["Military Forces of Israel"]),
        ("ISRAELI STRIKES ON NABATIEH KILL THREE", ["Military Forces of Israel"]),
        ("rsf fighters attacked civilians in el fasher", ["Rapid Support Forces", "Civilians (Sudan)"]),
        ("AFTER TURKISH DRONES HIT TARGETS NEAR AMUDA", ["Military Forces of Turkey"]),
    ],
)
def test_actors_in_text_whose_case_says_nothing(actors, text, names):
    assert [a.name for a in actors.find(text, "SD")] == names


def test_caseless_text_keeps_two_letter_acronyms_out(actors):
    # "us" and "aa" are words in lower-case text, not the United States or the Arakan Army
    assert actors.find("let us know if aa batteries reach them in the camp tonight") == []


def test_user_actor_files_extend_and_override(tmp_path):
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("name,inter,aliases,country\nSuwayda Military Council,3,SMC|Military Council,SY\n")
    toml_file = tmp_path / "mine.toml"
    toml_file.write_text(
        '[[actor]]\nname = "Druze Militia (own coding)"\ninter = 4\naliases = ["Druze militias"]\n'
    )
    mine = ActorList.load(csv_file, toml_file)
    found = mine.find("The SMC and Druze militias repelled Bedouin fighters.")
    assert [(a.name, a.inter) for a in found] == [
        ("Suwayda Military Council", 3),
        ("Druze Militia (own coding)", 4),
        ("Bedouin Tribal Militia (Syria)", 4),
    ]


def test_bad_actor_file_names_file_row_and_field(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,inter,aliases\nSome Group,9,\n")
    with pytest.raises(InputError) as err:
        ActorList.load(bad)
    assert (err.value.file, err.value.row, err.value.field) == (str(bad), 2, "inter")


# -- event triggers ------------------------------------------------------------------------------


def _kinds(sentence: str) -> list[tuple[str, str]]:
    return [(t.sub_event_type, t.context or "") for t in find_triggers(sentence)]


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        ("Bedouin and Druze fighters clashed near the city.", "Armed clash"),
        ("Israeli aircraft bombed a convoy.", "Air/drone strike"),
        ("A drone strike killed two men.", "Air/drone strike"),
        ("Artillery shelled the old town overnight.", "Shelling/artillery/missile attack"),
        ("A roadside bomb exploded near the market.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at the gate.", "Suicide bomb"),
        ("Gunmen abducted three aid workers.", "Abduction/forced disappearance"),
        ("Militiamen looted the hospital.", "Looting/property destruction"),
        ("Police arrested the mayor.", "Arrests"),
        ("Hundreds protested outside parliament.", "Peaceful protest"),
        ("Police fired tear gas at protesters.", "Protest with intervention"),
        ("Troops opened fire on protesters, killing four.", "Excessive force against protesters"),
        ("Rioters torched cars.", "Violent demonstration"),
        ("A mob lynched a suspect.", "Mob violence"),
        ("The two sides agreed to a truce.", "Agreement"),
        ("The army recaptured the town.", "Government regains territory"),
        ("The government asked Jordan for medical aid.", "Other"),
        ("The army deployed two brigades.", "Change to group/activity"),
        ("Troops withdrew from the base.", "Change to group/activity"),
    ],
)
def test_event_kinds(sentence, sub):
    assert (sub, "") in _kinds(sentence)


def test_every_rule_uses_the_acled_taxonomy():
    from geomap.extract.classify import _RULES

    assert len(_RULES) > 20
    for event_type, sub, _, _ in _RULES:
        assert sub == "?" or sub in EVENT_TYPES[event_type], (event_type, sub)


def test_several_events_in_one_sentence():
    kinds = _kinds("Rebels shelled the airport while police arrested ten looters.")
    assert [k for k, _ in kinds] == [
        "Shelling/artillery/missile attack",
        "Arrests",
        "Looting/property destruction",
    ]


def test_deaths_in_a_clash_are_not_a_second_event():
    assert _kinds("At least 22 fighters were killed in the clashes.") == [("Armed clash", "")]
    assert _kinds("Gunmen killed a farmer and his son.") == [("Attack", "")]


def test_background_and_hypothetical_reports_are_context():
    kinds = dict(_kinds("The deal could include establishing military bases after weeks of fighting."))
    assert kinds["Headquarters or base established"].startswith("hypothetical")
    assert kinds["Armed clash"].startswith("hypothetical")


def test_a_convoy_that_is_only_a_target_is_not_a_movement():
    assert [k for k, _ in _kinds("Jets struck convoys of government forces.")] == ["Air/drone strike"]


def test_classify_a_given_verb():
    t = classify_verb("A farmer was shot dead in his field.", 13, 17)
    assert (t.event_type, t.sub_event_type) == ("Violence against civilians", "Attack")


# -- the event's own place -----------------------------------------------------------------------


@dataclass
class M:
    start: int
    end: int
    text: str
    kind: str | None = "city"


def mentions(text: str, *names: str, kinds: dict[str, str] | None = None) -> list[M]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append(M(start, start + len(name), name, (kinds or {}).get(name, "city")))
        pos = start + len(name)
    return sorted(out, key=lambda m: m.start)


def choose(text: str, trigger: str, *names: str, movement: bool = False, kinds=None):
    ms = mentions(text, *names, kinds=kinds)
    cues = read_cues(text, 0, len(text), ms)
    at = text.index(trigger)
    return choose_place(text, (at, at + len(trigger)), ms, cues, movement=movement), dict(
        zip([m.text for m in ms], [c.role for c in cues], strict=True)
    )


def test_the_place_where_it_happened_not_the_speaker():
    text = "Officials in Ankara said clashes erupted in Sweida."
    choice, roles = choose(text, "clashes", "Ankara", "Sweida")
    assert [m.text for m, _ in choice.places] == ["Sweida"]
    assert roles == {"Ankara": "speaker", "Sweida": "locative"}


def test_dateline_broker_party_and_addressee_are_context():
    text = "BEIRUT -- A truce between Israel and Lebanon, brokered by France, held as Lebanon asked Egypt for aid."
    kinds = {"Israel": "country", "Lebanon": "country", "France": "country", "Egypt": "country"}
    ms = mentions(text, "BEIRUT", "Israel", "Lebanon", "France", "Egypt", kinds=kinds)
    roles = [c.role for c in read_cues(text, 0, len(text), ms)]
    assert roles == ["dateline", "party", "party", "broker", "addressee"]
    choice, _ = choose(text, "truce", "BEIRUT", "Israel", "Lebanon", "France", "Egypt", kinds=kinds)
    assert not choice.placed and len(choice.context) == 5


def test_country_as_subject_is_an_actor():
    _, roles = choose("Israel justified the strikes.", "strikes", "Israel", kinds={"Israel": "country"})
    assert roles == {"Israel": "actor"}


def test_coordinated_places_give_one_event_each():
    text = "Jets carried out strikes on convoys in Sweida and on the ministry in central Damascus."
    choice, _ = choose(text, "strikes", "Sweida", "Damascus")
    assert [m.text for m, _ in choice.places] == ["Sweida", "Damascus"]


def test_province_is_an_area_with_precision_3_and_near_is_2():
    text = "Fighting raged in Sweida province and near Daraa."
    choice, _ = choose(text, "Fighting", "Sweida", "Daraa")
    (m, cue), *_ = choice.places
    assert (m.text, cue.area, cue.precision) == ("Sweida", True, 3)
    cues = read_cues(text, 0, len(text), mentions(text, "Sweida", "Daraa"))
    assert cues[1].precision == 2


def test_the_specific_place_wins_over_its_container():
    text = "A car bomb exploded in the West Bank town of Jenin, Palestinian Territory."
    choice, _ = choose(text, "car bomb", "West Bank", "Jenin", "Palestinian Territory",
                       kinds={"West Bank": "other", "Palestinian Territory": "country"})  # fmt: skip
    assert [m.text for m, _ in choice.places] == ["Jenin"]


def test_movement_from_origin_to_destination():
    text = "A convoy was stopped at a checkpoint in Busra al-Harir on its way to Sweida."
    choice, roles = choose(text, "convoy", "Busra al-Harir", "Sweida", movement=True)
    assert roles == {"Busra al-Harir": "locative", "Sweida": "destination"}
    assert (choice.origin[0].text, choice.destination[0].text) == ("Busra al-Harir", "Sweida")


def test_no_location_when_the_places_are_elsewhere_in_the_sentence():
    choice, roles = choose("Protesters in Paris condemned the killing of a reporter.", "killing", "Paris")
    assert not choice.placed and roles == {"Paris": "speaker"}
    text = "The ministry, which has offices in Paris, said two soldiers were killed."
    choice, _ = choose(text, "killed", "Paris")
    assert not choice.placed


@pytest.mark.parametrize(
    ("sentence", "deaths"),
    [
        ("Shelling hit a bus, killing 8 people.", 8),
        ("At least 22 fighters were killed in the clashes.", 22),
        ("Five civilians died when the roof collapsed.", 5),
        ("The death toll rose to 1,203.", 1203),
        ("Dozens were wounded.", None),
    ],
)
def test_fatalities(sentence, deaths):
    assert fatalities(sentence) == deaths


# -- issue 13: vocabulary, codebook distinctions, roles, periods, dates ---------------------------


@pytest.mark.parametrize(
    ("sentence", "event_type", "sub"),
    [
        (
            "Regime helicopters dropped barrel bombs on the town.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        ("Jihadists besieged the town for a week.", "Strategic developments", "Other"),
        (
            "Settlers set fire to homes in the village.",
            "Strategic developments",
            "Looting/property destruction",
        ),
        ("Settlers uprooted 200 olive seedlings.", "Strategic developments", "Looting/property destruction"),
        (
            "RSF fighters seized a vehicle belonging to an NGO.",
            "Strategic developments",
            "Looting/property destruction",
        ),
        ("Bulldozers demolished three homes.", "Strategic developments", "Looting/property destruction"),
        ("Gunmen kidnapped a priest.", "Violence against civilians", "Abduction/forced disappearance"),
        ("Militants ambushed an army convoy, killing five soldiers.", "Battles", "Armed clash"),
        ("Troops stormed the village, killing four civilians.", "Violence against civilians", "Attack"),
        ("Gunmen robbed a bank, killing two employees.", "Violence against civilians", "Attack"),
        ("Five soldiers were killed near the border.", "Battles", "Armed clash"),
        ("Demonstrators burned the police station.", "Riots", "Violent demonstration"),
        ("Protesters threw stones at police.", "Riots", "Violent demonstration"),
        (
            "Security forces opened fire on protesters, killing two.",
            "Protests",
            "Excessive force against protesters",
        ),
        (
            "Air defences intercepted two drones over the city.",
            "Strategic developments",
            "Disrupted weapons use",
        ),
        ("Police defused a roadside bomb.", "Strategic developments", "Disrupted weapons use"),
        ("Thousands were displaced by the fighting.", "Strategic developments", "Other"),
        ("Police cracked down on opposition supporters.", "Strategic developments", "Arrests"),
        ("A general strike on Monday shut the city.", "Protests", "Peaceful protest"),
        (
            "The rebels handed over control of the town without a fight.",
            "Strategic developments",
            "Non-violent transfer of territory",
        ),
    ],
)
def test_wider_vocabulary_and_codebook_types(sentence, event_type, sub):
    assert (event_type, sub) in [(t.event_type, t.sub_event_type) for t in find_triggers(sentence)]


@pytest.mark.parametrize(
    ("headline", "event_type", "sub"),
    [
        ("Rebels capture two army camps in the south", "Battles", "Non-state actor overtakes territory"),
        ("Rebels torch houses in Samar", "Strategic developments", "Looting/property destruction"),
        ("Militants overrun army outpost", "Battles", "Non-state actor overtakes territory"),
        ("Gunmen storm police station in Jolo", "Battles", "Armed clash"),
        ("Militants behead two hostages", "Violence against civilians", "Attack"),
        ("Slaying of village chief condemned", "Violence against civilians", "Attack"),
        ("Army liberates the town after a week of fighting", "Battles", "Government regains territory"),
        ("Settlers raze Bedouin homes", "Strategic developments", "Looting/property destruction"),
    ],
)
def test_headline_verb_forms(headline, event_type, sub):
    assert (event_type, sub) in [(t.event_type, t.sub_event_type) for t in find_triggers(headline)]


@pytest.mark.parametrize(
    "sentence",
    [
        "A storm hit Samar overnight.",
        "Three people were killed by floods in the north.",
        "Typhoon Haiyan killed thousands.",
        "Storms battered the coast.",
    ],
)
def test_natural_hazards_are_no_conflict_event(sentence):
    assert find_triggers(sentence) == []


def test_harm_beside_a_storm_is_still_an_event():
    (t,) = find_triggers("Gunmen killed three farmers after the storm.")
    assert t.event_type == "Violence against civilians"


def test_a_raid_framing_an_arrest_is_one_event():
    assert [t.sub_event_type for t in find_triggers("Soldiers raided the camp and arrested three men.")] == [
        "Arrests"
    ]
    assert [t.sub_event_type for t in find_triggers("Soldiers raided Balata camp near Nablus.")] == ["Other"]


def test_may_the_month_is_not_a_hypothetical():
    (t,) = find_triggers("On 9 May forces shelled the town.")
    assert t.context is None


def test_overnight_and_ranges():
    (night,) = find_dates("Drones struck overnight.", WEDNESDAY)
    assert (night.date, night.date_end, night.precision) == (dt.date(2025, 7, 22), WEDNESDAY, 1)
    (span,) = find_dates("Between 3 and 5 May 2020, clashes continued.", WEDNESDAY)
    assert (span.date, span.date_end, span.precision) == (dt.date(2020, 5, 3), dt.date(2020, 5, 5), 2)
    (month,) = find_dates("From 28 June to 29 July fighting raged.", WEDNESDAY)
    assert month.precision == 3
    (coder,) = find_dates("On 9 May 2020, Military Forces of Syria shelled Kafr Nabl.", WEDNESDAY)
    assert (coder.date, coder.precision) == (dt.date(2020, 5, 9), 1)


def test_state_forces_carry_the_period_of_the_event_date(actors):
    (before,) = actors.find("Junta troops advanced.", "MM", dt.date(2019, 3, 1))
    (after,) = actors.find("Junta troops advanced.", "MM", dt.date(2023, 3, 1))
    assert (before.name, after.name) == (
        "Military Forces of Myanmar (2016-2021)",
        "Military Forces of Myanmar (2021-)",
    )
    mali, *_ = actors.find("The junta deployed troops.", "ML", dt.date(2023, 3, 1))
    assert mali.name == "Military Forces of Mali (2021-)"


def test_acled_country_names_and_groups(actors):
    assert actors.country_name("PS") == "Palestine" and actors.country_name("SY") == "Syria"
    assert [g.name for g in actors.groups("gunmen abducted two aid workers", "SD")] == ["Aid Workers (Sudan)"]


def test_actor_files_take_inter_labels(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("name,inter,aliases\nKata'ib Example,Political militia,KE-group\n", encoding="utf-8")
    (found,) = ActorList.load(mine, include_default=False).find("KE-group fighters struck.")
    assert found.inter == 3
    bad = tmp_path / "bad.toml"
    bad.write_text('[[actor]]\nname = "X"\ninter = "Soldiers"\naliases = ["X"]\n', encoding="utf-8")
    with pytest.raises(InputError, match="inter"):
        ActorList.load(bad)
