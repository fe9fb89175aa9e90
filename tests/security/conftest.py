"""The security tests use the web tests' app: a temporary SQLite store with known events and
zones, its client, and the test tokens."""

from __future__ import annotations

from tests.web.conftest import app, auth, client, db_url  # noqa: F401  (fixtures)
