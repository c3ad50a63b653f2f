"""The fact-checker page at `/` in a real browser: Debian's Chromium driven by Playwright, against a real
server (uvicorn in a thread) over a fresh database, with articles ingested through the GraphQL mutation.

What the browser shows is compared with what the API answers: highlights with spans, filters with
ClaimFilter, the panel with the claim's fields. Screenshots go to tests/artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
import runpy
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Route, sync_playwright

from factgraph.api import Settings, create_app
from factgraph.extract import Extractor
from factgraph.extract.model import AttributionStatus

from .conftest import ROOT, SEEDS, TOKEN, _postgres_database, seed_text

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM}: `apt-get install -y chromium` "
                                "(.ci/run installs it)")

# Astral characters (an emoji, CJK Extension B) are one code point but two UTF-16 units: a page that
# used span offsets as JavaScript string indices would shift every highlight after them.
ASTRAL = ("BERLIN (Reuters) - \U0001F697 Fans of the \U00020000 badge queued outside the show on Monday.\n\n"
          "Arden Motors said on Monday it would build 500 electric buses \U0001F68C in its \U00020001 plant next year. "
          "Bellwether Energy declined to comment.\n\n"
          "The buses will cost about 300,000 euros each, a person familiar with the matter said.\n")
# Markup in an article (and in its title) is text to show, never HTML to run.
MARKUP = ("LONDON (Reuters) - Arden Motors said on Monday that <script>window.__factgraphPwned = true</script> "
          "was only a test string.\n\n"
          "Bellwether Energy said <img src=x onerror=\"window.__factgraphPwned = true\"> showed up in its filing.\n")
MARKUP_TITLE = "<b>Bold</b> <img src=x onerror=\"window.__factgraphPwned = true\">"
# One deal reported by two publishers and denied by a party: claims linked across documents.
ACROSS = [
    ("Reuters", "NEW YORK (Reuters) - Halvard Freight Corp has agreed to buy Orrin Labs Inc for $3 billion, "
                "people familiar with the matter said.\n"),
    ("AP", "CHICAGO (AP) - Halvard Freight Corp agreed to acquire Orrin Labs Inc, the companies said on Tuesday. "
           "Halvard Chief Executive Maria Lopez said the deal would close next year.\n"),
]
# One deal, two publishers, the same day, two stakes: figures that disagree, each from its own origin.
STAKES = [("Reuters", 30), ("Bloomberg", 45)]


def stake_article(percent: int) -> str:
    return f"Korvan Motors Corp agreed to buy a {percent}% stake in Tessel Inc, people familiar with the matter said.\n"


def long_article(count: int) -> str:
    """An article of `count` short paragraphs, each one claim: on the record or from anonymous sources."""
    people = ["Ana Ribeiro", "Tomas Lindqvist", "Priya Raman", "Kenji Mori", "Olga Petrenko", "Samuel Osei",
              "Lena Fischer", "Marco Bellini"]
    companies = ["Arden Motors", "Bellwether Energy", "Cobalt Ridge Mining", "Dunmore Logistics",
                 "Eastwick Robotics", "Fairhaven Foods", "Greyling Textiles"]
    facts = ["sales rose {n} percent in the {q} quarter", "the company will hire {n} engineers next year",
             "orders for its new trucks doubled to {n} units", "costs fell by {n} million dollars in the {q} quarter",
             "a new plant with {n} workers will open in the spring"]
    quarters = ["first", "second", "third", "fourth"]
    lines = []
    for i in range(count):
        person, company = people[i % len(people)], companies[(i // 3) % len(companies)]
        fact = facts[i % len(facts)].format(n=10 + i, q=quarters[i % 4])
        if i % 4 == 3:
            lines.append(f"{company.split()[0]} {fact.replace('the company', 'it')}, according to people familiar with the matter.")
        else:
            lines.append(f"{person}, a spokesperson for {company}, said {fact}.")
    return "\n\n".join(lines) + "\n"


CLAIMS_OF = """query($id: ID!, $after: String, $filter: ClaimFilter) { node(id: $id) { ... on Document {
  claims(first: 100, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { id text confidence span { start end text } attribution { status source { name } cue { text } rule }
      responses { id text } concerns { id } corroboratedBy { id document { id title publisher } }
      deals { kind status parties { name } evidence { id document { id } } } entities { name } } } } } } }"""


@dataclass
class Site:
    """A running server with its documents (title -> id), and the API to compare the page with."""
    url: str
    documents: dict[str, str] = field(default_factory=dict)

    def gql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = httpx.post(f"{self.url}/graphql", json={"query": query, "variables": variables or {}},
                              headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def ingest(self, text: str, **meta: Any) -> str:
        data = self.gql("mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) { document { id title } } }",
                        {"i": {"text": text, **meta}})
        document = data["ingestDocument"]["document"]
        self.documents[document["title"]] = document["id"]
        return document["id"]

    def claims(self, document_id: str, filter: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        after = None
        while True:
            page = self.gql(CLAIMS_OF, {"id": document_id, "after": after, "filter": filter})["node"]["claims"]
            found += [edge["node"] for edge in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]


def _serve(settings: Settings, extractor: Extractor) -> Iterator[str]:
    """The app on a free port of 127.0.0.1, by uvicorn in a thread, until the generator is closed."""
    app = create_app(settings, extractor=extractor)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", ws="none", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail("the server did not start (see the log above)")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[Site]:
    def sqlite() -> Iterator[str]:
        yield f"sqlite:///{tmp_path_factory.mktemp('page') / 'factgraph.db'}"

    databases = sqlite() if request.param == "sqlite" else _postgres_database()
    database_url = next(databases)
    served = _serve(Settings(database_url=database_url, api_token=TOKEN), extractor)
    try:
        site = Site(next(served))
        for name in ["leapmotor-faw-hongqi", "calder-ridgeway-pennock-talks"]:
            meta = json.loads((SEEDS / f"{name}.meta.json").read_text(encoding="utf-8"))
            site.ingest(seed_text(name), title=name, publisher=meta["publisher"], publishedAt=meta["published"])
        for publisher, text in ACROSS:
            site.ingest(text, title=f"Halvard and Orrin ({publisher})", publisher=publisher, publishedAt="2025-05-06")
        site.ingest(ASTRAL, title="Astral characters", publisher="Reuters", publishedAt="2025-05-07")
        site.ingest(MARKUP, title=MARKUP_TITLE, publisher="Reuters", publishedAt="2025-05-08",
                    url="javascript:window.__factgraphPwned = true")
        site.ingest(long_article(110), title="A long article", publisher="Wire", publishedAt="2025-05-09")
        for publisher, percent in STAKES:
            site.ingest(stake_article(percent), title=f"Korvan and Tessel ({publisher})", publisher=publisher,
                        publishedAt="2025-06-02")
        yield site
    finally:
        served.close()
        databases.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh tab; any script error or failed request on the page fails the test."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
           if message.type == "error" else None)
    yield tab
    context.close()
    assert not problems, problems


def screenshot(page: Page, request: pytest.FixtureRequest, label: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{request.node.name}-{label}")
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def wait_until_idle(page: Page) -> None:
    page.wait_for_selector("#main[aria-busy=false]")


def open_document(page: Page, site: Site, title: str, claim_id: str | None = None) -> str:
    document_id = site.documents[title]
    fragment = f"doc={document_id}" + (f"&claim={claim_id}" if claim_id else "")
    page.goto(f"{site.url}/#{fragment}")
    page.wait_for_function("id => document.querySelector('#documents a[aria-current=true]')?.dataset.documentId === id"
                           " && document.querySelector('#article .headline')", arg=document_id)
    wait_until_idle(page)
    return document_id


HIGHLIGHTS = """() => {
  const texts = {};
  for (const mark of document.querySelectorAll('#article-text mark.claim')) {
    texts[mark.dataset.claimId] = (texts[mark.dataset.claimId] || '') + mark.textContent;
  }
  return texts;
}"""
# The pieces of a claim can nest other claims' pieces; its own words are its pieces' text, in order.
VISIBLE = """() => [...new Set([...document.querySelectorAll('#article-text mark.claim:not(.off)')]
  .map(mark => mark.dataset.claimId))]"""


def assert_highlights_match(page: Page, claims: list[dict[str, Any]]) -> None:
    shown = page.evaluate(HIGHLIGHTS)
    assert set(shown) == {c["id"] for c in claims}, "one highlight per claim"
    wrong = {c["id"]: (shown[c["id"]], c["span"]["text"]) for c in claims if shown[c["id"]] != c["span"]["text"]}
    assert not wrong, wrong


def exact(value: float) -> str:
    """A figure as the page writes it for sums a reader can redo: four decimals at most, two at least."""
    text = f"{value:.4f}"
    return text[:-2] if text.endswith("00") else text[:-1] if text.endswith("0") else text


def select(page: Page, claim_id: str) -> None:
    page.locator(f'#article-text mark[data-claim-id="{claim_id}"]').first.click()
    page.wait_for_selector(f'#panel-body[data-claim-id="{claim_id}"][aria-busy=false]')


def test_page_lists_the_documents(site: Site, page: Page) -> None:
    page.goto(site.url + "/")
    wait_until_idle(page)
    listed = page.locator("#documents a")
    assert listed.count() == len(site.documents)
    entries = {link.get_attribute("data-document-id"): link.inner_text() for link in listed.all()}
    documents = site.gql("{ documents(first: 100) { edges { node { id title publisher publishedAt } } } }")["documents"]["edges"]
    for document in (edge["node"] for edge in documents):
        assert document["title"] in entries[document["id"]]
        assert document["publisher"] in entries[document["id"]] and document["publishedAt"] in entries[document["id"]]
    publishers = site.gql("{ publishers { name reliability { value } } }")["publishers"]
    page.wait_for_selector("#publishers li[data-publisher]")
    listed_publishers = {item.get_attribute("data-publisher"): item.inner_text() for item in page.locator("#publishers li").all()}
    assert set(listed_publishers) == {p["name"] for p in publishers}
    for publisher in publishers:
        assert exact(publisher["reliability"]["value"]) in listed_publishers[publisher["name"]]


@pytest.mark.parametrize("title", ["leapmotor-faw-hongqi", "calder-ridgeway-pennock-talks"])
def test_every_claim_is_highlighted_with_its_exact_words(site: Site, page: Page, request: pytest.FixtureRequest,
                                                         title: str) -> None:
    open_document(page, site, title)
    claims = site.claims(site.documents[title])
    assert len(claims) > 5
    assert_highlights_match(page, claims)
    text = page.locator("#article-text").text_content()
    document = site.gql("query($id: ID!) { node(id: $id) { ... on Document { text } } }", {"id": site.documents[title]})
    assert text == document["node"]["text"], "the article reads exactly as stored"
    screenshot(page, request, "article")


def test_legend_lists_every_status_with_its_own_look(site: Site, page: Page) -> None:
    page.goto(site.url + "/")
    wait_until_idle(page)
    legend = page.locator("#legend")
    looks = set()
    for status in AttributionStatus:
        entry = legend.locator(f'input[value="{status.value}"]').locator("xpath=..")
        assert status.value in entry.inner_text()
        swatch = entry.locator(f".swatch.status-{status.value}")
        looks.add(swatch.evaluate("node => { const s = getComputedStyle(node);"
                                  " return [s.textDecorationStyle, s.textDecorationColor, s.backgroundImage].join(' '); }"))
    assert len(looks) == len(AttributionStatus), "each status looks different, not by colour alone"
    styles = {look.split()[0] for look in looks}
    assert len(styles) >= 5, f"underline styles tell the statuses apart without colour: {styles}"


def test_filters_show_the_claims_the_api_matches(site: Site, page: Page, request: pytest.FixtureRequest) -> None:
    title = "calder-ridgeway-pennock-talks"
    document_id = open_document(page, site, title)
    everything = {c["id"] for c in site.claims(document_id)}
    assert set(page.evaluate(VISIBLE)) == everything

    kept = [AttributionStatus.ANONYMOUS_SOURCE.value, AttributionStatus.DECLINED_TO_COMMENT.value,
            AttributionStatus.NO_RESPONSE.value, AttributionStatus.DENIED.value]
    for status in AttributionStatus:
        if status.value not in kept:
            page.locator(f'#legend input[value="{status.value}"]').uncheck()
    wait_until_idle(page)
    expected = {c["id"] for c in site.claims(document_id, {"status": kept})}
    assert expected and expected != everything
    assert set(page.evaluate(VISIBLE)) == expected

    page.locator("#min-confidence").fill("0.6")
    wait_until_idle(page)
    stricter = {c["id"] for c in site.claims(document_id, {"status": kept, "minConfidence": 0.6})}
    assert stricter != expected
    assert set(page.evaluate(VISIBLE)) == stricter
    screenshot(page, request, "filtered")

    for status in AttributionStatus:
        page.locator(f'#legend input[value="{status.value}"]').check()
    page.locator("#min-confidence").fill("0.9")
    wait_until_idle(page)
    assert set(page.evaluate(VISIBLE)) == {c["id"] for c in site.claims(document_id, {"minConfidence": 0.9})}

    for status in AttributionStatus:
        page.locator(f'#legend input[value="{status.value}"]').uncheck()
    wait_until_idle(page)
    assert page.evaluate(VISIBLE) == [], "no status chosen: nothing shown"
    assert set(page.evaluate(HIGHLIGHTS)) == everything, "the claims are still there, only not highlighted"


def test_a_claim_fills_the_panel_and_its_response_links_there(site: Site, page: Page,
                                                              request: pytest.FixtureRequest) -> None:
    title = "leapmotor-faw-hongqi"
    document_id = open_document(page, site, title)
    claims = site.claims(document_id)
    claim = next(c for c in claims if c["responses"] and c["attribution"]["cue"])
    select(page, claim["id"])
    panel = page.locator("#panel-body")
    text = panel.inner_text()
    assert claim["text"] in text
    assert claim["attribution"]["status"] in text
    assert claim["attribution"]["source"]["name"] in text
    assert claim["attribution"]["cue"]["text"] in text
    assert "decided by" in text and claim["attribution"]["rule"] in text  # why the claim was given to its speaker
    assert page.locator(f'#article-text mark.selected[data-claim-id="{claim["id"]}"]').count() >= 1
    responses = panel.locator('[data-section="responses"] a.claim-link')
    assert {link.get_attribute("data-claim-id") for link in responses.all()} == {r["id"] for r in claim["responses"]}
    for response in claim["responses"]:
        assert response["text"] in panel.locator(f'[data-section="responses"] a[data-claim-id="{response["id"]}"]').inner_text()
    screenshot(page, request, "panel")

    response = claim["responses"][0]
    panel.locator(f'[data-section="responses"] a[data-claim-id="{response["id"]}"]').click()
    page.wait_for_selector(f'#panel-body[data-claim-id="{response["id"]}"][aria-busy=false]')
    assert page.locator(f'#article-text mark.selected[data-claim-id="{response["id"]}"]').count() >= 1
    assert page.locator(f'#article-text mark.selected[data-claim-id="{claim["id"]}"]').count() == 0
    assert parse_qs(urlsplit(page.url).fragment)["claim"] == [response["id"]], "the URL names the claim shown"

    concerns = panel.locator(f'[data-section="concerns"] a[data-claim-id="{claim["id"]}"]')
    assert concerns.count() == 1, "the response links back to the claim it concerns"
    concerns.click()
    page.wait_for_selector(f'#panel-body[data-claim-id="{claim["id"]}"][aria-busy=false]')
    assert page.locator(f'#article-text mark.selected[data-claim-id="{claim["id"]}"]').count() >= 1


def test_a_corroborating_claim_links_to_its_document(site: Site, page: Page) -> None:
    titles = [f"Halvard and Orrin ({publisher})" for publisher, _ in ACROSS]
    claims = site.claims(site.documents[titles[0]])
    claim = next(c for c in claims if c["corroboratedBy"])
    other = claim["corroboratedBy"][0]
    assert other["document"]["id"] != site.documents[titles[0]]
    open_document(page, site, titles[0])
    select(page, claim["id"])
    link = page.locator(f'#panel-body [data-section="corroboratedBy"] a[data-claim-id="{other["id"]}"]')
    assert other["document"]["title"] in link.inner_text() and other["document"]["publisher"] in link.inner_text()
    link.click()
    page.wait_for_selector(f'#panel-body[data-claim-id="{other["id"]}"][aria-busy=false]')
    assert page.locator("#article .headline").inner_text() == other["document"]["title"]
    assert page.locator(f'#article-text mark.selected[data-claim-id="{other["id"]}"]').count() >= 1
    page.go_back()
    page.wait_for_selector(f'#panel-body[data-claim-id="{claim["id"]}"][aria-busy=false]')
    assert page.locator("#article .headline").inner_text() == titles[0]


def test_the_panel_shows_deals_and_entities_with_their_evidence(site: Site, page: Page) -> None:
    title = "leapmotor-faw-hongqi"
    document_id = open_document(page, site, title)
    claims = site.claims(document_id)
    claim = next(c for c in claims if c["deals"] and c["entities"]
                 and any(e["id"] != c["id"] and e["document"]["id"] == document_id for e in c["deals"][0]["evidence"]))
    select(page, claim["id"])
    deals = page.locator('#panel-body [data-section="deals"]').inner_text()
    for deal in claim["deals"]:
        assert deal["kind"] in deals and deal["status"] in deals
        assert all(party["name"] in deals for party in deal["parties"])
    names = page.locator('#panel-body [data-section="entities"]').inner_text()
    assert all(entity["name"] in names for entity in claim["entities"])

    evidence = next(e for e in claim["deals"][0]["evidence"] if e["id"] != claim["id"] and e["document"]["id"] == document_id)
    page.locator(f'#panel-body [data-section="deals"] a[data-claim-id="{evidence["id"]}"]').first.click()
    page.wait_for_selector(f'#panel-body[data-claim-id="{evidence["id"]}"][aria-busy=false]')
    words = page.evaluate("id => [...document.querySelectorAll(`#article-text mark.selected[data-claim-id='${id}']`)]"
                          ".map(m => m.textContent).join('')", evidence["id"])
    assert words == next(c["span"]["text"] for c in claims if c["id"] == evidence["id"]), "the link leads to the exact words"


def test_astral_characters_before_claims_do_not_shift_highlights(site: Site, page: Page,
                                                                 request: pytest.FixtureRequest) -> None:
    document_id = open_document(page, site, "Astral characters")
    claims = site.claims(document_id)
    first_astral = min(ASTRAL.index(c) for c in ("\U0001F697", "\U00020000"))
    assert sum(c["span"]["start"] > first_astral for c in claims) >= 2, "claims stand after the astral characters"
    assert_highlights_match(page, claims)
    screenshot(page, request, "astral")


def test_overlapping_and_nested_spans_still_render(site: Site, page: Page) -> None:
    """The extractor's claims are disjoint; the page must not depend on it. Extra claims that nest in, cross
    and enclose the real ones are added to the API's answer on the way to the page."""
    title = "leapmotor-faw-hongqi"
    text = seed_text(title)
    claims = site.claims(site.documents[title])
    a, b = claims[0]["span"], claims[1]["span"]
    extra = {
        "nested": (a["start"] + 5, a["end"] - 5),
        "crossing": (a["end"] - 10, b["start"] + 10),
        "enclosing": (a["start"], b["end"]),
        "same": (a["start"], a["end"]),
    }

    def add_claims(route: Route) -> None:
        response = route.fetch()
        body = response.json()
        node = (body.get("data") or {}).get("node") or {}
        if "query Document(" in (route.request.post_data or "") and "claims" in node:
            for name, (start, end) in extra.items():
                node["claims"]["edges"].append({"node": {
                    "id": f"extra-{name}", "confidence": 0.5, "hedged": False, "span": {"start": start, "end": end},
                    "attribution": {"status": "UNATTRIBUTED", "source": None}}})
        route.fulfill(response=response, json=body)

    page.route("**/graphql", add_claims)
    open_document(page, site, title)
    shown = page.evaluate(HIGHLIGHTS)
    expected = {c["id"]: c["span"]["text"] for c in claims} | {f"extra-{name}": text[start:end] for name, (start, end) in extra.items()}
    assert shown == expected
    assert page.locator("#article-text").text_content() == text


