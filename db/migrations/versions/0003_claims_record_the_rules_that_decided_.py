"""claims record the extraction rules that decided their status and source (Attribution.rule)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08

Claims stored before this revision were extracted by rules that did not record their names: they keep an
empty rule until their documents are ingested again by a newer extractor.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rule", sa.String(), server_default="", nullable=False))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN, not batch mode's copy of the table (which would break the claims' foreign keys).
    with op.batch_alter_table("claim", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("rule")
