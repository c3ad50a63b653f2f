"""The schema's version: Alembic migrations (db/migrations/versions), run at start-up and by `factgraph migrate`.

At start-up (`prepare`): a database with none of factgraph's tables is brought to head; one at head is used as
it is; any other is refused with `SchemaOutOfDate`, whose message says where the database stands and that
`factgraph migrate` upgrades it. `migrate` upgrades to head, and adopts a database made before factgraph had
migrations (its tables but no `alembic_version`) when its tables match the first revision: it creates what
that revision has and the database lacks among indexes and triggers (derived data, safe to add), stamps it
and upgrades.

Each runs in one transaction holding a lock (PostgreSQL: an advisory lock; SQLite: BEGIN IMMEDIATE), so
several processes starting on one new database create the schema once, and the others wait and find it.
Alembic is configured here, in code: an installed factgraph needs no alembic.ini.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from . import jobs, models, search  # noqa: F401  (every table on SQLModel.metadata, for autogenerate)

MIGRATIONS = Path(__file__).resolve().with_name("migrations")
VERSION_TABLE = "alembic_version"
# Any fixed number: the PostgreSQL advisory lock that one migrating process holds at a time.
_LOCK_KEY = 0x66616374  # "fact"
_ADOPTION_SCHEMA = "factgraph_adoption_check"


class SchemaError(RuntimeError):
    """The database's schema is not one this factgraph can use as it is; the message says what to do.

    SchemaOutOfDate: at start-up, the database is behind (an older revision, or made before migrations).
    SchemaUnknown: the database is at a revision this factgraph does not know (a newer factgraph migrated it).
    NotAdoptable: `factgraph migrate` found factgraph's tables without a revision, and they are not the first
    revision's, so it cannot tell which revision they are."""


class SchemaOutOfDate(SchemaError):
    pass


class SchemaUnknown(SchemaError):
    pass


class NotAdoptable(SchemaError):
    pass


@dataclass(frozen=True, slots=True)
class Revisions:
    """The migrations shipped with this factgraph (or a test's own folder of them)."""

    location: Path
    first: str
    head: str
    descriptions: dict[str, str]

    def describe(self, revision: str) -> str:
        return f"{revision} ({self.descriptions[revision]})" if revision in self.descriptions else revision


@functools.cache
def revisions(location: Path = MIGRATIONS) -> Revisions:
    """Read once per process: start-up needs the head, and tests start hundreds of apps."""
    scripts = ScriptDirectory(str(location))
    heads = scripts.get_heads()
    if len(heads) != 1:
        raise SchemaError(f"The migrations in {location} have {len(heads)} heads ({', '.join(heads)}): merge them "
                          "into one (alembic merge) so that there is one schema to upgrade to.")
    walked = list(scripts.walk_revisions())
    descriptions = {s.revision: (s.doc or "").strip().splitlines()[0] if s.doc else "" for s in walked}
    return Revisions(location, first=walked[-1].revision, head=heads[0], descriptions=descriptions)


def prepare(engine: Engine, *, location: Path = MIGRATIONS) -> None:
    """Start-up: an empty database gets the schema at head; one at head is left alone; others are refused."""
    known = revisions(location)
    with _locked(engine) as connection:
        current = _current(connection)
        if current == known.head:
            return
        if current is None and not _factgraph_tables(connection):
            _upgrade(connection, known, "head")
            return
        _refuse(engine, known, current)


