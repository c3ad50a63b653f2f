"""Parsing and validation done once per query text, not once per request: front-ends send the same few texts
again and again. One cache holds both, bounded by the memory its documents hold, not by their number.

A parsed document costs memory by its tokens (graphql-core keeps every token, linked, with the nodes: some
600 bytes each) and by its text (a 6 MB string literal is 6 MB however few its tokens). Bounded by count,
256 cached documents of the largest allowed size held gigabytes: 300 distinct 6 MB queries took a server from
841 MB to 1,825 MB. Here each entry weighs `2 x len(text) + TOKEN_BYTES x tokens` (benchmarks/memory.py measures
what a document really holds against it), the whole cache at most `max_bytes` (FACTGRAPH_QUERY_CACHE_BYTES),
and a document heavier than an eighth of that is parsed for its request and not kept, so that one client's
large queries cannot push out everyone's small ones.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError, parse, validate
from graphql.language import DocumentNode
from strawberry.extensions import SchemaExtension

# What one token of a parsed document holds, with its share of the nodes (measured: 400 to 620 bytes).
TOKEN_BYTES = 640
# The largest share of the cache one document may take.
LARGEST_SHARE = 8


@dataclass
class _Entry:
    document: DocumentNode
    weight: int
    validations: dict[tuple[type, ...], list[GraphQLError]] = field(default_factory=dict)


def weight_of(query: str, document: DocumentNode) -> int:
    """The memory a parsed document is taken to hold: its text twice (the source, and the values of its string
    and comment tokens, which are copies) and its tokens."""
    tokens = 0
    token = document.loc.start_token if document.loc else None
    while token is not None:
        tokens += 1
        token = token.next
    return 2 * len(query) + TOKEN_BYTES * tokens


class QueryCache:
    """Parsed documents and their validation errors by query text, least recently used out first. Shared by
    every request of an app (made in build_schema); a lock keeps it whole if threads use it."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[tuple[str, tuple[tuple[str, Any], ...]], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def cached(self, query: str, options: dict[str, Any]) -> _Entry | None:
        """The entry for `query` parsed with `options` if it is cached; nothing is parsed."""
        with self._lock:
            return self._entries.get((query, tuple(sorted(options.items()))))

    def parsed(self, query: str, options: dict[str, Any]) -> _Entry:
        """The entry for `query` parsed with `options`; parsed now (and kept if it fits) when not cached.
        A syntax error is raised, and nothing is kept."""
        key = (query, tuple(sorted(options.items())))
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
                return entry
        document = parse(query, **options)
        entry = _Entry(document, weight_of(query, document))
        if entry.weight * LARGEST_SHARE > self.max_bytes:
            return entry  # used for this request only
        with self._lock:
            if key not in self._entries:
                self._entries[key] = entry
                self.bytes += entry.weight
                while self.bytes > self.max_bytes:
                    _, evicted = self._entries.popitem(last=False)
                    self.bytes -= evicted.weight
        return entry


class ParserCache(SchemaExtension):
    """Strawberry's ParserCache, bounded by bytes: the document is the cached one for the text."""

    def __init__(self, cache: QueryCache) -> None:
        self.cache = cache

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        context.graphql_document = self.cache.parsed(context.query or "", context.parse_options).document
        yield


class ValidationCache(SchemaExtension):
    """Strawberry's ValidationCache, kept with the parsed document, and leaving alone a document an earlier
    extension has refused already (schema/limits.py QueryLimiter, before validation): Strawberry's sets the
    cached errors over it. The rules are the same classes for every request (limits.limit_extensions makes
    them once), so the second request of a text finds its validation."""

    def __init__(self, cache: QueryCache) -> None:
        self.cache = cache

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.pre_execution_errors is None and context.graphql_document is not None:
            entry = self.cache.cached(context.query or "", context.parse_options)
            if entry is not None and entry.document is not context.graphql_document:
                entry = None  # parsed for this request alone, or cached anew since
            rules = tuple(context.validation_rules)
            errors = entry.validations.get(rules) if entry is not None else None
            if errors is None:
                errors = validate(context.schema._schema, context.graphql_document, rules)
                if entry is not None:
                    entry.validations[rules] = errors
            context.pre_execution_errors = errors
        yield


def cache_extensions(cache: QueryCache) -> list[Callable[[], SchemaExtension]]:
    """After the limits: they set the parse options the parse cache keys on, and refuse before validation."""
    return [lambda: ParserCache(cache), lambda: ValidationCache(cache)]
