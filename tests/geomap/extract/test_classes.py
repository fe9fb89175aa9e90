"""The classes of error extraction is held to, each with sentences written for these tests in
English and French: one event per fact with the toll on the event that caused it, history
and denials kept off the map, sides and actors, headline and bulletin style, places the
gazetteer lacks, short texts with no country in them, contested figures."""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer import Gazetteer
from geomap.extract import extract_events
from geomap.models import Event

TUESDAY = date(2017, 6, 13)


def _extract(gz: Gazetteer, text: str, lang: str, **kw: object) -> list[Event]:
    return extract_events(text, published=TUESDAY, lang=lang, gazetteer=gz, **kw)  # type: ignore[arg-type]


def _on_map(events: list[Event]) -> list[Event]:
    return [e for e in events if not e.background]


# -- 1. double coding ------------------------------------------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "At least 12 people were killed when warplanes struck a market in Idlib on Monday."),
    ("fr", "Au moins 12 personnes ont été tuées lundi lorsque des avions ont bombardé un marché "
           "à Idlib."),
    ("en", "Warplanes struck a market in Saraqib on Monday.\n"
           "At least 12 people were killed, rescuers said."),
    ("fr", "Des avions ont bombardé lundi un marché de Saraqeb.\n"
           "Au moins 12 personnes ont été tuées, selon les secouristes."),
])
def test_a_toll_goes_to_the_strike_that_caused_it(gz: Gazetteer, lang: str, text: str) -> None:
    (strike,) = _extract(gz, text, lang)
    assert strike.sub_event_type == "Air/drone strike"
    assert strike.fatalities == 12 and "fatalities" in strike.lower_bounds
    assert strike.event_date == date(2017, 6, 12)


@pytest.mark.parametrize("lang, text", [
    ("en", "Government forces shelled Douma on Sunday, killing at least 50 people, five of them "
           "children."),
    ("fr", "Les forces gouvernementales ont pilonné Douma dimanche, tuant au moins 50 personnes, "
           "dont cinq enfants."),
    ("en", "50 people were killed in the shelling of Douma on Sunday, including 5 children."),
    ("fr", "50 personnes ont été tuées dimanche dans le pilonnage de Douma, parmi lesquelles "
           "5 enfants."),
])
def test_a_part_of_the_toll_is_not_the_toll(gz: Gazetteer, lang: str, text: str) -> None:
    (shelling,) = _extract(gz, text, lang)
    assert shelling.sub_event_type == "Shelling/artillery/missile attack"
    assert shelling.fatalities == 50 and shelling.location == "Dūmā"


# -- 2. background, denials, statements ------------------------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "The rebels had seized the town of Saraqib in March. Those killed had been fleeing "
           "the fighting."),
    ("fr", "Les rebelles avaient pris la ville de Saraqeb en mars. Les victimes avaient fui "
           "les combats."),
])
def test_history_is_background_and_off_the_map(gz: Gazetteer, lang: str, text: str) -> None:
    events = _extract(gz, text, lang)
    assert events and not _on_map(events)
    (taken,) = [e for e in events if e.event_type == "Battles"]
    assert taken.event_date == date(2017, 3, 1) and taken.time_precision == 3
    assert all(e.background and e.confidence <= 0.3 for e in events)
    assert [e.sub_event_type for e in events if e.event_type != "Battles"] == ["Displacement"]


@pytest.mark.parametrize("lang, text", [
    ("en", "The army said it had fully recaptured the town of Saraqib on Monday."),
    ("fr", "L'armée a annoncé lundi avoir entièrement repris la ville de Saraqeb."),
    ("fr", "L'armée a indiqué qu'elle avait repris lundi la ville de Saraqeb."),
])
def test_reported_speech_in_the_pluperfect_is_news(gz: Gazetteer, lang: str, text: str) -> None:
    (retaken,) = _extract(gz, text, lang)
    assert not retaken.background and retaken.confidence > 0.3
    assert retaken.sub_event_type == "Government regains territory"
    assert retaken.actor1 == "Syrian government forces" and retaken.location == "Saraqib"


@pytest.mark.parametrize("lang, text", [
    ("en", "In Moscow, the defence ministry denied that its jets had bombed a hospital in Idlib."),
    ("fr", "A Moscou, le ministère de la Défense a démenti que ses avions aient bombardé un "
           "hôpital à Idlib."),
    ("en", "Russia denied that its warplanes struck the market in Ariha."),
    ("fr", "La Russie a nié avoir frappé le marché d'Ariha."),
])
def test_a_denial_is_no_event_and_its_place_no_event_place(gz: Gazetteer, lang: str,
                                                          text: str) -> None:
    assert _extract(gz, text, lang) == []


