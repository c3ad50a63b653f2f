"""Ingests at once, on SQLite and PostgreSQL: real threads, each with its own engine (as two processes would
have), racing on one database. Two of the same text store one document; two different texts about the same
new companies store what they would one after the other (one row per company, one deal, the links)."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text
from sqlmodel import func, select

from factgraph.db import models as m
from factgraph.db.engine import Database
from factgraph.db.store import DocumentMeta, store
from factgraph.extract import Extractor
from factgraph.extract.model import Extraction
from factgraph.schema import IngestRequest
from factgraph.api.ingest import Ingestor

from .conftest import all_at_once, seed_text


def _counts(database: Database) -> tuple[int, int, int]:
    with database.session() as session:
        return (session.exec(select(func.count()).select_from(m.Document)).one(),
                session.exec(select(func.count()).select_from(m.Claim)).one(),
                session.exec(select(func.count()).select_from(m.Mention)).one())


def _waiting_on_a_lock(database: Database) -> bool:
    """Whether another connection of the database is blocked on a lock (PostgreSQL)."""
    with database.engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )).scalar_one())


def test_a_second_ingest_of_a_text_being_stored_waits_and_finds_it(database_url: str, extractor: Extractor) -> None:
    """The first writer holds its document uncommitted while the second tries to store the same text: the
    second waits for the write lock (SQLite's, or PostgreSQL's advisory lock), then finds the first's."""
    first, second = Database(database_url), Database(database_url)
    first.ensure_schema()
    extraction = extractor.extract(seed_text())
    try:
        document, outcome = _second_while_first_uncommitted(first, second, extraction, extraction)
        assert outcome == (document.id, False)
        documents, claims, mentions = _counts(first)
        assert (documents, claims, mentions) == (1, len(extraction.claims), len(extraction.mentions))
    finally:
        first.dispose()
        second.dispose()


def _second_while_first_uncommitted(first: Database, second: Database, one: Extraction,
                                    other: Extraction) -> tuple[m.Document, tuple[int | None, bool]]:
    """`one` stored through `first` and held uncommitted while `second` stores `other`; the second must wait
    for the first's commit. Returns the first's document and the second's (id, created)."""
    outcome: list[tuple[int | None, bool]] = []

    def store_other() -> None:
        with second.writing() as session:
            document, created = store(session, other, DocumentMeta(title="second"))
        outcome.append((document.id, created))

    with first.writing() as session:
        document, created = store(session, one, DocumentMeta(title="first"))
        assert created
        racer = threading.Thread(target=store_other)
        racer.start()
        if first.engine.dialect.name == "postgresql":
            deadline = time.monotonic() + 30
            while not _waiting_on_a_lock(second) and racer.is_alive():
                assert time.monotonic() < deadline, "the second ingest neither waited nor finished"
                time.sleep(0.05)
        else:
            time.sleep(0.5)  # the second is in BEGIN IMMEDIATE's busy wait
        assert racer.is_alive(), "the second ingest did not wait for the first"
    racer.join(timeout=60)
    assert not racer.is_alive()
    [second_outcome] = outcome
    return document, second_outcome


# Two articles about the same companies and deal, by different sources: one after the other, the second finds
# the companies and the deal the first made, and corroborates its claim.
TALKS = "Acme Corp is in talks to buy Beta Inc, according to people familiar with the matter.\n"
CONFIRMED = "Acme Corp is in talks to buy Beta Inc, Jane Roe, a spokeswoman for Acme Corp, said on Monday.\n"


def _graph(database: Database) -> tuple[object, ...]:
    with database.session() as session:
        entities = sorted(session.exec(select(m.Entity.kind, m.Entity.name)).all())
        deals = sorted(session.exec(select(m.Deal.kind, m.Deal.status)).all())
        parties = session.exec(select(func.count()).select_from(m.DealParty)).one()
        evidence = session.exec(select(func.count()).select_from(m.DealEvidence)).one()
        links = sorted(session.exec(select(m.ClaimLink.kind)).all())
        confidences = sorted(round(c, 9) for c in session.exec(select(m.Claim.confidence)).all())
    return entities, deals, parties, evidence, links, confidences


def test_two_articles_about_new_companies_written_at_once_resolve_as_one_after_the_other(
        two_databases: tuple[str, str], extractor: Extractor) -> None:
    """Each document's writer resolves companies and deals against what is stored, and links its claims to other
    documents': two writing at once would each miss the other (two rows for Acme Corp, two deals, no
    corroboration), so writes take turns, on PostgreSQL too."""
    racing_url, sequential_url = two_databases
    talks, confirmed = extractor.extract(TALKS), extractor.extract(CONFIRMED)
    first, second, sequential = Database(racing_url), Database(racing_url), Database(sequential_url)
    try:
        first.ensure_schema()
        _, (_, created) = _second_while_first_uncommitted(first, second, talks, confirmed)
        assert created
        sequential.ensure_schema()
        for extraction in (talks, confirmed):
            with sequential.writing() as session:
                store(session, extraction, DocumentMeta())
        expected = _graph(sequential)
        assert expected[0] == [("COMPANY", "Acme Corp"), ("COMPANY", "Beta Inc"), ("PERSON", "Jane Roe")]
        assert len(expected[1]) == 1 and "CORROBORATES" in expected[4]
        assert _graph(first) == expected
    finally:
        for database in (first, second, sequential):
            database.dispose()


def test_many_ingests_of_one_text_at_once_store_it_once(database_url: str, extractor: Extractor) -> None:
    """Eight ingest services (each its own engine) given the same article at the same moment."""
    databases = [Database(database_url) for _ in range(8)]
    databases[0].ensure_schema()
    article = seed_text("moriya-sakai-stake")
    ingestors = [Ingestor(d, extractor, max_article_bytes=1_000_000) for d in databases]
    try:
        outcomes = all_at_once(lambda ingestor: ingestor.ingest(IngestRequest(text=article)), ingestors)
        results = [(outcome.document.id, outcome.created) for outcome in outcomes]
        assert len({document_id for document_id, _ in results}) == 1
        assert sorted(created for _, created in results) == [False] * (len(ingestors) - 1) + [True]
        documents, claims, _ = _counts(databases[0])
        assert documents == 1 and claims == len(extractor.extract(article).claims)
    finally:
        for database in databases:
            database.dispose()
