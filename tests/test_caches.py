"""The cache of parsed and validated query texts is bounded by the memory its documents hold, not by their
number: many distinct large queries cannot grow the server, and one huge query is not kept at all."""

from __future__ import annotations

import sys
import tracemalloc

from graphql import parse

from factgraph.schema.caches import LARGEST_SHARE, QueryCache, weight_of


def _query(number: int, padding: int) -> str:
    return f"{{ documents(first: {number % 100}) {{ totalCount }} }} # {number} {'x' * padding}"


def test_the_cache_never_holds_more_than_its_bytes() -> None:
    cache = QueryCache(max_bytes=1_000_000)
    for number in range(300):
        cache.parsed(_query(number, 50_000), {})
        assert cache.bytes <= cache.max_bytes
    assert 0 < len(cache) < 300
    assert cache.bytes == sum(entry.weight for entry in cache._entries.values())


def test_a_document_heavier_than_its_share_is_used_once_and_not_kept() -> None:
    cache = QueryCache(max_bytes=1_000_000)
    small = cache.parsed(_query(1, 10), {})
    huge = _query(2, 1_000_000 // LARGEST_SHARE)
    first, second = cache.parsed(huge, {}), cache.parsed(huge, {})
    assert first.document is not second.document and cache.cached(huge, {}) is None
    assert cache.cached(_query(1, 10), {}) is small, "the small ones stay"


def test_the_query_used_most_recently_stays() -> None:
    cache = QueryCache(max_bytes=200_000)
    favourite = _query(0, 100)
    kept = cache.parsed(favourite, {})
    for number in range(1, 200):
        cache.parsed(_query(number, 5_000), {})
        assert cache.parsed(favourite, {}) is kept
    assert cache.cached(_query(1, 5_000), {}) is None, "the oldest of the others went"


def test_parse_options_are_part_of_the_key() -> None:
    cache = QueryCache(max_bytes=1_000_000)
    assert cache.parsed("{ __typename }", {}) is not cache.parsed("{ __typename }", {"no_location": True})


def test_the_weight_is_at_least_what_a_document_holds() -> None:
    """The estimate is not below what a parsed document holds (its text, and what tracemalloc sees parsing
    allocate), for the shapes that cost most per byte (many tokens) and per token (a long literal or comment)."""
    for query in ["{" + " __typename" * 4990 + "}",
                  "{" + " ".join(f"a{i}: documents(first: 1) {{ totalCount }}" for i in range(700)) + "}",
                  '{ claims(filter: {text: "' + "x" * 300_000 + '"}) { totalCount } }',
                  "{ __typename } # " + "x" * 300_000]:
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        document = parse(query)
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        held = sys.getsizeof(query) + sum(stat.size_diff for stat in after.compare_to(before, "filename"))
        assert weight_of(query, document) >= held, (len(query), weight_of(query, document), held)
