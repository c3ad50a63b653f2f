"""The fact-checker page at `/`: a server-rendered shell (layout, legend, filters) whose data comes from the
GraphQL API. `static/page.js` fetches the documents and claims with queries only (it never holds the API
token) and builds the article's highlights as DOM nodes, so article text is never parsed as HTML."""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from ..extract.confidence import VOUCHED_BY_PUBLISHER
from ..extract.model import AttributionStatus
from ..schema.claims import MAX_SEARCH

STATIC = Path(__file__).resolve().parent / "static"

# What a reader sees for each status; the enum name stays beside it, as the API spells it.
STATUS_LABELS: dict[AttributionStatus, str] = {
    AttributionStatus.CONFIRMED: "On the record",
    AttributionStatus.ANONYMOUS_SOURCE: "Anonymous source",
    AttributionStatus.UNATTRIBUTED: "Publisher's reporting",
    AttributionStatus.DECLINED_TO_COMMENT: "Declined to comment",
    AttributionStatus.NO_RESPONSE: "Did not respond",
    AttributionStatus.DENIED: "Denied",
}

# Article text is untrusted: the page runs only its own script and style, and talks only to this server.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                           "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def static_files() -> StaticFiles:
    return StaticFiles(directory=STATIC)


def _asset(name: str) -> str:
    """The URL of a static file with its content hash, so a browser never runs a stale script."""
    digest = hashlib.sha256((STATIC / name).read_bytes()).hexdigest()[:12]
    return f"/static/{name}?v={digest}"


def _legend() -> str:
    missing = set(AttributionStatus) - set(STATUS_LABELS)
    if missing:
        raise RuntimeError(f"api/page.py has no label for the statuses {sorted(missing)}: add them to STATUS_LABELS.")
    items = "\n".join(
        f'      <li><label class="status-option">'
        f'<input type="checkbox" name="status" value="{status.value}" checked> '
        f'<span class="swatch claim status-{status.value}">{escape(label)}</span>'
        f'<span class="status-code"><code>{status.value}</code> <span class="count" data-count-for="{status.value}">'
        f'</span></span></label></li>'
        for status, label in STATUS_LABELS.items()
    )
    return f"""    <ul class="legend" id="legend" aria-label="Attribution statuses">
{items}
    </ul>"""


def _publisher_vouches() -> str:
    """The statuses whose claims stand on the publisher's reliability, whatever their source: the page reads
    them from here rather than keeping its own copy of the rule (README, "Source reliability")."""
    return " ".join(sorted(status.value for status in VOUCHED_BY_PUBLISHER))


def render_page() -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>factgraph: claims and their sources</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="{_asset("page.css")}">
  <script src="{_asset("page.js")}" defer></script>
</head>
<body>
<header class="top">
  <h1>factgraph</h1>
  <p class="tagline">Every claim in the article, who makes it and how: click a highlight.</p>
  <nav><a href="/graphql">GraphQL API</a></nav>
</header>
<div class="layout">
  <aside class="documents" aria-labelledby="documents-heading">
    <h2 id="documents-heading">Documents</h2>
    <p class="hint" id="documents-status">Loading…</p>
    <ol id="documents" class="document-list"></ol>
    <h2 id="publishers-heading">Publishers</h2>
    <ul id="publishers" class="publisher-list" aria-labelledby="publishers-heading"></ul>
  </aside>
  <main id="main" aria-busy="true">
    <form class="filters" id="filters" aria-label="Filters">
      <fieldset>
        <legend>Status <span class="hint">(any of)</span></legend>
{_legend()}
      </fieldset>
      <fieldset class="confidence">
        <legend>Minimum confidence</legend>
        <input type="range" id="min-confidence" name="minConfidence" min="0" max="1" step="0.01" value="0">
        <output id="min-confidence-value" for="min-confidence">0.00</output>
      </fieldset>
      <fieldset class="confidence">
        <legend>Minimum source reliability</legend>
        <input type="range" id="min-source-reliability" name="minSourceReliability" min="0" max="1" step="0.01" value="0">
        <output id="min-source-reliability-value" for="min-source-reliability">0.00</output>
      </fieldset>
      <fieldset class="links">
        <legend>Only claims</legend>
        <label><input type="checkbox" id="corroborated" name="corroborated"> corroborated</label>
        <label><input type="checkbox" id="contradicted" name="contradicted"> contradicted</label>
      </fieldset>
      <fieldset class="search">
        <legend><label for="search">Search the claims</label></legend>
        <input type="search" id="search" name="text" maxlength="{MAX_SEARCH}" placeholder="every word, any form" autocomplete="off">
      </fieldset>
      <p class="hint" id="filter-summary" aria-live="polite"></p>
    </form>
    <article id="article" class="article" aria-live="polite">
      <p class="hint">Choose a document.</p>
    </article>
  </main>
  <aside class="panel" id="panel" aria-labelledby="panel-heading" data-publisher-vouches="{_publisher_vouches()}">
    <h2 id="panel-heading">Claim</h2>
    <div id="panel-body"><p class="hint">Click a highlighted claim to see its source, its responses and the facts it supports.</p></div>
  </aside>
</div>
</body>
</html>
"""


class Page:
    """The page's HTML, rendered once when the app is built (it depends on nothing per request)."""

    def __init__(self) -> None:
        self.html = render_page()

    async def respond(self, request: Request) -> HTMLResponse:
        return HTMLResponse(self.html, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY,
                                                "X-Content-Type-Options": "nosniff"})
