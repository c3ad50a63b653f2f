"""HTML pasted instead of text: what is taken for HTML (and what is not), and the text it becomes."""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

import pytest

from factgraph.extract.html import UnreadableHtml, html_to_text, looks_like_html

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "tests" / "pages"
CORPUS = Path(os.environ.get("FACTGRAPH_CORPUS", ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"))


@pytest.mark.parametrize("text", [
    "<!DOCTYPE html><html><body><p>Acme said so.</p></body></html>",
    "\ufeff  <!-- saved from the site -->\n<!doctype HTML>\n<p>Acme said so.",  # a BOM and a comment before it
    '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><p>Acme said so.</p></html>',
    "<html>\n<p>Acme said so.</p>",
    # No doctype: a page's body copied whole, mostly markup (attributes, wrappers).
    '<div class="story"><div class="row"><span class="kicker">Markets</span></div>'
    '<div class="body" data-id="8812"><span>Acme said so.</span></div></div>',
    # A fragment of paragraphs, however long they are.
    "<p>" + "Acme Corp said on Monday it had agreed to buy Beta Inc. " * 20 + "</p>\n<p>Beta declined to comment.</p>",
    "<h1>Acme to buy Beta</h1>\n<p>Acme said so.</p>\n<ul><li>one</li><li>two</li></ul>",
])
def test_html_is_recognised(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize("text", [
    # 1987 wire copy brackets tickers and unlisted companies.
    "<GM> said it would cut output. <Rapidtech Systems Inc> said it acquired the patent.",
    "<A> and <T> shares rose; <B> fell, traders said. <P> was unchanged.",  # tickers that are also tag names
    "<Gruppo Ferruzzi> is studying a share offer of up to 49 pct of its French unit <European Sugar (France)>.",
    # An article about markup mentions tags, even a closing one, in running text.
    "The page used the <b> element for emphasis and closed it with </b>, the developer said.",
    "Engineers said the bug was in a <div> that was never closed.\nThe fix, a single </div>, shipped on Monday.",
    # An article quoting markup at length (tests/test_page.py shows such a text, escaped) is still prose.
    "Arden Motors said on Monday that <script>window.x = true</script> was only a test string.\n\n"
    "Bellwether Energy said <img src=x onerror=\"window.x = true\"> showed up in its filing.\n",
    # Starts and ends with something tag-like, but the blocks are not there.
    "<p> is the paragraph tag, the guide said; it ends with </p>",
    "",
    "Acme said so.",
])
def test_text_with_angle_brackets_is_not_html(text: str) -> None:
    assert not looks_like_html(text)


def test_no_seed_or_test_article_is_taken_for_html() -> None:
    texts = [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/articles/*.txt"), PAGES / "ostberg-lanvik-talks.txt"]
    assert len(texts) > 10
    assert [path.name for path in texts if looks_like_html(path.read_text(encoding="utf-8"))] == []


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the Reuters-21578 corpus is not at {CORPUS} (FACTGRAPH_CORPUS)")
def test_no_reuters_story_is_taken_for_html() -> None:
    """19,043 stories of 1987 wire copy, 3,761 of them with `<...>` tickers or names: none is HTML."""
    stories = taken = with_brackets = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            stories += 1
            with_brackets += "<" in text
            taken += looks_like_html(text)
    assert stories == 19_043 and with_brackets > 3000
    assert taken == 0


def test_a_news_page_becomes_its_article() -> None:
    page = html_to_text((PAGES / "ostberg-lanvik-talks.html").read_text(encoding="utf-8"))
    assert page.text == (PAGES / "ostberg-lanvik-talks.txt").read_text(encoding="utf-8")
    assert page.title == "Ostberg in talks to buy ferry operator Lanvik Lines - sources | Wire News"
    for boilerplate in ["Home", "dataLayer", "renderAd", "JavaScript", "Related coverage", "Share this", "Terms of use", "©"]:
        assert boilerplate not in page.text


@pytest.mark.parametrize("html, text", [
    # Entities, named and numeric, and a non-breaking space that is only a space in a paragraph.
    ("<p>Caf&eacute; &amp; Bar &#8220;Nord&#x201D; paid 5&nbsp;mln &lt;GM&gt;</p>", "Café & Bar “Nord” paid 5 mln <GM>\n"),
    # A line break is a paragraph break, however it is written.
    ("<html><p>One<br>two<br/>three<BR >four</p>", "One\n\ntwo\n\nthree\n\nfour\n"),
    # Whitespace inside a paragraph is one space; inline elements join without one.
    ("<p>\n  Acme\tCorp   <b>said</b>\n\n on <em>Mon</em>day.  </p><p>x</p>", "Acme Corp said on Monday.\n\nx\n"),
    # Blocks nest; each is a paragraph, and empty ones leave nothing.
    ("<div><div>Lead</div><blockquote><p>Quoted.</p></blockquote><div> </div><section>End</section></div>",
     "Lead\n\nQuoted.\n\nEnd\n"),
    # Table rows are paragraphs, cells in a row a space apart.
    ("<html><table><tr><th>Year</th><td>2024</td></tr><tr><td>Sales</td><td>12</td></tr></table>",
     "Year 2024\n\nSales 12\n"),
    # Scripts and styles inside a sentence go, and the sentence stays one paragraph.
    ("<p>Acme<script>x()</script> said<style>p{}</style> so.</p><p>x</p>", "Acme said so.\n\nx\n"),
    # Text after a dropped element belongs to its parent.
    ("<html><body><nav>Menu</nav>Acme said so.<footer>(c) Site</footer></body>", "Acme said so.\n"),
    # Headings and list items.
    ("<html><h2>Title</h2><ul><li>First point.</li><li>Second point.</li></ul>", "Title\n\nFirst point.\n\nSecond point.\n"),
])
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html).text == text


def test_an_empty_page_has_no_text() -> None:
    for html in ["<!DOCTYPE html>", "<html></html>",
                 "<html><head><title>Home</title><script>go()</script></head><body><nav>Menu</nav><footer>(c)</footer></body></html>"]:
        assert html_to_text(html).text == ""
    assert html_to_text("<html><head><title> Home \n page </title></head></html>").title == "Home page"
    assert html_to_text("<html><p>x</p>").title is None


def test_deep_nesting_is_read_to_a_limit_and_refused_past_it() -> None:
    def nested(depth: int) -> str:
        return "<html><body>" + "<font>" * depth + "Deep." + "</font>" * depth + "<p>After.</p></body></html>"

    assert html_to_text(nested(1500)).text == "Deep.\n\nAfter.\n"  # walked without recursion
    with pytest.raises(UnreadableHtml, match="cannot be read whole"):
        html_to_text(nested(3000))  # libxml2 would drop the rest: refused rather than cut short


@pytest.mark.parametrize("text", ["</p>" + "<!--" * 250_000, "</p>" + "<a " * 330_000, "</" * 500_000,
                                  "<!--" + " " * 999_990])
def test_detection_takes_one_pass_over_a_megabyte_made_to_be_slow(text: str) -> None:
    started = time.perf_counter()
    looks_like_html(text)
    assert time.perf_counter() - started < 5, "a pass per `<!--` or per `<` would take minutes"
