"""A bounded load test on loopback: a real `factgraph serve` process on a fresh PostgreSQL database, and
CLIENTS concurrent clients mixing the queries the fact-checker page sends with ingests (distinct generated
articles, and the same texts sent at the same moment) for DURATION_SECONDS. Not one error is allowed: no
5xx, no GraphQL error, no connection failure, no timeout; afterwards every text sent is stored exactly once,
with its claims.

Deselect it while developing with `-m "not load"`; CI runs it.
"""

from __future__ import annotations

import asyncio
import os
import random
import socket
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text as sql

from benchmarks.generate import articles
from factgraph.db.engine import Database
from factgraph.db.store import content_hash
from factgraph.extract import Extractor

from .conftest import TOKEN, _postgres_database

pytestmark = [pytest.mark.load, pytest.mark.anyio]

# Long enough for every limit on the way (the connection pool, the thread pool ingests run in, the one
# spaCy parse at a time) to be reached many times over; short enough for CI, which runs it every time.
DURATION_SECONDS = 30.0
CLIENTS = 50
# A request that takes longer than this counts as an error: a client that waits a minute has given up.
REQUEST_TIMEOUT_SECONDS = 60.0
# Of a client's requests, this share are ingests; of those, this share resend a text sent before.
INGEST_SHARE = 0.15
REPEAT_SHARE = 0.3
# Texts half the clients send first, CLIENTS // (2 * REPEATED_TEXTS) clients each at the same moment.
REPEATED_TEXTS = 5

DOCUMENT_CLAIMS = """query($id: ID!) { node(id: $id) { ... on Document { id title
  claims(first: 50) { totalCount edges { node { id text confidence span { start end }
    attribution { status source { name kind } cue { start end text } }
    responses { id text attribution { status source { name } } } } } } } } }"""
FILTERED_CLAIMS = """query($status: [AttributionStatus!], $min: Float) {
  claims(first: 50, filter: {status: $status, minConfidence: $min}) {
    totalCount edges { node { id text confidence attribution { status source { name } } document { id } } } } }"""
DEALS = """{ deals(first: 20) { totalCount edges { node { id kind status confidence parties { name }
  evidence { id text document { id } } } } } }"""
NODE = """query($id: ID!) { node(id: $id) { id __typename ... on Claim { text attribution { status } }
  ... on Document { title } ... on Deal { kind status } } }"""
