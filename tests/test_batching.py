"""No N+1: the number of SQL statements a query costs does not grow with page size or nesting."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest


from .conftest import ROOT, SEEDS, gql, ingest, seed_text

pytestmark = pytest.mark.anyio

NESTED = """query($n: Int) { companies(first: $n) { edges { node { name aliases
  claims(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { node { text confidence
    attribution { status source { name kind } cue { text } } responses { id attribution { status } }
    concerns { id } document { id title } } } } } } }
  people(first: $n) { edges { node { name roles { title organization { name } evidence { id } } claims(first: 2) { totalCount } } } }
  vehicles(first: $n) { edges { node { name maker { name } prices { amount claim { id } } evidence { id } } } }
  deals(first: $n) { edges { node { kind parties { name } history { status claim { id } } evidence { id } } } }
  documents(first: $n) { edges { node { title claims(first: 5) { edges { node { id } } } } } } }"""


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


ARTICLES = ROOT / "tests" / "articles"
# One deal five ways (tests/test_across_documents.py): stakes that disagree, corroboration, contradiction, a
# denial. Stored first, so that the first three claims already reach every nested field below.
HALVORSEN = [("halvorsen-kestrel-reuters", "Reuters", "2026-03-10"), ("halvorsen-kestrel-ap", "AP", "2026-03-11"),
             ("halvorsen-kestrel-bloomberg", "Bloomberg", "2026-03-11"), ("halvorsen-kestrel-denial", "NTB", "2026-03-12")]
CLAIM_FIELDS = """id text confidence
  confidenceExplanation { value factors { name multiply add } }
  mentions { entity { name } span { start end text } basis }
  entities { name }
  reviews { rating reviewer claim { id } }
  attribution { status source { name reliability { value default override { note } } } }
  deals { kind status
    stakes { amount origins claims { id } } values { amount currency claims { id } }
    participants { company { name } basis } parties { name }
    history { status date claim { id } } evidence { id } }"""
CLAIMS_NESTED = f"""query($n: Int) {{ claims(first: $n) {{ totalCount edges {{ node {{ {CLAIM_FIELDS}
  corroboratedBy {{ {CLAIM_FIELDS} contradictedBy {{ id entities {{ name }} }} }}
  contradictedBy {{ {CLAIM_FIELDS} corroboratedBy {{ id mentions {{ entity {{ name }} }} }} }} }} }} }} }}"""
REVIEW = """mutation($input: ReviewClaimInput!) { reviewClaim(input: $input) { review { id } } }"""
OVERRIDE = """mutation($input: SetReliabilityInput!) { setReliability(input: $input) { rescoredClaims } }"""


async def test_claim_fields_do_not_grow_with_page_size(counted: tuple[httpx.AsyncClient, list[str]]) -> None:
    client, statements = counted
    for name, publisher, published in HALVORSEN:
        await ingest(client, (ARTICLES / f"{name}.txt").read_text(encoding="utf-8"), publisher=publisher, publishedAt=published)
    for path in sorted(SEEDS.glob("*.txt"))[:6]:
        meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
        await ingest(client, path.read_text(encoding="utf-8"), publisher=meta.get("publisher"), publishedAt=meta.get("published"))
    first = (await gql(client, "{ claims(first: 30) { edges { node { id attribution { source { id } } } } } }"))["claims"]["edges"]
    for edge in first[:2] + first[20:22]:
        await gql(client, REVIEW, {"input": {"claimId": edge["node"]["id"], "rating": "MOSTLY_TRUE", "reviewer": "Jane Doe"}})
    source = next(e["node"]["attribution"]["source"]["id"] for e in first if e["node"]["attribution"]["source"])
    await gql(client, OVERRIDE, {"input": {"sourceId": source, "reliability": 0.7, "note": "A check.", "setBy": "Jane Doe"}})

    small_data = await gql(client, CLAIMS_NESTED, {"n": 3})
    small = await cost(client, statements, CLAIMS_NESTED, {"n": 3})
    large_data = await gql(client, CLAIMS_NESTED, {"n": 30})
    large = await cost(client, statements, CLAIMS_NESTED, {"n": 30})
    # The three claims already reach every field, so the large page may not need a single statement more.
    # Fewer is fine, as above: which fields resolve in the same tick depends on the data each claim has.
    nodes = [e["node"] for e in small_data["claims"]["edges"]]
    linked = [c for n in nodes for c in n["corroboratedBy"] + n["contradictedBy"]]
    everything = nodes + linked
    assert all(any(c[field] for c in everything) for field in ("mentions", "entities", "reviews", "deals")), nodes
    assert any(c["attribution"]["source"] and c["attribution"]["source"]["reliability"]["override"] for c in everything)
    deals = [d for c in everything for d in c["deals"]]
    assert all(any(d[field] for d in deals) for field in ("stakes", "participants", "history", "evidence"))
    assert any(n["corroboratedBy"] for n in nodes) and any(n["contradictedBy"] for n in nodes)
    assert len(large_data["claims"]["edges"]) == 30
    assert large <= small, f"{small} statements for 3 claims, {large} for 30"


@pytest.mark.parametrize("field", ["claims", "documents", "companies", "people", "deals", "sources"])
async def test_lists_count_only_when_asked(counted: tuple[httpx.AsyncClient, list[str]], field: str) -> None:
    """The exact count reads every matching row: a list that does not select totalCount does not pay for it,
    and one that selects it, directly or through a fragment, gets the true count."""
    client, statements = counted
    await ingest(client, seed_text(), publishedAt="2025-04-24")
    everything = await gql(client, f"{{ {field}(first: 100) {{ __typename edges {{ node {{ id }} }} }} }}")
    connection, total = everything[field]["__typename"], len(everything[field]["edges"])
    assert 1 <= total < 100

    def counts() -> int:
        return sum("count(" in statement.lower() for statement in statements)

    await cost(client, statements, f"{{ {field}(first: 1) {{ edges {{ node {{ id }} }} }} }}", {})
    assert counts() == 0
    for asked in (f"{{ {field}(first: 1) {{ totalCount }} }}",
                  f"{{ {field}(first: 1) {{ edges {{ cursor }} ... {{ totalCount }} }} }}",
                  f"{{ {field}(first: 1) {{ ...total }} }} fragment total on {connection} {{ totalCount }}"):
        statements.clear()
        assert (await gql(client, asked))[field]["totalCount"] == total, asked
        assert counts() == 1, asked
