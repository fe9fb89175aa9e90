"""Hypothesis strategies for the store's records."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from geomap.models import EVENT_TYPES, STATUSES, Event

__all__ = ["texts", "events", "lonlats", "bboxes", "DAY0"]

DAY0 = date(2016, 12, 11)

#: text any engine can store (no surrogates, no NUL)
texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)
names = texts.filter(lambda s: s.strip() != "").map(str.strip)
lats = st.floats(-90, 90, allow_nan=False)
lons = st.floats(-180, 180, allow_nan=False)
lonlats = st.tuples(lons, lats)


@st.composite
def events(draw: st.DrawFn, *, located: bool | None = None,
           dates: st.SearchStrategy[date] | None = None) -> Event:
    """An Event with any valid combination of fields (no id, report or sources)."""
    event_type = draw(st.sampled_from(sorted(EVENT_TYPES)))
    sub = draw(st.sampled_from(EVENT_TYPES[event_type]))
    # within the store's calendar (1900-2100) with room for a span of up to 400 days
    day = draw(dates if dates is not None else st.dates(date(1900, 1, 1), date(2099, 11, 26)))
    span = draw(st.none() | st.integers(0, 400))
    point = draw(lonlats if located else st.none() if located is False
                 else st.none() | lonlats)
    lon, lat = point if point is not None else (None, None)
    start = draw(st.none() | st.integers(0, 5000))
    return Event(
        event_date=day, event_type=event_type, sub_event_type=sub,
        date_end=None if span is None else day + timedelta(days=span),
        time_precision=draw(st.sampled_from((1, 2, 3))),
        actor1=draw(st.none() | names), actor2=draw(st.none() | names),
        fatalities=draw(st.none() | st.integers(0, 10**9)),
        counts=draw(st.dictionaries(names, st.integers(0, 2**31 - 1), max_size=3)),
        lower_bounds=draw(st.lists(names, max_size=2)),
        tally=draw(st.booleans()), place_id=draw(st.none() | names),
        location=draw(st.none() | texts), lat=lat, lon=lon,
        geo_precision=draw(st.sampled_from((1, 2, 3))), quote=draw(texts),
        quote_start=start, quote_end=None if start is None else start + draw(st.integers(0, 500)),
        confidence=draw(st.floats(0, 1)), status=draw(st.sampled_from(STATUSES)),
        source=draw(st.none() | names), notes=draw(st.none() | texts),
        controlled_by=draw(st.none() | names), background=draw(st.booleans()),
        claims=draw(st.lists(claims(), max_size=3)),
    )


def claims() -> st.SearchStrategy[dict[str, object]]:
    """One claimant's figure, as Event.claims holds it."""
    return st.fixed_dictionaries({
        "field": st.sampled_from(["fatalities", "injured", "displaced"]),
        "value": st.integers(0, 10**9), "lower_bound": st.booleans(),
        "source": st.none() | names})


@st.composite
def bboxes(draw: st.DrawFn) -> tuple[float, float, float, float]:
    """A bbox (min lon, min lat, max lon, max lat); min lon > max lon crosses the antimeridian."""
    lat1, lat2 = sorted((draw(lats), draw(lats)))
    return (draw(lons), lat1, draw(lons), lat2)
