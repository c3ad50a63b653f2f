"""Confidence across documents: the formula of `extract.confidence`, fed with what the database knows.

A stored claim's confidence depends on its source's reliability (default, record, a fact-checker's
override), the responses to it, and the independent origins that corroborate or contradict it in other
documents. Those change as documents arrive and overrides are set, so the stored value is recomputed for
the claims they touch (`rescore`); `explanations` gives the factors behind each value.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from ..extract import confidence as formula
from ..extract.model import RESPONSE_STATUSES, AttributionStatus
from . import models as m

Voucher = tuple[str, str]  # ("source", "<id>") or ("publisher", "<name>")


@dataclass(frozen=True, slots=True)
class Reliability:
    value: float
    default: float
    kind: str  # PERSON, ORGANIZATION, DOCUMENT, ANONYMOUS or PUBLISHER
    denied_or_outvoted: int  # claims of this source denied, or contradicted by more origins than corroborate them
    override: m.ReliabilityOverride | None


@dataclass(frozen=True, slots=True)
class _Stats:
    claim: m.Claim
    publisher: str | None
    source: m.Source | None
    responses: tuple[AttributionStatus, ...]
    corroborating: frozenset[str]
    contradicting: frozenset[str]

    @property
    def voucher(self) -> Voucher:
        kind = formula.vouching_kind(AttributionStatus(self.claim.status), self.source.kind if self.source else None)
        if kind == formula.PUBLISHER or self.source is None:
            return ("publisher", self.publisher or "")
        return ("source", str(self.source.id))

    @property
    def vouching_kind(self) -> str:
        return formula.vouching_kind(AttributionStatus(self.claim.status), self.source.kind if self.source else None)

    @property
    def held_against(self) -> bool:
        """Denied by a party, or contradicted by more independent origins than corroborate it."""
        return AttributionStatus.DENIED in self.responses or len(self.contradicting) > len(self.corroborating)


def publisher_origin(publisher: str | None, document_id: int) -> str:
    return f"publisher:{' '.join(publisher.lower().split())}" if publisher else f"document:{document_id}"


def _stats(session: Session, claim_ids: Sequence[int]) -> dict[int, _Stats]:
    """Everything the formula needs for these claims, in four queries."""
    if not claim_ids:
        return {}
    rows = session.exec(
        select(m.Claim, m.Document.publisher, m.Source)
        .join(m.Document, col(m.Document.id) == col(m.Claim.document_id))
        .outerjoin(m.Source, col(m.Source.id) == col(m.Claim.source_id))
        .where(col(m.Claim.id).in_(claim_ids))
    ).all()
    other = aliased(m.Claim)
    links = session.exec(
        select(m.ClaimLink.kind, m.ClaimLink.from_claim_id, m.ClaimLink.to_claim_id, other.status, other.origin)
        .join(other, col(other.id) == col(m.ClaimLink.from_claim_id))
        .where(col(m.ClaimLink.to_claim_id).in_(claim_ids))
    ).all()
    responses: dict[int, list[AttributionStatus]] = defaultdict(list)
    corroborating: dict[int, set[str]] = defaultdict(set)
    contradicting: dict[int, set[str]] = defaultdict(set)
    for kind, _from, to, status, origin in links:
        if kind == "RESPONDS_TO":
            responses[to].append(AttributionStatus(status))
        elif kind == "CORROBORATES":
            corroborating[to].add(origin)
        elif status == AttributionStatus.DENIED.value:
            responses[to].append(AttributionStatus.DENIED)  # a party's denial in another article
        else:
            contradicting[to].add(origin)
    found = {}
    for claim, publisher, source in rows:
        assert claim.id is not None
        response = AttributionStatus(claim.status) in RESPONSE_STATUSES
        found[claim.id] = _Stats(
            claim=claim, publisher=publisher, source=source, responses=() if response else tuple(responses[claim.id]),
            corroborating=frozenset(corroborating[claim.id] - {claim.origin}),
            # A response says what a party said ("X denied it"); other articles' reports do not make that less so.
            contradicting=frozenset() if response else frozenset(contradicting[claim.id] - {claim.origin}),
        )
    return found


def reliabilities(session: Session, vouchers: Iterable[Voucher], *, kinds: dict[str, str] | None = None,
                  new: frozenset[str] = frozenset()) -> dict[Voucher, Reliability]:
    """The reliability of each source or publisher: its default, lowered by its record, unless overridden.
    `kinds` gives the kind of source ids the caller knows; `new` names sources made just now, which can
    have neither a record nor an override yet."""
    wanted = set(vouchers)
    source_ids = [int(key) for kind, key in wanted if kind == "source" and key not in new]
    publishers = [key for kind, key in wanted if kind == "publisher"]
    if kinds is None:
        kinds = {str(s.id): s.kind for s in session.exec(select(m.Source).where(col(m.Source.id).in_(source_ids))).all()}
    # A record is kept for named sources only: "people familiar with the matter" is a class of sources,
    # not one, and a publisher's standing is for fact-checkers to set.
    named = [int(i) for i, kind in kinds.items() if kind in formula.NAMED_KINDS and i not in new]
    # Only a claim that something answers or contradicts can count against its source: look at those alone.
    answered = select(m.ClaimLink.to_claim_id).where(col(m.ClaimLink.kind).in_(["CONTRADICTS", "RESPONDS_TO"]))
    vouched = select(m.Claim.id).where(col(m.Claim.source_id).in_(named), col(m.Claim.id).in_(answered),
                                       col(m.Claim.status).not_in([s.value for s in formula.VOUCHED_BY_PUBLISHER]))
    record: dict[Voucher, int] = defaultdict(int)
    for stats in _stats(session, list(session.exec(vouched).all()) if named else []).values():
        if stats.held_against:
            record[stats.voucher] += 1
    overrides = _overrides(session, source_ids, publishers)
    found: dict[Voucher, Reliability] = {}
    for voucher in wanted:
        kind = kinds.get(voucher[1], formula.PUBLISHER) if voucher[0] == "source" else formula.PUBLISHER
        if voucher[0] == "source" and voucher[1] not in kinds:
            continue
        value = formula.reliability(kind, denied_or_outvoted=record[voucher])
        override = overrides.get(voucher)
        if override is not None and override.reliability is not None:
            value = override.reliability
        found[voucher] = Reliability(value=value, default=formula.DEFAULT_RELIABILITY[kind], kind=kind,
                                     denied_or_outvoted=record[voucher], override=override)
    return found


def _overrides(session: Session, source_ids: list[int], publishers: list[str]) -> dict[Voucher, m.ReliabilityOverride]:
    rows = session.exec(
        select(m.ReliabilityOverride)
        .where(col(m.ReliabilityOverride.source_id).in_(source_ids) | col(m.ReliabilityOverride.publisher).in_(publishers))
        .order_by(col(m.ReliabilityOverride.id))
    ).all()
    newest: dict[Voucher, m.ReliabilityOverride] = {}
    for row in rows:  # in order, so the newest wins
        key = ("source", str(row.source_id)) if row.source_id is not None else ("publisher", row.publisher or "")
        newest[key] = row
    return newest


def _evidence(stats: _Stats, reliability: Reliability) -> formula.Evidence:
    name = stats.source.name if stats.vouching_kind != formula.PUBLISHER and stats.source else (stats.publisher or "the publisher")
    return formula.Evidence(
        status=AttributionStatus(stats.claim.status), hedged=stats.claim.hedged, reliability=reliability.value,
        vouched_by=f"{name} ({reliability.kind}{', overridden' if reliability.override and reliability.override.reliability is not None else ''})",
        responses=stats.responses,
        corroborating_origins=stats.claim.corroborations + len(stats.corroborating),
        contradicting_origins=len(stats.contradicting),
    )


def explanations(session: Session, claim_ids: Sequence[int]) -> dict[int, list[formula.Factor]]:
    stats = _stats(session, claim_ids)
    known = reliabilities(session, {s.voucher for s in stats.values()})
    return {i: formula.explain(_evidence(s, known[s.voucher])) for i, s in stats.items() if s.voucher in known}


def rescore(session: Session, claim_ids: Iterable[int]) -> None:
    """Recomputes and stores the confidence of these claims and of the deals they are evidence of."""
    ids = sorted(set(claim_ids))
    touched_deals = select(m.DealEvidence.deal_id).where(col(m.DealEvidence.claim_id).in_(ids))
    evidence = session.exec(select(m.DealEvidence.deal_id, m.DealEvidence.claim_id)
                            .where(col(m.DealEvidence.deal_id).in_(touched_deals))).all()
    # The deals' other evidence is read with the claims, so that one pass over the links serves both.
    stats = _stats(session, sorted(set(ids) | {claim_id for _, claim_id in evidence}))
    known = reliabilities(session, {stats[i].voucher for i in ids if i in stats})
    for claim_id in ids:
        found = stats.get(claim_id)
        if found is not None and found.voucher in known:
            found.claim.confidence = formula.confidence(_evidence(found, known[found.voucher]))
            found.claim.reliability = known[found.voucher].value
            session.add(found.claim)
    session.flush()
    by_deal: dict[int, list[_Stats]] = defaultdict(list)
    for deal_id, claim_id in evidence:
        by_deal[deal_id].append(stats[claim_id])
    _rescore_deals(session, by_deal)


def _rescore_deals(session: Session, by_deal: dict[int, list[_Stats]]) -> None:
    deal_ids = list(by_deal)
    if not deal_ids:
        return
    for deal in session.exec(select(m.Deal).where(col(m.Deal.id).in_(deal_ids))).all():
        claims = by_deal[deal.id]  # type: ignore[index]
        denied = any(AttributionStatus.DENIED in s.responses or s.claim.status == AttributionStatus.DENIED.value for s in claims)
        deal.confidence = formula.deal_confidence(
            [(s.claim.confidence, AttributionStatus.DENIED in s.responses) for s in claims
             if AttributionStatus(s.claim.status) not in RESPONSE_STATUSES], denied=denied)
        session.add(deal)
    session.flush()


def claims_vouched_by(session: Session, voucher: Voucher) -> list[int]:
    """The claims whose confidence stands on this source's or publisher's reliability."""
    kind, key = voucher
    if kind == "source":
        query = select(m.Claim.id).where(m.Claim.source_id == int(key),
                                         col(m.Claim.status).not_in([s.value for s in formula.VOUCHED_BY_PUBLISHER]))
    else:
        query = (select(m.Claim.id).join(m.Document, col(m.Document.id) == col(m.Claim.document_id))
                 .where(m.Document.publisher == key)
                 .where(col(m.Claim.status).in_([s.value for s in formula.VOUCHED_BY_PUBLISHER]) | col(m.Claim.source_id).is_(None)))
    return [i for i in session.exec(query).all() if i is not None]


class UnknownSubject(LookupError):
    """A reliability was set for a source or publisher the database does not have."""


def override_reliability(session: Session, voucher: Voucher, *, reliability: float | None, note: str, set_by: str) -> int:
    """Records a fact-checker's reliability for a source or publisher and rescores the claims that stand on
    it; returns how many. Overrides are kept as a history: the newest applies."""
    kind, key = voucher
    if kind == "source":
        if session.get(m.Source, int(key)) is None:
            raise UnknownSubject(f"There is no source with id {key}.")
        row = m.ReliabilityOverride(source_id=int(key), reliability=reliability, note=note, set_by=set_by)
    else:
        if not session.exec(select(m.Document.id).where(m.Document.publisher == key)).first():
            raise UnknownSubject(f"No stored document has the publisher {key!r}: use a name from `publishers`.")
        row = m.ReliabilityOverride(publisher=key, reliability=reliability, note=note, set_by=set_by)
    session.add(row)
    session.flush()
    claims = claims_vouched_by(session, voucher)
    rescore(session, claims)
    return len(claims)
