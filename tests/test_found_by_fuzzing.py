"""The crashes tests/test_fuzz.py found, each kept as a regression test (the empty selection set, the
fragment bomb and the extension that raised are in test_limits.py and test_errors.py). Each was a 500 or an
internal error; each is now a clear refusal that stores nothing. Every test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from .conftest import INGEST, TOKEN, gql, ingest, seed_text

pytestmark = pytest.mark.anyio


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


# Keys the id columns cannot hold (PostgreSQL's integer: "integer out of range"; SQLite past 64 bits: "Python
# int too large to convert to SQLite INTEGER"), and forms int() accepts that this API never writes.
ODD_KEYS = [str(2**31), str(2**63), str(2**64), str(10**30), "-1", "0", " 1", "1_0", "\u0661", "+3"]


@pytest.mark.parametrize("key", ODD_KEYS)
async def test_ids_and_cursors_of_keys_no_database_holds(client: httpx.AsyncClient, key: str) -> None:
    body = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": _b64(f"Claim:{key}")}, expect_errors=True)
    assert "is not a valid id: use the `id` of an object returned by this API." in body["errors"][0]["message"], body
    body = await gql(client, "query($after: String) { claims(after: $after) { totalCount } }",
                     {"after": _b64(f"cursor:{key}")}, expect_errors=True)
    assert "is not a valid cursor" in body["errors"][0]["message"], body
    response = await client.get(f"/export/documents/{_b64(f'Document:{key}')}.jsonld")
    assert response.status_code == 400 and "is not a valid id" in response.json()["error"], response.text
    response = await client.get("/export/claims.jsonld", params={"filter": f'{{"mentions": "{_b64(f"Deal:{key}")}"}}'})
    assert response.status_code == 400 and "is not a valid id" in response.json()["error"], response.text


async def test_the_largest_key_is_still_an_id(client: httpx.AsyncClient) -> None:
    data = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": _b64(f"Claim:{2**31 - 1}")})
    assert data == {"node": None}


@pytest.mark.parametrize(("body", "message"), [
    (b"5", "The request body is a JSON number, not an object"),
    (b'"{ documents { totalCount } }"', "The request body is a JSON string, not an object"),
    (b"null", "The request body is JSON null, not an object"),
    (b"[5]", "Operation 1 of the batch is a JSON number, not an object"),
    (b'[{"query": "{ __typename }"}, {"query": ["x"]}]', "Operation 2 of the batch: `query` is a JSON array"),
    (b'{"query": "{ __typename }", "operationName": {"a": 1}}', "The request body: `operationName` is a JSON object"),
    (b"\x00\x00\x00\x00\x00", "The request body is not JSON (Expecting value at character 0)"),  # was: UTF-32?
    (b'{"query": "\xff"}', "The request body is not UTF-8 (byte 11 cannot be decoded)"),
])
async def test_a_body_that_is_not_a_graphql_request(client: httpx.AsyncClient, body: bytes, message: str) -> None:
    response = await client.post("/graphql", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["message"].startswith(message), response.json()


# PostgreSQL refuses a NUL in any text it is sent ("PostgreSQL text fields cannot contain NUL (0x00) bytes"),
# in a filter as in an insert; no database encodes a lone surrogate, which JSON's \u escapes can carry.
UNSTORABLE = [("a\x00b", "the NUL character (U+0000) at offset 1"), ("x\ud800", "a lone surrogate (U+D800) at offset 1")]


async def _post(client: httpx.AsyncClient, query: str, variables: dict) -> dict:
    """Sent as ASCII JSON: httpx's own encoding (UTF-8) cannot carry a lone surrogate; JSON's \\u escapes can."""
    response = await client.post("/graphql", content=json.dumps({"query": query, "variables": variables}).encode(),
                                 headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body.get("errors"), body
    return body


@pytest.mark.parametrize(("value", "said"), UNSTORABLE)
async def test_unstorable_text_in_a_filter_is_refused(client: httpx.AsyncClient, value: str, said: str) -> None:
    await ingest(client, seed_text(), publishedAt="2025-04-24")
    for field in ("sourceName", "publisher", "text"):
        body = await _post(client, "query($f: ClaimFilter) { claims(filter: $f) { totalCount } }", {"f": {field: value}})
        assert body["errors"][0]["message"].startswith(f"`{field}` contains {said}, which cannot be stored or searched"), body
        response = await client.get("/export/claims.jsonld", params={"filter": json.dumps({field: value})})
        assert response.status_code == 400 and f"`{field}` contains" in response.json()["error"], response.text


@pytest.mark.parametrize(("value", "said"), UNSTORABLE)
async def test_unstorable_text_in_a_write_is_refused_and_nothing_is_stored(client: httpx.AsyncClient, value: str,
                                                                           said: str) -> None:
    document = (await ingest(client, "Acme Corp said on Monday it agreed to buy Beta Inc.\n"))["document"]
    claim = (await gql(client, "query($id: ID!) { node(id: $id) { ... on Document { claims(first: 1) { edges { node { id } } } } } }",
                       {"id": document["id"]}))["node"]["claims"]["edges"][0]["node"]["id"]
    for field in ("title", "publisher", "url"):
        body = await _post(client, INGEST, {"input": {"text": f"Omnia Holdings said it would buy Pell Corp ({field}).\n",
                                                      field: value}})
        assert body["errors"][0]["message"].startswith(f"`{field}` contains {said}"), body
        assert body["errors"][0]["extensions"]["code"] == "BAD_ARTICLE"
    review = "mutation($i: ReviewClaimInput!) { reviewClaim(input: $i) { review { id } } }"
    for field in ("reviewer", "note"):
        body = await _post(client, review, {"i": {"claimId": claim, "rating": "TRUE", "reviewer": "Jane", field: value}})
        assert body["errors"][0]["message"].startswith(f"`{field}` contains {said}"), body
    reliability = "mutation($i: SetReliabilityInput!) { setReliability(input: $i) { rescoredClaims } }"
    for field in ("publisher", "note", "setBy"):
        given = {"publisher": "Reuters", "reliability": 0.5, "note": "A check.", "setBy": "Jane", field: value}
        body = await _post(client, reliability, {"i": given})
        assert body["errors"][0]["message"].startswith(f"`{field}` contains {said}"), body
        assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    counts = await gql(client, "{ documents { totalCount } claims(first: 100) { edges { node { reviews { id } } } } }",
                       token=TOKEN)
    assert counts["documents"]["totalCount"] == 1
    assert not any(edge["node"]["reviews"] for edge in counts["claims"]["edges"])
