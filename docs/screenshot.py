"""Takes the README's screenshot of the fact-checker page: docs/page.png.

    .venv/bin/python docs/screenshot.py [--output docs/page.png] [--url http://127.0.0.1:8000]

Without --url it starts `factgraph serve --seed` on a free port over a new SQLite database in a temporary
folder and stops it afterwards. The page shows the first claim from an anonymous source that a party
answered, with its side panel open. Needs Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`)
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
from urllib.parse import urlencode

import httpx
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ANSWERED_CLAIMS = """{ claims(first: 100, filter: {status: [ANONYMOUS_SOURCE]}) {
  edges { node { id responses { id } document { id } } } } }"""


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


def take(url: str, output: Path) -> None:
    response = httpx.post(f"{url}/graphql", json={"query": ANSWERED_CLAIMS}, timeout=60).json()
    answered = [e["node"] for e in response["data"]["claims"]["edges"] if e["node"]["responses"]]
    if not answered:
        raise SystemExit(f"{url} has no anonymous claim with a response to show: load the seed articles first")
    claim = answered[0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 1000})
        page.goto(f"{url}/#{urlencode({'doc': claim['document']['id'], 'claim': claim['id']})}")
        page.wait_for_selector(f'#panel-body[data-claim-id="{claim["id"]}"][aria-busy=false]')
        page.wait_for_selector("#main[aria-busy=false]")
        output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(output))
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
