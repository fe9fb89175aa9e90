"""Defect 6 of issue #14: ``/vendor/leaflet/dist/images/../../package.json`` answered 200: any
file of a whitelisted npm package could be read. Only the files the pages use (the manifest)
are served now, after the path is normalised."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from web.core import vendor

OUTSIDE = [
    "/vendor/leaflet/dist/images/../../package.json",
    "/vendor/leaflet/dist/images/..%2f..%2fpackage.json",
    "/vendor/leaflet/dist/images/%2e%2e/%2e%2e/package.json",
    "/vendor/leaflet/package.json",
    "/vendor/leaflet/dist/leaflet-src.js",
    "/vendor/leaflet/dist/leaflet.js.map",
    "/vendor/leaflet/src/Leaflet.js",
    "/vendor/leaflet/dist/images/..\\..\\package.json",
    "/vendor/leaflet/dist/images/",
    "/vendor/leaflet/dist/",
    "/vendor/kdbush/package.json",
    "/vendor/supercluster/index.js",
    "/vendor/supercluster/../leaflet/package.json",
    "/vendor/leaflet/../../web/core/vendor.py",
    "/vendor/leaflet//etc/passwd",
    "/vendor/.bin/leaflet",
]


@pytest.mark.parametrize("path", OUTSIDE)
def test_files_off_the_manifest_are_not_served(client: FlaskClient, path: str) -> None:
    with client.get(path, follow_redirects=True) as response:  # // is merged: 308, then 404
        assert response.status_code == 404, path


def test_every_file_of_the_manifest_is_served(client: FlaskClient) -> None:
    for name in sorted(vendor.MANIFEST):
        assert (vendor.NODE_MODULES / name).is_file(), f"{name}: run make (npm ci)"
        with client.get(f"/vendor/{name}") as response:
            assert response.status_code == 200, name
            assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_path_that_normalises_to_a_listed_file_is_that_file(client: FlaskClient) -> None:
    with client.get("/vendor/leaflet/dist/images/../leaflet.css") as response:
        assert response.status_code == 200 and response.mimetype == "text/css"


def test_the_pages_use_only_listed_files(client: FlaskClient) -> None:
    """The maps' scripts and stylesheets, and every url() of a listed stylesheet."""
    pages = "".join(client.get(p).get_data(as_text=True)
                    for p in ("/", "/embed", "/ogc/collections/events/items?f=html"))
    named = set(re.findall(r'/vendor/([^"\'?#]+)', pages))
    assert named and named <= vendor.MANIFEST, named - vendor.MANIFEST
    for name in (n for n in vendor.MANIFEST if n.endswith(".css")):
        folder = name.rsplit("/", 1)[0]
        css = (vendor.NODE_MODULES / name).read_text(encoding="utf-8")
        for ref in re.findall(r"url\(([^)#]+)\)", css):
            assert f"{folder}/{ref.strip(chr(34) + chr(39))}" in vendor.MANIFEST, ref
    with pytest.raises(ValueError):
        vendor.asset_url("leaflet", "package.json")
