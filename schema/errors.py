"""What a GraphQL client is told when something goes wrong, and what the server log keeps.

Expected errors keep their message, meant for the client: the GraphQLErrors our resolvers raise (a bad id, a
bad filter, a refused mutation), syntax and validation errors, a variable of the wrong type, the query limits.
An unexpected exception (a bug, a database that went away) is logged with its traceback and a reference,
and the client gets only `INTERNAL_ERROR_MESSAGE` with the code `INTERNAL_SERVER_ERROR` and that reference:
no exception class, no SQL, no stack trace.

`FactgraphSchema` does both. Strawberry calls its `process_errors` with the original errors, before anything
changes them: that is where they are logged. Its `execute` and `stream` (every transport goes through one of
them: HTTP, websockets, the export routes) hand on each result with the unexpected errors replaced. That is
done there, around Strawberry, rather than by its MaskErrors extension, which never sees the error of an
extension that raised (a bug in a limit check would reach the client word for word). The limit errors of
Strawberry's extensions get the setting behind them and a way out added to their message.
"""

from __future__ import annotations

import logging
import re
import uuid

from collections.abc import AsyncGenerator
from contextlib import aclosing
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.schema.schema import DEFAULT_ALLOWED_OPERATION_TYPES
from strawberry.types.graphql import OperationType
from strawberry.types import ExecutionContext, ExecutionResult

from ..db.engine import timed_out

log = logging.getLogger("factgraph.graphql")

INTERNAL_ERROR_CODE = "INTERNAL_SERVER_ERROR"
INTERNAL_ERROR_MESSAGE = ("Internal server error: the server could not answer this request. It is logged under the "
                          "reference that comes with this message; try again, or report that reference.")
_REFERENCE = "reference"

# Strawberry's limit extensions word their errors without the setting behind them or a way out.
_LIMIT_HINTS: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"exceeds maximum operation depth of \d+"), "QUERY_TOO_DEEP",
     " (FACTGRAPH_MAX_QUERY_DEPTH): nest fewer levels of fields, or fetch the nested objects with `node(id:)`."),
    (re.compile(r"^\d+ aliases found\. Allowed: \d+"), "TOO_MANY_ALIASES",
     " (FACTGRAPH_MAX_QUERY_ALIASES): send fewer aliased fields, or several requests."),
    (re.compile(r"Document contains more than \d+ tokens"), "QUERY_TOO_LONG",
     " (FACTGRAPH_MAX_QUERY_TOKENS): send a shorter document, e.g. with variables and fragments."),
    (re.compile(r"^GraphQL introspection has been disabled"), "INTROSPECTION_DISABLED",
     " (FACTGRAPH_INTROSPECTION=0 on this server): the schema is published as schema.graphql instead."),
]


# Strawberry's words for a request it cannot run (no query; no operation of that name or type), raised as
# exceptions; over HTTP the view turns them into a 400, over a websocket they reach the errors here.
_REQUEST_FAULTS = (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError)


def is_unexpected(error: GraphQLError) -> bool:
    """An exception of ours rather than a fault in the request. graphql-core wraps an exception raised by a
    scalar parsing a bad value (a date that is no date) in an error placed in the query, without a path; a
    resolver's exception has a path, and one from outside graphql-core's checks has no place in the query."""
    original = error.original_error
    if original is None or isinstance(original, (GraphQLError, *_REQUEST_FAULTS)):
        return False
    return error.path is not None or not error.nodes


class FactgraphSchema(strawberry.Schema):
    # Whether error messages may say "Did you mean 'claims'?" (FACTGRAPH_SUGGESTIONS); set by build_schema.
    suggestions: bool = True

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:  # type: ignore[override]
        # One result, never a stream: a subscription here (over HTTP) is refused as the request's fault, rather
        # than run as a query whose field returns a stream where a Claim was due (an internal error).
        allowed = kwargs.get("allowed_operation_types") or DEFAULT_ALLOWED_OPERATION_TYPES
        kwargs["allowed_operation_types"] = set(allowed) - {OperationType.SUBSCRIPTION}
        return _cleaned(await super().execute(*args, **kwargs), suggestions=self.suggestions)

    async def stream(self, *args: Any, **kwargs: Any) -> AsyncGenerator[Any, None]:  # type: ignore[override]
        return _cleaned_stream(await super().stream(*args, **kwargs), suggestions=self.suggestions)

    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        for error in errors:
            if timed_out(error.original_error):
                log.warning("a statement timed out at %s: %s", list(error.path or []), error.message)
            elif is_unexpected(error):
                _logged(error, execution_context.operation_name if execution_context else None)
            else:
                # The client is told; for the log it is routine, and the request may be anyone's garbage.
                log.debug("GraphQL error for the client: %s", error.message)


