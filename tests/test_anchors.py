"""Web Annotation anchors: the selectors of a claim find it again in an edited copy of its article."""

from __future__ import annotations

import pytest

from factgraph.extract import Extractor
from factgraph.schema.anchors import CONTEXT, TextPositionSelector, TextQuoteSelector, reanchor, selectors

from .conftest import seed_text


@pytest.fixture(scope="module")
def article(extractor: Extractor) -> tuple[str, list[tuple[int, int]]]:
    text = seed_text()
    spans = [(claim.span.start, claim.span.end) for claim in extractor.extract(text).claims]
    assert len(spans) > 10
    return text, spans


def test_selectors_quote_the_span_with_its_context(article: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = article
    for start, end in spans:
        position, quote = selectors(text, start, end)
        assert (position.start, position.end) == (start, end)
        assert quote.exact == text[start:end]
        assert quote.prefix == text[max(0, start - CONTEXT):start] and len(quote.prefix) <= CONTEXT
        assert quote.suffix == text[end:end + CONTEXT] and len(quote.suffix) <= CONTEXT


def test_selectors_refuse_a_span_outside_the_text() -> None:
    with pytest.raises(ValueError, match="outside a text of 5 characters"):
        selectors("abcde", 3, 9)


def test_unedited_text_keeps_every_position(article: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = article
    for start, end in spans:
        assert reanchor(text, *selectors(text, start, end)) == (start, end)


def test_text_inserted_before_the_claim_moves_it(article: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = article
    insert = "UPDATE: adds the companies’ statements. Ünïcödé 汽车.\n\n"
    for start, end in spans:
        at = text.rfind("\n", 0, start) + 1  # the start of the claim's paragraph, before the claim
        edited = text[:at] + insert + text[at:]
        assert reanchor(edited, *selectors(text, start, end)) == (start + len(insert), end + len(insert))


def test_text_changed_elsewhere_leaves_the_claim_where_it_was(article: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = article
    start, end = spans[len(spans) // 2]
    later = spans[-1]
    assert later[0] > end
    # A correction after the claim: the claim's own position still holds.
    edited = text[:later[0]] + "[Corrected] " + text[later[1]:]
    assert reanchor(edited, *selectors(text, start, end)) == (start, end)


def test_a_removed_quote_is_not_found(article: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = article
    for start, end in spans:
        if text.count(text[start:end]) == 1:
            edited = text[:start] + text[end:]
            assert reanchor(edited, *selectors(text, start, end)) is None


def test_a_reworded_claim_is_not_found(article: tuple[str, list[tuple[int, int]]]) -> None:
    text, spans = article
    start, end = spans[0]
    edited = text[:start] + text[start:end].replace(" ", "  ", 1) + text[end:]
    assert reanchor(edited, *selectors(text, start, end)) is None


# A quote that occurs twice, and an edit that brings the other copy nearer the old position than the right one:
# only the prefix and suffix tell them apart.
LEAD = "Reports on Monday said the deal was close. "
QUOTE = "Acme denied it."
TWICE = LEAD + QUOTE + " Beta said no. " + QUOTE + " The end."
FIRST, SECOND = TWICE.index(QUOTE), TWICE.rindex(QUOTE)
GAP = SECOND - FIRST
REPEATED = [
    # why: text inserted before both puts the first copy 3 characters from where the second one was
    ("second copy, text inserted before", SECOND, "x" * (GAP + 3) + TWICE, SECOND + GAP + 3),
    # why: text cut before both puts the second copy 3 characters from where the first one was
    ("first copy, text cut before", FIRST, TWICE[:5] + TWICE[5 + GAP - 3:], FIRST - (GAP - 3)),
]


@pytest.mark.parametrize(("case", "start", "edited", "expected"), REPEATED, ids=[case[0] for case in REPEATED])
def test_prefix_and_suffix_pick_among_repeated_quotes(case: str, start: int, edited: str, expected: int) -> None:
    position, quote = selectors(TWICE, start, start + len(QUOTE), context=12)
    assert edited[start:start + len(QUOTE)] != QUOTE, "the old position no longer holds the quote"
    assert edited.count(QUOTE) == 2
    assert reanchor(edited, position, quote) == (expected, expected + len(QUOTE))


def test_an_empty_quote_anchors_nothing() -> None:
    assert reanchor("some text", TextPositionSelector(0, 0), TextQuoteSelector("", "", "")) is None