def test_an_article_with_more_than_100_claims_renders(site: Site, page: Page, request: pytest.FixtureRequest) -> None:
    document_id = site.documents["A long article"]
    claims = site.claims(document_id)
    assert len(claims) > 100, "the article needs more claims than one page of the API"
    started = time.perf_counter()
    open_document(page, site, "A long article")
    elapsed = time.perf_counter() - started
    timings = page.locator("#article").evaluate("node => ({...node.dataset})")
    print(f"\n{len(claims)} claims: shown in {elapsed:.2f} s (load {timings['loadMs']} ms, render {timings['renderMs']} ms)")
    assert_highlights_match(page, claims)
    assert elapsed < 10, f"the page took {elapsed:.1f} s"
    screenshot(page, request, "long")


def test_markup_in_an_article_is_shown_as_text(site: Site, page: Page) -> None:
    document_id = open_document(page, site, MARKUP_TITLE)
    assert page.locator("#article-text").text_content() == MARKUP
    assert page.locator("#article .headline").inner_text() == MARKUP_TITLE
    assert MARKUP_TITLE in page.locator("#documents").inner_text()
    claim = next(c for c in site.claims(document_id) if "<script>" in c["text"])
    select(page, claim["id"])
    assert claim["text"] in page.locator("#panel-body").inner_text()
    assert page.locator("main script, main img, #documents img, #documents b, #panel script, #panel img").count() == 0
    assert page.locator('a[href^="javascript:" i]').count() == 0, "a javascript: URL is not made a link"
    assert page.evaluate("window.__factgraphPwned") is None


