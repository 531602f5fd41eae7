"""The geoparser outside title-case newswire, with the real offline gazetteer: the examples of issue 12
(conflict reporting, common words, transliterated names, context, lower case, capitals, hashtags, peer
geoparsers' unit-test style) as sentences written for these tests, plus texts in other styles."""

from __future__ import annotations

import json

import numpy as np
import pytest

from geomap.geoparse import geoparse
from geomap.geoparse.recogniser import (
    FEATURES,
    MODEL_PATH,
    Model,
    caseless_tokens,
    default_model,
    fit_logistic,
    recase,
)
from geomap.geoparse.tokens import tokenize


def _found(text: str, gz, **kw) -> dict:
    return {m.text: m for m in geoparse(text, gz, **kw)}


def _all(text: str, gz, **kw) -> dict:
    return {m.text: m for m in geoparse(text, gz, keep_unresolved=True, **kw)}


# -- conflict places -------------------------------------------------------------------------------


def test_camp_near_a_west_bank_city_is_not_placed_in_saint_lucia(gz):
    found = _all("Soldiers raided Balata camp near Nablus before dawn, residents said.", gz)
    assert found["Nablus"].country_code == "PS"
    # the West Bank camp, or honestly unplaced with the namesakes abroad as candidates
    assert found["Balata"].country_code == "PS" or "outside the country frame (PS)" in found["Balata"].reason


def test_ukrainian_towns_in_old_spellings(gz):
    found = _all(
        "Missiles struck Kiev and Nikolaev overnight, and shelling continued near Artemovsk and Yenakiieve.",
        gz,
    )
    assert found["Kiev"].country_code == "UA" and found["Nikolaev"].country_code == "UA"
    assert found["Artemovsk"].country_code != "RU"  # a Russian namesake is outside the document's frame
    assert "Yenakiieve" in found  # spotted; placed or listed with the closest names


@pytest.mark.xfail(
    reason="Palmyra is an alternate name of Tadmur (51,000), set aside behind the exact US namesakes",
    strict=True,
)
def test_syrian_town_named_with_syrian_provinces_stays_in_syria(gz):
    found = _found("Government forces shelled Palmyra as fighting spread across Homs and Hama provinces.", gz)
    assert found["Palmyra"].country_code == "SY"


def test_country_hint_keeps_a_lebanese_tripoli(gz):
    assert (
        _found("Clashes in Tripoli left two dead overnight.", gz, country_hint="LB")["Tripoli"].country_code
        == "LB"
    )
    text = "Clashes in Tripoli left two dead, the Lebanese army said, while Beirut and Sidon stayed calm."
    assert _found(text, gz)["Tripoli"].country_code == "LB"


def test_names_outside_the_frame_are_listed_not_guessed(gz):
    found = _all("Fighting was reported in Ferguson and in Bani Walid.", gz, country_hint="SO")
    for name in ("Ferguson", "Bani Walid"):
        assert not found[name].resolved and "outside the country frame (SO)" in found[name].reason


# -- common words and particles ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, word",
    [
        ("Gang violence forced dozens of families to leave the district.", "Gang"),
        ("What To Do If Your Flight Is Cancelled", "Do"),
        ("Are you safe? Call the hotline.", "Are"),
        ("#Tornado warning issued for parts of the province tonight.", "Tornado"),
        ("See Table 4 for the casualty figures.", "Table"),
        ("The convoy was led by Al, a driver from the coast.", "Al"),
    ],
)
def test_common_words_and_particles_are_not_places(gz, text, word):
    assert word not in _found(text, gz)


def test_a_near_miss_spelling_resolves_inside_the_documents_country(gz):
    found = _all("Fighting continued in Ondurman and Khartoum Bahri overnight.", gz)
    assert (found["Ondurman"].location.name, found["Ondurman"].country_code) == ("Omdurman", "SD")
    assert found["Khartoum Bahri"].country_code == "SD"
    assert _all("Clashes were reported in Ondurman.", gz, country_hint="SD")["Ondurman"].country_code == "SD"


def test_a_loose_spelling_abroad_is_left_unplaced_with_its_candidates(gz):
    found = _all("She has moved back in with her sister in Khayelitsha.", gz)
    mention = found["Khayelitsha"]  # a Cape Town township the shipped data lacks, not Akhaltsikhe, Georgia
    assert mention.location is None
    assert "spelling variant" in mention.reason and mention.alternatives