@pytest.mark.parametrize("lang, text", [
    ("en", "Thousands protested in Moscow on Saturday against the mobilisation."),
    ("fr", "Des milliers de personnes ont manifesté samedi à Moscou contre la mobilisation."),
])
def test_an_event_in_moscow_is_not_the_ministry(gz: Gazetteer, lang: str, text: str) -> None:
    (protest,) = _extract(gz, text, lang)
    assert protest.event_type == "Protests" and protest.location == "Moscow"
    assert protest.actor1 != "Russian military forces"
    assert "defence ministry" not in (protest.source or "")


@pytest.mark.parametrize("lang, text", [
    ("en", "Iran-aligned militias and US-led coalition forces clashed near Al-Bukamal on "
           "Friday."),
    ("fr", "Des milices soutenues par l'Iran ont affronté vendredi près d'Albou Kamal des forces "
           "de la coalition menée par Washington."),
])
def test_allegiances_describe_actors_not_places(gz: Gazetteer, lang: str, text: str) -> None:
    (clash,) = _extract(gz, text, lang)
    assert clash.sub_event_type == "Armed clash" and clash.event_date == date(2017, 6, 9)
    assert clash.location == "Ālbū Kamāl" and clash.geo_precision == 2
    assert clash.actor1 == "US-led coalition" or clash.actor2 == "US-led coalition"


# -- 3. sides and actors ---------------------------------------------------------------------

@pytest.mark.parametrize("lang, text, actor", [
    ("en", "A Russian missile hit the railway station in Kramatorsk on Friday.",
     "Russian military forces"),
    ("fr", "Un missile russe a frappé vendredi la gare de Kramatorsk.", "Russian military forces"),
    ("en", "An RSF drone struck a market in El Fasher on Monday.", "Rapid Support Forces"),
    ("fr", "Un drone des FSR a frappé lundi un marché d'El-Facher.", "Rapid Support Forces"),
])
def test_the_attacker_named_fills_actor1(gz: Gazetteer, lang: str, text: str,
                                         actor: str) -> None:
    (strike,) = _extract(gz, text, lang)
    assert strike.actor1 == actor
    assert strike.event_type == "Explosions/Remote violence"


@pytest.mark.parametrize("lang, text", [
    ("en", "Unidentified gunmen killed three farmers near Tafas, in Daraa province, on Monday."),
    ("fr", "Des hommes armés non identifiés ont tué trois agriculteurs lundi près de Tafas, dans "
           "la province de Deraa."),
])
def test_unnamed_gunmen_are_an_unidentified_armed_group(gz: Gazetteer, lang: str,
                                                        text: str) -> None:
    (attack,) = _extract(gz, text, lang)
    assert attack.actor1 == "Unidentified Armed Group (Syria)"
    assert attack.fatalities == 3 and attack.location == "Ţafas"  # the province qualifies it
    assert attack.geo_precision == 2


# -- 4. headline and bulletin style ----------------------------------------------------------

@pytest.mark.parametrize("lang, text, sub, place", [
    ("en", "Warplanes target the eastern countryside of Hama", "Air/drone strike", "Ḩamāh"),
    ("fr", "Des avions de guerre visent la campagne est de Hama", "Air/drone strike", "Ḩamāh"),
    ("en", "Shelling on Idlib countryside", "Shelling/artillery/missile attack", "Idlib"),
    ("fr", "Pilonnage dans les environs d'Idleb", "Shelling/artillery/missile attack", "Idlib"),
    ("en", "Clashes east of Deir Ezzor", "Armed clash", "Deir ez-Zor"),
    ("fr", "Combats à l'est de Deir Ezzor", "Armed clash", "Deir ez-Zor"),
])
def test_headlines_present_tense_and_nominal(gz: Gazetteer, lang: str, text: str, sub: str,
                                            place: str) -> None:
    (event,) = _extract(gz, text, lang)
    assert (event.sub_event_type, event.location) == (sub, place)
    assert event.geo_precision == 2 and event.event_date == TUESDAY


@pytest.mark.parametrize("lang, text", [
    ("en", "8 members of the regime forces were killed in Daraa"),
    ("fr", "8 membres des forces du régime ont été tués à Deraa"),
])
def test_a_passive_toll_with_no_subject_is_an_event(gz: Gazetteer, lang: str, text: str) -> None:
    (event,) = _extract(gz, text, lang)
    assert event.fatalities == 8 and event.location == "Dar‘ā"


@pytest.mark.parametrize("lang, text", [
    ("en", "74 persons were killed yesterday including 13 members of the regime forces"),
    ("fr", "74 personnes ont été tuées hier, dont 13 membres des forces du régime"),
])
def test_a_daily_tally_is_a_country_toll(gz: Gazetteer, lang: str, text: str) -> None:
    (toll,) = _extract(gz, text, lang)
    assert toll.fatalities == 74 and toll.tally
    assert toll.location == "Syria" and toll.geo_precision == 3
    assert toll.event_date == date(2017, 6, 12)


