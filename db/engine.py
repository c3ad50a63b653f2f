"""The database: an engine made from a URL, sessions, and the schema created on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

from . import models, search  # noqa: F401  (the tables must be known before create_all)

# The PostgreSQL advisory lock that document writes take in turn (any fixed number no other lock uses).
DOCUMENT_WRITE_LOCK = 0x66616374_67726170  # "factgrap"


class Database:
    """One per process: owns the engine; `session()` gives a unit of work that commits or rolls back."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.engine = _engine(url, echo=echo)

    def create_schema(self) -> None:
        SQLModel.metadata.create_all(self.engine)
        search.install(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session for a write that must land whole (a document with all its rows), one such write at a
        time across every process on the database.

        On SQLite it starts with BEGIN IMMEDIATE. pysqlite begins no transaction before a SAVEPOINT, so
        without it the savepoint's RELEASE would commit the document alone, visible to readers before its
        claims and kept by a rollback; taking the write lock up front also makes a concurrent writer wait
        (busy_timeout) instead of failing to upgrade a stale read.

        On PostgreSQL it takes a transaction-level advisory lock, for the same turn-taking: a store reads
        which entities and sources exist and inserts the missing ones, so two at once would both insert the
        same new source (a unique violation: the ingest fails) or the same new company (two rows for one
        company). Parsing, the slow part of an ingest, runs before and is not held up."""
        with self.session() as session:
            if self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            elif self.engine.dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": DOCUMENT_WRITE_LOCK})
            yield session

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def _engine(url: str, *, echo: bool) -> Engine:
    options: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        options["pool_pre_ping"] = True
    engine = create_engine(url, **options)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
