"""The `factgraph` command: serve, ingest, seed. Thin: it parses arguments and calls the same services."""

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

    if args.seed:
        os.environ["FACTGRAPH_SEED"] = "1"  # read by app_from_env in this and any reloaded process
    print(f"factgraph: the fact-checker page at http://{args.host}:{args.port}/, GraphiQL at /graphql "
          f"(database {_safe_url(settings.database_url)})", file=sys.stderr)
    uvicorn.run("factgraph.api.cli:app_from_env", factory=True, host=args.host, port=args.port, reload=args.reload,
                reload_dirs=[str(Path(__file__).resolve().parent.parent)] if args.reload else None, log_level="info")
    return 0


def ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ..db.engine import Database
    from ..extract.pipeline import Extractor
    from .ingest import ArticleRejected, Ingestor
    from .seeds import read_article

    paths = [Path(p) for p in args.files]
    database = Database(settings.database_url)
    database.create_schema()
    ingestor = Ingestor(database, Extractor.load(settings.spacy_model), max_article_bytes=settings.max_article_bytes)
    requests, problems = [], []
    for path in paths:
        try:
            requests.append((path, read_article(path)))
        except ArticleRejected as error:
            problems.append(str(error))
    stored = known = 0
    show_progress = len(requests) > 1 and sys.stderr.isatty()
    results = ingestor.ingest_many(request for _, request in requests)
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
    if show_progress:
        print(file=sys.stderr)
    database.dispose()
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    print(f"{stored} stored, {known} already stored, {len(problems)} failed, of {len(paths)} files")
    return 1 if problems else 0


def seed(args: argparse.Namespace, settings: Settings) -> int:
    from ..db.engine import Database
    from ..extract.pipeline import Extractor
    from .ingest import Ingestor
    from .seeds import load_seeds

    database = Database(settings.database_url)
    database.create_schema()
    ingestor = Ingestor(database, Extractor.load(settings.spacy_model), max_article_bytes=settings.max_article_bytes)
    print(f"seed articles from {settings.seed_dir}: {load_seeds(ingestor, settings.seed_dir)}")
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
    s.set_defaults(run=serve)
    i = commands.add_parser("ingest", help="ingest article files (UTF-8 text, one article each)")
    i.add_argument("files", nargs="+", metavar="FILE")
    i.set_defaults(run=ingest)
    d = commands.add_parser("seed", help="ingest the seed articles (FACTGRAPH_SEED_DIR, default seeds/)")
    d.set_defaults(run=seed)
    return top


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
    from ..extract.pipeline import ModelNotInstalled

    try:
        return int(args.run(args, settings))
    except ModelNotInstalled as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