def test_a_romanised_spelling_of_a_conflict_town_is_that_town_unnamed_country_or_not(gz):
    # where names are romanised many ways a variant is how the place is written (Khayelitsha: see above)
    found = _all("A car bomb went off in Qamishli and gunmen attacked a checkpoint in Dusamareeb.", gz)
    assert (found["Qamishli"].location.name, found["Qamishli"].country_code) == ("Al Qāmishlī", "SY")
    assert (found["Dusamareeb"].location.name, found["Dusamareeb"].country_code) == ("Dhuusamarreeb", "SO")


def test_a_name_the_text_quotes_as_a_speaker_is_a_person_throughout(gz):
    text = (
        "The clinic turned her away, said Noma. Noma works as a cleaner and walks two hours to the bus. "
        "Kenosha was her home before the floods, and Noma wants to go back."
    )
    found = _found(text, gz)
    assert "Noma" not in found  # a small US town elsewhere: here the woman the reporter quotes
    assert found["Kenosha"].country_code == "US"


def test_a_country_that_speaks_is_still_the_country(gz):
    found = _found("Britain says the ministry was involved. Britain accuses Moscow of lying.", gz)
    assert found["Britain"].country_code == "GB"


@pytest.mark.parametrize(
    "text",
    [
        "Talks over the wall along the US southern border stalled again.",
        "The pact covers Mexico, the US, and Canada.",
    ],
)
def test_us_initialism_is_not_the_particle_us(gz, text):
    assert _found(text, gz)["US"].country_code == "US"


def test_armed_group_named_after_a_region_is_not_that_region(gz):
    assert "Islamic State" not in _found("Islamic State fighters attacked a checkpoint.", gz)


# -- transliterated names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, cc",
    [
        ("Israeli tanks advanced towards Juhr ad Dik in central Gaza.", "Juhr ad Dik", "PS"),
        ("Airstrikes hit Deir ez-Zor and the outskirts of Tal Abyad.", "Deir ez-Zor", "SY"),
        ("Airstrikes hit Deir ez-Zor and the outskirts of Tal Abyad.", "Tal Abyad", "SY"),
        ("Protesters gathered again in Kafr Nabl on Friday.", "Kafr Nabl", "SY"),
        ("Turkish-backed factions entered Ras al-Ain last October.", "Ras al-Ain", "SY"),
        ("Militants attacked a checkpoint in Bir al-Abd in northern Sinai.", "Bir al-Abd", "EG"),
        ("Flooding cut the road to Wadi Halfa in northern Sudan.", "Wadi Halfa", "SD"),
    ],
)
def test_transliterated_names_are_kept_whole(gz, text, name, cc):
    found = _found(text, gz)
    assert found[name].country_code == cc
    assert not [t for t in found if t != name and t in name]  # no piece of it placed on its own


def test_unknown_name_before_a_settlement_word_is_kept_whole(gz):
    found = _all("Gunmen stormed Adan Yabaal town and Qoryooley village overnight.", gz, country_hint="SO")
    assert "Adan Yabaal" in found and "Adan" not in found
    assert found["Qoryooley"].country_code == "SO"


@pytest.mark.parametrize(
    "text, name, cc",
    [
        ("A roadside mine killed four in the Somali town of Bur Hakaba on Monday.", "Bur Hakaba", "SO"),
        ("Gunmen on camels attacked the Sudanese town of Kulbus at dawn.", "Kulbus", "SD"),
        ("Clashes resumed in the Syrian town of Sheikh Meskin.", "Sheikh Meskin", "SY"),
        ("the iraqi town of yusufiyah was hit by a car bomb", "yusufiyah", "IQ"),
        ("Settlers raided the Palestinian village of Huwara again.", "Huwara", "PS"),
    ],
)
def test_a_demonym_and_place_word_state_the_country(gz, text, name, cc):
    found = _found(text, gz)
    assert found[name].country_code == cc
    assert len(found) == 1  # the nationality word ("iraqi") is no place of its own


def test_a_stated_country_admits_that_country_inside_a_callers_frame(gz):
    found = _found("Israeli drones struck the Syrian town of Qusayr near the border.", gz, country_hint="LB")
    assert found["Qusayr"].country_code == "SY"