@pytest.mark.parametrize("lang, text", [
    ("en", "Clashes in al-Bab&#8217;s countryside"),
    ("fr", "Combats dans la campagne d&#8217;al-Bab"),
])
def test_entities_decoded_and_lower_case_articles(gz: Gazetteer, lang: str, text: str) -> None:
    (clash,) = _extract(gz, text, lang)
    assert clash.location == "Al Bāb" and clash.geo_precision == 2
    assert "’" in clash.quote and "&#" not in clash.quote
    assert (clash.quote_start, clash.quote_end) == (0, len(text))  # offsets of the text given


# -- 5. a place the gazetteer lacks ----------------------------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "Jihadists attacked the village of Ogossagou, in the Mopti region of Mali, killing "
           "20 herders."),
    ("fr", "Des jihadistes ont attaqué le village d'Ogossagou, dans la région de Mopti, au Mali, "
           "tuant 20 éleveurs."),
])
def test_a_village_outside_the_gazetteer_goes_to_its_region(gz: Gazetteer, lang: str,
                                                            text: str) -> None:
    (attack,) = _extract(gz, text, lang)
    assert attack.location == "Mopti" and attack.geo_precision == 3
    assert "Ogossagou" in (attack.notes or "") and attack.fatalities == 20


@pytest.mark.parametrize("lang, text", [
    ("en", "Mali: jihadists attacked the village of Ogossagou on Sunday, killing 20 herders."),
    ("fr", "Mali : des jihadistes ont attaqué dimanche le village d'Ogossagou, tuant 20 "
           "éleveurs."),
])
def test_only_a_country_named_gives_its_region_precision(gz: Gazetteer, lang: str,
                                                         text: str) -> None:
    (attack,) = _extract(gz, text, lang)
    assert attack.location == "Mali" and attack.geo_precision == 3  # never 1 at a centre
    assert "Ogossagou" in (attack.notes or "")


# -- 6. short texts with no country ----------------------------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "SDF fighters clash with IS in Manbij"),
    ("fr", "Combats entre les FDS et l'EI à Manbij"),
])
def test_actors_imply_the_country(gz: Gazetteer, lang: str, text: str) -> None:
    (clash,) = _extract(gz, text, lang)
    assert clash.location == "Manbij" and clash.place_id is not None
    assert 36 < clash.lat < 37 and 37 < clash.lon < 38.5  # Syria's Manbij, not Slovakia's
    assert (clash.actor1, clash.actor2) == ("Kurdish forces (YPG/SDF)", "Islamic State")


@pytest.mark.parametrize("lang, text", [
    ("en", "Clashes in Tripoli on Monday"),
    ("fr", "Combats lundi à Tripoli"),
])
def test_focus_from_the_caller_and_the_setting(gz: Gazetteer, lang: str, text: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOMAP_FOCUS", raising=False)
    (plain,) = _extract(gz, text, lang)
    (given,) = _extract(gz, text, lang, focus=("LB",))
    monkeypatch.setenv("GEOMAP_FOCUS", "LB")
    (set_,) = _extract(gz, text, lang)
    assert plain.lat < 33.5 and given.lat > 34 and set_.lat > 34  # Libya's, then Lebanon's


# -- contested figures -----------------------------------------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "The ministry said 12 people were killed in the strike on Lattakia, medics said 19."),
    ("fr", "Le ministère a fait état de 12 morts dans la frappe sur Lattaquié, les secouristes "
           "de 19."),
    ("en", "Moscow announced that 300 fighters were killed in the raids on Palmyra. "
           "According to the Syrian Observatory, 50 were killed."),
    ("fr", "Moscou a annoncé que 300 combattants avaient été tués dans les raids sur Palmyre. "
           "Selon l'OSDH, 50 ont été tués."),
])
def test_every_claim_kept_and_the_lowest_is_the_toll(gz: Gazetteer, lang: str,
                                                     text: str) -> None:
    (event,) = _extract(gz, text, lang)
    values = sorted(c["value"] for c in event.claims)
    assert len(values) == 2 and event.fatalities == values[0]
    assert all(c["source"] for c in event.claims)
    assert event.location != "Moscow"


