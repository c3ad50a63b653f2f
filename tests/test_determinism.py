"""The same text gives the same extraction in every process: two servers whose Python hashes differ
(PYTHONHASHSEED, which orders sets) ingest 200 real Reuters stories and answer the same claims, sources,
rules and mentions."""

from __future__ import annotations

import gzip
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from .conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl.gz"
STORIES = 200
CLAIMS = """query($id: ID!, $after: String) { node(id: $id) { ... on Document {
  claims(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
    span { start end } attribution { status source { name kind } cue { start end } rule }
    mentions { entity { name } span { start end } basis } } } } } } }"""
INGEST = "mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) { document { id } } }"


def stories() -> list[str]:
    if not CORPUS.exists():
        pytest.fail(f"the Reuters-21578 corpus is not at {CORPUS}")
    found = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            if "acq" in story["topics"]:
                found.append(story["text"])
            if len(found) == STORIES:
                return found
    return found


@contextmanager
def server(folder: Path, hash_seed: str) -> Iterator[str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "FACTGRAPH_API_TOKEN": "t",
           "FACTGRAPH_DATABASE_URL": f"sqlite:///{folder / f'hash-{hash_seed}.db'}"}
    log = (folder / f"log-{hash_seed}").open("w")
    process = subprocess.Popen([sys.executable, "-m", "factgraph.api.cli", "serve", "--port", str(port)],
                               cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("the server did not start: " + (folder / f"log-{hash_seed}").read_text())
        yield f"{url}/graphql"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def extracted(url: str, texts: list[str]) -> list[list[dict]]:
    """Every story's claims, in reading order, as the API answers them."""
    found = []
    with httpx.Client(headers={"Authorization": "Bearer t"}, timeout=120) as http:
        for text in texts:
            body = http.post(url, json={"query": INGEST, "variables": {"i": {"text": text}}}).json()
            document = body["data"]["ingestDocument"]["document"]["id"]
            claims, after = [], None
            while True:
                page = http.post(url, json={"query": CLAIMS, "variables": {"id": document, "after": after}}).json()
                connection = page["data"]["node"]["claims"]
                claims += [edge["node"] for edge in connection["edges"]]
                if not connection["pageInfo"]["hasNextPage"]:
                    break
                after = connection["pageInfo"]["endCursor"]
            found.append(claims)
    return found


def test_two_processes_with_different_hash_seeds_extract_alike(tmp_path: Path) -> None:
    texts = stories()
    assert len(texts) == STORIES
    with server(tmp_path, "1") as first, server(tmp_path, "2") as second:
        one, two = extracted(first, texts), extracted(second, texts)
    differing = [i for i, (a, b) in enumerate(zip(one, two, strict=True)) if a != b]
    assert not differing, f"{len(differing)} stories differ, the first: {texts[differing[0]][:200]!r}"
    assert sum(len(claims) for claims in one) > 1000  # real stories, read through
