"""Confidence, 0..1: one formula a fact-checker can follow, with the factors that make each value.

    claim = reliability of who vouches for it
            x 0.8 when hedged
            x the strongest response factor (a party's denial 0.6, "declined to comment" 0.95)
            + 0.05 for each independent origin that corroborates it
            - 0.10 for each independent origin that contradicts it
            clamped to 0.01..0.99
    deal  = the best confidence among the claims that are its evidence.

Who vouches: the named person or organisation, or the anonymous source; for the publisher's own reporting
and for a party's response ("X declined to comment"), the publisher. An origin is a named source or a
publisher: ten reprints of one wire story are one origin. Within one article, other named sources backing
the same deal corroborate; across articles the links between claims do (db.store, README "Confidence").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import RESPONSE_STATUSES, AttributionStatus, Claim, Deal, SourceKind

PUBLISHER = SourceKind.PUBLISHER.value
# Named and on the record above an organisation's statement above the publisher's own reporting above an
# anonymous source, whom the reader cannot weigh.
DEFAULT_RELIABILITY: dict[str, float] = {
    SourceKind.PERSON.value: 0.9,
    SourceKind.ORGANIZATION.value: 0.85,
    SourceKind.DOCUMENT.value: 0.85,
    PUBLISHER: 0.8,
    SourceKind.ANONYMOUS.value: 0.6,
}
HEDGED = 0.8  # "could", "plans to", "is considering"
RESPONSE_FACTOR = {
    AttributionStatus.DENIED: 0.6,  # a party says it is not so
    AttributionStatus.DECLINED_TO_COMMENT: 0.95,  # the party would not confirm it
    AttributionStatus.NO_RESPONSE: 1.0,  # silence says nothing
}
CORROBORATION = 0.05
CONTRADICTION = 0.10
FLOOR, CAP = 0.01, 0.99
NAMED_KINDS = frozenset({SourceKind.PERSON.value, SourceKind.ORGANIZATION.value, SourceKind.DOCUMENT.value})
# A named source loses this much of its reliability for each of its claims that was denied or contradicted by
# more origins than corroborate it, down to half its default.
RECORD_PENALTY = 0.9
RECORD_FLOOR = 0.5
VOUCHED_BY_PUBLISHER = frozenset({AttributionStatus.UNATTRIBUTED, AttributionStatus.DECLINED_TO_COMMENT,
                                  AttributionStatus.NO_RESPONSE, AttributionStatus.DENIED})


@dataclass(frozen=True, slots=True)
class Factor:
    """One step of the formula: multiply by `multiply`, then add `add`."""

    name: str
    detail: str
    multiply: float = 1.0
    add: float = 0.0


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a claim's confidence is computed from."""

    status: AttributionStatus
    hedged: bool
    reliability: float
    vouched_by: str  # e.g. "Zhu Jiangming (PERSON)" or "Reuters (PUBLISHER)"
    responses: tuple[AttributionStatus, ...] = ()
    corroborating_origins: int = 0
    contradicting_origins: int = 0


def explain(evidence: Evidence) -> list[Factor]:
    factors = [Factor("reliability", f"vouched for by {evidence.vouched_by}", add=evidence.reliability)]
    if evidence.hedged:
        factors.append(Factor("hedged", "the claim is hedged (could, plans to, is considering)", multiply=HEDGED))
    answers = [s for s in evidence.responses if s in RESPONSE_FACTOR]
    if answers:
        strongest = min(answers, key=RESPONSE_FACTOR.__getitem__)
        factors.append(Factor("response", f"a party's response: {strongest.value}", multiply=RESPONSE_FACTOR[strongest]))
    if evidence.corroborating_origins:
        factors.append(Factor("corroboration", f"{evidence.corroborating_origins} independent origin(s) say the same",
                              add=CORROBORATION * evidence.corroborating_origins))
    if evidence.contradicting_origins:
        factors.append(Factor("contradiction", f"{evidence.contradicting_origins} independent origin(s) say otherwise",
                              add=-CONTRADICTION * evidence.contradicting_origins))
    return factors


