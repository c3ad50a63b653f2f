"""Ingest speed and memory next to bare spaCy, on the same texts in the same run.

    python benchmarks/ingest.py [--sizes 100,1000,10000] [--generated 0.2] [--database-url URL] [--jobs N]

For each size: the texts (Reuters-21578 stories, with a share of generated wire-style articles so the
database keeps meeting new companies and people) are parsed by bare spaCy `nlp.pipe` and ingested into a
fresh database by the same service `factgraph ingest` uses (parse, extract, store, one transaction per
document), a tenth at a time, one then the other, so that both meet the same load on a shared machine. It prints articles/s for both and their ratio, the time per article in the second and the last
tenth of the run (not the first, which pays for warming up; it should stay flat as the database grows) and the
resident memory at the start, the peak and the end (it should stay flat too). With --jobs N, the same texts
are also ingested with N parsing processes (`factgraph ingest --jobs N`), into another fresh database.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spacy  # noqa: E402
from corpus import stories  # noqa: E402
from generate import articles  # noqa: E402

from factgraph.api.ingest import Ingestor, ParallelExtractor  # noqa: E402
from factgraph.db.engine import Database  # noqa: E402
from factgraph.extract import Extractor  # noqa: E402
from factgraph.extract.pipeline import DEFAULT_MODEL  # noqa: E402
from factgraph.schema.context import IngestRequest  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 1e6


def texts_for(size: int, generated: float) -> list[IngestRequest]:
    made = int(size * generated)
    real = [IngestRequest(text=s.text, title=s.title, publisher="Reuters", published_at=s.published)
            for s in stories(limit=size - made) if s.text.strip()]
    fake = [IngestRequest(text=t, publisher="Reuters") for t in articles(made)]
    mixed = real + fake
    random.Random(3).shuffle(mixed)
    return mixed


def run(bare: spacy.Language, extractor: Extractor, requests: list[IngestRequest], url: str | None) -> dict[str, float]:
    """Tenth by tenth, bare spaCy then the ingest on the same texts, so that both meet the same moments of
    this shared machine; the ingest goes on filling one database."""
    with tempfile.TemporaryDirectory() as folder:
        database = Database(url or f"sqlite:///{folder}/bench.db")
        database.ensure_schema()
        ingestor = Ingestor(database, extractor, max_article_bytes=1_000_000)
        tenth = max(1, len(requests) // 10)
        bare_seconds: list[float] = []
        ingest_seconds: list[float] = []
        start_rss = peak = rss_mb()
        for at in range(0, len(requests), tenth):
            chunk = requests[at:at + tenth]
            started = time.perf_counter()
            for _doc in bare.pipe((r.text for r in chunk), batch_size=16):
                pass
            bare_seconds.append(time.perf_counter() - started)
            started = time.perf_counter()
            for _outcome in ingestor.ingest_many(chunk):
                pass
            ingest_seconds.append(time.perf_counter() - started)
            peak = max(peak, rss_mb())
        database.dispose()
    # The second tenth, not the first: the first pays for warming up (the model's first documents, the
    # database's first pages), which says nothing about how the time grows with the database.
    second = 1 if len(ingest_seconds) > 2 else 0
    return {"bare_rate": len(requests) / sum(bare_seconds), "rate": len(requests) / sum(ingest_seconds),
            "first_ms": ingest_seconds[second] / tenth * 1000, "last_ms": ingest_seconds[-1] / len(chunk) * 1000,
            "rss_start": start_rss, "rss_peak": peak, "rss_end": rss_mb()}


def parallel_rate(requests: list[IngestRequest], jobs: int, url: str | None) -> float:
    """articles/s of the same texts through `factgraph ingest --jobs N`'s path: N parsing processes, stored here."""
    extractor = ParallelExtractor(DEFAULT_MODEL, jobs)
    try:
        list(extractor.extract_all(requests[:jobs * 2]))  # the processes load the model before the clock starts
        with tempfile.TemporaryDirectory() as folder:
            database = Database(url or f"sqlite:///{folder}/bench.db")
            database.ensure_schema()
            ingestor = Ingestor(database, extractor, max_article_bytes=1_000_000)
            started = time.perf_counter()
            for _outcome in ingestor.ingest_many(requests, batch_size=16 * jobs):
                pass
            elapsed = time.perf_counter() - started
            database.dispose()
    finally:
        extractor.close()
    return len(requests) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--generated", type=float, default=0.2, help="share of generated articles")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file per size")
    parser.add_argument("--jobs", type=int, default=0, help="also ingest with N parsing processes (ingest --jobs N)")
    args = parser.parse_args()
    bare = spacy.load(DEFAULT_MODEL)
    extractor = Extractor.load()
    jobs = f"--jobs {args.jobs}/s" if args.jobs > 1 else ""
    print(f"{'articles':>9}{'bare/s':>9}{'ingest/s':>10}{'ratio':>7}{'ms/art 2nd 10%':>18}{'last 10%':>10}"
          f"{'RSS MB start':>14}{'peak':>7}{'end':>7}{jobs:>15}", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        requests = texts_for(size, args.generated)
        found = run(bare, extractor, requests, args.database_url)
        print(f"{len(requests):>9}{found['bare_rate']:>9.1f}{found['rate']:>10.1f}{found['rate'] / found['bare_rate']:>7.2f}"
              f"{found['first_ms']:>18.1f}{found['last_ms']:>10.1f}{found['rss_start']:>14.0f}{found['rss_peak']:>7.0f}"
              f"{found['rss_end']:>7.0f}" + (f"{parallel_rate(requests, args.jobs, args.database_url):>15.1f}" if jobs else ""),
              flush=True)


if __name__ == "__main__":
    main()
