"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-12-01

The tables of db/models.py and the full-text search of db/search.py: the schema factgraph had when it began to use migrations, the same as SQLModel's create_all made, plus what
db/search.py installed outside the models: on SQLite the FTS5 table over claimsearch and the triggers that keep
it in step, on PostgreSQL the GIN index over the claims' text-search vectors. The SQL is written out here, not
imported, so that this revision stays what it was whatever the code becomes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE claim_fts USING fts5(text, content='claimsearch', content_rowid='claim_id',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER claimsearch_ai AFTER INSERT ON claimsearch BEGIN"
    " INSERT INTO claim_fts(rowid, text) VALUES (new.claim_id, new.text); END",
    "CREATE TRIGGER claimsearch_ad AFTER DELETE ON claimsearch BEGIN"
    " INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.claim_id, old.text); END",
]


def upgrade() -> None:
    op.create_table('deal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('stake_percent', sa.Float(), nullable=True),
        sa.Column('value_amount', sa.Float(), nullable=True),
        sa.Column('value_currency', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_deal_kind'), 'deal', ['kind'])
    op.create_index(op.f('ix_deal_status'), 'deal', ['status'])

    op.create_table('document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('publisher', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('published_at', sa.Date(), nullable=True),
        sa.Column('ingested_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('extractor_version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_document_content_hash'), 'document', ['content_hash'], unique=True)
    op.create_index(op.f('ix_document_published_at'), 'document', ['published_at'])
    op.create_index(op.f('ix_document_publisher'), 'document', ['publisher'])

    op.create_table('entity',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('maker_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['maker_id'], ['entity.id'])
    )
    op.create_index(op.f('ix_entity_kind'), 'entity', ['kind'])
    op.create_index(op.f('ix_entity_name'), 'entity', ['name'])

    op.create_table('alias',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('alias', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('normalized', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('entity_id', 'normalized'),
        sa.ForeignKeyConstraint(['entity_id'], ['entity.id'])
    )
    op.create_index(op.f('ix_alias_entity_id'), 'alias', ['entity_id'])
    op.create_index(op.f('ix_alias_normalized'), 'alias', ['normalized'])

    op.create_table('dealparty',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('deal_id', sa.Integer(), nullable=False),
        sa.Column('company_id', sa.Integer(), nullable=False),
        sa.Column('inferred', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('deal_id', 'company_id'),
        sa.ForeignKeyConstraint(['deal_id'], ['deal.id']),
        sa.ForeignKeyConstraint(['company_id'], ['entity.id'])
    )
    op.create_index(op.f('ix_dealparty_company_id'), 'dealparty', ['company_id'])
    op.create_index(op.f('ix_dealparty_deal_id'), 'dealparty', ['deal_id'])

    op.create_table('ingest_job',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('publisher', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('published_at', sa.Date(), nullable=True),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('leased_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('worker', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'])
    )
    op.create_index(op.f('ix_ingest_job_status'), 'ingest_job', ['status'])

    op.create_table('metadata',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('span_start', sa.Integer(), nullable=False),
        sa.Column('span_end', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'])
    )
    op.create_index(op.f('ix_metadata_document_id'), 'metadata', ['document_id'])

    op.create_table('source',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name', 'kind'),
        sa.ForeignKeyConstraint(['entity_id'], ['entity.id'])
    )
    op.create_index(op.f('ix_source_kind'), 'source', ['kind'])
    op.create_index(op.f('ix_source_name'), 'source', ['name'])

    op.create_table('claim',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('span_start', sa.Integer(), nullable=False),
        sa.Column('span_end', sa.Integer(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=True),
        sa.Column('cue_start', sa.Integer(), nullable=True),
        sa.Column('cue_end', sa.Integer(), nullable=True),
        sa.Column('hedged', sa.Boolean(), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('extractor_version', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('text_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('corroborations', sa.Integer(), nullable=False),
        sa.Column('reliability', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['document_id'], ['document.id']),
        sa.ForeignKeyConstraint(['source_id'], ['source.id'])
    )
    op.create_index(op.f('ix_claim_confidence'), 'claim', ['confidence'])
    op.create_index(op.f('ix_claim_document_id'), 'claim', ['document_id'])
    op.create_index(op.f('ix_claim_origin'), 'claim', ['origin'])
    op.create_index(op.f('ix_claim_reliability'), 'claim', ['reliability'])
    op.create_index(op.f('ix_claim_source_id'), 'claim', ['source_id'])
    op.create_index(op.f('ix_claim_status'), 'claim', ['status'])
    op.create_index('ix_claim_status_confidence', 'claim', ['status', 'confidence'])
    op.create_index(op.f('ix_claim_text_hash'), 'claim', ['text_hash'])

    op.create_table('reliabilityoverride',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=True),
        sa.Column('publisher', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('reliability', sa.Float(), nullable=True),
        sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('set_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['source_id'], ['source.id'])
    )
    op.create_index(op.f('ix_reliabilityoverride_publisher'), 'reliabilityoverride', ['publisher'])
    op.create_index(op.f('ix_reliabilityoverride_source_id'), 'reliabilityoverride', ['source_id'])

    op.create_table('claimlink',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('from_claim_id', sa.Integer(), nullable=False),
        sa.Column('to_claim_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['from_claim_id'], ['claim.id']),
        sa.ForeignKeyConstraint(['to_claim_id'], ['claim.id'])
    )
    op.create_index(op.f('ix_claimlink_from_claim_id'), 'claimlink', ['from_claim_id'])
    op.create_index(op.f('ix_claimlink_kind'), 'claimlink', ['kind'])
    op.create_index(op.f('ix_claimlink_to_claim_id'), 'claimlink', ['to_claim_id'])

    op.create_table('claimsearch',
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('claim_id'),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'])
    )

    op.create_table('dealevent',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('deal_id', sa.Integer(), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('date', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('date_inferred', sa.Boolean(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['deal_id'], ['deal.id']),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'])
    )
    op.create_index(op.f('ix_dealevent_deal_id'), 'dealevent', ['deal_id'])

    op.create_table('dealevidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('deal_id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('deal_id', 'claim_id'),
        sa.ForeignKeyConstraint(['deal_id'], ['deal.id']),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'])
    )
    op.create_index(op.f('ix_dealevidence_claim_id'), 'dealevidence', ['claim_id'])
    op.create_index(op.f('ix_dealevidence_deal_id'), 'dealevidence', ['deal_id'])

    op.create_table('dealfigure',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('deal_id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('amount', sa.Float(), nullable=False),
        sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['deal_id'], ['deal.id']),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'])
    )
    op.create_index(op.f('ix_dealfigure_claim_id'), 'dealfigure', ['claim_id'])
    op.create_index(op.f('ix_dealfigure_deal_id'), 'dealfigure', ['deal_id'])

    op.create_table('mention',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=True),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('span_start', sa.Integer(), nullable=False),
        sa.Column('span_end', sa.Integer(), nullable=False),
        sa.Column('inferred', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['entity_id'], ['entity.id']),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id']),
        sa.ForeignKeyConstraint(['document_id'], ['document.id'])
    )
    op.create_index(op.f('ix_mention_claim_id'), 'mention', ['claim_id'])
    op.create_index(op.f('ix_mention_document_id'), 'mention', ['document_id'])
    op.create_index(op.f('ix_mention_entity_id'), 'mention', ['entity_id'])

    op.create_table('price',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('vehicle_id', sa.Integer(), nullable=False),
        sa.Column('amount', sa.Float(), nullable=False),
        sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('usd_amount', sa.Float(), nullable=True),
        sa.Column('variant', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['vehicle_id'], ['entity.id']),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'])
    )
    op.create_index(op.f('ix_price_vehicle_id'), 'price', ['vehicle_id'])

    op.create_table('review',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=False),
        sa.Column('rating', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('reviewer', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'])
    )
    op.create_index(op.f('ix_review_claim_id'), 'review', ['claim_id'])

    op.create_table('role',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=True),
        sa.Column('current', sa.Boolean(), nullable=False),
        sa.Column('claim_id', sa.Integer(), nullable=True),
        sa.Column('inferred', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.ForeignKeyConstraint(['person_id'], ['entity.id']),
        sa.ForeignKeyConstraint(['organization_id'], ['entity.id']),
        sa.ForeignKeyConstraint(['claim_id'], ['claim.id'])
    )
    op.create_index(op.f('ix_role_person_id'), 'role', ['person_id'])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_SEARCH:
            op.execute(statement)
    elif dialect == "postgresql":
        op.create_index("ix_claimsearch_tsvector", "claimsearch", [sa.text("to_tsvector('english', text)")],
                        postgresql_using="gin")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE claim_fts")  # its triggers go with claimsearch
    op.drop_table('role')
    op.drop_table('review')
    op.drop_table('price')
    op.drop_table('mention')
    op.drop_table('dealfigure')
    op.drop_table('dealevidence')
    op.drop_table('dealevent')
    op.drop_table('claimsearch')
    op.drop_table('claimlink')
    op.drop_table('reliabilityoverride')
    op.drop_table('claim')
    op.drop_table('source')
    op.drop_table('metadata')
    op.drop_table('ingest_job')
    op.drop_table('dealparty')
    op.drop_table('alias')
    op.drop_table('entity')
    op.drop_table('document')
    op.drop_table('deal')
