"""Requests that were the client's fault but answered as the server's (a 500, an internal error), and the
smaller things a public API owes its clients: JSON nested too deep, a subscription sent over HTTP, "Validation
aborted." with no code, publisher names with control characters, introspection and suggestions as settings.
These run on SQLite only: none of them reaches a query that differs between the backends."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from factgraph.api import Settings, create_app
from factgraph.api.json_input import MAX_JSON_DEPTH
from factgraph.api.settings import SettingsError
from factgraph.extract import Extractor

from .conftest import TOKEN, gql, ingest

pytestmark = pytest.mark.anyio

DEEP = "[" * 990 + "]" * 990  # what raised RecursionError (a 500 that dropped the connection)
JUST_TOO_DEEP = "[" * (MAX_JSON_DEPTH) + "]" * (MAX_JSON_DEPTH)  # with the request object around it: one level over


def _settings(tmp_path: Path, **changes: object) -> Settings:
    return dataclasses.replace(Settings(database_url=f"sqlite:///{tmp_path / 'factgraph.db'}", api_token=TOKEN), **changes)


async def _client(settings: Settings, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, extractor=extractor)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client


@pytest.fixture
async def local(tmp_path: Path, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(_settings(tmp_path), extractor):
        yield client


@pytest.mark.parametrize("nested", [DEEP, JUST_TOO_DEEP])
async def test_json_nested_too_deep_is_a_400_everywhere_json_is_read(local: httpx.AsyncClient, nested: str) -> None:
    answers = [
        await local.post("/graphql", content='{"query": "{ __typename }", "variables": {"a": ' + nested + "}}",
                         headers={"Content-Type": "application/json"}),
        await local.post("/graphql", content="[" + '{"query": "{ __typename }", "variables": {"a": ' + nested + "}}]",
                         headers={"Content-Type": "application/json"}),
        await local.get("/graphql", params={"query": "{ __typename }", "variables": '{"a": ' + nested + "}"}),
    ]
    for response in answers:
        assert response.status_code == 400, response.text
        error = response.json()["errors"][0]
        assert error["extensions"]["code"] == "BAD_REQUEST"
        assert f"more than the {MAX_JSON_DEPTH} levels a request may have" in error["message"]
    exported = await local.get("/export/claims.jsonld", params={"filter": '{"status": ' + nested + "}"})
    assert exported.status_code == 400 and "`filter`: The JSON nests" in exported.json()["error"], exported.text
    assert (await local.post("/graphql", json={"query": "{ __typename }"})).json() == {"data": {"__typename": "Query"}}


async def test_json_as_deep_as_allowed_is_read(local: httpx.AsyncClient) -> None:
    # The request object, its variables and the value: MAX_JSON_DEPTH levels in all.
    allowed = "[" * (MAX_JSON_DEPTH - 2) + "]" * (MAX_JSON_DEPTH - 2)
    response = await local.post("/graphql", content='{"query": "{ __typename }", "variables": {"a": ' + allowed + "}}",
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}, response.text


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_subscription_over_http_is_a_400_saying_where_to_subscribe(local: httpx.AsyncClient, method: str) -> None:
    query = "subscription { claimAdded { id } }"
    if method == "POST":
        response = await local.post("/graphql", json={"query": query})
    else:
        response = await local.get("/graphql", params={"query": query}, headers={"Accept": "application/json"})
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "subscribe over a websocket at /graphql (protocol graphql-transport-ws)" in error["message"]


async def test_validation_aborted_has_a_code_and_says_why(local: httpx.AsyncClient) -> None:
    body = await gql(local, "{" + " documents { totalCount }" * 1200 + "}", expect_errors=True)
    error = body["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION_ABORTED", error
    assert error["message"].startswith("Validation aborted: the document is too large to validate")


async def test_control_characters_are_dropped_from_publisher_names(local: httpx.AsyncClient) -> None:
    given = "\u202eReu\x1b[31mters\x07\n "
    created = await ingest(local, "Acme Corp agreed on Monday to buy Beta Inc for $2 billion.\n", publisher=given)  # its own reporting
    document = (await gql(local, "query($id: ID!) { node(id: $id) { ... on Document { publisher } } }",
                          {"id": created["document"]["id"]}))["node"]
    assert document["publisher"] == "Reu[31mters"
    assert [p["name"] for p in (await gql(local, "{ publishers { name } }"))["publishers"]] == ["Reu[31mters"]
    assert (await gql(local, """mutation { setReliability(input: {publisher: "Reu[31mters\\u0007", reliability: 0.5,
      note: "test", setBy: "desk"}) { rescoredClaims } }"""))["setReliability"]["rescoredClaims"] >= 1, \
        "the same name, however it is written, is the same publisher"


async def test_introspection_and_suggestions_are_on_by_default(local: httpx.AsyncClient) -> None:
    assert (await gql(local, "{ __schema { queryType { name } } }"))["__schema"]["queryType"]["name"] == "Query"
    body = await gql(local, "{ claim { id } }", expect_errors=True)
    assert "Did you mean 'claims'?" in body["errors"][0]["message"]


async def test_introspection_and_suggestions_can_be_turned_off(tmp_path: Path, extractor: Extractor) -> None:
    async for client in _client(_settings(tmp_path, introspection=False, suggestions=False), extractor):
        body = await gql(client, "{ __schema { queryType { name } } }", expect_errors=True)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "INTROSPECTION_DISABLED"
        assert "FACTGRAPH_INTROSPECTION=0" in error["message"] and "schema.graphql" in error["message"]
        assert (await gql(client, "{ __typename }")) == {"__typename": "Query"}, "__typename is not introspection"
        for query in ["{ claim { id } }", "{ claims(filter: {status: [CONFIRMD]}) { totalCount } }"]:
            message = (await gql(client, query, expect_errors=True))["errors"][0]["message"]
            assert "Did you mean" not in message and ("Cannot query field 'claim'" in message or "CONFIRMD" in message), message
        variables = await gql(client, "query($s: [AttributionStatus!]) { claims(filter: {status: $s}) { totalCount } }",
                              {"s": ["CONFIRMD"]}, expect_errors=True)
        assert "Did you mean" not in variables["errors"][0]["message"]


def test_the_switches_are_read_from_the_environment() -> None:
    assert Settings.from_env({}).introspection and Settings.from_env({}).suggestions
    off = Settings.from_env({"FACTGRAPH_INTROSPECTION": "0", "FACTGRAPH_SUGGESTIONS": "off"})
    assert not off.introspection and not off.suggestions
    with pytest.raises(SettingsError, match="FACTGRAPH_INTROSPECTION must be 1 \\(on\\) or 0 \\(off\\), got 'maybe'"):
        Settings.from_env({"FACTGRAPH_INTROSPECTION": "maybe"})


@pytest.mark.parametrize("query", [{"token": TOKEN}, {"access_token": "anything"}, {"q": TOKEN}, {"api_key": ""}])
async def test_a_token_in_the_url_is_refused(local: httpx.AsyncClient, query: dict[str, str]) -> None:
    for path in ["/graphql", "/", "/export/claims.jsonld"]:
        response = await local.get(path, params={**query, "query": "{ __typename }"}, headers={"Accept": "application/json"})
        assert response.status_code == 400, (path, response.text)
        assert "TOKEN_IN_URL" in response.text and "Authorization: Bearer <token>" in response.text
    assert (await local.get("/graphql", params={"query": "{ __typename }"}, headers={"Accept": "application/json"})).status_code == 200
