"""The export routes: JSON-LD over plain HTTP, for tools that do not speak GraphQL.

  GET /export/documents/{id}.jsonld              a document and its claims as W3C PROV-O
  GET /export/claims.jsonld?filter=<ClaimFilter>  the claims matching a filter, as PROV-O
  GET /export/claim-reviews.jsonld?filter=...     the reviewed claims as schema.org ClaimReview

Each route runs the GraphQL field of the same export (schema/export.py builds them), so the filter is the
GraphQL `ClaimFilter` as JSON (`{"status": ["DECLINED_TO_COMMENT"], "minConfidence": 0.5}`) with exactly
its fields and checks. A bad id or filter is a 400 and an unknown document a 404, each with a message.
"""

from __future__ import annotations

import json
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ..schema import Context
from ..schema.errors import INTERNAL_ERROR_CODE
from . import json_input
from .auth import write_refusal
from .errors import internal_error_response
from .rate_limit import EXPORT_POINTS, RateLimiter, client_of
from .json_input import JsonTooDeep

MEDIA_TYPE = "application/ld+json"
READ_ONLY = "Exports only read."

DOCUMENT = "query($id: ID!) { node(id: $id) { __typename ... on Document { provenance } } }"
CLAIMS = "query($filter: ClaimFilter) { provenance(filter: $filter) }"
CLAIM_REVIEWS = "query($filter: ClaimFilter) { claimReviews(filter: $filter) }"


class JsonLdResponse(JSONResponse):
    media_type = MEDIA_TYPE


class _ClientError(Exception):
    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class _Internal(Exception):
    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


async def document_export(request: Request) -> Response:
    document_id = request.path_params["id"]
    try:
        data = await _run(request, DOCUMENT, {"id": document_id})
        node = data["node"]
        if node is None:
            raise _ClientError(404, f"There is no document with the id {document_id!r}: use the `id` of a Document returned by this API.")
        if node["__typename"] != "Document":
            raise _ClientError(404, f"{document_id!r} is the id of a {node['__typename']}, not of a Document.")
    except _ClientError as error:
        return _error(error)
    except _Internal as error:
        return internal_error_response(error.reference)
    return JsonLdResponse(node["provenance"])


async def claims_export(request: Request) -> Response:
    return await _filtered(request, CLAIMS, "provenance")


async def claim_reviews_export(request: Request) -> Response:
    return await _filtered(request, CLAIM_REVIEWS, "claimReviews")


async def _filtered(request: Request, query: str, field: str) -> Response:
    try:
        data = await _run(request, query, {"filter": _filter(request.query_params.get("filter"))})
    except _ClientError as error:
        return _error(error)
    except _Internal as error:
        return internal_error_response(error.reference)
    return JsonLdResponse(data[field])


def _filter(raw: str | None) -> dict[str, Any] | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = json_input.loads(raw)
    except JsonTooDeep as error:
        raise _ClientError(400, f"`filter`: {error}") from None
    except json.JSONDecodeError as error:
        raise _ClientError(400, f"`filter` is not JSON ({error.msg} at character {error.pos}): pass a ClaimFilter as a JSON "
                                "object, e.g. filter={\"status\": [\"DECLINED_TO_COMMENT\"]}.") from None
    if not isinstance(value, dict):
        raise _ClientError(400, f"`filter` must be a JSON object (a ClaimFilter), not {type(value).__name__}: "
                                "e.g. filter={\"status\": [\"DECLINED_TO_COMMENT\"]}.")
    return value


async def _run(request: Request, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """Runs a read-only GraphQL query; errors the client caused become a 400, an unexpected one (already logged
    and masked by the schema, schema/errors.py) a 500 with its reference."""
    state = request.app.state
    _charge(request, state.rate_limiter)
    schema: strawberry.Schema = state.schema
    context = Context(database=state.database, ingest=state.ingestor, write_refusal=READ_ONLY, live=state.live, in_flight=state.reads_in_flight)
    result = await schema.execute(query, variable_values=variables, context_value=context)
    for error in result.errors or []:
        if (error.extensions or {}).get("code") == INTERNAL_ERROR_CODE:
            raise _Internal(str((error.extensions or {}).get("reference")))
    if result.errors:
        raise _ClientError(400, " ".join(error.message for error in result.errors))
    assert result.data is not None
    return result.data


def _charge(request: Request, limiter: RateLimiter | None) -> None:
    """An export costs EXPORT_POINTS of the client's rate budget (api/rate_limit.py), unless it sends the token."""
    if limiter is None or write_refusal(request.headers.get("authorization"), request.app.state.settings.api_token) is None:
        return
    refusal = limiter.charge(client_of(request.client), EXPORT_POINTS)
    if refusal is not None:
        raise _ClientError(429, refusal.message, refusal.retry_after)


def _error(error: _ClientError) -> JSONResponse:
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after is not None else None
    return JSONResponse({"error": str(error), **({"code": "RATE_LIMITED"} if error.status == 429 else {})},
                        status_code=error.status, headers=headers)