@pytest.mark.parametrize("lang, text", [
    ("en", "Clashes erupted in the village of Ogossagou on Sunday."),
    ("fr", "Des combats ont éclaté dimanche dans le village d'Ogossagou."),
])
def test_a_place_known_nowhere_leaves_the_event_unplaced_for_review(gz: Gazetteer, lang: str,
                                                                   text: str) -> None:
    (clash,) = _extract(gz, text, lang)
    assert clash.sub_event_type == "Armed clash" and clash.event_date == date(2017, 6, 11)
    assert (clash.lat, clash.lon, clash.place_id) == (None, None, None)  # never a guess
    assert clash.location == "Ogossagou" and "not in the gazetteer" in (clash.notes or "")


@pytest.mark.parametrize("lang, text", [
    ("en", "Russian warplanes bombed Saraqib on Monday"),
    ("fr", "Des avions russes ont bombardé Saraqeb lundi"),
])
def test_a_foreign_force_does_not_move_the_report_to_its_country(gz: Gazetteer, lang: str,
                                                                  text: str) -> None:
    (strike,) = _extract(gz, text, lang)
    assert strike.location == "Saraqib" and strike.actor1 == "Russian military forces"


# -- a place inside an actor's name ----------------------------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "Hayyaat Tahrir Al-Sham assassinates one of the prisoners in its custody"),
    ("en", "Fighting continues between Tahrir Al-Sham and Ahrar Al-Sham near Saraqib"),
    ("fr", "Des combats opposent Tahrir al-Cham et Ahrar al-Cham près de Saraqeb"),
    ("en", "The US-led coalition struck Raqqa overnight"),
    ("fr", "La coalition menée par Washington a frappé Raqqa dans la nuit"),
])
def test_a_place_in_an_actors_name_is_no_event_place(gz: Gazetteer, lang: str, text: str
                                                     ) -> None:
    """"al-Sham" in Tahrir al-Sham names the group (the Levant), not Damascus; "US" in
    "US-led" and Washington leading a coalition describe the actor, not where it struck."""
    events = _on_map(_extract(gz, text, lang))
    assert events
    assert not {e.location for e in events} & {"Damascus", "Damas", "Washington",
                                               "United States"}


# -- a place named by its role: "the capital" -------------------------------------------------

@pytest.mark.parametrize("lang, text, capital", [
    ("en", "A car bomb exploded in the Yemeni capital on Monday, killing 12 people.", "Sanaa"),
    ("fr", "Une voiture piégée a explosé lundi dans la capitale yéménite, tuant 12 personnes.",
     "Sanaa"),
    ("en", "Regime forces shelled the outskirts of the capital, the Syrian Observatory said.",
     "Damascus"),
    ("fr", "Les forces du régime syrien ont bombardé la capitale lundi, tuant quatre civils.",
     "Damascus"),
    ("en", "A grenade attack in central Kabul, the capital, killed two police officers.", "Kabul"),
])
def test_the_capital_is_the_capital_of_the_reports_country(gz: Gazetteer, lang: str, text: str,
                                                           capital: str) -> None:
    """"The capital" is that of the country the report is about (its actors, its places);
    "the Yemeni capital" that of the country the adjective names; a name beside the phrase
    is the place itself and is not counted twice."""
    events = _on_map(_extract(gz, text, lang))
    assert [e.location for e in events] == [capital]


@pytest.mark.parametrize("lang, text", [
    ("en", "A car bomb exploded in the provincial capital on Monday, killing 12 people."),
    ("en", "Capital markets fell after a car bomb exploded in the capital of the province."),
    ("fr", "Une voiture piégée a explosé lundi dans la capitale économique, tuant 12 personnes."),
])
def test_a_capital_that_is_not_the_countrys_names_no_place(gz: Gazetteer, lang: str,
                                                           text: str) -> None:
    """"The provincial capital", "the capital of the province", "la capitale économique":
    not the country's capital, and the text does not say which country anyway."""
    events = _extract(gz, text, lang)
    assert all(e.location is None or e.geo_precision == 3 for e in events), events


@pytest.mark.parametrize("lang, text", [
    ("en", "Five fighters were killed in an attack on the “Euphrates Shield” areas on Monday"),
    ("fr", "Cinq combattants ont été tués lundi dans une attaque contre la zone du « Bouclier "
           "de l'Euphrate »"),
])
def test_a_quoted_name_runs_on_into_the_word_after_it(gz: Gazetteer, lang: str, text: str
                                                      ) -> None:
    """Monitors quote the names of operations' zones ("the “Euphrates Shield” areas"): the
    quotes do not cut the region's name."""
    events = _on_map(_extract(gz, text, lang))
    assert [e.place_id for e in events] == ["geomap:sy-region-euphrates-shield-area"], events


# -- weapons, forces and sources named in other wars -----------------------------------------

