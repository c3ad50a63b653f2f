"""GraphiQL at GET /graphql (from a browser), served from the app's own files: React, ReactDOM and GraphiQL at
pinned versions (api/graphiql_assets.py fetches them at install time) and a small script that starts it on a
ready-made query. With no network it loads and runs all the same (tests/test_graphiql.py)."""

from __future__ import annotations

import json
from html import escape

from starlette.responses import HTMLResponse

from .graphiql_assets import PACKAGES, TARGET, installed

# Only this server's files. GraphiQL's editor sets inline styles; fonts come as data: URLs in its stylesheet.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
                           "form-action 'none'; frame-ancestors 'none'")
_VERSIONS = "&amp;".join(f"{package.name}={package.version}" for package in PACKAGES)  # a new version, a new URL

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>factgraph GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/static/graphiql/graphiql.min.css?{versions}">
  <style>html, body, #graphiql {{ height: 100%; margin: 0; }}</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL...</div>
  <script type="application/json" id="graphiql-default-query">{query}</script>
  <script src="/static/graphiql/react.production.min.js?{versions}"></script>
  <script src="/static/graphiql/react-dom.production.min.js?{versions}"></script>
  <script src="/static/graphiql/graphiql.min.js?{versions}"></script>
  <script src="/static/graphiql-boot.js?{versions}"></script>
</body>
</html>
"""

MISSING = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>factgraph GraphiQL</title></head>
<body><p>GraphiQL's files are not installed in {target}. The install step fetches them with npm:
run <code>pip install -e .</code> again, or <code>python api/graphiql_assets.py</code>. The API itself works:
POST GraphQL to /graphql.</p></body></html>
"""


def graphiql_page(default_query: str) -> HTMLResponse:
    if not installed():
        return HTMLResponse(MISSING.format(target=escape(str(TARGET))), status_code=503)
    # JSON in a script element the browser does not run; "</" is escaped so the text cannot close the element.
    query = json.dumps(default_query).replace("</", "<\\/")
    return HTMLResponse(PAGE.format(versions=_VERSIONS, query=query),
                        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})