def test_a_name_not_in_its_stated_country_is_unplaced_with_the_reason_not_placed_elsewhere(gz):
    for hint in (None, "LB"):  # a Lebanese village the text calls Syrian: neither in Lebanon nor dropped
        found = _all("Shelling hit the Syrian village of Bint Jbeil near the border.", gz, country_hint=hint)
        assert not found["Bint Jbeil"].resolved
        assert "inside SY" in found["Bint Jbeil"].reason

@pytest.mark.parametrize(
    "text, name, cc",
    [
        ("In 1998 a car bomb tore through the Northern Irish town of Omagh.", "Omagh", "GB"),
        ("Fighting spread through the South Sudanese town of Malakal.", "Malakal", "SS"),
    ],
)
def test_a_compound_demonym_states_no_other_country(gz, text, name, cc):
    assert _found(text, gz)[name].country_code == cc


def test_the_town_of_keeps_a_name_whole_but_not_the_day_after_it(gz):
    found = _all(
        "Soldiers entered the strategic town of Taybat Al-Imam, then the suburb of Huddur Tuesday.", gz
    )
    assert found["Taybat Al-Imam"].country_code == "SY" and "Taybat" not in found and "Taybat Al" not in found
    assert "Huddur" in found and "Huddur Tuesday" not in found



def test_a_name_known_nowhere_is_looked_for_inside_the_documents_country(gz):
    text = "Gunmen in pickups staged an assault on Kulbus in West Darfur state and later on El Geneina."
    found = _found(text, gz)
    assert found["Kulbus"].country_code == "SD" and found["El Geneina"].country_code == "SD"

def test_a_piece_of_a_longer_name_is_not_a_place(gz):
    found = _all("The council met Sulayman Bak on Tuesday.", gz)
    assert "Bak" not in found


def test_bracketed_admin_areas_place_the_village(gz):
    found = _found("Regime forces clashed near Kafr Nabl (Idlib, Syria) on Monday.", gz)
    assert found["Kafr Nabl"].admin1 == "Idlib" and found["Syria"].kind == "country"


def test_a_village_the_brackets_put_in_an_area_that_lacks_it_stays_unplaced(gz):
    # the only Kondobei the data know is in Sudan; the coder's brackets say Gedo, Somalia
    found = _all("Al-Shabaab clashed with SNA troops near Kondobei (Gedo, Somalia).", gz)
    assert found["Kondobei"].lat is None and "Gedo" in found["Kondobei"].reason
    assert found["Gedo"].country_code == "SO"


def test_nigerian_local_government_areas(gz):
    found = _found(
        "Herders attacked Umemger village of Guma LGA and two villages of Agatu Local Government Area.", gz
    )
    assert found["Guma LGA"].kind == "admin2" and found["Guma LGA"].admin1 == "Benue State"
    assert found["Agatu Local Government Area"].kind == "admin2"


def test_an_areas_other_name_begun_with_its_direction(gz):
    found = _found("Drones struck a compound in North Waziristan; troops moved into South Waziristan.", gz)
    assert found["North Waziristan"].country_code == "PK" and found["South Waziristan"].kind == "admin2"


@pytest.mark.parametrize(
    "text", ["Floods cut roads across the Niger Delta.", "Villages of the Nile Delta flooded."]
)
def test_a_delta_is_no_country_and_no_state(gz, text):
    assert _found(text, gz) == {}  # neither Niger nor Nigeria's Delta State nor the River Nile state


# -- context ------------------------------------------------------------------------------------------


def test_containment_sentence_decides(gz):
    found = _found("Washington is located in north central Kansas, near the Nebraska line.", gz)
    assert found["Washington"].admin1 == "Kansas"


def test_us_state_in_a_us_weather_text(gz):
    text = (
        "Severe storms moved across central Georgia on Tuesday, the National Weather Service in Atlanta "
        "said, with damage reported in Macon and Warner Robins."
    )
    found = _found(text, gz)
    assert found["Georgia"].country_code == "US" and found["Georgia"].kind == "admin1"


