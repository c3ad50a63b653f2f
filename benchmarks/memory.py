"""The server's memory under a flood of distinct large queries: the query cache bounded by count (before: 256
documents, as Strawberry's ParserCache and the validation cache were) next to the cache bounded by bytes
(schema/caches.py, FACTGRAPH_QUERY_CACHE_BYTES), side by side on the same machine.

    .venv/bin/python benchmarks/memory.py [--count 60] [--megabytes 6]

Each configuration runs in a server process of its own (uvicorn on a free loopback port, a fresh SQLite
database); the script sends `count` distinct queries of `megabytes` MB each (a valid query and a long comment,
which costs one token), one at a time, and prints the server's resident memory (VmRSS) before and after.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

import httpx


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(mode: str, port: int, database: str) -> None:
    """The server of one configuration: `before` swaps in the count-bounded caches."""
    import uvicorn

    from factgraph.api import Settings, create_app
    from factgraph.schema import query

    if mode == "before":
        from graphql import validate
        from strawberry.extensions import ParserCache, SchemaExtension

        @lru_cache(maxsize=256)
        def _validate(schema, document, rules):  # type: ignore[no-untyped-def]
            return validate(schema, document, rules)

        class ValidationCache(SchemaExtension):
            def on_validate(self):  # type: ignore[no-untyped-def]
                context = self.execution_context
                if context.pre_execution_errors is None and context.graphql_document is not None:
                    context.pre_execution_errors = _validate(context.schema._schema, context.graphql_document,
                                                             tuple(context.validation_rules))
                yield

        query.cache_extensions = lambda _cache: [lambda: ParserCache(maxsize=256), ValidationCache]  # type: ignore[assignment]
    app = create_app(Settings(database_url=f"sqlite:///{database}", rate_limit_points_per_hour=0, rate_limit_points_per_minute=0, rate_limit_concurrent=0))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def flood(mode: str, count: int, megabytes: float) -> tuple[float, float, float]:
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen([sys.executable, __file__, "--serve", mode, "--port", str(port),
                                   "--database", str(Path(folder) / "memory.db")])
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            with httpx.Client(base_url=url, timeout=600) as client:
                for warm in range(5):  # the code paths loaded, so that `before` is the server at rest
                    client.post("/graphql", json={"query": f"{{ documents {{ totalCount }} }} # {warm}"})
                before = _rss_mb(server.pid)
                padding = "x" * int(megabytes * 1_000_000)
                started = time.perf_counter()
                for number in range(count):
                    response = client.post("/graphql", json={"query": f"{{ __typename }} # {number} {padding}"})
                    assert response.json() == {"data": {"__typename": "Query"}}, response.text[:300]
                elapsed = time.perf_counter() - started
                return before, _rss_mb(server.pid), elapsed
        finally:
            server.terminate()
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--megabytes", type=float, default=6.0)
    parser.add_argument("--serve", choices=["before", "after"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.database)
        return
    print(f"{args.count} distinct queries of {args.megabytes:g} MB each, one server process per cache "
          f"(pid {os.getpid()} drives them)")
    for mode, label in (("before", "count-bounded (256 documents)"), ("after", "byte-bounded (32 MB)")):
        before, after, elapsed = flood(mode, args.count, args.megabytes)
        print(f"{label:32} RSS {before:7.0f} MB -> {after:7.0f} MB  (+{after - before:.0f} MB, {elapsed:.0f} s)")


if __name__ == "__main__":
    main()
