"""Every read the API makes. Keyword-only functions taking the session; the schema layer calls these and
never builds a query itself. Lists are paged by keyset on the primary key (stable under inserts)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import and_, exists, func, union
from sqlmodel import Session, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from ..extract.model import DEAL_STATUS_RANK, DealStatus
from . import models as m
from .search import matching_claims

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    rows: list[T]
    has_next: bool
    total: int | None  # None: not counted, since the caller did not ask (an exact count reads every match)


@dataclass(frozen=True, slots=True)
class ClaimCriteria:
    statuses: tuple[str, ...] | None = None
    min_confidence: float | None = None
    document_id: int | None = None
    entity_id: int | None = None  # claims that mention this company, person or vehicle
    deal_id: int | None = None  # claims that are evidence of this deal
    source_id: int | None = None  # claims this source made
    min_source_reliability: float | None = None
    source_kinds: tuple[str, ...] | None = None  # PERSON, ORGANIZATION, DOCUMENT, ANONYMOUS; PUBLISHER for no source
    source_name: str | None = None  # a part of the name, any case
    publisher: str | None = None  # the name, any case
    published_after: dt.date | None = None  # inclusive
    published_before: dt.date | None = None  # inclusive
    corroborated: bool | None = None  # True: only claims another origin corroborates; False: only the others
    contradicted: bool | None = None
    text: str | None = None  # full-text search


@dataclass(frozen=True, slots=True)
class ClaimOrder:
    key: str = "ID"  # ID (reading order), CONFIDENCE or PUBLISHED_AT
    descending: bool = False


READING_ORDER = ClaimOrder()


def _count(session: Session, query: SelectOfScalar[Any], counted: bool) -> int | None:
    return session.exec(select(func.count()).select_from(query.subquery())).one() if counted else None


def _page(session: Session, query: SelectOfScalar[T], model: type, *, first: int, after: int | None,
          counted: bool = True) -> Page[T]:
    total = _count(session, query, counted)
    if after is not None:
        query = query.where(col(model.id) > after)  # type: ignore[attr-defined]
    rows = list(session.exec(query.order_by(col(model.id)).limit(first + 1)).all())  # type: ignore[attr-defined]
    return Page(rows[:first], len(rows) > first, total)


def documents(session: Session, *, first: int, after: int | None, counted: bool = True) -> Page[m.Document]:
    return _page(session, select(m.Document), m.Document, first=first, after=after, counted=counted)


def last_document_id(session: Session) -> int:
    """The highest document id stored so far, 0 when there is none."""
    return session.exec(select(func.max(m.Document.id))).one() or 0


def document_ids_after(session: Session, *, after_id: int) -> list[int]:
    """The ids of the documents stored with an id above `after_id`, in order: what the live feed polls."""
    return list(session.exec(select(m.Document.id).where(col(m.Document.id) > after_id).order_by(col(m.Document.id))).all())  # type: ignore[arg-type]



def claims(session: Session, *, criteria: ClaimCriteria, first: int, after: int | None,
           order: ClaimOrder = READING_ORDER, counted: bool = True) -> Page[m.Claim]:
    """A page of matching claims. Sorted pages continue after the claim the cursor names, by its current
    sort value: a claim whose confidence changes between two pages may move across the cut, as in any
    keyset paging over a changing order."""
    query = _filtered(select(m.Claim), criteria, _dialect(session))
    if order.key == "ID":
        return _page(session, query, m.Claim, first=first, after=after, counted=counted)
    total = _count(session, query, counted)
    key = _sort_key(order.key)
    if after is not None:
        anchor = session.exec(select(key).where(m.Claim.id == after)).first()
        later = key < anchor if order.descending else key > anchor
        query = query.where(or_(later, and_(key == anchor, col(m.Claim.id) > after)))
    query = query.order_by(key.desc() if order.descending else key, col(m.Claim.id))
    rows = list(session.exec(query.limit(first + 1)).all())
    return Page(rows[:first], len(rows) > first, total)


def _sort_key(key: str) -> Any:
    return col(m.Claim.confidence) if key == "CONFIDENCE" else col(m.Claim.published_sort)


def document_claim_pages(session: Session, *, document_ids: Sequence[int], criteria: ClaimCriteria, first: int,
                         after: int | None) -> dict[int, Page[m.Claim]]:
    """For each document, one page of its claims matching `criteria`: one query for them all."""
    total = func.count().over(partition_by=m.Claim.document_id).label("total")
    matching = _filtered(select(m.Claim.id, m.Claim.document_id, total), criteria, _dialect(session)).where(  # type: ignore[call-overload]
        col(m.Claim.document_id).in_(document_ids)).subquery()
    return _pages_by(session, matching, matching.c.document_id, matching.c.id, document_ids, first, after)


def _pages_by(session: Session, ranked_source: Any, owner: Any, claim_id: Any, owner_ids: Sequence[int],
              first: int, after: int | None) -> dict[int, Page[m.Claim]]:
    """Pages of claims per owner from rows (owner, claim id, total), by a window function: one query."""
    rows_source = select(ranked_source)
    if after is not None:
        rows_source = rows_source.where(claim_id > after)
    source = rows_source.subquery()
    number = func.row_number().over(partition_by=source.c[owner.name], order_by=source.c[claim_id.name]).label("n")
    numbered = select(source.c[owner.name].label("owner"), source.c[claim_id.name].label("claim_id"), source.c.total, number).subquery()
    rows = session.exec(  # type: ignore[call-overload]
        select(numbered.c.owner, numbered.c.total, m.Claim)
        .join(m.Claim, col(m.Claim.id) == numbered.c.claim_id)
        .where(numbered.c.n <= first + 1)
        .order_by(numbered.c.owner, numbered.c.claim_id)
    ).all()
    found: dict[int, list[m.Claim]] = defaultdict(list)
    totals: dict[int, int] = {}
    for owner_id, count, claim in rows:
        found[owner_id].append(claim)
        totals[owner_id] = count
    return {i: Page(found.get(i, [])[:first], len(found.get(i, [])) > first, totals.get(i, 0)) for i in owner_ids}


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _filtered(query: Any, criteria: ClaimCriteria, dialect: str) -> Any:
    if criteria.statuses:
        query = query.where(col(m.Claim.status).in_(criteria.statuses))
    if criteria.min_confidence is not None:
        query = query.where(m.Claim.confidence >= criteria.min_confidence)
    if criteria.document_id is not None:
        query = query.where(m.Claim.document_id == criteria.document_id)
    if criteria.entity_id is not None:
        mentioned = select(m.Mention.claim_id).where(m.Mention.entity_id == criteria.entity_id)
        spoken = select(m.Source.id).where(m.Source.entity_id == criteria.entity_id)
        query = query.where(or_(col(m.Claim.id).in_(mentioned), col(m.Claim.source_id).in_(spoken)))
    if criteria.deal_id is not None:
        query = query.where(col(m.Claim.id).in_(select(m.DealEvidence.claim_id).where(m.DealEvidence.deal_id == criteria.deal_id)))
    if criteria.source_id is not None:
        query = query.where(m.Claim.source_id == criteria.source_id)
    if criteria.min_source_reliability is not None:
        query = query.where(m.Claim.reliability >= criteria.min_source_reliability)
    if criteria.source_kinds:
        kinds = [k for k in criteria.source_kinds if k != "PUBLISHER"]
        by_kind = col(m.Claim.source_id).in_(select(m.Source.id).where(col(m.Source.kind).in_(kinds)))
        query = query.where(or_(by_kind, col(m.Claim.source_id).is_(None)) if "PUBLISHER" in criteria.source_kinds else by_kind)
    if criteria.source_name:
        pattern = f"%{_escape_like(criteria.source_name.lower())}%"
        query = query.where(col(m.Claim.source_id).in_(
            select(m.Source.id).where(func.lower(m.Source.name).like(pattern, escape="\\"))))
    documents = select(m.Document.id)
    if criteria.publisher:
        documents = documents.where(func.lower(m.Document.publisher) == criteria.publisher.lower())
    if criteria.published_after:
        documents = documents.where(col(m.Document.published_at) >= criteria.published_after)
    if criteria.published_before:
        documents = documents.where(col(m.Document.published_at) <= criteria.published_before)
    if criteria.publisher or criteria.published_after or criteria.published_before:
        query = query.where(col(m.Claim.document_id).in_(documents))
    for wanted, kind in ((criteria.corroborated, "CORROBORATES"), (criteria.contradicted, "CONTRADICTS")):
        if wanted is not None:
            linked = exists().where(m.ClaimLink.to_claim_id == m.Claim.id, m.ClaimLink.kind == kind)
            query = query.where(linked if wanted else ~linked)
    if criteria.text is not None:
        query = query.where(col(m.Claim.id).in_(matching_claims(criteria.text, dialect)))
    return query


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def entities(session: Session, *, kind: str, first: int, after: int | None, counted: bool = True) -> Page[m.Entity]:
    return _page(session, select(m.Entity).where(m.Entity.kind == kind), m.Entity, first=first, after=after, counted=counted)


def deals(session: Session, *, first: int, after: int | None, counted: bool = True) -> Page[m.Deal]:
    return _page(session, select(m.Deal), m.Deal, first=first, after=after, counted=counted)


def sources(session: Session, *, first: int, after: int | None, counted: bool = True) -> Page[m.Source]:
    return _page(session, select(m.Source), m.Source, first=first, after=after, counted=counted)


def publishers(session: Session) -> list[str]:
    query = select(m.Document.publisher).where(col(m.Document.publisher).is_not(None)).distinct()
    return sorted(p for p in session.exec(query).all() if p)


def by_ids(session: Session, model: type[T], ids: Sequence[int]) -> dict[int, T]:
    rows = session.exec(select(model).where(col(model.id).in_(list(ids)))).all()  # type: ignore[attr-defined]
    return {row.id: row for row in rows}  # type: ignore[attr-defined]


def _grouped(session: Session, query: SelectOfScalar[T], key: str, ids: Sequence[int]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in session.exec(query).all():
        grouped[getattr(row, key)].append(row)
    return {i: grouped.get(i, []) for i in ids}


def aliases(session: Session, *, entity_ids: Sequence[int]) -> dict[int, list[str]]:
    rows = _grouped(session, select(m.Alias).where(col(m.Alias.entity_id).in_(entity_ids)).order_by(col(m.Alias.id)), "entity_id", entity_ids)
    return {i: [a.alias for a in found] for i, found in rows.items()}


def roles(session: Session, *, person_ids: Sequence[int]) -> dict[int, list[m.Role]]:
    return _grouped(session, select(m.Role).where(col(m.Role.person_id).in_(person_ids)).order_by(col(m.Role.id)), "person_id", person_ids)


def prices(session: Session, *, vehicle_ids: Sequence[int]) -> dict[int, list[m.Price]]:
    return _grouped(session, select(m.Price).where(col(m.Price.vehicle_id).in_(vehicle_ids)).order_by(col(m.Price.id)), "vehicle_id", vehicle_ids)


def deal_parties(session: Session, *, deal_ids: Sequence[int]) -> dict[int, list[int]]:
    rows = _grouped(session, select(m.DealParty).where(col(m.DealParty.deal_id).in_(deal_ids)).order_by(col(m.DealParty.id)), "deal_id", deal_ids)
    return {i: [p.company_id for p in found] for i, found in rows.items()}


@dataclass(frozen=True, slots=True)
class DatedEvent:
    event: m.DealEvent
    reported_on: dt.date | None  # the publication date of the article that reports it

    @property
    def happened(self) -> str:
        """When it happened, as far as anyone can tell: its date, else the day it was reported."""
        return self.event.date or (self.reported_on.isoformat() if self.reported_on else "9999")


def deal_events(session: Session, *, deal_ids: Sequence[int]) -> dict[int, list[DatedEvent]]:
    """Each deal's history in the order things happened, not the order they were reported: by the date
    the text gives, else the article's publication date; at equal times, the further status last."""
    rows = session.exec(
        select(m.DealEvent, m.Document.published_at).join(m.Claim, col(m.Claim.id) == col(m.DealEvent.claim_id))
        .join(m.Document, col(m.Document.id) == col(m.Claim.document_id)).where(col(m.DealEvent.deal_id).in_(deal_ids))
    ).all()
    grouped: dict[int, list[DatedEvent]] = defaultdict(list)
    for event, published in rows:
        grouped[event.deal_id].append(DatedEvent(event, published))
    return {i: sorted(grouped.get(i, []), key=lambda e: (e.happened, DEAL_STATUS_RANK[DealStatus(e.event.status)], e.event.id))
            for i in deal_ids}


