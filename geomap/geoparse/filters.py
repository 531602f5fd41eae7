"""What looks like a place name but is not one here: demonyms, organisations, people, months, common words.

The spotter proposes every capitalised run the gazetteer knows; these rules and word lists say which of
them are not places in this sentence. The lists are closed classes (months, demonyms, titles, well-known
armed groups and news agencies); open classes are handled by rules (a first name or a title before a
capitalised run marks a person, an age after a name marks a person, a word the document also writes in
lower case is a common word).
"""

from __future__ import annotations

import re


def _words(block: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in block.split(",") if w.strip())


def _with_plurals(words: frozenset[str]) -> frozenset[str]:
    """Add the plural of each demonym ("Syrians", "Iraqis"); "-ese", "-ish" and "-ch" forms have none."""
    plural = {w + "s" for w in words if not w.endswith(("sh", "ch", "ese", "ss", "s", "z"))}
    return words | plural


#: Nationality, ethnic and religious adjectives and nouns (neutral in GeoWebNews, never a place).
DEMONYMS = _with_plurals(
    _words(
        """afghan, albanian, algerian, american, angolan, arab, arabian, argentine, argentinian, armenian,
        asian, assyrian, australian, austrian, azerbaijani, azeri, bahraini, bangladeshi, belarusian,
        belgian, bosnian, brazilian, british, bulgarian, burmese, burundian, cambodian, cameroonian,
        canadian, chadian, chilean, chinese, circassian, colombian, congolese, croatian, cuban, cypriot,
        czech, danish, dutch, egyptian, emirati, english, eritrean, estonian, ethiopian, european,
        filipino, finnish, french, georgian, german, ghanaian, greek, guatemalan, haitian, honduran,
        hungarian, indian, indonesian, iranian, iraqi, irish, israeli, italian, ivorian, jamaican,
        japanese, jordanian, kazakh, kenyan, korean, kosovar, kurdish, kurd, kuwaiti, kyrgyz, lebanese,
        liberian, libyan, lithuanian, latvian, malaysian, malian, mexican, moldovan, mongolian, moroccan,
        mozambican, nepali, nepalese, nigerian, nigerien, norwegian, omani, pakistani, palestinian,
        panamanian, peruvian, polish, portuguese, qatari, romanian, russian, rwandan, saudi, scottish,
        scot, senegalese, serbian, serb, slovak, slovenian, somali, somalian, spanish, sudanese, swedish,
        swiss, syrian, taiwanese, tajik, tanzanian, thai, tunisian, turkish, turk, turkmen, ugandan,
        ukrainian, uzbek, venezuelan, vietnamese, welsh, yemeni, zambian, zimbabwean, druze, bedouin,
        alawite, sunni, shia, shiite, yazidi, christian, muslim, jewish, jew, hindu, sikh, coptic, copt,
        maronite, pashtun, baloch, hazara, tuareg, fulani, masalit, zaghawa, arabic, hebrew, persian,
        latin, african, caribbean, balkan, soviet, ottoman, roman, hispanic, latino, asian, islamic,
        catholic, orthodox, protestant, evangelical, israelite, californian, texan, floridian, parisian,
        londoner, yankee, dixie, westerner, northerner, southerner, easterner, creole, cajun, anglo,
        gazan, gazans, sudani, darfuri, kharkivite, crimean, chechen, dagestani, tatar, uyghur, uighur,
        rohingya, tigrayan, amhara, oromo, somalilander, houthi, mancunian, scouse, aussie, kiwi, han, tamil,
        sinhalese, nuer, dinka, hausa, yoruba, igbo, kanuri, berber, amazigh, toubou"""
    )
)

