"""The `factgraph` command: serve, ingest, seed, worker, jobs, migrate. Thin: it parses arguments and calls the same services."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from starlette.applications import Starlette

from .settings import Settings, SettingsError


def app_from_env() -> Starlette:
    """The app factory uvicorn calls (also under --reload and --workers)."""
    from .app import create_app

    return create_app(Settings.from_env())


def serve(args: argparse.Namespace, settings: Settings) -> int:
    import logging

    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")

    workers = args.workers
    problem = _workers_problem(args, settings) if workers > 1 else None
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    # Once, here: a new database gets its schema before the workers start, and one that is behind is refused
    # with a message (exit status 2) rather than by each process's lifespan with a traceback.
    _schema_ready(settings)
    if workers > 1:
        if args.seed:
            # Seeded once here rather than by every worker process at its start-up.
            seed(args, settings)
            os.environ.pop("FACTGRAPH_SEED", None)
    elif args.seed:
        os.environ["FACTGRAPH_SEED"] = "1"  # read by app_from_env in this and any reloaded process
    print(f"factgraph: the fact-checker page at http://{args.host}:{args.port}/, GraphiQL at /graphql "
          f"(database {_safe_url(settings.database_url)}"
          f"{f', {workers} worker processes' if workers > 1 else ''})", file=sys.stderr)
    uvicorn.run("factgraph.api.cli:app_from_env", factory=True, host=args.host, port=args.port, reload=args.reload,
                reload_dirs=[str(Path(__file__).resolve().parent.parent)] if args.reload else None, log_level="info",
                workers=workers if workers > 1 else None)
    return 0


def _schema_ready(settings: Settings) -> None:
    from ..db.engine import Database

    database = Database(settings.database_url)
    try:
        database.ensure_schema()
    finally:
        database.dispose()


def _workers_problem(args: argparse.Namespace, settings: Settings) -> str | None:
    """Why `serve --workers N` cannot run as asked, or None."""
    from sqlalchemy.engine import make_url

    if args.reload:
        return "--reload runs one process that restarts on changes; use it without --workers."
    backend = make_url(settings.database_url).get_backend_name()
    if backend != "postgresql":
        return (f"--workers {args.workers} needs PostgreSQL, and FACTGRAPH_DATABASE_URL is "
                f"{_safe_url(settings.database_url)} ({backend}): several server processes writing one SQLite "
                "file wait on each other's locks. Set it to postgresql+psycopg://user@host:5432/db, or serve "
                "SQLite with one process (no --workers).")
    return None


def ingest(args: argparse.Namespace, settings: Settings) -> int:
    if args.queue:
        return submit(args, settings)
    from ..db.engine import Database
    from ..extract.pipeline import Extractor
    from .ingest import ArticleRejected, Ingestor, ParallelExtractor
    from .seeds import read_article

    paths = [Path(p) for p in args.files]
    database = Database(settings.database_url)
    database.ensure_schema()
    parallel = ParallelExtractor(settings.spacy_model, args.jobs) if args.jobs > 1 else None
    ingestor = Ingestor(database, parallel or Extractor.load(settings.spacy_model),
                        max_article_bytes=settings.max_article_bytes)
    requests, problems = [], []
    for path in paths:
        try:
            requests.append((path, read_article(path, max_bytes=settings.max_article_bytes)))
        except ArticleRejected as error:
            problems.append(str(error))
    stored = known = 0
    show_progress = len(requests) > 1 and sys.stderr.isatty()
    try:
        # With processes, a batch gives each of them several articles to parse.
        results = ingestor.ingest_many((request for _, request in requests), batch_size=max(16, 16 * args.jobs))
        for done, ((path, _), result) in enumerate(zip(requests, results, strict=True), start=1):
            if isinstance(result, ArticleRejected):
                problems.append(f"{path}: {result}")
            elif result.created:
                stored += 1
            else:
                known += 1
            if show_progress:
                width = 30
                filled = width * done // len(requests)
                print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{len(requests)}", end="", file=sys.stderr)
    finally:
        if parallel is not None:
            parallel.close()
    if show_progress:
        print(file=sys.stderr)
    database.dispose()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{stored} stored, {known} already stored, {len(problems)} failed, of {len(paths)} files")
    return 1 if problems else 0


def submit(args: argparse.Namespace, settings: Settings) -> int:
    """`ingest --queue`: the articles go into the PostgreSQL queue for `factgraph worker` processes."""
    from ..db import jobs
    from ..db.engine import Database
    from .ingest import ArticleRejected, prepare
    from .seeds import read_article

    database = Database(settings.database_url)
    try:
        jobs.require_postgres(database.engine)
    except jobs.QueueNeedsPostgres as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    database.ensure_schema()
    problems: list[str] = []
    queued = 0
    for name in args.files:
        path = Path(name)
        try:
            request = read_article(path, max_bytes=settings.max_article_bytes)  # its errors name the file
        except ArticleRejected as error:
            problems.append(str(error))
            continue
        try:
            # Checked here so that the error is told now, not by a worker later; the job keeps the text as
            # given and the worker prepares it again (an HTML page is converted there).
            prepare(request, max_bytes=settings.max_article_bytes)
        except ArticleRejected as error:
            problems.append(f"{path}: {error}")
            continue
        with database.session() as session:
            job = jobs.submit(session, text=request.text, title=request.title, publisher=request.publisher,
                              url=request.url, published_at=request.published_at)
        queued += 1
        print(f"job {job.id}: {path}")
    database.dispose()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{queued} queued, {len(problems)} failed, of {len(args.files)} files")
    return 1 if problems else 0


def worker(args: argparse.Namespace, settings: Settings) -> int:
    import signal
    import threading

    from ..db import jobs
    from ..db.engine import Database
    from ..extract.pipeline import Extractor
    from .ingest import Ingestor
    from .worker import Worker

    database = Database(settings.database_url)
    try:
        jobs.require_postgres(database.engine)
    except jobs.QueueNeedsPostgres as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    database.ensure_schema()
    ingestor = Ingestor(database, Extractor.load(settings.spacy_model), max_article_bytes=settings.max_article_bytes)
    runner = Worker(database, ingestor, lease_seconds=settings.job_lease_seconds, max_attempts=settings.job_max_attempts,
                    test_delay_seconds=settings.worker_test_delay_seconds,
                    report=lambda line: print(line, flush=True))
    stop = threading.Event()

    def finish_then_stop(signum: int, _frame: object) -> None:
        print(f"worker {runner.name}: {signal.Signals(signum).name}, stopping after the current document", flush=True)
        stop.set()

    signal.signal(signal.SIGTERM, finish_then_stop)
    signal.signal(signal.SIGINT, finish_then_stop)
    print(f"worker {runner.name}: taking ingest jobs from {_safe_url(settings.database_url)}", flush=True)
    tally = runner.run(stop, poll_seconds=args.poll, once=args.once)
    database.dispose()
    print(f"worker {runner.name}: " + ", ".join(f"{tally[what]} {what}" for what in ("stored", "already stored", "retry", "failed")),
          flush=True)
    return 0


def job_counts(args: argparse.Namespace, settings: Settings) -> int:
    """`factgraph jobs`: the queue by status, and the latest failures with their errors."""
    from ..db import jobs
    from ..db.engine import Database

    database = Database(settings.database_url)
    try:
        jobs.require_postgres(database.engine)
    except jobs.QueueNeedsPostgres as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    database.ensure_schema()
    with database.session() as session:
        counts = jobs.counts(session)
        failures = jobs.failed(session, limit=args.failed)
    database.dispose()
    print(", ".join(f"{n} {status.lower()}" for status, n in counts.items()))
    for job in failures:
        print(f"failed job {job.id} ({job.title or 'untitled'}, {job.attempts} attempts): {job.error}")
    return 0


def seed(args: argparse.Namespace, settings: Settings) -> int:
    from ..db.engine import Database
    from ..extract.pipeline import Extractor
    from .ingest import Ingestor
    from .seeds import load_seeds

    database = Database(settings.database_url)
    database.ensure_schema()
    ingestor = Ingestor(database, Extractor.load(settings.spacy_model), max_article_bytes=settings.max_article_bytes)
    print(f"seed articles from {settings.seed_dir}: {load_seeds(ingestor, settings.seed_dir)}")
    database.dispose()
    return 0


def migrate(args: argparse.Namespace, settings: Settings) -> int:
    """`factgraph migrate`: the database at the head revision, saying what was done."""
    from ..db.engine import Database

    database = Database(settings.database_url)
    try:
        for line in database.migrate():
            print(line)
    finally:
        database.dispose()
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="factgraph", description="A GraphQL fact API with provenance for news articles.")
    commands = top.add_subparsers(dest="command", required=True)
    s = commands.add_parser("serve", help="run the API: the fact-checker page at /, GraphQL and GraphiQL at /graphql")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--reload", action="store_true", help="restart when the code changes (development)")
    s.add_argument("--seed", action="store_true", help="load the seed articles at start-up")
    s.add_argument("--workers", type=_positive, default=1, metavar="N",
                   help="serve from N processes (PostgreSQL only)")
    s.set_defaults(run=serve)
    i = commands.add_parser("ingest", help="ingest article files (UTF-8 text, one article each)")
    i.add_argument("files", nargs="+", metavar="FILE")
    how = i.add_mutually_exclusive_group()
    how.add_argument("--jobs", type=_positive, default=1, metavar="N",
                     help="parse in N processes (the documents are stored in order by this one)")
    how.add_argument("--queue", action="store_true",
                     help="submit to the PostgreSQL queue for `factgraph worker` processes instead of ingesting here")
    i.set_defaults(run=ingest)
    w = commands.add_parser("worker", help="take ingest jobs from the PostgreSQL queue until stopped (SIGTERM, Ctrl-C)")
    w.add_argument("--once", action="store_true", help="run the jobs that are ready, then exit instead of waiting")
    w.add_argument("--poll", type=_positive_seconds, default=2.0, metavar="SECONDS",
                   help="how often an idle worker looks for jobs (default 2)")
    w.set_defaults(run=worker)
    j = commands.add_parser("jobs", help="the ingest queue: jobs by status, and the latest failures")
    j.add_argument("--failed", type=int, default=10, metavar="N", help="list the N latest failed jobs (default 10)")
    j.set_defaults(run=job_counts)
    d = commands.add_parser("seed", help="ingest the seed articles (FACTGRAPH_SEED_DIR, default seeds/)")
    d.set_defaults(run=seed)
    g = commands.add_parser("migrate", help="upgrade the database (FACTGRAPH_DATABASE_URL) to this factgraph's schema")
    g.set_defaults(run=migrate)
    return top


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def _positive_seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds such as 2 or 0.5, got {raw!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {raw!r}")
    return value


def _safe_url(url: str) -> str:
    """The database URL without a password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if getattr(args, "seed", False) and args.command == "serve":
        settings = dataclasses.replace(settings, seed_on_start=True)
    from ..db.migrate import SchemaError
    from ..extract.pipeline import ModelNotInstalled

    try:
        return int(args.run(args, settings))
    except (ModelNotInstalled, SchemaError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
