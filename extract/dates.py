"""Dates in news text, resolved against the publication date and kept at the precision the text has."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
PATTERNS = [
    ("day", re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(?P<year>(?:19|20)\d\d))?", re.I)),
    ("month", re.compile(r"\b" + _MONTH + r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d))?\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|by|during|of|early|late|mid-?)\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
    ("relative", re.compile(r"\b(?P<which>last|this|next|earlier this|later this)\s+(?P<unit>month|year|week)\b", re.I)),
    ("weekday", re.compile(r"\b(?:on|last)\s+(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("yesterday", re.compile(r"\b(?P<rel>yesterday|today)\b", re.I)),
]
# "May" is a month only beside a day or year; alone it is a verb.
_MAY = re.compile(r"\bmay\b", re.I)


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD": never more precise than the text
    inferred: bool  # resolved against the publication date: "last month", "on Tuesday", "March" without a year


def date_in(text: str, published: dt.date | None) -> FoundDate | None:
    """The first date `text` gives; None when it gives none."""
    best: tuple[int, FoundDate] | None = None
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            value = _resolve(kind, m, published)
            if value and (best is None or m.start() < best[0]):
                best = (m.start(), FoundDate(value, inferred=_relative(kind, m)))
            if value:
                break
    return best[1] if best else None


def _relative(kind: str, m: re.Match[str]) -> bool:
    return kind not in {"day", "month", "year"} or not m.groupdict().get("year")


def _resolve(kind: str, m: re.Match[str], published: dt.date | None) -> str | None:
    groups = m.groupdict()
    if kind in {"day", "month"}:
        word = groups["month"].lower().rstrip(".")
        if word == "may" and not groups.get("year") and not groups.get("day"):
            return None
        if word == "mar" and m.group(0)[:3] == "mar" and not groups.get("day"):
            return None
        month = MONTHS[word]
        year = int(groups["year"]) if groups.get("year") else None
        if year is None:
            if published is None:
                return None
            year = published.year if month <= published.month else published.year - 1
        if kind == "day":
            return f"{year:04d}-{month:02d}-{int(groups['day']):02d}"
        return f"{year:04d}-{month:02d}"
    if kind == "year":
        return groups["year"]
    if published is None:
        return None
    if kind == "relative":
        step = {"last": -1, "next": 1}.get(groups["which"].lower(), 0)
        unit = groups["unit"].lower()
        if unit == "year":
            return f"{published.year + step:04d}"
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 + step
            return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
        return None  # a week is not a precision we keep
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[groups["weekday"].lower()]) % 7
        return (published - dt.timedelta(days=back)).isoformat()
    if kind == "yesterday":
        delta = 1 if groups["rel"].lower() == "yesterday" else 0
        return (published - dt.timedelta(days=delta)).isoformat()
    return None
