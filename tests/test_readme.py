"""The README's examples, run (as datasette tests its documentation): every GraphQL block runs without an error
on the seed articles, as `factgraph serve --seed` loads them (subscriptions are validated, since they need a
websocket); a JSON block marked `<!-- README test: answer -->` is what the GraphQL block before it answers;
the curl example's request is sent as it is written; and the two export examples are what the exports give
for the article they quote. A JSON block's `"...": "..."` stands for fields left out, `"..."` for any value,
and a time for any time: the rest must be as the README says."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse, validate

from factgraph.api import Settings, create_app
from factgraph.api.seeds import read_article
from factgraph.extract import Extractor

from .conftest import ROOT, SEEDS, TOKEN, gql

pytestmark = pytest.mark.anyio

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
ANSWER_MARK = "<!-- README test: answer -->"
EXPORT_MARK = "<!-- README test: export -->"
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d")


def blocks() -> list[tuple[str, str, str]]:
    """(language, text, the prose since the previous block) for each fenced block, in order."""
    found, end = [], 0
    for match in BLOCK.finditer(README):
        found.append((match.group(1), match.group(2), README[end:match.start()]))
        end = match.end()
    return found


def examples() -> list[tuple[str, Any | None]]:
    """Each GraphQL block, with the answer the README gives for it (the marked JSON block after it) or None."""
    found: list[tuple[str, Any | None]] = []
    for language, text, prose in blocks():
        if language == "graphql":
            found.append((text, None))
        elif language == "json" and ANSWER_MARK in prose:
            assert found and found[-1][1] is None, "an answer follows the GraphQL block it answers"
            found[-1] = (found[-1][0], json.loads(text))
    return found


def matches(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where `actual` differs from what the README shows (see the module's docstring)."""
    if expected == "...":
        return []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: {actual!r} is not an object"]
        return [problem for key, value in expected.items() if key != "..."
                for problem in (matches(value, actual[key], f"{where}.{key}") if key in actual else [f"{where}.{key}: missing"])]
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{where}: {len(actual) if isinstance(actual, list) else actual!r} items, the README shows {len(expected)}"]
        return [problem for i, (e, a) in enumerate(zip(expected, actual, strict=True)) for problem in matches(e, a, f"{where}[{i}]")]
    if isinstance(expected, str) and TIME.match(expected) and isinstance(actual, str) and TIME.match(actual):
        return []
    if isinstance(expected, float) or isinstance(actual, float):
        return [] if isinstance(actual, int | float) and abs(expected - actual) < 5e-4 else [f"{where}: {actual!r}, the README says {expected!r}"]
    return [] if expected == actual else [f"{where}: {actual!r}, the README says {expected!r}"]


async def _app_client(database: Path, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(database_url=f"sqlite:///{database}", api_token=TOKEN), extractor=extractor)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            yield client


@pytest.fixture(scope="module")
async def seeded(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> AsyncIterator[httpx.AsyncClient]:
    """The app over the seed articles, stored as `serve --seed` stores them (api/seeds.py, in name order)."""
    async for client in _app_client(tmp_path_factory.mktemp("readme") / "seeded.db", extractor):
        for path in sorted(SEEDS.glob("*.txt")):
            article = read_article(path)
            await gql(client, "mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) { created } }",
                      {"i": {"text": article.text, "title": article.title, "publisher": article.publisher,
                             "url": article.url, "publishedAt": article.published_at.isoformat() if article.published_at else None}})
        yield client


def test_the_readme_has_examples_and_answers() -> None:
    found = examples()
    assert len(found) >= 7 and sum(answer is not None for _, answer in found) >= 3
    assert sum(EXPORT_MARK in prose for _, _, prose in blocks()) == 2


async def test_every_graphql_example_runs_and_answers_as_the_readme_says(seeded: httpx.AsyncClient) -> None:
    schema = seeded._transport.app.state.schema._schema  # type: ignore[attr-defined]
    for query, answer in examples():
        operation = next(d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode))
        if operation.operation.value == "subscription":
            assert validate(schema, parse(query)) == [], query
            continue
        data = await gql(seeded, query)
        if answer is not None:
            problems = matches(answer, {"data": data})
            assert not problems, "the README's answer differs:\n" + "\n".join(problems[:20]) + "\n" + json.dumps({"data": data})[:3000]


async def test_the_curl_example_ingests_an_article(seeded: httpx.AsyncClient) -> None:
    commands = [text for language, text, _ in blocks() if language == "sh" and "curl" in text]
    assert commands, "the README shows how to ingest over HTTP"
    for command in commands:
        payload = re.search(r"-d '(.*?)'", command, re.S)
        assert payload is not None, command
        token = re.search(r"Authorization: Bearer (\w+)", command)
        assert token is not None and f"FACTGRAPH_API_TOKEN={token.group(1)}" in README
        response = await seeded.post("/graphql", content=payload.group(1), headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        body = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        assert body["data"]["ingestDocument"]["created"] is True


async def test_the_export_examples_are_what_the_exports_give(tmp_path: Path, extractor: Extractor) -> None:
    exported = [json.loads(text) for language, text, prose in blocks() if language == "json" and EXPORT_MARK in prose]
    quoted = re.search(r'For "(Acme Corp is in talks.*?)" \(publisher Reuters\)', README, re.S)
    assert quoted is not None
    text = " ".join(quoted.group(1).split()) + "\n"
    async for client in _app_client(tmp_path / "export.db", extractor):
        created = await gql(client, "mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) { document { id } } }",
                            {"i": {"text": text, "publisher": "Reuters", "title": "Acme in talks for Beta",
                                   "url": "https://example.com/acme-beta", "publishedAt": "2025-05-05"}})
        review = re.search(r"mutation \{ reviewClaim\(input: (\{.*?\})\) \{", README, re.S)
        assert review is not None
        await gql(client, f"mutation {{ reviewClaim(input: {review.group(1)}) {{ review {{ id }} }} }}")
        document = (await client.get(f"/export/documents/{created['ingestDocument']['document']['id']}.jsonld")).json()
        reviews = (await client.get("/export/claim-reviews.jsonld")).json()
    for expected, export in zip(exported, [document, reviews], strict=True):
        node = _node(export, expected["@id"])
        assert node is not None, f"no {expected['@id']} in the export"
        problems = matches(expected, node)
        assert not problems, "the README's export differs:\n" + "\n".join(problems) + "\n" + json.dumps(node)[:3000]


def _node(value: Any, identifier: str) -> dict[str, Any] | None:
    """The object with this `@id` that has more than an `@id`, anywhere in a JSON-LD document."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if item.get("@id") == identifier and len(item) > 1:
                return item
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return None


def test_every_setting_is_in_the_readmes_table() -> None:
    """Each FACTGRAPH_ variable api/settings.py reads is a row of the README's settings table."""
    read = set(re.findall(r'"(FACTGRAPH_[A-Z_]+)"', (ROOT / "api" / "settings.py").read_text(encoding="utf-8")))
    documented = set(re.findall(r"^\| `(FACTGRAPH_[A-Z_]+)` \|", README, re.M))
    assert len(read) > 25 and read <= documented, f"not in the README's table: {sorted(read - documented)}"