@pytest.mark.parametrize(
    "text, name, admin1",
    [
        ("He grew up in Arlington, VA, and works in the District.", "Arlington", "Virginia"),
        ("Reston, Virginia, United States", "Reston", "Virginia"),
        ("Springfield, Illinois: the state fair opens on Friday.", "Springfield", "Illinois"),
    ],
)
def test_peer_style_town_with_its_state(gz, text, name, admin1):
    assert _found(text, gz)[name].admin1 == admin1


def test_oxford_in_a_british_text(gz):
    found = _found(
        "Students in Oxford and Cambridge protested against tuition fees, the BBC reported from London.", gz
    )
    assert found["Oxford"].country_code == "GB"


def test_regions_and_seas_are_places_of_their_own_kind(gz):
    found = _found(
        "Drought across the Sahel and piracy in the Gulf of Aden worry donors in the Middle East and the Americas.",
        gz,
    )
    for name in ("Sahel", "Gulf of Aden", "Middle East", "Americas"):
        assert found[name].country_code in (None, "")


# -- lower case, capitals, hashtags, tweets -------------------------------------------------------------


def test_lower_case_headline(gz):
    found = _found("lebanese army deploys in the south after israeli strikes on nabatieh and tyre", gz)
    assert found["nabatieh"].country_code == "LB" and found["tyre"].country_code == "LB"
    assert not {"lebanese", "south"} & set(found)


@pytest.mark.parametrize(
    "text, names",
    [
        ("heavy fighting in al-bab and al hasakah overnight", {"al-bab": "SY", "al hasakah": "SY"}),
        ("FIGHTING IN EL GENEINA AND AD DALI", {"EL GENEINA": "SD", "AD DALI": "YE"}),
        ("rsf fighters attacked civilians in el fasher", {"el fasher": "SD"}),
        ("clashes in as-suwayda and deir ez-zor", {"as-suwayda": "SY", "deir ez-zor": "SY"}),
    ],
)
def test_caseless_names_that_begin_with_the_article(gz, text, names):
    assert {k: m.country_code for k, m in _found(text, gz).items()} == names


@pytest.mark.parametrize(
    "text",
    ["TURKISH DRONES HIT TARGETS NEAR AMUDA AND DERIK", "turkish drones hit targets near amuda and derik"],
)
def test_caseless_headline_with_a_nationality_word(gz, text):
    # "turkish" may be spotted (corpora annotate nationality words), but it votes only as a nationality:
    # it must not frame the text in Turkey, where Derik has a namesake, and leave Amuda unplaced
    found = {k.lower(): m for k, m in _found(text, gz).items()}
    assert found["amuda"].country_code == "SY" and found["derik"].country_code == "SY"
    assert not {"hit", "targets", "near"} & set(found)


def test_all_caps_dateline_over_normal_text(gz):
    found = _found("BEIRUT, Lebanon (AP) - Israeli strikes hit the outskirts of Tyre on Sunday.", gz)
    assert found["BEIRUT"].country_code == "LB" and found["Tyre"].country_code == "LB"


@pytest.mark.parametrize(
    "text, name, cc",
    [
        ("OKLAHOMA CITY (AP) — Teachers rallied at the Capitol.", "OKLAHOMA CITY", "US"),
        ("SOUTH WAZIRISTAN, April 5: The army chief opened a market.", "SOUTH WAZIRISTAN", "PK"),
        ("DEIR EZ-ZOR, Syria — Fighting resumed.", "DEIR EZ-ZOR", "SY"),
    ],
)
def test_a_wire_dateline_is_one_place(gz, text, name, cc):
    found = _found(text, gz)
    assert found[name].country_code == cc and not any(t in found for t in name.split())


def test_a_wire_label_is_no_dateline(gz):
    assert _found("EXCLUSIVE (Reuters) — Talks stall", gz) == {}


@pytest.mark.parametrize("tag, cc", [("Ferguson", "US"), ("Aleppo", "SY"), ("Mosul", "IQ")])
def test_hashtags_are_spotted(gz, tag, cc):
    found = _found(f"Thinking of everyone in pain tonight #{tag} #prayers", gz)
    assert found[tag].country_code == cc and "prayers" not in found


def test_tweet_in_lower_case(gz):
    found = _found("heavy shelling again in idlib tonight, stay safe everyone. roads to aleppo closed", gz)
    assert found["idlib"].country_code == "SY" and found["aleppo"].country_code == "SY"
    assert not {"shelling", "tonight", "safe", "roads"} & set(found)