@pytest.mark.parametrize("lang, text", [
    ("en", "Two suicide bombers and gunmen attacked crowds outside Kabul airport on Monday, "
           "killing at least 60 people."),
    ("fr", "Deux kamikazes se sont fait exploser lundi devant l'aéroport de Kaboul, tuant au "
           "moins 60 personnes."),
])
def test_suicide_bombers_are_no_air_strike(gz: Gazetteer, lang: str, text: str) -> None:
    """"Bombers" are aircraft, except suicide bombers: the attack is a suicide bombing."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Suicide bomb", 60)]


@pytest.mark.parametrize("lang, text, actor", [
    ("en", "Israeli strikes on a house in Rafah killed 12 people overnight.", "Israel"),
    ("fr", "Des frappes israéliennes ont tué 12 personnes dans une maison de Rafah.", "Israel"),
    ("en", "Myanmar's military carried out an air strike on a village in Sagaing region on "
           "Monday, killing 11 civilians.", "Myanmar"),
    ("fr", "L'armée birmane a mené lundi une frappe aérienne sur un village de la région de "
           "Sagaing, tuant 11 civils.", "Myanmar"),
    ("en", "Sudan's army shelled positions of the paramilitaries in Omdurman on Monday.",
     "Sudan"),
])
def test_forces_named_by_their_country_are_the_attacker(gz: Gazetteer, lang: str, text: str,
                                                        actor: str) -> None:
    """"Israeli strikes", "Myanmar's military", "l'armée birmane": the state's forces,
    whether the country is an adjective or a possessive."""
    events = _on_map(_extract(gz, text, lang))
    assert events and events[0].actor1 is not None and actor in events[0].actor1, events


@pytest.mark.parametrize("lang, text", [
    ("en", "Israeli strikes on a house in Rafah killed 12 people overnight, the Gaza health "
           "ministry said. The military said it had killed dozens of militants."),
    ("en", "Shelling on Sake killed seven people on Monday, the Goma mayor's office said."),
])
def test_a_place_in_a_sources_name_is_no_event_place(gz: Gazetteer, lang: str, text: str
                                                     ) -> None:
    """"The Gaza health ministry", "the Goma mayor's office" name who speaks, not where
    anything happened."""
    events = _on_map(_extract(gz, text, lang))
    assert events and not {e.location for e in events} & {"Gaza", "Goma"}, events


@pytest.mark.parametrize("lang, text", [
    ("fr", "Au moins 18 civils ont été tués dimanche dans l'attaque d'un village de la région "
           "du Sahel, au Burkina Faso, par des hommes armés."),
    ("en", "Gunmen killed at least 18 civilians on Sunday in an attack on a village in the "
           "Sahel region of Burkina Faso."),
])
def test_an_event_placed_at_a_province_has_the_precision_of_a_region(gz: Gazetteer, lang: str,
                                                                     text: str) -> None:
    """ACLED's geo_precision 3: only a province is named, the event stands at its centre."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.location, e.geo_precision) for e in events] == [("Sahel", 3)], events


@pytest.mark.parametrize("lang, text", [
    ("en", "Gunmen shot dead two aid workers in Bambari on Monday, the UN said."),
    ("fr", "Des hommes armés ont abattu lundi deux humanitaires à Bambari, selon l'ONU."),
    ("en", "Two teachers were gunned down in Ouahigouya on Monday."),
    ("fr", "Deux enseignants ont été assassinés lundi à Ouahigouya."),
])
def test_unarmed_victims_named_by_their_work_are_civilians(gz: Gazetteer, lang: str,
                                                           text: str) -> None:
    """Aid workers, teachers, journalists, medics are civilians: shooting them dead is
    violence against civilians, and they are its toll."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.event_type, e.actor2, e.fatalities) for e in events] == [
        ("Violence against civilians", "Civilians", 2)], events


@pytest.mark.parametrize("lang, text, attacker, victims", [
    ("fr", "Au Niger, 89 soldats ont été tués jeudi dans l'attaque du camp militaire de "
           "Chinégodar. L'attaque a été revendiquée par le groupe État islamique.",
     "Islamic State", "Niger military forces"),
    ("en", "In Niger, 89 soldiers were killed on Thursday in an attack on the army camp at "
           "Chinegodar. The Islamic State group claimed the attack.",
     "Islamic State", "Niger military forces"),
])
def test_a_counted_force_is_the_toll_not_the_attacker(gz: Gazetteer, lang: str, text: str,
                                                      attacker: str, victims: str) -> None:
    """"89 soldats ont été tués": the soldiers are the victims (actor2); the group the next
    sentence says claimed the attack is the attacker, on the same event."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.actor1, e.actor2, e.fatalities) for e in events] == [(attacker, victims, 89)]


