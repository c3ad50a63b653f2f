"""What one GraphQL request may ask for, through the real app: depth, aliases, tokens, fields once fragments
are spread, the nodes a query may return (GitHub's node limit), `first`, batches, and GET never writing.
Each limit is refused before anything runs, with a message naming the measure, the limit, its setting and a
way under it; each is a setting."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from graphql import validate as graphql_validate

from factgraph.api import Settings, create_app
from factgraph.api.settings import SettingsError
from factgraph.extract import Extractor

from .conftest import INGEST, TOKEN, gql, ingest, seed_text

pytestmark = pytest.mark.anyio


@pytest.fixture
async def tight(settings: Settings, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    """The app with small limits, so that a test can sit just below and just above each."""
    limits = dataclasses.replace(settings, max_query_depth=8, max_query_aliases=3, max_query_tokens=60,
                                 max_query_fields=40, max_query_nodes=3009, max_batch_operations=2)
    app = create_app(limits, extractor=extractor)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client


def _error(body: dict) -> dict:
    assert body["data"] is None and len(body["errors"]) == 1, body
    return body["errors"][0]


async def test_depth_over_the_limit_is_refused(tight: httpx.AsyncClient) -> None:
    eight = "{ claims { edges { node { document { claims { edges { node { document { title } } } } } } } } }"
    assert (await gql(tight, eight))["claims"]["edges"] == []
    nine = eight.replace("document { title }", "attribution { source { name } }")
    error = _error(await gql(tight, nine, expect_errors=True))
    assert error["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert "maximum operation depth of 8 (FACTGRAPH_MAX_QUERY_DEPTH)" in error["message"], error
    assert "node(id:)" in error["message"], "it says how to get the nested objects another way"


async def test_aliases_over_the_limit_are_refused(tight: httpx.AsyncClient) -> None:
    assert await gql(tight, "{ a: __typename b: __typename c: __typename }")
    error = _error(await gql(tight, "{ a: __typename b: __typename c: __typename d: __typename }", expect_errors=True))
    assert error["extensions"]["code"] == "TOO_MANY_ALIASES"
    assert error["message"].startswith("4 aliases found. Allowed: 3 (FACTGRAPH_MAX_QUERY_ALIASES)"), error


async def test_tokens_over_the_limit_are_refused(tight: httpx.AsyncClient) -> None:
    assert await gql(tight, "{ " + "__typename " * 30 + "}")
    error = _error(await gql(tight, "{ " + "__typename " * 70 + "}", expect_errors=True))
    assert error["extensions"]["code"] == "QUERY_TOO_LONG"
    assert "more than 60 tokens" in error["message"] and "FACTGRAPH_MAX_QUERY_TOKENS" in error["message"], error


async def test_nodes_are_counted_like_githubs_node_limit(tight: httpx.AsyncClient) -> None:
    # 10 documents + 10 x 50 claims + 10 x 50 x 5 responses (an unpaged list counts 5) = 3,010 > 3,009
    query = """query($n: Int) { documents(first: 10) { edges { node { claims(first: $n) { edges { node {
      responses { id } } } } } } } }"""
    assert (await gql(tight, query, {"n": 49}))["documents"]["edges"] == []  # 10 + 490 + 2,450 = 2,950
    error = _error(await gql(tight, query, {"n": 50}, expect_errors=True))
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "nodes": 3010, "limit": 3009}
    message = error["message"]
    assert "may return up to 3,010 nodes, more than the limit of 3,009 (FACTGRAPH_MAX_QUERY_NODES)" in message, message
    assert "smaller `first`" in message and "`after`" in message, "it says how to lower the count"
    # `first` not given counts as the default page, 20: 20 + 20 x 20 x 5... is over, and so is the literal
    error = _error(await gql(tight, query.replace("first: $n", "first: 100"), {}, expect_errors=True))
    assert error["extensions"]["nodes"] == 10 + 10 * 100 + 10 * 100 * 5
    # `last` counts as `first` does, when paging back
    backwards = query.replace("first: $n", "last: $n")
    assert (await gql(tight, backwards, {"n": 49}))["documents"]["edges"] == []
    assert _error(await gql(tight, backwards, {"n": 50}, expect_errors=True))["extensions"]["nodes"] == 3010


async def test_fields_are_counted_once_fragments_are_spread(tight: httpx.AsyncClient) -> None:
    few = "{ ...A } fragment A on Query { ...B ...B } fragment B on Query { __typename }"
    assert await gql(tight, few)
    error = _error(await gql(tight, "{ ...A } fragment A on Query { ...B ...B ...B } fragment B on Query { "
                                    + " ".join(["__typename"] * 14) + " }", expect_errors=True))
    assert error["extensions"] == {"code": "QUERY_TOO_LARGE", "fields": 42, "limit": 40}
    assert "expands to 42 fields once its fragments are spread" in error["message"], error


async def test_a_fragment_bomb_is_refused_at_once(client: httpx.AsyncClient) -> None:
    """Each fragment spreads the next twice: 2**40 fields in 2 kB. Strawberry's depth limiter walks the
    expansion (it took minutes at 30 levels) unless it is refused first; here it takes a moment."""
    levels = 40
    bomb = "{ ...F0 } " + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(levels))
    bomb += f" fragment F{levels} on Query {{ __typename }}"
    started = time.monotonic()
    error = _error(await gql(client, bomb, expect_errors=True))
    assert time.monotonic() - started < 2
    assert error["extensions"]["code"] == "QUERY_TOO_LARGE" and error["extensions"]["fields"] == 2**levels


async def test_an_empty_selection_set_is_a_syntax_error(client: httpx.AsyncClient) -> None:
    """graphql-core parses `{ }` by default, and Strawberry's depth limiter then fails on it (max() of
    nothing): an internal error. The specification has it be a syntax error."""
    for query in ["{ claims { } }", "{ }", "query { documents { edges { node { } } } }"]:
        error = _error(await gql(client, query, expect_errors=True))
        assert error["message"].startswith("Syntax Error: Expected Name, found '}'"), (query, error)


async def test_the_defaults_pass_large_real_queries(client: httpx.AsyncClient) -> None:
    """The largest query in the tests (tests/test_batching.py: every nested field of 30 claims and of their
    corroborations) is far under every default; GraphiQL's introspection query too."""
    from .test_batching import CLAIMS_NESTED

    await ingest(client, seed_text(), publishedAt="2025-04-24")
    assert len((await gql(client, CLAIMS_NESTED, {"n": 30}))["claims"]["edges"]) == 24  # every claim of the seed
    from graphql import get_introspection_query

    assert (await gql(client, get_introspection_query(descriptions=True, input_value_deprecation=True)))["__schema"]