def test_lower_case_sitrep_and_coder_note(gz):
    sitrep = "displaced families from tal abyad arrived in raqqa camp; water trucking continues in hasakah"
    found = _found(sitrep, gz)
    assert {"raqqa", "hasakah"} <= set(found) and not {"camp", "water", "families"} & set(found)
    assert all(m.country_code == "SY" for m in found.values())


def test_lower_case_transliterated_name_without_a_cue(gz):
    found = _found("displaced families from tal abyad arrived on foot overnight", gz)
    assert found["tal abyad"].country_code == "SY"


def test_offsets_are_exact_in_every_casing(gz):
    text = "Airstrikes hit Idlib and Homs; fighting continued near Deir ez-Zor and #Aleppo."
    for variant in (text, recase(text, "lower"), recase(text, "upper")):
        mentions = geoparse(variant, gz)
        assert mentions and all(variant[m.start : m.end] == m.text for m in mentions)
        assert [m.start for m in mentions] == sorted(m.start for m in mentions)


# -- the recogniser itself ---------------------------------------------------------------------------


def test_caseless_lines_and_hashtags():
    text = "Normal Text In Title Case\nall lower case words on this line here\nA Normal line with #Aleppo"
    tokens = tokenize(text)
    marked = {tokens[k].text for k in caseless_tokens(text, tokens)}
    assert {"lower", "line", "here", "Aleppo"} <= marked and not {"Normal", "Title", "with"} & marked
    # a shouted label or an acronym leaves a lower-case line caseless; a title-case line stays cased
    tweet = "BREAKING: russian missiles hit kharkiv overnight, UN says"
    assert "kharkiv" in {tokens_[k].text for tokens_ in [tokenize(tweet)] for k in caseless_tokens(tweet, tokens_)}
    cased = "BREAKING: Russian Missiles Hit Kharkiv Overnight"
    assert not caseless_tokens(cased, tokenize(cased))
    arabic = "قصف على دمشق وحمص"
    assert not caseless_tokens(arabic, tokenize(arabic))  # a script without case is not "lower case"


def test_committed_model_matches_the_feature_set():
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES) and len(data["weights"]) == len(FEATURES)
    assert MODEL_PATH.stat().st_size < 3_000_000 and "SCOWL" in data["attribution"]
    model = default_model()
    assert model.common_word("gang") and model.common_word("are") and not model.common_word("aleppo")


def test_training_is_deterministic():
    rng = np.random.default_rng(0)
    rows = np.hstack([np.ones((400, 1)), rng.normal(size=(400, 5))])
    labels = (rows[:, 1] + 0.5 * rows[:, 2] + rng.normal(scale=0.5, size=400) > 0).astype(float)
    first, second = fit_logistic(rows, labels), fit_logistic(rows.copy(), labels.copy())
    assert np.array_equal(first, second) and first[1] > first[2] > 0
    model = Model(first, 0.5, {})
    assert ((model.probability(rows) >= 0.5) == labels.astype(bool)).mean() > 0.8


def test_a_transliterated_name_unknown_abroad_is_looked_up_in_the_documents_country(gz):
    found = _all("Massacre at al-Bokamal claims the lives of an entire family.", gz, country_hint="SY")
    assert (found["al-Bokamal"].country_code, found["al-Bokamal"].location.name) == ("SY", "Ālbū Kamāl")
    # a family name after a given name is a person, and "al-Ghab" is the tail of "Sahl al-Ghab"
    assert "al-Aghawani" not in _found("The activist Hosam al-Aghawani was killed.", gz, country_hint="SY")


def test_a_province_the_text_calls_a_place_is_not_refused_by_a_frame_only_guessed(gz):
    # "US" makes an inferred US frame; the province of Anbar is still Iraq's, though a given frame is strict
    found = _all("A US Marine was killed in combat on Saturday in the western province of Anbar.", gz)
    assert (found["Anbar"].country_code, found["Anbar"].kind) == ("IQ", "admin1")
    strict = _all(
        "A Marine was killed in combat on Saturday in the western province of Anbar.", gz, country_hint="US"
    )
    assert strict["Anbar"].location is None


