"""Writing one document's extraction: all of it in one transaction, idempotent on the text.

Entities are resolved against what the database already knows here, because that needs the database:
a company named "Korvan Motors" in one article and "Korvan Motors" or its alias in another is one row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from bisect import bisect_right
from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from ..extract.confidence import NAMED_KINDS, PUBLISHER, scores, vouching_kind
from ..extract.model import (DEAL_STATUS_RANK, RESPONSE_STATUSES, AttributionStatus, DealKind, DealStatus, EntityKind,
                              Extraction, FigureKind, deal_family)
from ..extract.model import Deal as DealValue
from ..extract.model import Entity as EntityValue
from . import models as m
from .confidence import Voucher, publisher_origin, reliabilities, rescore
from .figures import fact_time, overlap, ranked, same_amount
from .search import ClaimSearch


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: dt.date | None = None


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_document(session: Session, text: str) -> m.Document | None:
    return session.exec(select(m.Document).where(m.Document.content_hash == content_hash(text))).first()


def store(session: Session, extraction: Extraction, meta: DocumentMeta) -> tuple[m.Document, bool]:
    """Stores the extraction and returns (document, created). A text stored before returns its document."""
    existing = find_document(session, extraction.text)
    if existing is not None:
        return existing, False
    document = m.Document(
        content_hash=content_hash(extraction.text),
        text=extraction.text,
        title=meta.title,
        publisher=meta.publisher or extraction.publisher,
        url=meta.url,
        published_at=meta.published_at,
        extractor_version=extraction.extractor_version,
    )
    try:
        with session.begin_nested():
            session.add(document)
            session.flush()
    except IntegrityError:
        # Another ingest of the same text won the race; its document is the one.
        found = find_document(session, extraction.text)
        assert found is not None
        return found, False
    assert document.id is not None
    _Writer(session, document, extraction).write()
    return document, True


class _Writer:
    def __init__(self, session: Session, document: m.Document, extraction: Extraction) -> None:
        self.session = session
        self.document = document
        self.x = extraction
        self.entity_ids: dict[str, int] = {}
        self.claim_ids: list[int] = []
        self._claim_starts = [claim.span.start for claim in extraction.claims]
        self._linked: set[int] = set()  # claims of other documents this one corroborates or contradicts
        self._links: set[tuple[int, int, str]] = set()
        self._origins: dict[int, str] = {}
        self._deal_ids: list[int] = []
        self._deal_confidences: list[float] = []
        self._new_sources: frozenset[str] = frozenset()

    def write(self) -> None:
        self._insert(m.Metadata, [{"document_id": self.document.id, "span_start": s.start, "span_end": s.end} for s in self.x.metadata])
        self._entities()
        self._claims()
        self._mentions()
        self._roles_and_prices()
        self._deals()
        self._rescore()

    def _rescore(self) -> None:
        """When this document corroborates or contradicts others: its claims, the claims it links to, and
        every claim of the named sources among them (their record changed) get their confidence recomputed.
        A document that links to nothing was scored as it was written (`_scores`)."""
        if self._linked:
            touched = set(self.claim_ids) | self._linked
            named = self.session.exec(
                select(m.Claim.id).join(m.Source, col(m.Source.id) == col(m.Claim.source_id))
                .where(col(m.Source.kind).in_(NAMED_KINDS),
                       col(m.Source.id).in_(select(m.Claim.source_id).where(col(m.Claim.id).in_(touched))))
            ).all()
            touched.update(i for i in named if i is not None)
            rescore(self.session, touched)
        self._settle_figures()

    def _scores(self, source_ids: list[int | None]) -> tuple[list[float], list[float], list[float]]:
        """The article's own confidences with the reliabilities the database knows (defaults, records,
        fact-checkers' overrides): (claims, deals, each claim's reliability)."""
        def voucher(i: int, kind: str) -> Voucher:
            if kind == PUBLISHER or source_ids[i] is None:
                return ("publisher", self.document.publisher or "")
            return ("source", str(source_ids[i]))

        claims = self.x.claims
        kinds = [vouching_kind(c.status, c.source.kind.value if c.source else None) for c in claims]
        source_kinds = {str(source_ids[i]): c.source.kind.value for i, c in enumerate(claims) if c.source}
        known = reliabilities(self.session, {voucher(i, kind) for i, kind in enumerate(kinds)}, kinds=source_kinds,
                              new=self._new_sources)
        used = [known[voucher(i, kind)].value for i, kind in enumerate(kinds)]
        claim_values, deal_values = scores(claims, self.x.deals, lambda i, _kind: used[i])
        return claim_values, deal_values, used

    def _entities(self) -> None:
        """Every entity of the document resolved against the stored ones with two queries, not two per entity."""
        wanted = {e.key: {normalize(n) for n in _lookup_names(e)} for e in self.x.entities}
        names = set().union(*wanted.values()) if wanted else set()
        known: dict[tuple[str, str], m.Entity] = {}
        if names:
            rows = self.session.exec(
                select(m.Alias.normalized, m.Entity).join(m.Entity, col(m.Alias.entity_id) == col(m.Entity.id))
                .where(col(m.Alias.normalized).in_(names)).order_by(col(m.Entity.id).desc())
            ).all()
            known = {(entity.kind, normalized): entity for normalized, entity in rows}  # the oldest wins
        created: list[tuple[str, m.Entity]] = []
        rows_by_key: dict[str, m.Entity] = {}
        for entity in self.x.entities:
            row = next((known[(entity.kind.value, n)] for n in sorted(wanted[entity.key]) if (entity.kind.value, n) in known), None)
            if row is None:
                row = m.Entity(kind=entity.kind.value, name=entity.name)
                created.append((entity.key, row))
                for n in wanted[entity.key]:
                    known[(entity.kind.value, n)] = row  # a second entity of this document with the name joins it
            elif _fuller(entity.name, row.name):
                row.name = entity.name  # the canonical name is the fullest one used
            rows_by_key[entity.key] = row
        self.session.add_all([row for _, row in created])
        self.session.flush()
        self.entity_ids = {key: row.id for key, row in rows_by_key.items()}  # type: ignore[misc]
        stored = set(self.session.exec(
            select(m.Alias.entity_id, m.Alias.normalized).where(col(m.Alias.entity_id).in_(set(self.entity_ids.values())))
        ).all())
        aliases = []
        for entity in self.x.entities:
            entity_id = self.entity_ids[entity.key]
            for alias in sorted({entity.name, *entity.aliases}):
                if (entity_id, normalize(alias)) not in stored:
                    stored.add((entity_id, normalize(alias)))
                    aliases.append({"entity_id": entity_id, "alias": alias, "normalized": normalize(alias)})
            maker = rows_by_key[entity.key]
            if entity.maker and maker.maker_id is None:
                maker.maker_id = self.entity_ids[entity.maker]
        self._insert(m.Alias, aliases)
        self.session.flush()

    def _source_ids(self) -> dict[tuple[str, str], int]:
        """The stored source of every (name, kind) the claims cite, made where missing (`_new_sources`)."""
        wanted = {(c.source.name, c.source.kind.value): c.source.entity for c in self.x.claims if c.source}
        if not wanted:
            return {}
        rows = self.session.exec(select(m.Source).where(col(m.Source.name).in_({name for name, _ in wanted}))).all()
        found = {(row.name, row.kind): row for row in rows}
        missing = [m.Source(name=name, kind=kind, entity_id=self.entity_ids.get(entity or ""))
                   for (name, kind), entity in wanted.items() if (name, kind) not in found]
        self.session.add_all(missing)
        self.session.flush()
        self._new_sources = frozenset(str(row.id) for row in missing)
        found.update({(row.name, row.kind): row for row in missing})
        return {key: row.id for key, row in found.items()}  # type: ignore[misc]

    def _claims(self) -> None:
        rows: list[dict[str, object]] = []
        sources = self._source_ids()
        hashes = [content_hash(normalize(claim.span.text)) for claim in self.x.claims]
        reprinted = self._origins_of(hashes)
        own = publisher_origin(self.document.publisher, self.document.id)  # type: ignore[arg-type]
        source_ids = [sources[(c.source.name, c.source.kind.value)] if c.source else None for c in self.x.claims]
        confidences, self._deal_confidences, reliability = self._scores(source_ids)
        for i, (claim, text_hash) in enumerate(zip(self.x.claims, hashes, strict=True)):
            source_id = source_ids[i]
            named = claim.source is not None and claim.source.kind.value in NAMED_KINDS
            rows.append(dict(
                document_id=self.document.id, span_start=claim.span.start, span_end=claim.span.end,
                status=claim.status.value, source_id=source_id,
                cue_start=claim.cue.start if claim.cue else None, cue_end=claim.cue.end if claim.cue else None,
                hedged=claim.hedged, rule=claim.rule, confidence=confidences[i], reliability=reliability[i],
                extractor_version=self.x.extractor_version,
                origin=reprinted.get(text_hash) or (f"source:{source_id}" if named else own),
                text_hash=text_hash, corroborations=claim.corroborations,
                published_sort=self.document.published_at or m.UNDATED,
            ))
        if rows:
            returning = insert(m.Claim).returning(col(m.Claim.id), sort_by_parameter_order=True)
            self.claim_ids = list(self.session.execute(returning, rows).scalars())
        self._origins = {claim_id: str(row["origin"]) for claim_id, row in zip(self.claim_ids, rows, strict=True)}
        self._insert(ClaimSearch, [{"claim_id": i, "text": c.span.text} for i, c in zip(self.claim_ids, self.x.claims, strict=True)])
        self._insert(m.ClaimLink, [{"from_claim_id": self.claim_ids[index], "to_claim_id": self.claim_ids[concerned], "kind": "RESPONDS_TO"}
                                   for index, claim in enumerate(self.x.claims) for concerned in claim.concerns])

    def _insert(self, model: type, rows: list[dict[str, object]]) -> None:
        """Many rows in one executemany, without building an ORM object for each: the bulk of a document
        (mentions, search text, metadata) is written this way."""
        if rows:
            self.session.execute(insert(model), rows)

    def _origins_of(self, hashes: list[str]) -> dict[str, str]:
        """Sentences another document printed word for word: a reprint keeps the origin of the first print,
        so ten reprints of one wire story count as one origin. Sentences of a few words are common
        ("The company declined to comment.") and prove nothing."""
        long_enough = [h for h, claim in zip(hashes, self.x.claims, strict=True) if len(claim.span.text.split()) >= 8]
        if not long_enough:
            return {}
        rows = self.session.exec(select(m.Claim.text_hash, m.Claim.origin).where(
            col(m.Claim.text_hash).in_(long_enough), m.Claim.document_id != self.document.id).order_by(col(m.Claim.id).desc())
        ).all()
        return dict(rows)  # the oldest wins

    def _claim_at(self, offset: int) -> int | None:
        index = bisect_right(self._claim_starts, offset) - 1
        if index >= 0 and offset < self.x.claims[index].span.end:
            return self.claim_ids[index]
        return None

    def _mentions(self) -> None:
        self._insert(m.Mention, [
            {"entity_id": self.entity_ids[mention.entity], "claim_id": self._claim_at(mention.span.start),
             "document_id": self.document.id, "span_start": mention.span.start, "span_end": mention.span.end,
             "inferred": mention.inferred}
            for mention in self.x.mentions
        ])

    def _roles_and_prices(self) -> None:
        people = {self.entity_ids[role.person] for role in self.x.roles}
        stored = {(r.person_id, r.title.lower(), r.organization_id): r
                  for r in self.session.exec(select(m.Role).where(col(m.Role.person_id).in_(people))).all()} if people else {}
        for role in self.x.roles:
            person_id = self.entity_ids[role.person]
            organization_id = self.entity_ids.get(role.organization) if role.organization else None
            key = (person_id, role.title.lower(), organization_id)  # "Economist" and "economist" are one role
            known = stored.get(key)
            if known is None:
                stored[key] = m.Role(
                    person_id=person_id, title=role.title, organization_id=organization_id, current=role.current,
                    claim_id=self.claim_ids[role.claim] if role.claim is not None else None, inferred=role.inferred,
                )
                self.session.add(stored[key])
            elif known.inferred and not role.inferred:
                known.inferred = False  # this article names the organisation outright
                known.claim_id = self.claim_ids[role.claim] if role.claim is not None else known.claim_id
                self.session.add(known)
        for price in self.x.prices:
            row = m.Price(vehicle_id=self.entity_ids[price.vehicle], amount=price.amount, currency=price.currency,
                          usd_amount=price.usd_amount, variant=price.variant, claim_id=self.claim_ids[price.claim])
            self.session.add(row)
            self._link_prices(row)

    def _link_prices(self, price: m.Price) -> None:
        """Another document's price for the same vehicle and variant, in the same month: the same amount
        corroborates, another contradicts; months apart, prices change and it is a succession."""
        others = self.session.exec(
            select(m.Price, m.Claim, m.Document).join(m.Claim, col(m.Claim.id) == col(m.Price.claim_id))
            .join(m.Document, col(m.Document.id) == col(m.Claim.document_id))
            .where(m.Price.vehicle_id == price.vehicle_id, m.Price.variant == price.variant,
                   m.Claim.document_id != self.document.id)
        ).all()
        when = fact_time(None, self.document.published_at)
        for other, other_claim, other_document in others:
            same = same_amount(price.amount, other.amount, price.currency, other.currency)
            if same is None or not overlap(when, fact_time(None, other_document.published_at)):
                continue
            self._relate(price.claim_id, other_claim, same)

    def _deals(self) -> None:
        for deal, confidence in zip(self.x.deals, self._deal_confidences, strict=True):
            parties = [self.entity_ids[p] for p in deal.parties]
            # The extraction already told this document's deals apart; only other documents' deals can be the same.
            row = (_matching_deal(self.session, deal.kind.value, parties, other_than=self._deal_ids)
                   or m.Deal(kind=deal.kind.value, status=deal.status.value))
            row.status = deal.status.value if row.id is None else _later_status(self.session, row, deal)
            row.confidence = max(row.confidence, confidence)
            self.session.add(row)
            self.session.flush()
            inferred = {self.entity_ids[p] for p in deal.inferred_parties}
            stored = {p.company_id: p for p in self.session.exec(select(m.DealParty).where(m.DealParty.deal_id == row.id)).all()}
            for party in parties:  # two companies of the article may be one stored company
                if party not in stored:
                    stored[party] = m.DealParty(deal_id=row.id, company_id=party, inferred=party in inferred)
                    self.session.add(stored[party])
                elif stored[party].inferred and party not in inferred:
                    stored[party].inferred = False  # this article names it outright
                    self.session.add(stored[party])
            self._insert(m.DealEvent, [{"deal_id": row.id, "status": e.status.value, "date": e.date, "date_inferred": e.date_inferred,
                                        "claim_id": self.claim_ids[e.claim]} for e in deal.events])
            self._insert(m.DealEvidence, [{"deal_id": row.id, "claim_id": self.claim_ids[c]} for c in deal.evidence])
            self._insert(m.DealFigure, [{"deal_id": row.id, "claim_id": self.claim_ids[f.claim], "kind": f.kind.value,
                                         "amount": f.amount, "currency": f.currency} for f in deal.figures])
            self.session.flush()
            self._link_across_documents(row, deal, parties)
            self._deal_ids.append(row.id)  # type: ignore[arg-type]

    def _link_across_documents(self, row: m.Deal, deal: DealValue, parties: list[int]) -> None:
        """Corroboration and contradiction with what other documents said of the same deal.

        The same status from another origin corroborates; another status at the same time contradicts (at
        different times it is a succession: talks, then an agreement); a party's denial contradicts what
        others reported. Stakes and values: the same figure corroborates, another one for the same time
        contradicts.
        """
        earlier = self.session.exec(
            select(m.DealEvent, m.Claim, m.Document)
            .join(m.Claim, col(m.Claim.id) == col(m.DealEvent.claim_id))
            .join(m.Document, col(m.Document.id) == col(m.Claim.document_id))
            .where(m.DealEvent.deal_id == row.id, m.Claim.document_id != self.document.id)
        ).all()
        published = self.document.published_at.isoformat() if self.document.published_at else None
        for event in deal.events:
            when = event.date or published
            for other_event, other_claim, other_document in earlier:
                other_when = other_event.date or (other_document.published_at.isoformat() if other_document.published_at else None)
                if other_event.status == event.status.value:
                    self._relate(self.claim_ids[event.claim], other_claim, True)
                elif overlap(when, other_when):
                    self._relate(self.claim_ids[event.claim], other_claim, False)
        dated = {e.claim: e.date for e in deal.events}
        figures = self.session.exec(
            select(m.DealFigure, m.Claim, m.Document, m.DealEvent.date)
            .join(m.Claim, col(m.Claim.id) == col(m.DealFigure.claim_id))
            .join(m.Document, col(m.Document.id) == col(m.Claim.document_id))
            .outerjoin(m.DealEvent, col(m.DealEvent.claim_id) == col(m.DealFigure.claim_id))
            .where(m.DealFigure.deal_id == row.id, m.Claim.document_id != self.document.id)
        ).all()
        for figure in deal.figures:
            when = fact_time(dated.get(figure.claim), self.document.published_at)
            for other, other_claim, other_document, other_date in figures:
                same = same_amount(figure.amount, other.amount, figure.currency, other.currency)
                if other.kind != figure.kind.value or same is None:
                    continue
                if same or overlap(when, fact_time(other_date, other_document.published_at)):
                    self._relate(self.claim_ids[figure.claim], other_claim, same)
        # A party's denial contradicts what the other articles report of the deal, whichever came first.
        evidence = [i for i in deal.evidence if self.x.claims[i].status not in RESPONSE_STATUSES]
        denials = [i for i in deal.evidence if self.x.claims[i].status == AttributionStatus.DENIED]
        others = self.session.exec(
            select(m.Claim).join(m.DealEvidence, col(m.Claim.id) == col(m.DealEvidence.claim_id))
            .where(m.DealEvidence.deal_id == row.id, m.Claim.document_id != self.document.id)
        ).all()
        other_denials = self._party_denials([c for c in others if c.status == AttributionStatus.DENIED.value], parties)
        for other_claim in others:
            if other_claim.status not in RESPONSE_VALUES:
                for denial in denials:
                    if self._denied_by_party(denial, parties):
                        self._relate(self.claim_ids[denial], other_claim, False)
            elif other_claim.id in other_denials:
                for claim in evidence:
                    self._relate(self.claim_ids[claim], other_claim, False)

    def _denied_by_party(self, index: int, parties: list[int]) -> bool:
        source = self.x.claims[index].source
        return source is not None and self.entity_ids.get(source.entity or "") in parties

    def _party_denials(self, denials: list[m.Claim], parties: list[int]) -> set[int]:
        """The denials among another document's claims that a party to the deal made."""
        if not denials:
            return set()
        by_party = self.session.exec(
            select(m.Claim.id).join(m.Source, col(m.Source.id) == col(m.Claim.source_id))
            .where(col(m.Claim.id).in_([d.id for d in denials]), col(m.Source.entity_id).in_(parties))
        ).all()
        return {i for i in by_party if i is not None}

    def _relate(self, claim_id: int, other: m.Claim, agree: bool) -> None:
        """Links a claim of this document with another document's: agreement from another origin
        corroborates (a reprint, or the same source again, is no corroboration); disagreement contradicts."""
        assert other.id is not None
        if agree:
            if self._origins[claim_id] == other.origin:
                return
            self._link(claim_id, other.id, "CORROBORATES")
        else:
            self._link(claim_id, other.id, "CONTRADICTS")
        self._linked.add(other.id)

    def _link(self, one: int, other: int, kind: str) -> None:
        if (one, other, kind) in self._links:
            return
        self._links.add((one, other, kind))
        self.session.add(m.ClaimLink(from_claim_id=one, to_claim_id=other, kind=kind))
        self.session.add(m.ClaimLink(from_claim_id=other, to_claim_id=one, kind=kind))

    def _settle_figures(self) -> None:
        """A deal's stake and value are its best-supported figures; the others stay, ranked, beside them."""
        if not self._deal_ids:
            return
        rows = self.session.exec(
            select(m.DealFigure, m.Claim).join(m.Claim, col(m.Claim.id) == col(m.DealFigure.claim_id))
            .where(col(m.DealFigure.deal_id).in_(self._deal_ids))
        ).all()
        for deal in self.session.exec(select(m.Deal).where(col(m.Deal.id).in_(self._deal_ids))).all():
            for kind in FigureKind:
                values = ranked([(f.amount, f.currency, c.id, c.origin, c.confidence) for f, c in rows  # type: ignore[misc]
                                 if f.deal_id == deal.id and f.kind == kind.value])
                if not values:
                    continue
                if kind == FigureKind.STAKE:
                    deal.stake_percent = values[0].amount
                else:
                    deal.value_amount, deal.value_currency = values[0].amount, values[0].currency
            self.session.add(deal)


