"""A new migration, for developers: `python -m factgraph.db.revision "what changed"`.

Alembic's autogenerate compares the models (db/models.py, db/jobs.py, db/search.py) with a scratch in-memory
SQLite database brought to the current head, and writes what differs to db/migrations/versions/NNNN_slug.py
(batch operations, so that SQLite can alter tables). Read the file before committing it: autogenerate does
not see renames (it drops and adds), and what only PostgreSQL has (like the text-search index) or only
SQLite has (the FTS5 table) is written by hand, as in the first revision.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from .migrate import MIGRATIONS, _config, quiet_expression_indexes


def new_revision(message: str, *, location: Path = MIGRATIONS) -> Path:
    number = len(list(ScriptDirectory(str(location)).walk_revisions())) + 1
    engine = create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            with connection.begin():
                config = _config(connection, location)
                config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
                command.upgrade(config, "head")
                with quiet_expression_indexes():
                    script = command.revision(config, message=message, autogenerate=True, rev_id=f"{number:04}")
    finally:
        engine.dispose()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m factgraph.db.revision", description=__doc__.splitlines()[0])
    parser.add_argument("message", help="what the migration changes, as its file's name and docstring say")
    args = parser.parse_args(argv)
    print(f"wrote {new_revision(args.message)}: read it, test it (tests/test_migrations.py), commit it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
