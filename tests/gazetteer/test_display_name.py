"""Names readers know: display_name(lang) from the language-tagged names; name stays GeoNames'."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from gazetteer import Gazetteer
from geomap.cli import cli

TADMUR, ALEPPO = "geonames:163808", "geonames:170063"


@pytest.mark.parametrize("place_id, source_name, en, fr", [
    (TADMUR, "Tadmur", "Palmyra", "Palmyre"),
    (ALEPPO, "Aleppo", "Aleppo", "Alep"),
    ("geomap:alep-est", "East Aleppo", "East Aleppo", "Alep-Est"),
])
def test_display_names(gz: Gazetteer, place_id: str, source_name: str, en: str,
                       fr: str) -> None:
    place = gz.get(place_id)
    assert place is not None
    assert place.name == source_name
    assert place.display_name("en") == en
    assert place.display_name() == en
    assert place.display_name("fr") == fr


def test_transliterated_source_names_are_not_shown(gz: Gazetteer) -> None:
    hama = gz.lookup("Hama", country="SY")[0]
    assert hama.name != "Hama"  # GeoNames writes it with its diacritics
    assert hama.display_name("en") == "Hama"
    # no French name: the English one rather than the transliteration
    assert gz.lookup("Tikrit")[0].display_name("fr") == "Tikrit"


def test_abbreviations_and_acronyms_are_not_display_names(gz: Gazetteer) -> None:
    assert gz.lookup("Pennsylvania")[0].display_name("en") == "Pennsylvania"
    assert gz.country("US").display_name("en") == "United States"  # type: ignore[union-attr]
    assert gz.country("US").display_name("fr") in ("États-Unis", "Etats-Unis")  # type: ignore[union-attr]


def test_display_name_in_records(gz: Gazetteer) -> None:
    (mention,) = gz.geoparse("Les forces du régime ont repris Palmyre.", lang="fr")
    record = mention.to_dict("fr")
    assert record["name"] == "Tadmur" and record["display_name"] == "Palmyre"
    assert mention.to_dict()["display_name"] == "Palmyra"
    assert gz.get(TADMUR).to_dict("fr")["display_name"] == "Palmyre"  # type: ignore[union-attr]


def test_command_line_shows_display_names() -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["geocode", "Palmyre", "--json", "--limit", "1"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output.splitlines()[0])["display_name"] == "Palmyra"
    out = runner.invoke(cli, ["geoparse", "-", "--lang", "fr"],
                        input="Des frappes ont visé Palmyre et Alep.")
    assert out.exit_code == 0, out.output
    shown = {json.loads(line)["text"]: json.loads(line)["display_name"]
             for line in out.output.splitlines()}
    assert shown == {"Palmyre": "Palmyre", "Alep": "Alep"}
