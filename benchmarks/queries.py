"""Query latency and throughput on PostgreSQL with about 100k claims: GraphQL next to a bare JSON endpoint.

    python benchmarks/queries.py [--claims 100000] [--stories 1000] [--clients 8] [--requests 1500] [--seconds 20]
                                 [--rounds 3] [--latency-requests 300] [--database-url URL] [--keep] [--profile]

Loads a fresh database (benchmarks/dataset.py: real stories through the real ingest service, replicated in
bulk with SQL up to --claims; or --database-url reuses one loaded before with --keep), starts two uvicorn
servers on loopback, one process each: factgraph's app, and a bare Starlette app (`bare_app` below) that
runs the same db/queries.py functions and returns the same fields as plain JSON. Then, for each query, it
sends up to --requests requests from --clients concurrent httpx clients, stopping after --seconds, to one
server and then the other, and prints requests/s, p50 and p99 of each and the ratio GraphQL / bare.

The queries: (a) a document's claims with attribution and responses, as the fact-checker page reads them;
(b) claims across all documents by confidence and status, with text, span and source; (c) a deal with its
parties and evidence. Both servers answer the same documents and deals in the same order, and their answers
are compared once (the same claim ids) before anything is timed.

Each query is timed in --rounds alternating rounds (GraphQL, bare, GraphQL, ...), and the best round of each
side is kept, so that a burst of other work on this shared machine does not land on one side only. Then
latency on its own: --latency-requests requests from one client at a time, p50 and p99, for both servers.
Under load, latency is mostly queueing behind the one process and says more about the client count than
about the server.

Both servers run their SQL in worker threads, off the event loop: factgraph's resolvers through
schema/loaders.py `read`, the bare endpoints as plain `def` handlers, which Starlette runs in its thread pool.

--profile also runs query (b) 200 times in this process under pyinstrument (`pip install -e '.[bench]'`).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from sqlalchemy import text  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import JSONResponse  # noqa: E402
from starlette.routing import Route  # noqa: E402

from factgraph.db import models as m  # noqa: E402
from factgraph.db import queries  # noqa: E402
from factgraph.db.engine import Database  # noqa: E402
from factgraph.schema.relay import global_id, parse_global_id  # noqa: E402

HERE = Path(__file__).resolve().parent
FILTERED = queries.ClaimCriteria(statuses=("CONFIRMED", "ANONYMOUS_SOURCE"), min_confidence=0.8)

DOCUMENT_QUERY = """query($id: ID!) { node(id: $id) { ... on Document { id title publisher publishedAt
  claims(first: 50) { totalCount edges { node { id text confidence hedged span { start end }
    attribution { status source { name kind } cue { start end text } }
    responses { id text attribution { status source { name } } } } } } } } }"""
FILTERED_QUERY = """{ claims(first: 50, filter: {minConfidence: 0.8, status: [CONFIRMED, ANONYMOUS_SOURCE]}) {
  totalCount edges { node { id text confidence span { start end } attribution { status source { name kind } }
    document { id title publishedAt } } } } }"""
DEAL_QUERY = """query($id: ID!) { node(id: $id) { ... on Deal { id kind status stakePercent confidence parties { name }
  evidence { id text confidence span { start end } attribution { status source { name } } document { id title publishedAt } } } } }"""


# ---- The bare app: the same reads through db/queries.py, plain JSON ---------------------------------------

def _claim_json(claim: m.Claim, texts: dict[int, str], sources: dict[int, m.Source], *, kind: bool = True,
                cue: bool = False) -> dict[str, Any]:
    text_ = texts[claim.document_id]
    source = sources.get(claim.source_id) if claim.source_id is not None else None
    found: dict[str, Any] = {"id": global_id("Claim", claim.id), "text": text_[claim.span_start:claim.span_end],  # type: ignore[arg-type]
                             "confidence": claim.confidence, "span": {"start": claim.span_start, "end": claim.span_end}}
    attribution: dict[str, Any] = {"status": claim.status,
                                   "source": ({"name": source.name, "kind": source.kind} if kind else {"name": source.name}) if source else None}
    if cue:
        attribution["cue"] = ({"start": claim.cue_start, "end": claim.cue_end, "text": text_[claim.cue_start:claim.cue_end]}
                              if claim.cue_start is not None and claim.cue_end is not None else None)
    found["attribution"] = attribution
    return found


def _bare_document(request: Request) -> JSONResponse:
    document_id = parse_global_id(request.path_params["id"])[1]
    with request.app.state.database.session() as session:
        document = queries.by_ids(session, m.Document, [document_id])[document_id]
        page = queries.document_claim_pages(session, document_ids=[document_id], criteria=queries.ClaimCriteria(),
                                            window=queries.Window(50))[document_id]
        claim_ids = [c.id for c in page.rows]
        responses = queries.links(session, claim_ids=claim_ids, direction="responses")  # type: ignore[arg-type]
        answers = queries.by_ids(session, m.Claim, sorted({i for found in responses.values() for i in found}))
        everything = [*page.rows, *answers.values()]
        texts = {d.id: d.text for d in queries.by_ids(session, m.Document, sorted({c.document_id for c in everything})).values()}
        sources = queries.by_ids(session, m.Source, sorted({c.source_id for c in everything if c.source_id is not None}))
    edges = []
    for claim in page.rows:
        node = _claim_json(claim, texts, sources, cue=True)
        node["hedged"] = claim.hedged
        node["responses"] = [_claim_json(answers[i], texts, sources, kind=False) for i in responses[claim.id] if i in answers]  # type: ignore[index]
        edges.append({"node": node})
    return JSONResponse({"id": global_id("Document", document_id), "title": document.title, "publisher": document.publisher,
                         "publishedAt": document.published_at.isoformat() if document.published_at else None,
                         "claims": {"totalCount": page.total, "edges": edges}})


def _bare_claims(request: Request) -> JSONResponse:
    with request.app.state.database.session() as session:
        page = queries.claims(session, criteria=FILTERED, window=queries.Window(50))
        documents = queries.by_ids(session, m.Document, sorted({c.document_id for c in page.rows}))
        sources = queries.by_ids(session, m.Source, sorted({c.source_id for c in page.rows if c.source_id is not None}))
    texts = {i: d.text for i, d in documents.items()}
    edges = []
    for claim in page.rows:
        node = _claim_json(claim, texts, sources)
        document = documents[claim.document_id]
        node["document"] = {"id": global_id("Document", claim.document_id), "title": document.title,
                            "publishedAt": document.published_at.isoformat() if document.published_at else None}
        edges.append({"node": node})
    return JSONResponse({"totalCount": page.total, "edges": edges})


def _bare_deal(request: Request) -> JSONResponse:
    deal_id = parse_global_id(request.path_params["id"])[1]
    with request.app.state.database.session() as session:
        deal = queries.by_ids(session, m.Deal, [deal_id])[deal_id]
        parties = queries.by_ids(session, m.Entity, queries.deal_parties(session, deal_ids=[deal_id])[deal_id])
        evidence_ids = queries.deal_evidence(session, deal_ids=[deal_id])[deal_id]
        claims = queries.by_ids(session, m.Claim, evidence_ids)
        documents = queries.by_ids(session, m.Document, sorted({c.document_id for c in claims.values()}))
        sources = queries.by_ids(session, m.Source, sorted({c.source_id for c in claims.values() if c.source_id is not None}))
    texts = {i: d.text for i, d in documents.items()}
    evidence = []
    for claim_id in evidence_ids:
        node = _claim_json(claims[claim_id], texts, sources, kind=False)
        document = documents[claims[claim_id].document_id]
        node["document"] = {"id": global_id("Document", document.id), "title": document.title,  # type: ignore[arg-type]
                            "publishedAt": document.published_at.isoformat() if document.published_at else None}
        evidence.append(node)
    return JSONResponse({"id": global_id("Deal", deal_id), "kind": deal.kind, "status": deal.status,
                         "stakePercent": deal.stake_percent, "confidence": deal.confidence,
                         "parties": [{"name": parties[i].name} for i in parties], "evidence": evidence})


async def _healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def bare_app() -> Starlette:
    """The bare server (uvicorn --factory queries:bare_app), on FACTGRAPH_DATABASE_URL."""
    app = Starlette(routes=[Route("/healthz", _healthz), Route("/document/{id}", _bare_document),
                            Route("/claims", _bare_claims), Route("/deal/{id}", _bare_deal)])
    app.state.database = Database(os.environ["FACTGRAPH_DATABASE_URL"])
    return app


# ---- Servers and the load generator -----------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(app: str, database_url: str) -> Iterator[str]:
    """A uvicorn process serving `app` (a factory) on a free loopback port, stopped afterwards."""
    port = _free_port()
    env = {**os.environ, "FACTGRAPH_DATABASE_URL": database_url}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", app, "--app-dir", str(HERE),
                                "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"{app} exited with status {process.returncode} before it answered")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"{app} did not answer {base}/healthz within 120s")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    path: str
    body: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


async def _send(client: httpx.AsyncClient, call: Call) -> Any:
    response = await client.request(call.method, call.path, json=call.body)
    response.raise_for_status()
    body = response.json()
    if isinstance(body, dict) and body.get("errors"):
        raise SystemExit(f"GraphQL errors for {call}: {body['errors']}")
    return body


async def run_load(base: str, calls: Callable[[int], Call], *, clients: int, requests: int, seconds: float) -> Result:
    """Up to `requests` calls from `clients` concurrent clients, stopping at `seconds`; a warm-up first."""
    latencies: list[float] = []
    issued = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        for i in range(min(20, requests)):
            await _send(client, calls(i))
        started = time.perf_counter()
        deadline = started + seconds

        async def worker() -> None:
            nonlocal issued
            while issued < requests and time.perf_counter() < deadline:
                call = calls(issued)
                issued += 1
                sent = time.perf_counter()
                await _send(client, call)
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return Result(len(latencies), elapsed, _percentile(latencies, 0.50) * 1000, _percentile(latencies, 0.99) * 1000)


def _best(kept: Result | None, new: Result) -> Result:
    return new if kept is None or new.per_second > kept.per_second else kept


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# ---- The cases --------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Case:
    name: str
    graphql: Callable[[int], Call]
    bare: Callable[[int], Call]
    ids: Callable[[Any, bool], list[str]]  # the claim ids of an answer (graphql: True), to compare the two


def _cases(database_url: str) -> list[Case]:
    """The documents and deals to ask for: a fixed random sample of those with claims and evidence."""
    database = Database(database_url)
    with database.engine.connect() as connection:
        documents = [r[0] for r in connection.execute(text(
            "SELECT DISTINCT document_id FROM claim JOIN claimlink ON claimlink.to_claim_id = claim.id AND claimlink.kind = 'RESPONDS_TO'"))]
        documents += [r[0] for r in connection.execute(text("SELECT DISTINCT document_id FROM claim LIMIT 400"))]
        deals = [r[0] for r in connection.execute(text("SELECT DISTINCT deal_id FROM dealevidence"))]
    database.dispose()
    rng = random.Random(21578)
    documents = rng.sample(sorted(set(documents)), min(200, len(set(documents))))
    deals = rng.sample(sorted(deals), min(200, len(deals)))
    document_ids = [global_id("Document", i) for i in documents]
    deal_ids = [global_id("Deal", i) for i in deals]

    def graphql(query: str, ids: list[str] | None) -> Callable[[int], Call]:
        return lambda n: Call("POST", "/graphql", {"query": query, "variables": {"id": ids[n % len(ids)]} if ids else {}})

    return [
        Case("(a) document claims + attribution + responses", graphql(DOCUMENT_QUERY, document_ids),
             lambda n: Call("GET", f"/document/{document_ids[n % len(document_ids)]}"),
             lambda body, gql: [e["node"]["id"] for e in (body["data"]["node"] if gql else body)["claims"]["edges"]]
             + [r["id"] for e in (body["data"]["node"] if gql else body)["claims"]["edges"] for r in e["node"]["responses"]]),
        Case("(b) claims(first: 50, minConfidence 0.8, 2 statuses)", graphql(FILTERED_QUERY, None),
             lambda n: Call("GET", "/claims"),
             lambda body, gql: [e["node"]["id"] for e in (body["data"]["claims"] if gql else body)["edges"]]),
        Case("(c) deal + parties + evidence", graphql(DEAL_QUERY, deal_ids),
             lambda n: Call("GET", f"/deal/{deal_ids[n % len(deal_ids)]}"),
             lambda body, gql: [e["id"] for e in (body["data"]["node"] if gql else body)["evidence"]]),
    ]


async def _check_same(graphql_base: str, bare_base: str, case: Case) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        client.base_url = graphql_base
        ours = case.ids(await _send(client, case.graphql(0)), True)
        client.base_url = bare_base
        theirs = case.ids(await _send(client, case.bare(0)), False)
    if ours != theirs or not ours:
        raise SystemExit(f"{case.name}: GraphQL and the bare endpoint disagree ({len(ours)} vs {len(theirs)} claims)")


def _profile(database_url: str) -> None:
    from pyinstrument import Profiler

    from factgraph.api import Settings, create_app

    async def requests() -> None:
        app = create_app(Settings(database_url=database_url))
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
                await _send(client, Call("POST", "/graphql", {"query": FILTERED_QUERY}))
                profiler = Profiler(async_mode="enabled")
                with profiler:
                    for _ in range(200):
                        await _send(client, Call("POST", "/graphql", {"query": FILTERED_QUERY}))
                print(profiler.output_text(unicode=False, color=False, show_all=False))

    asyncio.run(requests())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims to load (default 100000)")
    parser.add_argument("--stories", type=int, default=1000, help="Reuters acq stories to ingest for real (default 1000)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=1500, help="at most this many timed requests per run")
    parser.add_argument("--seconds", type=float, default=20.0, help="at most this long per run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per query; the best of each side is kept")
    parser.add_argument("--latency-requests", type=int, default=300, help="requests from one client, for latency alone")
    parser.add_argument("--database-url", help="a database loaded before (with --keep) instead of a fresh one")
    parser.add_argument("--keep", action="store_true", help="keep the fresh database and print its URL")
    parser.add_argument("--profile", action="store_true", help="profile query (b) in-process with pyinstrument")
    args = parser.parse_args()
    import dataset  # the extractor and corpus only when loading

    with ExitStack() as stack:
        if args.database_url:
            url, described = args.database_url, "an existing database"
            dataset.bring_to_head(Database(url))  # a database loaded by an older factgraph
        else:
            url = stack.enter_context(dataset.fresh_database(keep=args.keep))
            loaded = dataset.load(url, target_claims=args.claims, stories_to_ingest=args.stories)
            described = loaded.describe()
            if args.keep:
                print(f"database kept: {url}")
        with Database(url).engine.connect() as connection:
            counts = {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                      for t in ("document", "claim", "claimlink", "mention", "dealevidence")}
        print(f"{dt.date.today()}, {platform.node()} ({os.cpu_count()} cores, {platform.machine()}), "
              f"PostgreSQL, {args.clients} concurrent clients, at most {args.requests} requests or {args.seconds:.0f}s per run")
        print(f"data: {described}")
        print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
        cases = _cases(url)
        graphql_base = stack.enter_context(serve("factgraph.api.app:create_app", url))
        bare_base = stack.enter_context(serve("queries:bare_app", url))
        rows = []
        for case in cases:
            asyncio.run(_check_same(graphql_base, bare_base, case))
            ours: Result | None = None
            theirs: Result | None = None
            for _ in range(args.rounds):
                ours = _best(ours, asyncio.run(run_load(graphql_base, case.graphql, clients=args.clients,
                                                        requests=args.requests, seconds=args.seconds)))
                theirs = _best(theirs, asyncio.run(run_load(bare_base, case.bare, clients=args.clients,
                                                            requests=args.requests, seconds=args.seconds)))
            alone = asyncio.run(run_load(graphql_base, case.graphql, clients=1, requests=args.latency_requests, seconds=args.seconds))
            bare_alone = asyncio.run(run_load(bare_base, case.bare, clients=1, requests=args.latency_requests, seconds=args.seconds))
            assert ours is not None and theirs is not None
            rows.append((case.name, ours, theirs, alone, bare_alone))
        print()
        print(f"{args.clients} concurrent clients, best of {args.rounds} alternating rounds; then one client at a time")
        print(f"{'query':<52}{'':>9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>7}   {'1 client: p50 ms':>16}{'p99 ms':>9}")
        for name, ours, theirs, alone, bare_alone in rows:
            print(f"{name:<52}{'GraphQL':>9}{ours.per_second:>9.1f}{ours.p50_ms:>9.1f}{ours.p99_ms:>9.1f}"
                  f"{ours.per_second / theirs.per_second:>7.2f}   {alone.p50_ms:>16.1f}{alone.p99_ms:>9.1f}")
            print(f"{'':<52}{'bare':>9}{theirs.per_second:>9.1f}{theirs.p50_ms:>9.1f}{theirs.p99_ms:>9.1f}{'':>7}   "
                  f"{bare_alone.p50_ms:>16.1f}{bare_alone.p99_ms:>9.1f}")
        if args.profile:
            _profile(url)


if __name__ == "__main__":
    main()