PANEL_OF = """query($id: ID!) { node(id: $id) { ... on Claim {
  id text origin confidence document { publisher }
  confidenceExplanation { value formula factors { name detail multiply add } }
  attribution { status source { id name kind reliability { value default deniedOrOutvoted
    override { reliability note setBy createdAt } } } }
  reviews { id rating ratingValue reviewer note createdAt }
  mentions { entity { __typename id name } span { start end text } basis }
  deals { id participants { company { name } basis }
    stakes { amount currency origins confidence claims { id } }
    history { status date precision dateBasis reportedOn datedBy { id } claim { id } } } } } }"""
RELIABILITY_OF_PUBLISHERS = "{ publishers { name reliability { value default } } }"


def panel_of(site: Site, claim_id: str) -> dict[str, Any]:
    """What the API says of a claim: the panel's sections must say the same."""
    return site.gql(PANEL_OF, {"id": claim_id})["node"]


def open_claim(page: Page, site: Site, title: str, claim_id: str) -> None:
    """Loads the page afresh on a claim (after a mutation, so nothing shown before stays): going to the same
    URL again would only be a change of fragment."""
    page.goto("about:blank")
    open_document(page, site, title, claim_id)
    page.wait_for_selector(f'#panel-body[data-claim-id="{claim_id}"][aria-busy=false]')