def deal_figures(session: Session, *, deal_ids: Sequence[int]) -> dict[int, list[tuple[m.DealFigure, m.Claim]]]:
    rows = session.exec(
        select(m.DealFigure, m.Claim).join(m.Claim, col(m.Claim.id) == col(m.DealFigure.claim_id))
        .where(col(m.DealFigure.deal_id).in_(deal_ids)).order_by(col(m.DealFigure.id))
    ).all()
    grouped: dict[int, list[tuple[m.DealFigure, m.Claim]]] = defaultdict(list)
    for figure, claim in rows:
        grouped[figure.deal_id].append((figure, claim))
    return {i: grouped.get(i, []) for i in deal_ids}


def deal_party_rows(session: Session, *, deal_ids: Sequence[int]) -> dict[int, list[m.DealParty]]:
    query = select(m.DealParty).where(col(m.DealParty.deal_id).in_(deal_ids)).order_by(col(m.DealParty.id))
    return _grouped(session, query, "deal_id", deal_ids)


def deal_evidence(session: Session, *, deal_ids: Sequence[int]) -> dict[int, list[int]]:
    query = select(m.DealEvidence).where(col(m.DealEvidence.deal_id).in_(deal_ids)).order_by(col(m.DealEvidence.claim_id))
    return {i: [e.claim_id for e in found] for i, found in _grouped(session, query, "deal_id", deal_ids).items()}


