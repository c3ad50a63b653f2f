"""An article pasted as HTML, turned into the plain text the extractor reads: one paragraph a block, a blank
line between paragraphs (as in seeds/*.txt), scripts, styles and page furniture dropped, entities decoded.

Detection is conservative, because wire copy uses angle brackets for tickers and company names ("<GM>",
"<Rapidtech Systems Inc>") and an article may mention a tag ("the <b> element"). A text is HTML when either

- it is a document: after any whitespace, comments or XML declaration it starts with `<!DOCTYPE html` or an
  `<html` tag; or
- it is mostly markup: its tags of known HTML elements (start and end tags, comments) cover at least
  MARKUP_SHARE (half) of its non-blank characters, with at least MIN_TAGS such tags and at least one end
  tag (`</p>`); or
- it is a fragment built of blocks: it starts with a block element's start tag (`<p>`, `<div ...>`) and ends
  with a block element's end tag, with at least two block end tags in it.

Tickers have no end tags, so none of these holds for wire copy (over the 19,043 Reuters-21578 stories, none
is taken for HTML: tests/extract/test_html.py); an article that quotes a few tags, even a `<script>` with
its end tag, is mostly prose and stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

# Tags that make up at least this share of the text's non-blank characters make it markup. Half, not less:
# a short article quoting `<img src=x onerror="...">` and a `<script>` is a third tags and is still prose.
MARKUP_SHARE = 0.5
MIN_TAGS = 3

# Elements whose content is never article text: code, styling, the page's head and its furniture.
DROPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "nav", "footer", "aside",
                     "iframe", "object", "embed", "svg", "canvas", "button", "select"})
# Dropped elements that also end the paragraph before them (a script or a style may sit inside a sentence).
DROPPED_BLOCKS = frozenset({"noscript", "template", "head", "title", "nav", "footer", "aside", "iframe", "object",
                            "embed", "svg", "canvas"})
# Elements that start and end a paragraph of their own.
BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "blockquote", "article", "section",
                    "tr", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "caption", "header", "main",
                    "figure", "figcaption", "hr", "pre", "address", "details", "summary", "body", "html", "center",
                    "hgroup", "fieldset", "legend", "form"})
# Table cells sit side by side in a row: a space apart, not paragraphs.
CELLS = frozenset({"td", "th"})
# Names that count as HTML in the measures above (blocks, cells, dropped elements and common inline ones).
KNOWN = BLOCKS | CELLS | DROPPED | frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "input", "ins",
    "kbd", "label", "link", "mark", "meta", "picture", "q", "s", "samp", "small", "source", "span", "strong", "sub",
    "sup", "time", "u", "var", "wbr", "video", "audio", "option", "textarea", "col", "colgroup", "base"})

_NAME = r"[A-Za-z][A-Za-z0-9]*"
# A start or end tag: `<p>`, `<a href="x">`, `<br/>`, `</div>`; attributes may span lines but hold no `<`.
TAG = re.compile(rf"<(/?)({_NAME})(?:\s[^<>]*)?/?>")
# What may precede `<!DOCTYPE html>` or `<html>`: whitespace, a BOM, comments, an XML declaration.
PROLOGUE = re.compile(r"(?:\s|\ufeff|<!--.*?-->|<\?xml[^>]*\?>)*", re.S)
DOCUMENT_START = re.compile(r"<!doctype\s+html\b|<html[\s>]", re.I)
LEADING_BLOCK = re.compile(rf"\s*<({_NAME})(?:\s[^<>]*)?>")
TRAILING_END = re.compile(rf"</({_NAME})\s*>\s*\Z")


def looks_like_html(text: str) -> bool:
    """Whether `text` is an HTML page or fragment rather than an article (the module docstring's measures)."""
    prologue = PROLOGUE.match(text)
    if prologue is not None and DOCUMENT_START.match(text, prologue.end()):
        return True
    if "</" not in text:
        return False  # no end tag: neither measure can hold (and tickers never close)
    tags = [match for match in TAG.finditer(text) if match.group(2).lower() in KNOWN]
    comments = _comments(text)
    if not any(match.group(1) for match in tags):
        return False
    markup = sum(len(match.group()) for match in tags) + sum(comments)
    visible = len(text) - sum(text.count(space) for space in " \t\r\n")
    if len(tags) + len(comments) >= MIN_TAGS and visible and markup / visible >= MARKUP_SHARE:
        return True
    leading, trailing = LEADING_BLOCK.match(text), TRAILING_END.search(text)
    block_ends = sum(1 for match in tags if match.group(1) and match.group(2).lower() in BLOCKS)
    return bool(leading and trailing and leading.group(1).lower() in BLOCKS and trailing.group(1).lower() in BLOCKS
                and block_ends >= 2)


class UnreadableHtml(ValueError):
    """The page is past what the parser reads whole (elements nested more than 2,048 deep): converting it
    would lose text without a word, so it is refused."""


def _comments(text: str) -> list[int]:
    """The lengths of the `<!-- ... -->` comments, found in one pass (a regex would scan to the end again
    from every `<!--` that is never closed)."""
    lengths, start = [], text.find("<!--")
    while start != -1:
        end = text.find("-->", start + 4)
        if end == -1:
            break
        lengths.append(end + 3 - start)
        start = text.find("<!--", end + 3)
    return lengths


@dataclass(frozen=True, slots=True)
class Page:
    text: str  # paragraphs a blank line apart, ending in a newline; "" when the page has no text
    title: str | None  # the `<title>`, whitespace normalised


def html_to_text(html: str) -> Page:
    """The article text of an HTML page or fragment (a pure function: no network, no files); UnreadableHtml
    when the parser cannot read all of it."""
    # As UTF-8 bytes with the encoding said, so that a `<meta charset>` or an XML declaration in the page
    # cannot make the parser decode it again as something else. huge_tree lifts libxml2's nesting limit from
    # 256 (which sloppy pages of unclosed tags reach) to 2,048; the article size limit bounds the rest.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True,
                                  huge_tree=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", errors="surrogatepass"), parser=parser)
    except lxml.etree.ParserError:  # "Document is empty": markup with nothing in it
        return Page("", None)
    # libxml2 recovers from bad markup quietly, but past a resource limit it stops and drops the rest.
    limits = [error for error in parser.error_log if error.type_name == "ERR_RESOURCE_LIMIT"]
    if limits:
        raise UnreadableHtml(f"The HTML cannot be read whole (line {limits[0].line}: {limits[0].message.strip()}); "
                             "send the article's text instead.")
    title = root.find(".//title")
    title_text = " ".join(title.text_content().split()) if title is not None else ""
    return Page(_paragraphs(root), title_text or None)


def _paragraphs(root: lxml.html.HtmlElement) -> str:
    paragraphs: list[str] = []
    pieces: list[str] = []

    def end_paragraph() -> None:
        paragraph = " ".join("".join(pieces).split())
        if paragraph:
            paragraphs.append(paragraph)
        pieces.clear()

    # Walked with start and end events, not recursion: nesting depth is the page's to choose.
    skipping = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end")):
        name = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if skipping or name in DROPPED:
                if not skipping and name in DROPPED_BLOCKS:
                    end_paragraph()
                skipping += 1
                continue
            if name in BLOCKS:
                end_paragraph()
            elif name in CELLS:
                pieces.append(" ")
            if element.text:
                pieces.append(element.text)
        else:
            if skipping:
                skipping -= 1
                if skipping:
                    continue
                if name in DROPPED_BLOCKS:
                    end_paragraph()
            elif name in BLOCKS:
                end_paragraph()
            elif name in CELLS:
                pieces.append(" ")
            if element.tail:  # the text after an element belongs to its parent, dropped or not
                pieces.append(element.tail)
    end_paragraph()
    return "\n\n".join(paragraphs) + "\n" if paragraphs else ""