def test_the_confidence_is_shown_as_a_sum_a_reader_can_redo(site: Site, page: Page, request: pytest.FixtureRequest) -> None:
    title = "leapmotor-faw-hongqi"
    candidates = [panel_of(site, c["id"]) for c in site.claims(site.documents[title])]
    # A factor that multiplies (hedging, a response) and one that adds: a page summing or multiplying alone is wrong.
    claim = max(candidates, key=lambda c: (any(f["multiply"] != 1 for f in c["confidenceExplanation"]["factors"]),
                                           len(c["confidenceExplanation"]["factors"])))
    explanation = claim["confidenceExplanation"]
    assert any(f["multiply"] != 1 for f in explanation["factors"]) and len(explanation["factors"]) >= 2
    open_claim(page, site, title, claim["id"])
    section = page.locator('#panel-body [data-section="confidence"]')
    rows = section.locator("tr[data-factor]")
    assert [row.get_attribute("data-factor") for row in rows.all()] == [f["name"] for f in explanation["factors"]]
    total = 0.0
    for row, factor in zip(rows.all(), explanation["factors"], strict=True):
        total = total * factor["multiply"] + factor["add"]
        assert factor["detail"] in row.inner_text()
        step = row.locator(".step").inner_text()
        if factor["multiply"] != 1:
            assert f"× {exact(factor['multiply'])}" in step
        if factor["add"]:
            assert f"{'+' if factor['add'] > 0 else '−'} {exact(abs(factor['add']))}" in step
        assert row.locator(".total").inner_text() == exact(total), "the running value after this factor"
    assert page.locator("#confidence-value").inner_text() == exact(explanation["value"]) == exact(claim["confidence"])
    assert abs(min(0.99, max(0.01, total)) - explanation["value"]) < 1e-4, "the factors add up to the value shown"
    assert explanation["formula"] in section.inner_text()
    screenshot(page, request, "confidence")


