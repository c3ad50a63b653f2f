"""Span: a stretch of a document, whose text is always `document[start:end]` (code points, end exclusive)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, document: str, start: int, end: int) -> Span:
        """The span of `document` from `start` to `end`; the only way extraction makes one."""
        if not 0 <= start <= end <= len(document):
            raise ValueError(f"span {start}:{end} is outside a document of {len(document)} characters")
        return cls(start, end, document[start:end])

    @classmethod
    def stripped(cls, document: str, start: int, end: int) -> Span:
        """Like `of`, with surrounding white space left out, so a span never starts or ends in a gap."""
        while start < end and document[start].isspace():
            start += 1
        while end > start and document[end - 1].isspace():
            end -= 1
        return cls.of(document, start, end)

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end
