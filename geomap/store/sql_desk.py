"""The desk's part of the SQL store: report summaries for the review queue, story maps with
their versions, the editors' sessions. A mixin of :class:`geomap.store.sql.SQLStore`, which
supplies the transactions."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from ..jsontext import compact_json
from ..models import STATUSES
from ..stories import StoryInfo, StoryMap
from .base import Store, utcnow
from .desk import DeskSession, ReportSummary
from .errors import InvalidData, InvalidQuery, NotFound
from .schema import Tables
from .validate import MAX_INTEGER

__all__ = ["DeskMixin", "EXCERPT_CHARS"]

#: how much of a report's text a summary carries
EXCERPT_CHARS = 160


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class DeskMixin(Store):
    """Report summaries and story maps on top of the SQL plumbing of ``SQLStore``."""

    tables: Tables

    if TYPE_CHECKING:  # supplied by SQLStore
        def _write(self, *, counted: bool = True) -> AbstractContextManager[Connection]: ...
        def _read(self) -> AbstractContextManager[Connection]: ...
        def _ids(self, ids: Iterable[str]) -> list[str]: ...

    # -- the review queue ------------------------------------------------------------------

    def report_summaries(self, *, status: str | None = None, limit: int = 50,
                         offset: int = 0) -> tuple[list[ReportSummary], int]:
        if status is not None and status not in STATUSES:
            raise InvalidQuery(f"status must be among {STATUSES}, not {status!r}")
        for name, value in (("limit", limit), ("offset", offset)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidQuery(f"{name} must be a whole number >= 0, not {value!r}")
        t = self.tables
        r, ev, es = t.reports.c, t.events.c, t.event_sources.c
        conds = []
        if status is not None:
            conds.append(r.id.in_(select(es.report_id).join(
                t.events, ev.id == es.event_id).where(ev.status == status)))
        with self._read() as conn:
            total = conn.execute(select(func.count()).select_from(t.reports).where(*conds)
                                 ).scalar_one()
            rows = conn.execute(select(
                r.id, r.title, r.source_name, r.url, r.published, r.lang, r.ingested_at,
                func.substr(r.text, 1, EXCERPT_CHARS).label("excerpt")).where(*conds).order_by(
                r.ingested_at.desc(), r.id.desc()).limit(limit).offset(offset)).all()
            counts: dict[str, dict[str, int]] = {row.id: {} for row in rows}
            if rows:
                for rid, st, n in conn.execute(select(es.report_id, ev.status, func.count())
                                               .join(t.events, ev.id == es.event_id)
                                               .where(es.report_id.in_(list(counts)))
                                               .group_by(es.report_id, ev.status)):
                    counts[rid][st] = int(n)
        summaries = [ReportSummary(
            id=row.id, title=row.title, source_name=row.source_name, url=row.url,
            published=row.published, lang=row.lang, ingested_at=_aware(row.ingested_at),
            excerpt=" ".join(row.excerpt.split()), counts=counts[row.id]) for row in rows]
        return summaries, int(total)

    # -- story maps ------------------------------------------------------------------------

    def publish_story(self, story: StoryMap, *, who: str) -> StoryMap:
        if not isinstance(story, StoryMap):
            raise InvalidData(f"publish_story takes a StoryMap, not {type(story).__name__}")
        if not isinstance(who, str) or not who.strip():
            raise InvalidData("who must name whoever publishes")
        try:
            row = {"title": story.title, "description": story.description,
                   "alt_text": story.alt_text, "filters": compact_json(story.filters),
                   "as_of": story.as_of, "view": compact_json(story.view),
                   "layers": compact_json(list(story.layers)),
                   "snapshot": compact_json(story.snapshot),
                   "digest": story.digest()}
        except (TypeError, ValueError) as error:
            raise InvalidData(f"story map {story.slug}: {error}") from error
        t = self.tables
        sm, sv = t.story_maps, t.story_versions
        now = utcnow()
        with self._write() as conn:
            latest = conn.execute(select(sm.c.latest_version).where(
                sm.c.slug == story.slug)).scalar_one_or_none()
            if latest is not None:
                digest = conn.execute(select(sv.c.digest).where(
                    sv.c.slug == story.slug, sv.c.version == latest)).scalar_one()
                if digest == row["digest"]:
                    return self._story(conn, story.slug, latest)
                version = latest + 1
                conn.execute(update(sm).where(sm.c.slug == story.slug).values(
                    latest_version=version, updated_at=now))
            else:
                version = 1
                conn.execute(insert(sm).values(slug=story.slug, created_at=now,
                                               created_by=who.strip(), latest_version=1,
                                               updated_at=now))
            conn.execute(insert(sv).values(slug=story.slug, version=version, published_at=now,
                                           published_by=who.strip(), **row))
            return self._story(conn, story.slug, version)

    def _story(self, conn: Connection, slug: str, version: int | None) -> StoryMap:
        sm, sv = self.tables.story_maps.c, self.tables.story_versions.c
        if version is None:
            version = conn.execute(select(sm.latest_version).where(sm.slug == slug)
                                   ).scalar_one_or_none()
            if version is None:
                raise NotFound(f"no story map {slug!r}")
        row = conn.execute(select(sv.slug, sv.version, sv.published_at, sv.published_by,
                                  sv.title, sv.description, sv.alt_text, sv.filters, sv.as_of,
                                  sv.view, sv.layers, sv.snapshot).where(
            sv.slug == slug, sv.version == version)).first()
        if row is None:
            raise NotFound(f"no version {version} of story map {slug!r}")
        return StoryMap(slug=row.slug, title=row.title, description=row.description,
                        filters=json.loads(row.filters), as_of=row.as_of,
                        view=json.loads(row.view), layers=tuple(json.loads(row.layers)),
                        alt_text=row.alt_text, snapshot=json.loads(row.snapshot),
                        version=row.version, published_at=_aware(row.published_at),
                        published_by=row.published_by)

    def get_story(self, slug: str, *, version: int | None = None) -> StoryMap:
        if version is not None and (isinstance(version, bool) or not isinstance(version, int)
                                    or not 1 <= version <= MAX_INTEGER):
            raise NotFound(f"no version {version!r} of story map {slug!r}")
        with self._read() as conn:
            return self._story(conn, slug, version)

    def _infos(self, *conds: Any, latest: bool) -> list[StoryInfo]:
        sm, sv = self.tables.story_maps, self.tables.story_versions
        stmt = select(sv.c.slug, sv.c.version, sv.c.title, sv.c.published_at,
                      sv.c.published_by).where(*conds)
        if latest:
            stmt = stmt.join(sm, (sm.c.slug == sv.c.slug)
                             & (sm.c.latest_version == sv.c.version)).order_by(
                sm.c.updated_at.desc(), sv.c.slug)
        else:
            stmt = stmt.order_by(sv.c.version)
        with self._read() as conn:
            rows = conn.execute(stmt).all()
        return [StoryInfo(r.slug, r.version, r.title, _aware(r.published_at), r.published_by)
                for r in rows]

    def list_stories(self) -> list[StoryInfo]:
        return self._infos(latest=True)

    def story_versions(self, slug: str) -> list[StoryInfo]:
        return self._infos(self.tables.story_versions.c.slug == slug, latest=False)

    # -- sessions --------------------------------------------------------------------------

    def open_session(self, session: DeskSession) -> None:
        if not isinstance(session, DeskSession):
            raise InvalidData(f"open_session takes a DeskSession, not {type(session).__name__}")
        for name in ("id", "who", "key"):
            value = getattr(session, name)
            if not isinstance(value, str) or not value.strip() or len(value) > 500 \
                    or "\x00" in value:
                raise InvalidData(f"session: {name} must be a short non-empty text")
        if len(session.id) > 64 or len(session.key) > 64:
            raise InvalidData("session: id and key are digests of at most 64 characters")
        for name in ("created_at", "expires_at"):
            value = getattr(session, name)
            if not isinstance(value, datetime) or value.tzinfo is None:
                raise InvalidData(f"session: {name} must be a datetime with a time zone")
        ds = self.tables.desk_sessions
        with self._write(counted=False) as conn:  # no record a cached read shows
            conn.execute(delete(ds).where(ds.c.expires_at <= utcnow()))
            if conn.execute(select(ds.c.id).where(ds.c.id == session.id)).first():
                raise InvalidData("session: that id is taken")
            conn.execute(insert(ds).values(
                id=session.id, who=session.who, key=session.key,
                created_at=session.created_at, expires_at=session.expires_at))

    def find_session(self, session_id: str) -> DeskSession | None:
        if not isinstance(session_id, str) or not session_id or len(session_id) > 64:
            return None
        ds = self.tables.desk_sessions.c
        with self._read() as conn:
            row = conn.execute(select(ds.id, ds.who, ds.key, ds.created_at, ds.expires_at)
                               .where(ds.id == session_id)).first()
        if row is None or _aware(row.expires_at) <= utcnow():
            return None
        return DeskSession(id=row.id, who=row.who, key=row.key,
                           created_at=_aware(row.created_at),
                           expires_at=_aware(row.expires_at))

    def end_sessions(self, *, ids: Collection[str] = (), keys: Collection[str] = (),
                     keys_except: Collection[str] | None = None) -> int:
        ds = self.tables.desk_sessions
        conds = []
        if ids:
            conds.append(ds.c.id.in_([str(i) for i in ids]))
        if keys:
            conds.append(ds.c.key.in_([str(k) for k in keys]))
        if keys_except is not None:
            conds.append(ds.c.key.not_in([str(k) for k in keys_except]))
        if not conds:
            return 0
        with self._write(counted=False) as conn:
            return int(conn.execute(delete(ds).where(or_(*conds))).rowcount or 0)
