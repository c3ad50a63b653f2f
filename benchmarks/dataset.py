"""A PostgreSQL database of about 100k claims for the query benchmarks, in a fresh database dropped afterwards.

Real Reuters-21578 stories go in through the real ingest service (extraction, storage, cross-document
linking, rescoring). Extraction runs at about 20 stories/s here, so 100k claims would take some twenty
minutes; instead the stored documents are then replicated in bulk with SQL (`INSERT ... SELECT`, new ids,
every row that hangs off a document or claim copied with it) until the claim count is reached. The shape
of the data stays real: the same texts, spans, statuses, sources, entities, deals and links, each replica
document with its own claims, mentions, deal evidence, deal events and figures and claim links (pointing
within its replica round). Entities, sources and deals are shared, as cross-document linking shares them:
a replica adds claims to the same companies and more evidence to the same deals.
"""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import stories  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from factgraph.api.ingest import ArticleRejected, Ingestor  # noqa: E402
from factgraph.db.engine import Database  # noqa: E402
from factgraph.extract import Extractor  # noqa: E402
from factgraph.schema import IngestRequest  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True, slots=True)
class Loaded:
    url: str
    stories: int  # ingested through the extractor
    ingested_claims: int
    rounds: int  # replica rounds of those documents
    documents: int
    claims: int
    ingest_seconds: float
    replicate_seconds: float

    def describe(self) -> str:
        how = (f"{self.stories} Reuters stories ingested through the real Ingestor ({self.ingested_claims:,} claims, "
               f"{self.ingest_seconds:.0f}s)")
        if self.rounds:
            how += (f", then replicated {self.rounds} times in bulk with INSERT ... SELECT (new document and claim ids, "
                    f"{self.replicate_seconds:.0f}s)")
        return f"{how}: {self.documents:,} documents, {self.claims:,} claims"


@contextmanager
def fresh_database(server: str = SERVER, *, keep: bool = False) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards unless `keep`."""
    url = make_url(server)
    name = f"factgraph_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        if not keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def load(url: str, *, target_claims: int, stories_to_ingest: int, topic: str = "acq") -> Loaded:
    database = Database(url)
    database.ensure_schema()
    ingestor = Ingestor(database, Extractor.load(), max_article_bytes=1_000_000)
    batch = list(stories(topic, stories_to_ingest))
    started = time.perf_counter()
    requests = (IngestRequest(text=s.text, title=s.title, publisher="Reuters", published_at=s.published) for s in batch)
    rejected = sum(isinstance(result, ArticleRejected) for result in ingestor.ingest_many(requests))
    if rejected:
        print(f"warning: {rejected} stories were rejected by the ingest service", file=sys.stderr)
    ingest_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with database.engine.begin() as connection:
        ingested = connection.execute(text("SELECT count(*) FROM claim")).scalar_one()
        if not ingested:
            raise SystemExit("No claims were extracted from the stories: check the corpus at FACTGRAPH_CORPUS.")
        rounds = max(0, -(-target_claims // ingested) - 1)
        _replicate(connection, rounds)
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
        documents = connection.execute(text("SELECT count(*) FROM document")).scalar_one()
        claims = connection.execute(text("SELECT count(*) FROM claim")).scalar_one()
    database.dispose()
    return Loaded(url, len(batch), ingested, rounds, documents, claims, ingest_seconds, time.perf_counter() - started)


# Each statement copies the rows of the original documents (ids up to :docs, claims up to :claims) into round
# :r, shifting document ids by r * docs and claim ids by r * claims, so every reference stays inside the round.
_REPLICA_STATEMENTS = [
    """INSERT INTO document (id, content_hash, text, title, publisher, url, published_at, ingested_at, extractor_version)
       SELECT id + :doc_shift, encode(sha256(convert_to(content_hash || ':' || :r, 'UTF8')), 'hex'), text, title,
              publisher, url, published_at, ingested_at, extractor_version
       FROM document WHERE id <= :docs""",
    """INSERT INTO metadata (document_id, span_start, span_end)
       SELECT document_id + :doc_shift, span_start, span_end FROM metadata WHERE document_id <= :docs""",
    """INSERT INTO claim (id, document_id, span_start, span_end, status, source_id, cue_start, cue_end, hedged, confidence,
                          extractor_version, origin, text_hash, corroborations, reliability, published_sort)
       SELECT id + :claim_shift, document_id + :doc_shift, span_start, span_end, status, source_id, cue_start, cue_end,
              hedged, confidence, extractor_version, origin, text_hash, corroborations, reliability, published_sort
       FROM claim WHERE id <= :claims""",
    """INSERT INTO claimsearch (claim_id, text) SELECT claim_id + :claim_shift, text FROM claimsearch WHERE claim_id <= :claims""",
    """INSERT INTO claimlink (from_claim_id, to_claim_id, kind)
       SELECT from_claim_id + :claim_shift, to_claim_id + :claim_shift, kind FROM claimlink
       WHERE from_claim_id <= :claims AND to_claim_id <= :claims""",
    """INSERT INTO mention (entity_id, claim_id, document_id, span_start, span_end, inferred)
       SELECT entity_id, claim_id + :claim_shift, document_id + :doc_shift, span_start, span_end, inferred
       FROM mention WHERE document_id <= :docs""",
    """INSERT INTO dealevidence (deal_id, claim_id)
       SELECT deal_id, claim_id + :claim_shift FROM dealevidence WHERE claim_id <= :claims""",
    """INSERT INTO dealevent (deal_id, status, date, date_inferred, claim_id)
       SELECT deal_id, status, date, date_inferred, claim_id + :claim_shift FROM dealevent WHERE claim_id <= :claims""",
    """INSERT INTO dealfigure (deal_id, claim_id, kind, amount, currency)
       SELECT deal_id, claim_id + :claim_shift, kind, amount, currency FROM dealfigure WHERE claim_id <= :claims""",
]


def _replicate(connection: object, rounds: int) -> None:
    execute = connection.execute  # type: ignore[attr-defined]
    docs = execute(text("SELECT max(id) FROM document")).scalar_one()
    claims = execute(text("SELECT max(id) FROM claim")).scalar_one()
    for r in range(1, rounds + 1):
        for statement in _REPLICA_STATEMENTS:
            execute(text(statement), {"r": r, "docs": docs, "claims": claims, "doc_shift": r * docs, "claim_shift": r * claims})
    # The explicit ids above bypassed the sequences: move them past the copies, so later inserts still work.
    for table in ("document", "claim"):
        execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def bring_to_head(database: Database) -> None:
    """A database loaded (with --keep) by an older factgraph, brought to this one's schema: `factgraph
    migrate`, which also adopts one loaded before migrations and adds the indexes it lacked. ANALYZE after, so
    the planner knows the new indexes."""
    for line in database.migrate():
        print(line, file=sys.stderr)
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("ANALYZE"))
