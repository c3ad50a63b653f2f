"""Limits on time: a statement the database takes too long over is cancelled (PostgreSQL statement_timeout), a
request that runs past its deadline is stopped, and /healthz answers within its own short deadline, each
with a clear error. The hung database is PostgreSQL behind a loopback TCP proxy that stops passing bytes
(what a stopped server or a lost network looks like: the connection stays open and nothing answers); its
statement timeout cannot fire there, so the deadlines must."""

from __future__ import annotations

import dataclasses
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from starlette.applications import Starlette

from factgraph.api import Settings, create_app
from factgraph.db.engine import Database
from factgraph.extract import Extractor

from .conftest import TOKEN, _postgres_database, gql, ingest

pytestmark = pytest.mark.anyio


class FreezingProxy:
    """Forwards 127.0.0.1:port to a server until frozen; frozen, it holds every byte both ways."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.frozen = threading.Event()
        self.closed = threading.Event()
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen()
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.threads = [threading.Thread(target=self._accept, daemon=True)]
        self.threads[0].start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                thread = threading.Thread(target=self._pump, args=(source, sink), daemon=True)
                self.threads.append(thread)
                thread.start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        source.settimeout(0.05)
        while not self.closed.is_set():
            if self.frozen.is_set():
                time.sleep(0.05)
                continue
            try:
                data = source.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            try:
                sink.sendall(data)
            except OSError:
                return

    def close(self) -> None:
        self.closed.set()
        for thread in self.threads:
            thread.join(timeout=5)
        for each in [*self.sockets, self.listener]:
            each.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


@pytest.fixture
def proxy(postgres_url: str) -> Iterator[tuple[FreezingProxy, str]]:
    url = make_url(postgres_url)
    forwarder = FreezingProxy((url.host or "127.0.0.1", url.port or 5432))
    try:
        yield forwarder, url.set(host="127.0.0.1", port=forwarder.port).render_as_string(hide_password=False)
    finally:
        forwarder.frozen.clear()
        forwarder.close()


TIMES = {"statement_timeout_seconds": 1.0, "request_timeout_seconds": 3.0, "health_timeout_seconds": 1.0}


@pytest.fixture
async def app_through_proxy(proxy: tuple[FreezingProxy, str], extractor: Extractor) -> AsyncIterator[Starlette]:
    forwarder, url = proxy
    app = create_app(dataclasses.replace(Settings(database_url=url, api_token=TOKEN), **TIMES), extractor=extractor)
    async with app.router.lifespan_context(app):
        yield app
        forwarder.frozen.clear()  # the stuck statements finish, so that the app can close its connections


async def test_a_hung_database_gives_errors_within_the_deadlines(app_through_proxy: Starlette,
                                                                 proxy: tuple[FreezingProxy, str]) -> None:
    forwarder, _ = proxy
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app_through_proxy), base_url="http://t") as client:
        await ingest(client, "Acme Corp said on Monday it agreed to buy Beta Inc.\n")
        assert (await client.get("/healthz")).status_code == 200
        forwarder.frozen.set()

        started = time.monotonic()
        health = await client.get("/healthz")
        waited = time.monotonic() - started
        assert health.status_code == 503 and "did not answer within 1 s" in health.json()["detail"], health.text
        assert waited < 2.5, f"/healthz took {waited:.1f} s"

        started = time.monotonic()
        response = await client.post("/graphql", json={"query": "{ documents { totalCount edges { node { title claims { totalCount } } } } }"})
        waited = time.monotonic() - started
        assert response.status_code == 503, response.text
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "TIMEOUT" and "deadline of 3 s (FACTGRAPH_REQUEST_TIMEOUT_SECONDS)" in error["message"]
        assert waited < 5, f"the query took {waited:.1f} s"
        assert response.headers["Retry-After"]

        forwarder.frozen.clear()  # the database is back: so is the service
        for _ in range(100):
            if (await client.get("/healthz")).status_code == 200:
                break
        assert (await gql(client, "{ documents { totalCount } }"))["documents"]["totalCount"] == 1


async def test_a_slow_statement_is_cancelled_by_the_statement_timeout(postgres_url: str, extractor: Extractor) -> None:
    app = create_app(dataclasses.replace(Settings(database_url=postgres_url, api_token=TOKEN), **TIMES), extractor=extractor)
    locker = create_engine(postgres_url, poolclass=NullPool)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            await ingest(client, "Acme Corp said on Monday it agreed to buy Beta Inc.\n")
            with locker.connect() as connection:
                connection.execute(text("BEGIN"))
                connection.execute(text("LOCK TABLE document IN ACCESS EXCLUSIVE MODE"))  # every read of it waits
                started = time.monotonic()
                body = await gql(client, "{ documents { totalCount } }", expect_errors=True)
                waited = time.monotonic() - started
                connection.execute(text("ROLLBACK"))
            error = body["errors"][0]
            assert error["extensions"] == {"code": "DATABASE_TIMEOUT"}, error
            assert "FACTGRAPH_STATEMENT_TIMEOUT_SECONDS" in error["message"]
            assert 0.9 < waited < 3, f"{waited:.1f} s"
            assert (await gql(client, "{ documents { totalCount } }"))["documents"]["totalCount"] == 1
            # A write is not bounded by it: it waits for the lock and then lands.
            assert (await ingest(client, "Omnia Holdings said it would buy Pell Corp.\n"))["created"] is True
    locker.dispose()


def test_the_timeouts_reach_the_connections(tmp_path: object, postgres_url: str) -> None:
    database = Database(postgres_url, statement_timeout=1.5)
    try:
        with database.reading() as session:
            assert session.exec(text("SHOW statement_timeout")).one()[0] == "1500ms"  # type: ignore[call-overload]
        with database.session() as session:
            assert session.exec(text("SHOW statement_timeout")).one()[0] == "0", "writes and migrations are not bounded"  # type: ignore[call-overload]
    finally:
        database.dispose()
    lite = Database(f"sqlite:///{tmp_path}/busy.db", statement_timeout=2, sqlite_busy_seconds=7)
    try:
        with lite.reading() as session:
            assert session.exec(text("PRAGMA busy_timeout")).one()[0] == 7000  # type: ignore[call-overload]
        with lite.session() as session:
            assert session.exec(text("PRAGMA busy_timeout")).one()[0] == 7000  # type: ignore[call-overload]
    finally:
        lite.dispose()


def test_time_settings_are_read_from_the_environment() -> None:
    read = Settings.from_env({"FACTGRAPH_STATEMENT_TIMEOUT_SECONDS": "4", "FACTGRAPH_REQUEST_TIMEOUT_SECONDS": "12.5",
                              "FACTGRAPH_HEALTH_TIMEOUT_SECONDS": "0.5", "FACTGRAPH_SQLITE_BUSY_TIMEOUT_SECONDS": "9"})
    assert (read.statement_timeout_seconds, read.request_timeout_seconds, read.health_timeout_seconds,
            read.sqlite_busy_timeout_seconds) == (4, 12.5, 0.5, 9)
    defaults = Settings.from_env({})
    assert (defaults.statement_timeout_seconds, defaults.request_timeout_seconds, defaults.health_timeout_seconds) == (10, 30, 2)
