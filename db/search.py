"""Full-text search over claims, with the backend's own engine: SQLite FTS5 or PostgreSQL text search.

Claim text lives in its document; `ClaimSearch` keeps a copy of each claim's words for the index alone.
On SQLite an FTS5 table reads its content from there (kept in step by a trigger); on PostgreSQL a GIN
index over `to_tsvector('english', text)` serves `websearch_to_tsquery`. The FTS5 table and its triggers are
no model: the migrations make them (db/migrations/versions/0001_initial_schema.py).
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy.dialects.postgresql  # noqa: F401  (registers to_tsvector's types before func.to_tsvector is built)
from sqlalchemy import Column, Index, Integer, Text, column, func, literal_column, text
from sqlmodel import Field, SQLModel, col, select

FTS_TABLE = "claim_fts"
TSVECTOR_INDEX = "ix_claimsearch_tsvector"
_WORD = re.compile(r"\w+", re.UNICODE)


class ClaimSearch(SQLModel, table=True):
    claim_id: int = Field(primary_key=True, foreign_key="claim.id")
    text: str = Field(sa_column=Column(Text, nullable=False))


# The configuration as text(), not literal_column(): an Index takes its table from the first column-like
# expression it finds, and a literal_column has none, so the index was never attached to the table, never
# created, and every search on PostgreSQL read the whole table (benchmarks/PLANS.md).
Index(TSVECTOR_INDEX, func.to_tsvector(text("'english'"), ClaimSearch.__table__.c.text),  # type: ignore[attr-defined]
      postgresql_using="gin").ddl_if(dialect="postgresql")


def matching_claims(words: str, dialect: str) -> Any:
    """A select of the ids of claims matching `words`: every word, in any order and form ("merge" finds
    "merger", "mergers"); on PostgreSQL the web-search syntax ("quoted phrase", -excluded, or) works too."""
    if dialect == "postgresql":
        return select(ClaimSearch.claim_id).where(
            func.to_tsvector(literal_column("'english'"), ClaimSearch.text).op("@@")(
                func.websearch_to_tsquery(literal_column("'english'"), words)))
    terms = _WORD.findall(words)
    if not terms:
        return select(ClaimSearch.claim_id).where(col(ClaimSearch.claim_id).is_(None))
    # Every word quoted: the user's text is data, never FTS5 query syntax.
    query = " ".join(f'"{term}"' for term in terms)
    return text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :words").bindparams(words=query).columns(
        column("rowid", Integer))
