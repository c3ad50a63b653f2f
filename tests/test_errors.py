"""No stack trace, exception class or SQL ever reaches a client, while the server log keeps all of it.

Faults are injected for real: the database's tables dropped under the running app, a query function made to
raise, an exception in a schema extension, in a page route and in the static files. The client gets a clean
message with the code INTERNAL_SERVER_ERROR and a reference; the log has that reference with the traceback.
Expected errors (a bad id, a refused mutation, a syntax error) keep their messages."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import contextmanager

import httpx
import pytest
from sqlmodel import SQLModel
from starlette.staticfiles import StaticFiles

from factgraph.api import Settings, create_app
from factgraph.api.page import Page
from factgraph.db import queries
from factgraph.extract import Extractor
from factgraph.schema import limits

from .conftest import gql, ingest, seed_text

pytestmark = pytest.mark.anyio

# What a client must never see.
LEAKS = re.compile(r"Traceback|File \"|\.py\b|RuntimeError|OperationalError|ProgrammingError|UndefinedTable|sqlalchemy|"
                   r"psycopg|sqlite|SELECT|FROM |no such table|does not exist|fault injected", re.IGNORECASE)
GENERIC = "Internal server error: the server could not answer this request."


@pytest.fixture
async def unraised(settings: Settings, extractor: Extractor) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    """The app with a client that gets the 500 a real client would get rather than the app's exception."""
    app = create_app(settings, extractor=extractor)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://factgraph.test") as client:
            yield client, app


def _internal(error: dict) -> str:
    """The reference of an internal error as a client sees it, after checking that is all it sees."""
    assert error["message"].startswith(GENERIC), error
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR", error
    reference = error["extensions"]["reference"]
    assert re.fullmatch(r"[0-9a-f]{12}", reference), error
    return reference


def _logged(caplog: pytest.LogCaptureFixture, reference: str, *details: str) -> None:
    records = [r for r in caplog.records if reference in r.getMessage()]
    assert len(records) == 1, [r.getMessage() for r in caplog.records]
    record = records[0]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    logged = caplog.text
    assert "Traceback (most recent call last)" in logged
    for detail in details:
        assert re.search(detail, logged, re.IGNORECASE), f"the log lacks {detail!r}"


async def test_a_database_gone_under_the_app_is_an_internal_error(unraised, caplog: pytest.LogCaptureFixture) -> None:
    client, app = unraised
    document = (await ingest(client, seed_text(), publishedAt="2025-04-24"))["document"]
    SQLModel.metadata.drop_all(app.state.database.engine)  # every query from now on fails in the database
    caplog.set_level(logging.DEBUG)

    body = await gql(client, "{ claims(first: 5) { totalCount edges { node { text } } } }", expect_errors=True)
    assert body["data"] is None and not LEAKS.search(str(body)), body
    reference = _internal(body["errors"][0])
    assert body["errors"][0]["path"] == ["claims"]
    _logged(caplog, reference, r"no such table|does not exist", "SELECT")

    caplog.clear()
    response = await client.get(f"/export/documents/{document['id']}.jsonld")
    assert response.status_code == 500 and not LEAKS.search(response.text), response.text
    assert response.json()["code"] == "INTERNAL_SERVER_ERROR"
    _logged(caplog, response.json()["reference"], r"no such table|does not exist")

    caplog.clear()
    response = await client.get("/export/claims.jsonld", params={"filter": '{"status": ["DENIED"]}'})
    assert response.status_code == 500 and not LEAKS.search(response.text), response.text
    _logged(caplog, response.json()["reference"], r"no such table|does not exist")