@pytest.mark.parametrize("lang, text, place", [
    ("en", "Protesters gathered in Tel Aviv on Saturday to demand a ceasefire deal, police said.",
     "Tel Aviv"),
    ("fr", "Des milliers de manifestants réunis à Tel-Aviv samedi ont réclamé un cessez-le-feu, "
           "selon la police.", "Tel Aviv"),
])
def test_where_protesters_gather_is_the_protests_place(gz: Gazetteer, lang: str, text: str,
                                                       place: str) -> None:
    """"Protesters gathered in X": a protest at X (not where a statement was made)."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.event_type, e.location) for e in events] == [("Protests", place)], events


@pytest.mark.parametrize("lang, text", [
    ("en", "Forces loyal to eastern commander Khalifa Haftar carried out an air strike on "
           "Mitiga airport in Tripoli on Monday."),
    ("fr", "Les forces fidèles au maréchal Khalifa Haftar ont mené lundi une frappe aérienne "
           "sur l'aéroport de Mitiga, à Tripoli."),
])
def test_libyas_parties_are_actors(gz: Gazetteer, lang: str, text: str) -> None:
    """Actors of other wars are data in actors.toml: Haftar's forces are the LNA (Libya)."""
    events = _on_map(_extract(gz, text, lang))
    assert [e.actor1 for e in events] == ["Libyan National Army (Haftar)"], events
    assert 32 < events[0].lat < 33.5 and 12.5 < events[0].lon < 14  # Tripoli, Libya


@pytest.mark.parametrize("lang, text", [
    ("fr", "Une centaine de civils ont été tués dans la nuit de vendredi à samedi dans l'attaque "
           "du village de Solhan, dans le nord du Burkina Faso, a annoncé le gouvernement."),
    ("en", "About 100 civilians were killed overnight in an attack on the village of Solhan, "
           "in northern Burkina Faso, the government said."),
])
def test_a_village_in_a_named_country_is_not_a_namesake_abroad(gz: Gazetteer, lang: str,
                                                               text: str) -> None:
    """The gazetteer lacks Burkina Faso's Solhan: one event, in Burkina Faso with a region's
    precision, not a second one in Turkey's Solhan."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.location, e.geo_precision, e.fatalities) for e in events] == [
        ("Burkina Faso", 3, 100)], events


@pytest.mark.parametrize("lang, text", [
    ("en", "A Palestinian journalist was shot dead in Jenin on Wednesday."),
    ("fr", "Un jeune berger a été abattu mercredi près de Tessit."),
    ("en", "An air strike killed a child in Idlib on Wednesday."),
    ("fr", "Une frappe a tué un civil à Idleb mercredi."),
])
def test_one_victim_named_with_an_article_is_a_toll_of_one(gz: Gazetteer, lang: str,
                                                           text: str) -> None:
    """"A journalist was shot dead", "a tué un civil": one death, though no number is
    written."""
    events = _on_map(_extract(gz, text, lang))
    assert [e.fatalities for e in events] == [1], events


@pytest.mark.parametrize("lang, text, toll", [
    ("en", "Militants executed two persons in Kafr Nabl on charge of “killing a person”.", 2),
    ("en", "A few people were killed in Homs on Wednesday.", None),
    ("fr", "Un groupe de soldats a été attaqué mercredi à Tessit, faisant trois morts.", 3),
])
def test_an_article_counts_one_only_where_no_figure_is_given(gz: Gazetteer, lang: str,
                                                             text: str, toll: int | None
                                                             ) -> None:
    """A written figure is the toll; "a few people", "un groupe de soldats" count no one."""
    events = _on_map(_extract(gz, text, lang))
    assert events and events[0].fatalities == toll, events


@pytest.mark.parametrize("lang, text, place", [
    ("fr", "Bamako (AFP) - Au moins 134 civils ont été tués samedi à Mopti par des chasseurs "
           "dogons, selon les autorités.", "Mopti"),
    ("en", "BAMAKO, March 24 (Reuters) - Dogon hunters killed at least 134 civilians in Mopti "
           "on Saturday, officials said.", "Mopti"),
])
def test_a_dateline_is_where_the_report_was_filed(gz: Gazetteer, lang: str, text: str,
                                                  place: str) -> None:
    """"Bamako (AFP) -" says where the agency filed, not where anything happened; hunters'
    militias are named by their people."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.location, e.actor1, e.fatalities) for e in events] == [
        (place, "Dogon militia", 134)], events


@pytest.mark.parametrize("lang, text", [
    ("en", "A truck bomb exploded in Mogadishu on Saturday, killing at least 276 people. No "
           "group has claimed responsibility, but al Shabaab often carries out such attacks."),
    ("fr", "Un camion piégé a explosé samedi à Mogadiscio, tuant au moins 276 personnes. Aucun "
           "groupe n'a revendiqué l'attentat, mais les shebab mènent souvent de telles attaques."),
])
def test_what_a_group_often_does_is_no_event(gz: Gazetteer, lang: str, text: str) -> None:
    """A habit told to explain ("often carries out such attacks") is no second event."""
    events = _on_map(_extract(gz, text, lang))
    assert [e.fatalities for e in events] == [276], events


