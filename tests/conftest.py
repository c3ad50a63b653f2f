"""Fixtures: the real app over a real database (a fresh SQLite file or a fresh PostgreSQL database per test),
driven through httpx; the spaCy model loaded once per session."""

from __future__ import annotations

import gc
import os
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from factgraph.api import Settings, create_app
from factgraph.extract import Extractor

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"
TOKEN = "test-token"
T = TypeVar("T")
R = TypeVar("R")
POSTGRES = os.environ.get("FACTGRAPH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _garbage_collected() -> Iterator[None]:
    """A connection a test leaves open is found by the garbage collector as a ResourceWarning, an error under
    warnings-as-errors: collected after every test, it fails the test that leaked it, not a later one."""
    yield
    gc.collect()


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor.load()


def _postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database on the test server, dropped afterwards."""
    if os.environ.get("FACTGRAPH_TEST_SKIP_POSTGRES") == "1":
        pytest.skip("FACTGRAPH_TEST_SKIP_POSTGRES=1")
    server = make_url(POSTGRES)
    name = f"factgraph_test_{uuid.uuid4().hex[:12]}"
    # No pool: each connection is closed when its statement is done, so none is left open for the garbage
    # collector to find (a ResourceWarning, an error under pytest's warnings-as-errors) whatever the test did.
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'factgraph.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def two_databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two fresh databases of one backend, for a test that compares what two ways of doing a thing stored."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'first.db'}", f"sqlite:///{tmp_path / 'second.db'}"
        return
    first, second = _postgres_database(), _postgres_database()
    try:
        yield next(first), next(second)
    finally:
        first.close()
        second.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, api_token=TOKEN)


@pytest.fixture
async def counted(settings: Settings, extractor: Extractor) -> AsyncIterator[tuple[httpx.AsyncClient, list[str]]]:
    """A client of the app, and every SQL statement the app sends. The live feed's poll is pushed out of
    the way: it runs on its own clock, and one landing inside a request would count as the request's."""
    app = create_app(replace(settings, live_poll_seconds=3600), extractor=extractor)
    statements: list[str] = []
    async with app.router.lifespan_context(app):
        for engine in app.state.database.engines:  # the reads' pool too (PostgreSQL's statement timeout)
            event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client, statements


@pytest.fixture
async def client(settings: Settings, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, extractor=extractor)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://factgraph.test") as http:
            yield http


def all_at_once(work: Callable[[T], R], items: Sequence[T], *, timeout: float = 120) -> list[R]:
    """`work` on every item, each in a thread of its own, all released at the same moment; their results in
    the items' order, or the first error any of them raised."""
    start = threading.Barrier(len(items))
    results: list[R | None] = [None] * len(items)
    errors: list[BaseException] = []

    def run(index: int, item: T) -> None:
        start.wait()
        try:
            results[index] = work(item)
        except BaseException as error:  # raised below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, item)) for i, item in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    if errors:
        raise errors[0]
    assert not any(thread.is_alive() for thread in threads), f"still running after {timeout}s"
    return results  # type: ignore[return-value]


class GraphQLFailure(AssertionError):
    pass


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None, *,
              token: str | None = TOKEN, expect_errors: bool = False) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    if expect_errors:
        assert body.get("errors"), body
        return body
    if body.get("errors"):
        raise GraphQLFailure(body["errors"])
    return body["data"]


INGEST = """mutation($input: IngestDocumentInput!) {
  ingestDocument(input: $input) { created document { id text title publishedAt } }
}"""


async def ingest(client: httpx.AsyncClient, text: str, **meta: Any) -> dict[str, Any]:
    data = await gql(client, INGEST, {"input": {"text": text, **meta}})
    return data["ingestDocument"]


def seed_text(name: str = "leapmotor-faw-hongqi") -> str:
    return (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
