"""The answer to an exception no route handled: a 500 that says nothing of the code, while the log keeps all.

Starlette's ServerErrorMiddleware calls `internal_error` for any exception that escapes a route (GraphQL
errors never do: schema/errors.py masks them inside the GraphQL response), then re-raises it so that the
server (uvicorn) logs it too.
"""

from __future__ import annotations

import logging
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse

from ..schema.errors import INTERNAL_ERROR_CODE, INTERNAL_ERROR_MESSAGE

log = logging.getLogger("factgraph.http")


def internal_error_response(reference: str) -> JSONResponse:
    return JSONResponse({"error": INTERNAL_ERROR_MESSAGE, "code": INTERNAL_ERROR_CODE, "reference": reference},
                        status_code=500)


async def internal_error(request: Request, error: Exception) -> JSONResponse:
    reference = uuid.uuid4().hex[:12]
    log.error("unexpected error, reference %s, answering %s %s", reference, request.method, request.url.path,
              exc_info=error)
    return internal_error_response(reference)
