"""Who gets in: mutations need the Bearer token, compared in constant time; the token is in no log and nothing
the page serves; CORS is off unless origins are configured, and then only for those, never with credentials."""

from __future__ import annotations

import dataclasses
import hmac
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin, Subprotocol

from factgraph.api import Settings, auth, create_app
from factgraph.api.settings import SettingsError
from factgraph.extract import Extractor

from .conftest import INGEST, gql
from .test_live import _serve

# Distinctive, so that finding it anywhere means it leaked; the wrong one too (a mistyped token is a near miss).
SECRET = "s3cret-Token-4b1d9e"
WRONG = "wr0ng-Token-77c2aa"


async def _client_for(settings: Settings, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, extractor=extractor)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://factgraph.test") as client:
            yield client


@pytest.fixture
async def secret_client(settings: Settings, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client_for(dataclasses.replace(settings, api_token=SECRET), extractor):
        yield client


# ---- the token ---------------------------------------------------------------------------------------------

def test_the_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    constant_time = hmac.compare_digest

    def spy(given: bytes, expected: bytes) -> bool:
        compared.append((given, expected))
        return constant_time(given, expected)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.write_refusal(f"Bearer {SECRET}", SECRET) is None
    assert auth.write_refusal(f"bearer  {SECRET} ", SECRET) is None
    assert "not valid" in (auth.write_refusal(f"Bearer {WRONG}", SECRET) or "")
    assert "not valid" in (auth.write_refusal(f"Bearer {SECRET}x", SECRET) or "")
    assert compared == [(SECRET.encode(), SECRET.encode()), (SECRET.encode(), SECRET.encode()),
                        (WRONG.encode(), SECRET.encode()), ((SECRET + "x").encode(), SECRET.encode())]
    assert "must read 'Bearer <token>'" in (auth.write_refusal(f"Basic {SECRET}", SECRET) or "")
    assert "needs the API token" in (auth.write_refusal(None, SECRET) or "")
    assert "no FACTGRAPH_API_TOKEN is configured" in (auth.write_refusal(f"Bearer {SECRET}", None) or "")
    assert repr(Settings(api_token=SECRET)).count(SECRET) == 0, "the settings never print it"


@pytest.mark.anyio
async def test_the_apps_logs_never_hold_the_token(secret_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    text = {"input": {"text": "Acme Corp said on Monday it agreed to buy Beta Inc.\n"}}
    assert (await gql(secret_client, INGEST, text, token=SECRET))["ingestDocument"]["created"] is True
    for authorization in [f"Bearer {WRONG}", f"Basic {SECRET}", f"Bearer {SECRET} extra", f"{SECRET}"]:
        response = await secret_client.post("/graphql", json={"query": INGEST, "variables": text},
                                            headers={"Authorization": authorization})
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await secret_client.get("/graphql", params={"query": "{ documents { totalCount } }"},
                            headers={"Authorization": f"Bearer {SECRET}", "Accept": "application/json"})
    assert caplog.records, "the app logged at debug level: the check below looked at something"
    assert SECRET not in caplog.text and WRONG not in caplog.text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("level", ["debug", "trace"])  # trace: uvicorn logs every ASGI message (headers elided)
def test_a_real_server_logs_no_token(tmp_path: Path, level: str) -> None:
    """uvicorn with its access log on and everything at debug level (uvicorn's loggers by --log-level, the
    others, factgraph's, Strawberry's and SQLAlchemy's among them, by the root logger), sent the right token
    and wrong ones."""
    port = _free_port()
    config = tmp_path / "logging.json"
    config.write_text(json.dumps({
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
        "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stdout"}},
        "root": {"level": "DEBUG", "handlers": ["out"]}}))
    env = {**os.environ, "FACTGRAPH_DATABASE_URL": f"sqlite:///{tmp_path / 'token.db'}", "FACTGRAPH_API_TOKEN": SECRET}
    log = tmp_path / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, "-m", "uvicorn", "factgraph.api.cli:app_from_env", "--factory",
                                   "--host", "127.0.0.1", "--port", str(port), "--log-level", level, "--access-log", "--log-config", str(config)],
                                  cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert server.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.3)
            text = {"input": {"text": "Acme Corp said on Monday it agreed to buy Beta Inc.\n"}}
            with httpx.Client(base_url=url, timeout=60) as client:
                right = client.post("/graphql", json={"query": INGEST, "variables": text},
                                    headers={"Authorization": f"Bearer {SECRET}"})
                assert right.json()["data"]["ingestDocument"]["created"] is True, right.text
                for authorization in [f"Bearer {WRONG}", f"Basic {SECRET}", SECRET]:
                    refused = client.post("/graphql", json={"query": INGEST, "variables": text},
                                          headers={"Authorization": authorization})
                    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
                client.get("/graphql", params={"query": "{ documents { totalCount } }"},
                           headers={"Authorization": f"Bearer {SECRET}", "Accept": "application/json"})
                client.get("/", headers={"Authorization": f"Bearer {WRONG}"})
                # Refused, and the access log writes the URL without it. (At trace level uvicorn writes each request's
                # whole ASGI scope, its query string included, before the app sees it: README, Limits.)
                for parameters in ({"access_token": SECRET}, {"token": WRONG}, {"anything": SECRET}) if level == "debug" else ():
                    in_url = client.get("/graphql", params={"query": "{ __typename }", **parameters},
                                        headers={"Accept": "application/json"})
                    assert in_url.status_code == 400 and in_url.json()["errors"][0]["extensions"]["code"] == "TOKEN_IN_URL"
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    logged = log.read_text()
    # The access log was on, and so was debug logging, the app's included.
    assert '"POST /graphql HTTP/1.1" 200' in logged and "DEBUG factgraph.graphql: GraphQL error for the client" in logged, logged
    assert SECRET not in logged and WRONG not in logged, logged
    if level == "debug":
        assert logged.count("=REDACTED HTTP/1.1\" 400") == 3, "the requests with a token in the URL are logged, without it"