#: Organisations, armed groups and news agencies written like place names or containing one.
ORGANISATIONS = (
    "Islamic State",
    "Islamic State of Iraq and Syria",
    "Islamic State of Iraq and the Levant",
    "ISIS",
    "ISIL",
    "Daesh",
    "Associated Press",
    "Reuters",
    "Agence France-Presse",
    "AFP",
    "RSF",
    "Rapid Support Forces",
    "SAF",
    "Sudanese Armed Forces",
    "M23",
    "SDF",
    "Syrian Democratic Forces",
    "Hamas",
    "Hezbollah",
    "Hizbollah",
    "Houthis",
    "Ansar Allah",
    "Taliban",
    "al-Qaeda",
    "Al Qaeda",
    "al-Shabaab",
    "Boko Haram",
    "Wagner",
    "PKK",
    "YPG",
    "HTS",
    "Hayat Tahrir al-Sham",
    "Free Syrian Army",
    "Syrian National Army",
    "IDF",
    "Israel Defense Forces",
    "United Nations",
    "UNHCR",
    "UNICEF",
    "OCHA",
    "UNRWA",
    "World Health Organization",
    "Red Cross",
    "Red Crescent",
    "ICRC",
    "NATO",
    "European Union",
    "African Union",
    "Arab League",
    "BBC",
    "CNN",
    "Al Jazeera",
    "Al Arabiya",
    "Sky News",
    "Interfax",
    "TASS",
    "RIA Novosti",
    "SANA",
    "Anadolu",
    "Amnesty International",
    "Human Rights Watch",
    "Doctors Without Borders",
    "MSF",
    "Syrian Observatory for Human Rights",
    "SOHR",
    "Kremlin",
    "Pentagon",
    "White House",
    "Downing Street",
    "Wall Street",
    "Hollywood",
    "Bollywood",
    "Silicon Valley",
)

#: Words that make the capitalised run after them a person: honorifics, ranks and offices.
#: Titles that also begin place names ("Sheikh Zuweid", "Imam Sahib", "Prince Albert", "Saint Louis"):
#: after a locative cue, or before a place word, the run is a place, not a person.
PLACE_TITLES = frozenset("sheikh sheik shaykh imam sidi sultan emir prince saint".split())
PERSON_TITLES = _words(
    """mr, mrs, ms, miss, dr, prof, professor, vice, sir, dame, lord, lady, king, queen, prince, princess,
    sheikh, sheik, emir, imam, rabbi, pope, father, sister, brother, saint, president, vice-president,
    minister, premier, chancellor, governor, gov, mayor, senator, sen, rep, representative, congressman,
    congresswoman, judge, justice, attorney, sheriff, deputy, officer, detective, sergeant, sgt,
    lieutenant, lt, captain, capt, colonel, col, general, gen, major, maj, commander, cmdr, admiral,
    adm, marshal, corporal, cpl, private, pvt, spokesman, spokeswoman, spokesperson, chief, coach,
    director, secretary, ambassador, envoy, commissioner, superintendent, trooper, reverend, rev,
    pastor, bishop, cardinal, ayatollah, mullah, warlord, leader, chairman, chairwoman, ceo,
    founder, correspondent, reporter, author, singer, actor, actress, player, striker, forward,
    goalkeeper, defender, midfielder, quarterback, pitcher, manager, founder, agent"""
)

