"""The schema's migrations on real SQLite and PostgreSQL databases: what they make, and how factgraph starts on a
database that is new, at head, behind (made before migrations, or at an older revision) or ahead."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Column, Integer, MetaData, inspect, text
from sqlalchemy.engine import Connection
from alembic import command as alembic
from sqlmodel import SQLModel

from factgraph.api import Settings, create_app
from factgraph.db import migrate
from factgraph.db.engine import Database
from factgraph.db.revision import new_revision
from factgraph.db.store import DocumentMeta, store
from factgraph.extract import Extractor

from .conftest import TOKEN, all_at_once, gql, ingest, seed_text
from .test_cli import run

KNOWN = migrate.revisions()
HEAD, FIRST = KNOWN.head, KNOWN.first
NEXT = f"{int(HEAD) + 1:04}"  # the number a new revision takes


def made_before_migrations(url: str, *, extractor: Extractor | None = None) -> Database:
    """A database as factgraph made it before migrations: the first revision's schema (which was create_all's,
    and db/search.py's statements, to the column default and the index definition, when migrations began), with
    no revision recorded. With an extractor, the seed article is stored in it first: by the code of today, at
    head, then migrated down with its data, as an old factgraph would have left it."""
    database = Database(url)
    with database.engine.begin() as connection:
        migrate._upgrade(connection, KNOWN, HEAD)
    if extractor is not None:
        with database.writing() as session:
            store(session, extractor.extract(seed_text()), DocumentMeta(title="stored before migrations"))
    with database.engine.begin() as connection:
        alembic.downgrade(migrate._config(connection, KNOWN.location), FIRST)
        connection.execute(text(f"DROP TABLE {migrate.VERSION_TABLE}"))
    return database


def catalog(connection: Connection) -> dict[str, object]:
    """Everything the database says about its schema, less Alembic's own table."""
    if connection.dialect.name == "sqlite":
        rows = connection.execute(text("SELECT type, name, tbl_name, sql FROM sqlite_master "
                                       "WHERE tbl_name <> 'alembic_version' ORDER BY type, name")).all()
        return {"objects": [tuple(r) for r in rows]}
    columns = connection.execute(text(
        "SELECT table_name, column_name, ordinal_position, data_type, character_maximum_length, is_nullable,"
        " column_default FROM information_schema.columns WHERE table_schema = 'public'"
        " AND table_name <> 'alembic_version' ORDER BY table_name, ordinal_position")).all()
    indexes = connection.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
                                      " AND tablename <> 'alembic_version' ORDER BY indexname")).all()
    constraints = connection.execute(text(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'alembic_version'"
        " ORDER BY 1, 2")).all()
    return {"columns": [tuple(r) for r in columns], "indexes": [tuple(r) for r in indexes],
            "constraints": [tuple(r) for r in constraints]}