def test_the_reliability_and_a_fact_checkers_override_are_shown(site: Site, page: Page,
                                                               request: pytest.FixtureRequest) -> None:
    title = f"Korvan and Tessel ({STAKES[0][0]})"
    claim_id = site.claims(site.documents[title])[0]["id"]
    claim = panel_of(site, claim_id)
    source = claim["attribution"]["source"]
    assert source is not None
    open_claim(page, site, title, claim_id)
    card = page.locator('#panel-body [data-section="reliability"] [data-reliability-of="source"]')
    text = card.inner_text()
    assert source["name"] in text and exact(source["reliability"]["value"]) in text
    assert exact(source["reliability"]["default"]) in text
    publishers = {p["name"]: p["reliability"] for p in site.gql(RELIABILITY_OF_PUBLISHERS)["publishers"]}
    publisher = page.locator('#panel-body [data-section="reliability"] [data-reliability-of="publisher"]').inner_text()
    assert claim["document"]["publisher"] in publisher and exact(publishers[claim["document"]["publisher"]]["value"]) in publisher
    assert page.locator("#panel-origin").inner_text() == claim["origin"]

    note = "Two of its stake figures were wrong <b>this year</b>"
    set_reliability = """mutation($i: SetReliabilityInput!) { setReliability(input: $i) { rescoredClaims
      reliability { value override { note } } } }"""
    changed = site.gql(set_reliability, {"i": {"sourceId": source["id"], "reliability": 0.45, "note": note,
                                                "setBy": "page test desk"}})["setReliability"]
    try:
        assert changed["rescoredClaims"] >= 1 and changed["reliability"]["override"]["note"] == note
        after = panel_of(site, claim_id)
        override = after["attribution"]["source"]["reliability"]["override"]
        open_claim(page, site, title, claim_id)
        card = page.locator('#panel-body [data-section="reliability"] [data-reliability-of="source"]')
        assert card.locator(".override .note").inner_text() == override["note"] == note, "the note, as text"
        assert card.locator(".override b").count() == 0
        text = card.inner_text()
        assert override["setBy"] in text and exact(override["reliability"]) in text
        assert exact(after["attribution"]["source"]["reliability"]["value"]) in text
        assert exact(source["reliability"]["default"]) in text, "the default stays beside the override"
        assert page.locator("#confidence-value").inner_text() == exact(after["confidence"]), "the claim was rescored"
        assert after["confidence"] != claim["confidence"]
        screenshot(page, request, "override")
    finally:
        site.gql(set_reliability, {"i": {"sourceId": source["id"], "reliability": None, "note": "back to the default",
                                         "setBy": "page test desk"}})


