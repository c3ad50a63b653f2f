"""The tables. Text is stored once, in Document; everything else points into it by code-point offsets."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


# Where an undated document's claims sort by publication date: before every dated one.
UNDATED = dt.date(1, 1, 1)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(max_length=64, unique=True, index=True)  # sha256 of the text: ingest is idempotent
    text: str = Field(sa_column=Column(Text, nullable=False))
    title: str | None = None
    publisher: str | None = Field(default=None, index=True)
    url: str | None = None
    published_at: dt.date | None = Field(default=None, index=True)
    ingested_at: dt.datetime = Field(default_factory=_now)
    extractor_version: str = ""


class Metadata(SQLModel, table=True):
    """Text about the article rather than in it: datelines, bylines, credits."""

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    span_start: int
    span_end: int


class Entity(SQLModel, table=True):
    """A company, person or vehicle, one row however many documents name it."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)  # COMPANY, PERSON, VEHICLE
    name: str = Field(index=True)
    maker_id: int | None = Field(default=None, foreign_key="entity.id")  # vehicles


class Alias(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("entity_id", "normalized"),)
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", index=True)
    alias: str
    normalized: str = Field(index=True)


class Source(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("name", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    kind: str = Field(index=True)  # PERSON, ORGANIZATION, DOCUMENT, ANONYMOUS
    entity_id: int | None = Field(default=None, foreign_key="entity.id")


class Claim(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    span_start: int
    span_end: int
    status: str = Field(index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    cue_start: int | None = None
    cue_end: int | None = None
    hedged: bool = False
    # The names of the extraction rules that decided its status and source, " > " between them.
    rule: str = Field(default="", sa_column_kwargs={"server_default": ""})
    confidence: float = Field(index=True)
    extractor_version: str = ""
    # Who the claim comes from, for counting independent corroboration: "source:<id>" for a named source,
    # else "publisher:<name>"; a reprint (the same sentence in another document) keeps the first one's.
    origin: str = Field(default="", index=True)
    text_hash: str = Field(default="", max_length=64, index=True)  # sha256 of the claim's text: finds reprints
    corroborations: int = 0  # other named sources in the same article backing the same deal
    reliability: float = Field(default=0.0, index=True)  # of its source, or publisher, when last scored
    # Its document's publication date, 0001-01-01 when it has none (undated claims sort as the oldest): what
    # `orderBy: PUBLISHED_AT` sorts by, kept on the claim so that an index serves the order (benchmarks/PLANS.md).
    published_sort: dt.date = Field(default=UNDATED, sa_column_kwargs={"server_default": "0001-01-01"})


class ClaimLink(SQLModel, table=True):
    """RESPONDS_TO: `from_claim` is a response (DECLINED_TO_COMMENT, NO_RESPONSE, DENIED) to `to_claim`.
    CORROBORATES, CONTRADICTS: claims of different documents about one fact; stored in both directions."""

    id: int | None = Field(default=None, primary_key=True)
    from_claim_id: int = Field(foreign_key="claim.id", index=True)
    to_claim_id: int = Field(foreign_key="claim.id", index=True)
    kind: str = Field(default="RESPONDS_TO", index=True)


class Mention(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", index=True)
    claim_id: int | None = Field(default=None, foreign_key="claim.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    span_start: int
    span_end: int
    inferred: bool = False  # a coreference ("the company"), not a name the text gives


class Role(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="entity.id", index=True)
    title: str
    organization_id: int | None = Field(default=None, foreign_key="entity.id")
    current: bool = True
    claim_id: int | None = Field(default=None, foreign_key="claim.id")
    inferred: bool = False  # the organisation is the one the story is about, not named beside the title


class Price(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    vehicle_id: int = Field(foreign_key="entity.id", index=True)
    amount: float
    currency: str
    usd_amount: float | None = None
    variant: str | None = None
    claim_id: int = Field(foreign_key="claim.id")


class Deal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)
    status: str = Field(index=True)
    stake_percent: float | None = None
    value_amount: float | None = None
    value_currency: str | None = None
    confidence: float = 0.0


class DealParty(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("deal_id", "company_id"),)
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True)
    company_id: int = Field(foreign_key="entity.id", index=True)
    inferred: bool = False  # no evidence names the company outright, only "it" or "the company"


class DealEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True)
    status: str
    date: str | None = None  # at the precision the text gave: "2025", "2025-03", "2025-03-12"
    date_inferred: bool = False  # resolved against the publication date ("last month")
    claim_id: int = Field(foreign_key="claim.id")


class DealFigure(SQLModel, table=True):
    """A stake (percent) or value (money) one claim gives for a deal; claims that disagree each keep theirs."""

    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    kind: str  # STAKE, VALUE
    amount: float
    currency: str | None = None


class ReliabilityOverride(SQLModel, table=True):
    """A fact-checker's reliability for a source or a publisher; the newest one for each applies. A null
    reliability returns to the default."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    publisher: str | None = Field(default=None, index=True)
    reliability: float | None = None
    note: str
    set_by: str
    created_at: dt.datetime = Field(default_factory=_now)


class DealEvidence(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("deal_id", "claim_id"),)
    id: int | None = Field(default=None, primary_key=True)
    deal_id: int = Field(foreign_key="deal.id", index=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)


class Review(SQLModel, table=True):
    """A fact-checker's verdict on a claim. Append-only: a new review never overwrites an earlier one, so the
    rows of a claim are its review history. `rating` is 1..5 (db/reviews.py, RATING_SCALE)."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True)
    rating: int
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    reviewer: str
    # With the time zone, so PostgreSQL keeps the instant; SQLite hands it back naive (read as UTC).
    created_at: dt.datetime = Field(default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False))


class IngestJob(SQLModel, table=True):
    """A document submitted for ingest, waiting in the PostgreSQL queue for a `factgraph worker` (db/jobs.py).

    A worker claims it with a lease (`leased_until`) it keeps renewing while it works; a job whose lease
    ran out lost its worker and is claimed again, up to the attempt limit, then it is FAILED. `error` keeps
    the last failure. The document itself is stored idempotently on its text, so a retry never stores it twice."""

    __tablename__ = "ingest_job"
    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: dt.date | None = None
    status: str = Field(default="QUEUED", index=True)  # QUEUED, RUNNING, DONE, FAILED (db/jobs.py JobStatus)
    attempts: int = 0
    leased_until: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    worker: str | None = None  # the worker holding it, or the last one that did
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    document_id: int | None = Field(default=None, foreign_key="document.id")
    created_at: dt.datetime = Field(default_factory=_now, sa_column=Column(DateTime(timezone=True), nullable=False))
    finished_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


# Filtering claims by status and minimum confidence together (the fact-checker's usual question) counts every
# match for `totalCount`: with both columns in one index the count is an index-only scan instead of a read of
# the whole claim table (benchmarks/PLANS.md).
Index("ix_claim_status_confidence", Claim.__table__.c.status, Claim.__table__.c.confidence)  # type: ignore[attr-defined]
# `orderBy: PUBLISHED_AT` walks this index and stops after the page, ties in reading order.
Index("ix_claim_published_sort_id", Claim.__table__.c.published_sort, Claim.__table__.c.id)  # type: ignore[attr-defined]