#: Common given names. Only used when another capitalised word follows in the same run
#: ("Jordan Smith"), so that places that are also given names ("Jordan", "Victoria") stay places.
FIRST_NAMES = _words(
    """john, james, robert, michael, william, david, richard, joseph, thomas, charles, christopher,
    daniel, matthew, anthony, mark, donald, steven, steve, paul, andrew, joshua, kenneth, kevin, brian,
    george, timothy, ronald, edward, jason, jeffrey, ryan, jacob, gary, nicholas, eric, jonathan,
    stephen, larry, justin, scott, brandon, benjamin, samuel, gregory, alexander, frank, patrick,
    raymond, jack, dennis, jerry, tyler, aaron, jose, adam, nathan, henry, douglas, zachary, peter,
    kyle, ethan, walter, noah, jeremy, christian, keith, roger, terry, gerald, harold, sean, austin,
    carl, arthur, lawrence, dylan, jesse, jordan, bryan, billy, joe, bruce, gabriel, logan, albert,
    willie, alan, juan, wayne, elijah, randy, roy, vincent, ralph, eugene, russell, bobby, mason,
    philip, louis, bill, bob, jim, tom, mike, dave, chris, tony, ben, sam, nick, dan, matt, greg, ted,
    mary, patricia, jennifer, linda, elizabeth, barbara, susan, jessica, sarah, karen, lisa, nancy,
    betty, margaret, sandra, ashley, kimberly, emily, donna, michelle, carol, amanda, dorothy,
    melissa, deborah, stephanie, rebecca, sharon, laura, cynthia, kathleen, amy, angela, shirley,
    anna, brenda, pamela, emma, nicole, helen, samantha, katherine, christine, debra, rachel,
    carolyn, janet, catherine, maria, heather, diane, ruth, julie, olivia, joyce, virginia,
    victoria, kelly, lauren, christina, joan, evelyn, judith, megan, andrea, cheryl, hannah,
    jacqueline, martha, gloria, teresa, ann, sara, madison, frances, kathryn, janice, jean, abigail,
    alice, julia, judy, sophia, grace, denise, amber, doris, marilyn, danielle, beverly, isabella,
    theresa, diana, natalie, brittany, charlotte, marie, kayla, alexis, lori, florence, sophie,
    mohammed, muhammad, mohamed, mohammad, ahmed, ahmad, ali, hassan, hussein, omar, mahmoud,
    khaled, khalid, abdullah, abdul, abdel, ibrahim, youssef, yousef, mustafa, mustapha, bashar,
    hafez, recep, vladimir, volodymyr, sergei, sergey, dmitry, oleksandr, olena, yulia, yoav,
    emmanuel, francois, pierre, olaf, boris, rishi, keir, kamala, antony, narendra, hakan, ahmet,
    mehmet, fatima, aisha, layla, leila, nour, salma, tariq, walid, ziad, samir, nabil, karim,
    rami, faisal, hamid, rashid, saeed, issa, yahya, ismail, osama, anwar, jamal, adel, amir,
    majid, yasser, hamza, bilal, hani, fadi, maher, asma, rania, abu, umm, ivan, igor, yuri,
    andriy, petro, viktor, mykola, taras, oksana, iryna, natalia, giorgia, marine, jair, luiz,
    jesus, xi, li, wang, kim, shinzo, fumio, justin, malcolm, nelson, jacob, cyril, uhuru, william"""
)

#: Very common family names. Alone, without a locative cue, and naming no prominent place, such a
#: word is a person ("Johnson", "Scott") more often than a small town.
SURNAMES = _words(
    """smith, johnson, williams, brown, jones, garcia, miller, davis, rodriguez, martinez, hernandez,
    lopez, gonzalez, wilson, anderson, thomas, taylor, moore, martin, lee, perez, thompson,
    white, harris, sanchez, clark, ramirez, lewis, robinson, walker, young, allen, wright, scott,
    torres, nguyen, hill, flores, green, adams, nelson, baker, hall, rivera, campbell, mitchell,
    carter, roberts, gomez, phillips, evans, turner, diaz, parker, cruz, edwards, collins, reyes,
    stewart, morris, morales, murphy, cook, rogers, gutierrez, ortiz, morgan, cooper, peterson,
    bailey, reed, kelly, howard, ramos, cox, ward, richardson, watson, brooks, chavez, wood,
    bennett, gray, mendoza, ruiz, hughes, price, alvarez, castillo, sanders, patel, myers, ross,
    foster, jimenez, powell, jenkins, perry, russell, sullivan, bell, coleman, butler, henderson,
    barnes, fisher, simmons, romero, patterson, graham, reynolds, griffin, wallace, moreno, cole,
    hayes, bryant, herrera, gibson, ellis, murray, ford, marshall, owens, fernandez, mcdonald,
    woods, kennedy, wells, freeman, webb, tucker, burns, crawford, olson, simpson, porter, hunter,
    gordon, shaw, snyder, mason, dixon, hunt, hicks, holmes, palmer, wagner, robertson, boyd,
    warren, mills, meyer, rice, schmidt, ferguson, nichols, stephens, weaver, ryan, gardner, payne,
    grant, dunn, spencer, hawkins, arnold, pierce, hansen, peters, hart, bradley, knight, elliott,
    cunningham, duncan, armstrong, carroll, riley, andrews, berry, perkins, hoffman, johnston,
    matthews, richards, willis, carpenter, chapman, watkins, greene, wheeler, harper, burke,
    larson, morrison, carlson, carr, lawson, jacobs, lynch, singh, bishop, oliver, jensen, harvey,
    williamson, gilbert, dean, sims, howell, reid, hanson, mccoy, garrett, burton, fuller, weber,
    welch, lucas, fields, banks, walsh, bowman, schultz, fowler, davidson, brewer, newman,
    pearson, curtis, schneider, barrett, keller, stanley, hopkins, barnett, bates, chambers,
    caldwell, beck, lambert, byrd, craig, lowe, frazier, powers, neal, leonard, sutton, fleming,
    rhodes, shelton, schwartz, norris, jennings, watts, walters, cohen, mcdaniel, moran, steele,
    vaughn, becker, holt, barker, hale, benson, haynes, horton, miles, lyons, graves, bush,
    thornton, wolfe, mckinney, mann, zimmerman, dawson, fletcher, mccarthy, erickson, reeves,
    klein, baldwin, hardy, higgins, cummings, chandler, sharp, barber, bowen, robbins, ramsey,
    griffith, blair, quinn, moss, swanson, rodgers, stevenson, manning, gill, curry, mclaughlin,
    harmon, mcgee, gross, doyle, garner, newton, burgess, reese, blake, adkins, brady, goodman,
    webster, goodwin, fischer, potter, todd, hines, mullins, malone, cannon, tate, mack,
    hubbard, hodges, rowe, gallagher, hammond, townsend, ingram, wise, barton, schroeder,
    maxwell, waters, strickland, mccormick, stevens, obama, trump, biden, putin,
    assad, saddam, abbas, gaddafi, qaddafi, haftar, erdogan, zelensky, zelenskyy, netanyahu, sisi, burhan,
    hemedti, dagalo, nasrallah, khamenei, baghdadi, zawahiri, karzai, ghani, hasina, lukashenko, kadyrov,
    shoigu, prigozhin, gantz, sinwar, haniyeh, hamdok, museveni, kagame, tshisekedi, mubarak, morsi,
    hariri, aoun, mikati, barzani, talabani, sadr, maliki, modi, rouhani, raisi, zelenskiy"""
)