def test_a_town_the_text_puts_in_a_district_that_holds_none_of_its_namesakes_is_unplaced(gz):
    # "Torkula" matches a Borno village 480 km away; the text says it is in Guma, Benue State
    for text in (
        "Herdsmen killed five people in Torkula, Guma LGA, on Sunday.",
        "Herdsmen killed five people in Torkula in Guma Local Government Area of Benue State.",
    ):
        found = _all(text, gz)
        assert found["Torkula"].location is None and "holds no place of that name" in found["Torkula"].reason
        assert found["Guma LGA" if "LGA," in text else "Guma Local Government Area"].admin1 == "Benue State"
    # an area row whose codes disagree with its own shape refuses nothing (Burkina Faso's old province ADM1)
    assert (
        _all("Gunmen attacked a market in Djibo (Soum, Sahel).", gz, country_hint="BF")["Djibo"].country_code
        == "BF"
    )
    # a list of areas, or a misread area without its word, refuses nothing
    assert _all("Fighting spread to Aleppo, Idlib and Hama.", gz)["Idlib"].country_code == "SY"
    assert _all("A dog was rescued in Cornwall in South West England.", gz)["Cornwall"].country_code == "GB"


def test_the_places_a_strike_verb_names_are_places_by_their_other_names(gz):
    # "struck X" says X is a place: Kobane is an alternate name of Ayn al-Arab, Qamishlo a spelling
    found = _found("Turkish jets struck Kobane, Qamishlo and Tel Rifaat", gz)
    assert {k: m.country_code for k, m in found.items()} == {
        "Kobane": "SY",
        "Qamishlo": "SY",
        "Tel Rifaat": "SY",
    }
    assert found["Kobane"].location.name == "‘Ayn al ‘Arab"


# -- abbreviations: state abbreviations with their dots, St./Mt. names, towns called "... City" -----


def test_an_ap_state_abbreviation_keeps_its_dots_whatever_follows(gz):
    cases = {
        "A trucker from Kingman, Ariz., was cited after the crash.": "Ariz.",  # wire copy
        "Volunteers drove up from Enid, Okla. and stayed the week.": "Okla.",  # dot before lower case
        "Storm-battered Ga. county asks for federal help": "Ga.",  # headline
        "MORGANTOWN, W.Va. -- Flooding closed three roads.": "W.Va.",  # dateline
        "A mudslide shut W.Va. 2 near the river on Monday.": "W.Va.",  # route number after it
        "Shelter capacity is stretched in Tenn.": "Tenn.",  # sentence end: the same dot
    }
    for text, written in cases.items():
        found = _found(text, gz)
        assert written in found, (text, list(found))
        assert found[written].country_code == "US" and found[written].kind == "admin1"
        assert not any(k != written and written.startswith(k.split(".")[-1]) for k in found if len(k) <= 3)
    assert "Va" not in _found("MORGANTOWN, W.Va. -- Flooding closed three roads.", gz)


def test_a_name_begun_with_a_dotted_abbreviation_is_the_whole_name(gz):
    found = _found("Two patients were flown to St. Cloud Hospital, Minnesota officials said.", gz)
    assert "St. Cloud" in found and "Cloud" not in found
    assert found["St. Cloud"].admin1 == "Minnesota"
    # the Mount Pleasants GeoNames writes out are candidates, not only the one it writes "Mt Pleasant"
    found = _found("Crews from Mt. Pleasant, Texas, reached the flooded road overnight", gz)
    assert found["Mt. Pleasant"].country_code == "US"
    assert "Sault Ste. Marie" in _found("Aid convoys left Sault Ste. Marie, Ontario, at dawn.", gz)
    # a saint inside an institution's name is no town
    assert not _found("The boy is stable at St. Bernadette Memorial Hospital.", gz)


def test_a_town_called_city_keeps_its_word_before_an_organisation(gz):
    found = _found("The Boulder City Council voted 4-1 to extend the curfew.", gz)
    assert "Boulder City" in found and "Boulder" not in found
    assert found["Boulder City"].admin1 == "Nevada"
    found = _found("Kansas City Power & Light says 4,000 homes are without power", gz)
    assert "Kansas City" in found and "Kansas" not in found
    # a council named after the city's own area still places the city
    assert _found("Dublin City Council opened two emergency shelters.", gz)["Dublin"].country_code == "IE"


# -- a county's bare name is a person's name before it is the county -------------------------------