def migrate(engine: Engine, *, location: Path = MIGRATIONS) -> list[str]:
    """`factgraph migrate`: the database at head. Returns what was done, a sentence a line."""
    known = revisions(location)
    url = _shown(engine)
    said: list[str] = []
    with _locked(engine) as connection:
        current = _current(connection)
        if current == known.head:
            return [f"{url} is at the head revision, {known.describe(known.head)}: nothing to do."]
        if current is not None and current not in known.descriptions:
            raise SchemaUnknown(_unknown(url, known, current))
        if current is None and _factgraph_tables(connection):
            said += _adopt(connection, known, url)
            current = known.first
            if current == known.head:
                return said
        steps = _steps(known, current)
        _upgrade(connection, known, "head")
        if current is None:
            said.append(f"Created the schema in {url} at revision {known.describe(known.head)}.")
        else:
            said.append(f"Upgraded {url} from revision {known.describe(current)} to {known.describe(known.head)} "
                        f"({steps} migration{'s' if steps != 1 else ''}).")
    return said


def include_for(dialect: str) -> Callable[..., bool]:
    """Alembic's filter of what autogenerate and the schema test compare: the FTS5 table and its shadow tables
    are SQLite's own (made by the migration in SQL, not declared as models), and the text-search index exists
    on PostgreSQL only."""

    def include(_object: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
        if type_ == "table" and name is not None and name.startswith(search.FTS_TABLE):
            return False
        if type_ == "index" and name == search.TSVECTOR_INDEX and dialect != "postgresql":
            return False
        return True

    return include


def differences_from_models(connection: Connection, metadata: MetaData = SQLModel.metadata) -> list[Any]:
    """What Alembic's autogenerate would write to make this database's schema the models' (empty when they
    agree): the comparison behind `python -m factgraph.db.revision` and the test that every change to the
    models comes with its migration."""
    context = MigrationContext.configure(connection, opts={"include_object": include_for(connection.dialect.name),
                                                           "compare_type": True})
    with quiet_expression_indexes():
        return list(compare_metadata(context, metadata))


@contextmanager
def quiet_expression_indexes() -> Iterator[None]:
    """Alembic warns that SQLite cannot reflect the text-search index before `include_for` has left it out;
    it is PostgreSQL's alone, and the warning (an error under the tests' settings) says nothing new."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=f"autogenerate skipping metadata-specified expression-based index "
                                                  f"'{search.TSVECTOR_INDEX}'", category=UserWarning)
        yield


# --- the lock, the revision, the tables -------------------------------------------------------------------


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that only one process at a time holds: check and migrate under it."""
    with engine.connect() as connection:
        with connection.begin():
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite begins no transaction before DDL
            elif engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            yield connection


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _factgraph_tables(connection: Connection, schema: str | None = None) -> set[str]:
    ours = set(SQLModel.metadata.tables) | {search.FTS_TABLE}
    return ours & set(inspect(connection).get_table_names(schema=schema))


def _config(connection: Connection, location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(location))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, known: Revisions, to: str) -> None:
    command.upgrade(_config(connection, known.location), to)


def _steps(known: Revisions, current: str | None) -> int:
    scripts = ScriptDirectory(str(known.location))
    return len(list(scripts.iterate_revisions(known.head, current or "base")))


def _refuse(engine: Engine, known: Revisions, current: str | None) -> None:
    url = _shown(engine)
    if current is None:
        raise SchemaOutOfDate(
            f"The database {url} is behind: it has factgraph's tables but no revision (it was made before factgraph "
            f"had migrations), and this factgraph needs revision {known.describe(known.head)}. "
            "Run `factgraph migrate` (with the same FACTGRAPH_DATABASE_URL) to adopt it and upgrade it, then start again.")
    if current not in known.descriptions:
        raise SchemaUnknown(_unknown(url, known, current))
    raise SchemaOutOfDate(
        f"The database {url} is behind: it is at revision {known.describe(current)}, and this factgraph needs "
        f"revision {known.describe(known.head)}. Run `factgraph migrate` (with the same FACTGRAPH_DATABASE_URL) "
        "to upgrade it, then start again.")


def _unknown(url: str, known: Revisions, current: str) -> str:
    return (f"The database {url} is at revision {current}, which this factgraph does not know (its newest is "
            f"{known.describe(known.head)}): a newer factgraph has migrated it. Run that version, or upgrade this one.")


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


