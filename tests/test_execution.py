"""The fast path for attribute-reading leaves (schema/execution.py) changes nothing a client can see: the same
queries give the same data and the same errors, at the same paths, as graphql-core's own execution."""

from __future__ import annotations

import gc
import json
from typing import Any

import httpx
import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from factgraph.api import Settings
from factgraph.schema import Context, build_schema
from factgraph.schema.execution import ExecutionContext

from .conftest import gql, ingest, seed_text

pytestmark = pytest.mark.anyio

# Each query exercises something the fast path must leave as graphql-core has it.
QUERIES = [
    # leaves of every kind: ID, String, Float, Boolean, enums, a nullable field that is null (url), dates
    """{ claims(first: 30) { totalCount edges { cursor node { id text confidence hedged origin extractorVersion
         span { start end text } attribution { status source { name kind } cue { start end text } }
         document { id title publisher url publishedAt } } } } }""",
    # aliases, the same field twice, __typename, fragments on an interface, @include and @skip
    """query($yes: Boolean = true, $no: Boolean = false) { a: claims(first: 3) { edges { node { __typename t1: text
         t2: text ... on Claim { conf: confidence } ...Bits status: attribution @include(if: $yes) { status }
         gone: attribution @skip(if: $yes) { status } never: hedged @include(if: $no) } } } }
       fragment Bits on Node { id }""",
    # resolvers beside basic fields, lists of objects, abstract types
    """{ deals(first: 5) { edges { node { id kind status stakePercent confidence parties { name aliases }
         evidence { id text responses { text attribution { status } } } history { status date precision } } } }
       companies(first: 5) { edges { node { name aliases claims(first: 2) { edges { node { text } } } } } } }""",
    # errors: a bad id beside good fields; a bad cursor, whose error nulls the whole answer (claims is non-null)
    """{ node(id: "bm90IGFuIGlk") { id } documents(first: 1) { totalCount edges { node { title } } } }""",
    """{ claims(first: 2, after: "nope") { totalCount } documents(first: 1) { totalCount } }""",
]


def _context(client: httpx.AsyncClient) -> Context:
    state = client._transport.app.state  # type: ignore[attr-defined]
    return Context(database=state.database, ingest=state.ingestor, write_refusal="read only", live=state.live,
                   in_flight=state.reads_in_flight)


def _answer(result: Any) -> str:
    errors = [{"message": e.message, "path": e.path} for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors}, sort_keys=True, default=str)


async def test_fast_leaves_answer_as_graphql_core_does(client: httpx.AsyncClient) -> None:
    await ingest(client, seed_text(), publisher="Reuters", publishedAt="2025-04-24")
    await ingest(client, seed_text("moriya-sakai-stake"), publisher="Nikkei")
    assert (await gql(client, "{ claims { totalCount } }"))["claims"]["totalCount"] > 30
    limits = Settings().query_limits()
    fast, plain = build_schema(limits), build_schema(limits, execution_context_class=StrawberryGraphQLCoreExecutionContext)
    for query in QUERIES:
        ours = await fast.execute(query, context_value=_context(client))
        theirs = await plain.execute(query, context_value=_context(client))
        assert _answer(ours) == _answer(theirs), query
        assert ours.data or ours.errors, query


@strawberry.type
class Odd:
    @strawberry.field
    def label(self) -> str:  # a resolver: never on the fast path
        return "odd"

    required: str
    count: int
    optional: str | None


@strawberry.type
class OddQuery:
    @strawberry.field
    def odds(self) -> list[Odd | None]:  # nullable items: one bad item does not null the list
        # A required field that is null, and a number that is not one: both are field errors, with their paths.
        return [Odd(required="fine", count=1, optional=None),
                Odd(required=None, count=2, optional="x"),  # type: ignore[arg-type]
                Odd(required="fine", count="three", optional="y")]  # type: ignore[arg-type]


async def test_null_and_uncoercible_leaves_are_graphql_cores_errors() -> None:
    query = "{ odds { label required count optional } }"
    ours = await strawberry.Schema(query=OddQuery, execution_context_class=ExecutionContext).execute(query)
    theirs = await strawberry.Schema(query=OddQuery).execute(query)
    assert _answer(ours) == _answer(theirs)
    assert sorted(tuple(e.path) for e in ours.errors or []) == [("odds", 1, "required"), ("odds", 2, "count")]


def _schema_with(order: str) -> strawberry.Schema:
    """A fresh schema whose `Outer` has one object field and one leaf, in the given order: building many and
    dropping each makes new fields land at the addresses of freed ones, object fields where leaves were.
    The types are made from annotation objects, not strings: local classes cannot be found by name."""
    inner = strawberry.type(type("Inner", (), {"__annotations__": {"name": str}}))
    fields = {"inner": inner, "text": str}
    outer = strawberry.type(type("Outer", (), {"__annotations__": {name: fields[name] for name in order.split()}}))
    resolve = strawberry.field(resolver=lambda: outer(inner=inner(name="n"), text="t"), graphql_type=outer)
    return strawberry.Schema(query=strawberry.type(type("Query", (), {"outer": resolve})),
                             execution_context_class=ExecutionContext)


async def test_what_a_field_is_never_outlives_its_schema() -> None:
    # Seen in CI: a field of a dropped schema had been known as a leaf, and a new schema's object field at the
    # same address was then answered with a string ('attribution' as a claim's text). 35 of 300 failed so.
    for round in range(300):
        schema = _schema_with("inner text" if round % 2 else "text inner")
        result = await schema.execute("{ outer { inner { name } text } }")
        assert result.errors is None and result.data == {"outer": {"inner": {"name": "n"}, "text": "t"}}, round
        del schema, result
        gc.collect()
