"""EXPLAIN ANALYZE of the SQL `claims(filter:, orderBy:)` runs, for every ClaimFilter field, on PostgreSQL.

    python benchmarks/explain.py [--database-url URL] [--claims 100000] [--stories 1000] [--first 20]

The statements are the real ones: `db.queries.claims` is called with each filter's criteria while an
SQLAlchemy event hook captures what it sends (the count, the page and, for a sorted page, nothing else),
and each captured statement is run again under EXPLAIN ANALYZE with its own parameters. Without
--database-url it loads a fresh database as benchmarks/queries.py does (and drops it afterwards). The
values filtered on (an entity, a deal, a source, a date range) are taken from the data: the ones with the
most claims, the worst case for a plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from factgraph.db import queries  # noqa: E402
from factgraph.db.engine import Database  # noqa: E402

Criteria = queries.ClaimCriteria


def _cases(engine: Engine) -> Iterator[tuple[str, Criteria, queries.ClaimOrder]]:
    with engine.connect() as connection:
        def one(sql: str) -> Any:
            return connection.execute(text(sql)).scalar_one()

        entity = one("SELECT entity_id FROM mention WHERE claim_id IS NOT NULL GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1")
        deal = one("SELECT deal_id FROM dealevidence GROUP BY deal_id ORDER BY count(*) DESC LIMIT 1")
        source = one("SELECT source_id FROM claim WHERE source_id IS NOT NULL GROUP BY source_id ORDER BY count(*) DESC LIMIT 1")
        document = one("SELECT document_id FROM claim GROUP BY document_id ORDER BY count(*) DESC LIMIT 1")
        day = one("SELECT published_at FROM document WHERE published_at IS NOT NULL GROUP BY published_at ORDER BY count(*) DESC LIMIT 1")
    order = queries.READING_ORDER
    yield "status: [ANONYMOUS_SOURCE]", Criteria(statuses=("ANONYMOUS_SOURCE",)), order
    yield "status: [CONFIRMED, UNATTRIBUTED] (most claims)", Criteria(statuses=("CONFIRMED", "UNATTRIBUTED")), order
    yield "minConfidence: 0.9", Criteria(min_confidence=0.9), order
    yield "documentId (the longest document)", Criteria(document_id=document), order
    yield "mentions: a Company (the most mentioned)", Criteria(entity_id=entity), order
    yield "mentions: a Deal (the most evidence)", Criteria(deal_id=deal), order
    yield "mentions: a Source (the most claims)", Criteria(source_id=source), order
    yield "minSourceReliability: 0.85", Criteria(min_source_reliability=0.85), order
    yield "sourceKind: [ANONYMOUS]", Criteria(source_kinds=("ANONYMOUS",)), order
    yield "sourceKind: [PUBLISHER]", Criteria(source_kinds=("PUBLISHER",)), order
    yield 'sourceName: "spokes"', Criteria(source_name="spokes"), order
    yield 'publisher: "reuters"', Criteria(publisher="reuters"), order
    yield f"publishedAfter/Before: {day} (the busiest day)", Criteria(published_after=day, published_before=day), order
    yield f"publishedAfter: {day + dt.timedelta(days=30)}", Criteria(published_after=day + dt.timedelta(days=30)), order
    yield "corroborated: true", Criteria(corroborated=True), order
    yield "corroborated: false", Criteria(corroborated=False), order
    yield "contradicted: true", Criteria(contradicted=True), order
    yield 'text: "takeover bid"', Criteria(text="takeover bid"), order
    yield "orderBy: CONFIDENCE DESC", Criteria(), queries.ClaimOrder("CONFIDENCE", descending=True)
    yield "orderBy: PUBLISHED_AT DESC", Criteria(), queries.ClaimOrder("PUBLISHED_AT", descending=True)
    yield "orderBy: PUBLISHED_AT DESC, status: [ANONYMOUS_SOURCE]", Criteria(statuses=("ANONYMOUS_SOURCE",)), \
        queries.ClaimOrder("PUBLISHED_AT", descending=True)
    yield "benchmark (b): minConfidence 0.8, status [CONFIRMED, ANONYMOUS_SOURCE]", \
        Criteria(statuses=("CONFIRMED", "ANONYMOUS_SOURCE"), min_confidence=0.8), order


def explain(database: Database, first: int) -> None:
    engine = database.engine
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        captured.append((statement, parameters))

    for name, criteria, order in _cases(engine):
        captured.clear()
        event.listen(engine, "before_cursor_execute", capture)
        try:
            with database.session() as session:
                page = queries.claims(session, criteria=criteria, window=queries.Window(first), order=order)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        print("=" * 100)
        print(f"{name}: {page.total:,} claims match, {len(page.rows)} on the page")
        for statement, parameters in list(captured):
            role = "count" if statement.lstrip().upper().startswith("SELECT COUNT") else "page"
            with engine.connect() as connection:
                plan = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, COSTS OFF) {statement}", parameters).scalars().all()
            print(f"--- {role}")
            print("\n".join(plan))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a database loaded before (benchmarks/queries.py --keep)")
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--first", type=int, default=20, help="the page size (default 20, the API's default)")
    args = parser.parse_args()
    import dataset  # the extractor and corpus only when loading

    with ExitStack() as stack:
        url = args.database_url
        if not url:
            url = stack.enter_context(dataset.fresh_database())
            print(dataset.load(url, target_claims=args.claims, stories_to_ingest=args.stories).describe())
        database = Database(url)
        dataset.bring_to_head(database)  # a database loaded by an older factgraph
        explain(database, args.first)
        database.dispose()


if __name__ == "__main__":
    main()
