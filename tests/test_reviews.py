"""Fact-checkers' reviews through the real app, on SQLite and PostgreSQL: the token, bad inputs that store
nothing, and the history read back newest first."""

from __future__ import annotations

import base64
import datetime as dt

import httpx
import pytest

from .conftest import gql, ingest, seed_text

pytestmark = pytest.mark.anyio

REVIEW = """mutation($input: ReviewClaimInput!) { reviewClaim(input: $input) {
  review { id rating ratingValue reviewer note createdAt claim { id } }
  claim { id text reviews { id } } } }"""
REVIEWS = """query($id: ID!) { node(id: $id) { ... on Claim { reviews { id rating ratingValue reviewer note createdAt } } } }"""


async def first_claim(client: httpx.AsyncClient) -> dict:
    document = (await ingest(client, seed_text(), publisher="Reuters", publishedAt="2025-04-24"))["document"]
    data = await gql(client, "query($id: ID!) { node(id: $id) { ... on Document { claims(first: 2) { edges { node { id text } } } } } }",
                     {"id": document["id"]})
    return data["node"]["claims"]["edges"][0]["node"]


async def reviews_of(client: httpx.AsyncClient, claim_id: str) -> list[dict]:
    return (await gql(client, REVIEWS, {"id": claim_id}, token=None))["node"]["reviews"]


async def test_review_needs_the_token(client: httpx.AsyncClient) -> None:
    claim = await first_claim(client)
    review = {"claimId": claim["id"], "rating": "MIXED", "reviewer": "Jane Doe"}
    for token, message in [(None, "needs the API token"), ("wrong", "not valid")]:
        body = await gql(client, REVIEW, {"input": review}, token=token, expect_errors=True)
        assert message in body["errors"][0]["message"]
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await reviews_of(client, claim["id"]) == []


async def test_bad_reviews_store_nothing(client: httpx.AsyncClient) -> None:
    claim = await first_claim(client)
    missing = base64.urlsafe_b64encode(b"Claim:987654").decode()
    document_id = (await gql(client, "{ documents { edges { node { id } } } }"))["documents"]["edges"][0]["node"]["id"]
    cases = [
        ({"claimId": missing}, "There is no claim with the id"),
        ({"claimId": document_id}, "takes the id of a Claim, not of a Document"),
        ({"claimId": "not-an-id"}, "is not a valid id"),
        ({"reviewer": "   "}, "`reviewer` is empty"),
        ({"reviewer": "J" * 201}, "more than the limit of 200"),
        ({"note": "n" * 5001}, "more than the limit of 5,000"),
        ({"rating": "PANTS_ON_FIRE"}, "PANTS_ON_FIRE"),
    ]
    for change, message in cases:
        review = {"claimId": claim["id"], "rating": "FALSE", "reviewer": "Jane Doe", "note": "ok"} | change
        body = await gql(client, REVIEW, {"input": review}, expect_errors=True)
        assert message in body["errors"][0]["message"], (change, body)
    assert await reviews_of(client, claim["id"]) == []


async def test_reviews_are_a_history_newest_first(client: httpx.AsyncClient) -> None:
    claim = await first_claim(client)
    given = [("MOSTLY_TRUE", 4, "Alice Martin", "Matches the filing."),
             ("MIXED", 3, "Bob Stone", ""),
             ("FALSE", 1, "  Chen Li  ", "The company denied it on the record.")]
    stored = []
    for rating, value, reviewer, note in given:
        payload = (await gql(client, REVIEW, {"input": {"claimId": claim["id"], "rating": rating, "reviewer": reviewer,
                                                        "note": note}}))["reviewClaim"]
        review = payload["review"]
        assert (review["rating"], review["ratingValue"], review["reviewer"], review["note"]) == (rating, value, reviewer.strip(), note)
        assert review["claim"]["id"] == payload["claim"]["id"] == claim["id"]
        assert payload["claim"]["reviews"][0]["id"] == review["id"]  # the payload's claim already lists it
        stored.append(review)
    history = await reviews_of(client, claim["id"])
    assert [r["id"] for r in history] == [r["id"] for r in reversed(stored)]
    times = [dt.datetime.fromisoformat(r["createdAt"]) for r in history]
    assert times == sorted(times, reverse=True)
    assert all(t.utcoffset() == dt.timedelta(0) for t in times)
    node = (await gql(client, "query($id: ID!) { node(id: $id) { ... on Review { reviewer claim { text } } } }",
                      {"id": stored[0]["id"]}))["node"]
    assert node == {"reviewer": "Alice Martin", "claim": {"text": claim["text"]}}
