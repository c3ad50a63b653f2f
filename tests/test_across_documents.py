"""Several articles about one deal: one node each for the companies and the deal, and claims linked to the
claims of other documents that corroborate or contradict them (both ways)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


ARTICLES = Path(__file__).resolve().parent / "articles"
# One deal told five ways, written for this test: two agree on a 30% stake (one anonymous, one on the record),
# one gives 45%, one carries a party's denial, and one is a reprint of the first under another publisher.
HALVORSEN = [
    ("halvorsen-kestrel-reuters", "Reuters", "2026-03-10"),
    ("halvorsen-kestrel-ap", "AP", "2026-03-11"),
    ("halvorsen-kestrel-bloomberg", "Bloomberg", "2026-03-11"),
    ("halvorsen-kestrel-denial", "NTB", "2026-03-12"),
    ("halvorsen-kestrel-reprint", "Yahoo Finance", "2026-03-10"),
]
CLAIM_FIELDS = """id text confidence origin document { publisher } attribution { status source { id name } }
  corroboratedBy { id } contradictedBy { id } confidenceExplanation { value factors { name multiply add } }"""


async def _ingest_halvorsen(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    for name, publisher, published in HALVORSEN:
        await ingest(client, (ARTICLES / f"{name}.txt").read_text(encoding="utf-8"), publisher=publisher, publishedAt=published)
    data = await gql(client, f"{{ claims(first: 100) {{ edges {{ node {{ {CLAIM_FIELDS} }} }} }} }}")
    return {e["node"]["id"]: e["node"] for e in data["claims"]["edges"]}


def _stake_claim(claims: dict[str, dict[str, Any]], publisher: str) -> dict[str, Any]:
    return next(c for c in claims.values() if c["document"]["publisher"] == publisher and "stake in" in c["text"])


async def test_one_deal_told_five_ways(client: httpx.AsyncClient) -> None:
    claims = await _ingest_halvorsen(client)
    companies = [e["node"]["name"] for e in (await gql(client, "{ companies(first: 100) { edges { node { name } } } }"))["companies"]["edges"]]
    assert sorted(companies) == ["Halvorsen Power", "Kestrel Wind"], "one node per company across five articles"
    deals = (await gql(client, """{ deals { totalCount edges { node { status stakePercent
        stakes { amount origins claims { id } } evidence { document { publisher } } } } } }"""))["deals"]
    assert deals["totalCount"] == 1
    deal = deals["edges"][0]["node"]
    assert {e["document"]["publisher"] for e in deal["evidence"]} == {p for _, p, _ in HALVORSEN}

    reuters, ap, bloomberg, reprint = (_stake_claim(claims, p) for p in ("Reuters", "AP", "Bloomberg", "Yahoo Finance"))
    denial = next(c for c in claims.values() if c["attribution"]["status"] == "DENIED")
    # Agreement from another origin corroborates, both ways.
    assert {"id": ap["id"]} in reuters["corroboratedBy"] and {"id": reuters["id"]} in ap["corroboratedBy"]
    # A reprint is the same origin: it neither corroborates its original nor counts twice.
    assert reprint["origin"] == reuters["origin"]
    assert {"id": reprint["id"]} not in reuters["corroboratedBy"]
    # Another figure for the same time contradicts; the party's denial contradicts every report of the deal.
    assert {"id": bloomberg["id"]} in reuters["contradictedBy"] and {"id": reuters["id"]} in bloomberg["contradictedBy"]
    for report in (reuters, ap, bloomberg, reprint):
        assert {"id": denial["id"]} in report["contradictedBy"] and {"id": report["id"]} in denial["contradictedBy"]
    # Conflicting figures are kept side by side, the better supported first.
    assert [(s["amount"], s["origins"]) for s in deal["stakes"]] == [(30.0, 2), (45.0, 1)]
    assert deal["stakePercent"] == 30.0
    assert {"id": bloomberg["id"]} in deal["stakes"][1]["claims"]
    # Confidence: on the record and corroborated, above anonymous and corroborated, above anonymous and outvoted.
    assert ap["confidence"] > reuters["confidence"] > bloomberg["confidence"]
    assert reprint["confidence"] == reuters["confidence"]
    for claim in (reuters, ap, bloomberg):
        names = [f["name"] for f in claim["confidenceExplanation"]["factors"]]
        assert names[0] == "reliability" and {"response", "corroboration", "contradiction"} <= set(names)
        assert claim["confidenceExplanation"]["value"] == claim["confidence"]
    # The party's denial says what the party said: other reports do not make it less so.
    assert "contradiction" not in [f["name"] for f in denial["confidenceExplanation"]["factors"]]


async def test_fact_checker_filters_and_order(client: httpx.AsyncClient) -> None:
    claims = await _ingest_halvorsen(client)

    async def ids(filter: dict[str, Any], order: dict[str, str] | None = None) -> list[str]:
        data = await gql(client, """query($f: ClaimFilter, $o: ClaimOrder) { claims(first: 100, filter: $f, orderBy: $o) {
            edges { node { id } } } }""", {"f": filter, "o": order})
        return [e["node"]["id"] for e in data["claims"]["edges"]]

    contradicted = await ids({"contradicted": True})
    assert contradicted and all(claims[i]["contradictedBy"] for i in contradicted)
    assert set(await ids({"contradicted": False})) == set(claims) - set(contradicted)
    assert all(claims[i]["corroboratedBy"] for i in await ids({"corroborated": True}))
    assert {claims[i]["document"]["publisher"] for i in await ids({"publisher": "bloomberg"})} == {"Bloomberg"}
    assert {claims[i]["attribution"]["source"] is None for i in await ids({"sourceKind": ["PUBLISHER"]})} == {True}
    named = await ids({"sourceKind": ["PERSON"]})
    assert named and all(claims[i]["attribution"]["source"]["name"] in {"Ingrid Vaage", "Tor Brekke"} for i in named)
    assert {claims[i]["attribution"]["source"]["name"] for i in await ids({"sourceName": "VAAGE"})} == {"Ingrid Vaage"}
    assert {claims[i]["document"]["publisher"] for i in await ids({"publishedAfter": "2026-03-12"})} == {"NTB"}
    assert {claims[i]["document"]["publisher"] for i in await ids({"publishedBefore": "2026-03-10"})} == {"Reuters", "Yahoo Finance"}
    found = await ids({"text": "stakes holding"})  # every word, any form: "stake", "holding"
    assert found and all("stake" in claims[i]["text"] and "holding" in claims[i]["text"] for i in found)
    for odd in ('stake" NEAR(', "stake*", "-(", "'; DROP TABLE claim; --"):
        assert isinstance(await ids({"text": odd}), list), "odd text is searched for, never a syntax error"
    reliable = await ids({"minSourceReliability": 0.85})
    assert reliable and not any(claims[i]["attribution"]["status"] == "ANONYMOUS_SOURCE" for i in reliable)

    ranked = await ids({}, {"field": "CONFIDENCE", "direction": "DESC"})
    values = [claims[i]["confidence"] for i in ranked]
    assert values == sorted(values, reverse=True) and sorted(ranked) == sorted(claims)
    pages: list[str] = []
    after = None
    while True:  # the same order, page by page
        data = await gql(client, """query($a: String) { claims(first: 4, after: $a, orderBy: {field: CONFIDENCE, direction: DESC}) {
            pageInfo { hasNextPage endCursor } edges { node { id } } } }""", {"a": after})
        pages += [e["node"]["id"] for e in data["claims"]["edges"]]
        if not data["claims"]["pageInfo"]["hasNextPage"]:
            break
        after = data["claims"]["pageInfo"]["endCursor"]
    assert pages == ranked
    by_date = [claims[i]["document"]["publisher"] for i in await ids({}, {"field": "PUBLISHED_AT", "direction": "DESC"})]
    assert by_date[0] == "NTB" and by_date[-1] in {"Reuters", "Yahoo Finance"}
    for bad in ({"minSourceReliability": 2}, {"publishedAfter": "2026-03-12", "publishedBefore": "2026-03-01"}, {"text": " "}):
        body = await gql(client, "query($f: ClaimFilter) { claims(filter: $f) { totalCount } }", {"f": bad}, expect_errors=True)
        assert body["data"] is None and body["errors"][0]["message"]


async def test_reliability_override_rescored_and_explained(client: httpx.AsyncClient) -> None:
    claims = await _ingest_halvorsen(client)
    bloomberg = _stake_claim(claims, "Bloomberg")
    mutation = """mutation($i: SetReliabilityInput!) { setReliability(input: $i) { rescoredClaims
        reliability { value default override { reliability note setBy } } } }"""
    refused = await gql(client, mutation, {"i": {"publisher": "Bloomberg", "reliability": 0.5, "note": "x", "setBy": "me"}},
                        token=None, expect_errors=True)
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    source_id = (await gql(client, "query($id: ID!) { node(id: $id) { ... on Claim { attribution { source { id } } } } }",
                           {"id": bloomberg["id"]}))["node"]["attribution"]["source"]["id"]
    data = await gql(client, mutation, {"i": {"sourceId": source_id, "reliability": 0.95, "note": "named to us off the record",
                                              "setBy": "desk"}})
    payload = data["setReliability"]
    assert payload["rescoredClaims"] >= 1
    assert payload["reliability"] == {"value": 0.95, "default": 0.6,
                                      "override": {"reliability": 0.95, "note": "named to us off the record", "setBy": "desk"}}
    after = (await gql(client, "query($id: ID!) { node(id: $id) { ... on Claim { confidence confidenceExplanation { factors { detail add } } } } }",
                       {"id": bloomberg["id"]}))["node"]
    assert after["confidence"] > bloomberg["confidence"]
    assert after["confidenceExplanation"]["factors"][0]["add"] == 0.95
    assert "overridden" in after["confidenceExplanation"]["factors"][0]["detail"]
    reset = await gql(client, mutation, {"i": {"sourceId": source_id, "reliability": None, "note": "back to default", "setBy": "desk"}})
    assert reset["setReliability"]["reliability"]["value"] == 0.6
    for bad in ({"publisher": "Nobody Weekly", "reliability": 0.5, "note": "x", "setBy": "me"},
                {"sourceId": source_id, "publisher": "AP", "reliability": 0.5, "note": "x", "setBy": "me"},
                {"sourceId": source_id, "reliability": 1.5, "note": "x", "setBy": "me"},
                {"sourceId": source_id, "reliability": 0.5, "note": " ", "setBy": "me"}):
        assert (await gql(client, mutation, {"i": bad}, expect_errors=True))["errors"][0]["message"]


async def test_history_in_the_order_things_happened(client: httpx.AsyncClient) -> None:
    await ingest(client, "DETROIT (Reuters) - Korvan Motors Corp completed its acquisition of Tessel Inc on May 28, 2026, "
                         "the companies said.\n", publisher="Reuters", publishedAt="2026-06-01")
    await ingest(client, "DETROIT (AP) - Korvan Motors Corp began talks to buy Tessel Inc last January, "
                         "Korvan Chief Executive Jane Doe said on Tuesday.\n", publisher="AP", publishedAt="2026-06-02")
    deal = (await gql(client, """{ deals { edges { node { status history { status date precision dateBasis reportedOn
        datedBy { document { publisher } } } } } } }"""))["deals"]["edges"][0]["node"]
    history = deal["history"]
    assert [(e["status"], e["date"], e["precision"]) for e in history] == [("IN_TALKS", "2026-01", "MONTH"), ("COMPLETED", "2026-05-28", "DAY")]
    assert history[0]["dateBasis"] == "INFERRED" and history[1]["dateBasis"] == "ASSERTED"  # "last January" needs the publication date
    assert [e["reportedOn"] for e in history] == ["2026-06-02", "2026-06-01"], "reported in the other order"
    assert [e["datedBy"]["document"]["publisher"] for e in history] == ["AP", "Reuters"]
    assert deal["status"] == "COMPLETED"


async def test_prices_across_documents(client: httpx.AsyncClient) -> None:
    said = "Korvan Motors Corp said on Monday its new Astra X5 electric SUV will start at {} euros in Germany.\n"
    await ingest(client, "STUTTGART (Reuters) - " + said.format("45,000"), publisher="Reuters", publishedAt="2026-04-06")
    await ingest(client, "BERLIN (dpa) - " + said.format("45,000").replace("Monday", "Tuesday"), publisher="dpa", publishedAt="2026-04-07")
    await ingest(client, "PARIS (AFP) - " + said.format("52,000"), publisher="AFP", publishedAt="2026-04-06")
    await ingest(client, "MUNICH (Reuters) - " + said.format("49,000").replace("Monday", "Friday"), publisher="Reuters", publishedAt="2026-09-04")
    vehicles = (await gql(client, """{ vehicles { edges { node { name prices { amount claim { document { publisher publishedAt }
        corroboratedBy { document { publisher } } contradictedBy { document { publisher } } } } } } } }"""))["vehicles"]["edges"]
    assert len(vehicles) == 1
    prices = {(p["amount"], p["claim"]["document"]["publisher"], p["claim"]["document"]["publishedAt"]): p["claim"]
              for p in vehicles[0]["node"]["prices"]}
    april_reuters, april_dpa = prices[(45000.0, "Reuters", "2026-04-06")], prices[(45000.0, "dpa", "2026-04-07")]
    afp, september = prices[(52000.0, "AFP", "2026-04-06")], prices[(49000.0, "Reuters", "2026-09-04")]
    assert [d["document"]["publisher"] for d in april_reuters["corroboratedBy"]] == ["dpa"]
    assert {d["document"]["publisher"] for d in april_reuters["contradictedBy"]} == {"AFP"}
    assert {d["document"]["publisher"] for d in afp["contradictedBy"]} == {"Reuters", "dpa"}
    assert april_dpa["corroboratedBy"] and not september["contradictedBy"], "a price months later is a new price, not a contradiction"


async def test_a_role_named_in_several_articles_is_one_role(client: httpx.AsyncClient) -> None:
    # A role with no organisation ("economist") once compared NULL = NULL and was stored again per article.
    await ingest(client, "Economist David Okafor said the deal made sense for Korvan Motors Corp.\n", publisher="Reuters")
    await ingest(client, "The merger is risky, economist David Okafor told Reuters on Friday.\n", publisher="AP")
    people = (await gql(client, "{ people { edges { node { name roles { title organization { name } } } } } }"))["people"]["edges"]
    okafor = next(p["node"] for p in people if p["node"]["name"] == "David Okafor")
    assert [(r["title"].lower(), r["organization"]) for r in okafor["roles"]] == [("economist", None)]


async def test_claims_by_publication_date_undated_oldest_ties_in_reading_order(client: httpx.AsyncClient) -> None:
    for text, published in [("Acme Corp said it agreed to buy Beta Inc. Beta declined to comment.\n", "2026-05-02"),
                             ("Gamma AG said it was in talks with Delta plc. Delta did not respond.\n", None),
                             ("Epsilon Ltd said it sold its stake in Zeta Oy. Zeta said it was pleased.\n", "2026-04-01"),
                             ("Eta Corp said it would merge with Theta Inc. Theta declined to comment.\n", "2026-05-02")]:
        await ingest(client, text, **({"publishedAt": published} if published else {}))

    async def order(direction: str, first: int = 100) -> list[tuple[str, str | None]]:
        seen, after = [], None
        while True:
            data = await gql(client, """query($d: OrderDirection!, $n: Int, $a: String) {
                claims(first: $n, after: $a, orderBy: {field: PUBLISHED_AT, direction: $d}) {
                pageInfo { hasNextPage endCursor } edges { node { id document { publishedAt } } } } }""",
                             {"d": direction, "n": first, "a": after})
            seen += [(e["node"]["id"], e["node"]["document"]["publishedAt"]) for e in data["claims"]["edges"]]
            if not data["claims"]["pageInfo"]["hasNextPage"]:
                return seen
            after = data["claims"]["pageInfo"]["endCursor"]

    reading = [e["node"]["id"] for e in (await gql(client, "{ claims(first: 100) { edges { node { id } } } }"))["claims"]["edges"]]
    position = {claim_id: i for i, claim_id in enumerate(reading)}
    for direction in ("ASC", "DESC"):
        whole = await order(direction)
        assert await order(direction, first=3) == whole  # page by page, the same order
        dates = [d or "0001-01-01" for _, d in whole]  # undated claims sort as the oldest
        assert dates == sorted(dates, reverse=direction == "DESC")
        for date in set(dates):  # ties (the two articles of 2 May, each article's claims) in reading order
            tied = [position[i] for (i, _), d in zip(whole, dates, strict=True) if d == date]
            assert tied == sorted(tied)
    assert [d for _, d in await order("ASC")][0] is None and [d for _, d in await order("DESC")][-1] is None
