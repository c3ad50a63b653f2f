"""Relay plumbing: the Node interface, opaque global ids and cursors, connections and their paging rules."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from ..db.queries import Page

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
    id: strawberry.ID


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


def parse_cursor(value: str | None) -> int | None:
    if value is None:
        return None
    decoded = _decoded(value)
    if decoded is not None and decoded[0] == "cursor":
        return decoded[1]
    raise GraphQLError(f"{value!r} is not a valid cursor: pass the `endCursor` of the previous page as `after`.")


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE
    if first < 0:
        raise GraphQLError(f"`first` must be 0 or more, got {first}.")
    if first > MAX_PAGE:
        raise GraphQLError(f"`first` is {first}, more than the maximum of {MAX_PAGE}: ask for at most {MAX_PAGE} and page with `after`.")
    return first


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int

    @strawberry.field(description="The nodes of `edges`, for when cursors are not needed.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


async def connection(page: Page[R], to_node: Callable[[R], T | Awaitable[T]], *, after: int | None) -> Connection[T]:
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
            has_previous_page=after is not None,
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