def test_a_review_made_through_the_api_appears_in_the_panel(site: Site, page: Page) -> None:
    title = "calder-ridgeway-pennock-talks"
    claim_id = site.claims(site.documents[title])[0]["id"]
    review = """mutation($i: ReviewClaimInput!) { reviewClaim(input: $i) { review { id } } }"""
    site.gql(review, {"i": {"claimId": claim_id, "rating": "MIXED", "reviewer": "Ana (desk)", "note": "Only one source."}})
    site.gql(review, {"i": {"claimId": claim_id, "rating": "MOSTLY_FALSE", "reviewer": "Tomas <i>desk</i>",
                            "note": "The filing says otherwise.\nSee page 4."}})
    reviews = panel_of(site, claim_id)["reviews"]
    assert len(reviews) == 2
    open_claim(page, site, title, claim_id)
    shown = page.locator('#panel-body [data-section="reviews"] li[data-review-id]')
    assert [item.get_attribute("data-review-id") for item in shown.all()] == [r["id"] for r in reviews], "newest first"
    for item, expected in zip(shown.all(), reviews, strict=True):
        text = item.inner_text()
        assert f"{expected['rating']} ({expected['ratingValue']}/5)" in text
        assert expected["reviewer"] in text
        assert item.locator(".note").inner_text() == expected["note"]
    assert page.locator("#panel-body i").count() == 0, "a reviewer's name is text"


