"""DataLoaders, made per request: every nested field is one batched query, never one query per parent."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import anyio.to_thread
from sqlmodel import Session
from strawberry.dataloader import DataLoader

from ..db import confidence as db_confidence
from ..db import models as m
from ..db import queries
from ..db.engine import Database
from . import export

K = TypeVar("K")
DocumentPageKey = tuple[int, queries.ClaimCriteria, queries.Window]
ClaimPageKey = tuple[str, int, queries.Window]  # (relation, owner, window)
V = TypeVar("V")
R = TypeVar("R")


class Reads:
    """The reads of a request whose cost grows with the data (the root lists, their counts and filters, the
    full-text search), run off the event loop: it goes on with other requests while the database answers.

    The reads asked for in the same turns of the loop (the root fields of a query, the DataLoaders' batches of
    one level) run together, one after another, in one worker thread and one session, and their results come
    back together, so the fields below them resolve in the same turns as if the reads had run on the loop:
    the batches stay as few as before (tests/test_batching.py counts the statements). Nothing runs on the
    loop, so a database that hangs holds up only the threads reading from it: every request's deadline still
    fires, and the health check still answers (tests/test_timeouts.py)."""

    def __init__(self, database: Database, in_flight: RoundsInFlight) -> None:
        self.database = database
        self.in_flight = in_flight
        self._round: list[tuple[Callable[[Session], Any], asyncio.Future[Any]]] | None = None

    async def read(self, work: Callable[[Session], R]) -> R:
        loop = asyncio.get_running_loop()
        if self._round is None:
            self._round = []
            loop.call_soon(self._start_round, 0)  # after the other batch tasks already queued in this turn
        future: asyncio.Future[R] = loop.create_future()
        self._round.append((work, future))
        return await future

    def _start_round(self, seen: int) -> None:
        # A round waits while it still grows from one turn to the next: DataLoaders dispatch their batches in
        # tasks of their own, a turn or two after the keys were asked for, and those of one level of the query
        # belong in one round (one thread hop, one session).
        if self._round is not None and len(self._round) > seen:
            asyncio.get_running_loop().call_soon(self._start_round, len(self._round))
            return
        reads, self._round = self._round or [], None
        self.in_flight.add(asyncio.ensure_future(self._run(reads)))

    async def _run(self, reads: list[tuple[Callable[[Session], Any], asyncio.Future[Any]]]) -> None:
        def run_all() -> list[tuple[bool, Any]]:
            outcomes: list[tuple[bool, Any]] = []
            with self.database.reading() as session:
                for work, _ in reads:
                    try:
                        outcomes.append((True, work(session)))
                    except Exception as error:  # that read's own failure, for its caller to handle
                        outcomes.append((False, error))
            return outcomes

        try:
            outcomes = await anyio.to_thread.run_sync(run_all)
        except asyncio.CancelledError:
            for _, future in reads:
                future.cancel()
            raise
        except Exception as error:  # no session: every read of the round fails with it; the round itself does not
            outcomes = [(False, error)] * len(reads)
        for (done, value), (_, future) in zip(outcomes, reads, strict=True):
            if not future.done():
                future.set_result(value) if done else future.set_exception(value)


class RoundsInFlight:
    """The rounds of reads still running, of every request of an app. A round can outlive its request (a field
    that failed ends the request while another's read is still in its thread): the app waits for them before
    it closes the database, which would otherwise lose track of the connection such a read holds. Held here
    too so that they are not garbage-collected before they finish (asyncio keeps only weak references)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def add(self, task: asyncio.Task[None]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait(self, *, timeout: float) -> None:
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=timeout)


class Loaders:
    """The batched lookups of a request. Each batch is a read of the request's `Reads`: off the event loop, in a
    worker thread, with the other batches asked for in the same turn, so that a database that hangs holds up
    that thread, not the loop (and with it every request's deadline and the health check)."""

    def __init__(self, reads: Reads) -> None:
        self.reads = reads
        self.document = self._rows(m.Document)
        self.claim = self._rows(m.Claim)
        self.source = self._rows(m.Source)
        self.entity = self._rows(m.Entity)
        self.deal = self._rows(m.Deal)
        self.review = self._rows(m.Review)
        self.reviews = self._grouped(lambda s, keys: queries.reviews(s, claim_ids=keys))
        self.aliases = self._grouped(lambda s, keys: queries.aliases(s, entity_ids=keys))
        self.roles = self._grouped(lambda s, keys: queries.roles(s, person_ids=keys))
        self.prices = self._grouped(lambda s, keys: queries.prices(s, vehicle_ids=keys))
        self.deal_parties = self._grouped(lambda s, keys: queries.deal_parties(s, deal_ids=keys))
        self.deal_events = self._grouped(lambda s, keys: queries.deal_events(s, deal_ids=keys))
        self.deal_figures = self._grouped(lambda s, keys: queries.deal_figures(s, deal_ids=keys))
        self.deal_party_rows = self._grouped(lambda s, keys: queries.deal_party_rows(s, deal_ids=keys))
        self.claim_mentions = self._grouped(lambda s, keys: queries.claim_mentions(s, claim_ids=keys))
        self.explanations = self._grouped(lambda s, keys: db_confidence.explanations(s, keys))
        self.reliability: DataLoader[db_confidence.Voucher, db_confidence.Reliability | None] = DataLoader(load_fn=self._reliability)
        self.claim_entities = self._grouped(lambda s, keys: queries.claim_entities(s, claim_ids=keys))
        self.claim_deals = self._grouped(lambda s, keys: queries.claim_deals(s, claim_ids=keys))
        self.responses = self._grouped(lambda s, keys: queries.links(s, claim_ids=keys, direction="responses"))
        self.concerns = self._grouped(lambda s, keys: queries.links(s, claim_ids=keys, direction="concerns"))
        # The claims of an entity, a deal's and a vehicle's evidence, a claim's corroborations and contradictions.
        self.claim_pages: DataLoader[ClaimPageKey, queries.Page[m.Claim]] = DataLoader(load_fn=self._claim_pages)
        self.document_claims: DataLoader[DocumentPageKey, queries.Page[m.Claim]] = DataLoader(load_fn=self._document_claims)
        self.provenance: DataLoader[int, export.JsonLd] = DataLoader(load_fn=self._provenance)

    async def _provenance(self, keys: list[int]) -> list[export.JsonLd]:
        """The PROV-O export of each document, read for all of them at once."""
        found = await self.reads.read(lambda session: export.document_provenance(session, keys))
        return [found[key] for key in keys]

    async def _document_claims(self, keys: list[DocumentPageKey]) -> list[queries.Page[m.Claim]]:
        """Pages of claims per document, one query for every document asking for the same page."""
        pages: dict[DocumentPageKey, queries.Page[m.Claim]] = {}
        by_page: dict[tuple[queries.ClaimCriteria, queries.Window], list[int]] = {}
        for document_id, criteria, window in keys:
            by_page.setdefault((criteria, window), []).append(document_id)

        def read(session: Session) -> None:
            for (criteria, window), document_ids in by_page.items():
                found = queries.document_claim_pages(session, document_ids=document_ids, criteria=criteria, window=window)
                pages.update({(i, criteria, window): page for i, page in found.items()})

        await self.reads.read(read)
        return [pages[key] for key in keys]

    async def _claim_pages(self, keys: list[ClaimPageKey]) -> list[queries.Page[m.Claim]]:
        """Pages of claims per owner, one query for every owner asking for the same page of the same relation."""
        pages: dict[ClaimPageKey, queries.Page[m.Claim]] = {}
        by_page: dict[tuple[str, queries.Window], list[int]] = {}
        for relation, owner_id, window in keys:
            by_page.setdefault((relation, window), []).append(owner_id)

        def read(session: Session) -> None:
            for (relation, window), owner_ids in by_page.items():
                found = queries.claim_pages(session, relation=relation, owner_ids=owner_ids, window=window)
                pages.update({(relation, i, window): page for i, page in found.items()})

        await self.reads.read(read)
        return [pages[key] for key in keys]

    async def _reliability(self, keys: list[db_confidence.Voucher]) -> list[db_confidence.Reliability | None]:
        found = await self.reads.read(lambda session: db_confidence.reliabilities(session, keys))
        return [found.get(key) for key in keys]

    def _rows(self, model: type[V]) -> DataLoader[int, V | None]:
        async def load(keys: list[int]) -> list[V | None]:
            found = await self.reads.read(lambda session: queries.by_ids(session, model, keys))
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    def _grouped(self, query: Callable[..., dict[int, list[V]]]) -> DataLoader[int, list[V]]:
        async def load(keys: list[int]) -> list[list[V]]:
            found = await self.reads.read(lambda session: query(session, keys))
            return [found.get(key, []) for key in keys]

        return DataLoader(load_fn=load)


async def load_all(loader: DataLoader[int, V | None], keys: Sequence[int]) -> list[V]:
    return [row for row in await loader.load_many(list(keys)) if row is not None]
