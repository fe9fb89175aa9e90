"""A report's text with its place mentions, event triggers and event sentences marked.

The text is untrusted: it is cut into segments, each escaped, and only the ``<mark>`` tags
made here (with escaped attributes) are markup. Event sentences are the outer marks; place
mentions and triggers nest inside them (a span crossing a sentence's edge is split).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from gazetteer import Mention
from geomap.models import Event

__all__ = ["Span", "highlight", "mention_spans", "event_spans", "trigger_spans"]


@dataclass(frozen=True)
class Span:
    """``text[start:end]`` marked as ``kind`` (quote, place or trigger), with a tooltip."""

    start: int
    end: int
    kind: str
    title: str
    events: tuple[int, ...] = ()

    @property
    def outer(self) -> bool:
        return self.kind == "quote"


def _tag(span: Span) -> Markup:
    events = " ".join(str(n) for n in span.events)
    return Markup('<mark class="desk-{}" title="{}" data-events="{}">').format(
        span.kind, span.title, events)


def _layer(spans: Iterable[Span], size: int) -> list[Span]:
    """Non-overlapping spans inside the text: where two overlap, the earlier (then longer)
    one is kept; quotes of the same sentence are merged into one."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        start, end = max(0, span.start), min(size, span.end)
        if start >= end:
            continue
        if kept and kept[-1].start == start and kept[-1].end == end and span.outer:
            last = kept[-1]
            kept[-1] = Span(start, end, last.kind, f"{last.title}\n{span.title}",
                            last.events + span.events)
        elif not kept or start >= kept[-1].end:
            kept.append(Span(start, end, span.kind, span.title, span.events))
    return kept


def highlight(text: str, spans: Sequence[Span]) -> Markup:
    """``text`` as HTML with ``spans`` as ``<mark>`` elements (everything else escaped)."""
    outer = _layer((s for s in spans if s.outer), len(text))
    inner = _layer((s for s in spans if not s.outer), len(text))
    cuts = sorted({0, len(text), *(p for s in outer + inner for p in (s.start, s.end))})
    parts: list[Markup] = []
    o = i = 0
    open_outer: Span | None = None
    open_inner: Span | None = None
    for a, b in zip(cuts, cuts[1:], strict=False):
        while o < len(outer) and outer[o].end <= a:
            o += 1
        while i < len(inner) and inner[i].end <= a:
            i += 1
        want_outer = outer[o] if o < len(outer) and outer[o].start <= a else None
        want_inner = inner[i] if i < len(inner) and inner[i].start <= a else None
        if want_outer is not open_outer:
            if open_inner is not None:
                parts.append(Markup("</mark>"))
                open_inner = None
            if open_outer is not None:
                parts.append(Markup("</mark>"))
            if want_outer is not None:
                parts.append(_tag(want_outer))
            open_outer = want_outer
        if want_inner is not open_inner:
            if open_inner is not None:
                parts.append(Markup("</mark>"))
            if want_inner is not None:
                parts.append(_tag(want_inner))
            open_inner = want_inner
        parts.append(escape(text[a:b]))
    parts += [Markup("</mark>")] * ((open_inner is not None) + (open_outer is not None))
    return Markup("").join(parts)


def _place_label(name: str, kind: str, country: str | None) -> str:
    return f"{name} ({kind}{', ' + country if country else ''})"


def mention_spans(mentions: Iterable[Mention]) -> list[Span]:
    """A span per place mention: the place it was resolved to, its kind (how precise it is),
    the resolver's confidence and the candidates it beat."""
    out = []
    for m in mentions:
        p = m.place
        title = (f"Place: {_place_label(p.name, p.kind, p.country_code)} [{p.id}], "
                 f"confidence {m.score:.2f}")
        if m.candidates:
            beaten = "; ".join(f"{_place_label(c.name, c.kind, c.country_code)} {score:.2f}"
                               for c, score in m.candidates)
            title += f"\nCandidates it beat: {beaten}"
        out.append(Span(m.start, m.end, "place", title))
    return out


def event_spans(events: Sequence[tuple[int, Event]]) -> list[Span]:
    """A span per numbered event: the sentence it was extracted from."""
    out = []
    for number, e in events:
        if e.quote_start is None or e.quote_end is None:
            continue
        where = f" in {e.location}" if e.location else ""
        out.append(Span(e.quote_start, e.quote_end, "quote",
                        f"Event {number}: {e.sub_event_type}{where}, {e.event_date} "
                        f"({e.status})", (number,)))
    return out


def trigger_spans(triggers: Iterable[tuple[str, int, int]],
                  events: Sequence[tuple[int, Event]]) -> list[Span]:
    """A span per trigger (``geomap.extract.triggers``), naming the events extracted from
    its sentence."""
    out = []
    for kind, start, end in triggers:
        numbers = tuple(n for n, e in events if e.quote_start is not None
                        and e.quote_end is not None and e.quote_start <= start < e.quote_end)
        told = f" (event {', '.join(map(str, numbers))})" if numbers else ""
        out.append(Span(start, end, "trigger",
                        f"Trigger: {kind.replace('_', ' ')}{told}", numbers))
    return out
