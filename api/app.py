"""The Starlette app: the fact-checker page at / (its files under /static), GraphQL (and GraphiQL) at
/graphql over HTTP and websockets (subscriptions), health at /healthz, JSON-LD exports under /export. Built
by a factory from Settings; the database, the spaCy model, the ingest service and the live feed of new
documents are made in the lifespan."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from cross_web import HTTPException
from strawberry.http import GraphQLRequestData, GraphQLRequestProtocol

from ..db.engine import Database
from ..extract.pipeline import Extractor
from ..schema import Context, build_schema
from .auth import write_refusal
from .errors import internal_error
from .export import claim_reviews_export, claims_export, document_export
from .ingest import Ingestor
from .page import Page, static_files
from .live import DocumentFeed
from .seeds import load_seeds
from .settings import Settings

log = logging.getLogger("factgraph")

DEFAULT_QUERY = """# factgraph: claims with their provenance. Press the run button (or Ctrl-Enter).
query Claims {
  claims(first: 10) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        text
        confidence
        span { start end }
        attribution { status source { name kind } cue { text } }
        responses { text attribution { status source { name } } }
        document { id title publisher publishedAt }
      }
    }
  }
}
"""


class FactgraphGraphQL(GraphQL[Context, None]):
    def _validate_batch_request(self, request_data: list[GraphQLRequestData], protocol: GraphQLRequestProtocol) -> None:
        # Strawberry's own refusal reads only "Too many operations".
        limit = self.schema.config.batching_config["max_operations"]  # type: ignore[index]
        if len(request_data) > limit:
            raise HTTPException(400, f"This batch has {len(request_data)} operations, more than the limit of {limit} "
                                     "(FACTGRAPH_MAX_BATCH_OPERATIONS): send them in several requests.")
        super()._validate_batch_request(request_data, protocol)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        state = request.app.state
        refusal = write_refusal(request.headers.get("authorization"), state.settings.api_token)
        return Context(database=state.database, ingest=state.ingestor, write_refusal=refusal, live=state.live)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        default = DEFAULT_QUERY.replace("\\", "\\\\").replace("`", "\\`")
        html = re.sub(r"const EXAMPLE_QUERY = `.*?`;", lambda _: f"const EXAMPLE_QUERY = `{default}`;",
                      self.graphql_ide_html, count=1, flags=re.S)
        return HTMLResponse(html)


def create_app(settings: Settings | None = None, *, extractor: Extractor | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        database = Database(settings.database_url)
        await anyio.to_thread.run_sync(database.create_schema)
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
        try:
            async with anyio.create_task_group() as tasks:
                await tasks.start(app.state.live.run)  # the seed articles above are not news to anyone
                yield
                tasks.cancel_scope.cancel()
        finally:
            database.dispose()

    schema = build_schema(settings.query_limits())
    graphql = FactgraphGraphQL(schema)
    page = Page()
    return Starlette(
        middleware=_cors(settings.cors_origins),
        exception_handlers={Exception: internal_error},
        routes=[
            Route("/", page.respond),
            Mount("/static", static_files(), name="static"),
            Route("/healthz", _healthz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/export/documents/{id}.jsonld", document_export),
            Route("/export/claims.jsonld", claims_export),
            Route("/export/claim-reviews.jsonld", claim_reviews_export),
            WebSocketRoute("/graphql", graphql),
        ],
        lifespan=lifespan,
    )


def _cors(origins: tuple[str, ...]) -> list[Middleware]:
    """Browsers may call the API from the configured origins only; with none, there is no CORS header at all
    (a page elsewhere cannot read the answers, and a preflight for a JSON POST is not granted). Credentials
    are never allowed: the token is an Authorization header a script sets, and cookies play no part."""
    if not origins:
        return []
    return [Middleware(CORSMiddleware, allow_origins=list(origins), allow_methods=["GET", "POST"],
                       allow_headers=["Authorization", "Content-Type", "Accept"], allow_credentials=False)]


async def _healthz(request: Request) -> JSONResponse:
    database: Database = request.app.state.database
    try:
        await anyio.to_thread.run_sync(database.ping)
    except Exception as error:  # the reason goes to the log; the client learns only that it is down
        log.warning("health check failed: %s", error)
        return JSONResponse({"status": "unavailable", "detail": "the database does not answer"}, status_code=503)
    return JSONResponse({"status": "ok"})


__all__ = ["create_app"]