async def test_a_query_function_that_raises_is_an_internal_error(client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("fault injected: SELECT secret FROM passwords")

    monkeypatch.setattr(queries, "documents", broken)
    body = await gql(client, "{ documents { totalCount } publishers { name } }", expect_errors=True)
    assert body["data"] is None and not LEAKS.search(str(body)), body
    _logged(caplog, _internal(body["errors"][0]), "RuntimeError: fault injected: SELECT secret FROM passwords")


async def test_an_extension_that_raises_is_an_internal_error_too(client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """Strawberry's MaskErrors never sees the error of an extension that raised; the schema masks it anyway."""
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("fault injected in a limit check")

    monkeypatch.setattr(limits, "measure", broken)
    body = await gql(client, "{ documents { totalCount } }", expect_errors=True)
    assert not LEAKS.search(str(body)), body
    _logged(caplog, _internal(body["errors"][0]), "fault injected in a limit check")


async def test_expected_errors_keep_their_messages(client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    cases = [
        ('{ node(id: "garbage!") { id } }', "'garbage!' is not a valid id"),
        ("{ claims { nope } }", "Cannot query field 'nope' on type 'ClaimConnection'."),
        ("{ claims(", "Syntax Error"),
        ('{ claims(filter: {publishedAfter: "2025-02-30"}) { totalCount } }', "Value cannot represent a Date"),
        ('mutation { reviewClaim(input: {claimId: "Q2xhaW06MQ==", rating: TRUE, reviewer: "x"}) { review { id } } }',
         "needs the API token"),
    ]
    for query, message in cases:
        body = await gql(client, query, token=None, expect_errors=True)
        assert message in body["errors"][0]["message"], (query, body)
        assert body["errors"][0].get("extensions", {}).get("code") != "INTERNAL_SERVER_ERROR"
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], "a client's mistake is no server error"


@pytest.mark.parametrize("route", ["/", "/static/page.js"])
async def test_a_500_from_starlette_shows_no_traceback(settings: Settings, extractor: Extractor, monkeypatch: pytest.MonkeyPatch,
                                                       caplog: pytest.LogCaptureFixture, route: str) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("fault injected in a route")

    monkeypatch.setattr(Page, "respond", broken)
    monkeypatch.setattr(StaticFiles, "get_response", broken)
    app = create_app(settings, extractor=extractor)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(route)
            assert (await client.get("/healthz")).status_code == 200, "the server goes on"
    assert response.status_code == 500 and not LEAKS.search(response.text), response.text
    assert response.json()["error"].startswith(GENERIC)
    _logged(caplog, response.json()["reference"], "RuntimeError: fault injected in a route")


async def test_a_subscription_that_fails_shows_no_traceback(settings: Settings, extractor: Extractor,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           caplog: pytest.LogCaptureFixture) -> None:
    """Over the websocket too: the claims of a new document cannot be read, and the subscriber is told only
    that the server failed, with the reference the log has."""
    from .test_live import CLAIM_ADDED, _serve, subscriber

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("fault injected: SELECT claim.id FROM claim")

    with contextmanager(_serve)(settings, extractor) as live:
        async with subscriber(live) as client, httpx.AsyncClient(base_url=live.http_url, timeout=120) as http:
            await client.subscribe("1", CLAIM_ADDED)
            await live.wait_for_subscribers(1)
            monkeypatch.setattr(queries, "claims", broken)
            await ingest(http, "Acme Corp said on Monday it agreed to buy Beta Inc.\n")
            message = await client.receive()
    assert message["type"] == "next" and not LEAKS.search(json.dumps(message)), message
    _logged(caplog, _internal(message["payload"]["errors"][0]), "RuntimeError: fault injected")


async def test_a_request_strawberry_cannot_run_over_a_websocket_is_the_clients_error(settings: Settings, extractor: Extractor,
                                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """No query over a websocket: an `error` message that says so (it was masked as an internal error, and
    logged as one). An operation name the document lacks closes the socket with 4400 and the reason."""
    from websockets.exceptions import ConnectionClosedError

    from .test_live import _serve, subscriber

    with contextmanager(_serve)(settings, extractor) as live:
        async with subscriber(live) as client:
            await client.websocket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": ""}}))
            answer = await client.receive()
            await client.websocket.send(json.dumps({"id": "2", "type": "subscribe", "payload": {
                "query": "subscription S { claimAdded { id } }", "operationName": "T"}}))
            with pytest.raises(ConnectionClosedError) as closed:
                await client.receive()
    assert answer == {"id": "1", "type": "error", "payload": [{"message": 'Request data is missing a "query" value'}]}
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4400
    assert closed.value.rcvd.reason == 'Unknown operation named "T".'
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
