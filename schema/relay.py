"""Relay plumbing: the Node interface, opaque global ids and cursors, connections and their paging rules."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Annotated, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from ..db.queries import Page, Window

DEFAULT_PAGE = 20
MAX_PAGE = 100
# A primary key as this API writes it: the decimal digits of a positive integer that fits the id columns
# (PostgreSQL's `integer`, 32 bits). int() alone would take "-1", " 7", "1_0", Arabic-Indic digits and
# 2**63, which either name no row or reach the database as a number it refuses ("integer out of range"
# on PostgreSQL, an OverflowError from SQLite past 64 bits).
_PRIMARY_KEY = re.compile(r"[1-9][0-9]{0,9}")
_MAX_KEY = 2**31 - 1

T = TypeVar("T")
R = TypeVar("R")


@strawberry.interface(description="An object with a global id, fetchable with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(description="The object's global id: opaque, for `node(id:)` and filters.")


def global_id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode())


def _decoded(value: str) -> tuple[str, int] | None:
    """("Claim", 12) for base64 of "Claim:12"; None for anything this API would not have written."""
    try:
        prefix, _, pk = base64.urlsafe_b64decode(value.encode()).decode().partition(":")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not _PRIMARY_KEY.fullmatch(pk) or int(pk) > _MAX_KEY:
        return None
    return prefix, int(pk)


def parse_global_id(value: str) -> tuple[str, int]:
    """("Claim", 12) for a Claim's global id; a GraphQL error naming the value for anything else."""
    decoded = _decoded(value)
    if decoded is None:
        raise GraphQLError(f"{value!r} is not a valid id: use the `id` of an object returned by this API.")
    return decoded


def _cursor(pk: int) -> str:
    return base64.urlsafe_b64encode(f"cursor:{pk}".encode()).decode()


def parse_cursor(value: str | None, argument: str = "after") -> int | None:
    if value is None:
        return None
    decoded = _decoded(value)
    if decoded is not None and decoded[0] == "cursor":
        return decoded[1]
    hint = "the `endCursor` of the previous page as `after`" if argument == "after" else \
        "the `startCursor` of the next page as `before`"
    raise GraphQLError(f"{value!r} is not a valid cursor: pass {hint}.")


def page_size(first: int | None, argument: str = "first") -> int:
    if first is None:
        return DEFAULT_PAGE
    if first < 0:
        raise GraphQLError(f"`{argument}` must be 0 or more, got {first}.")
    if first > MAX_PAGE:
        way = "`after`" if argument == "first" else "`before`"
        raise GraphQLError(f"`{argument}` is {first}, more than the maximum of {MAX_PAGE}: ask for at most {MAX_PAGE} and page with {way}.")
    return first


def window(first: int | None = None, after: str | None = None, last: int | None = None,
           before: str | None = None) -> Window:
    """The page a connection's arguments ask for, by GitHub's rules: `first` (default 20) or `last`, not both,
    each 0 to 100; `after` and `before` bound it on either side."""
    if first is not None and last is not None:
        raise GraphQLError("Passing both `first` and `last` to paginate a connection is not supported: ask for the "
                           "`first` rows after a cursor, or the `last` rows before one.")
    after_pk, before_pk = parse_cursor(after, "after"), parse_cursor(before, "before")
    if last is not None:
        return Window(page_size(last, "last"), after_pk, before_pk, from_end=True)
    return Window(page_size(first), after_pk, before_pk)


# The paging arguments every connection takes, described once.
First = Annotated[int | None, strawberry.argument(description=f"The first n rows (after `after`): 0 to {MAX_PAGE}, "
                                                              f"{DEFAULT_PAGE} when neither `first` nor `last` is given.")]
After = Annotated[str | None, strawberry.argument(description="Rows after this cursor (an `endCursor` or an edge's `cursor`).")]
Last = Annotated[int | None, strawberry.argument(description=f"The last n rows (before `before`): 0 to {MAX_PAGE}; not "
                                                             "together with `first`.")]
Before = Annotated[str | None, strawberry.argument(description="Rows before this cursor (a `startCursor` or an edge's `cursor`).")]


@strawberry.type(description="Where a page stands in its connection (Relay's PageInfo).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether rows follow this page: page on with `first` and `after: endCursor`.")
    has_previous_page: bool = strawberry.field(
        description="Whether rows precede this page: page back with `last` and `before: startCursor`.")
    start_cursor: str | None = strawberry.field(description="The cursor of the page's first edge; null when the page is empty.")
    end_cursor: str | None = strawberry.field(description="The cursor of the page's last edge; null when the page is empty.")


@strawberry.type(description="A node of a connection with its cursor.")
class Edge(Generic[T]):
    node: T = strawberry.field(description="The object.")
    cursor: str = strawberry.field(description="Where this edge stands: pass it as `after` or `before`.")


@strawberry.type(description="A page of a list (a Relay connection): `first`/`after` page forward, `last`/`before` back.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's objects with their cursors.")
    page_info: PageInfo = strawberry.field(description="Where the page stands in the list.")
    total_count: int = strawberry.field(description="How many objects the whole list holds (every page, filtered as asked).")

    @strawberry.field(description="The nodes of `edges`, for when cursors are not needed.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


async def connection(page: Page[R], to_node: Callable[[R], T | Awaitable[T]]) -> Connection[T]:
    edges: list[Edge[T]] = []
    for row in page.rows:
        node = to_node(row)
        if isinstance(node, Awaitable):
            node = await node
        edges.append(Edge(node=node, cursor=_cursor(row.id)))  # type: ignore[attr-defined]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        # Not counted only when the selection has no totalCount (asks_total): the 0 is never served.
        total_count=page.total if page.total is not None else 0,
    )


def asks_total(info: Info) -> bool:
    """Whether the connection this resolver returns has `totalCount` in its selection, directly or in a
    fragment: the exact count reads every matching row, so lists that do not show it skip it."""

    def within(selections: Sequence[Selection]) -> bool:
        for selection in selections:
            if isinstance(selection, SelectedField) and selection.name == "totalCount":
                return True
            if isinstance(selection, InlineFragment | FragmentSpread) and within(selection.selections):
                return True
        return False

    return any(within(field.selections) for field in info.selected_fields)


def ids(rows: Sequence[object]) -> list[int]:
    return [row.id for row in rows]  # type: ignore[attr-defined]
