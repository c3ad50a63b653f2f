"""Ingests a corpus slice through the real ingest service into a fresh database, then checks every stored
span against the stored text: no story may fail, no span may be off.

    python benchmarks/robustness.py [--topic acq] [--limit N] [--database-url URL]

Prints counts of claims by status and sources by kind, and every failure with the story id.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import stories  # noqa: E402
from sqlmodel import select  # noqa: E402

from factgraph.api.ingest import ArticleRejected, Ingestor  # noqa: E402
from factgraph.db import models as m  # noqa: E402
from factgraph.db.engine import Database  # noqa: E402
from factgraph.extract import Extractor  # noqa: E402
from factgraph.schema import IngestRequest  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="acq")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--database-url", default=None, help="default: a new SQLite file in a temporary folder")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="factgraph-robustness-")
    database = Database(args.database_url or f"sqlite:///{folder}/robustness.db")
    database.ensure_schema()
    ingestor = Ingestor(database, Extractor.load(), max_article_bytes=1_000_000)
    batch = list(stories(args.topic, args.limit))
    started = time.perf_counter()
    failures = 0
    requests = (IngestRequest(text=s.text, title=s.title, publisher="Reuters", published_at=s.published) for s in batch)
    for story, result in zip(batch, ingestor.ingest_many(requests), strict=True):
        if isinstance(result, ArticleRejected):
            failures += 1
            print(f"{story.id}: rejected: {result}")
    elapsed = time.perf_counter() - started
    statuses: Counter[str] = Counter()
    bad_spans = 0
    with database.session() as session:
        texts = {d.id: d.text for d in session.exec(select(m.Document)).all()}
        sources = {s.id: s.kind for s in session.exec(select(m.Source)).all()}
        kinds: Counter[str] = Counter()
        previous: m.Claim | None = None
        for claim in session.exec(select(m.Claim).order_by(m.Claim.document_id, m.Claim.span_start)).all():
            text = texts[claim.document_id]
            statuses[claim.status] += 1
            if claim.source_id is not None:
                kinds[sources[claim.source_id]] += 1
            inside = 0 <= claim.span_start < claim.span_end <= len(text)
            # a claim's cue is in it, or is the cue of the claim before it that it goes on from ('"A," X said. "B."')
            shared = previous is not None and previous.document_id == claim.document_id and (
                previous.cue_start, previous.cue_end) == (claim.cue_start, claim.cue_end)
            cue_inside = claim.cue_start is None or shared or claim.span_start <= claim.cue_start <= claim.cue_end <= claim.span_end  # type: ignore[operator]
            previous = claim
            if not (inside and cue_inside and text[claim.span_start:claim.span_end].strip() == text[claim.span_start:claim.span_end]):
                bad_spans += 1
                print(f"document {claim.document_id}: claim {claim.id} has a bad span")
        stored = len(texts)
    database.dispose()
    print(f"{len(batch)} stories, {stored} documents stored in {elapsed:.1f}s ({len(batch) / elapsed:.1f}/s), "
          f"{failures} failed, {bad_spans} bad spans")
    print("claims by status:", dict(statuses.most_common()))
    print("sources by kind:", dict(kinds.most_common()))
    return 1 if failures or bad_spans else 0


if __name__ == "__main__":
    sys.exit(main())
