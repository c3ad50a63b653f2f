"""Anchoring a span in a text the W3C Web Annotation way, so it can be found again in an edited copy.

A span is exported as two selectors (https://www.w3.org/TR/annotation-model/#selectors): a
TextPositionSelector (start, end: code points, end exclusive, like our spans) and a TextQuoteSelector (the
exact text with up to CONTEXT code points before and after it). `reanchor` finds the span in a text that
may have changed since: at its old position when the quote is still there, else where the quote occurs,
the occurrence whose surroundings best match the prefix and suffix winning.
"""

from __future__ import annotations

from dataclasses import dataclass

CONTEXT = 32  # code points of prefix and suffix: enough to tell repeated quotes apart, short enough to survive edits


@dataclass(frozen=True, slots=True)
class TextPositionSelector:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TextQuoteSelector:
    exact: str
    prefix: str
    suffix: str


def selectors(text: str, start: int, end: int, *, context: int = CONTEXT) -> tuple[TextPositionSelector, TextQuoteSelector]:
    """Both selectors of `text[start:end]`."""
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}:{end} is outside a text of {len(text)} characters")
    quote = TextQuoteSelector(exact=text[start:end], prefix=text[max(0, start - context):start], suffix=text[end:end + context])
    return TextPositionSelector(start, end), quote


def reanchor(text: str, position: TextPositionSelector, quote: TextQuoteSelector) -> tuple[int, int] | None:
    """(start, end) of the quote in `text`, or None when the quote is no longer in it."""
    exact = quote.exact
    if not exact:
        return None
    if text[position.start:position.end] == exact:
        return position.start, position.end
    candidates = _occurrences(text, exact)
    if not candidates:
        return None

    def fit(start: int) -> tuple[int, int]:
        # More matching context first; then the occurrence nearest the old position (the text moved least).
        before = _common_suffix(text[max(0, start - len(quote.prefix)):start], quote.prefix)
        end = start + len(exact)
        after = _common_prefix(text[end:end + len(quote.suffix)], quote.suffix)
        return before + after, -abs(start - position.start)

    best = max(candidates, key=fit)
    return best, best + len(exact)


def _occurrences(text: str, exact: str) -> list[int]:
    found, at = [], text.find(exact)
    while at != -1:
        found.append(at)
        at = text.find(exact, at + 1)
    return found


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
