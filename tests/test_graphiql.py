"""GraphiQL at GET /graphql, in Debian's Chromium with the network cut off: every file it needs comes from the
app (api/graphiql.py), it renders, and its ready-made query runs and shows the API's answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Route, sync_playwright

from factgraph.api import Settings
from factgraph.api.graphiql_assets import installed
from factgraph.extract import Extractor

from .conftest import TOKEN, seed_text
from .test_page import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, _serve

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    database = f"sqlite:///{tmp_path_factory.mktemp('graphiql') / 'factgraph.db'}"
    served = _serve(Settings(database_url=database, api_token=TOKEN), extractor)
    url = next(served)
    response = httpx.post(f"{url}/graphql", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120, json={
        "query": "mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) { created } }",
        "variables": {"i": {"text": seed_text(), "publisher": "Reuters", "publishedAt": "2025-04-24"}}})
    assert response.json()["data"]["ingestDocument"]["created"], response.text
    try:
        yield url
    finally:
        served.close()


def test_graphiqls_files_were_installed_by_the_install_step() -> None:
    assert installed(), "pip install -e . fetches them (setup.py, api/graphiql_assets.py)"


def test_graphiql_renders_and_runs_its_default_query_with_no_network(server: str) -> None:
    elsewhere: list[str] = []
    problems: list[str] = []

    def only_this_server(route: Route) -> None:
        if urlsplit(route.request.url).netloc == urlsplit(server).netloc:
            route.continue_()
        else:  # the network is off: anything not from the app fails, and is noted
            elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.route("**/*", only_this_server)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        response = page.goto(f"{server}/graphql")
        assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector(".graphiql-container", timeout=30_000)
        editor = page.locator(".graphiql-query-editor")
        assert "claims(first: 10)" in editor.inner_text(), "the ready-made query is in the editor"
        page.locator(".graphiql-execute-button").click()
        page.wait_for_function("() => (document.querySelector('.result-window')?.innerText || '').includes('totalCount')",
                               timeout=30_000)
        result = page.locator(".result-window").inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "graphiql-offline.png"))
        browser.close()
    expected = httpx.post(f"{server}/graphql", json={"query": "{ claims { totalCount } }"}).json()["data"]["claims"]["totalCount"]
    assert f'"totalCount": {expected}' in result, result[:500]
    assert '"errors"' not in result, result[:2000]
    assert not elsewhere, f"GraphiQL asked for files from elsewhere: {elsewhere}"
    assert not problems, problems


def test_graphiql_says_how_to_install_its_files_when_they_are_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factgraph.api import graphiql

    monkeypatch.setattr(graphiql, "installed", lambda: False)
    response = graphiql.graphiql_page("{ __typename }")
    assert response.status_code == 503 and b"pip install -e ." in response.body