RESPONSE_VALUES = frozenset(s.value for s in RESPONSE_STATUSES)


def normalize(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def _lookup_names(entity: EntityValue) -> set[str]:
    """The names an entity is looked up by: a person by full name only ("Zhu" may be anyone called Zhu)."""
    return {entity.name} if entity.kind == EntityKind.PERSON else {entity.name, *entity.aliases}


def _fuller(name: str, than: str) -> bool:
    return (len(name.split()), len(name)) > (len(than.split()), len(than))


def _matching_deal(session: Session, kind: str, parties: list[int], other_than: list[int]) -> m.Deal | None:
    """A stored deal of the same family of kinds whose parties include these, or are included in them,
    other than the deals in `other_than` (those this document has just written)."""
    family = deal_family(DealKind(kind))
    kinds = [k.value for k in DealKind if deal_family(k) == family]
    wanted = set(parties)
    overlapping = select(m.DealParty.deal_id).where(col(m.DealParty.company_id).in_(wanted))
    deals = session.exec(select(m.Deal).where(col(m.Deal.kind).in_(kinds), col(m.Deal.id).in_(overlapping),
                                              col(m.Deal.id).not_in(other_than)).order_by(col(m.Deal.id))).all()
    if not deals:
        return None
    stored: dict[int, set[int]] = defaultdict(set)
    for party in session.exec(select(m.DealParty).where(col(m.DealParty.deal_id).in_([d.id for d in deals]))).all():
        stored[party.deal_id].add(party.company_id)
    for deal in deals:
        if wanted <= stored[deal.id] or stored[deal.id] <= wanted:  # type: ignore[index]
            return deal
    return None


def _later_status(session: Session, row: m.Deal, deal: DealValue) -> str:
    """The status of the latest event across the stored history and this document's; undated events
    count as of their publication, so they follow dated ones."""
    stored = session.exec(select(m.DealEvent).where(m.DealEvent.deal_id == row.id)).all()
    events = [(e.date or "9999", DEAL_STATUS_RANK[DealStatus(e.status)], e.status) for e in stored]
    events += [(e.date or "9999", DEAL_STATUS_RANK[e.status], e.status.value) for e in deal.events]
    return max(events)[2] if events else row.status
