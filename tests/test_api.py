"""The contract through the real app: ingest and auth, idempotence, nodes, paging, filters, spans, errors.
Every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import httpx
import pytest

from .conftest import INGEST, TOKEN, gql, ingest, seed_text

pytestmark = pytest.mark.anyio

CLAIMS = """query($id: ID!, $first: Int, $after: String, $filter: ClaimFilter) { node(id: $id) { ... on Document {
  text claims(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id text confidence span { start end text }
      attribution { status source { name kind } cue { start end text } }
      responses { id } concerns { id } document { id } } } } } } }"""


async def all_claims(client: httpx.AsyncClient, document_id: str, page: int = 100, **filter: object) -> list[dict]:
    claims, after = [], None
    while True:
        data = await gql(client, CLAIMS, {"id": document_id, "first": page, "after": after, "filter": filter or None})
        connection = data["node"]["claims"]
        claims += [edge["node"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return claims
        after = connection["pageInfo"]["endCursor"]


async def test_ingest_needs_the_token(client: httpx.AsyncClient) -> None:
    for token, message in [(None, "needs the API token"), ("wrong", "not valid")]:
        body = await gql(client, INGEST, {"input": {"text": "Acme Corp said it agreed to buy Beta Inc."}},
                         token=token, expect_errors=True)
        assert message in body["errors"][0]["message"]
    data = await gql(client, "{ documents { totalCount } }", token=None)
    assert data["documents"]["totalCount"] == 0  # nothing was stored by the refused calls


async def test_ingest_refused_when_no_token_is_configured(settings, extractor) -> None:
    from dataclasses import replace

    from factgraph.api import create_app

    app = create_app(replace(settings, api_token=None), extractor=extractor)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            body = await gql(client, INGEST, {"input": {"text": "Acme said so."}}, expect_errors=True)
            assert "no FACTGRAPH_API_TOKEN is configured" in body["errors"][0]["message"]


async def test_reingesting_the_same_text_stores_nothing_twice(client: httpx.AsyncClient) -> None:
    first = await ingest(client, seed_text(), publishedAt="2025-04-24")
    count = (await gql(client, "{ claims { totalCount } companies { totalCount } deals { totalCount } }"))
    second = await ingest(client, seed_text(), publishedAt="2025-04-24")
    assert first["created"] is True and second["created"] is False
    assert second["document"]["id"] == first["document"]["id"]
    assert await gql(client, "{ claims { totalCount } companies { totalCount } deals { totalCount } }") == count
    assert (await gql(client, "{ documents { totalCount } }"))["documents"]["totalCount"] == 1


async def test_every_span_is_the_document_text(client: httpx.AsyncClient) -> None:
    document = (await ingest(client, seed_text(), publishedAt="2025-04-24"))["document"]
    text = document["text"]
    claims = await all_claims(client, document["id"])
    assert len(claims) > 10
    for before, claim in zip([None, *claims], claims):
        span = claim["span"]
        assert span["text"] == text[span["start"]:span["end"]] == claim["text"]
        cue = claim["attribution"]["cue"]
        if cue:
            assert cue["text"] == text[cue["start"]:cue["end"]]
            # a claim's cue is in it, or is the cue of the claim before it that it goes on from ('"A," X said. "B."')
            assert span["start"] <= cue["start"] <= cue["end"] <= span["end"] or (
                before is not None and before["attribution"]["cue"] == cue)
    starts = [c["span"]["start"] for c in claims]
    assert starts == sorted(starts), "claims come in reading order"
    assert not any("Reporting by" in c["text"] for c in claims), "credits are not claims"


async def test_paging_reaches_the_end_without_repeats(client: httpx.AsyncClient) -> None:
    document = (await ingest(client, seed_text(), publishedAt="2025-04-24"))["document"]
    everything = await all_claims(client, document["id"], page=100)
    paged = await all_claims(client, document["id"], page=3)
    assert [c["id"] for c in paged] == [c["id"] for c in everything]
    assert len({c["id"] for c in paged}) == len(paged)
    data = await gql(client, "{ claims { totalCount edges { node { id } } pageInfo { hasNextPage } } }")
    assert len(data["claims"]["edges"]) == 20 and data["claims"]["pageInfo"]["hasNextPage"]
    assert data["claims"]["totalCount"] == len(everything)


async def test_first_is_capped_at_100(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ claims(first: 101) { totalCount } }", expect_errors=True)
    assert "maximum of 100" in body["errors"][0]["message"]
    assert (await gql(client, "{ claims(first: 100) { totalCount } }"))["claims"]["totalCount"] == 0
    body = await gql(client, '{ claims(after: "not-a-cursor") { totalCount } }', expect_errors=True)
    assert "not a valid cursor" in body["errors"][0]["message"]


NODE = """query($id: ID!) { node(id: $id) { id __typename } }"""
LISTS = """{ documents(first: 1) { edges { node { id } } } claims(first: 1) { edges { node { id } } }
  companies(first: 1) { edges { node { id } } } people(first: 1) { edges { node { id } } }
  vehicles(first: 1) { edges { node { id } } } deals(first: 1) { edges { node { id } } } }"""


async def test_node_round_trips_every_type(client: httpx.AsyncClient) -> None:
    await ingest(client, seed_text(), publishedAt="2025-04-24")
    data = await gql(client, LISTS)
    expected = {"documents": "Document", "claims": "Claim", "companies": "Company", "people": "Person",
                "vehicles": "Vehicle", "deals": "Deal"}
    for field, type_name in expected.items():
        node_id = data[field]["edges"][0]["node"]["id"]
        assert (await gql(client, NODE, {"id": node_id}))["node"] == {"id": node_id, "__typename": type_name}
    assert (await gql(client, NODE, {"id": "Q2xhaW06OTk5OTk="}))["node"] is None  # Claim:99999
    body = await gql(client, NODE, {"id": "garbage!"}, expect_errors=True)
    assert "not a valid id" in body["errors"][0]["message"]


async def test_claim_filters(client: httpx.AsyncClient) -> None:
    document = (await ingest(client, seed_text(), publishedAt="2025-04-24"))["document"]
    other = (await ingest(client, "Acme Corp said on Monday it had agreed to buy Beta Inc for 12 mln dlrs.\n"))["document"]
    everything = await all_claims(client, document["id"])

    query = "query($f: ClaimFilter) { claims(first: 100, filter: $f) { totalCount edges { node { id confidence attribution { status } document { id } } } } }"

    async def filtered(**f: object) -> list[dict]:
        return [e["node"] for e in (await gql(client, query, {"f": f}))["claims"]["edges"]]

    anonymous = await filtered(status=["ANONYMOUS_SOURCE"])
    assert anonymous and {c["attribution"]["status"] for c in anonymous} == {"ANONYMOUS_SOURCE"}
    either = await filtered(status=["NO_RESPONSE", "DECLINED_TO_COMMENT"])
    assert {c["attribution"]["status"] for c in either} == {"NO_RESPONSE", "DECLINED_TO_COMMENT"}
    confident = await filtered(minConfidence=0.85)
    assert confident and all(c["confidence"] >= 0.85 for c in confident)
    assert len(confident) < len(everything) + 1
    only_other = await filtered(documentId=other["id"])
    assert only_other and {c["document"]["id"] for c in only_other} == {other["id"]}

    companies = (await gql(client, "{ companies(first: 100) { edges { node { id name } } } }"))["companies"]["edges"]
    ferrari = next(e["node"] for e in companies if e["node"]["name"] == "Ferrari")
    about_ferrari = await filtered(mentions=ferrari["id"])
    texts = {c["id"] for c in about_ferrari}
    assert about_ferrari and all(c["id"] in {x["id"] for x in everything} for c in about_ferrari)
    ferrari_texts = [c for c in everything if c["id"] in texts]
    assert all("Ferrari" in c["text"] or "two automakers" in c["text"] or "Chinese company" in c["text"] for c in ferrari_texts)

    deals = (await gql(client, "{ deals { edges { node { id evidence { id } } } } }"))["deals"]["edges"]
    deal = deals[0]["node"]
    assert {c["id"] for c in await filtered(mentions=deal["id"])} == {c["id"] for c in deal["evidence"]}
    assert {c["id"] for c in await filtered(mentions=document["id"])} == {c["id"] for c in everything}
    speaker = (await gql(client, "query($id: ID!) { node(id: $id) { ... on Claim { attribution { source { id name } } } } }",
                         {"id": anonymous[0]["id"]}))["node"]["attribution"]["source"]
    said = await filtered(mentions=speaker["id"])
    assert {c["id"] for c in anonymous if c in said} and all(c["attribution"]["status"] == "ANONYMOUS_SOURCE" for c in said)
    body = await gql(client, query, {"f": {"mentions": document["id"].replace("=", "") + "x"}}, expect_errors=True)
    assert body["errors"][0]["message"]
    claim_id = everything[0]["id"]
    body = await gql(client, query, {"f": {"mentions": claim_id}}, expect_errors=True)
    assert "Company, Person, Vehicle, Deal, Source or Document" in body["errors"][0]["message"]


async def test_responses_link_both_ways(client: httpx.AsyncClient) -> None:
    document = (await ingest(client, seed_text(), publishedAt="2025-04-24"))["document"]
    claims = {c["id"]: c for c in await all_claims(client, document["id"])}
    responses = [c for c in claims.values() if c["attribution"]["status"] in {"NO_RESPONSE", "DECLINED_TO_COMMENT", "DENIED"}]
    assert responses
    for response in responses:
        assert response["attribution"]["source"] is not None
        assert response["concerns"]
        for concerned in response["concerns"]:
            assert {"id": response["id"]} in claims[concerned["id"]]["responses"]


async def test_a_claim_leads_to_its_entities_and_deals(client: httpx.AsyncClient) -> None:
    await ingest(client, seed_text())
    data = await gql(client, """{ deals(first: 100) { edges { node { id evidence { id } } } } }""")
    deal = data["deals"]["edges"][0]["node"]
    claim_id = deal["evidence"][0]["id"]
    found = await gql(client, """query($id: ID!) { node(id: $id) { ... on Claim {
        text deals { id } entities { __typename id name } } } }""", {"id": claim_id})
    claim = found["node"]
    assert deal["id"] in [d["id"] for d in claim["deals"]]
    assert claim["entities"], claim
    for entity in claim["entities"]:
        named = await gql(client, """query($id: ID!) { node(id: $id) { ... on Company { claims(first: 100) { edges { node { id } } } }
            ... on Person { claims(first: 100) { edges { node { id } } } } } }""", {"id": entity["id"]})
        if named["node"]:  # a company or person lists the claim back; a vehicle lists it as evidence
            assert claim_id in [e["node"]["id"] for e in named["node"]["claims"]["edges"]]


async def test_healthz_and_graphiql(client: httpx.AsyncClient) -> None:
    health = await client.get("/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok"}
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert "claims(first: 10)" in page.text, "GraphiQL opens with a useful query"


async def test_malformed_queries_are_graphql_errors_not_500s(client: httpx.AsyncClient) -> None:
    for query in ["{ claims { ", "{ claims { noSuchField } }", "mutation { noSuchMutation }", "{ node }"]:
        response = await client.post("/graphql", json={"query": query})
        assert response.status_code in {200, 400}, response.text
        assert response.json()["errors"]
    response = await client.post("/graphql", content=b"not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    response = await client.get("/graphql", params={"query": INGEST, "variables": '{"input": {"text": "x"}}'},
                                headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in {400, 405} or response.json().get("errors"), "GET never runs a mutation"
    assert (await gql(client, "{ documents { totalCount } }"))["documents"]["totalCount"] == 0


async def test_every_claim_says_which_rules_decided_it(client: httpx.AsyncClient) -> None:
    from factgraph.extract.rules import ALL_RULES, PATH_SEPARATOR

    text = ('Korvan Motors said on Monday it would build a plant in Ohio. "It will be the biggest we have," '
            'Jane Doe, its chief executive, told reporters.\n"We start in May."\nTessel Inc declined to comment. '
            'Shares rose 3%.')
    document = (await ingest(client, text))["document"]
    query = """query($id: ID!) { node(id: $id) { ... on Document { claims { edges { node { text
      attribution { status rule } } } } } } }"""
    claims = [e["node"] for e in (await gql(client, query, {"id": document["id"]}))["node"]["claims"]["edges"]]
    known = {r.name for r in ALL_RULES()}
    rules = {c["text"]: c["attribution"]["rule"] for c in claims}
    assert all(rule and set(rule.split(PATH_SEPARATOR)) <= known for rule in rules.values()), rules
    assert rules['"We start in May."'].startswith("quote-continues")
    assert rules["Tessel Inc declined to comment."].startswith("declined-to-comment")
    assert rules["Shares rose 3%."] == "no-cue"