def revision_of(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return []
        return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def test_every_revision_goes_down_to_the_schema_it_came_from(two_databases: tuple[str, str]) -> None:
    """Upgraded to head and downgraded to the first revision, a database is the first revision again, to the column
    default and the index definition: each downgrade undoes its upgrade exactly."""
    first_url, round_trip_url = two_databases
    first, round_trip = Database(first_url), Database(round_trip_url)
    try:
        with first.engine.begin() as connection:
            migrate._upgrade(connection, KNOWN, FIRST)
        with round_trip.engine.begin() as connection:
            migrate._upgrade(connection, KNOWN, HEAD)
            alembic.downgrade(migrate._config(connection, KNOWN.location), FIRST)
        with first.engine.connect() as a, round_trip.engine.connect() as b:
            assert catalog(a) == catalog(b)
    finally:
        first.dispose()
        round_trip.dispose()


def test_an_empty_database_at_head_is_what_the_models_declare(database_url: str) -> None:
    """The check that the migrations keep up with the models: it fails when someone changes db/models.py (or
    db/jobs.py, db/search.py) without adding a migration (`python -m factgraph.db.revision "what changed"`)."""
    database = Database(database_url)
    try:
        database.ensure_schema()
        assert revision_of(database) == [HEAD]
        with database.engine.connect() as connection:
            assert migrate.differences_from_models(connection) == []
            # The comparison does see a change: the models with one more column are not this database.
            changed = MetaData()
            for table in SQLModel.metadata.tables.values():
                table.to_metadata(changed)
            changed.tables["claim"].append_column(Column("added_without_a_migration", Integer))
            [difference] = migrate.differences_from_models(connection, changed)
            assert difference[0] == "add_column" and difference[3].name == "added_without_a_migration"
            if connection.dialect.name == "sqlite":
                objects = dict(connection.execute(text("SELECT name, sql FROM sqlite_master")).all())
                assert "USING fts5(text, content='claimsearch', content_rowid='claim_id'" in objects["claim_fts"]
                assert "AFTER INSERT ON claimsearch" in objects["claimsearch_ai"]
                assert "AFTER DELETE ON claimsearch" in objects["claimsearch_ad"]
            else:
                [definition] = connection.execute(text(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_claimsearch_tsvector'")).scalars()
                assert "USING gin (to_tsvector('english'::regconfig, text))" in definition
                # Dropped in a transaction that is rolled back: the comparison sees the index itself.
                connection.execute(text("DROP INDEX ix_claimsearch_tsvector"))
                [missing] = migrate.differences_from_models(connection)
                assert missing[0] == "add_index" and missing[1].name == "ix_claimsearch_tsvector"
                connection.rollback()
    finally:
        database.dispose()


@pytest.mark.anyio
async def test_a_database_made_before_migrations_is_refused_until_migrated(
        database_url: str, tmp_path: Path, extractor: Extractor) -> None:
    old = made_before_migrations(database_url, extractor=extractor)
    postgres = old.engine.dialect.name == "postgresql"
    if postgres:  # as every PostgreSQL database made before the text-search index was fixed
        with old.engine.begin() as connection:
            connection.execute(text("DROP INDEX ix_claimsearch_tsvector"))
    old.dispose()
    article = tmp_path / "article.txt"
    article.write_text("Acme Corp said on Monday it agreed to buy Beta Inc.\n", encoding="utf-8")
    env = {"FACTGRAPH_DATABASE_URL": database_url}

    commands = [("ingest", str(article)), ("serve", "--port", "1"), ("seed",)] + ([("worker", "--once")] if postgres else [])
    for command in commands:
        refused = run(*command, cwd=tmp_path, env=env)
        assert refused.returncode == 2, (command, refused.stderr)
        assert "is behind: it has factgraph's tables but no revision" in refused.stderr, command
        assert f"needs revision {KNOWN.describe(HEAD)}" in refused.stderr
        assert "Run `factgraph migrate`" in refused.stderr
        assert "Traceback" not in refused.stderr
    app = create_app(Settings(database_url=database_url, api_token=TOKEN), extractor=extractor)
    with pytest.raises(migrate.SchemaOutOfDate, match="is behind"):
        async with app.router.lifespan_context(app):
            pass
    unchanged = Database(database_url)
    assert revision_of(unchanged) == []
    unchanged.dispose()

    migrated = run("migrate", cwd=tmp_path, env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert "its tables, made before factgraph had migrations, match revision 0001 (initial schema)" in migrated.stdout
    assert ("lacked: ix_claimsearch_tsvector" in migrated.stdout) == postgres
    database = Database(database_url)
    try:
        assert revision_of(database) == [HEAD]
        with database.engine.connect() as connection:
            assert migrate.differences_from_models(connection) == []
    finally:
        database.dispose()
    assert "nothing to do" in run("migrate", cwd=tmp_path, env=env).stdout

    # The app starts on it, with the document of before, found by its words too.
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://factgraph.test") as client:
            found = await gql(client, '{ claims(filter: {text: "Hongqi respond"}) { totalCount } '
                                      'documents { edges { node { title } } } }')
            assert found["claims"]["totalCount"] >= 1
            assert [e["node"]["title"] for e in found["documents"]["edges"]] == ["stored before migrations"]
            assert (await ingest(client, article.read_text(encoding="utf-8")))["created"]
    assert run("ingest", str(article), cwd=tmp_path, env=env).returncode == 0


def test_tables_unlike_the_first_revisions_are_not_adopted(database_url: str, tmp_path: Path) -> None:
    old = made_before_migrations(database_url)
    with old.engine.begin() as connection:
        connection.execute(text("ALTER TABLE claim ADD COLUMN added_by_hand INTEGER"))
        connection.execute(text("DROP TABLE review"))
    old.dispose()
    refused = run("migrate", cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": database_url})
    assert refused.returncode == 2
    assert "are not those of the first revision, 0001 (initial schema): table review is missing; table claim " \
           "has column added_by_hand that the first revision does not" in refused.stderr
    assert "it changes nothing" in refused.stderr and "Traceback" not in refused.stderr
    database = Database(database_url)
    try:
        assert revision_of(database) == []
        assert not inspect(database.engine).has_table("review")
    finally:
        database.dispose()


TEST_REVISION = f'''"""a test-only column

Revision ID: {NEXT}
Revises: {HEAD}
"""

import sqlalchemy as sa
from alembic import op

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entity") as batch:
        batch.add_column(sa.Column("test_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entity") as batch:
        batch.drop_column("test_note")
'''


def test_a_database_at_an_older_revision_is_refused_then_upgraded(database_url: str, tmp_path: Path) -> None:
    """factgraph's migrations plus one more, test-only revision: a database at today's head is behind those."""
    newer = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / f"{NEXT}_a_test_only_column.py").write_text(TEST_REVISION, encoding="utf-8")
    database = Database(database_url)
    try:
        database.ensure_schema()
        with pytest.raises(migrate.SchemaOutOfDate) as refused:
            migrate.prepare(database.engine, location=newer)
        assert (f"is behind: it is at revision {KNOWN.describe(HEAD)}, and this factgraph needs revision {NEXT} "
                "(a test-only column). Run `factgraph migrate`") in str(refused.value)
        assert migrate.migrate(database.engine, location=newer) == [
            f"Upgraded {database.engine.url.render_as_string(hide_password=True)} from revision {KNOWN.describe(HEAD)} "
            f"to {NEXT} (a test-only column) (1 migration)."]
        migrate.prepare(database.engine, location=newer)  # at head now: it starts
        assert "test_note" in {c["name"] for c in inspect(database.engine).get_columns("entity")}
        assert revision_of(database) == [NEXT]

        # To factgraph's own migrations this database is ahead: refused, by the app and by `migrate`.
        with pytest.raises(migrate.SchemaUnknown, match=f"is at revision {NEXT}, which this factgraph does not know"):
            database.ensure_schema()
        env = {"FACTGRAPH_DATABASE_URL": database_url}
        for command in (("serve",), ("migrate",)):
            result = run(*command, cwd=tmp_path, env=env)
            assert result.returncode == 2
            assert "which this factgraph does not know" in result.stderr and "Traceback" not in result.stderr
    finally:
        database.dispose()


def test_migrate_makes_a_new_database_and_then_has_nothing_to_do(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    first = run("migrate", cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": url})
    assert first.returncode == 0, first.stderr
    assert first.stdout == f"Created the schema in {url} at revision {KNOWN.describe(HEAD)}.\n"
    again = run("migrate", cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": url})
    assert again.stdout == f"{url} is at the head revision, {KNOWN.describe(HEAD)}: nothing to do.\n"


def test_processes_starting_together_on_a_new_database_make_the_schema_once(database_url: str) -> None:
    databases = [Database(database_url) for _ in range(6)]
    try:
        all_at_once(Database.ensure_schema, databases)
        assert revision_of(databases[0]) == [HEAD]
        with databases[0].engine.connect() as connection:
            assert migrate.differences_from_models(connection) == []
    finally:
        for database in databases:
            database.dispose()


def test_a_new_revision_of_unchanged_models_changes_nothing_and_follows_the_head(tmp_path: Path) -> None:
    """The developers' command (`python -m factgraph.db.revision MESSAGE`) on a copy of the migrations: with the
    models as the migrations left them there is nothing to write, and the revision chains onto the head."""
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    written = new_revision("nothing changed", location=copy)
    assert written == copy / "versions" / f"{NEXT}_nothing_changed.py"
    source = written.read_text(encoding="utf-8")
    assert f"down_revision: str | None = '{HEAD}'" in source
    upgrade = source.split("def upgrade() -> None:")[1].split("def downgrade")[0]
    assert [line.strip() for line in upgrade.splitlines() if line.strip() and not line.strip().startswith("#")] == ["pass"]
    database = Database(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert migrate.migrate(database.engine, location=copy) == [
            f"Created the schema in {database.engine.url} at revision {NEXT} (nothing changed)."]
    finally:
        database.dispose()