def test_a_county_matched_by_its_bare_name_does_not_outrank_the_persons_name(gz):
    sitrep = (
        "Shelter update, 14:00. Coordinator Glenn Polk AutoPlex donated two trucks. "
        "Polk said more tents arrive Friday; Johnson told volunteers the kitchen is open."
    )
    found = _found(sitrep, gz)
    assert "Polk" not in found and "Johnson" not in found, list(found)
    tweet = "huge thanks to Rick Smith & the crew!! Smith says the water is finally going down"
    assert "Smith" not in _found(tweet, gz)
    # the county itself, written as one, is still placed
    found = _found("Flooding closed roads in Polk County and Johnson County, Iowa officials said.", gz)
    assert found["Polk County"].admin1 == "Iowa" and found["Johnson County"].admin1 == "Iowa"


# -- lists join things of one kind ------------------------------------------------------------------


def test_a_name_listed_beside_a_first_level_area_is_the_sibling_area(gz):
    # the village of Wales lies in England, but "England and Wales" lists two of Britain's nations
    found = _found("Knife crime in England and Wales rose 6% last year, the ONS said.", gz)
    assert (found["Wales"].kind, found["Wales"].location.name) == ("admin1", "Wales")
    # a headline, and a tweet: the state, not the capital, beside another state
    found = _found("Oregon and Washington Extend Wildfire Emergency", gz)
    assert found["Washington"].kind == "admin1" and found["Washington"].admin1 == "Washington"
    found = _found("smoke from California or Washington fires again today ugh", gz)
    assert found["Washington"].kind == "admin1"
    # beside a foreign capital it stays the US capital
    assert _found("Talks between Washington and Moscow stalled.", gz)["Washington"].kind == "city"


# -- a middle initial makes a person's name ---------------------------------------------------------


def test_a_name_with_a_middle_initial_is_a_person_throughout_the_text(gz):
    police = (
        "Deputies arrested Warren T. Ogden, 41, on Friday. Neighbours said Ogden had lived in Tulsa "
        "for years; Warren was released on bond."
    )
    found = _found(police, gz)
    assert "Ogden" not in found and "Warren" not in found, list(found)
    assert found["Tulsa"].country_code == "US"
    # a state after a comma is no initial: "Charleston, W. Va."
    found = _found("Flooding hit Charleston, W. Va. and nearby towns.", gz)
    assert found["Charleston"].admin1 == "West Virginia"


# -- state abbreviations where the case says nothing ------------------------------------------------


def test_state_abbreviations_in_lower_case_and_capitals(gz):
    for text in (
        "the brigade left chattanooga, tenn., and marched toward ringgold, ga., at dusk on the 25th",
        "THE BRIGADE LEFT CHATTANOOGA, TENN., AND MARCHED TOWARD RINGGOLD, GA., AT DUSK ON THE 25TH",
    ):
        found = {k.casefold(): m for k, m in _found(text, gz).items()}
        assert found["tenn."].admin1 == "Tennessee" and found["ga."].admin1 == "Georgia", list(found)
        assert found["ringgold"].admin1 == "Georgia"


def test_a_name_followed_by_a_family_name_is_a_person_whatever_it_could_denote(gz):
    roster = "Team leads today: Chad Walker (logistics), Preston Hayes (WASH) and Trent Morris (health)."
    found = _found(roster, gz)
    assert not {"Chad", "Preston", "Trent"} & set(found), list(found)
    # a place name with a family name inside stays one place; a hall of fame is no person
    found = _found("Evacuees moved from Fort Smith to Rocky Hill overnight.", gz)
    assert {"Fort Smith", "Rocky Hill"} <= set(found)
    assert "Oklahoma" in _found("He was inducted into the Oklahoma Hall of Fame.", gz)


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("Heavy rain flooded Jowhar overnight, aid workers said.", "Jowhar", "SO"),  # Jawhar, not an Afghan hamlet
        ("Kurdish fighters withdrew from Derik on Sunday.", "Derik", "SY"),  # al-Malikiyah, not the Turkish Derik
        ("ukrainian units still hold positions in artemovsk", "artemovsk", "UA"),  # Bakhmut's old name, lower case
    ],
)
def test_a_town_known_by_another_spelling_is_not_hidden_by_a_hamlet_abroad(gz, text, name, country):
    assert _found(text, gz)[name].country_code == country


