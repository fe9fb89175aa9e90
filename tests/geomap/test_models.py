"""What to call a report without a title: its headline, else its first sentence."""

from __future__ import annotations

import pytest

from geomap.models import Report, headline_of


@pytest.mark.parametrize("text, expected", [
    ("Syria: Palmyra retaken\nIslamic State fighters pulled out at dawn.",
     "Syria: Palmyra retaken"),
    ("Des frappes ont touché Alep-Est dimanche. Le régime avance.",
     "Des frappes ont touché Alep-Est dimanche."),
    ("Plus de 10.000 civils ont fui. Selon l'OSDH, 413 morts.", "Plus de 10.000 civils ont fui."),
    ("One line only, no full stop", "One line only, no full stop"),
    ("\n\n  Leading blank lines. Then more.", "Leading blank lines."),
    ("", ""),
])
def test_headline_or_first_sentence(text: str, expected: str) -> None:
    assert headline_of(text) == expected


def test_a_long_first_sentence_is_cut_at_a_word() -> None:
    text = ("Sur un autre front de la guerre en Syrie, le groupe Etat islamique (EI) s'est "
            "retiré de la ville antique de Palmyre dont il s'était de nouveau emparée samedi.")
    cut = headline_of(text)
    assert cut.endswith("…") and len(cut) <= 120 and text.startswith(cut[:-1])
    assert cut[:-1].endswith("Palmyre")


def test_a_reports_title_comes_first() -> None:
    assert Report(text="Body. More.", title="Title").headline() == "Title"
    assert Report(text="Body. More.").headline() == "Body."