def test_conflicting_stakes_sit_side_by_side_best_supported_first(site: Site, page: Page,
                                                                  request: pytest.FixtureRequest) -> None:
    title = f"Korvan and Tessel ({STAKES[1][0]})"
    claim_id = site.claims(site.documents[title])[0]["id"]
    claim = panel_of(site, claim_id)
    stakes = claim["deals"][0]["stakes"]
    assert sorted(s["amount"] for s in stakes) == sorted(float(p) for _, p in STAKES), "both figures, none overwritten"
    open_claim(page, site, title, claim_id)
    deal = page.locator(f'#panel-body [data-deal-id="{claim["deals"][0]["id"]}"]')
    boxes = deal.locator('[data-figures="Stake"] li.figure')
    assert [float(box.get_attribute("data-amount") or "nan") for box in boxes.all()] == [s["amount"] for s in stakes]
    for box, stake in zip(boxes.all(), stakes, strict=True):
        text = box.inner_text()
        assert f"{stake['amount']:g}%" in text and f"{stake['origins']} origin" in text
        assert f"confidence {exact(stake['confidence'])}" in text
        assert {link.get_attribute("data-claim-id") for link in box.locator("a").all()} == {c["id"] for c in stake["claims"]}
    first, second = (box.bounding_box() for box in boxes.all()[:2])
    assert first and second and abs(first["y"] - second["y"]) < 1 and second["x"] > first["x"] + first["width"] - 1, \
        "the disagreeing figures stand side by side"
    assert "disagree" in deal.locator('[data-figures="Stake"]').inner_text()
    screenshot(page, request, "stakes")


