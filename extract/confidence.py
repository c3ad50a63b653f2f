"""Confidence, 0..1, for claims and deals: a formula a fact-checker can follow (README, "Confidence").

claim = base[status] x 0.8 if hedged x the strongest response factor + 0.05 for each other independent
source in the article that backs the same deal (capped at 0.99).
deal = the best confidence among its evidence + 0.05 for each further independent source, x 0.6 when a
party denied it (capped at 0.99).
"""

from __future__ import annotations

from .model import AttributionStatus, Claim, Deal

BASE = {
    AttributionStatus.CONFIRMED: 0.9,  # on the record
    AttributionStatus.UNATTRIBUTED: 0.8,  # the publisher's own reporting
    AttributionStatus.ANONYMOUS_SOURCE: 0.6,  # unnamed: the reader cannot weigh the source
    AttributionStatus.DECLINED_TO_COMMENT: 0.95,  # that a party declined is itself well attested
    AttributionStatus.NO_RESPONSE: 0.95,
    AttributionStatus.DENIED: 0.9,
}
HEDGED = 0.8  # "could", "plans to", "is considering"
RESPONSE_FACTOR = {
    AttributionStatus.DENIED: 0.6,  # a party says it is not so
    AttributionStatus.DECLINED_TO_COMMENT: 0.95,  # the party would not confirm it
    AttributionStatus.NO_RESPONSE: 1.0,  # silence says nothing
}
CORROBORATION = 0.05
CAP = 0.99


def score(claims: list[Claim], deals: list[Deal]) -> None:
    """Sets `confidence` on every claim and deal."""
    answered: dict[int, list[AttributionStatus]] = {}
    for claim in claims:
        for concerned in claim.concerns:
            answered.setdefault(concerned, []).append(claim.status)
    for i, claim in enumerate(claims):
        value = BASE[claim.status] * (HEDGED if claim.hedged else 1.0)
        factors = [RESPONSE_FACTOR[s] for s in answered.get(i, []) if s in RESPONSE_FACTOR]
        claim.confidence = value * min(factors, default=1.0)
    for deal in deals:
        sources = {_origin(claims[i]) for i in deal.evidence}
        for i in deal.evidence:
            others = len(sources - {_origin(claims[i])})
            claims[i].confidence = min(CAP, claims[i].confidence + CORROBORATION * others)
        best = max((claims[i].confidence for i in deal.evidence), default=BASE[AttributionStatus.UNATTRIBUTED])
        denied = any(AttributionStatus.DENIED in answered.get(i, []) for i in deal.evidence)
        deal.confidence = round(min(CAP, best + CORROBORATION * max(0, len(sources) - 1)) * (0.6 if denied else 1.0), 4)
    for claim in claims:
        claim.confidence = round(claim.confidence, 4)


def _origin(claim: Claim) -> str:
    return claim.source.name if claim.source else "publisher"
