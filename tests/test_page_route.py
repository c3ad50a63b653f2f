"""The page's routes over HTTP, without a browser: `/` is the fact-checker page with a strict content
security policy, its files are served from /static, and GraphiQL stays at GET /graphql."""

from __future__ import annotations

import re

import httpx
import pytest

from factgraph.extract.model import AttributionStatus

pytestmark = pytest.mark.anyio


async def test_root_serves_the_page_with_every_status_in_its_legend(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    for status in AttributionStatus:
        assert f'value="{status.value}"' in response.text


async def test_the_page_files_are_served_by_the_urls_it_names(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text
    urls = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
    assert {url.split("?")[0] for url in urls} == {"/static/page.js", "/static/page.css"}
    for url in urls:
        response = await client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].split(";")[0] in {"text/javascript", "text/css"}


async def test_graphiql_stays_at_graphql(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()
