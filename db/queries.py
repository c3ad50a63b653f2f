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
from .models import UNDATED
from .search import matching_claims

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    rows: list[T]
    has_next: bool
    total: int | None  # None: not counted, since the caller did not ask (an exact count reads every match)
    has_previous: bool = False


@dataclass(frozen=True, slots=True)
class Window:
    """Which rows of an ordered list a page holds, by GitHub's connection arguments: the first `size` after the
    row `after` (and before `before`, when given), or with `from_end` (`last`) the `size` nearest `before`
    (or the end). Cursors are primary keys; a sorted list continues from the sort value of the row named."""

    size: int
    after: int | None = None
    before: int | None = None
    from_end: bool = False


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
class EntityCriteria:
    name: str | None = None  # a part of the name or of an alias, any case


@dataclass(frozen=True, slots=True)
class DealCriteria:
    kinds: tuple[str, ...] | None = None  # any of these
    statuses: tuple[str, ...] | None = None  # any of these
    party_id: int | None = None  # deals this company is a party to
    min_confidence: float | None = None
    document_id: int | None = None  # deals that a claim of this document is evidence of
    claim_id: int | None = None  # deals this claim is evidence of


@dataclass(frozen=True, slots=True)
class DocumentCriteria:
    publisher: str | None = None  # the name, any case
    published_after: dt.date | None = None  # inclusive
    published_before: dt.date | None = None  # inclusive
    text: str | None = None  # full-text search of the document's claims


@dataclass(frozen=True, slots=True)
class Order:
    """A list's order: `key` names a sort value of its rows (SORT_KEYS), "ID" the order they were stored in
    (reading order for claims); ties always go by id."""

    key: str = "ID"
    descending: bool = False


ClaimOrder = Order  # the name benchmarks/explain.py knows it by
READING_ORDER = Order()

# What each list may be sorted by, beside its id.
SORT_KEYS: dict[type, dict[str, Any]] = {
    m.Claim: {"CONFIDENCE": col(m.Claim.confidence), "PUBLISHED_AT": col(m.Claim.published_sort)},
    # Undated documents sort as if published on 0001-01-01: first in ascending order, last in descending.
    m.Document: {"PUBLISHED_AT": func.coalesce(col(m.Document.published_at), UNDATED)},
    m.Entity: {"NAME": func.lower(col(m.Entity.name))},
    m.Deal: {"CONFIDENCE": col(m.Deal.confidence)},
}


def _count(session: Session, query: SelectOfScalar[Any], counted: bool) -> int | None:
    return session.exec(select(func.count()).select_from(query.subquery())).one() if counted else None


def _page(session: Session, query: SelectOfScalar[T], model: type, *, window: Window, order: Order = READING_ORDER,
          counted: bool = True) -> Page[T]:
    """A page of `query` by keyset: rows beyond the cursors by (sort value, id), never by offset, so a page
    costs the same however far into the list it is, and rows stored meanwhile do not shift it."""
    total = _count(session, query, counted)
    ident = col(model.id)  # type: ignore[attr-defined]
    key = None if order.key == "ID" else SORT_KEYS[model][order.key]
    for cursor, later in ((window.after, True), (window.before, False)):
        if cursor is None:
            continue
        beside = ident > cursor if later else ident < cursor
        if key is None:
            query = query.where(beside)
        else:
            anchor = select(key).where(ident == cursor).scalar_subquery()
            beyond = key < anchor if order.descending == later else key > anchor
            query = query.where(or_(beyond, and_(key == anchor, beside)))
    backwards = window.from_end
    columns = [] if key is None else [key.desc() if order.descending != backwards else key.asc()]
    columns.append(ident.desc() if backwards else ident.asc())
    rows = list(session.exec(query.order_by(*columns).limit(window.size + 1)).all())
    more = len(rows) > window.size
    rows = rows[:window.size]
    if backwards:
        rows.reverse()
        return Page(rows, has_next=window.before is not None, total=total, has_previous=more)
    return Page(rows, has_next=more, total=total, has_previous=window.after is not None)


def documents(session: Session, *, criteria: DocumentCriteria = DocumentCriteria(), window: Window,
              order: Order = READING_ORDER, counted: bool = True) -> Page[m.Document]:
    query = select(m.Document)
    if criteria.publisher:
        query = query.where(func.lower(m.Document.publisher) == criteria.publisher.lower())
    if criteria.published_after:
        query = query.where(col(m.Document.published_at) >= criteria.published_after)
    if criteria.published_before:
        query = query.where(col(m.Document.published_at) <= criteria.published_before)
    if criteria.text is not None:
        matching = select(m.Claim.document_id).where(col(m.Claim.id).in_(matching_claims(criteria.text, _dialect(session))))
        query = query.where(col(m.Document.id).in_(matching))
    return _page(session, query, m.Document, window=window, order=order, counted=counted)