def _logged(error: GraphQLError, operation: str | None) -> str:
    """The reference under which the error is logged, with its traceback (once, however often it is seen)."""
    reference = (error.extensions or {}).get(_REFERENCE)
    if isinstance(reference, str):
        return reference
    reference = uuid.uuid4().hex[:12]
    error.extensions = {**(error.extensions or {}), _REFERENCE: reference}
    log.error("unexpected error, reference %s, at %s in operation %s: %s", reference, list(error.path or []),
              operation or "(anonymous)", error.message, exc_info=error.original_error)
    return reference


async def _cleaned_stream(results: AsyncGenerator[Any, None], *, suggestions: bool) -> AsyncGenerator[Any, None]:
    async with aclosing(results):
        async for result in results:
            yield _cleaned(result, suggestions=suggestions) if isinstance(result, ExecutionResult) else result


def _client_error(error: GraphQLError) -> GraphQLError:
    reference = _logged(error, None)
    return GraphQLError(INTERNAL_ERROR_MESSAGE, nodes=error.nodes, source=error.source, positions=error.positions,
                        path=error.path, extensions={"code": INTERNAL_ERROR_CODE, _REFERENCE: reference})


def _limit_hint(error: GraphQLError) -> tuple[str, str] | None:
    if (error.extensions or {}).get("code"):
        return None
    for pattern, code, hint in _LIMIT_HINTS:
        if pattern.search(error.message):
            return code, hint
    return None


# graphql-core gives up validating a document whose validation would take too long or too deep (fragments
# nested in each other, thousands of fields of one name to compare) with only these words.
_VALIDATION_ABORTED = "Validation aborted."
VALIDATION_ABORTED_MESSAGE = ("Validation aborted: the document is too large to validate (thousands of fields of the same "
                              "name, or fragments spread in fragments many times over). Ask for each field once, and "
                              "send a smaller document.")


DATABASE_TIMEOUT_MESSAGE = ("The database did not answer in time (FACTGRAPH_STATEMENT_TIMEOUT_SECONDS): it is busy or "
                            "away. Try again later, or ask for less.")


def for_client(error: GraphQLError) -> GraphQLError:
    """The error as a client may see it."""
    if timed_out(error.original_error):  # logged by process_errors, with its statement; the client is told why
        return GraphQLError(DATABASE_TIMEOUT_MESSAGE, nodes=error.nodes, source=error.source, positions=error.positions,
                            path=error.path, extensions={"code": "DATABASE_TIMEOUT"})
    if is_unexpected(error):
        return _client_error(error)
    if error.message == _VALIDATION_ABORTED and not (error.extensions or {}).get("code"):
        return GraphQLError(VALIDATION_ABORTED_MESSAGE, nodes=error.nodes, source=error.source, positions=error.positions,
                            path=error.path, extensions={"code": "VALIDATION_ABORTED"})
    hint = _limit_hint(error)
    if hint is None:
        return error
    code, text = hint
    return GraphQLError(error.message.rstrip(".") + text, nodes=error.nodes, source=error.source,
                        positions=error.positions, path=error.path, extensions={"code": code})


# graphql-core's suggestions, at the end of a validation or coercion message: " Did you mean 'claims'?",
# " Did you mean 'a', 'b', or 'c'?". They name fields, types and values of the schema.
_SUGGESTION = re.compile(r" Did you mean [^?]*\?")


def without_suggestion(error: GraphQLError) -> GraphQLError:
    message = _SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    return GraphQLError(message, nodes=error.nodes, source=error.source, positions=error.positions, path=error.path,
                        extensions=error.extensions)


def _cleaned(result: ExecutionResult, *, suggestions: bool = True) -> ExecutionResult:
    if result.errors:
        result.errors = [for_client(error) for error in result.errors]
        if not suggestions:
            result.errors = [without_suggestion(error) for error in result.errors]
    return result


__all__ = ["INTERNAL_ERROR_CODE", "FactgraphSchema", "for_client", "is_unexpected"]
