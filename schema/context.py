"""What every resolver gets: the database, this request's DataLoaders, the ingest service, the live feed of
new documents, and whether the request may write."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sqlmodel import Session

from ..db import models as m
from ..db.engine import Database
from .loaders import Loaders, Reads, RoundsInFlight

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class IngestRequest:
    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: dt.date | None = None


Ingest = Callable[[IngestRequest], Awaitable[tuple[m.Document, bool]]]


class LiveFeedError(Exception):
    """A live subscription cannot start or go on; the message is for the client, `code` names the case."""

    code = "LIVE_FEED"


class LiveFeed(Protocol):
    """New documents as they are stored (api/live.py `DocumentFeed`)."""

    def check_capacity(self) -> None:
        """Raises a LiveFeedError when no further subscription can start."""

    def subscribe(self) -> AbstractAsyncContextManager[AsyncIterator[int]]:
        """The ids of the documents stored from now on; a LiveFeedError ends the iteration."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a client may not go on now (its rate budget), for the client, and when to try again."""

    message: str
    retry_after: int  # seconds


class Budget(Protocol):
    """What a request may still spend (api/rate_limit.py `Meter`): the limits charge each operation to it."""

    def charge(self, nodes: int) -> Refusal | None:
        """Charges an operation that may return `nodes` nodes; a refusal when the client cannot pay."""


@dataclass
class Context:
    database: Database
    ingest: Ingest
    # None when the request may run mutations, else the reason it may not (shown to the client).
    write_refusal: str | None
    live: LiveFeed
    # The app's record of reads still running (loaders.RoundsInFlight), which it waits for before it closes.
    in_flight: RoundsInFlight
    # The client's rate budget; None when the request is not limited (the API token, limits off, exports).
    budget: Budget | None = None
    # Lifts the request's execution deadline (api/graphql_view.py): called for a mutation, which runs to its end.
    lift_deadline: Callable[[], None] | None = None
    loaders: Loaders = field(init=False)
    reads: Reads = field(init=False)

    def __post_init__(self) -> None:
        self.reads = Reads(self.database, self.in_flight)
        self.loaders = Loaders(self.reads)

    async def read(self, work: Callable[[Session], R]) -> R:
        """`work` on a reading session, off the event loop, with the other reads of this turn (loaders.Reads)."""
        return await self.reads.read(work)

    def renew_loaders(self) -> None:
        """A websocket keeps one context for its whole life: a live subscription renews the loaders for each
        new document, so their cache neither grows without end nor serves links that have changed since."""
        self.loaders = Loaders(self.reads)