def test_a_small_exact_namesake_still_wins_where_no_big_town_shares_the_spelling(gz):
    # the rule needs a town ten times the size of every exact namesake: ordinary names keep their places
    found = _found("Floods hit Springfield, Illinois, on Monday.", gz)
    assert found["Springfield"].country_code == "US"


@pytest.mark.parametrize(
    "text, name, country",
    [
        ("Serbian police detained two men in Bor.", "Bor", "RS"),  # not Bor in Russia
        ("Ethiopian forces entered Humera.", "Humera", "ET"),
    ],
)
def test_a_demonym_votes_for_its_country_in_the_documents_focus(gz, text, name, country):
    assert _found(text, gz)[name].country_code == country


def test_demonyms_are_counted_by_country(gz):
    from geomap.geoparse.core import demonym_countries
    from geomap.geoparse.lookup import NameLookup

    lookup = NameLookup.for_gazetteer(gz)
    text = "Syrian and Lebanese officials met; two Syrians were hurt. The Nile rose."
    assert demonym_countries(text, lookup) == {"SY": 2, "LB": 1}


def test_a_title_that_begins_a_town_name_is_a_place_after_a_cue_and_a_person_otherwise(gz):
    found = _all("Militants attacked a checkpoint in Sheikh Zuweid, North Sinai, on Friday.", gz)
    assert found["Sheikh Zuweid"].country_code == "EG"
    assert _found("Sheikh Hassan Nasrallah said the group would respond.", gz) == {}
    # a neighbourhood the gazetteer lacks is unplaced, not put at a namesake hamlet in Iran
    found = _all("Israeli police evicted a family in Sheikh Jarrah on Tuesday.", gz)
    assert "Sheikh Jarrah" not in found or not found["Sheikh Jarrah"].resolved


@pytest.mark.parametrize(
    "text, not_places",
    [
        ("U.S. forces captured Saddam on Dec. 12 in Tikrit, near his home village.", {"Saddam"}),
        ("Hamas overran Gaza and seized weapons from pro-Abbas forces.", {"Abbas"}),
        ("Assailants stabbed six ethnic Han farmers in Uchturpan.", {"Han"}),
        ("Haftar met Erdogan in Ankara on Friday.", {"Haftar", "Erdogan"}),
    ],
)
def test_leaders_and_peoples_named_alone_are_no_places(gz, text, not_places):
    assert not not_places & set(_found(text, gz))


def test_a_leaders_name_the_text_places_stays_a_place(gz):
    assert _found("Fighting continued in Abbas, a village near Hama.", gz)["Abbas"].country_code == "SY"


@pytest.mark.parametrize(
    "text, name, cc",
    [
        ("Nine fighters were killed in southern Kobane during an attack.", "Kobane", "SY"),
        ("Militants launched an offensive in southern Deir Ezzor overnight.", "Deir Ezzor", "SY"),
        ("Militiamen patrolled the villages surrounding Huddur for days.", "Huddur", "SO"),
        ("Rebels launched their second assault on Souran today.", "Souran", "SY"),
    ],
)
def test_a_direction_word_or_an_assault_keeps_the_cue(gz, text, name, cc):
    # an alternate spelling needs a cue; "in southern X" and "assault on X" are cues like "in X"
    assert _found(text, gz)[name].country_code == cc


def test_a_french_compound_name_is_one_place(gz):
    found = _found("In Port-au-Prince, police and soldiers patrol the streets.", gz)
    assert found["Port-au-Prince"].country_code == "HT" and "Prince" not in found


def test_a_village_far_from_the_town_its_worded_area_is_named_after_is_unplaced(gz):
    # the gazetteer knows Beni territory only by its town; every "Mukondi" look-alike is hundreds of km away
    found = _all("ADF militants raided Mukondi village, Beni territory, overnight.", gz, country_hint="CD")
    assert found["Mukondi"].location is None and "holds no place of that name" in found["Mukondi"].reason
    assert found["Beni"].country_code == "CD"
    # a village the gazetteer has near that town keeps its place
    near = _all("Gunmen killed three people in Kalunguta village, Beni territory.", gz, country_hint="CD")
    assert near["Kalunguta"].country_code == "CD"
