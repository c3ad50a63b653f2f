"""Deals: parties, kind, status and its dated history, stake, value, and the claims behind them."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry
from graphql import GraphQLError

from ..db import models as m
from ..db import queries
from ..db.figures import ranked
from ..extract import model
from .claims import LIST_CAP, Basis, Claim, Info, OrderDirection, claim_by_id, claims_by_ids, related_connection, related_list, sort_order
from .entities import Company
from .loaders import load_all
from .relay import After, Before, Connection, First, Last, Node, global_id, parse_global_id, window

DealKind = strawberry.enum(model.DealKind, description="What kind of deal: an acquisition, a merger, a stake, a joint venture...")
DealStatus = strawberry.enum(model.DealStatus, description="How far a deal has got, from a rumour to completed or terminated.")


@strawberry.input(description="Deals matching every field given.")
class DealFilter:
    kind: list[DealKind] | None = strawberry.field(default=None, description="Any of these.")  # type: ignore[valid-type]
    status: list[DealStatus] | None = strawberry.field(default=None, description="Any of these (the deal's current status).")  # type: ignore[valid-type]
    party: strawberry.ID | None = strawberry.field(default=None, description="The id of a Company: deals it is a party to.")
    min_confidence: float | None = strawberry.field(default=None, description="0..1: deals at least this confident.")
    mentioned_in: strawberry.ID | None = strawberry.field(
        default=None, description="The id of a Document (deals its claims are evidence of) or of a Claim (deals it is evidence of).")

    def criteria(self) -> queries.DealCriteria:
        party_id = document_id = claim_id = None
        if self.party is not None:
            type_name, party_id = parse_global_id(self.party)
            if type_name != "Company":
                raise _bad(f"`party` takes the id of a Company, not of a {type_name}.")
        if self.mentioned_in is not None:
            type_name, pk = parse_global_id(self.mentioned_in)
            if type_name == "Document":
                document_id = pk
            elif type_name == "Claim":
                claim_id = pk
            else:
                raise _bad(f"`mentionedIn` takes the id of a Document or a Claim, not of a {type_name}.")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise _bad(f"`minConfidence` is {self.min_confidence}: it must be between 0 and 1.")
        return queries.DealCriteria(
            kinds=tuple(k.value for k in self.kind) if self.kind else None,
            statuses=tuple(s.value for s in self.status) if self.status else None,
            party_id=party_id, min_confidence=self.min_confidence, document_id=document_id, claim_id=claim_id)


def _bad(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_FILTER"})


@strawberry.enum(description="What deals can be sorted by.")
class DealOrderField(enum.Enum):
    FIRST_SEEN = strawberry.enum_value("ID", description="The order they were first stored in (the default).")
    CONFIDENCE = strawberry.enum_value("CONFIDENCE", description="`confidence`.")


@strawberry.input(description="The order of deals; ties go by when they were first stored.")
class DealOrder:
    field: DealOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="ASC (the default) or DESC.")

    def order(self) -> queries.Order:
        return sort_order(self.field, self.direction)


@strawberry.type(description="An amount of money; currency is ISO 4217 (CNY for yuan, EUR for euros).")
class Money:
    amount: float = strawberry.field(description="In `currency`.")
    currency: str = strawberry.field(description="ISO 4217.")


@strawberry.enum(description="How precise a date is: never more than the text says.")
class DatePrecision(enum.Enum):
    YEAR = 4
    MONTH = 7
    DAY = 10


@strawberry.type(description="A step in a deal's history. Three times are kept apart: when it happened (`date`, at the "
                             "text's precision), when it was reported (`reportedOn`) and when it was ingested (the claim's document).")
class DealEvent:
    status: DealStatus = strawberry.field(description="The status the deal reached.")  # type: ignore[valid-type]
    date: str | None = strawberry.field(description="ISO 8601 at the precision the text gives: 2025, 2025-03, 2025-03-12.")
    reported_on: dt.date | None = strawberry.field(description="The publication date of the article that reports it.")
    date_basis: Basis | None = strawberry.field(
        description="ASSERTED: the text gives the date; INFERRED: resolved against the publication date (\"last month\").")
    claim_id: strawberry.Private[int]

    @strawberry.field(description="YEAR, MONTH or DAY: how much of `date` the text gives; null when undated.")
    def precision(self) -> DatePrecision | None:
        return DatePrecision(len(self.date)) if self.date else None

    @strawberry.field(description="The claim that reports this event.")
    async def claim(self, info: Info) -> Claim:
        claim = await claim_by_id(info, self.claim_id)
        assert claim is not None
        return claim

    @strawberry.field(description="The claim whose words date the event; null when undated (it is placed at `reportedOn`).")
    async def dated_by(self, info: Info) -> Claim | None:
        return await claim_by_id(info, self.claim_id) if self.date else None


@strawberry.type(description="One value of a stake or deal value, with the claims that give it. Values that disagree are "
                             "listed side by side, best supported first; none is overwritten.")
class RankedFigure:
    amount: float = strawberry.field(description="The figure: a stake in percent, or a value in `currency`.")
    currency: str | None = strawberry.field(description="ISO 4217; null for a stake in percent.")
    origins: int = strawberry.field(description="Independent origins (publishers and named sources) that give this value.")
    confidence: float = strawberry.field(description="The confidence of the most confident claim giving it.")
    claim_ids: strawberry.Private[list[int]]

    @strawberry.field(description="The claims that give this value.")
    async def claims(self, info: Info) -> list[Claim]:
        return await claims_by_ids(info, self.claim_ids)


@strawberry.type(description="A party to a deal, and whether an article names it.")
class DealParticipant:
    company: Company = strawberry.field(description="The party.")
    basis: Basis = strawberry.field(description="INFERRED when no evidence names the company, only \"it\" or \"the company\".")


@strawberry.type(description="A deal between companies: one node however many articles report it, with every figure they give.")
class Deal(Node):
    row: strawberry.Private[m.Deal]
    kind: DealKind = strawberry.field(description="What kind of deal it is.")  # type: ignore[valid-type]
    status: DealStatus = strawberry.field(description="The furthest status its history reached.")  # type: ignore[valid-type]
    stake_percent: float | None = strawberry.field(description="The best-supported stake in percent (the first of `stakes`).")
    confidence: float = strawberry.field(description="0..1: its best-supported claim's confidence, x 0.6 when a party denied it (README, Confidence).")

    @classmethod
    def from_row(cls, row: m.Deal) -> Deal:
        assert row.id is not None
        return cls(id=global_id("Deal", row.id), row=row, kind=model.DealKind(row.kind), status=model.DealStatus(row.status),
                   stake_percent=row.stake_percent, confidence=row.confidence)

    @strawberry.field(description="The best-supported value (the first of `values`).")
    def value(self) -> Money | None:
        if self.row.value_amount is None or self.row.value_currency is None:
            return None
        return Money(amount=self.row.value_amount, currency=self.row.value_currency)

    @strawberry.field(description="The companies taking part.")
    async def parties(self, info: Info) -> list[Company]:
        assert self.row.id is not None
        keys = await info.context.loaders.deal_parties.load(self.row.id)
        return [Company.from_row(row) for row in await load_all(info.context.loaders.entity, keys)]

    @strawberry.field(description="Events in the order they happened, not the order they were reported: by their date, "
                                  "else their article's publication date.")
    async def history(self, info: Info) -> list[DealEvent]:
        assert self.row.id is not None
        return [DealEvent(status=model.DealStatus(e.event.status), date=e.event.date, reported_on=e.reported_on,
                          date_basis=(Basis.INFERRED if e.event.date_inferred else Basis.ASSERTED) if e.event.date else None,
                          claim_id=e.event.claim_id)
                for e in await info.context.loaders.deal_events.load(self.row.id)]

    async def _figures(self, info: Info, kind: model.FigureKind) -> list[RankedFigure]:
        assert self.row.id is not None
        rows = await info.context.loaders.deal_figures.load(self.row.id)
        values = ranked([(f.amount, f.currency, c.id, c.origin, c.confidence) for f, c in rows if f.kind == kind.value])  # type: ignore[misc]
        return [RankedFigure(amount=v.amount, currency=v.currency, origins=len(v.origins), confidence=v.confidence,
                             claim_ids=v.claim_ids) for v in values]

    @strawberry.field(description="Every stake (percent) the articles give, best supported first; `stakePercent` is the first.")
    async def stakes(self, info: Info) -> list[RankedFigure]:
        return await self._figures(info, model.FigureKind.STAKE)

    @strawberry.field(description="Every value the articles give, best supported first; `value` is the first.")
    async def values(self, info: Info) -> list[RankedFigure]:
        return await self._figures(info, model.FigureKind.VALUE)

    @strawberry.field(description="The parties, each saying whether an article names it or the extractor inferred it.")
    async def participants(self, info: Info) -> list[DealParticipant]:
        assert self.row.id is not None
        rows = await info.context.loaders.deal_party_rows.load(self.row.id)
        companies = {r.id: r for r in await load_all(info.context.loaders.entity, [p.company_id for p in rows])}
        return [DealParticipant(company=Company.from_row(companies[p.company_id]),
                                basis=Basis.INFERRED if p.inferred else Basis.ASSERTED) for p in rows if p.company_id in companies]

    @strawberry.field(description=f"The claims that report the deal: the first {LIST_CAP} by id; `evidenceConnection` pages "
                                  "through them all.")
    async def evidence(self, info: Info) -> list[Claim]:
        assert self.row.id is not None
        return await related_list(info, "deal_evidence", self.row.id)

    @strawberry.field(description="The claims that report the deal, by id, as a connection.")
    async def evidence_connection(self, info: Info, first: First = None, after: After = None, last: Last = None,
                                  before: Before = None) -> Connection[Claim]:
        assert self.row.id is not None
        return await related_connection(info, "deal_evidence", self.row.id, window(first, after, last, before))
