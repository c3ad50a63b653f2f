"""The `claimAdded` subscription over a real websocket: the app runs under uvicorn in a thread, a websockets
client speaks graphql-transport-ws to it, and documents go in over HTTP, through another ingestor (found by
the poll), or not at all. Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from typing import Any

import anyio.to_thread
import httpx
import pytest
import uvicorn
from starlette.applications import Starlette
from websockets.asyncio.client import ClientConnection, connect

from factgraph.api import Settings, create_app
from factgraph.api.ingest import Ingestor
from factgraph.api.live import DocumentFeed, SubscriberFellBehind
from factgraph.api.settings import SettingsError
from factgraph.db.engine import Database
from factgraph.extract import Extractor
from factgraph.schema import IngestRequest
from factgraph.schema.relay import global_id

from .conftest import gql, ingest, seed_text

pytestmark = pytest.mark.anyio

POLL_SECONDS = 0.2
# Long enough for several polls: a message that has not come by then is not coming.
QUIET_SECONDS = 1.5

CLAIM_ADDED = """subscription($filter: ClaimFilter) {
  claimAdded(filter: $filter) { id text span { start } attribution { status source { name } } document { id title } }
}"""

MATCHING = """query($filter: ClaimFilter) { claims(first: 100, filter: $filter) { totalCount edges { node { id } } } }"""


@dataclasses.dataclass
class LiveServer:
    app: Starlette
    http_url: str
    ws_url: str

    @property
    def feed(self) -> DocumentFeed:
        return self.app.state.live  # type: ignore[no-any-return]

    async def wait_for_subscribers(self, count: int) -> None:
        """A subscription starts on the server a moment after the client sent it; wait until it has."""
        deadline = time.monotonic() + 10
        while self.feed.subscriber_count != count:
            assert time.monotonic() < deadline, f"{self.feed.subscriber_count} subscribers, expected {count}"
            await asyncio.sleep(0.02)


def _serve(settings: Settings, extractor: Extractor) -> Iterator[LiveServer]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(settings, extractor=extractor)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield LiveServer(app, f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/graphql")
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        assert not thread.is_alive(), "the server did not stop"


@pytest.fixture
def live_settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, live_poll_seconds=POLL_SECONDS)


@pytest.fixture
def live(live_settings: Settings, extractor: Extractor) -> Iterator[LiveServer]:
    yield from _serve(live_settings, extractor)


@pytest.fixture
async def http(live: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.http_url, timeout=120) as client:
        yield client


class Subscriber:
    """A graphql-transport-ws client: connection_init -> connection_ack, then subscribe and read messages."""

    def __init__(self, websocket: ClientConnection) -> None:
        self.websocket = websocket

    async def subscribe(self, operation_id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        payload = {"query": query, "variables": variables or {}}
        await self.websocket.send(json.dumps({"id": operation_id, "type": "subscribe", "payload": payload}))

    async def receive(self, timeout: float = 30) -> dict[str, Any]:
        with anyio.fail_after(timeout):
            return json.loads(await self.websocket.recv())  # type: ignore[no-any-return]

    async def claims(self, count: int) -> list[dict[str, Any]]:
        """The next `count` claims, then nothing more for QUIET_SECONDS."""
        received = []
        for _ in range(count):
            message = await self.receive()
            assert message["type"] == "next" and "errors" not in message["payload"], message
            received.append(message["payload"]["data"]["claimAdded"])
        await self.expect_nothing()
        return received

    async def expect_nothing(self) -> None:
        with pytest.raises(TimeoutError):
            with anyio.fail_after(QUIET_SECONDS):
                message = await self.websocket.recv()
                pytest.fail(f"an unexpected message: {message}")


@asynccontextmanager
async def subscriber(live: LiveServer) -> AsyncIterator[Subscriber]:
    async with connect(live.ws_url, subprotocols=["graphql-transport-ws"]) as websocket:  # type: ignore[list-item]
        assert websocket.subprotocol == "graphql-transport-ws"
        await websocket.send(json.dumps({"type": "connection_init", "payload": {}}))
        client = Subscriber(websocket)
        assert (await client.receive())["type"] == "connection_ack"
        yield client


async def matching_ids(http: httpx.AsyncClient, **filter: object) -> list[str]:
    data = await gql(http, MATCHING, {"filter": filter}, token=None)
    assert data["claims"]["totalCount"] <= 100
    return [edge["node"]["id"] for edge in data["claims"]["edges"]]


async def test_subscriber_gets_exactly_the_matching_claims_of_a_new_document_in_reading_order(
        live: LiveServer, http: httpx.AsyncClient) -> None:
    statuses = ["DENIED", "NO_RESPONSE", "ANONYMOUS_SOURCE"]
    async with subscriber(live) as client:
        await client.subscribe("denials", CLAIM_ADDED, {"filter": {"status": statuses}})
        await live.wait_for_subscribers(1)
        stored = await ingest(http, seed_text("salar-andino-coraki-denial"), title="denial")
        assert stored["created"] is True
        document_id = stored["document"]["id"]
        expected = await matching_ids(http, status=statuses, documentId=document_id)
        everything = await matching_ids(http, documentId=document_id)
        assert 2 <= len(expected) < len(everything)  # the article has claims to send and claims to hold back

        received = await client.claims(len(expected))  # also: nothing more, though the poll sees it too
        assert [claim["id"] for claim in received] == expected
        starts = [claim["span"]["start"] for claim in received]
        assert starts == sorted(starts)  # reading order
        assert {claim["attribution"]["status"] for claim in received} <= set(statuses)
        assert {claim["document"]["id"] for claim in received} == {document_id}
        assert received[0]["document"]["title"] == "denial"

        again = await ingest(http, seed_text("salar-andino-coraki-denial"))
        assert again["created"] is False
        await client.expect_nothing()


async def test_two_subscribers_with_different_filters_each_get_their_own(live: LiveServer, http: httpx.AsyncClient) -> None:
    async with subscriber(live) as anonymous, subscriber(live) as on_record:
        await anonymous.subscribe("1", CLAIM_ADDED, {"filter": {"status": ["ANONYMOUS_SOURCE"]}})
        await on_record.subscribe("1", CLAIM_ADDED, {"filter": {"status": ["CONFIRMED"], "minConfidence": 0.85}})
        await live.wait_for_subscribers(2)
        document_id = (await ingest(http, seed_text("calder-ridgeway-pennock-talks")))["document"]["id"]
        expected_anonymous = await matching_ids(http, status=["ANONYMOUS_SOURCE"], documentId=document_id)
        expected_on_record = await matching_ids(http, status=["CONFIRMED"], minConfidence=0.85, documentId=document_id)
        assert expected_anonymous and expected_on_record
        assert not set(expected_anonymous) & set(expected_on_record)

        assert [claim["id"] for claim in await anonymous.claims(len(expected_anonymous))] == expected_anonymous
        assert [claim["id"] for claim in await on_record.claims(len(expected_on_record))] == expected_on_record


async def test_a_document_stored_by_another_ingestor_arrives_by_the_poll(
        live: LiveServer, http: httpx.AsyncClient, live_settings: Settings, extractor: Extractor) -> None:
    # Another ingestor on the same database, as `factgraph ingest` or another server would be: it announces
    # nothing to this server's feed, so only the poll can find its document.
    database = Database(live_settings.database_url)
    elsewhere = Ingestor(database, extractor, max_article_bytes=live_settings.max_article_bytes)
    try:
        async with subscriber(live) as client:
            await client.subscribe("all", CLAIM_ADDED)
            await live.wait_for_subscribers(1)
            request = IngestRequest(text=seed_text("moriya-sakai-stake"), title="elsewhere")
            outcome = await anyio.to_thread.run_sync(elsewhere.ingest, request)
            assert outcome.created
            assert outcome.document.id is not None
            expected = await matching_ids(http, documentId=global_id("Document", outcome.document.id))
            received = await client.claims(len(expected))
            assert [claim["id"] for claim in received] == expected
            assert {claim["document"]["title"] for claim in received} == {"elsewhere"}
    finally:
        database.dispose()


async def test_an_invalid_filter_is_an_error_message_and_the_connection_goes_on(
        live: LiveServer, http: httpx.AsyncClient) -> None:
    document_id = (await ingest(http, seed_text("halden-vireo-talks")))["document"]["id"]
    claim_id = (await gql(http, "{ claims(first: 1) { edges { node { id } } } }"))["claims"]["edges"][0]["node"]["id"]
    async with subscriber(live) as client:
        await client.subscribe("bad", CLAIM_ADDED, {"filter": {"mentions": claim_id}})
        message = await client.receive()
        assert message["type"] == "error" and message["id"] == "bad", message
        assert "`mentions` takes the id of a Company, Person, Vehicle, Deal, Source or Document, not of a Claim" in message["payload"][0]["message"]
        assert message["payload"][0]["extensions"]["code"] == "BAD_FILTER"
        assert live.feed.subscriber_count == 0

        await client.websocket.send(json.dumps({"type": "ping"}))
        assert (await client.receive())["type"] == "pong"  # the connection survived the bad subscription
        await client.subscribe("good", CLAIM_ADDED, {"filter": {"documentId": document_id}})
        await live.wait_for_subscribers(1)


async def test_clients_that_leave_are_cleaned_up(live: LiveServer) -> None:
    async with subscriber(live) as client:
        await client.subscribe("1", CLAIM_ADDED)
        await client.subscribe("2", CLAIM_ADDED, {"filter": {"status": ["DENIED"]}})
        await live.wait_for_subscribers(2)
        await client.websocket.send(json.dumps({"id": "2", "type": "complete"}))
        await live.wait_for_subscribers(1)
    await live.wait_for_subscribers(0)  # the socket closed: its subscription went with it


@pytest.fixture
def one_subscription_server(live_settings: Settings, extractor: Extractor) -> Iterator[LiveServer]:
    yield from _serve(dataclasses.replace(live_settings, live_max_subscriptions=1), extractor)


async def test_subscriptions_beyond_the_limit_are_refused(one_subscription_server: LiveServer) -> None:
    live = one_subscription_server
    async with subscriber(live) as first, subscriber(live) as second:
        await first.subscribe("1", CLAIM_ADDED)
        await live.wait_for_subscribers(1)
        await second.subscribe("1", CLAIM_ADDED)
        message = await second.receive()
        assert message["type"] == "error", message
        assert message["payload"][0]["extensions"]["code"] == "TOO_MANY_SUBSCRIPTIONS"
        assert "FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS" in message["payload"][0]["message"]
        assert live.feed.subscriber_count == 1


@pytest.fixture
def two_per_connection_server(live_settings: Settings, extractor: Extractor) -> Iterator[LiveServer]:
    yield from _serve(dataclasses.replace(live_settings, live_max_subscriptions_per_connection=2), extractor)


async def test_one_connection_cannot_take_every_subscription(two_per_connection_server: LiveServer) -> None:
    live = two_per_connection_server
    async with subscriber(live) as greedy, subscriber(live) as other:
        for operation in ("1", "2"):
            await greedy.subscribe(operation, CLAIM_ADDED)
        await live.wait_for_subscribers(2)
        await greedy.subscribe("3", CLAIM_ADDED)
        message = await greedy.receive()
        assert message["type"] == "error" and message["id"] == "3", message
        error = message["payload"][0]
        assert error["extensions"] == {"code": "TOO_MANY_SUBSCRIPTIONS_ON_CONNECTION", "limit": 2}
        assert "FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION" in error["message"]
        await other.subscribe("1", CLAIM_ADDED)  # another connection still gets its place
        await live.wait_for_subscribers(3)
        await greedy.websocket.send(json.dumps({"id": "1", "type": "complete"}))
        await live.wait_for_subscribers(2)
        await greedy.subscribe("3", CLAIM_ADDED)  # a place freed on the connection is taken again
        await live.wait_for_subscribers(3)


async def test_a_slow_subscriber_is_dropped_without_holding_up_the_others(database_url: str) -> None:
    database = Database(database_url)
    database.ensure_schema()
    feed = DocumentFeed(database, poll_seconds=POLL_SECONDS, max_subscriptions=10, queue_size=2)
    try:
        async with anyio.create_task_group() as tasks:
            await tasks.start(feed.run)
            async with feed.subscribe() as slow, feed.subscribe() as reader:
                received: list[int] = []

                async def read() -> None:
                    async for document_id in reader:
                        received.append(document_id)

                tasks.start_soon(read)
                for document_id in (101, 102, 103):  # announced from a worker thread, as the ingest does
                    await anyio.to_thread.run_sync(feed.announce, document_id)
                    await _until(lambda n=document_id: n in received)
                assert received == [101, 102, 103]
                with pytest.raises(SubscriberFellBehind, match="fell more than 2 new documents behind"):
                    await slow.__anext__()
                tasks.cancel_scope.cancel()
        assert feed.subscriber_count == 0
    finally:
        database.dispose()


async def _until(condition: Callable[[], bool]) -> None:
    with anyio.fail_after(5):
        while not condition():
            await asyncio.sleep(0.01)


def test_live_settings_come_from_the_environment() -> None:
    settings = Settings.from_env({"FACTGRAPH_LIVE_POLL_SECONDS": "0.5", "FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS": "3",
                                  "FACTGRAPH_LIVE_QUEUE_SIZE": "7"})
    assert (settings.live_poll_seconds, settings.live_max_subscriptions, settings.live_queue_size) == (0.5, 3, 7)
    assert Settings.from_env({}).live_poll_seconds == 2.0
    for name, raw in [("FACTGRAPH_LIVE_POLL_SECONDS", "soon"), ("FACTGRAPH_LIVE_POLL_SECONDS", "0"),
                      ("FACTGRAPH_LIVE_QUEUE_SIZE", "-1")]:
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({name: raw})
