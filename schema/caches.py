"""Parsing and validation done once per query text, not once per request: front-ends send the same few texts
again and again. Both caches are bounded, so that a stream of distinct texts cannot grow memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

from graphql import GraphQLError, GraphQLSchema, validate
from graphql.language import DocumentNode
from graphql.validation import ASTValidationRule
from strawberry.extensions import ParserCache, SchemaExtension

QUERY_CACHE_SIZE = 256


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def _validate(schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]) -> list[GraphQLError]:
    return validate(schema, document, rules)


class ValidationCache(SchemaExtension):
    """Strawberry's ValidationCache, except that it leaves alone a document an earlier extension has refused
    already (schema/limits.py QueryLimiter, before validation): Strawberry's sets the cached errors over it.
    The document is the one ParserCache keeps for the text, and the rules are the same classes for every
    request (limits.limit_extensions makes them once), so the second request of a text finds its validation."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors is None and context.graphql_document is not None:
            context.pre_execution_errors = _validate(context.schema._schema, context.graphql_document,
                                                     tuple(context.validation_rules))
        yield


def cache_extensions() -> list[Callable[[], SchemaExtension]]:
    """After the limits: they set the parse options the parse cache keys on, and refuse before validation."""
    return [lambda: ParserCache(maxsize=QUERY_CACHE_SIZE), ValidationCache]
