"""A faster path through graphql-core for the fields that only read an attribute.

graphql-core executes every field the same way: a path, a resolve-info tuple, the resolver, then the value's
completion by type. For a leaf that Strawberry resolves by reading the attribute of the same name (a "basic"
field: no resolver, no arguments, no permission or field extension) all of that ends in `getattr` and the
type's output coercion, and a page of 50 claims has some 600 such fields. This execution context reads and
coerces them directly. Anything else, and any value that is null or does not coerce, goes graphql-core's own
way, so errors, paths and null handling stay exactly its own (tests/test_execution.py).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    Undefined,
    is_leaf_type,
)
from graphql.execution.executor import gather_with_cancel
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

Coerce = Callable[[Any], Any]
Leaf = tuple[str, Coerce]


def basic_leaf(field: GraphQLField) -> Leaf | None:
    """(attribute, coercion) when the field only reads an attribute into a scalar or enum, else None."""
    if not getattr(field.resolve, "_is_default", False) or field.args:
        return None
    definition = field.extensions.get("strawberry-definition")
    if definition is None or not definition.is_basic_field:
        return None
    leaf = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    if not is_leaf_type(leaf):
        return None
    if isinstance(leaf, GraphQLEnumType):
        # Strawberry's enum coercion compares the value with each member in turn; a table does it at once.
        names = {value.value: name for name, value in leaf.values.items()}

        def coerce(member: Any) -> Any:
            return names.get(member.value if isinstance(member, enum.Enum) else member)

        return definition.python_name, coerce
    return definition.python_name, leaf.coerce_output_value  # type: ignore[union-attr]


# Where a field keeps its (attribute, coercion), or None: on the field itself, so that it dies with its schema.
# A table keyed by id(field) would outlive the schemas a process builds and drops (the tests build many), and a
# new field at a freed field's address would be read as the old one: an object field answered with a string.
LEAF_KEY = "factgraph-basic-leaf"


class ExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def _fast_value(self, parent_type: GraphQLObjectType, source: Any, field_details_list: Any) -> Any:
        node = field_details_list[0].node
        if node.arguments:
            return Undefined
        field = parent_type.fields.get(node.name.value)
        if field is None:
            return Undefined
        extensions = field.extensions
        try:
            leaf = extensions[LEAF_KEY]
        except KeyError:
            leaf = extensions[LEAF_KEY] = basic_leaf(field)
        if leaf is None:
            return Undefined
        value = getattr(source, leaf[0], None)
        if value is None:
            return Undefined  # graphql-core decides between null and a non-null error
        try:
            coerced = leaf[1](value)
        except Exception:  # noqa: BLE001  graphql-core's own path below turns it into a field error
            return Undefined
        return Undefined if coerced is None else coerced

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any, path: Path | None,
                       grouped_field_set: Any, position_context: Any) -> Any:
        # Strawberry always passes a middleware manager; it holds the extensions that wrap every resolver.
        if self.middleware_manager and self.middleware_manager.middlewares:
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for response_name, field_details_list in grouped_field_set.items():
                value = self._fast_value(parent_type, source_value, field_details_list)
                if value is not Undefined:
                    results[response_name] = value
                    continue
                result = self.execute_field(parent_type, source_value, field_details_list,
                                            Path(path, response_name, parent_type.name), position_context)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            if len(awaitable_fields) == 1:  # one field needs no task of its own
                results[awaitable_fields[0]] = await results[awaitable_fields[0]]
            else:
                awaited = await gather_with_cancel(*(results[field] for field in awaitable_fields))
                results.update(zip(awaitable_fields, awaited, strict=True))
            return results

        return get_results()
