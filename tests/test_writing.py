"""A document lands whole: no reader sees it before its claims, and a rollback leaves nothing of it. On SQLite
this needs `Database.writing()` (pysqlite would commit the document alone at its savepoint's release)."""

from __future__ import annotations

import pytest
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
