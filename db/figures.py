"""Figures that claims give for one fact (a deal's stake or value, a vehicle's price): when two agree, when
they are a succession rather than a contradiction, and which value ranks first when they disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

STAKE_TOLERANCE = 0.05  # percentage points: "about 20%" and "20.04%" agree
MONEY_TOLERANCE = 0.01  # 1%: "$1.14 billion" and "$1.1 billion" are roundings of one figure


def same_amount(one: float, other: float, currency: str | None, other_currency: str | None) -> bool | None:
    """True when the figures agree, False when they disagree, None when they cannot be compared
    (amounts in different currencies: we do not convert at a rate the text does not give)."""
    if currency != other_currency:
        return None
    if currency is None:
        return abs(one - other) <= STAKE_TOLERANCE
    return abs(one - other) <= MONEY_TOLERANCE * max(abs(one), abs(other))


def fact_time(date: str | None, published: dt.date | None) -> str | None:
    """When a figure held: the date its claim gives, else the month of publication (a story about "its
    20% stake" speaks of that month, not of the day it went out); None when neither is known."""
    if date:
        return date
    return published.isoformat()[:7] if published else None


def overlap(one: str | None, other: str | None) -> bool:
    """Whether two times at their own precision may be the same ("2025-03" and "2025-03-12" may; an
    unknown time may be any)."""
    return one is None or other is None or one[:len(other)] == other[:len(one)]


@dataclass
class RankedValue:
    """One value of a fact, with the claims that give it: conflicting values are kept side by side."""

    amount: float
    currency: str | None
    claim_ids: list[int] = field(default_factory=list)
    origins: set[str] = field(default_factory=set)
    confidence: float = 0.0


def ranked(figures: list[tuple[float, str | None, int, str, float]]) -> list[RankedValue]:
    """(amount, currency, claim id, origin, claim confidence) grouped into values, best supported first:
    most independent origins, then the most confident claim, then the earliest reported."""
    values: list[RankedValue] = []
    for amount, currency, claim_id, origin, confidence in sorted(figures, key=lambda f: f[2]):
        value = next((v for v in values if same_amount(v.amount, amount, v.currency, currency)), None)
        if value is None:
            value = RankedValue(amount, currency)
            values.append(value)
        value.claim_ids.append(claim_id)
        value.origins.add(origin)
        value.confidence = max(value.confidence, confidence)
    return sorted(values, key=lambda v: (-len(v.origins), -v.confidence, v.claim_ids[0]))
