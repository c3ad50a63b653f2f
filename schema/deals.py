"""Deals: parties, kind, status and its dated history, stake, value, and the claims behind them."""

from __future__ import annotations

import strawberry

from ..db import models as m
from ..extract import model
from .claims import Claim, Info, claim_by_id, claims_by_ids
from .entities import Company
from .loaders import load_all
from .relay import Node, global_id

DealKind = strawberry.enum(model.DealKind)
DealStatus = strawberry.enum(model.DealStatus)


@strawberry.type(description="An amount of money; currency is ISO 4217 (CNY for yuan, EUR for euros).")
class Money:
    amount: float
    currency: str


@strawberry.type
class DealEvent:
    status: DealStatus  # type: ignore[valid-type]
    date: str | None = strawberry.field(description="ISO 8601 at the precision the text gives: 2025, 2025-03, 2025-03-12.")
    claim_id: strawberry.Private[int]

    @strawberry.field(description="The claim that reports this event (and dates it).")
    async def claim(self, info: Info) -> Claim:
        claim = await claim_by_id(info, self.claim_id)
        assert claim is not None
        return claim


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

    @strawberry.field(description="Events in the order they happened; undated ones as of their article.")
    async def history(self, info: Info) -> list[DealEvent]:
        assert self.row.id is not None
        return [DealEvent(status=model.DealStatus(e.status), date=e.date, claim_id=e.claim_id)
                for e in await info.context.loaders.deal_events.load(self.row.id)]

    @strawberry.field
    async def evidence(self, info: Info) -> list[Claim]:
        assert self.row.id is not None
        return await claims_by_ids(info, await info.context.loaders.deal_evidence.load(self.row.id))