def vehicle_evidence(session: Session, *, vehicle_ids: Sequence[int]) -> dict[int, list[int]]:
    """Claims that name the vehicle or give its price."""
    found: dict[int, set[int]] = defaultdict(set)
    for mention in session.exec(select(m.Mention).where(col(m.Mention.entity_id).in_(vehicle_ids))).all():
        if mention.claim_id is not None:
            found[mention.entity_id].add(mention.claim_id)
    for price in session.exec(select(m.Price).where(col(m.Price.vehicle_id).in_(vehicle_ids))).all():
        found[price.vehicle_id].add(price.claim_id)
    return {i: sorted(found.get(i, ())) for i in vehicle_ids}


def claim_entities(session: Session, *, claim_ids: Sequence[int]) -> dict[int, list[int]]:
    """The entities each claim names, and the one that made it, in the order the claim names them."""
    found = {i: [mention.entity_id for mention in mentions] for i, mentions in claim_mentions(session, claim_ids=claim_ids).items()}
    speakers = (select(m.Claim.id, m.Source.entity_id).join(m.Source, col(m.Source.id) == col(m.Claim.source_id))
                .where(col(m.Claim.id).in_(claim_ids), col(m.Source.entity_id).is_not(None)))
    for claim_id, entity_id in session.exec(speakers).all():
        found[claim_id].append(entity_id)  # type: ignore[index, arg-type]
    return {i: list(dict.fromkeys(found[i])) for i in claim_ids}