@pytest.mark.parametrize("lang, text", [
    ("en", "Insurgents attacked the town of Palma in northern Mozambique on Wednesday."),
    ("fr", "Des insurgés ont attaqué mercredi la ville de Palma dans le nord du Mozambique."),
])
def test_a_region_after_in_rules_out_a_namesake(gz: Gazetteer, lang: str, text: str) -> None:
    """"Palma in northern Mozambique" is not Palma de Mallorca: the gazetteer lacks
    Mozambique's Palma, so the event is in Mozambique, and its actors are Mozambique's."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.location, e.geo_precision) for e in events] == [("Mozambique", 3)], events
    assert events[0].actor1 is not None and "Mozambique" in events[0].actor1


@pytest.mark.parametrize("lang, text", [
    ("en", "A missile strike on a train station in Kramatorsk killed at least 50 people as "
           "civilians tried to flee eastern Ukraine, officials said."),
    ("fr", "Une frappe de missile sur la gare de Kramatorsk a tué au moins 50 personnes alors "
           "que des civils tentaient de fuir l'est de l'Ukraine, selon les autorités."),
])
def test_an_attempt_is_no_event_and_the_attacks_country_no_second_place(
        gz: Gazetteer, lang: str, text: str) -> None:
    """"As civilians tried to flee eastern Ukraine": no displacement (an attempt), and the
    country of the strike's town is no second place for its toll."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.location, e.fatalities) for e in events] == [("Kramatorsk", 50)], events


@pytest.mark.parametrize("lang, text", [
    ("en", "Turkish troops were killed in an air strike by Syrian government forces in Idlib on "
           "Thursday. At least 33 soldiers died, the governor of Hatay said."),
    ("fr", "Des soldats turcs ont été tués jeudi dans une frappe aérienne des forces du régime "
           "syrien à Idleb. Au moins 33 soldats sont morts, a indiqué le gouverneur de Hatay."),
])
def test_an_official_named_by_a_place_speaks_from_it(gz: Gazetteer, lang: str, text: str
                                                     ) -> None:
    """"The governor of Hatay said": Hatay is where the official governs, not where the
    soldiers died; the toll is the strike's."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.location, e.fatalities) for e in events] == [("Idlib", 33)], events


@pytest.mark.parametrize("lang, text", [
    ("en", "Armed bandits abducted about 60 people from a village in Zamfara state on Sunday."),
    ("fr", "Des bandits armés ont enlevé dimanche une soixantaine de personnes dans un village "
           "de l'Etat de Zamfara."),
])
def test_bandits_are_an_unidentified_armed_group(gz: Gazetteer, lang: str, text: str) -> None:
    events = _on_map(_extract(gz, text, lang))
    assert [e.actor1 for e in events] == ["Unidentified Armed Group (Nigeria)"], events


@pytest.mark.parametrize("lang, text", [
    ("en", "Dozens of people were killed in a suspected chemical attack on the rebel-held town "
           "of Douma, rescue workers said."),
    ("fr", "Des dizaines de personnes ont été tuées dans une attaque chimique présumée contre la "
           "ville rebelle de Douma, selon les secouristes."),
])
def test_a_chemical_attack_is_acleds_chemical_weapon(gz: Gazetteer, lang: str, text: str
                                                     ) -> None:
    events = _on_map(_extract(gz, text, lang))
    assert [(e.sub_event_type, e.location) for e in events] == [("Chemical weapon", "Dūmā")]


@pytest.mark.parametrize("lang, text, actor", [
    ("en", "Hamas fired more than 100 rockets at Tel Aviv on Tuesday evening.", "Hamas"),
    ("fr", "Le Hamas a tiré mardi soir plus de 100 roquettes sur Tel-Aviv.", "Hamas"),
    ("en", "Islamic Jihad fired rockets at Sderot on Tuesday.", "Palestinian Islamic Jihad"),
])
def test_palestinian_armed_groups_are_actors(gz: Gazetteer, lang: str, text: str,
                                             actor: str) -> None:
    events = _on_map(_extract(gz, text, lang))
    assert [e.actor1 for e in events] == [actor], events


def test_displaced_before_a_people_is_an_adjective(gz: Gazetteer) -> None:
    """"A school sheltering displaced Palestinians": no displacement event."""
    events = _on_map(_extract(gz, "An Israeli strike on a school sheltering displaced "
                                  "Palestinians in Gaza City killed more than 90 people.", "en"))
    assert [e.sub_event_type for e in events] == ["Air/drone strike"], events


@pytest.mark.parametrize("lang, text", [
    ("en", "Security forces fired tear gas and live ammunition at protesters in Khartoum on "
           "Thursday, killing four students, medics said."),
    ("fr", "Les forces de sécurité ont tiré à balles réelles sur des manifestants à Khartoum "
           "jeudi, tuant quatre lycéens, selon des médecins."),
])
def test_protesters_killed_by_forces_are_one_protest_event(gz: Gazetteer, lang: str,
                                                           text: str) -> None:
    """ACLED's "excessive force against protesters": one event on the protest's day, the
    forces actor2, the toll its own."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.sub_event_type, e.event_date, e.actor2, e.fatalities) for e in events] == [
        ("Excessive force against protesters", date(2017, 6, 8), "Sudanese Armed Forces", 4)]


