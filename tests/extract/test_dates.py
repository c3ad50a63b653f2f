"""Dates as news writes them, resolved against the publication date, at the precision the text gives."""

from __future__ import annotations

import datetime as dt

import pytest

from factgraph.extract.dates import FoundDate, date_in

PUBLISHED = dt.date(2025, 4, 24)  # a Thursday

CASES = [
    # a day and a month in either order, with or without the year
    ("The deal closed on 3 March 2025.", FoundDate("2025-03-03", False)),
    ("The deal was signed on March 3, 2024.", FoundDate("2024-03-03", False)),
    ("The talks began on March 3.", FoundDate("2025-03-03", True)),
    ("Bids are due by the 12th of May.", FoundDate("2024-05-12", True)),  # the last 12 May before publication
    ("Payment follows on Sept. 5.", FoundDate("2024-09-05", True)),
    # ISO dates in filings
    ("The filing is dated 2025-03-12.", FoundDate("2025-03-12", False)),
    # a month is a month, a year a year: never more precise than the text
    ("Talks began in March.", FoundDate("2025-03", True)),
    ("The March 2024 agreement was dropped.", FoundDate("2024-03", False)),
    ("Production starts in mid-2026.", FoundDate("2026", False)),
    ("Deliveries start in the first half of 2026.", FoundDate("2026", False)),
    ("The two have worked together since 2019.", FoundDate("2019", False)),
    # relative words resolve against the publication date
    ("They met last month.", FoundDate("2025-03", True)),
    ("Shares fell on Tuesday.", FoundDate("2025-04-22", True)),
    ("The board met yesterday.", FoundDate("2025-04-23", True)),
    # "may" and "march" are verbs; "last week" is not a precision dates are kept at
    ("The company may sell the unit.", None),
    ("Workers will march on the capital.", None),
    ("The bid came last week.", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_date_in(text: str, expected: FoundDate | None) -> None:
    assert date_in(text, PUBLISHED) == expected


def test_a_date_that_needs_the_publication_date_is_none_without_it() -> None:
    assert date_in("Talks began in March.", None) is None
    assert date_in("The deal closed on 3 March 2025.", None) == FoundDate("2025-03-03", False)
