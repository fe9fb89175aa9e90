"""What the newsroom desk needs from a store: the review queue's report summaries, the
story maps with their versions, and the editors' sessions. :class:`geomap.store.Store`
inherits this contract."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from ..models import headline_of
from ..stories import StoryInfo, StoryMap

__all__ = ["DeskStore", "ReportSummary", "DeskSession"]


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


@dataclass(frozen=True)
class DeskSession:
    """An editor's signed-in session, kept server-side so that it can end: ``id`` (a digest
    of the secret the browser holds, never the secret), who signed in, ``key`` (a digest of
    the token they signed in with, so that removing the token ends the session), when it
    began and when it expires."""

    id: str
    who: str
    key: str
    created_at: datetime
    expires_at: datetime


class DeskStore(ABC):
    """Report summaries, story maps and the editors' sessions."""

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

    @abstractmethod
    def open_session(self, session: DeskSession) -> None:
        """Record a new session (and forget the expired ones).

        Raises:
            InvalidData: an invalid session, or one whose id is taken.
        """

    @abstractmethod
    def find_session(self, session_id: str) -> DeskSession | None:
        """The session with this id, None when there is none or it has expired."""

    @abstractmethod
    def end_sessions(self, *, ids: Collection[str] = (), keys: Collection[str] = (),
                     keys_except: Collection[str] | None = None) -> int:
        """End the sessions with one of ``ids``, opened with one of ``keys``, or (with
        ``keys_except``) opened with any token but those; how many ended."""