def last_document_id(session: Session) -> int:
    """The highest document id stored so far, 0 when there is none."""
    return session.exec(select(func.max(m.Document.id))).one() or 0


def document_ids_after(session: Session, *, after_id: int) -> list[int]:
    """The ids of the documents stored with an id above `after_id`, in order: what the live feed polls."""
    return list(session.exec(select(m.Document.id).where(col(m.Document.id) > after_id).order_by(col(m.Document.id))).all())  # type: ignore[arg-type]



def claims(session: Session, *, criteria: ClaimCriteria, window: Window, order: Order = READING_ORDER,
           counted: bool = True) -> Page[m.Claim]:
    """A page of matching claims. Sorted pages continue after the claim the cursor names, by its current
    sort value: a claim whose confidence changes between two pages may move across the cut, as in any
    keyset paging over a changing order."""
    query = _filtered(select(m.Claim), criteria, _dialect(session))
    return _page(session, query, m.Claim, window=window, order=order, counted=counted)


def document_claim_pages(session: Session, *, document_ids: Sequence[int], criteria: ClaimCriteria,
                         window: Window) -> dict[int, Page[m.Claim]]:
    """For each document, one page of its claims matching `criteria`: one query for them all."""
    total = func.count().over(partition_by=m.Claim.document_id).label("total")
    matching = _filtered(select(m.Claim.id, m.Claim.document_id, total), criteria, _dialect(session)).where(  # type: ignore[call-overload]
        col(m.Claim.document_id).in_(document_ids)).subquery()
    return _pages_by(session, matching, matching.c.document_id, matching.c.id, document_ids, window)


def _pages_by(session: Session, ranked_source: Any, owner: Any, claim_id: Any, owner_ids: Sequence[int],
              window: Window) -> dict[int, Page[m.Claim]]:
    """Pages of claims per owner from rows (owner, claim id, total), by a window function: one query. Claims
    go by id; `from_end` takes each owner's last ones."""
    rows_source = select(ranked_source)
    if window.after is not None:
        rows_source = rows_source.where(claim_id > window.after)
    if window.before is not None:
        rows_source = rows_source.where(claim_id < window.before)
    source = rows_source.subquery()
    by_id = source.c[claim_id.name].desc() if window.from_end else source.c[claim_id.name]
    number = func.row_number().over(partition_by=source.c[owner.name], order_by=by_id).label("n")
    numbered = select(source.c[owner.name].label("owner"), source.c[claim_id.name].label("claim_id"), source.c.total, number).subquery()
    rows = session.exec(  # type: ignore[call-overload]
        select(numbered.c.owner, numbered.c.total, m.Claim)
        .join(m.Claim, col(m.Claim.id) == numbered.c.claim_id)
        .where(numbered.c.n <= window.size + 1)
        .order_by(numbered.c.owner, numbered.c.claim_id)
    ).all()
    found: dict[int, list[m.Claim]] = defaultdict(list)
    totals: dict[int, int] = {}
    for owner_id, count, claim in rows:
        found[owner_id].append(claim)
        totals[owner_id] = count
    pages: dict[int, Page[m.Claim]] = {}
    for i in owner_ids:
        claims = found.get(i, [])
        more = len(claims) > window.size
        if window.from_end:
            pages[i] = Page(claims[-window.size:] if window.size else [], window.before is not None, totals.get(i, 0), more)
        else:
            pages[i] = Page(claims[:window.size], more, totals.get(i, 0), window.after is not None)
    return pages


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


def entities(session: Session, *, kind: str, criteria: EntityCriteria = EntityCriteria(), window: Window,
             order: Order = READING_ORDER, counted: bool = True) -> Page[m.Entity]:
    """A page of the entities of one kind (COMPANY, PERSON, VEHICLE) matching `criteria`."""
    query = select(m.Entity).where(m.Entity.kind == kind)
    if criteria.name:
        pattern = f"%{_escape_like(criteria.name.lower())}%"
        aliased = select(m.Alias.entity_id).where(func.lower(m.Alias.alias).like(pattern, escape="\\"))
        query = query.where(or_(func.lower(m.Entity.name).like(pattern, escape="\\"), col(m.Entity.id).in_(aliased)))
    return _page(session, query, m.Entity, window=window, order=order, counted=counted)