def test_deal_history_parties_and_mentions_say_what_was_inferred(site: Site, page: Page) -> None:
    title = "leapmotor-faw-hongqi"
    claims = [panel_of(site, c["id"]) for c in site.claims(site.documents[title])]
    dated = next(c for c in claims if any(e["date"] and e["dateBasis"] == "INFERRED" for d in c["deals"] for e in d["history"]))
    open_claim(page, site, title, dated["id"])
    for deal in dated["deals"]:
        items = page.locator(f'#panel-body [data-deal-id="{deal["id"]}"] .history li')
        assert [(i.get_attribute("data-status"), i.get_attribute("data-date") or None) for i in items.all()] == \
            [(e["status"], e["date"]) for e in deal["history"]], "in the order things happened"
        for item, event in zip(items.all(), deal["history"], strict=True):
            text = item.inner_text()
            assert f"reported {event['reportedOn']}" in text
            if event["date"]:
                assert f"{event['date']} ({event['precision'].lower()})" in text
            assert (item.locator(".basis-inferred").count() == 1) == (event["dateBasis"] == "INFERRED")
            assert item.locator(f'a[data-claim-id="{event["claim"]["id"]}"]').count() == 1

    party = next(c for c in claims if any(p["basis"] == "INFERRED" for d in c["deals"] for p in d["participants"]))
    open_claim(page, site, title, party["id"])
    for deal in party["deals"]:
        inferred = sum(p["basis"] == "INFERRED" for p in deal["participants"])
        assert page.locator(f'#panel-body [data-deal-id="{deal["id"]}"] dd .basis-inferred').count() == inferred

    mentioned = next(c for c in claims if any(m["basis"] == "INFERRED" for m in c["mentions"]))
    open_claim(page, site, title, mentioned["id"])
    shown = page.locator('#panel-body [data-section="entities"] li.mention')
    assert [(m.get_attribute("data-basis"), m.get_attribute("data-entity-id"), int(m.get_attribute("data-start") or -1))
            for m in shown.all()] == [(m["basis"], m["entity"]["id"], m["span"]["start"]) for m in mentioned["mentions"]]
    for item, mention in zip(shown.all(), mentioned["mentions"], strict=True):
        assert f"“{mention['span']['text']}”" in item.inner_text() and mention["entity"]["name"] in item.inner_text()
        marked = item.locator(".basis-inferred")
        assert marked.count() == (1 if mention["basis"] == "INFERRED" else 0)
        if mention["basis"] == "INFERRED":
            assert marked.is_visible() and marked.inner_text().lower() == "inferred"


def test_search_reliability_and_link_filters_show_the_claims_the_api_matches(site: Site, page: Page,
                                                                               request: pytest.FixtureRequest) -> None:
    title = "leapmotor-faw-hongqi"
    document_id = open_document(page, site, title)
    everything = {c["id"] for c in site.claims(document_id)}
    word = "Hongqi"
    page.locator("#search").fill(word)
    wait_until_idle(page)
    matching = {c["id"] for c in site.claims(document_id, {"text": word})}
    assert matching and matching != everything
    assert set(page.evaluate(VISIBLE)) == matching
    dimmed = {m.get_attribute("data-claim-id") for m in page.locator("#article-text mark.claim.off").all()}
    assert dimmed == everything - matching, "the others are dimmed, not removed"
    screenshot(page, request, "search")

    page.locator("#search").fill("")
    page.locator("#min-source-reliability").fill("0.7")
    wait_until_idle(page)
    reliable = {c["id"] for c in site.claims(document_id, {"minSourceReliability": 0.7})}
    assert reliable != everything
    assert set(page.evaluate(VISIBLE)) == reliable
    page.locator("#min-source-reliability").fill("0")

    across = site.documents[f"Halvard and Orrin ({ACROSS[1][0]})"]
    open_document(page, site, f"Halvard and Orrin ({ACROSS[1][0]})")
    everything = {c["id"] for c in site.claims(across)}
    for box in ("corroborated", "contradicted"):
        page.locator(f"#{box}").check()
        wait_until_idle(page)
        expected = {c["id"] for c in site.claims(across, {box: True})}
        assert set(page.evaluate(VISIBLE)) == expected
        page.locator(f"#{box}").uncheck()
        wait_until_idle(page)
        assert set(page.evaluate(VISIBLE)) == everything
    assert {c["id"] for c in site.claims(across, {"corroborated": True})} not in (set(), everything), \
        "the article has corroborated claims and others"


def test_the_readmes_screenshot_is_retaken(site: Site, browser: Browser, request: pytest.FixtureRequest) -> None:
    """docs/page.png, as docs/screenshot.py takes it (the claim with the fullest panel), from this server: the
    README shows the page as the code that is tested draws it. Once, on SQLite: the page is the same on both."""
    if request.node.callspec.params.get("site") != "sqlite":
        pytest.skip("taken once, from the SQLite server")
    output = ROOT / "docs" / "page.png"
    runpy.run_path(str(ROOT / "docs" / "screenshot.py"))["shoot"](browser, site.url, output)
    assert output.stat().st_size > 50_000 and output.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