# ---- the page ----------------------------------------------------------------------------------------------

@pytest.mark.anyio
async def test_the_page_never_carries_the_token(secret_client: httpx.AsyncClient) -> None:
    page = await secret_client.get("/")
    assets = [url.split('"')[0] for url in page.text.split('src="')[1:] + page.text.split('href="')[1:]
              if url.startswith("/static/")]
    assert {asset.split("?")[0] for asset in assets} == {"/static/page.js", "/static/page.css"}
    answers = [page] + [await secret_client.get(asset) for asset in assets] + [
        await secret_client.get("/graphql", headers={"Accept": "text/html"}),  # GraphiQL
        await secret_client.get("/graphql", params={"query": "{ __schema { types { name description } } }"},
                                headers={"Accept": "application/json"}),
        await secret_client.get("/static/page.js", headers={"Authorization": f"Bearer {SECRET}"}),
    ]
    for answer in answers:
        assert answer.status_code == 200, answer.url
        assert SECRET not in answer.text and SECRET not in str(answer.headers), answer.url


# ---- CORS --------------------------------------------------------------------------------------------------

PREFLIGHT = {"Origin": "https://factcheck.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "authorization, content-type"}


@pytest.mark.anyio
async def test_without_origins_there_is_no_cors(client: httpx.AsyncClient) -> None:
    origin = {"Origin": "https://factcheck.example"}
    answers = [await client.get("/", headers=origin), await client.get("/healthz", headers=origin),
               await client.post("/graphql", json={"query": "{ __typename }"}, headers=origin),
               await client.get("/graphql", params={"query": "{ __typename }"}, headers=origin),
               await client.get("/static/page.js", headers=origin), await client.options("/graphql", headers=PREFLIGHT)]
    for answer in answers:
        assert not any(name.lower().startswith("access-control-") for name in answer.headers), (answer.url, answer.headers)
    assert answers[-1].status_code == 405, "the preflight is not granted"


@pytest.mark.anyio
async def test_configured_origins_and_only_those(settings: Settings, extractor: Extractor) -> None:
    configured = dataclasses.replace(settings, cors_origins=("https://factcheck.example", "http://localhost:3000"))
    async for client in _client_for(configured, extractor):
        for origin in configured.cors_origins:
            answer = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": origin})
            assert answer.headers["access-control-allow-origin"] == origin
            preflight = await client.options("/graphql", headers={**PREFLIGHT, "Origin": origin})
            assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == origin
            assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
            assert "access-control-allow-credentials" not in preflight.headers
        other = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        preflight = await client.options("/graphql", headers={**PREFLIGHT, "Origin": "https://evil.example"})
        assert preflight.status_code == 400 and "access-control-allow-origin" not in preflight.headers


@pytest.mark.anyio
async def test_any_origin_never_with_credentials(settings: Settings, extractor: Extractor) -> None:
    async for client in _client_for(dataclasses.replace(settings, cors_origins=("*",)), extractor):
        answer = await client.post("/graphql", json={"query": "{ __typename }"}, headers={"Origin": "https://a.example"})
        assert answer.headers["access-control-allow-origin"] == "*"
        preflight = await client.options("/graphql", headers=PREFLIGHT)
        assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == "*"
        for response in (answer, preflight):
            assert "access-control-allow-credentials" not in response.headers


@pytest.mark.anyio
async def test_websockets_from_other_origins_follow_the_cors_setting(settings: Settings, extractor: Extractor) -> None:
    async def handshake(app_settings: Settings, origin: str) -> bool:
        with contextmanager(_serve)(app_settings, extractor) as live:
            try:
                async with connect(live.ws_url, origin=Origin(origin), subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
                    await ws.send(json.dumps({"type": "connection_init"}))
                    return bool(json.loads(await ws.recv())["type"] == "connection_ack")
            except InvalidStatus as refused:
                assert refused.response.status_code == 403
                return False

    assert not await handshake(settings, "https://factcheck.example")
    allowed = dataclasses.replace(settings, cors_origins=("https://factcheck.example",))
    assert await handshake(allowed, "https://factcheck.example")
    assert not await handshake(allowed, "https://evil.example")


def test_cors_origins_are_read_and_checked() -> None:
    assert Settings.from_env({}).cors_origins == ()
    assert Settings.from_env({"FACTGRAPH_CORS_ORIGINS": " https://a.example, http://localhost:3000/ "}).cors_origins == (
        "https://a.example", "http://localhost:3000")
    assert Settings.from_env({"FACTGRAPH_CORS_ORIGINS": "*"}).cors_origins == ("*",)
    with pytest.raises(SettingsError, match="give '\\*' alone"):
        Settings.from_env({"FACTGRAPH_CORS_ORIGINS": "*, https://a.example"})
    with pytest.raises(SettingsError, match="'https://a.example/app' is not an origin"):
        Settings.from_env({"FACTGRAPH_CORS_ORIGINS": "https://a.example/app"})
    with pytest.raises(SettingsError, match="'a.example' is not an origin"):
        Settings.from_env({"FACTGRAPH_CORS_ORIGINS": "a.example"})
