"""The database: an engine made from a URL, sessions, and the schema checked (or, when new, made) at start-up."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from . import migrate


# Any fixed number, other than db/migrate.py's: the PostgreSQL advisory lock a document's writer holds.
_WRITE_LOCK = 0x77726974  # "writ"
# How long a SQLite connection waits for another's lock before it gives up.
SQLITE_BUSY_MS = 30_000


class Database:
    """One per process: owns the engine; `session()` gives a unit of work that commits or rolls back.

    `statement_timeout` (seconds) bounds every statement of a `reading()` session and `ping()` on PostgreSQL:
    the server cancels it (`statement_timeout`, on a pool of its own). Writes and migrations are not bounded by
    it: a write waits its turn behind the others (the advisory lock), and a migration's DDL may take long on a
    large database. On SQLite, where a statement waits only for another connection's lock, the busy timeout
    (`sqlite_busy_seconds`) bounds every statement."""

    def __init__(self, url: str, *, echo: bool = False, statement_timeout: float | None = None,
                 sqlite_busy_seconds: float = SQLITE_BUSY_MS / 1000) -> None:
        self.url = url
        self.statement_timeout = statement_timeout
        self.engine = _engine(url, echo=echo, busy_seconds=sqlite_busy_seconds)
        reads = self.engine
        if statement_timeout is not None and not url.startswith("sqlite"):
            reads = _engine(url, echo=echo, busy_seconds=sqlite_busy_seconds, statement_timeout=statement_timeout)
        self._reads = reads
        # Its connections are switched to autocommit while a reading() session holds them.
        self._autocommit = reads.execution_options(isolation_level="AUTOCOMMIT")

    def ensure_schema(self) -> None:
        """Start-up: a new, empty database gets the schema (migrated to head); one at head is used as it is;
        one that is behind is refused with `migrate.SchemaOutOfDate`, whose message says to run `factgraph migrate`."""
        migrate.prepare(self.engine)

    def migrate(self) -> list[str]:
        """`factgraph migrate`: upgrades to head (adopting a database made before migrations); says what it did."""
        return migrate.migrate(self.engine)

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
    def reading(self) -> Iterator[Session]:
        """A session that only reads, on an autocommit connection: each statement sees what is committed,
        and no BEGIN or COMMIT goes to the server. A GraphQL request reads in many small batches (one per
        DataLoader round), and those two round trips each were a good part of its time."""
        with Session(self._autocommit, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A session for a write that must land whole (a document with all its rows), one writer at a time.

        One at a time because a document's write reads what the others stored: its companies, sources and deals
        are resolved against the stored ones and its claims linked to theirs. Two writing at once would each
        miss the other (two rows for one new company, two deals, no corroboration between them). Parsing, the
        slow part, happens before, outside the transaction; the writes only take turns.

        On SQLite it starts with BEGIN IMMEDIATE. pysqlite begins no transaction before a SAVEPOINT, so
        without it the savepoint's RELEASE would commit the document alone, visible to readers before its
        claims and kept by a rollback; taking the write lock up front also makes a concurrent writer wait
        (busy_timeout) instead of failing to upgrade a stale read. On PostgreSQL a transaction-level advisory
        lock does the same; under READ COMMITTED each statement after it sees what the previous writer committed
        (without it, two stores would both insert the same new source, a unique violation that fails an ingest,
        or the same new company, two rows for one company: tests/test_ingest_races.py, tests/test_writing.py)."""
        with self.session() as session:
            if self.engine.dialect.name == "sqlite":
                session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            elif self.engine.dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK})
            yield session

    def ping(self) -> None:
        with self._reads.connect() as connection:
            connection.execute(text("SELECT 1"))

    @property
    def engines(self) -> tuple[Engine, ...]:
        """Every engine: the one for writes and migrations, and on PostgreSQL with a statement timeout the reads'."""
        return (self.engine,) if self._reads is self.engine else (self.engine, self._reads)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._reads is not self.engine:
            self._reads.dispose()


def timed_out(error: BaseException | None) -> bool:
    """Whether `error` is a statement the database gave up on for time: PostgreSQL's statement timeout
    (SQLSTATE 57014, query_canceled) or SQLite's busy timeout ("database is locked")."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    if getattr(original, "sqlstate", None) == "57014":
        return True
    return isinstance(original, sqlite3.OperationalError) and "database is locked" in str(original)


def _engine(url: str, *, echo: bool, busy_seconds: float, statement_timeout: float | None = None) -> Engine:
    options: dict[str, Any] = {"echo": echo}
    if url.startswith("sqlite"):
        options["connect_args"] = {"check_same_thread": False, "timeout": busy_seconds}
    else:
        options["pool_pre_ping"] = True
        if statement_timeout is not None:
            options["connect_args"] = {"options": f"-c statement_timeout={max(1, round(statement_timeout * 1000))}"}
    engine = create_engine(url, **options)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", partial(_sqlite_pragmas, busy_ms=round(busy_seconds * 1000)))
    return engine


def _sqlite_pragmas(connection: Any, _record: Any, *, busy_ms: int = SQLITE_BUSY_MS) -> None:
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Switching a new file to WAL needs a lock that SQLite does not always wait for when several processes open
    # one new database at once ("database is locked" at once, whatever the busy timeout). The mode is kept in
    # the file, so trying again until one of them has switched it is enough.
    deadline = time.monotonic() + busy_ms / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    cursor.close()
