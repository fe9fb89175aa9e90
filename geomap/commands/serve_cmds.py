"""``geomap serve``: the web app under waitress (a production WSGI server), demo included.

An empty store is seeded with the demo first (the seed reports, the demo zones). With
``--workers N`` the listening socket is opened once and N forked processes serve it (each
with its own threads), so that a CPU-bound API uses every core, as gunicorn's pre-fork model
does. Exit codes: 0 after a clean stop, 1 when the store cannot be opened or seeded, 2 for
bad arguments.
"""

from __future__ import annotations

import gc
import importlib
import os
import secrets
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..cli import fail
from .options import DATABASE

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["COMMANDS", "serve", "run_server", "settled", "APP_FACTORY"]

#: Objects a worker allocates between two collections of the youngest generation (see
#: settled; Python's default is 700).
YOUNG_OBJECTS = 10_000
#: The WSGI application factory served: (module, function).
APP_FACTORY = ("web", "create_app")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Worker threads answering requests (in each process).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes sharing the socket (POSIX; one per core for heavy API use).")
@DATABASE
@click.option("--demo/--no-demo", default=True, show_default=True,
              help="Seed an empty store with the demo reports and zones.")
def serve(host: str, port: int, threads: int, workers: int, database: str | None,
          demo: bool) -> None:
    """Serve the maps, the API and OGC API - Features on HOST:PORT."""
    from ..store import StoreError, open_store

    if workers > 1 and not hasattr(os, "fork"):
        fail("--workers needs a POSIX system (fork)")
    try:
        store = open_store(database)
        store.init()
    except StoreError as error:
        fail(str(error), 1)
    try:
        if demo:
            _seed(store)
        url = store.url
    finally:
        store.close()

    def factory() -> Any:
        # The command line is where the layers meet: the web package is found by name, so
        # that geomap itself never imports web (see tests/test_architecture.py).
        create_app = getattr(importlib.import_module(APP_FACTORY[0]), APP_FACTORY[1])
        return create_app({"DATABASE_URL": database} if database else {})

    # one random key for every worker, or a desk session signed by one is refused by another
    os.environ.setdefault("GEOMAP_SECRET_KEY", secrets.token_hex(32))
    click.echo(f"geomap: serving {url} on http://{host}:{port}/ ({workers} process(es) of "
               f"{threads} threads; Ctrl-C stops)", err=True)
    run_server(factory, host=host, port=port, threads=threads, workers=workers)


def run_server(factory: Callable[[], Any], *, host: str, port: int, threads: int,
               workers: int = 1) -> None:
    """Serve the WSGI app ``factory()`` makes with waitress, in ``workers`` processes."""
    from waitress import serve as waitress_serve

    options: dict[str, Any] = {"threads": threads, "ident": "geomap",
                               "clear_untrusted_proxy_headers": True, "_quiet": True}
    if workers == 1:
        waitress_serve(settled(factory()), host=host, port=port, **options)
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # the worker: its own app, store connections and threads
            _exit_with_parent(os.getppid())
            try:
                waitress_serve(settled(factory()), sockets=[sock], **options)
            finally:
                os._exit(0)
        children.append(pid)
    sock.close()
    _supervise(children)


def settled(app: Any) -> Any:
    """``app``, in a process that has loaded what it keeps for its life (the gazetteer)
    and moved all of it out of the garbage collector's sight (``gc.freeze``), with a
    youngest generation of 10,000 objects rather than 700 (a page of the API makes a few
    thousand, which die with it). Else every full collection walks those objects again:
    72 ms for a worker's 135,000, a pause of every request in flight in the process,
    once in about 170 API requests. Over 1,000,000 events with 4 clients, in three paired
    runs (load average 4 on 2 cores): p99 65-76 -> 29-32 ms, CPU per request 7.2-7.8 ->
    7.0-7.6 ms."""
    from gazetteer import Gazetteer

    Gazetteer.default()
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
    return app


def _exit_with_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _supervise(children: list[int]) -> None:
    """Wait for the workers; on SIGTERM or Ctrl-C stop them all."""

    def stop(signum: int, _frame: object) -> None:
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in children:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while children:
        try:
            pid, _ = os.wait()
        except ChildProcessError:
            break
        children.remove(pid)
    stop(signal.SIGTERM, None)


def _seed(store: Store) -> None:
    from ..demo import seed_demo, store_is_empty
    from ..store import StoreError

    if not store_is_empty(store):
        return
    try:
        outcome = seed_demo(store)
    except (StoreError, ValueError) as error:
        fail(f"cannot seed the demo: {error}", 1)
    for message in outcome.errors:
        click.echo(f"geomap: error: demo report {message}", err=True)
    click.echo(f"geomap: demo seeded: {outcome.reports} report(s), {outcome.events} "
               f"event(s), {outcome.zones} zone(s)", err=True)


COMMANDS = [serve]
