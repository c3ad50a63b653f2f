"""claims keep their document's publication date, for `orderBy: PUBLISHED_AT`

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Sorting claims by a correlated subquery on their documents read every claim (373 ms for a page of 100k
claims on PostgreSQL: benchmarks/PLANS.md). The date is copied onto the claim, 0001-01-01 for an undated
document (undated claims sort as the oldest), with an index on (published_sort, id) that serves the order and
its ties. Existing claims are filled in from their documents.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_sort", sa.Date(), server_default="0001-01-01", nullable=False))
    op.execute("UPDATE claim SET published_sort = (SELECT published_at FROM document WHERE document.id = claim.document_id)"
               " WHERE document_id IN (SELECT id FROM document WHERE published_at IS NOT NULL)")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index("ix_claim_published_sort_id", ["published_sort", "id"], unique=False)


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later), not batch mode's copy of the table: dropping the old
    # claim table would break the foreign keys of every row that points at a claim.
    with op.batch_alter_table("claim", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_claim_published_sort_id")
        batch_op.drop_column("published_sort")
