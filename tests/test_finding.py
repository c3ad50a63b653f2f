"""Finding things without knowing an id: the filters of companies, people, vehicles, deals and documents, their
`orderBy`, `last`/`before` on every connection (GitHub's rules), and the connections beside growing lists.

Each filter is checked against the whole list filtered here, in Python, from the fields the API returns: a
filter that matched too much or too little would differ. The articles are read in once per backend (module
scope) and only read afterwards."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from factgraph.api import Settings, create_app
from factgraph.extract import Extractor

from .conftest import SEEDS, TOKEN, _postgres_database, gql
from .test_across_documents import ARTICLES as LINKED, HALVORSEN

pytestmark = pytest.mark.anyio

ARTICLES = ["leapmotor-faw-hongqi", "calder-ridgeway-pennock-talks", "daesan-helvane-battery-jv", "halden-vireo-talks",
            "sunvale-orbit7-launch", "moriya-sakai-stake"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
async def api(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
              extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    databases = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('finding') / 'factgraph.db'}"
    else:
        databases = _postgres_database()
        url = next(databases)
    app = create_app(Settings(database_url=url, api_token=TOKEN), extractor=extractor)
    try:
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
                for name in ARTICLES:
                    meta = json.loads((SEEDS / f"{name}.meta.json").read_text(encoding="utf-8"))
                    await gql(client, "mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) { created } }",
                              {"i": {"text": (SEEDS / f"{name}.txt").read_text(encoding="utf-8"), "title": name,
                                     "publisher": meta["publisher"], "publishedAt": meta["published"]}})
                for name, publisher, published in HALVORSEN:  # one deal told five times: claims linked across documents
                    await gql(client, "mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) { created } }",
                              {"i": {"text": (LINKED / f"{name}.txt").read_text(encoding="utf-8"), "title": name,
                                     "publisher": publisher, "publishedAt": published}})
                yield client
    finally:
        if databases is not None:
            databases.close()


async def every(client: httpx.AsyncClient, field: str, selection: str, arguments: str = "",
                variables: dict[str, Any] | None = None, declared: str = "") -> list[dict[str, Any]]:
    """Every node of a root connection, page by page of 7 forwards."""
    query = (f"query($after: String{declared}) {{ {field}(first: 7, after: $after{arguments}) {{ totalCount "
             f"pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {selection} }} }} }} }}")
    found: list[dict[str, Any]] = []
    after = None
    while True:
        page = (await gql(client, query, {**(variables or {}), "after": after}))[field]
        found += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            assert page["totalCount"] == len(found)
            return found
        after = page["pageInfo"]["endCursor"]


async def every_backwards(client: httpx.AsyncClient, field: str, selection: str, arguments: str = "",
                          variables: dict[str, Any] | None = None, declared: str = "", size: int = 5) -> list[dict[str, Any]]:
    """Every node of a root connection, from the end, page by page of `size` with `last` and `before`."""
    query = (f"query($before: String{declared}) {{ {field}(last: {size}, before: $before{arguments}) {{ totalCount "
             f"pageInfo {{ hasPreviousPage hasNextPage startCursor }} edges {{ node {{ {selection} }} }} }} }}")
    found: list[dict[str, Any]] = []
    before = None
    while True:
        page = (await gql(client, query, {**(variables or {}), "before": before}))[field]
        assert page["pageInfo"]["hasNextPage"] == (before is not None)
        assert len(page["edges"]) <= size
        found = [edge["node"] for edge in page["edges"]] + found
        if not page["pageInfo"]["hasPreviousPage"]:
            assert page["totalCount"] == len(found)
            return found
        before = page["pageInfo"]["startCursor"]


async def company_id(client: httpx.AsyncClient, name: str) -> str:
    found = (await gql(client, "query($n: String) { companies(filter: {name: $n}) { edges { node { id name } } } }",
                       {"n": name}))["companies"]["edges"]
    return next(edge["node"]["id"] for edge in found if edge["node"]["name"] == name)


# -- companies, people, vehicles ------------------------------------------------------------------------------

# (list, what to look for): a part of the name in another case, an alias only, a part of an alias.
NAME_CASES = [
    ("companies", "LEAPM"),  # a part of the name, another case
    ("companies", "red flag"),  # Hongqi's alias, not its name
    ("companies", "AR"),  # inside words of several names
    ("people", "zhu"),
    ("vehicles", "b10"),
    ("companies", "%"),  # LIKE's wildcard is a character like any other
    ("companies", "_"),
]


@pytest.mark.parametrize(("field", "name"), NAME_CASES)
async def test_entities_are_found_by_a_part_of_a_name_or_alias_in_any_case(api: httpx.AsyncClient, field: str, name: str) -> None:
    everything = await every(api, field, "id name aliases")
    expected = [e["id"] for e in everything if any(name.lower() in n.lower() for n in [e["name"], *e["aliases"]])]
    found = await every(api, field, "id", ", filter: {name: $name}", {"name": name}, ", $name: String")
    assert [e["id"] for e in found] == expected
    if name not in {"%", "_"}:
        assert expected, f"the articles have a {field} matching {name!r}"


async def test_a_front_end_finds_leapmotor_and_its_deals_without_an_id(api: httpx.AsyncClient) -> None:
    data = await gql(api, """{ companies(filter: {name: "leapmotor"}) { edges { node { id name } } } }""")
    leapmotor = next(e["node"] for e in data["companies"]["edges"] if e["node"]["name"] == "Leapmotor")
    deals = (await gql(api, """query($id: ID!) { deals(filter: {party: $id}) { totalCount
      edges { node { kind status parties { name } } } } }""", {"id": leapmotor["id"]}))["deals"]
    assert deals["totalCount"] >= 3
    assert all("Leapmotor" in [p["name"] for p in e["node"]["parties"]] for e in deals["edges"])


async def test_entities_sort_by_name_both_ways_across_pages(api: httpx.AsyncClient) -> None:
    everything = await every(api, "companies", "id name")
    ascending = await every(api, "companies", "id name", ", orderBy: {field: NAME}")
    assert [c["id"] for c in ascending] == [c["id"] for c in sorted(everything, key=lambda c: c["name"].lower())]
    descending = await every(api, "companies", "id name", ", orderBy: {field: NAME, direction: DESC}")
    names = [c["name"].lower() for c in descending]
    assert names == sorted(names, reverse=True) and len(descending) == len(everything)
    assert await every_backwards(api, "companies", "id name", ", orderBy: {field: NAME}") == ascending


# -- deals ------------------------------------------------------------------------------------------------------

DEAL = "id kind status confidence parties { id } evidence { id document { id } }"


async def test_deals_filter_by_kind_status_party_confidence_and_where_they_are_mentioned(api: httpx.AsyncClient) -> None:
    everything = await every(api, "deals", DEAL)
    documents = await every(api, "documents", "id")
    party = await company_id(api, "Leapmotor")
    claim = everything[0]["evidence"][0]["id"]
    cases: list[tuple[str, Any]] = [
        ('kind: [PARTNERSHIP, LICENSING]', lambda d: d["kind"] in {"PARTNERSHIP", "LICENSING"}),
        ('status: [IN_TALKS]', lambda d: d["status"] == "IN_TALKS"),
        (f'party: "{party}"', lambda d: party in [p["id"] for p in d["parties"]]),
        ('minConfidence: 0.8', lambda d: d["confidence"] >= 0.8),
        (f'mentionedIn: "{documents[1]["id"]}"', lambda d: documents[1]["id"] in [c["document"]["id"] for c in d["evidence"]]),
        (f'mentionedIn: "{claim}"', lambda d: claim in [c["id"] for c in d["evidence"]]),
        (f'party: "{party}", status: [AGREED, MOU_SIGNED], minConfidence: 0.7',
         lambda d: party in [p["id"] for p in d["parties"]] and d["status"] in {"AGREED", "MOU_SIGNED"} and d["confidence"] >= 0.7),
    ]
    for given, keep in cases:
        expected = [d["id"] for d in everything if keep(d)]
        found = await every(api, "deals", "id", f", filter: {{{given}}}")
        assert [d["id"] for d in found] == expected, given
        assert expected and len(expected) < len(everything), f"{given} keeps some deals and not others"


async def test_deals_sort_by_confidence(api: httpx.AsyncClient) -> None:
    everything = await every(api, "deals", "id confidence")
    found = await every(api, "deals", "id confidence", ", orderBy: {field: CONFIDENCE, direction: DESC}")
    assert [d["id"] for d in found] == [d["id"] for d in sorted(everything, key=lambda d: -d["confidence"])]  # stable: ties by id
    assert await every_backwards(api, "deals", "id confidence", ", orderBy: {field: CONFIDENCE, direction: DESC}") == found


@pytest.mark.parametrize(("given", "message"), [
    ('party: "Q2xhaW06MQ=="', "`party` takes the id of a Company, not of a Claim."),
    ('mentionedIn: "Q29tcGFueTox"', "`mentionedIn` takes the id of a Document or a Claim, not of a Company."),
    ("minConfidence: 1.5", "`minConfidence` is 1.5: it must be between 0 and 1."),
    ('party: "nonsense"', "'nonsense' is not a valid id"),
])
async def test_a_bad_deal_filter_says_what_is_wrong(api: httpx.AsyncClient, given: str, message: str) -> None:
    body = await gql(api, f"{{ deals(filter: {{{given}}}) {{ totalCount }} }}", expect_errors=True)
    assert message in body["errors"][0]["message"]


# -- documents --------------------------------------------------------------------------------------------------

async def test_documents_filter_by_publisher_dates_and_text(api: httpx.AsyncClient) -> None:
    everything = await every(api, "documents", "id publisher publishedAt")
    stake = {c["node"]["document"]["id"] for c in (await gql(
        api, '{ claims(first: 100, filter: {text: "stake"}) { edges { node { document { id } } } } }'))["claims"]["edges"]}
    dates = sorted(d["publishedAt"] for d in everything)
    middle = dates[len(dates) // 2]
    cases: list[tuple[str, Any]] = [
        ('publisher: "reuters"', lambda d: (d["publisher"] or "").lower() == "reuters"),
        (f'publishedAfter: "{middle}"', lambda d: d["publishedAt"] >= middle),
        (f'publishedBefore: "{middle}"', lambda d: d["publishedAt"] <= middle),
        (f'publishedAfter: "{middle}", publishedBefore: "{middle}"', lambda d: d["publishedAt"] == middle),
        ('text: "stake"', lambda d: d["id"] in stake),
    ]
    for given, keep in cases:
        expected = [d["id"] for d in everything if keep(d)]
        found = await every(api, "documents", "id", f", filter: {{{given}}}")
        assert [d["id"] for d in found] == expected, given
        assert expected, given
    assert stake and len(stake) < len(everything)
    body = await gql(api, '{ documents(filter: {publishedAfter: "2025-05-01", publishedBefore: "2025-04-01"}) { totalCount } }',
                     expect_errors=True)
    assert "later than `publishedBefore`" in body["errors"][0]["message"]


async def test_documents_sort_by_publication_date(api: httpx.AsyncClient) -> None:
    everything = await every(api, "documents", "id publishedAt")
    newest = await every(api, "documents", "id publishedAt", ", orderBy: {field: PUBLISHED_AT, direction: DESC}")
    assert [d["id"] for d in newest] == [d["id"] for d in sorted(everything, key=lambda d: d["publishedAt"], reverse=True)] or \
        [d["publishedAt"] for d in newest] == sorted((d["publishedAt"] for d in everything), reverse=True)
    assert await every_backwards(api, "documents", "id publishedAt", ", orderBy: {field: PUBLISHED_AT, direction: DESC}") == newest


# -- last / before on every connection ---------------------------------------------------------------------------

ROOTS = ["documents", "claims", "companies", "people", "vehicles", "deals", "sources"]


@pytest.mark.parametrize("field", ROOTS)
async def test_every_root_connection_pages_backwards_to_the_same_list(api: httpx.AsyncClient, field: str) -> None:
    forwards = await every(api, field, "id")
    assert len(forwards) > 2, "more than one page each way"
    assert await every_backwards(api, field, "id", size=2) == forwards


async def test_claims_page_backwards_in_a_sorted_filtered_order(api: httpx.AsyncClient) -> None:
    arguments = ', orderBy: {field: CONFIDENCE, direction: DESC}, filter: {status: [CONFIRMED, ANONYMOUS_SOURCE]}'
    forwards = await every(api, "claims", "id confidence", arguments)
    assert len(forwards) > 10
    assert await every_backwards(api, "claims", "id confidence", arguments) == forwards


async def test_first_and_before_and_after_and_last_bound_a_page_from_both_sides(api: httpx.AsyncClient) -> None:
    ids = [d["id"] for d in await every(api, "companies", "id")]
    page = (await gql(api, "{ companies(first: 100) { edges { cursor node { id } } } }"))["companies"]["edges"]
    cursors = [edge["cursor"] for edge in page]
    between = (await gql(api, "query($a: String, $b: String) { companies(after: $a, before: $b) { edges { node { id } } "
                              "pageInfo { hasNextPage hasPreviousPage } } }", {"a": cursors[2], "b": cursors[8]}))["companies"]
    assert [e["node"]["id"] for e in between["edges"]] == ids[3:8]
    last = (await gql(api, "query($a: String, $b: String) { companies(last: 2, after: $a, before: $b) { edges { node { id } } "
                           "pageInfo { hasNextPage hasPreviousPage } } }", {"a": cursors[2], "b": cursors[8]}))["companies"]
    assert [e["node"]["id"] for e in last["edges"]] == ids[6:8]
    assert last["pageInfo"] == {"hasNextPage": True, "hasPreviousPage": True}


NESTED = {
    "Document.claims": ("documents", "claims"),
    "Company.claims": ("companies", "claims"),
    "Person.claims": ("people", "claims"),
    "Deal.evidenceConnection": ("deals", "evidenceConnection"),
    "Vehicle.evidenceConnection": ("vehicles", "evidenceConnection"),
}


@pytest.mark.parametrize("name", NESTED)
async def test_nested_connections_page_both_ways(api: httpx.AsyncClient, name: str) -> None:
    root, field = NESTED[name]
    query = f"""query($after: String, $before: String, $first: Int, $last: Int) {{ {root}(first: 100) {{ edges {{ node {{ id
      {field}(first: $first, after: $after, last: $last, before: $before) {{ totalCount
        pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} edges {{ node {{ id }} }} }} }} }} }} }}"""
    whole = {e["node"]["id"]: [c["node"]["id"] for c in e["node"][field]["edges"]]
             for e in (await gql(api, query, {"first": 100}))[root]["edges"]}
    owner = max(whole, key=lambda key: len(whole[key]))
    assert len(whole[owner]) > 2, f"some {root} have more than one page of 2"

    def pages_of(found: dict[str, Any]) -> dict[str, Any]:
        return next(e["node"][field] for e in found[root]["edges"] if e["node"]["id"] == owner)

    seen: list[str] = []
    after = None
    while True:
        page = pages_of(await gql(api, query, {"first": 2, "after": after}))
        seen += [c["node"]["id"] for c in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    backwards: list[str] = []
    before = None
    while True:
        page = pages_of(await gql(api, query, {"last": 2, "before": before}))
        backwards = [c["node"]["id"] for c in page["edges"]] + backwards
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]
    assert seen == backwards == whole[owner]
    assert page["totalCount"] == len(whole[owner])


@pytest.mark.parametrize(("arguments", "message"), [
    ("first: 2, last: 2", "Passing both `first` and `last` to paginate a connection is not supported"),
    ("last: 101", "`last` is 101, more than the maximum of 100"),
    ("last: -1", "`last` must be 0 or more, got -1."),
    ('before: "bm9wZQ=="', "is not a valid cursor: pass the `startCursor` of the next page as `before`."),
])
async def test_github_paging_rules_are_refused_with_a_reason(api: httpx.AsyncClient, arguments: str, message: str) -> None:
    for query in (f"{{ companies({arguments}) {{ totalCount }} }}",
                  f"{{ documents(first: 1) {{ edges {{ node {{ claims({arguments}) {{ totalCount }} }} }} }} }}"):
        body = await gql(api, query, expect_errors=True)
        assert message in body["errors"][0]["message"], body


# -- connections beside the growing lists ------------------------------------------------------------------------

async def test_each_growing_list_has_a_connection_with_the_same_claims(api: httpx.AsyncClient) -> None:
    deals = (await gql(api, """{ deals(first: 100) { edges { node { evidence { id }
      evidenceConnection(first: 100) { totalCount edges { node { id } } } } } } }"""))["deals"]["edges"]
    assert any(len(d["node"]["evidence"]) > 1 for d in deals)
    for deal in deals:
        listed = [c["id"] for c in deal["node"]["evidence"]]
        paged = [c["node"]["id"] for c in deal["node"]["evidenceConnection"]["edges"]]
        assert listed == paged and deal["node"]["evidenceConnection"]["totalCount"] == len(listed)
    vehicles = (await gql(api, """{ vehicles(first: 100) { edges { node { evidence { id }
      evidenceConnection { totalCount edges { node { id } } } } } } }"""))["vehicles"]["edges"]
    assert vehicles and all([c["id"] for c in v["node"]["evidence"]][:20] == [c["node"]["id"] for c in v["node"]["evidenceConnection"]["edges"]]
                            for v in vehicles)
    claims = (await gql(api, """{ claims(first: 100, filter: {contradicted: true}) { edges { node { corroboratedBy { id } contradictedBy { id }
      corroboratedByConnection { totalCount edges { node { id } } } contradictedByConnection { totalCount edges { node { id } } } } } } }"""))
    assert claims["claims"]["edges"], "the five articles contradict each other"
    for edge in claims["claims"]["edges"]:
        node = edge["node"]
        assert node["contradictedBy"]
        for name in ("corroboratedBy", "contradictedBy"):
            assert [c["id"] for c in node[name]] == [c["node"]["id"] for c in node[f"{name}Connection"]["edges"]]
            assert node[f"{name}Connection"]["totalCount"] == len(node[name])