MONTHS_AND_DAYS = _words(
    """january, february, march, april, may, june, july, august, september, october, november,
    december, jan, feb, mar, apr, jun, jul, aug, sep, sept, oct, nov, dec, monday, tuesday,
    wednesday, thursday, friday, saturday, sunday, mon, tue, tues, wed, thu, thurs, fri, sat, sun,
    christmas, easter, ramadan, eid, hanukkah, thanksgiving, halloween"""
)

#: Frequent English words that some gazetteer also lists as a place somewhere. Capitalised, they are
#: almost always the start of a sentence or of a title, not a town ("Police", "Reading", "Man").
COMMON_WORDS = _words(
    """a, an, the, and, or, but, if, of, in, on, at, to, for, by, with, from, as, is, it, its, be,
    he, she, we, they, you, i, his, her, our, their, this, that, these, those, there, here, then,
    than, so, no, not, yes, all, any, some, one, two, three, four, five, six, seven, eight, nine, ten,
    first, second, third, last, next, new, old, more, most, many, much, few, other, such, same, own,
    also, only, just, even, still, now, today, tonight, tomorrow, yesterday, after, before, during,
    while, when, where, why, how, what, who, which, whose, will, would, can, could, may, might, must,
    shall, should, about, above, across, against, along, among, around, behind, below, beneath,
    beside, between, beyond, despite, down, inside, into, near, off, onto, out, outside, over, past,
    since, through, throughout, toward, towards, under, until, up, upon, via, within, without,
    however, meanwhile, according, although, though, because, instead, indeed, perhaps, yet, each,
    every, both, either, neither, once, again, already, always, never, often, soon, very, well,
    police, man, woman, men, women, people, child, children, family, home, house, school, church,
    hospital, court, city, town, village, county, state, country, world, nation, government,
    army, force, forces, war, peace, union, liberty, independence, freedom, justice, victory, unity,
    hope, faith, charity, mercy, paradise, eden, heaven, harmony, friendship,
    reading, mobile, bath, nice, split, orange, lincoln, worth, mission, enterprise, commerce,
    industry, progress, energy, security, health, education, office, center, centre, central,
    north, south, east, west, northern, southern, eastern, western, northeast, northwest, southeast,
    southwest, upper, lower, middle, great, big, little, long, high, low, grand, royal, national,
    international, federal, local, public, general, district, region, province, republic,
    kingdom, empire, island, islands, river, lake, mount, mountain, valley, bay, sea, ocean, gulf,
    coast, beach, park, street, road, avenue, square, bridge, station, airport, port, harbour, harbor,
    camp, base, border, line, front, gate, hill, hills, field, fields, wood, woods, forest, springs,
    garden, gardens, green, white, black, red, blue, gold, golden, silver, star, sun, moon, sky,
    day, days, night, week, year, years, time, times, news, post, press, report, reports, story,
    update, video, photo, photos, watch, live, breaking, read, more, see, view, click, share,
    said, says, told, added, asked, called, made, make, take, took, give, gave, come, came, go, went,
    get, got, found, find, help, run, win, won, lost, killed, kill, dead, died, attack, attacks,
    fire, fighting, clashes, strike, strikes, bomb, shelling, raid, siege, crisis, deal, talks,
    vote, election, elections, president, minister, officials, official, spokesman, leader, leaders,
    chief, head, member, members, group, groups, party, council, committee, ministry, department,
    agency, authority, authorities, company, bank, market, trade, oil, gas, water, food, aid,
    university, college, institute, museum, library, hotel, restaurant, club, team, league, cup,
    game, games, season, match, final, police, fire, rescue, emergency, medical, doctor, nurse,
    officer, soldier, soldiers, troops, fighters, rebels, militants, civilians, residents,
    refugees, victims, witnesses, sources, experts, analysts, reporters, journalists, media,
    paper, letter, book, film, show, music, art, love, life, death, money, power, light, water,
    land, earth, rock, stone, iron, steel, salt, sugar, cotton, corn, rice, wheat, coffee, tea, wine,
    beer, milk, bread, honey, apple, cherry, lemon, olive, palm, rose, lily, ivy, holly, pine, oak,
    elm, maple, cedar, willow, birch, ash, hazel, eagle, hawk, fox, wolf, bear, deer, lion, tiger,
    buffalo, beaver, bull, horse, king, queen, prince, princess, lord, lady, bishop, saint, angel,
    christ, god, allah, bible, quran, koran, english, internet, online, email, twitter, facebook,
    youtube, instagram, tiktok, google, apple, amazon, microsoft, page, site, web, blog, comments,
    comment, editor, editorial, opinion, analysis, feature, sports, sport, business, politics,
    science, technology, tech, weather, traffic, entertainment, lifestyle, travel, obituaries,
    classifieds, jobs, homes, cars, contact, about, advertisement, sponsored, subscribe, login,
    sign, search, menu, share, print, related, top, most, popular, latest, local, nation, world,
    mr, mrs, ms, dr, st, mt, ft, jr, sr, inc, ltd, co, corp, llc, plc, ap, ok, tv, am, pm,
    gmt, utc, est, pst, cst, edt, pdt, ad, bc, ce, no, vs, etc, ie, eg, non, pro, anti, ex, per,
    via, re, ps, id, hq, ceo, cia, fbi, nsa, nasa, un, eu, gop, dem, republican, democrat,
    democrats, republicans, democratic, conservative, liberal, labour, labor, tory, tories,
    congress, parliament, senate, house, assembly, cabinet, supreme, constitution, federation,
    commonwealth, alliance, coalition, opposition, regime, resistance, revolution, military,
    navy, air, marines, guard, guards, ranger, rangers, brigade, battalion, division, corps,
    command, operation, operations, program, project, plan, service, services, system, network,
    association, society, foundation, trust, fund, council, board, commission, bureau, unit,
    sudden, early, late, full, half, open, free, fair, good, bad, best, better, worse,
    fine, happy, lucky, plain, pleasant, prairie, summit, plenty, welcome, why, wonder, silence,
    surprise, success, triumph, truth, chamber, section, patrol, none, lot, pack, reserve, battle,
    zone, parent, driver, law, economy, research, car, band, box, stock, cargo, rail, highways, wing,
    shell, cross, buy, peninsula, metro"""
)

