"""The Starlette app: the fact-checker page at / (its files under /static), GraphQL (and GraphiQL) at
/graphql over HTTP and websockets (subscriptions), health at /healthz, JSON-LD exports under /export. Built
by a factory from Settings; the database, the spaCy model, the ingest service and the live feed of new
documents are made in the lifespan."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute

from ..db.engine import Database
from ..extract.pipeline import Extractor
from ..schema import build_schema
from ..schema.loaders import RoundsInFlight
from .errors import internal_error
from .export import claim_reviews_export, claims_export, document_export
from .graphql_view import FactgraphGraphQL
from .ingest import Ingestor
from .live import DocumentFeed
from .page import Page, static_files
from .seeds import load_seeds
from .rate_limit import RateLimiter
from .settings import Settings
from .url_credentials import CredentialsInUrl

log = logging.getLogger("factgraph")

def create_app(settings: Settings | None = None, *, extractor: Extractor | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        database = Database(settings.database_url, statement_timeout=settings.statement_timeout_seconds,
                            sqlite_busy_seconds=settings.sqlite_busy_timeout_seconds)
        app.state.reads_in_flight = RoundsInFlight()
        try:  # from here on, whatever fails (a database that is behind, the model, the seeds) closes the database
            await anyio.to_thread.run_sync(database.ensure_schema)  # a database that is behind is refused
            loaded = extractor or await anyio.to_thread.run_sync(Extractor.load, settings.spacy_model)
            app.state.settings = settings
            app.state.schema = schema
            app.state.database = database
            app.state.live = DocumentFeed(database, poll_seconds=settings.live_poll_seconds,
                                          max_subscriptions=settings.live_max_subscriptions,
                                          queue_size=settings.live_queue_size)
            app.state.ingestor = Ingestor(database, loaded, max_article_bytes=settings.max_article_bytes,
                                          on_stored=app.state.live.announce)
            if settings.seed_on_start:
                summary = await anyio.to_thread.run_sync(load_seeds, app.state.ingestor, settings.seed_dir)
                log.info("seed articles: %s", summary)
            async with anyio.create_task_group() as tasks:
                await tasks.start(app.state.live.run)  # the seed articles above are not news to anyone
                yield
                tasks.cancel_scope.cancel()
        finally:
            with anyio.CancelScope(shield=True):  # even when the server is being cancelled
                await app.state.reads_in_flight.wait(timeout=30)
            database.dispose()

    schema = build_schema(settings.query_limits())
    # A browser's websocket from another origin is refused unless CORS allows that origin.
    limits = settings.rate_limits()
    rate_limiter = RateLimiter(limits) if limits.enabled else None
    graphql = FactgraphGraphQL(schema, allowed_origins=settings.cors_origins, max_request_bytes=settings.request_limit,
                               max_subscriptions_per_connection=settings.live_max_subscriptions_per_connection,
                               rate_limiter=rate_limiter, api_token=settings.api_token,
                               request_timeout=settings.request_timeout_seconds)
    page = Page()
    app = Starlette(
        middleware=[Middleware(CredentialsInUrl, token=settings.api_token), *_cors(settings.cors_origins)],
        exception_handlers={Exception: internal_error},
        routes=[
            Route("/", page.respond),
            Mount("/static", static_files(), name="static"),
            Route("/healthz", _healthz),
            Route("/graphql", graphql),  # every method: Strawberry refuses the others with a GraphQL answer
            Route("/export/documents/{id}.jsonld", document_export),
            Route("/export/claims.jsonld", claims_export),
            Route("/export/claim-reviews.jsonld", claim_reviews_export),
            WebSocketRoute("/graphql", graphql),
        ],
        lifespan=lifespan,
    )
    app.state.rate_limiter = rate_limiter  # the exports charge it too
    return app


def _cors(origins: tuple[str, ...]) -> list[Middleware]:
    """Browsers may call the API from the configured origins only; with none, there is no CORS header at all
    (a page elsewhere cannot read the answers, and a preflight for a JSON POST is not granted). Credentials
    are never allowed: the token is an Authorization header a script sets, and cookies play no part."""
    if not origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=list(origins), allow_methods=["GET", "POST"],
                       allow_headers=["Authorization", "Content-Type", "Accept"], allow_credentials=False)]


async def _healthz(request: Request) -> JSONResponse:
    """200 once the database answers; 503 when it fails, or takes longer than FACTGRAPH_HEALTH_TIMEOUT_SECONDS
    (the ping's thread is left to finish on its own: a hung database must not hold up the answer)."""
    database: Database = request.app.state.database
    limit = request.app.state.settings.health_timeout_seconds
    try:
        with anyio.fail_after(limit):
            await anyio.to_thread.run_sync(database.ping, abandon_on_cancel=True)
    except TimeoutError:
        log.warning("health check: the database did not answer within %s s", limit)
        return JSONResponse({"status": "unavailable", "detail": f"the database did not answer within {limit:g} s "
                                                                "(FACTGRAPH_HEALTH_TIMEOUT_SECONDS)"}, status_code=503)
    except Exception as error:  # the reason goes to the log; the client learns only that it is down
        log.warning("health check failed: %s", error)
        return JSONResponse({"status": "unavailable", "detail": "the database does not answer"}, status_code=503)
    return JSONResponse({"status": "ok"})


__all__ = ["create_app"]
