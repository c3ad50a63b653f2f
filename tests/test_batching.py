"""No N+1: the number of SQL statements a query costs does not grow with page size or nesting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event

from factgraph.api import Settings, create_app
from factgraph.extract import Extractor

from .conftest import gql, ingest, seed_text

pytestmark = pytest.mark.anyio

NESTED = """query($n: Int) { companies(first: $n) { edges { node { name aliases
  claims(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { node { text confidence
    attribution { status source { name kind } cue { text } } responses { id attribution { status } }
    concerns { id } document { id title } } } } } } }
  people(first: $n) { edges { node { name roles { title organization { name } evidence { id } } claims(first: 2) { totalCount } } } }
  vehicles(first: $n) { edges { node { name maker { name } prices { amount claim { id } } evidence { id } } } }
  deals(first: $n) { edges { node { kind parties { name } history { status claim { id } } evidence { id } } } }
  documents(first: $n) { edges { node { title claims(first: 5) { edges { node { id } } } } } } }"""


@pytest.fixture
async def counted(settings: Settings, extractor: Extractor) -> AsyncIterator[tuple[httpx.AsyncClient, list[str]]]:
    app = create_app(settings, extractor=extractor)
    statements: list[str] = []
    async with app.router.lifespan_context(app):
        event.listen(app.state.database.engine, "before_cursor_execute",
                     lambda *args: statements.append(args[2]))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client, statements


async def cost(client: httpx.AsyncClient, statements: list[str], query: str, variables: dict[str, Any]) -> int:
    statements.clear()
    await gql(client, query, variables)
    return len(statements)


async def test_statements_do_not_grow_with_page_size(counted: tuple[httpx.AsyncClient, list[str]]) -> None:
    client, statements = counted
    await ingest(client, seed_text(), publishedAt="2025-04-24")
    for buyer, target in [("Korvan Motors Corp", "Tessel Inc"), ("Avila Group", "Brandt AG"), ("Omnia Holdings", "Pell Corp")]:
        await ingest(client, f"{buyer} said it agreed to buy {target} for 40 dlrs a share. {target} declined to comment.\n")
    small = await cost(client, statements, NESTED, {"n": 1})
    large = await cost(client, statements, NESTED, {"n": 50})
    # Fewer is fine: DataLoaders batch what resolves in the same tick, and more nodes share more ticks.
    assert large <= small, f"{small} statements for one node of each list, {large} for fifty"


async def test_entity_claims_page_to_the_end(counted: tuple[httpx.AsyncClient, list[str]]) -> None:
    client, _ = counted
    await ingest(client, seed_text(), publishedAt="2025-04-24")
    companies = (await gql(client, "{ companies(first: 100) { edges { node { id name } } } }"))["companies"]["edges"]
    leapmotor = next(e["node"] for e in companies if e["node"]["name"] == "Leapmotor")
    query = """query($id: ID!, $after: String) { node(id: $id) { ... on Company {
      claims(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }"""
    seen, after, total = [], None, None
    while True:
        page = (await gql(client, query, {"id": leapmotor["id"], "after": after}))["node"]["claims"]
        total = page["totalCount"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    filtered = (await gql(client, "query($id: ID!) { claims(first: 100, filter: {mentions: $id}) { edges { node { id } } } }",
                          {"id": leapmotor["id"]}))["claims"]["edges"]
    assert len(seen) == len(set(seen)) == total
    assert seen == [e["node"]["id"] for e in filtered]
    assert total > 10
