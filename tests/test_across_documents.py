"""Several articles about one deal: one node each for the companies and the deal, and claims linked to the
claims of other documents that corroborate or contradict them (both ways)."""

from __future__ import annotations

import httpx
import pytest

from .conftest import gql, ingest

pytestmark = pytest.mark.anyio

FIRST = ("NEW YORK (Reuters) - Korvan Motors Corp has agreed to buy Tessel Inc for $2 billion, "
         "people familiar with the matter said.\n")
SECOND = ("DETROIT (AP) - Korvan Motors Corp agreed to acquire Tessel Inc, the companies said on Thursday. "
          "Korvan Chief Executive Jane Doe said the deal would close next year.\n")
DENIAL = ("CHICAGO (Bloomberg) - Tessel Inc denied on Thursday that it had agreed to be bought by Korvan Motors Corp, "
          "calling the reports speculation.\n")

CLAIMS = """{ claims(first: 100) { edges { node { id text document { publisher }
  attribution { status source { name } } corroboratedBy { id } contradictedBy { id } } } } }"""


async def test_corroboration_and_contradiction_across_documents(client: httpx.AsyncClient) -> None:
    await ingest(client, FIRST, publisher="Reuters", publishedAt="2025-05-01")
    await ingest(client, SECOND, publisher="AP", publishedAt="2025-05-01")
    await ingest(client, DENIAL, publisher="Bloomberg", publishedAt="2025-05-01")
    companies = (await gql(client, "{ companies(first: 100) { edges { node { name } } } }"))["companies"]["edges"]
    names = sorted(e["node"]["name"] for e in companies)
    assert names.count("Korvan Motors Corp") == 1 and names.count("Tessel Inc") == 1
    deals = (await gql(client, "{ deals { totalCount edges { node { kind status evidence { document { publisher } } } } } }"))["deals"]
    assert deals["totalCount"] == 1
    assert {e["document"]["publisher"] for e in deals["edges"][0]["node"]["evidence"]} >= {"Reuters", "AP"}

    claims = {e["node"]["id"]: e["node"] for e in (await gql(client, CLAIMS))["claims"]["edges"]}
    reuters = next(c for c in claims.values() if c["document"]["publisher"] == "Reuters")
    ap = next(c for c in claims.values() if c["document"]["publisher"] == "AP" and "agreed to acquire" in c["text"])
    denial = next(c for c in claims.values() if c["attribution"]["status"] == "DENIED")
    assert {"id": ap["id"]} in reuters["corroboratedBy"]
    assert {"id": reuters["id"]} in ap["corroboratedBy"], "links are symmetric"
    assert {"id": denial["id"]} in reuters["contradictedBy"] and {"id": reuters["id"]} in denial["contradictedBy"]
    for claim in claims.values():
        for other in claim["corroboratedBy"] + claim["contradictedBy"]:
            assert claims[other["id"]]["document"]["publisher"] != claim["document"]["publisher"]