#: Lower-case words that join the parts of a name: Arabic articles, Romance and Dutch particles.
CONNECTORS = _words(
    """al, el, de, del, della, der, des, di, da, dos, du, la, le, les, los, las, van, von, den, ten,
    ter, of, upon, sur, bin, ibn, bint, abu, umm"""
)
#: Particles that are also English words ("as", "at", "an", "on"): name parts only when hyphenated,
#: as in the assimilated Arabic article ("as-Suwayda", "at-Tall") or "Rostov-on-Don".
HYPHEN_CONNECTORS = _words(
    """ad, ag, ak, an, ar, as, ash, at, az, ath, adh, ed, en, er, es, et, ez, ul, us, on, do, am, im, y"""
)

#: Particles of transliterated Arabic, Somali and Kurdish names that join two capitalised words even
#: when written with spaces ("Juhr ad Dik", "Bani Walid", "Ras al Ain"); not English words ("as", "at").
SPACED_PARTICLES = frozenset("al el ad ed ez es ash ar az adh ath ul bin bani wa".split())


#: A capitalised word after which the name is a street or a building, not the place it names.
FACILITY_WORDS = _words(
    """street, st, road, rd, avenue, ave, boulevard, blvd, drive, dr, lane, ln, way, highway, hwy,
    freeway, expressway, parkway, pkwy, court, ct, place, pl, terrace, circle, plaza, square,
    bridge, tunnel, airport, station, terminal, hospital, clinic, school, academy, college,
    university, church, cathedral, mosque, temple, synagogue, hotel, motel, inn, restaurant, cafe,
    mall, market, stadium, arena, theater, theatre, museum, library, prison, jail, building, tower,
    towers, apartments, hall, house, center, centre, complex, mill, mills, factory, plant, farm,
    ranch, cemetery, elementary, middle, high, memorial, boulevard, pike, trail, crossing"""
)

