"""A document lands whole: no reader sees it before its claims, and a rollback leaves nothing of it. On SQLite
this needs `Database.writing()` (pysqlite would commit the document alone at its savepoint's release)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event
from sqlmodel import func, select

from factgraph.db import models as m
from factgraph.db.engine import Database
from factgraph.db.store import DocumentMeta, store
from factgraph.extract import Extractor

from .conftest import seed_text


class Abandoned(Exception):
    pass


def _counts(database: Database) -> tuple[int, int]:
    with database.session() as session:
        return (session.exec(select(func.count()).select_from(m.Document)).one(),
                session.exec(select(func.count()).select_from(m.Claim)).one())


def test_a_document_is_invisible_until_committed_and_a_rollback_leaves_nothing(database_url: str, extractor: Extractor) -> None:
    database = Database(database_url)
    database.ensure_schema()
    extraction = extractor.extract(seed_text())
    try:
        with pytest.raises(Abandoned):
            with database.writing() as session:
                _, created = store(session, extraction, DocumentMeta())
                assert created
                assert _counts(database) == (0, 0)  # another connection sees nothing yet
                raise Abandoned
        assert _counts(database) == (0, 0)  # the rollback took the document with it

        with database.writing() as session:
            store(session, extraction, DocumentMeta())
        documents, claims = _counts(database)
        assert documents == 1 and claims == len(extraction.claims) > 0
    finally:
        database.dispose()


def test_documents_stored_at_once_resolve_their_entities_and_sources_as_if_one_after_the_other(
        database_url: str, extractor: Extractor) -> None:
    """Two articles stored at the same moment by two processes (or threads) both introduce a company and a
    source the database has not seen: each is stored once, and neither store fails on the other's rows.
    Each store is held, right after it looked for the entities it knows, until the other has looked too (or
    for two seconds, when the other cannot get that far before this one is done)."""
    database = Database(database_url)
    database.ensure_schema()
    texts = ["Korvenmark Industries said on Monday it had agreed to buy Sallow Freight, people familiar with the matter said.\n",
             "Korvenmark Industries plans to close its plant in Ohio next year, people familiar with the matter said.\n"]
    extractions = [extractor.extract(text) for text in texts]
    both_looked = threading.Barrier(2, timeout=2)
    held = threading.local()

    def hold_after_entity_lookup(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "FROM alias JOIN entity" in statement and not getattr(held, "done", False):
            held.done = True
            try:
                both_looked.wait()
            except threading.BrokenBarrierError:
                pass  # the other store waits for this one to finish: nothing to hold for

    event.listen(database.engine, "after_cursor_execute", hold_after_entity_lookup)
    try:
        def write(extraction: object) -> None:
            with database.writing() as session:
                store(session, extraction, DocumentMeta())  # type: ignore[arg-type]

        with ThreadPoolExecutor(2) as pool:
            for future in [pool.submit(write, extraction) for extraction in extractions]:
                future.result()  # an IntegrityError here is the race
        with database.session() as session:
            companies = session.exec(select(m.Entity.name).where(m.Entity.name == "Korvenmark Industries")).all()
            sources = session.exec(select(m.Source.name).where(m.Source.name == "people familiar with the matter")).all()
        assert _counts(database)[0] == 2
        assert companies == ["Korvenmark Industries"], "one company, not one per document"
        assert len(sources) == 1
    finally:
        event.remove(database.engine, "after_cursor_execute", hold_after_entity_lookup)
        database.dispose()
