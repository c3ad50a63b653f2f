"""The live feed: the ids of newly stored documents, handed to every subscriber as they arrive.

Two paths lead in, and the feed publishes each document once:
- this process's ingest announces each document it created, right after the commit, from the worker thread
  it runs in; `announce` hands the id to the event loop with `call_soon_threadsafe`;
- a poll every `poll_seconds` asks the database for document ids above those already published, which
  brings in documents stored by another process (`factgraph ingest`, another server on the same database).

Each subscriber has its own bounded queue. Publishing never waits: a subscriber whose queue is full has
fallen behind, and its next read raises `SubscriberFellBehind` (its subscription ends with that error and
the client subscribes again); the ingest and the other subscribers go on undisturbed.

Ids are not always committed in the order they were given (two PostgreSQL transactions may commit out of
order), so the poll does not start from the highest id published: it starts from the highest id published
`LATE_COMMIT_SECONDS` ago and skips the ids it has published since. A document committed later than that
after a higher id was published is not news any more and is not delivered.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from anyio.abc import TaskStatus
from sqlalchemy.exc import SQLAlchemyError

from ..db import queries
from ..db.engine import Database
from ..schema.context import LiveFeedError

log = logging.getLogger("factgraph.live")

# How long the poll keeps looking below the highest id published, for documents whose commit came late.
LATE_COMMIT_SECONDS = 60.0


class TooManySubscriptions(LiveFeedError):
    """The process already serves as many subscriptions as FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS allows."""

    code = "TOO_MANY_SUBSCRIPTIONS"


class SubscriberFellBehind(LiveFeedError):
    """More new documents waited for a subscriber than FACTGRAPH_LIVE_QUEUE_SIZE allows; it was dropped."""

    code = "SUBSCRIBER_FELL_BEHIND"


class Subscription:
    """One subscriber's bounded queue of new document ids; iterate it to receive them in order."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._queue: asyncio.Queue[int] = asyncio.Queue(capacity)
        self._fell_behind = False

    def offer(self, document_id: int) -> None:
        """Never waits: a full queue marks the subscriber as fallen behind instead."""
        try:
            self._queue.put_nowait(document_id)
        except asyncio.QueueFull:
            self._fell_behind = True

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> int:
        # A full queue means the reader is not waiting, so it sees the flag on its next read.
        if self._fell_behind:
            raise SubscriberFellBehind(
                f"This subscription fell more than {self.capacity} new documents behind and was ended: subscribe "
                "again, read its messages faster, or raise FACTGRAPH_LIVE_QUEUE_SIZE."
            )
        return await self._queue.get()


class DocumentFeed:
    """One per process, made in the app's lifespan; `run` polls until cancelled."""

    def __init__(self, database: Database, *, poll_seconds: float, max_subscriptions: int, queue_size: int) -> None:
        self.database = database
        self.poll_seconds = poll_seconds
        self.max_subscriptions = max_subscriptions
        self.queue_size = queue_size
        self._subscriptions: set[Subscription] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._floor = 0  # every id at or below it was published, or was stored before the feed started
        self._published: dict[int, float] = {}  # ids above the floor already published -> when (monotonic)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscriptions)

    def check_capacity(self) -> None:
        if len(self._subscriptions) >= self.max_subscriptions:
            raise TooManySubscriptions(
                f"This server already serves {self.max_subscriptions} live subscriptions, its limit "
                "(FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS): close one or try again later."
            )

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscription]:
        """A subscription receiving the documents published from now on; removed when the block exits."""
        self.check_capacity()
        subscription = Subscription(self.queue_size)
        self._subscriptions.add(subscription)
        try:
            yield subscription
        finally:
            self._subscriptions.discard(subscription)

    def announce(self, document_id: int) -> None:
        """Called from any thread once a new document is committed."""
        loop = self._loop
        if loop is None:
            return  # the feed is not running, so nobody is subscribed (start-up seeding, shutdown)
        try:
            loop.call_soon_threadsafe(self._publish, document_id)
        except RuntimeError:
            return  # the event loop closed under us: the server is shutting down

    async def run(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Polls for documents until cancelled; those stored before it started are not news."""
        self._floor = await anyio.to_thread.run_sync(self._last_document_id)
        self._loop = asyncio.get_running_loop()
        task_status.started()
        try:
            while True:
                await anyio.sleep(self.poll_seconds)
                await self.poll()
        finally:
            self._loop = None

    async def poll(self) -> None:
        try:
            found = await anyio.to_thread.run_sync(self._document_ids_after, self._floor)
        except SQLAlchemyError as error:  # a database that is briefly away must not end the feed
            log.warning("polling for new documents failed; trying again in %s s: %s", self.poll_seconds, error)
            return
        for document_id in found:
            self._publish(document_id)
        self._forget_published_before(time.monotonic() - LATE_COMMIT_SECONDS)

    def _publish(self, document_id: int) -> None:
        """On the event loop only. Each document once, to every subscriber present."""
        if document_id <= self._floor or document_id in self._published:
            return
        self._published[document_id] = time.monotonic()
        for subscription in self._subscriptions:
            subscription.offer(document_id)

    def _forget_published_before(self, cutoff: float) -> None:
        settled = [document_id for document_id, at in self._published.items() if at <= cutoff]
        if settled:
            self._floor = max(self._floor, *settled)
            self._published = {i: at for i, at in self._published.items() if i > self._floor}

    def _last_document_id(self) -> int:
        with self.database.session() as session:
            return queries.last_document_id(session)

    def _document_ids_after(self, after_id: int) -> list[int]:
        with self.database.session() as session:
            return queries.document_ids_after(session, after_id=after_id)
