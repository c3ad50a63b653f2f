"""Ingesting articles: check the text, extract, store; one transaction per document.

The same service serves the GraphQL mutation and the command line. A text that was ingested before is
found by its hash before any extraction runs, so re-ingesting is cheap and stores nothing.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import anyio.to_thread

from ..db import models as m
from ..db.engine import Database
from ..db.store import DocumentMeta, find_document, store
from ..db.text import unstorable
from ..extract.html import UnreadableHtml, html_to_text, looks_like_html
from ..extract.model import Extraction
from ..extract.pipeline import Extractor, ModelNotInstalled
from ..schema.context import IngestRequest
from ..schema.names import clean_name

# Control characters other than tab, newline and carriage return mean the text is not an article.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x1B: "ESCAPE",
                 0x7F: "DELETE"}


class ArticleRejected(ValueError):
    """The text cannot be ingested as an article; the message says why and what to do."""


def check_article(text: str, *, max_bytes: int, subject: str = "The article") -> None:
    """Raises ArticleRejected when `text` is too large, empty, or not text; `subject` names it in the message."""
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise ArticleRejected(
            f"{subject} is {size:,} bytes, more than the limit of {max_bytes:,} (FACTGRAPH_MAX_ARTICLE_BYTES): "
            "split it, or raise the limit."
        )
    if not text.strip():
        raise ArticleRejected(f"{subject} is empty: there is no text to extract claims from.")
    bad = CONTROL.search(text)
    if bad:
        code = ord(bad.group())
        name = f"{CONTROL_NAMES[code]}, U+{code:04X}" if code in CONTROL_NAMES else f"U+{code:04X}"
        raise ArticleRejected(
            f"{subject} contains the control character {name} at {_where(text, bad.start())}: it looks like "
            "binary data, not text. Send the article's text as UTF-8, without control characters."
        )
    surrogate = SURROGATE.search(text)
    if surrogate:
        raise ArticleRejected(
            f"{subject} contains the unpaired surrogate code point U+{ord(surrogate.group()):04X} at "
            f"{_where(text, surrogate.start())}: it is not valid Unicode text. Send it as UTF-8."
        )


def _where(text: str, offset: int) -> str:
    """`offset` (code points) as a person finds it in an editor: line and column, both from 1."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column} (offset {offset})"


def prepare(request: IngestRequest, *, max_bytes: int) -> IngestRequest:
    """The request as it is stored: checked, and an HTML page or fragment turned into its text, with the
    page's `<title>` as the title when none was given (extract/html.py says what counts as HTML). The
    stored text is the converted one, so the same page ingested twice is one document. The publisher's name
    loses any control characters (schema/names.py)."""
    request = replace(request, publisher=clean_name(request.publisher))
    check_article(request.text, max_bytes=max_bytes)
    if not looks_like_html(request.text):
        return request
    try:
        page = html_to_text(request.text)
    except UnreadableHtml as error:
        raise ArticleRejected(str(error)) from None
    if not page.text:
        raise ArticleRejected(
            "The article is HTML with no text in it: once its scripts, styles, navigation, asides and footers "
            "are dropped nothing is left. Send the page the article is on, or the article's text."
        )
    check_article(page.text, max_bytes=max_bytes, subject="The article's text (converted from HTML)")
    return replace(request, text=page.text, title=request.title or page.title)


def check_metadata(request: IngestRequest) -> None:
    for name, value in (("title", request.title), ("publisher", request.publisher), ("url", request.url)):
        problem = unstorable(name, value)
        if problem:
            raise ArticleRejected(problem)


@dataclass(frozen=True, slots=True)
class Outcome:
    document: m.Document
    created: bool


class ParallelExtractor:
    """Parses in `processes` processes, each loading the spaCy model once; the extractions come back to
    this process in the order asked, as plain values, and are stored here one document at a time.

    The processes are spawned, not forked: a fork would share this process's database connections."""

    def __init__(self, model: str, processes: int) -> None:
        if not (model.startswith("blank:") or spacy_package_installed(model) or Path(model).exists()):
            raise ModelNotInstalled(model)  # said here, not as a broken pool from inside the processes
        self.pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_load_in_process, initargs=(model,))

    def extract_all(self, requests: Sequence[IngestRequest]) -> Iterator[Extraction]:
        """In order, each as soon as it and those before it are done: the caller stores one while the
        processes parse the next ones."""
        items = [(r.text, r.published_at, r.publisher) for r in requests]
        return self.pool.map(_extract_in_process, items)

    def close(self) -> None:
        self.pool.shutdown()