def claim_mentions(session: Session, *, claim_ids: Sequence[int]) -> dict[int, list[m.Mention]]:
    query = select(m.Mention).where(col(m.Mention.claim_id).in_(claim_ids)).order_by(col(m.Mention.span_start))
    return _grouped(session, query, "claim_id", claim_ids)


def claim_deals(session: Session, *, claim_ids: Sequence[int]) -> dict[int, list[int]]:
    """The deals each claim is evidence of."""
    query = select(m.DealEvidence).where(col(m.DealEvidence.claim_id).in_(claim_ids)).order_by(col(m.DealEvidence.deal_id))
    return {i: [e.deal_id for e in found] for i, found in _grouped(session, query, "claim_id", claim_ids).items()}


def links(session: Session, *, claim_ids: Sequence[int], direction: str) -> dict[int, list[int]]:
    """direction "responses": the responses to each claim; "concerns": the claims each response answers;
    "corroborated_by" and "contradicted_by": claims of other documents asserting the same fact or another."""
    if direction in {"responses", "concerns"}:
        kind = "RESPONDS_TO"
        own, other = ("to_claim_id", "from_claim_id") if direction == "responses" else ("from_claim_id", "to_claim_id")
    else:
        kind = "CORROBORATES" if direction == "corroborated_by" else "CONTRADICTS"
        own, other = "to_claim_id", "from_claim_id"  # stored in both directions
    query = select(m.ClaimLink).where(m.ClaimLink.kind == kind, col(getattr(m.ClaimLink, own)).in_(claim_ids))
    grouped: dict[int, list[int]] = defaultdict(list)
    for link in session.exec(query.order_by(col(m.ClaimLink.id))).all():
        grouped[getattr(link, own)].append(getattr(link, other))
    return {i: sorted(set(grouped.get(i, []))) for i in claim_ids}


