"""Two ingests of the same text at once store one document, on SQLite and PostgreSQL: real threads, each with
its own engine (as two processes would have), racing on one database."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text
from sqlmodel import func, select

from factgraph.db import models as m
from factgraph.db.engine import Database
from factgraph.db.store import DocumentMeta, store
from factgraph.extract import Extractor
from factgraph.schema import IngestRequest
from factgraph.api.ingest import Ingestor

from .conftest import seed_text


def _counts(database: Database) -> tuple[int, int, int]:
    with database.session() as session:
        return (session.exec(select(func.count()).select_from(m.Document)).one(),
                session.exec(select(func.count()).select_from(m.Claim)).one(),
                session.exec(select(func.count()).select_from(m.Mention)).one())


def _waiting_on_a_lock(database: Database) -> bool:
    """Whether another connection is blocked on a lock: PostgreSQL on the document's unique index."""
    with database.engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )).scalar_one())


def test_a_second_ingest_of_a_text_being_stored_waits_and_finds_it(database_url: str, extractor: Extractor) -> None:
    """The first writer holds its document uncommitted while the second tries to store the same text: the
    second waits (SQLite: the write lock; PostgreSQL: the unique index on the hash), then finds the first's."""
    first, second = Database(database_url), Database(database_url)
    first.ensure_schema()
    extraction = extractor.extract(seed_text())
    outcome: dict[str, object] = {}

    def store_again() -> None:
        with second.writing() as session:
            document, created = store(session, extraction, DocumentMeta(title="second"))
        outcome.update(id=document.id, created=created)

    try:
        with first.writing() as session:
            document, created = store(session, extraction, DocumentMeta(title="first"))
            assert created
            racer = threading.Thread(target=store_again)
            racer.start()
            if first.engine.dialect.name == "postgresql":
                deadline = time.monotonic() + 30
                while not _waiting_on_a_lock(second):
                    assert time.monotonic() < deadline, "the second ingest never reached the unique index"
                    time.sleep(0.05)
            else:
                time.sleep(0.5)  # the second is in BEGIN IMMEDIATE's busy wait
            assert racer.is_alive(), "the second ingest did not wait for the first"
        racer.join(timeout=60)
        assert not racer.is_alive()
        assert outcome == {"id": document.id, "created": False}
        documents, claims, mentions = _counts(first)
        assert (documents, claims, mentions) == (1, len(extraction.claims), len(extraction.mentions))
    finally:
        first.dispose()
        second.dispose()


def test_many_ingests_of_one_text_at_once_store_it_once(database_url: str, extractor: Extractor) -> None:
    """Eight ingest services (each its own engine) given the same article at the same moment."""
    databases = [Database(database_url) for _ in range(8)]
    databases[0].ensure_schema()
    article = seed_text("moriya-sakai-stake")
    ingestors = [Ingestor(d, extractor, max_article_bytes=1_000_000) for d in databases]
    start = threading.Barrier(len(ingestors))
    results: list[tuple[int | None, bool]] = []
    errors: list[BaseException] = []

    def ingest(ingestor: Ingestor) -> None:
        start.wait()
        try:
            outcome = ingestor.ingest(IngestRequest(text=article))
            results.append((outcome.document.id, outcome.created))
        except BaseException as error:  # reported by the assertion below, with the thread's error
            errors.append(error)

    threads = [threading.Thread(target=ingest, args=(i,)) for i in ingestors]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not errors, errors
        assert len(results) == len(ingestors)
        assert len({document_id for document_id, _ in results}) == 1
        assert sorted(created for _, created in results) == [False] * (len(ingestors) - 1) + [True]
        documents, claims, _ = _counts(databases[0])
        assert documents == 1 and claims == len(extractor.extract(article).claims)
    finally:
        for database in databases:
            database.dispose()
