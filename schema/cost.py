"""What a query asks for, measured before it runs: the fields it expands to and the nodes it may return.

The node count follows GitHub's node limit. A connection (a field with `first` returning a `...Connection`)
may return `first` nodes, `DEFAULT_PAGE` when it is not given; a list of objects that is not paged (a
claim's `responses`, a deal's `parties`) counts as `LIST_ESTIMATE`. Each multiplies what is nested inside
it, and the count is the sum over every connection and list:

    documents(first: 10) { edges { node { claims(first: 50) { edges { node { responses { id } } } } } } }
    = 10 + 10 x 50 + 10 x 50 x LIST_ESTIMATE = 3,010

The expanded size is the number of fields once every fragment is spread in place. A document of a few
hundred characters can expand to billions of fields by spreading a fragment twice, which spreads another
twice, and so on; Strawberry's depth and alias limiters walk that expansion, so this is measured first, in
time linear in the document (each fragment is measured once), and stops them from ever seeing such a one.

Introspection (`__schema`, `__type`, `__typename`) is not counted: it is bounded by the schema, and
graphql-core's MaxIntrospectionDepthRule limits its nesting. The measures work on any document, valid or
not (unknown fields and fragments count as leaves), since validation has not run yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graphql import (DocumentNode, FieldNode, FragmentDefinitionNode, FragmentSpreadNode, GraphQLInterfaceType,
                     GraphQLList, GraphQLNamedType, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLType,
                     InlineFragmentNode, IntValueNode, OperationDefinitionNode, SelectionSetNode, VariableNode)

from .relay import DEFAULT_PAGE, MAX_PAGE

# What an unpaged list of objects is taken to hold. Such lists are short in factgraph's data (a claim's
# responses and corroborations, a deal's parties and stakes: one to three each), and 5 leaves room. More
# would make lists nested four deep (claims, their corroborations, their deals, the stakes, their claims:
# what tests/test_batching.py asks of 30 claims) cost more than any connection.
LIST_ESTIMATE = 5


@dataclass(frozen=True, slots=True)
class Measure:
    fields: int  # fields once fragments are spread in place
    nodes: int  # nodes the selection may return, with its enclosing multiplier taken as 1

    def __add__(self, other: Measure) -> Measure:
        return Measure(self.fields + other.fields, self.nodes + other.nodes)


NOTHING = Measure(0, 0)


class _Walker:
    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: Mapping[str, object] | None,
                 max_nesting: int) -> None:
        self.schema = schema
        self.variables = variables or {}
        self.max_nesting = max_nesting
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.measured: dict[str, Measure] = {}
        self.defaults: dict[str, object] = {}

    def measure_fragments(self) -> None:
        """Measures every fragment after the fragments it spreads, so that each is walked once. The order comes
        from an explicit stack: a chain of a thousand fragments must not exhaust Python's recursion."""
        state: dict[str, str] = {}  # "open" while its dependencies are being measured, then "done"
        for root in self.fragments:
            stack = [root]
            while stack:
                name = stack[-1]
                if state.get(name) == "done":
                    stack.pop()
                    continue
                if state.get(name) is None:
                    state[name] = "open"
                    waiting = [s.name.value for s in spreads(self.fragments[name].selection_set)
                               if s.name.value in self.fragments and state.get(s.name.value) is None]
                    if waiting:
                        stack.extend(waiting)
                        continue
                # Dependencies are done, or open (a cycle, which validation reports): measure it now; an open
                # one counts as nothing.
                fragment = self.fragments[name]
                self.measured[name] = self.selections(fragment.selection_set, self.type_named(fragment.type_condition.name.value), 0)
                state[name] = "done"
                stack.pop()

    def type_named(self, name: str) -> GraphQLNamedType | None:
        return self.schema.get_type(name)

    def selections(self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None, nesting: int) -> Measure:
        if selection_set is None or nesting > self.max_nesting:  # deeper than this is refused by the depth limit
            return NOTHING
        total = NOTHING
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, nesting)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.type_named(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, inner, nesting)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.measured.get(selection.name.value, NOTHING)
        return total

    def field(self, node: FieldNode, parent: GraphQLNamedType | None, nesting: int) -> Measure:
        name = node.name.value
        if name.startswith("__"):
            return Measure(1, 0)
        definition = parent.fields.get(name) if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)) else None
        if definition is None or node.selection_set is None:
            return Measure(1, 0)
        inner_type, is_list = _unwrap(definition.type)
        if "first" in definition.args and inner_type.name.endswith("Connection"):
            multiplier = self.first(node)
        elif is_list and parent is not None and parent.name.endswith("Connection"):
            multiplier = 0  # a connection's `edges` and `nodes`: its `first` counted them already
        elif is_list:
            multiplier = LIST_ESTIMATE
        else:
            multiplier = 0  # a single object: nothing to count, nothing to multiply
        inner = self.selections(node.selection_set, inner_type, nesting + 1)
        if multiplier == 0:
            return Measure(1 + inner.fields, inner.nodes)
        return Measure(1 + inner.fields, multiplier + multiplier * inner.nodes)

    def first(self, node: FieldNode) -> int:
        """The page size the resolver will use (`first`, or `last` when paging back), clamped to what it accepts: an
        out-of-range one is refused by the resolver with its own message, so here it counts as the nearest size it
        could have meant. Both at once are refused too; the larger counts."""
        sizes = [self._size(node, name) for name in ("first", "last")]
        given = [size for size in sizes if size is not None]
        return max(given) if given else DEFAULT_PAGE

    def _size(self, node: FieldNode, name: str) -> int | None:
        value: object = None
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value, self.defaults.get(argument.value.name.value))
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        return max(0, min(value, MAX_PAGE))


def measure(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode,
            variables: Mapping[str, object] | None, *, max_nesting: int) -> Measure:
    """The expanded size and node count of one operation of `document`."""
    walker = _Walker(schema, document, variables, max_nesting)
    for definition in operation.variable_definitions or ():
        if isinstance(definition.default_value, IntValueNode):
            walker.defaults[definition.variable.name.value] = int(definition.default_value.value)
    walker.measure_fragments()
    root = {"query": schema.query_type, "mutation": schema.mutation_type,
            "subscription": schema.subscription_type}.get(operation.operation.value)
    return walker.selections(operation.selection_set, root, 0)


def spreads(selection_set: SelectionSetNode | None) -> list[FragmentSpreadNode]:
    """The fragment spreads anywhere in a selection set (inside its fields and inline fragments too)."""
    found: list[FragmentSpreadNode] = []
    pending = [selection_set] if selection_set else []
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                found.append(selection)
            elif selection.selection_set is not None:  # a field or an inline fragment
                pending.append(selection.selection_set)
    return found


def _unwrap(type_: GraphQLType) -> tuple[GraphQLNamedType, bool]:
    is_list = False
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return type_, is_list  # type: ignore[return-value]