@pytest.mark.parametrize("lang, text", [
    ("fr", "L'armée nigériane a affirmé mardi avoir tué une vingtaine de jihadistes de Boko Haram "
           "lors d'une offensive dans l'Etat de Borno."),
    ("en", "The Nigerian army said on Tuesday it had killed 20 fighters of Boko Haram during an "
           "offensive in Borno state."),
])
def test_the_group_whose_counted_men_were_killed_is_the_target(gz: Gazetteer, lang: str,
                                                                text: str) -> None:
    """"Une vingtaine de jihadistes de Boko Haram": the group is the one the toll counts, the
    army the attacker; the killing of an armed group's men is a battle."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.event_type, e.actor1, e.actor2, e.fatalities) for e in events] == [
        ("Battles", "Nigeria military forces", "Boko Haram", 20)], events


@pytest.mark.parametrize("lang, text", [
    ("en", "More than 10,000 civilians have fled the rebel-held districts of Aleppo since "
           "midnight, the Observatory said."),
    ("fr", "Plus de 10.000 civils ont fui les quartiers rebelles d'Alep depuis minuit, selon "
           "l'Observatoire."),
])
def test_counted_civilians_who_flee_are_the_displacements_actor(gz: Gazetteer, lang: str,
                                                                text: str) -> None:
    """A counted group is a toll's victims, but civilians who flee are the actor of their
    own displacement."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Displacement", "Civilians")]


@pytest.mark.parametrize("lang, text", [
    ("en", "Protesters stormed a police station in Bamako on Friday, killing two officers."),
    ("fr", "Des manifestants ont pris d'assaut un commissariat à Bamako vendredi, tuant deux "
           "policiers."),
    ("en", "Riots broke out in Bamako on Friday, leaving two people dead."),
    ("fr", "Des émeutes ont éclaté vendredi à Bamako, faisant deux morts."),
])
def test_the_violence_of_protesters_is_a_riot(gz: Gazetteer, lang: str, text: str) -> None:
    """ACLED's Riots: a riot named, or protesters whose own violence kills; one event."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.event_type, e.sub_event_type, e.fatalities) for e in events] == [
        ("Riots", "Violent demonstration", 2)], events


@pytest.mark.parametrize("lang, text, toll", [
    ("en", "Two car bombs exploded at the education ministry in Mogadishu on Saturday, killing "
           "at least 100 people.", 100),
    ("fr", "Deux voitures piégées ont explosé samedi devant le ministère de l'Education à "
           "Mogadiscio, faisant au moins 100 morts.", 100),
    ("en", "A suicide truck bombing in Baghdad's Karrada district on Sunday killed at least 115 "
           "people.", 115),
])
def test_a_figure_that_counts_weapons_is_no_claimed_toll(gz: Gazetteer, lang: str, text: str,
                                                         toll: int) -> None:
    """"Two car bombs … at the ministry": the figure counts bombs; a ministry near it does not
    make it a claimant's toll (only a bare figure is: "… medics said 19")."""
    events = _on_map(_extract(gz, text, lang))
    assert [e.fatalities for e in events] == [toll], events
    assert events[0].sub_event_type in ("Remote explosive/landmine/IED", "Suicide bomb")


@pytest.mark.parametrize("lang, text", [
    ("fr", "Au moins 53 soldats maliens et un civil ont été tués vendredi dans une attaque contre "
           "un camp militaire à Ménaka."),
    ("en", "At least 53 Malian soldiers and a civilian were killed on Friday in an attack on an "
           "army camp in Menaka."),
])
def test_an_attack_that_kills_soldiers_first_is_a_battle(gz: Gazetteer, lang: str,
                                                        text: str) -> None:
    """The people a toll counts first say who the attack was on: soldiers (a civilian among
    them does not make it an attack on civilians)."""
    events = _on_map(_extract(gz, text, lang))
    assert [(e.event_type, e.actor2) for e in events] == [("Battles", "Mali military forces")]
