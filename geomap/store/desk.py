"""What the newsroom desk needs from a store: the review queue's report summaries and the
story maps with their versions. :class:`geomap.store.Store` inherits this contract."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime

from ..models import headline_of
from ..stories import StoryInfo, StoryMap

__all__ = ["DeskStore", "ReportSummary"]


@dataclass(frozen=True)
class ReportSummary:
    """A report in a list: what identifies it, its first words, and how many of the events it
    tells are in each review status."""

    id: str
    title: str | None
    source_name: str | None
    url: str | None
    published: date | None
    lang: str | None
    ingested_at: datetime
    excerpt: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def headline(self) -> str:
        """Its title, else the headline or first sentence its first words give."""
        return self.title or headline_of(self.excerpt)


class DeskStore(ABC):
    """Report summaries and story maps."""

    @abstractmethod
    def report_summaries(self, *, status: str | None = None, limit: int = 50,
                         offset: int = 0) -> tuple[list[ReportSummary], int]:
        """A page of reports, newest ingested first, and how many there are; with ``status``
        only the reports that tell at least one event in that status.

        Raises:
            InvalidQuery: an unknown status, or a negative limit or offset.
        """

    @abstractmethod
    def publish_story(self, story: StoryMap, *, who: str) -> StoryMap:
        """Store ``story`` as the next version of its slug (version 1 for a new slug) and
        return it as stored. When the latest version has the same settings and snapshot
        (a form sent twice), nothing is written and that version is returned.

        Raises:
            InvalidData: an invalid story or no ``who`` (nothing is written).
        """

    @abstractmethod
    def get_story(self, slug: str, *, version: int | None = None) -> StoryMap:
        """A version of a story map (the latest when ``version`` is None), with its snapshot.

        Raises:
            NotFound: no such story map, or no such version of it.
        """

    @abstractmethod
    def list_stories(self) -> list[StoryInfo]:
        """The latest version of every story map, most recently published first."""

    @abstractmethod
    def story_versions(self, slug: str) -> list[StoryInfo]:
        """Every version of a story map, oldest first (empty for an unknown slug)."""