async def test_first_above_100_is_refused(client: httpx.AsyncClient) -> None:
    error = _error(await gql(client, "{ documents(first: 101) { totalCount } }", expect_errors=True))
    assert "`first` is 101, more than the maximum of 100" in error["message"]


async def test_batches_run_up_to_the_limit(tight: httpx.AsyncClient) -> None:
    batch = [{"query": "{ documents { totalCount } }"}, {"query": "query($n: Int) { claims(first: $n) { totalCount } }",
                                                        "variables": {"n": 1}}]
    response = await tight.post("/graphql", json=batch)
    assert response.status_code == 200
    assert response.json() == [{"data": {"documents": {"totalCount": 0}}}, {"data": {"claims": {"totalCount": 0}}}]
    response = await tight.post("/graphql", json=batch + batch[:1])
    assert response.status_code == 400
    assert response.json() == {"errors": [{"message": "This batch has 3 operations, more than the limit of 2 "
                                                      "(FACTGRAPH_MAX_BATCH_OPERATIONS): send them in several requests.",
                                           "extensions": {"code": "BAD_REQUEST"}}]}


async def test_each_mutation_of_a_batch_needs_the_token(client: httpx.AsyncClient) -> None:
    write = {"query": INGEST, "variables": {"input": {"text": "Acme Corp said it agreed to buy Beta Inc.\n"}}}
    response = await client.post("/graphql", json=[write, {"query": "{ documents { totalCount } }"}])
    refused, read = response.json()
    assert "needs the API token" in refused["errors"][0]["message"] and read["data"]["documents"]["totalCount"] == 0
    response = await client.post("/graphql", json=[write], headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.json()[0]["data"]["ingestDocument"]["created"] is True


async def test_get_never_runs_a_mutation(client: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
    variables = '{"input": {"text": "Acme Corp said it agreed to buy Beta Inc."}}'
    response = await client.get("/graphql", params={"query": INGEST, "variables": variables}, headers=headers)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["message"] == "Mutations are not allowed over GET: POST them."
    # Nor by naming the mutation among a query's operations.
    both = "query Q { documents { totalCount } } " + INGEST.replace("mutation(", "mutation M(")
    response = await client.get("/graphql", params={"query": both, "variables": variables, "operationName": "M"},
                                headers=headers)
    assert response.status_code == 400, response.text
    response = await client.get("/graphql", params={"query": both, "variables": variables, "operationName": "Q"},
                                headers=headers)
    assert response.json() == {"data": {"documents": {"totalCount": 0}}}, "nothing was stored"


def test_every_limit_is_a_setting() -> None:
    settings = Settings.from_env({"FACTGRAPH_MAX_QUERY_DEPTH": "7", "FACTGRAPH_MAX_QUERY_ALIASES": "8",
                                  "FACTGRAPH_MAX_QUERY_TOKENS": "900", "FACTGRAPH_MAX_QUERY_FIELDS": "901",
                                  "FACTGRAPH_MAX_QUERY_NODES": "902", "FACTGRAPH_MAX_BATCH_OPERATIONS": "3"})
    limits = settings.query_limits()
    assert (limits.max_depth, limits.max_aliases, limits.max_tokens, limits.max_fields, limits.max_nodes,
            limits.max_batch_operations) == (7, 8, 900, 901, 902, 3)
    defaults = Settings.from_env({}).query_limits()
    assert (defaults.max_depth, defaults.max_nodes, defaults.max_batch_operations) == (15, 500_000, 10)
    assert Settings.from_env({"FACTGRAPH_MAX_REQUEST_BYTES": "5000"}).request_limit == 5000
    assert Settings.from_env({"FACTGRAPH_MAX_ARTICLE_BYTES": "1000"}).request_limit == 6 * 1000 + 65_536
    with pytest.raises(SettingsError, match="FACTGRAPH_MAX_QUERY_NODES must be a whole number"):
        Settings.from_env({"FACTGRAPH_MAX_QUERY_NODES": "lots"})
    with pytest.raises(SettingsError, match="FACTGRAPH_MAX_QUERY_DEPTH must be positive"):
        Settings.from_env({"FACTGRAPH_MAX_QUERY_DEPTH": "0"})


async def test_a_spread_of_an_unknown_fragment_is_graphql_cores_error(client: httpx.AsyncClient) -> None:
    """Found by tests/test_fuzz.py: Strawberry's depth limiter looked the fragment up unchecked (a KeyError,
    an internal error); it is refused first, in graphql-core's words."""
    for query in ["{ ...Missing }", "{ claims { edges { node { ...Missing } } } }",
                  "{ ...A } fragment A on Query { documents { edges { node { ...B } } } }"]:
        error = _error(await gql(client, query, expect_errors=True))
        assert error["message"] in {"Unknown fragment 'Missing'.", "Unknown fragment 'B'."}, (query, error)
        assert error["locations"], error


async def test_a_query_text_is_validated_once_and_still_measured_each_time(tight: httpx.AsyncClient,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from factgraph.schema import caches

    validated: list[object] = []

    def counted(*args: object, **kwargs: object) -> object:
        validated.append(args[1])
        return graphql_validate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(caches, "validate", counted)
    query = """query($n: Int) { documents(first: 10) { edges { node { claims(first: $n) { edges { node {
      responses { id } } } } } } } }"""
    for _ in range(3):
        assert (await gql(tight, query, {"n": 49}))["documents"]["edges"] == []
    assert len(validated) == 1, "validated once, then found in the cache"
    # The same text with a variable that makes it too costly: measured per request, refused despite the cache.
    assert _error(await gql(tight, query, {"n": 50}, expect_errors=True))["extensions"]["code"] == "QUERY_TOO_COSTLY"