# --- adopting a database made before migrations ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shape:
    """What adoption compares: each table's columns, and the DDL of each index and trigger by name."""

    columns: dict[str, frozenset[str]]
    extras: dict[str, str]


def _adopt(connection: Connection, known: Revisions, url: str) -> list[str]:
    expected = _first_revision_shape(connection, known)
    found = _shape(connection, schema=None)
    problems = _differences(expected, found)
    if problems:
        raise NotAdoptable(
            f"The database {url} has factgraph's tables but no revision, and they are not those of the first "
            f"revision, {known.describe(known.first)}: " + "; ".join(problems) + ". factgraph cannot tell which "
            "schema this is, so it changes nothing. Make a new database and ingest the articles again, or bring "
            "these tables to the first revision's by hand and run `factgraph migrate` again.")
    said = []
    missing = sorted(set(expected.extras) - set(found.extras))
    for name in missing:
        connection.exec_driver_sql(expected.extras[name])
    if missing:
        said.append(f"Created what the first revision has and {url} lacked: {', '.join(missing)}.")
    command.stamp(_config(connection, known.location), known.first)
    said.insert(0, f"Adopted {url}: its tables, made before factgraph had migrations, match revision "
                   f"{known.describe(known.first)}, which it is now stamped with.")
    return said


def _differences(expected: _Shape, found: _Shape) -> list[str]:
    problems = []
    for table in sorted(set(expected.columns) - set(found.columns)):
        problems.append(f"table {table} is missing")
    for table in sorted(set(found.columns) - set(expected.columns)):
        problems.append(f"table {table} is not factgraph's")
    for table in sorted(set(expected.columns) & set(found.columns)):
        if missing := expected.columns[table] - found.columns[table]:
            problems.append(f"table {table} lacks column{'s' if len(missing) > 1 else ''} {', '.join(sorted(missing))}")
        if extra := found.columns[table] - expected.columns[table]:
            problems.append(f"table {table} has column{'s' if len(extra) > 1 else ''} {', '.join(sorted(extra))} "
                            "that the first revision does not")
    return problems


def _first_revision_shape(connection: Connection, known: Revisions) -> _Shape:
    """The first revision as made on a scratch database of the same kind: an in-memory SQLite database, or on
    PostgreSQL a schema of this database inside a savepoint that is rolled back."""
    if connection.dialect.name == "postgresql":
        with connection.begin_nested() as scratch:
            connection.execute(text(f"CREATE SCHEMA {_ADOPTION_SCHEMA}"))
            connection.execute(text(f"SET LOCAL search_path TO {_ADOPTION_SCHEMA}"))
            _upgrade(connection, known, known.first)
            shape = _shape(connection, schema=_ADOPTION_SCHEMA)
            scratch.rollback()  # the schema and the search path with it
        return shape
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as scratch_connection:
            with scratch_connection.begin():
                _upgrade(scratch_connection, known, known.first)
                return _shape(scratch_connection, schema=None)
    finally:
        engine.dispose()


def _shape(connection: Connection, *, schema: str | None) -> _Shape:
    inspector = inspect(connection)
    tables = set(inspector.get_table_names(schema=schema)) - {VERSION_TABLE}
    columns = {t: frozenset(c["name"] for c in inspector.get_columns(t, schema=schema)) for t in tables}
    if connection.dialect.name == "postgresql":
        rows = connection.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = :schema"
                                       " AND tablename <> :versions"),
                                  {"schema": schema or connection.dialect.default_schema_name, "versions": VERSION_TABLE}).all()
        # Made in the scratch schema, made again here: the definitions name their table unqualified.
        extras = {name: ddl.replace(f" ON {schema}.", " ON ") if schema else ddl for name, ddl in rows}
    else:
        rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                                       "AND sql IS NOT NULL AND tbl_name <> :versions"), {"versions": VERSION_TABLE}).all()
        extras = dict(rows)
    return _Shape(columns, extras)
