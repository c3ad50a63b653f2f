"""Per-client rate budgets (GitHub's points per hour, with secondary limits per minute and on requests at once):
a client past its budget gets 429 with Retry-After, on by default for clients without the token, each client
counted apart. Through the real app on SQLite; the windows live in the app's memory, not in the database."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from factgraph.api import Settings, create_app
from factgraph.api.rate_limit import NODES_PER_POINT, RateLimiter, RateLimits, points_for
from factgraph.api.settings import SettingsError
from factgraph.extract import Extractor

from .conftest import TOKEN

pytestmark = pytest.mark.anyio

# 100 + 100 x 100 + 100 x 100 x 5 + 100 x 100 x 5 x 5 = 310,100 nodes: allowed (the limit is 500,000), and the
# query eight clients sent to push a light one from 2 ms to 404 ms. It costs 1 + 310 = 311 points.
HEAVY = "{ documents(first: 100) { edges { node { claims(first: 100) { edges { node { responses { responses { id } } } } } } } } }"
LIGHT = "{ __typename }"


@pytest.fixture
async def app(tmp_path: Path, extractor: Extractor) -> AsyncIterator[Starlette]:
    application = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'factgraph.db'}", api_token=TOKEN), extractor=extractor)
    async with application.router.lifespan_context(application):
        yield application


def client(app: Starlette, address: str = "203.0.113.7") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 4711)), base_url="http://t")


async def test_a_client_past_its_budget_gets_429_with_retry_after_by_default(app: Starlette) -> None:
    assert points_for(310_100) == 311
    async with client(app) as greedy, client(app, "198.51.100.9") as other:
        answers = [await greedy.post("/graphql", json={"query": HEAVY}) for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429], "1,000 points a minute: three of 311 fit"
        refused = answers[-1]
        error = refused.json()["errors"][0]
        assert error["extensions"]["code"] == "RATE_LIMITED"
        assert "costs 311 points and this client has 67 of its 1,000 per minute left" in error["message"]
        assert "FACTGRAPH_RATE_LIMIT_POINTS_PER_MINUTE" in error["message"]
        assert 1 <= int(refused.headers["Retry-After"]) <= 60 and error["extensions"]["retryAfter"] == int(refused.headers["Retry-After"])
        light = await greedy.post("/graphql", json={"query": LIGHT})
        assert light.status_code == 200, "what is left still pays for a light query"
        assert (await other.post("/graphql", json={"query": HEAVY})).status_code == 200, "another client has its own budget"
        with_token = [await greedy.post("/graphql", json={"query": HEAVY}, headers={"Authorization": f"Bearer {TOKEN}"})
                      for _ in range(4)]
        assert {a.status_code for a in with_token} == {200}, "the token's holder is not limited"


async def test_a_client_with_no_points_left_is_refused_before_anything_runs(app: Starlette) -> None:
    async with client(app) as greedy:
        while (await greedy.post("/graphql", json={"query": HEAVY})).status_code == 200:
            pass
        for _ in range(70):  # the 67 points left, a point a request, then none
            last = await greedy.post("/graphql", json={"query": LIGHT})
        assert last.status_code == 429 and "has used its 1,000 points per minute" in last.json()["errors"][0]["message"]
        bad = await greedy.post("/graphql", content=b"not json", headers={"Content-Type": "application/json"})
        assert bad.status_code == 429, "refused before the body is even read"
        export = await greedy.get("/export/claims.jsonld")
        assert export.status_code == 429 and export.json()["code"] == "RATE_LIMITED" and "Retry-After" in export.headers


async def test_an_operation_costlier_than_a_whole_window_says_so(tmp_path: Path, extractor: Extractor) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'small.db'}", rate_limit_points_per_minute=100)
    application = create_app(settings, extractor=extractor)
    async with application.router.lifespan_context(application), client(application) as greedy:
        response = await greedy.post("/graphql", json={"query": HEAVY})
        assert response.status_code == 429
        assert "costs 311 points, more than the 100 a client has per minute" in response.json()["errors"][0]["message"]
        assert (await greedy.post("/graphql", json={"query": LIGHT})).status_code == 200, "nothing was charged for it"


def test_requests_running_at_once_are_limited_per_client() -> None:
    limiter = RateLimiter(RateLimits(points_per_hour=0, points_per_minute=0, concurrent=2))
    with limiter.running("a") as first, limiter.running("a") as second, limiter.running("b") as elsewhere:
        assert first is None and second is None and elsewhere is None
        with limiter.running("a") as third:
            assert third is not None and "already has 2 requests running (FACTGRAPH_RATE_LIMIT_CONCURRENT)" in third.message
    with limiter.running("a") as again:
        assert again is None, "the places are given back"


async def test_limits_can_be_turned_off(tmp_path: Path, extractor: Extractor) -> None:
    settings = dataclasses.replace(Settings(database_url=f"sqlite:///{tmp_path / 'off.db'}"), rate_limit_points_per_hour=0,
                                   rate_limit_points_per_minute=0, rate_limit_concurrent=0)
    application = create_app(settings, extractor=extractor)
    async with application.router.lifespan_context(application), client(application) as anyone:
        assert {(await anyone.post("/graphql", json={"query": HEAVY})).status_code for _ in range(5)} == {200}


def test_rate_settings_are_read_from_the_environment() -> None:
    defaults = Settings.from_env({})
    assert (defaults.rate_limit_points_per_hour, defaults.rate_limit_points_per_minute, defaults.rate_limit_concurrent) == (5000, 1000, 8)
    read = Settings.from_env({"FACTGRAPH_RATE_LIMIT_POINTS_PER_HOUR": "0", "FACTGRAPH_RATE_LIMIT_POINTS_PER_MINUTE": "50",
                              "FACTGRAPH_RATE_LIMIT_CONCURRENT": "2"})
    assert (read.rate_limit_points_per_hour, read.rate_limit_points_per_minute, read.rate_limit_concurrent) == (0, 50, 2)
    with pytest.raises(SettingsError, match="FACTGRAPH_RATE_LIMIT_CONCURRENT must be 0 \\(off\\) or more, got -1"):
        Settings.from_env({"FACTGRAPH_RATE_LIMIT_CONCURRENT": "-1"})
    assert NODES_PER_POINT == 1_000