def spacy_package_installed(model: str) -> bool:
    import spacy.util

    return bool(spacy.util.is_package(model))


_process_extractor: Extractor | None = None


def _load_in_process(model: str) -> None:
    global _process_extractor
    _exit_with_parent()
    _process_extractor = Extractor.load(model)


def _exit_with_parent() -> None:
    """A parsing process ends when the process that spawned it does. A parent that exits normally shuts the
    pool down, but one killed (SIGKILL, the OOM killer) cannot, and the children would wait for work forever:
    each holds the write end of its own task queue, so it never sees the queue close. They hold nothing that
    needs cleaning up (only the parent writes to the database), so they just exit."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent's sentinel closes: it has ended
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _extract_in_process(item: tuple[str, dt.date | None, str | None]) -> Extraction:
    assert _process_extractor is not None, "the process pool's initializer loads the model"
    text, published, publisher = item
    return _process_extractor.extract(text, published=published, publisher=publisher)


class Ingestor:
    def __init__(self, database: Database, extractor: Extractor | ParallelExtractor, *, max_article_bytes: int,
                 on_stored: Callable[[int], None] | None = None) -> None:
        self.database = database
        self.extractor = extractor
        self.max_article_bytes = max_article_bytes
        # Told the id of each document this ingestor created, once committed, from the thread that stored it.
        self.on_stored = on_stored
        self._nlp_lock = threading.Lock()  # one parse at a time per process: spaCy is not made for threads

    def ingest(self, request: IngestRequest) -> Outcome:
        result = next(self._batch([request]))
        if isinstance(result, ArticleRejected):
            raise result
        return result

    async def __call__(self, request: IngestRequest) -> tuple[m.Document, bool]:
        outcome = await anyio.to_thread.run_sync(self.ingest, request)
        return outcome.document, outcome.created

    def ingest_many(self, requests: Iterable[IngestRequest], batch_size: int = 16) -> Iterator[Outcome | ArticleRejected]:
        """Outcomes in order; a rejected article yields its error and the others still go in.
        Texts are parsed in batches by `nlp.pipe`."""
        pending: list[IngestRequest] = []
        for request in requests:
            pending.append(request)
            if len(pending) == batch_size:
                yield from self._batch(pending)
                pending = []
        if pending:
            yield from self._batch(pending)

    def _batch(self, given: list[IngestRequest]) -> Iterator[Outcome | ArticleRejected]:
        results: list[Outcome | ArticleRejected | None] = [None] * len(given)
        requests = list(given)  # each replaced by its prepared form (HTML turned into text)
        todo: list[int] = []
        for i, request in enumerate(given):
            try:
                request = requests[i] = prepare(request, max_bytes=self.max_article_bytes)
                check_metadata(request)
            except ArticleRejected as error:
                results[i] = error
                continue
            with self.database.session() as session:
                existing = find_document(session, request.text)
            if existing is not None:
                results[i] = Outcome(existing, False)
            else:
                todo.append(i)
        extractions = self._extract([requests[i] for i in todo])
        for i, extraction in zip(todo, extractions, strict=True):
            with self.database.writing() as session:
                document, created = store(session, extraction, _meta(requests[i]))
            if created and self.on_stored is not None:
                assert document.id is not None
                self.on_stored(document.id)
            results[i] = Outcome(document, created)
        for result in results:
            assert result is not None
            yield result

    def _extract(self, requests: list[IngestRequest]) -> Iterable[Extraction]:
        if isinstance(self.extractor, ParallelExtractor):
            return self.extractor.extract_all(requests)
        with self._nlp_lock:
            return list(self.extractor.pipe((r.text, r.published_at, r.publisher) for r in requests))


def _meta(request: IngestRequest) -> DocumentMeta:
    return DocumentMeta(title=request.title, publisher=request.publisher, url=request.url, published_at=request.published_at)