#: Words that end an organisation's name ("Ohio State University", "Dublin City Council").
ORG_WORDS = _words(
    """department, division, council, university, college, school, schools, police, commission,
    board, office, committee, authority, agency, ministry, court, hospital, church, company,
    corporation, corp, bank, club, party, association, union, institute, academy, center, centre,
    fund, foundation, museum, library, airport, station, district, lottery, chamber, times, post,
    news, herald, tribune, journal, gazette, daily, press, review, magazine, radio, television,
    tv, network, government, army, navy, forces, guard, patrol, prison, team, fc, city"""
)

#: Words after a name that make it an administrative area ("Gezira state", "Sweida province").
ADMIN_WORDS = _words(
    """province, governorate, state, region, oblast, county, district, parish, prefecture,
    municipality, department, canton, emirate, territory, raion, wilaya, muhafazah, governate, lga,
    local government area"""
)

#: Capitalised words that, written after a place name, make a longer name of their own ("Catawba
#: River", "Hamilton Township", "Licking County"): the whole is the toponym. Not "City" (clubs:
#: "Manchester City") nor "District"/"Province", which news writes after a name as often as in it.
FEATURE_SUFFIXES = frozenset(
    """River Creek Lake Valley Township Station Colony Island Islands Hills Mountain Mountains Bay
    Falls Beach Heights Forest Peninsula Canyon Desert County Parish Delta""".split()
)

#: Of those, the ones that make a settlement, found among the towns of the name before them.
SETTLEMENT_SUFFIXES = frozenset("Township Station Colony Heights Beach".split())

_AGE_AFTER = re.compile(r"\s*,\s*\d{1,3}\s*(?:,|$|\b(?:years?|of)\b)")


def is_demonym(text: str) -> bool:
    """``Turkish``, ``Israelis``, ``Druze``: a nationality, ethnicity or religion word."""
    return text.lower() in DEMONYMS


def is_common_word(text: str) -> bool:
    """A frequent English word or a month, weekday or holiday."""
    low = text.lower()
    return low in COMMON_WORDS or low in MONTHS_AND_DAYS


def age_follows(text: str, end: int) -> bool:
    """``Henry, 19,``: a name followed by an age is a person."""
    return bool(_AGE_AFTER.match(text, end))


def organisation_pattern() -> re.Pattern[str]:
    """One regex finding every listed organisation as a whole word (case-sensitive: "SANA" not "Sana")."""
    names = sorted(ORGANISATIONS, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


ORGANISATION_RE = organisation_pattern()
