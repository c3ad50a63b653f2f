"""Ingesting articles: check the text, extract, store; one transaction per document.

The same service serves the GraphQL mutation and the command line. A text that was ingested before is
found by its hash before any extraction runs, so re-ingesting is cheap and stores nothing.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread

from ..db import models as m
from ..db.engine import Database
from ..db.store import DocumentMeta, find_document, store
from ..db.text import unstorable
from ..extract.model import Extraction
from ..extract.pipeline import Extractor, ModelNotInstalled
from ..schema.context import IngestRequest

# Control characters other than tab, newline and carriage return mean the text is not an article.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ArticleRejected(ValueError):
    """The text cannot be ingested as an article; the message says why and what to do."""


def check_article(text: str, *, max_bytes: int) -> None:
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise ArticleRejected(
            f"The article is {size:,} bytes, more than the limit of {max_bytes:,} (FACTGRAPH_MAX_ARTICLE_BYTES)."
        )
    if not text.strip():
        raise ArticleRejected("The article is empty: there is no text to extract claims from.")
    bad = CONTROL.search(text)
    if bad:
        name = unicodedata.name(bad.group(), f"U+{ord(bad.group()):04X}")
        raise ArticleRejected(
            f"The article contains the control character {name} (U+{ord(bad.group()):04X}) at offset {bad.start()}: "
            "it looks like binary data, not text."
        )
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise ArticleRejected("The article contains unpaired surrogate code points: it is not valid Unicode text.")


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
    _process_extractor = Extractor.load(model)


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

    def _batch(self, requests: list[IngestRequest]) -> Iterator[Outcome | ArticleRejected]:
        results: list[Outcome | ArticleRejected | None] = [None] * len(requests)
        todo: list[int] = []
        for i, request in enumerate(requests):
            try:
                check_article(request.text, max_bytes=self.max_article_bytes)
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
            docs = list(self.extractor.nlp.pipe(((r.text, r) for r in requests), as_tuples=True))
            return [self.extractor.from_doc(doc, published=r.published_at, publisher=r.publisher) for doc, r in docs]


def _meta(request: IngestRequest) -> DocumentMeta:
    return DocumentMeta(title=request.title, publisher=request.publisher, url=request.url, published_at=request.published_at)