def deals(session: Session, *, criteria: DealCriteria = DealCriteria(), window: Window, order: Order = READING_ORDER,
          counted: bool = True) -> Page[m.Deal]:
    query = select(m.Deal)
    if criteria.kinds:
        query = query.where(col(m.Deal.kind).in_(criteria.kinds))
    if criteria.statuses:
        query = query.where(col(m.Deal.status).in_(criteria.statuses))
    if criteria.party_id is not None:
        query = query.where(col(m.Deal.id).in_(select(m.DealParty.deal_id).where(m.DealParty.company_id == criteria.party_id)))
    if criteria.min_confidence is not None:
        query = query.where(m.Deal.confidence >= criteria.min_confidence)
    if criteria.document_id is not None:
        evidence = (select(m.DealEvidence.deal_id).join(m.Claim, col(m.Claim.id) == col(m.DealEvidence.claim_id))
                    .where(m.Claim.document_id == criteria.document_id))
        query = query.where(col(m.Deal.id).in_(evidence))
    if criteria.claim_id is not None:
        query = query.where(col(m.Deal.id).in_(select(m.DealEvidence.deal_id).where(m.DealEvidence.claim_id == criteria.claim_id)))
    return _page(session, query, m.Deal, window=window, order=order, counted=counted)


def sources(session: Session, *, window: Window, counted: bool = True) -> Page[m.Source]:
    return _page(session, select(m.Source), m.Source, window=window, counted=counted)


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


# The claims that belong to something, each relation as rows (owner, claim id) for `claim_pages`.
CLAIM_RELATIONS = ("entity_claims", "deal_evidence", "vehicle_evidence", "corroborated_by", "contradicted_by")


def _relation(relation: str, owner_ids: Sequence[int]) -> Any:
    """A select of (owner_id, claim_id) pairs, each pair once."""
    if relation == "entity_claims":  # the claims that mention the entity or that it made
        mentioned = select(m.Mention.entity_id.label("owner_id"), m.Mention.claim_id.label("claim_id")).where(  # type: ignore[attr-defined]
            col(m.Mention.entity_id).in_(owner_ids), col(m.Mention.claim_id).is_not(None))
        spoken = (select(m.Source.entity_id.label("owner_id"), m.Claim.id.label("claim_id"))  # type: ignore[attr-defined, union-attr]
                  .join(m.Claim, col(m.Claim.source_id) == col(m.Source.id)).where(col(m.Source.entity_id).in_(owner_ids)))
        return union(mentioned, spoken)
    if relation == "vehicle_evidence":  # the claims that name the vehicle or give its price
        named = select(m.Mention.entity_id.label("owner_id"), m.Mention.claim_id.label("claim_id")).where(  # type: ignore[attr-defined]
            col(m.Mention.entity_id).in_(owner_ids), col(m.Mention.claim_id).is_not(None))
        priced = select(m.Price.vehicle_id.label("owner_id"), m.Price.claim_id.label("claim_id")).where(  # type: ignore[attr-defined]
            col(m.Price.vehicle_id).in_(owner_ids))
        return union(named, priced)
    if relation == "deal_evidence":
        return select(m.DealEvidence.deal_id.label("owner_id"), m.DealEvidence.claim_id.label("claim_id")).where(  # type: ignore[attr-defined]
            col(m.DealEvidence.deal_id).in_(owner_ids)).distinct()
    if relation in {"corroborated_by", "contradicted_by"}:  # links are stored in both directions
        kind = "CORROBORATES" if relation == "corroborated_by" else "CONTRADICTS"
        return select(m.ClaimLink.to_claim_id.label("owner_id"), m.ClaimLink.from_claim_id.label("claim_id")).where(  # type: ignore[attr-defined]
            m.ClaimLink.kind == kind, col(m.ClaimLink.to_claim_id).in_(owner_ids)).distinct()
    raise ValueError(f"no claim relation {relation!r}: one of {', '.join(CLAIM_RELATIONS)}")


def claim_pages(session: Session, *, relation: str, owner_ids: Sequence[int], window: Window) -> dict[int, Page[m.Claim]]:
    """For each owner (an entity, a deal, a vehicle, a claim), one page of the claims in `relation` to it, by
    id: one query for them all, with each owner's total."""
    pairs = _relation(relation, owner_ids).subquery()
    total = func.count().over(partition_by=pairs.c.owner_id).label("total")  # counted before the cursor applies
    counted = select(pairs.c.owner_id, pairs.c.claim_id, total).subquery()
    return _pages_by(session, counted, counted.c.owner_id, counted.c.claim_id, owner_ids, window)


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
