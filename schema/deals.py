"""Deals: parties, kind, status and its dated history, stake, value, and the claims behind them."""

from __future__ import annotations

import datetime as dt
import enum

import strawberry

from ..db import models as m
from ..db.figures import ranked
from ..extract import model
from .claims import Basis, Claim, Info, claim_by_id, claims_by_ids
from .entities import Company
from .loaders import load_all
from .relay import Node, global_id

DealKind = strawberry.enum(model.DealKind)
DealStatus = strawberry.enum(model.DealStatus)


@strawberry.type(description="An amount of money; currency is ISO 4217 (CNY for yuan, EUR for euros).")
class Money:
    amount: float
    currency: str


@strawberry.enum(description="How precise a date is: never more than the text says.")
class DatePrecision(enum.Enum):
    YEAR = 4
    MONTH = 7
    DAY = 10


@strawberry.type(description="A step in a deal's history. Three times are kept apart: when it happened (`date`, at the "
                             "text's precision), when it was reported (`reportedOn`) and when it was ingested (the claim's document).")
class DealEvent:
    status: DealStatus  # type: ignore[valid-type]
    date: str | None = strawberry.field(description="ISO 8601 at the precision the text gives: 2025, 2025-03, 2025-03-12.")
    reported_on: dt.date | None = strawberry.field(description="The publication date of the article that reports it.")
    date_basis: Basis | None = strawberry.field(
        description="ASSERTED: the text gives the date; INFERRED: resolved against the publication date (\"last month\").")
    claim_id: strawberry.Private[int]

    @strawberry.field
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
    amount: float
    currency: str | None = strawberry.field(description="ISO 4217; null for a stake in percent.")
    origins: int = strawberry.field(description="Independent origins (publishers and named sources) that give this value.")
    confidence: float = strawberry.field(description="The confidence of the most confident claim giving it.")
    claim_ids: strawberry.Private[list[int]]

    @strawberry.field
    async def claims(self, info: Info) -> list[Claim]:
        return await claims_by_ids(info, self.claim_ids)


@strawberry.type
class DealParticipant:
    company: Company
    basis: Basis = strawberry.field(description="INFERRED when no evidence names the company, only \"it\" or \"the company\".")


@strawberry.type
class Deal(Node):
    row: strawberry.Private[m.Deal]
    kind: DealKind  # type: ignore[valid-type]
    status: DealStatus  # type: ignore[valid-type]
    stake_percent: float | None
    confidence: float

    @classmethod
    def from_row(cls, row: m.Deal) -> Deal:
        assert row.id is not None
        return cls(id=global_id("Deal", row.id), row=row, kind=model.DealKind(row.kind), status=model.DealStatus(row.status),
                   stake_percent=row.stake_percent, confidence=row.confidence)

    @strawberry.field
    def value(self) -> Money | None:
        if self.row.value_amount is None or self.row.value_currency is None:
            return None
        return Money(amount=self.row.value_amount, currency=self.row.value_currency)

    @strawberry.field
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

    @strawberry.field
    async def evidence(self, info: Info) -> list[Claim]:
        assert self.row.id is not None
        return await claims_by_ids(info, await info.context.loaders.deal_evidence.load(self.row.id))