INGEST = """mutation($input: IngestDocumentInput!) { ingestDocument(input: $input) { created document { id } } }"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    base: str
    database_url: str
    log: Path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`factgraph serve` on a free loopback port over a fresh PostgreSQL database, stopped afterwards."""
    with contextmanager(_postgres_database)() as url:
        port = _free_port()
        log = tmp_path / "serve.log"
        env = {**os.environ, "FACTGRAPH_DATABASE_URL": url, "FACTGRAPH_API_TOKEN": TOKEN}
        with log.open("w") as output:
            process = subprocess.Popen([sys.executable, "-m", "factgraph.api.cli", "serve", "--host", "127.0.0.1",
                                        "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                assert process.poll() is None, f"factgraph serve exited ({process.returncode}):\n{log.read_text()}"
                try:
                    if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, f"factgraph serve did not answer within 120s:\n{log.read_text()}"
                time.sleep(0.3)
            yield Server(base, url, log)
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()  # it did not shut down: the database is dropped all the same
                process.wait(timeout=10)


@dataclass
class Tally:
    requests: int = 0
    ingests: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    # Every answer to an ingest of each text: (created, document id).
    ingested: dict[str, list[tuple[bool, str]]] = field(default_factory=lambda: defaultdict(list))
    kinds: Counter[str] = field(default_factory=Counter)


class Load:
    def __init__(self, client: httpx.AsyncClient, texts: list[str], repeated: list[str], deadline: float) -> None:
        self.client = client
        self.fresh = iter(texts)
        self.repeated = repeated
        self.deadline = deadline
        self.tally = Tally()
        self.documents: list[str] = []
        self.claims: list[str] = []
        self.deals: list[str] = []

    async def send(self, kind: str, query: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        """The answer's data, or None with the error tallied."""
        started = time.perf_counter()
        self.tally.requests += 1
        self.tally.kinds[kind] += 1
        try:
            response = await self.client.post("/graphql", json={"query": query, "variables": variables},
                                              headers={"Authorization": f"Bearer {TOKEN}"})
        except httpx.HTTPError as error:  # connection failures and timeouts
            self.tally.errors.append(f"{kind}: {type(error).__name__}: {error}")
            return None
        self.tally.latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            self.tally.errors.append(f"{kind}: HTTP {response.status_code}: {response.text[:300]}")
            return None
        body = response.json()
        if body.get("errors"):
            self.tally.errors.append(f"{kind}: GraphQL errors: {body['errors']}")
            return None
        data: dict[str, Any] = body["data"]
        return data

    async def ingest(self, text: str) -> None:
        self.tally.ingests += 1
        data = await self.send("ingest", INGEST, {"input": {"text": text}})
        if data is not None:
            answer = data["ingestDocument"]
            self.tally.ingested[text].append((answer["created"], answer["document"]["id"]))
            self.documents.append(answer["document"]["id"])

    async def query(self, rng: random.Random) -> None:
        choice = rng.randrange(4)
        if choice == 0 and self.documents:
            data = await self.send("document claims", DOCUMENT_CLAIMS, {"id": rng.choice(self.documents)})
            if data and data["node"]:
                self.claims += [edge["node"]["id"] for edge in data["node"]["claims"]["edges"][:5]]
        elif choice == 1:
            statuses = rng.choice([None, ["ANONYMOUS_SOURCE"], ["CONFIRMED", "ANONYMOUS_SOURCE"], ["DECLINED_TO_COMMENT", "NO_RESPONSE"]])
            await self.send("claims", FILTERED_CLAIMS, {"status": statuses, "min": rng.choice([None, 0.5, 0.8])})
        elif choice == 2:
            data = await self.send("deals", DEALS, {})
            if data:
                self.deals += [edge["node"]["id"] for edge in data["deals"]["edges"][:5]]
        else:
            known = self.documents + self.claims + self.deals
            if known:
                await self.send("node", NODE, {"id": rng.choice(known)})

    async def client_loop(self, number: int) -> None:
        rng = random.Random(number)
        # All at once, first: half the clients send the same few texts, which race to be stored; the other
        # half distinct articles that race to make the same new sources ("people familiar with the matter").
        first = self.repeated[number % len(self.repeated)] if number % 2 == 0 else next(self.fresh, None)
        await self.ingest(first or self.repeated[0])
        while time.monotonic() < self.deadline:
            if rng.random() < INGEST_SHARE:
                fresh = None if rng.random() < REPEAT_SHARE else next(self.fresh, None)
                await self.ingest(fresh or rng.choice(self.repeated))
            else:
                await self.query(rng)


async def test_fifty_clients_for_thirty_seconds_lose_nothing(server: Server, extractor: Extractor) -> None:
    generated = list(dict.fromkeys(articles(3000, seed=6)))  # more than the run can ingest, each distinct
    repeated, fresh = generated[:REPEATED_TEXTS], generated[REPEATED_TEXTS:]
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)
    async with httpx.AsyncClient(base_url=server.base, timeout=REQUEST_TIMEOUT_SECONDS, limits=limits) as client:
        started = time.monotonic()
        load = Load(client, fresh, repeated, deadline=started + DURATION_SECONDS)
        await asyncio.gather(*(load.client_loop(number) for number in range(CLIENTS)))
        elapsed = time.monotonic() - started
    tally = load.tally
    latencies = sorted(tally.latencies)
    print(f"\nload: {tally.requests} requests in {elapsed:.1f}s ({tally.requests / elapsed:.0f}/s) from {CLIENTS} clients, "
          f"{tally.ingests} ingests of {len(tally.ingested)} texts, {len(tally.errors)} errors; "
          f"p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms; "
          f"{dict(tally.kinds)}")
    assert tally.errors == [], f"{len(tally.errors)} errors, the first: {tally.errors[:5]}\n{server.log.read_text()[-3000:]}"
    # The machine may be shared and slow: the bar is only that the load ran (more than two requests a client,
    # more texts than the repeated ones).
    assert tally.requests > 2 * CLIENTS and len(tally.ingested) > 2 * REPEATED_TEXTS, "the load did not run"

    # Each text: one document, created by exactly one of the ingests that sent it, and all of them told its id.
    for text, answers in tally.ingested.items():
        assert [created for created, _ in answers].count(True) == 1, (text[:60], answers)
        assert len({document_id for _, document_id in answers}) == 1, (text[:60], answers)
    assert all(len(tally.ingested[text]) > 1 for text in repeated)

    database = Database(server.database_url)
    try:
        with database.engine.connect() as connection:
            stored = {row.content_hash: (row.copies, row.claims) for row in connection.execute(sql(
                "SELECT d.content_hash, count(DISTINCT d.id) AS copies, count(c.id) AS claims "
                "FROM document d LEFT JOIN claim c ON c.document_id = d.id GROUP BY d.content_hash"))}
    finally:
        database.dispose()
    assert len(stored) == len(tally.ingested), "only the texts sent are stored"
    for text in tally.ingested:
        copies, claims = stored[content_hash(text)]
        assert copies == 1
        assert claims == len(extractor.extract(text).claims) > 0, text[:60]
