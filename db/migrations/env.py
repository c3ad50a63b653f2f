"""Alembic's environment, for every way a migration runs: start-up and `factgraph migrate` (db/migrate.py hands
over its connection, already in a transaction and holding the migration lock) and `python -m
factgraph.db.revision` (autogenerate against a scratch database at head). Online only: factgraph never
writes SQL scripts for someone else to run."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from factgraph.db import migrate

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("factgraph's migrations run through factgraph.db.migrate (or `factgraph migrate`), "
                       "which hands them a connection; there is no alembic.ini to read a URL from.")
context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True,
                  include_object=migrate.include_for(connection.dialect.name), compare_type=True)
with context.begin_transaction():
    context.run_migrations()