def entity_claim_pages(session: Session, *, entity_ids: Sequence[int], first: int, after: int | None) -> dict[int, Page[m.Claim]]:
    """For each entity, one page of the claims that mention it or that it made: one query for them all."""
    mentioned = select(m.Mention.entity_id.label("entity_id"), m.Mention.claim_id.label("claim_id")).where(  # type: ignore[attr-defined]
        col(m.Mention.entity_id).in_(entity_ids), col(m.Mention.claim_id).is_not(None))
    spoken = (select(m.Source.entity_id.label("entity_id"), m.Claim.id.label("claim_id"))  # type: ignore[attr-defined, union-attr]
              .join(m.Claim, col(m.Claim.source_id) == col(m.Source.id)).where(col(m.Source.entity_id).in_(entity_ids)))
    pairs = union(mentioned, spoken).subquery()
    total = func.count().over(partition_by=pairs.c.entity_id).label("total")  # counted before the cursor applies
    counted = select(pairs.c.entity_id, pairs.c.claim_id, total).subquery()
    return _pages_by(session, counted, counted.c.entity_id, counted.c.claim_id, entity_ids, first, after)


def reviews(session: Session, *, claim_ids: Sequence[int]) -> dict[int, list[m.Review]]:
    """Each claim's reviews, newest first (the id breaks ties: reviews are only ever appended)."""
    query = (select(m.Review).where(col(m.Review.claim_id).in_(claim_ids))
             .order_by(col(m.Review.created_at).desc(), col(m.Review.id).desc()))
    return _grouped(session, query, "claim_id", claim_ids)


def claims_matching(session: Session, *, criteria: ClaimCriteria, limit: int, reviewed_only: bool = False) -> list[m.Claim]:
    """Every claim matching `criteria` (optionally only those with a review), by document and reading order,
    at most `limit` + 1 of them so that the caller can tell it asked for too many."""
    query = _filtered(select(m.Claim), criteria, _dialect(session))
    if reviewed_only:
        query = query.where(col(m.Claim.id).in_(select(m.Review.claim_id)))
    query = query.order_by(col(m.Claim.document_id), col(m.Claim.span_start), col(m.Claim.id)).limit(limit + 1)
    return list(session.exec(query).all())


def claims_of_documents(session: Session, *, document_ids: Sequence[int]) -> dict[int, list[m.Claim]]:
    """Every claim of each document, in reading order: one query for them all."""
    query = (select(m.Claim).where(col(m.Claim.document_id).in_(document_ids))
             .order_by(col(m.Claim.span_start), col(m.Claim.id)))
    return _grouped(session, query, "document_id", document_ids)
