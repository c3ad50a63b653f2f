"""The JSON-LD exports through the real app, on SQLite and PostgreSQL: PROV-O of a document and of a filtered
set of claims, schema.org ClaimReview of reviewed claims, their errors, and their cost in queries."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic


from .conftest import gql, ingest, seed_text

pytestmark = pytest.mark.anyio

PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
SDO = Namespace("http://schema.org/")
FG = Namespace("https://factgraph.dev/ns#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

CLAIMS = """query($first: Int!, $after: String, $filter: ClaimFilter) { claims(first: $first, after: $after, filter: $filter) {
  pageInfo { hasNextPage endCursor }
  edges { node { id text span { start end } attribution { status source { name } cue { start end } }
    responses { id } concerns { id } document { id text publisher } } } } }"""
REVIEW = "mutation($input: ReviewClaimInput!) { reviewClaim(input: $input) { review { id } } }"


async def ingest_seed(client: httpx.AsyncClient) -> dict[str, Any]:
    return (await ingest(client, seed_text(), title="Leapmotor to build Hongqi cars", publisher="Reuters",
                         url="https://example.com/leapmotor-hongqi", publishedAt="2025-04-24"))["document"]


async def api_claims(client: httpx.AsyncClient, filter: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    claims, after = [], None
    while True:
        page = (await gql(client, CLAIMS, {"first": 100, "after": after, "filter": filter}))["claims"]
        claims += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return claims
        after = page["pageInfo"]["endCursor"]


def parse(body: str | dict[str, Any]) -> Graph:
    return Graph().parse(data=body if isinstance(body, str) else json.dumps(body), format="json-ld")


def iri(global_id: str) -> URIRef:
    return URIRef(f"urn:factgraph:{global_id}")


def selector(graph: Graph, target: Any, kind: URIRef) -> Any:
    found = [s for s in graph.objects(target, OA.hasSelector) if (s, RDF.type, kind) in graph]
    assert len(found) == 1, f"{len(found)} {kind} selectors"
    return found[0]


async def test_document_export_is_prov_o_with_every_claim_anchored(client: httpx.AsyncClient) -> None:
    document = await ingest_seed(client)
    text = document["text"]
    response = await client.get(f"/export/documents/{document['id']}.jsonld")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    graph = parse(response.text)
    claims = await api_claims(client, {"documentId": document["id"]})
    assert len(claims) > 10

    entities = set(graph.subjects(RDF.type, PROV.Entity))
    assert entities == {iri(document["id"])} | {iri(c["id"]) for c in claims}
    doc = iri(document["id"])
    assert graph.value(doc, DCTERMS.title) == Literal("Leapmotor to build Hongqi cars")
    assert graph.value(doc, SDO.url) == URIRef("https://example.com/leapmotor-hongqi")
    assert str(graph.value(doc, SDO.datePublished)) == "2025-04-24"
    publisher = graph.value(doc, PROV.wasAttributedTo)
    assert graph.value(publisher, SDO.name) == Literal("Reuters")
    assert (publisher, RDF.type, PROV.Agent) in graph
    ingestion = next(graph.subjects(PROV.used, doc))
    assert (ingestion, RDF.type, PROV.Activity) in graph
    extractor = graph.value(ingestion, PROV.wasAssociatedWith)
    assert (extractor, RDF.type, PROV.SoftwareAgent) in graph and graph.value(extractor, SDO.softwareVersion)

    for claim in claims:
        node, span = iri(claim["id"]), claim["span"]
        assert graph.value(node, PROV.wasDerivedFrom) == doc
        assert graph.value(node, PROV.wasGeneratedBy) == ingestion
        target = graph.value(node, OA.hasTarget)
        assert graph.value(target, OA.hasSource) == doc
        position = selector(graph, target, OA.TextPositionSelector)
        start, end = graph.value(position, OA.start).toPython(), graph.value(position, OA.end).toPython()
        assert (start, end) == (span["start"], span["end"])
        quote = selector(graph, target, OA.TextQuoteSelector)
        assert str(graph.value(quote, OA.exact)) == claim["text"] == text[start:end]
        assert str(graph.value(quote, OA.prefix)) == text[max(0, start - 32):start]
        assert str(graph.value(quote, OA.suffix)) == text[end:end + 32]

        attribution = claim["attribution"]
        assert str(graph.value(node, FG.attributionStatus)) == attribution["status"]
        agent = graph.value(node, PROV.wasAttributedTo)
        speaker = "Reuters" if attribution["status"] == "UNATTRIBUTED" or not attribution["source"] else attribution["source"]["name"]
        assert str(graph.value(agent, SDO.name)) == speaker
        assert (agent, RDF.type, PROV.Agent) in graph
        if attribution["cue"]:
            cue = selector(graph, graph.value(node, FG.cue), OA.TextPositionSelector)
            assert graph.value(cue, OA.start).toPython() == attribution["cue"]["start"]
        assert {str(o) for o in graph.objects(node, FG.responses)} == {str(iri(r["id"])) for r in claim["responses"]}
        assert {str(o) for o in graph.objects(node, FG.concerns)} == {str(iri(r["id"])) for r in claim["concerns"]}
    assert any(c["responses"] for c in claims), "the seed has responses to export"

    again = parse(graph.serialize(format="json-ld"))
    assert isomorphic(graph, again)
    assert len(again) == len(graph) > 20 * len(claims)


async def test_graphql_provenance_is_the_http_export(client: httpx.AsyncClient) -> None:
    document = await ingest_seed(client)
    await ingest(client, "Acme Corp said on Monday it agreed to buy Beta Inc. Beta declined to comment.\n", publisher="AP")
    http = (await client.get(f"/export/documents/{document['id']}.jsonld")).json()
    data = await gql(client, "{ documents { edges { node { id provenance } } } }", token=None)
    exports = {edge["node"]["id"]: edge["node"]["provenance"] for edge in data["documents"]["edges"]}
    assert len(exports) == 2
    assert exports[document["id"]] == http
    other = next(export for i, export in exports.items() if i != document["id"])
    assert not set(parse(other).subjects(RDF.type, PROV.Entity)) & set(parse(http).subjects(RDF.type, PROV.Entity))


async def test_filtered_export_honours_the_filter(client: httpx.AsyncClient) -> None:
    await ingest_seed(client)
    await ingest(client, seed_text("halden-vireo-talks"), publisher="Reuters")
    wanted = await api_claims(client, {"status": ["DECLINED_TO_COMMENT"]})
    assert len(wanted) >= 2
    response = await client.get("/export/claims.jsonld", params={"filter": json.dumps({"status": ["DECLINED_TO_COMMENT"]})})
    assert response.status_code == 200, response.text
    graph = parse(response.text)
    exported = set(graph.subjects(RDF.type, FG.Claim))
    assert exported == {iri(c["id"]) for c in wanted}
    assert {str(graph.value(c, FG.attributionStatus)) for c in exported} == {"DECLINED_TO_COMMENT"}
    # The documents they stand in come along; claims they answer are linked, not described.
    assert set(graph.subjects(RDF.type, PROV.Entity)) - exported == {iri(d) for d in {c["document"]["id"] for c in wanted}}
    answered = {o for c in exported for o in graph.objects(c, FG.concerns)}
    assert answered and not any((o, RDF.type, FG.Claim) in graph for o in answered)

    unfiltered = parse((await client.get("/export/claims.jsonld")).text)
    assert set(unfiltered.subjects(RDF.type, FG.Claim)) == {iri(c["id"]) for c in await api_claims(client)}
    data = await gql(client, "query($f: ClaimFilter) { provenance(filter: $f) }", {"f": {"status": ["DECLINED_TO_COMMENT"]}})
    assert isomorphic(parse(data["provenance"]), graph)


async def test_bad_ids_and_filters_are_client_errors(client: httpx.AsyncClient) -> None:
    document = await ingest_seed(client)
    claim_id = (await api_claims(client))[0]["id"]
    missing = base64.urlsafe_b64encode(b"Document:424242").decode()
    cases = [
        (f"/export/documents/{missing}.jsonld", {}, 404, "There is no document with the id"),
        (f"/export/documents/{claim_id}.jsonld", {}, 404, "is the id of a Claim, not of a Document"),
        ("/export/documents/%21%21.jsonld", {}, 400, "is not a valid id"),
        ("/export/claims.jsonld", {"filter": "{status: DENIED}"}, 400, "`filter` is not JSON"),
        ("/export/claims.jsonld", {"filter": "[1, 2]"}, 400, "must be a JSON object"),
        ("/export/claims.jsonld", {"filter": '{"status": ["MAYBE"]}'}, 400, "MAYBE"),
        ("/export/claims.jsonld", {"filter": '{"colour": "red"}'}, 400, "colour"),
        ("/export/claims.jsonld", {"filter": json.dumps({"documentId": claim_id})}, 400, "takes the id of a Document"),
        ("/export/claim-reviews.jsonld", {"filter": '{"minConfidence": "high"}'}, 400, "high"),
    ]
    for path, params, status, message in cases:
        response = await client.get(path, params=params)
        assert response.status_code == status, (path, params, response.text)
        assert message in response.json()["error"], (path, params, response.text)
    body = await gql(client, "query($f: ClaimFilter) { provenance(filter: $f) }", {"f": {"documentId": claim_id}},
                     expect_errors=True)
    assert "takes the id of a Document" in body["errors"][0]["message"]
    assert (await client.get(f"/export/documents/{document['id']}.jsonld")).status_code == 200


async def test_claim_reviews_export_the_reviewed_claims(client: httpx.AsyncClient) -> None:
    await ingest_seed(client)
    claims = await api_claims(client)
    anonymous = next(c for c in claims if c["attribution"]["status"] == "ANONYMOUS_SOURCE")
    declined = next(c for c in claims if c["attribution"]["status"] == "DECLINED_TO_COMMENT")
    for claim, rating, reviewer in [(anonymous, "MOSTLY_TRUE", "Alice Martin"), (declined, "TRUE", "Bob Stone"),
                                    (anonymous, "MOSTLY_FALSE", "Chen Li")]:
        await gql(client, REVIEW, {"input": {"claimId": claim["id"], "rating": rating, "reviewer": reviewer, "note": "checked"}})

    response = await client.get("/export/claim-reviews.jsonld")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/ld+json")
    graph = parse(response.text)
    reviews = {graph.value(r, SDO.itemReviewed): r for r in graph.subjects(RDF.type, SDO.ClaimReview)}
    assert set(reviews) == {iri(anonymous["id"]), iri(declined["id"])}
    expected = {anonymous["id"]: (2, "MOSTLY_FALSE", "Chen Li"), declined["id"]: (5, "TRUE", "Bob Stone")}
    for claim in (anonymous, declined):
        review, item = reviews[iri(claim["id"])], iri(claim["id"])
        rating = graph.value(review, SDO.reviewRating)
        value, name, reviewer = expected[claim["id"]]
        assert graph.value(rating, SDO.ratingValue).toPython() == value
        assert str(graph.value(rating, SDO.alternateName)) == name
        assert (graph.value(rating, SDO.worstRating).toPython(), graph.value(rating, SDO.bestRating).toPython()) == (1, 5)
        assert str(graph.value(graph.value(review, SDO.author), SDO.name)) == reviewer
        assert graph.value(review, SDO.datePublished) is not None
        assert str(graph.value(review, SDO.claimReviewed)) == claim["text"]
        assert (item, RDF.type, SDO.Claim) in graph
        assert str(graph.value(graph.value(item, SDO.author), SDO.name)) == claim["attribution"]["source"]["name"]
        appearance = graph.value(item, SDO.appearance)
        assert str(graph.value(appearance, SDO.url)) == "https://example.com/leapmotor-hongqi"

    only_declined = (await client.get("/export/claim-reviews.jsonld",
                                      params={"filter": json.dumps({"status": ["DECLINED_TO_COMMENT"]})})).json()
    assert [r["itemReviewed"]["@id"] for r in only_declined["@graph"]] == [str(iri(declined["id"]))]
    data = await gql(client, "{ claimReviews }", token=None)
    assert isomorphic(parse(data["claimReviews"]), graph)


async def test_exports_cost_the_same_queries_whatever_the_number_of_claims(counted: tuple[httpx.AsyncClient, list[str]]) -> None:
    client, statements = counted
    first = (await ingest(client, seed_text(), publisher="Reuters"))["document"]

    async def cost(path: str, query: str | None = None) -> int:
        statements.clear()
        if query:
            await gql(client, query, token=None)
        else:
            assert (await client.get(path)).status_code == 200
        return len(statements)

    one = [await cost("/export/claims.jsonld"), await cost(f"/export/documents/{first['id']}.jsonld"),
           await cost("", "{ documents { edges { node { provenance } } } }")]
    for name in ["salar-andino-coraki-denial", "moriya-sakai-stake", "halden-vireo-talks", "valmora-brenntal-stake"]:
        await ingest(client, seed_text(name), publisher="Reuters")
    total = len(await api_claims(client))
    many = [await cost("/export/claims.jsonld"), await cost(f"/export/documents/{first['id']}.jsonld"),
            await cost("", "{ documents { edges { node { provenance } } } }")]
    assert many == one, f"statements for one document's claims {one}, for {total} claims in five documents {many}"
    assert max(many) < 15 < total


async def test_an_export_too_large_asks_for_a_narrower_filter(client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from factgraph.schema import export

    await ingest_seed(client)
    declined = await api_claims(client, {"status": ["DECLINED_TO_COMMENT"]})
    monkeypatch.setattr(export, "MAX_EXPORT_CLAIMS", len(declined))
    response = await client.get("/export/claims.jsonld")
    assert response.status_code == 400
    assert f"More than {len(declined)} claims match the filter" in response.json()["error"]
    narrower = await client.get("/export/claims.jsonld", params={"filter": json.dumps({"status": ["DECLINED_TO_COMMENT"]})})
    assert narrower.status_code == 200
    assert set(parse(narrower.text).subjects(RDF.type, FG.Claim)) == {iri(c["id"]) for c in declined}
