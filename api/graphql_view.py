"""GraphQL over HTTP and websockets at /graphql: Strawberry's ASGI view, with the request's context (may it
write?), GraphiQL opening on a useful query, and every answer a GraphQL response, refusals included."""

from __future__ import annotations

import json
import math
from typing import Any

import anyio
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLRequestData, GraphQLRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from ..schema import Context
from . import json_input
from .auth import write_refusal
from .graphiql import graphiql_page
from .json_input import JsonTooDeep
from .rate_limit import Meter, RateLimiter, client_of, rate_limited

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


class TransportWsHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws, with the per-connection limit on operations said with its setting and a code (Strawberry's
    own refusal reads only "Subscription limit reached")."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        limit = self.max_subscriptions_per_connection
        if (self.connection_acknowledged and message["id"] not in self.operations and limit is not None
                and len(self.operations) >= limit):
            error = GraphQLError(
                f"This connection already runs {limit} operations, the limit for one connection "
                "(FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION): complete one first, or open another connection.",
                extensions={"code": "TOO_MANY_SUBSCRIPTIONS_ON_CONNECTION", "limit": limit})
            await self.send_message({"id": message["id"], "type": "error", "payload": [error.formatted]})
            return
        await super().handle_subscribe(message)


class FactgraphGraphQL(GraphQL[Context, None]):
    graphql_transport_ws_handler_class = TransportWsHandler

    def __init__(self, *args: Any, max_request_bytes: int, rate_limiter: RateLimiter | None = None,
                 api_token: str | None = None, request_timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_request_bytes = max_request_bytes
        self.rate_limiter = rate_limiter
        self.api_token = api_token
        self.request_timeout = request_timeout

    async def _within_deadline(self, request: Request) -> Response:
        """The request, stopped at its deadline (FACTGRAPH_REQUEST_TIMEOUT_SECONDS) with a 503 that says so. A
        mutation lifts it once known to be one (schema/limits.py): an ingest is not cut off halfway, its work
        runs in threads that cannot be stopped, and what it stored would be reported as lost."""
        if self.request_timeout is None:
            return await self._limited(request)
        with anyio.CancelScope(deadline=anyio.current_time() + self.request_timeout) as scope:
            request.state.deadline = scope
            return await self._limited(request)
        message = (f"The request did not finish within its deadline of {self.request_timeout:g} s "
                   "(FACTGRAPH_REQUEST_TIMEOUT_SECONDS) and was stopped: the database may be slow or away. Try again "
                   "later, or ask for less (a smaller `first`, fewer nested lists).")
        return JSONResponse({"errors": [{"message": message, "extensions": {"code": "TIMEOUT"}}]}, status_code=503,
                            headers={"Retry-After": "5"})

    def _meter(self, request: Request | WebSocket) -> Meter | None:
        """The request's rate account; None when it is not limited (limits off, or the valid API token)."""
        if self.rate_limiter is None or write_refusal(request.headers.get("authorization"), self.api_token) is None:
            return None
        return Meter(self.rate_limiter, client_of(request.client))

    async def _limited(self, request: Request) -> Response:
        """Runs the request within the client's budget: 429 with Retry-After when it has none left, has too many
        requests running, or cannot pay for the operation it sent."""
        meter = self._meter(request)
        if meter is None:
            return await self.run(request)
        refusal = meter.limiter.exhausted(meter.client)
        if refusal is not None:
            return rate_limited(refusal)
        with meter.limiter.running(meter.client) as busy:
            if busy is not None:
                return rate_limited(busy)
            request.state.meter = meter
            try:
                response = await self.run(request)
            finally:
                meter.settle()  # a body refused as bad costs its point too
        if meter.refusal is not None:
            response.status_code = 429
            response.headers["Retry-After"] = str(meter.refusal.retry_after)
        return response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        # Strawberry answers a request it cannot run (no query, bad JSON, a mutation over GET, a batch too big)
        # in plain text; here it is a GraphQL response like every other answer at /graphql.
        try:
            request = Request(scope, receive=self._within_limit(receive))
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_request_bytes:
                raise self._too_large(int(declared))
            response = await self._within_deadline(request)
        except HTTPException as error:
            message = _REASONS.get(error.reason, error.reason)
            code = "REQUEST_TOO_LARGE" if error.status_code == 413 else "BAD_REQUEST"
            response = JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]},
                                    status_code=error.status_code)
        await response(scope, receive, send)

    def _within_limit(self, receive: Receive) -> Receive:
        """The body as it arrives, refused once it passes the limit: a body sent without a Content-Length (in
        chunks) is never held whole in memory either."""
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_request_bytes:
                    raise self._too_large(received, so_far=True)
            return message

        return limited

    def _too_large(self, size: int, *, so_far: bool = False) -> HTTPException:
        how_big = f"at least {size:,} bytes" if so_far else f"{size:,} bytes"
        return HTTPException(413, f"The request body is {how_big}, more than the limit of {self.max_request_bytes:,} "
                                  "(FACTGRAPH_MAX_REQUEST_BYTES): send a smaller article, or raise the limit.")

    def parse_json(self, data: str | bytes) -> object:
        # A request body or a URL's `variables`: JSON nested too deep is a 400 saying so.
        try:
            return json_input.loads(data) if isinstance(data, str) else self.decode_json(data)
        except JsonTooDeep as error:
            raise HTTPException(400, str(error)) from None
        except json.JSONDecodeError as error:
            raise HTTPException(400, f"`variables` is not JSON ({error.msg} at character {error.pos}): send a JSON object.") from None

    def decode_json(self, data: str | bytes) -> object:
        if isinstance(data, str):  # a websocket message or a URL's `variables`
            try:
                return json_input.loads(data)
            except JsonTooDeep as error:  # over a websocket Strawberry closes the connection: an invalid message
                raise json.JSONDecodeError(str(error), data, 0) from None
        # A request body. json.loads would guess its encoding (UTF-16 and -32 too) and raise a UnicodeDecodeError,
        # which Strawberry does not catch, for bytes that are none; JSON over HTTP is UTF-8 (RFC 8259).
        try:
            return json_input.loads(data.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise HTTPException(400, f"The request body is not UTF-8 (byte {error.start} cannot be decoded): "
                                     "send JSON encoded as UTF-8.") from None
        except json.JSONDecodeError as error:
            raise HTTPException(400, f"The request body is not JSON ({error.msg} at character {error.pos}): send "
                                     '{"query": "...", "variables": {...}} as JSON.') from None

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData | list[GraphQLRequestData]:
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "POST" and "application/json" in content_type:
            check_request_shape(self.parse_json(await request.get_body()))  # Starlette keeps the body for below
        return await super().parse_http_body(request)

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
        # Over HTTP the meter _limited made; a websocket's operations are charged to a meter of its connection.
        budget = getattr(request.state, "meter", None) if isinstance(request, Request) else self._meter(request)
        deadline = getattr(request.state, "deadline", None) if isinstance(request, Request) else None
        return Context(database=state.database, ingest=state.ingestor, write_refusal=refusal, live=state.live,
                       in_flight=state.reads_in_flight, budget=budget,
                       lift_deadline=(lambda: setattr(deadline, "deadline", math.inf)) if deadline is not None else None)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return graphiql_page(DEFAULT_QUERY)


# Strawberry's refusals that do not say what to send instead.
_REASONS = {
    "Unsupported content type": "Unsupported content type: POST the request as JSON, with 'Content-Type: application/json'.",
    "GraphQL only supports GET and POST requests.": "GraphQL only supports GET and POST requests: POST a JSON body, or "
                                                    "GET with `query` (and `variables`) in the URL for a query.",
    "mutations are not allowed when using GET": "Mutations are not allowed over GET: POST them.",
    "subscriptions are not allowed when using POST": "Subscriptions are not served over HTTP: subscribe over a websocket at "
                                                     "/graphql (protocol graphql-transport-ws).",
    "subscriptions are not allowed when using GET": "Subscriptions are not served over HTTP: subscribe over a websocket at "
                                                    "/graphql (protocol graphql-transport-ws).",
}

# What each member of a GraphQL request may be (GraphQL over HTTP), with the types JSON calls them by.
_REQUEST_MEMBERS: dict[str, tuple[tuple[type, ...], str]] = {
    "query": ((str,), "a string"), "operationName": ((str,), "a string"),
    "variables": ((dict,), "an object"), "extensions": ((dict,), "an object"),
}


def check_request_shape(body: object) -> None:
    """Refuses a JSON body that is not a GraphQL request (an object) or a batch of them (a list of objects);
    Strawberry would fail on it with an AttributeError."""
    requests = body if isinstance(body, list) else [body]
    for number, request in enumerate(requests, 1):
        where = f"Operation {number} of the batch" if isinstance(body, list) else "The request body"
        if not isinstance(request, dict):
            raise HTTPException(400, f'{where} is {_json_type(request)}, not an object: send {{"query": "...", '
                                     '"variables": {...}}, or a list of such objects for a batch.')
        for member, (types, name) in _REQUEST_MEMBERS.items():
            value = request.get(member)
            if value is not None and not isinstance(value, types):
                raise HTTPException(400, f"{where}: `{member}` is {_json_type(value)}; it must be {name} or null.")


def _json_type(value: object) -> str:
    return {dict: "a JSON object", list: "a JSON array", str: "a JSON string", bool: "a JSON boolean",
            type(None): "JSON null"}.get(type(value), "a JSON number")
