"""Articles from files: the seed folder and `factgraph ingest FILE...` read them the same way.

A file `name.txt` may have beside it `name.meta.json` with {"title", "publisher", "url", "published"};
the publication date matters, since relative dates ("last month") resolve against it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

from ..extract.html import looks_like_html
from ..schema.context import IngestRequest
from .ingest import ArticleRejected, Ingestor


def read_article(path: Path, *, max_bytes: int | None = None) -> IngestRequest:
    """The article in `path` with its metadata; ArticleRejected when the file cannot be read, is larger than
    `max_bytes` (said before reading it) or is not UTF-8 text."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise ArticleRejected(f"{path}: the file is {size:,} bytes, more than the limit of {max_bytes:,} "
                                  "(FACTGRAPH_MAX_ARTICLE_BYTES): split it, or raise the limit.")
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleRejected(f"{path}: cannot be read ({error.strerror}).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise ArticleRejected(f"{path}: is not UTF-8 text (byte {error.start:,}, on line {line}, cannot be decoded: "
                              f"{raw[error.start:error.end]!r}); save it as UTF-8.") from None
    text = text.removeprefix("\ufeff")
    meta_path = path.with_name(path.stem + ".meta.json")
    meta: dict[str, str] = {}
    if meta_path.exists():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ArticleRejected(f"{meta_path}: is not valid JSON ({error}).") from None
    published = None
    if meta.get("published"):
        try:
            published = dt.date.fromisoformat(meta["published"])
        except ValueError:
            raise ArticleRejected(f"{meta_path}: 'published' must be a date as YYYY-MM-DD, got {meta['published']!r}.") from None
    # An HTML page's own `<title>` names it (the ingest service reads it) before its file's name does.
    title = meta.get("title") or (None if looks_like_html(text) else path.stem)
    return IngestRequest(text=text, title=title, publisher=meta.get("publisher"),
                         url=meta.get("url"), published_at=published)


def load_seeds(ingestor: Ingestor, directory: Path) -> str:
    """Ingests every article of the seed folder (those already stored are skipped); returns a summary."""
    requests = [read_article(path) for path in sorted(directory.glob("*.txt"))]
    counts: Counter[str] = Counter()
    for result in ingestor.ingest_many(requests):
        counts["rejected" if isinstance(result, ArticleRejected) else "stored" if result.created else "already stored"] += 1
    return ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "no articles"
