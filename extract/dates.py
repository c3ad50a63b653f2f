"""Dates in news text, resolved against the publication date and kept at the precision the text has.

The words that can be a date are found by the patterns below ("3 March 2025", "March 3", "2025-03-12",
"mid-2026", "last month", "on Tuesday"); what they mean is read by dateparser, with the publication date
as the base for relative words, and kept at the precision it reports: "in March" is a month, "on 3 March" a
day, "mid-2026" a year. A month name is a date only when capitalised or beside a day or a year, so that
"may" and "march" stay verbs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}

_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d\d"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
CANDIDATES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b{_YEAR}-\d\d-\d\d\b")),
    ("day-month", re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+{_YEAR})?\b", re.I)),
    ("month-day", re.compile(rf"\b(?P<month>{_MONTH})\s+{_ORDINAL}(?!\d)(?:,?\s+{_YEAR})?", re.I)),
    ("month-year", re.compile(rf"\b(?P<month>{_MONTH})(?:\s+(?:of\s+)?{_YEAR})\b", re.I)),
    ("month", re.compile(r"\b(?P<month>" + "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True)) + r")\b\.?")),
    ("part-of-year", re.compile(rf"\b(?:early|mid|late|the\s+(?:first|second)\s+half\s+of)[-\s](?P<year>{_YEAR})\b", re.I)),
    ("year", re.compile(rf"\b(?:in|since|by|during|of|until|before|after|through|from)\s+(?P<year>{_YEAR})\b", re.I)),
    ("relative", re.compile(r"\b(?:last|this|next|earlier this|later this)\s+(?:month|year)\b|\byesterday\b|\btoday\b", re.I)),
    ("weekday", re.compile(r"\b(?:on|last)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
]
PRECISIONS = {"day": 3, "month": 2, "year": 1}  # (a month alone is capitalised, as news writes it: "in March")


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD": never more precise than the text
    inferred: bool  # resolved against the publication date: "last month", "on Tuesday", "March" without a year


def date_in(text: str, published: dt.date | None) -> FoundDate | None:
    """The first date `text` gives; None when it gives none."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in CANDIDATES:
        for match in pattern.finditer(text):
            if kind.startswith("month") and match.group("month").lower().rstrip(".") in {"may", "mar"} and (
                    kind == "month" or not match.group("month")[:1].isupper()):
                continue  # "the company may sell", "mar the outlook"
            found.append((match.start(), -len(match.group(0)), kind, match))
    for _, _, kind, match in sorted(found, key=lambda f: (f[0], f[1])):
        value = _resolve(kind, match, published)
        if value is not None:
            return value
    return None


def _resolve(kind: str, match: re.Match[str], published: dt.date | None) -> FoundDate | None:
    words = match.group(0)
    explicit_year = re.search(_YEAR, words) is not None
    if kind == "part-of-year":
        return FoundDate(match.group("year"), inferred=False)  # "mid-2026": the year is as precise as the text gets
    if kind == "year":
        return FoundDate(match.group("year"), inferred=False)
    if published is None and not explicit_year:
        return None  # "last month", "March": nothing to resolve them against
    data = _parser(published, "DMY" if kind == "day-month" else "MDY").get_date_data(words)
    if data.date_obj is None or data.period not in PRECISIONS:
        return None  # "last week": not a precision dates are kept at
    when = data.date_obj.date()
    value = {"day": when.isoformat(), "month": when.isoformat()[:7], "year": when.isoformat()[:4]}[data.period]
    return FoundDate(value, inferred=not explicit_year)


@lru_cache(maxsize=64)
def _parser(published: dt.date | None, order: str) -> DateDataParser:
    base = dt.datetime.combine(published, dt.time()) if published else dt.datetime(2000, 1, 1)
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "DATE_ORDER": order, "RETURN_TIME_AS_PERIOD": True,
        "PREFER_DAY_OF_MONTH": "first"})
