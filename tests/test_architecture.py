"""The shape of the code: dependencies point one way (web -> geomap -> gazetteer); views
reach the store only through the domain; one module builds event queries; one table turns
domain errors into answers; nothing prints."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "gazetteer": {"geomap", "web", "flask", "folium"},
    "geomap": {"web", "flask", "folium"},
}
#: The domain's exceptions, which only the error table (and the few places named in
#: docs/architecture.md) may catch in web/.
DOMAIN_ERRORS = {"StoreError", "NotFound", "InvalidQuery", "InvalidData",
                 "SchemaVersionError", "UnknownPlace"}
#: Where web/ may catch them: the desk's forms (a refusal becomes the editor's message) and
#: the health check (a failing store is its answer, not an error).
CATCHING = {"web/desk/forms.py", "web/api/views.py"}


def _trees(package: str) -> Iterator[tuple[str, ast.AST]]:
    for path in sorted((ROOT / package).rglob("*.py")):
        yield str(path.relative_to(ROOT)), ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers(package: str) -> None:
    for name, tree in _trees(package):
        bad = {m.split(".")[0] for m in _imports(tree)} & FORBIDDEN[package]
        assert not bad, f"{name} imports {sorted(bad)}"


def test_views_reach_the_store_only_through_the_domain() -> None:
    """web/ may name the store and its errors (``geomap.store``), never what is inside it
    (its modules, its queries): which events a request means is ``geomap.query``'s."""
    for name, tree in _trees("web"):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert not node.module.startswith("geomap.store."), \
                    f"{name} imports store internals from {node.module}"
                if node.module == "geomap.store":
                    assert "EventQuery" not in {a.name for a in node.names}, name
            elif isinstance(node, ast.Import):
                inside = [a.name for a in node.names if a.name.startswith("geomap.store.")]
                assert not inside, f"{name} imports store internals {inside}"


def test_rooms_import_only_core_and_the_page_maps() -> None:
    """Every room of web/ may use web.core; the desk's small maps come from
    web.maps.render; no other room reaches into another."""
    for name, tree in _trees("web"):
        room = name.split("/")[1] if name.count("/") > 1 else None
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or room is None:
                continue
            if node.level == 0:
                target = node.module or ""
            elif node.level == 1:
                target = f"web.{room}.{node.module or ''}"
            else:
                target = "web." + (node.module or "")
            parts = target.split(".")
            if len(parts) < 2 or parts[0] != "web" or parts[1] in ("core", room):
                continue
            assert (room, target) == ("desk", "web.maps.render"), f"{name} imports {target}"


def test_only_geomap_query_builds_event_queries() -> None:
    for package in ("geomap", "web"):
        for name, tree in _trees(package):
            built = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
                     and getattr(node.func, "id", getattr(node.func, "attr", None))
                     == "EventQuery"]
            assert not built or name == "geomap/query.py", f"{name}:{built} builds an EventQuery"


def test_views_do_not_translate_domain_errors() -> None:
    for name, tree in _trees("web"):
        for node in ast.walk(tree):
            if not isinstance(node, ast.ExceptHandler) or node.type is None:
                continue
            caught = {getattr(n, "id", getattr(n, "attr", "")) for n in ast.walk(node.type)}
            if caught & DOMAIN_ERRORS:
                assert name in CATCHING, f"{name}:{node.lineno} catches {caught}"


def test_nothing_prints() -> None:
    """The server logs through ``logging``; the command line writes with click."""
    for package in ("gazetteer", "geomap", "web"):
        for name, tree in _trees(package):
            calls = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
                     and getattr(node.func, "id", None) == "print"]
            assert not calls, f"{name}:{calls} prints"


def test_every_setting_is_documented() -> None:
    from geomap.config import SETTINGS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert not missing, f"README.md does not document {missing}"


def test_the_architecture_page_names_every_room() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rooms = [p.name for p in (ROOT / "web").iterdir() if (p / "__init__.py").exists()]
    missing = [r for r in rooms if f"`web/{r}/`" not in page]
    assert not missing, f"docs/architecture.md does not describe web/{missing}"
