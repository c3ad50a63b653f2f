"""Bad article input, over GraphQL and on the command line: each case is refused with a message that names the
problem and where it is, nothing of it is stored (counted in the database), and the other articles still go
in. And HTML pasted instead of text: stored as the article's text, with the same claims as the text itself."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import func, select

from factgraph.api import Settings, create_app
from factgraph.db import models as m
from factgraph.db.engine import Database
from factgraph.extract import Extractor

from .conftest import INGEST, TOKEN, gql, ingest
from .test_cli import run

PAGES = Path(__file__).resolve().parent / "pages"
GOOD = "Acme Corp said on Monday it had agreed to buy Beta Inc for 12 mln dlrs.\n"
EMPTY_PAGE = ("<!DOCTYPE html><html><head><title>Wire News</title><script>start()</script></head>"
              "<body><nav><a href='/'>Home</a></nav><footer>&copy; Wire News</footer></body></html>")


def counts(url: str) -> tuple[int, int]:
    """(documents, claims) as stored."""
    database = Database(url)
    try:
        with database.session() as session:
            return (session.exec(select(func.count()).select_from(m.Document)).one(),
                    session.exec(select(func.count()).select_from(m.Claim)).one())
    finally:
        database.dispose()


# (text, what the message must say): each case exists for the reason in its comment.
BAD_TEXTS = [
    ("", "The article is empty"),  # nothing at all
    ("   \n\t \r\n ", "The article is empty"),  # only whitespace
    ("Acme Corp said\x00 so.", "control character NUL, U+0000 at line 1, column 15 (offset 14)"),  # a NUL
    ("Acme Corp said so.\nBeta \x1b[31mdenied it.", "control character ESCAPE, U+001B at line 2, column 6 (offset 24)"),
    ("Acme\x0csaid so.", "control character FORM FEED, U+000C at line 1, column 5"),  # a page break from a PDF
    ("Acme said so.\x7f", "control character DELETE, U+007F"),
    (EMPTY_PAGE, "HTML with no text in it"),  # a page of furniture only
    ("<html><body><p>Acme&#1; said so.</p></body></html>", "converted from HTML) contains the control character U+0001"),
    ("<html><body>" + "<b>" * 3000 + "Acme said so.</body></html>", "The HTML cannot be read whole"),
]


@pytest.mark.anyio
async def test_bad_articles_are_refused_over_graphql_and_nothing_is_stored(client: httpx.AsyncClient,
                                                                           settings: Settings) -> None:
    cases = [*BAD_TEXTS, ("x" * (settings.max_article_bytes + 1),
                          f"{settings.max_article_bytes + 1:,} bytes, more than the limit of {settings.max_article_bytes:,}")]
    for text, message in cases:
        body = await gql(client, INGEST, {"input": {"text": text}}, expect_errors=True)
        assert message in body["errors"][0]["message"], (text[:40], body["errors"])
        assert body["errors"][0]["extensions"]["code"] == "BAD_ARTICLE"
        assert body["data"] is None
    assert counts(settings.database_url) == (0, 0)
    assert (await ingest(client, GOOD))["created"] is True  # a refusal leaves the service working
    documents, claims = counts(settings.database_url)
    assert documents == 1 and claims > 0


@pytest.mark.anyio
async def test_bad_unicode_in_the_request_is_a_clear_error_not_a_500(client: httpx.AsyncClient,
                                                                     settings: Settings) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    prefix = b'{"query": ' + json.dumps(INGEST).encode() + b', "variables": {"input": {"text": "Acme '
    # A byte that is not UTF-8 in the body: the body is refused before any GraphQL runs.
    response = await client.post("/graphql", content=prefix + b'\xff said so."}}}', headers=headers)
    assert response.status_code == 400
    assert f"not UTF-8 (byte {len(prefix):,} cannot be decoded)" in response.text
    # Valid JSON for a string that is not valid Unicode (an unpaired surrogate).
    response = await client.post("/graphql", content=prefix + b'\\ud800 said so."}}}', headers=headers)
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert "unpaired surrogate code point U+D800 at line 1, column 6" in error["message"]
    assert error["extensions"]["code"] == "BAD_ARTICLE"
    assert counts(settings.database_url) == (0, 0)


def test_bad_files_are_refused_on_the_command_line_and_the_others_go_in(tmp_path: Path) -> None:
    files = {
        "good.txt": GOOD.encode(),
        "page.html": (PAGES / "ostberg-lanvik-talks.html").read_bytes(),
        "big.txt": b"Acme said so. " * 300,  # 4,200 bytes, over the limit set below
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n",
        "nul.txt": b"Acme said so.\nBeta\x00 denied it.\n",
        "binary.txt": b"PK\x03\x04\x14\x00\x00\x00",
        "latin1.txt": "Acme said so.\nSociété Générale denied it.".encode("latin-1"),
        "cesu.txt": b"Acme said \xed\xa0\x80 so.",  # a surrogate encoded as UTF-8 bytes is not UTF-8
        "empty-page.html": EMPTY_PAGE.encode(),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"FACTGRAPH_DATABASE_URL": url, "FACTGRAPH_MAX_ARTICLE_BYTES": "4000"}
    result = run("ingest", *(str(tmp_path / name) for name in files), str(tmp_path / "missing.txt"), cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stderr
    assert "2 stored, 0 already stored, 9 failed, of 11 files" in result.stdout
    errors = result.stderr.splitlines()
    expected = {
        "big.txt": "the file is 4,200 bytes, more than the limit of 4,000 (FACTGRAPH_MAX_ARTICLE_BYTES)",
        "empty.txt": "The article is empty",
        "blank.txt": "The article is empty",
        "nul.txt": "control character NUL, U+0000 at line 2, column 5 (offset 18)",
        "binary.txt": "control character U+0003 at line 1, column 3 (offset 2)",
        "latin1.txt": "is not UTF-8 text (byte 18, on line 2, cannot be decoded",
        "cesu.txt": "is not UTF-8 text (byte 10, on line 1, cannot be decoded",
        "empty-page.html": "HTML with no text in it",
        "missing.txt": "cannot be read (No such file or directory)",
    }
    for name, message in expected.items():
        assert any(f"{tmp_path / name}: " in line and message in line for line in errors), (name, result.stderr)

    # The bad files stored nothing: the database holds what the two good files alone make.
    clean = f"sqlite:///{tmp_path / 'clean.db'}"
    alone = run("ingest", str(tmp_path / "good.txt"), str(tmp_path / "page.html"), cwd=tmp_path,
                env={**env, "FACTGRAPH_DATABASE_URL": clean})
    assert alone.returncode == 0, alone.stderr
    assert counts(url) == counts(clean)
    assert counts(url)[0] == 2

    database = Database(url)
    try:
        with database.session() as session:
            page = session.exec(select(m.Document).where(m.Document.title != "good")).one()
    finally:
        database.dispose()
    assert page.text == (PAGES / "ostberg-lanvik-talks.txt").read_text(encoding="utf-8")
    assert page.title == "Ostberg in talks to buy ferry operator Lanvik Lines - sources | Wire News"


CLAIMS = """query($id: ID!) { node(id: $id) { ... on Document { title text claims(first: 100) { totalCount edges { node {
  text span { start end text } attribution { status source { name } cue { text } } } } } } } }"""


@pytest.mark.anyio
async def test_a_news_page_gives_the_claims_of_its_text(client: httpx.AsyncClient, settings: Settings,
                                                        extractor: Extractor) -> None:
    html = (PAGES / "ostberg-lanvik-talks.html").read_text(encoding="utf-8")
    plain = (PAGES / "ostberg-lanvik-talks.txt").read_text(encoding="utf-8")
    first = await ingest(client, html)
    assert first["created"] is True
    document = first["document"]
    assert document["text"] == plain  # the stored text is the converted one
    assert document["title"] == "Ostberg in talks to buy ferry operator Lanvik Lines - sources | Wire News"

    found = (await gql(client, CLAIMS, {"id": document["id"]}))["node"]
    claims = [edge["node"] for edge in found["claims"]["edges"]]
    for claim in claims:  # spans count code points in the stored text
        assert claim["span"]["text"] == plain[claim["span"]["start"]:claim["span"]["end"]] == claim["text"]
    expected = extractor.extract(plain).claims
    assert [(c["text"], c["attribution"]["status"], (c["attribution"]["source"] or {}).get("name")) for c in claims] == [
        (c.span.text, c.status.value, c.source.name if c.source else None) for c in expected]
    statuses = {c["attribution"]["status"] for c in claims}
    assert {"ANONYMOUS_SOURCE", "DECLINED_TO_COMMENT", "NO_RESPONSE"} <= statuses
    quote = next(c for c in claims if c["text"].startswith("“We are always looking"))
    assert quote["attribution"]["source"]["name"] == "Ingrid Solberg"
    assert not any(word in c["text"] for c in claims for word in ("Home", "Related coverage", "dataLayer", "©"))

    # Idempotent on the stored text: the same page again, or its text, is the same document.
    again = await ingest(client, html, title="Another title")
    as_text = await ingest(client, plain)
    assert again["created"] is False and as_text["created"] is False
    assert again["document"]["id"] == as_text["document"]["id"] == document["id"]
    assert counts(settings.database_url) == (1, len(claims))


@pytest.mark.anyio
async def test_a_given_title_wins_over_the_pages_and_tickers_stay_text(client: httpx.AsyncClient) -> None:
    page = "<html><head><title>Site title</title></head><body><p>Acme Corp said on Monday it had agreed to buy Beta Inc.</p></body></html>"
    document = (await ingest(client, page, title="Acme to buy Beta"))["document"]
    assert document["title"] == "Acme to buy Beta"
    assert document["text"] == "Acme Corp said on Monday it had agreed to buy Beta Inc.\n"

    wire = "<Rapidtech Systems Inc> said it acquired <Modem Co> for 12 mln dlrs. <T> shares rose, traders said.\n"
    stored = (await ingest(client, wire))["document"]
    assert stored["text"] == wire  # stored as given, brackets and all
    mention = "The site wrapped the headline in <b> and closed it with </b>, the developer said.\n"
    assert (await ingest(client, mention))["document"]["text"] == mention


@pytest.mark.anyio
async def test_a_request_body_over_the_limit_is_refused_before_it_is_read_whole(settings: Settings, extractor: Extractor) -> None:
    small = dataclasses.replace(settings, max_article_bytes=10_000, max_request_bytes=20_000)
    app = create_app(small, extractor=extractor)
    article = {"query": INGEST, "variables": {"input": {"text": "Acme Corp said it agreed to buy Beta Inc. " * 600}}}
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
            declared = await client.post("/graphql", content=json.dumps(article), headers=headers)

            async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
                body = json.dumps(article).encode()
                for at in range(0, len(body), 4096):
                    yield body[at:at + 4096]

            streamed = await client.post("/graphql", content=chunks(), headers=headers)
            for response in (declared, streamed):
                assert response.status_code == 413, response.text
                [error] = response.json()["errors"]
                assert error["extensions"]["code"] == "REQUEST_TOO_LARGE"
                assert "more than the limit of 20,000 (FACTGRAPH_MAX_REQUEST_BYTES)" in error["message"], error
            # Under the request limit, the article limit still speaks for itself; and the server goes on.
            article["variables"]["input"]["text"] = "Acme Corp said it agreed to buy Beta Inc. " * 300
            body = await gql(client, INGEST, article["variables"], expect_errors=True)
            assert "FACTGRAPH_MAX_ARTICLE_BYTES" in body["errors"][0]["message"]
            assert (await gql(client, "{ documents { totalCount } }"))["documents"]["totalCount"] == 0