def value(factors: Iterable[Factor]) -> float:
    total = 0.0
    for factor in factors:
        total = total * factor.multiply + factor.add
    return round(min(CAP, max(FLOOR, total)), 4)


def confidence(evidence: Evidence) -> float:
    return value(explain(evidence))


def reliability(kind: str, *, denied_or_outvoted: int = 0) -> float:
    """A source's reliability from its kind and its record."""
    default = DEFAULT_RELIABILITY[kind]
    return round(max(default * RECORD_FLOOR, default * RECORD_PENALTY ** denied_or_outvoted), 4)


def vouching_kind(claim_status: AttributionStatus, source_kind: str | None) -> str:
    """Whose reliability a claim stands on: its source's, or the publisher's for its own reporting and
    for the responses it reports."""
    if claim_status in VOUCHED_BY_PUBLISHER or source_kind is None:
        return PUBLISHER
    return source_kind


def score(claims: list[Claim], deals: list[Deal]) -> None:
    """Sets `confidence` on every claim and deal of one article, with default reliabilities; storing the
    article recomputes it with what the database knows (overrides, records, other articles)."""
    for claim in claims:
        claim.corroborations = 0
    for deal in deals:
        origins = {_origin(claims[i]) for i in deal.evidence if claims[i].source is not None}
        for i in deal.evidence:
            claims[i].corroborations = max(claims[i].corroborations, len(origins - {_origin(claims[i])}))
    claim_values, deal_values = scores(claims, deals)
    for claim, value in zip(claims, claim_values, strict=True):
        claim.confidence = value
    for deal, value in zip(deals, deal_values, strict=True):
        deal.confidence = value


def scores(claims: list[Claim], deals: list[Deal],
           reliability: Callable[[int, str], float] | None = None) -> tuple[list[float], list[float]]:
    """The confidence of each claim and deal of one article, from the article alone. `reliability(i, kind)`
    is the reliability of who vouches for claim i (`kind` from `vouching_kind`); the default by kind when
    not given."""
    answered: dict[int, list[AttributionStatus]] = {}
    for claim in claims:
        for concerned in claim.concerns:
            answered.setdefault(concerned, []).append(claim.status)
    claim_values = []
    for i, claim in enumerate(claims):
        kind = vouching_kind(claim.status, claim.source.kind.value if claim.source else None)
        claim_values.append(confidence(Evidence(
            status=claim.status, hedged=claim.hedged,
            reliability=reliability(i, kind) if reliability else DEFAULT_RELIABILITY[kind], vouched_by=kind,
            responses=tuple(answered.get(i, [])), corroborating_origins=claim.corroborations,
        )))
    deal_values = []
    for deal in deals:
        denied = any(claims[i].status == AttributionStatus.DENIED or AttributionStatus.DENIED in answered.get(i, [])
                     for i in deal.evidence)
        deal_values.append(deal_confidence(
            [(claim_values[i], AttributionStatus.DENIED in answered.get(i, [])) for i in deal.evidence
             if claims[i].status not in RESPONSE_STATUSES], denied=denied))
    return claim_values, deal_values


def deal_confidence(evidence: Iterable[tuple[float, bool]], *, denied: bool) -> float:
    """The best-supported claim's confidence, from (confidence, the claim itself was denied) pairs. A party's
    denial of the deal weighs on every claim of it, once: a denied claim carries it already."""
    denial = RESPONSE_FACTOR[AttributionStatus.DENIED]
    weighed = [value * (denial if denied and not own else 1.0) for value, own in evidence]
    return round(max(weighed, default=DEFAULT_RELIABILITY[PUBLISHER] * (denial if denied else 1.0)), 4)


def _origin(claim: Claim) -> str:
    return claim.source.name if claim.source else "publisher"
