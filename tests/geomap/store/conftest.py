"""Fixtures of the store tests: a PostGIS database per test when a server is configured.

The PostGIS tests run when ``GEOMAP_TEST_POSTGIS_URL`` names a server (with the PostGIS
extension in its database) and are skipped otherwise -- unless ``GEOMAP_REQUIRE_POSTGIS=1``
or ``CI`` is set, when a missing or unreachable server fails them. Each test gets a schema
of its own (dropped afterwards), reached through the connection's ``search_path``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

POSTGIS_ENV = "GEOMAP_TEST_POSTGIS_URL"
SKIP_REASON = "set GEOMAP_TEST_POSTGIS_URL to run the PostGIS store tests"


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "false", "no")


def postgis_required() -> bool:
    """Whether the PostGIS tests must run (CI): then they fail instead of skipping."""
    return _truthy(os.environ.get("GEOMAP_REQUIRE_POSTGIS")) or _truthy(os.environ.get("CI"))


def _unavailable(message: str) -> None:
    if postgis_required():
        pytest.fail(f"{message} (GEOMAP_REQUIRE_POSTGIS or CI is set, so this is a failure)",
                    pytrace=False)
    pytest.skip(reason=message)


@pytest.fixture(scope="session")
def postgis_url() -> str:
    """The PostGIS server's URL (psycopg 3 driver), checked to answer."""
    from geomap.store.postgis import normalise_url

    url = os.environ.get(POSTGIS_ENV, "").strip()
    if not url:
        _unavailable(SKIP_REASON)
    url = normalise_url(url)
    shown = make_url(url).render_as_string(hide_password=True)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT postgis_lib_version()"))
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        _unavailable(f"PostGIS at {shown} is unreachable or lacks the extension: {reason}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def postgis_schema_url(postgis_url: str) -> Iterator[str]:
    """A URL whose connections work in a fresh, empty schema (dropped after the test)."""
    schema = f"geomap_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgis_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield make_url(postgis_url).update_query_dict(
            {"options": f"-csearch_path={schema},public"}).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
