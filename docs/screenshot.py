"""Takes the README's screenshot of the fact-checker page: docs/page.png.

    .venv/bin/python docs/screenshot.py [--output docs/page.png] [--url http://127.0.0.1:8000]

Without --url it starts `factgraph serve --seed` on a free port over a new SQLite database in a temporary
folder and stops it afterwards. The page shows the claim with the fullest side panel: a confidence of several
factors, a party's response, a coreference the extractor inferred and a deal with a dated history. Needs Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`)
and the test extra (`pip install -e '.[test]'`, for Playwright).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1440, "height": 1700}  # tall enough for the panel's deal and names
CLAIMS = """query($after: String) { claims(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id document { id } responses { id } confidenceExplanation { factors { name } } mentions { basis }
                 deals { history { date } } } } } }"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def seeded_server() -> Iterator[str]:
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "FACTGRAPH_DATABASE_URL": f"sqlite:///{Path(folder) / 'page.db'}"}
        env.pop("FACTGRAPH_API_TOKEN", None)
        log = (Path(folder) / "server.log").open("w")
        server = subprocess.Popen([sys.executable, "-m", "factgraph.api.cli", "serve", "--seed", "--port", str(port)],
                                  cwd=folder, env=env, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(240):
                if server.poll() is not None:
                    break
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.5)
            else:
                raise SystemExit("the server did not answer within 2 minutes")
            if server.poll() is not None:
                raise SystemExit("the server stopped:\n" + (Path(folder) / "server.log").read_text())
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()


def richness(claim: dict[str, Any]) -> tuple[int, int]:
    """How much of the panel a claim fills: the sections it has, then its confidence factors."""
    factors = len(claim["confidenceExplanation"]["factors"])
    sections = [factors >= 3, bool(claim["responses"]), any(m["basis"] == "INFERRED" for m in claim["mentions"]),
                any(event["date"] for deal in claim["deals"] for event in deal["history"])]
    return sum(sections), factors


def fullest_claim(url: str) -> dict[str, Any]:
    """The first claim, in reading order, with the fullest panel."""
    claims: list[dict[str, Any]] = []
    after = None
    while True:
        body = httpx.post(f"{url}/graphql", json={"query": CLAIMS, "variables": {"after": after}}, timeout=60).json()
        page = body["data"]["claims"]
        claims += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    if not claims:
        raise SystemExit(f"{url} has no claims to show: load the seed articles first")
    return max(claims, key=richness)


def shoot(browser: Any, url: str, output: Path) -> None:
    """The screenshot with a browser already running (Playwright's): what the page tests call."""
    claim = fullest_claim(url)
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(f"{url}/#{urlencode({'doc': claim['document']['id'], 'claim': claim['id']})}")
    page.wait_for_selector(f'#panel-body[data-claim-id="{claim["id"]}"][aria-busy=false]')
    page.wait_for_selector("#main[aria-busy=false]")
    output.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(output))
    page.close()


def take(url: str, output: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        shoot(browser, url, output)
        browser.close()
    print(f"wrote {output}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "page.png")
    parser.add_argument("--url", help="a running factgraph server with articles (default: start one with the seeds)")
    args = parser.parse_args()
    if args.url:
        take(args.url.rstrip("/"), args.output)
    else:
        with seeded_server() as url:
            take(url, args.output)


if __name__ == "__main__":
    main()
