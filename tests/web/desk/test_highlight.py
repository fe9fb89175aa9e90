"""The review text's highlights: well nested, everything outside the tags escaped."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from geomap.extract.triggers import triggers as find_triggers
from geomap.models import Event
from web.desk.highlight import Span, event_spans, highlight, trigger_spans


def test_marks_nest_and_the_text_is_escaped() -> None:
    text = "a <b>x</b> & c"
    html = str(highlight(text, [Span(0, 5, "quote", 't"<', (1,)), Span(3, 9, "place", "p")]))
    assert html == (
        '<mark class="desk-quote" title="t&#34;&lt;" data-events="1">a &lt;'
        '<mark class="desk-place" title="p" data-events="">b&gt;</mark></mark>'
        '<mark class="desk-place" title="p" data-events="">x&lt;/b</mark>&gt; &amp; c')


def test_overlaps_keep_the_first_and_same_sentence_quotes_merge() -> None:
    spans = [Span(0, 4, "place", "A"), Span(2, 6, "trigger", "B"),
             Span(0, 8, "quote", "E1", (1,)), Span(0, 8, "quote", "E2", (2,))]
    html = str(highlight("abcdefgh", spans))
    assert html.count('class="desk-quote"') == 1 and 'data-events="1 2"' in html
    assert "E1\nE2" in html and "trigger" not in html


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(-3, 45), st.integers(0, 50),
                                                st.sampled_from(["quote", "place", "trigger"])),
                                      max_size=8))
def test_any_spans_give_balanced_marks_and_the_whole_text(
        text: str, raw: list[tuple[int, int, str]]) -> None:
    html = str(highlight(text, [Span(a, b, kind, "<t>") for a, b, kind in raw]))
    assert html.count("<mark") == html.count("</mark>")
    import re
    from html import unescape

    assert unescape(re.sub(r"<[^>]*>", "", html)) == text
    assert "<t>" not in html


def test_triggers_name_their_events() -> None:
    text = "Des frappes aériennes ont touché Alep dimanche. Rien à Paris."
    triggers = find_triggers(text, "fr")
    assert [text[a:b] for _, a, b in triggers] == ["frappes aériennes"]
    event = Event(event_date=date(2016, 12, 11), event_type="Explosions/Remote violence",
                  sub_event_type="Air/drone strike", quote_start=0, quote_end=47)
    spans = trigger_spans(triggers, [(3, event)])
    assert spans[0].events == (3,) and "event 3" in spans[0].title
    assert event_spans([(3, event)])[0].title.startswith("Event 3: Air/drone strike")
    assert find_triggers(text, "xx") == []
