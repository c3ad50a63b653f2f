"""What one GraphQL request may ask for, and the schema extensions that refuse more before anything runs.

Strawberry's own extensions bound the tokens of a document (MaxTokensLimiter), its depth (QueryDepthLimiter)
and its aliases (MaxAliasesLimiter). `QueryLimiter` here adds what they lack: the nodes a query may return
(GitHub's node limit, schema/cost.py), and a bound on how far fragments expand, checked before validation
because the depth and alias limiters walk that expansion and would take exponential time on a fragment
spread twice in a fragment spread twice... It also makes empty selection sets (`{ claims { } }`) the syntax
error the GraphQL specification has them be, and reports a spread of an unknown fragment: the depth limiter
fails on either (max() of nothing, a KeyError).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graphql import DocumentNode, FragmentDefinitionNode, GraphQLError, OperationDefinitionNode, OperationType
from graphql.validation import NoSchemaIntrospectionCustomRule
from graphql.utilities import get_operation_ast
from strawberry.extensions import AddValidationRules, MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter, SchemaExtension

from .cost import LIST_ESTIMATE, measure, spreads
from .relay import DEFAULT_PAGE


@dataclass(frozen=True, slots=True)
class QueryLimits:
    """The settings FACTGRAPH_MAX_QUERY_* and FACTGRAPH_MAX_BATCH_OPERATIONS (api/settings.py has the defaults)."""

    max_depth: int
    max_aliases: int
    max_tokens: int
    max_fields: int  # fields once fragments are spread in place
    max_nodes: int
    max_batch_operations: int
    query_cache_bytes: int = 32_000_000  # what parsed and validated documents kept for reuse may hold (schema/caches.py)
    introspection: bool = True  # `__schema` and `__type` answered (FACTGRAPH_INTROSPECTION)
    suggestions: bool = True  # "Did you mean ...?" in error messages (FACTGRAPH_SUGGESTIONS)


class QueryTooLarge(GraphQLError):
    """A document over one of the limits; its message names the measure, the limit and how to stay under it."""

    def __init__(self, message: str, code: str, **extensions: object) -> None:
        super().__init__(message, extensions={"code": code, **extensions})


class QueryLimiter(SchemaExtension):
    def __init__(self, limits: QueryLimits) -> None:
        self.limits = limits

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["allow_empty_selection_sets"] = False
        yield

    def on_validate(self) -> Iterator[None]:
        # Before validation: an error set here stops Strawberry from running the validation rules at all.
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            refusal = unknown_fragment(document) or self._over_a_limit(document)
            if refusal is not None:
                context.pre_execution_errors = [refusal]
        yield

    def _over_a_limit(self, document: DocumentNode) -> QueryTooLarge | None:
        operation = get_operation_ast(document, self.execution_context.operation_name)
        # No operation chosen (several, none named): execution will say so; each is measured meanwhile.
        operations = [operation] if operation else [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        lift = getattr(self.execution_context.context, "lift_deadline", None)
        if lift is not None and operation is not None and operation.operation == OperationType.MUTATION:
            lift()
        nodes = 0
        for each in operations:
            refusal, nodes = self._refusal(each, self.execution_context.variables)
            if refusal is not None:
                return refusal
        # The operation that runs is charged to the client's rate budget, before it runs (api/rate_limit.py).
        return self._charged(nodes) if operation is not None else None

    def _charged(self, nodes: int) -> QueryTooLarge | None:
        budget = getattr(self.execution_context.context, "budget", None)
        refusal = budget.charge(nodes) if budget is not None else None
        return QueryTooLarge(refusal.message, "RATE_LIMITED", retryAfter=refusal.retry_after) if refusal else None

    def _refusal(self, operation: OperationDefinitionNode,
                 variables: dict[str, object] | None) -> tuple[QueryTooLarge | None, int]:
        schema = self.execution_context.schema._schema  # graphql-core's schema, which Strawberry keeps there
        found = measure(schema, self.execution_context.graphql_document,  # type: ignore[arg-type]
                        operation, variables if isinstance(variables, dict) else None, max_nesting=self.limits.max_depth)
        name = f"'{operation.name.value}'" if operation.name else "This operation"
        if found.fields > self.limits.max_fields:
            return QueryTooLarge(
                f"{name} expands to {found.fields:,} fields once its fragments are spread, more than the limit of "
                f"{self.limits.max_fields:,} (FACTGRAPH_MAX_QUERY_FIELDS): spread each fragment where it is needed, "
                "not many times over.", "QUERY_TOO_LARGE", fields=found.fields, limit=self.limits.max_fields), found.nodes
        if found.nodes > self.limits.max_nodes:
            return QueryTooLarge(
                f"{name} may return up to {found.nodes:,} nodes, more than the limit of {self.limits.max_nodes:,} "
                f"(FACTGRAPH_MAX_QUERY_NODES). Each connection counts its `first` ({DEFAULT_PAGE} when not given) and each "
                f"list of objects {LIST_ESTIMATE}, times the connections and lists around it: ask for a smaller `first` on "
                "nested connections, nest fewer lists, or page with `after`.",
                "QUERY_TOO_COSTLY", nodes=found.nodes, limit=self.limits.max_nodes), found.nodes
        return None, found.nodes


def unknown_fragment(document: DocumentNode) -> GraphQLError | None:
    """graphql-core's own error for a spread of a fragment the document does not define, said before the depth
    limiter, which looks the fragment up without checking and fails with a KeyError."""
    defined = {d.name.value for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    for definition in document.definitions:
        if isinstance(definition, (OperationDefinitionNode, FragmentDefinitionNode)):
            for spread in spreads(definition.selection_set):
                if spread.name.value not in defined:
                    return GraphQLError(f"Unknown fragment '{spread.name.value}'.", spread)
    return None


def limit_extensions(limits: QueryLimits) -> list[Callable[[], SchemaExtension]]:
    """Factories (Strawberry makes the extensions anew for each request). QueryLimiter comes first: it sets the
    parse options and refuses fragment bombs before the depth and alias limiters walk them.

    The depth and alias limiters are validation rules, made here once: each QueryDepthLimiter makes a rule
    class of its own, and rules made anew for each request would leave the validation cache nothing to find
    (schema/caches.py)."""
    rules = [*QueryDepthLimiter(max_depth=limits.max_depth).validation_rules,
             *MaxAliasesLimiter(max_alias_count=limits.max_aliases).validation_rules]
    if not limits.introspection:
        rules.append(NoSchemaIntrospectionCustomRule)
    return [
        lambda: QueryLimiter(limits),
        lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
        lambda: AddValidationRules(rules),
    ]
