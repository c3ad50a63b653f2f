"""Companies, people with their roles, and vehicles with their prices."""

from __future__ import annotations

import strawberry

from ..db import models as m
from .claims import Claim, Info
from .loaders import load_all
from .relay import Connection, Node, connection, global_id, page_size, parse_cursor


async def _entity_claims(info: Info, entity_id: int | None, first: int | None, after: str | None) -> Connection[Claim]:
    assert entity_id is not None
    size, after_pk = page_size(first), parse_cursor(after)
    page = await info.context.loaders.entity_claims.load((entity_id, size, after_pk))
    for row in page.rows:
        info.context.loaders.claim.prime(row.id, row)  # type: ignore[arg-type]
    return await connection(page, Claim.from_row, after=after_pk)


async def _aliases(info: Info, row: m.Entity) -> list[str]:
    assert row.id is not None
    return [a for a in await info.context.loaders.aliases.load(row.id) if a != row.name]


@strawberry.type
class Company(Node):
    row: strawberry.Private[m.Entity]
    name: str

    @classmethod
    def from_row(cls, row: m.Entity) -> Company:
        assert row.id is not None
        return cls(id=global_id("Company", row.id), row=row, name=row.name)

    @strawberry.field(description="Other names of the company in the articles: short forms, translations.")
    async def aliases(self, info: Info) -> list[str]:
        return await _aliases(info, self.row)

    @strawberry.field(description="Claims that mention the company or that it made.")
    async def claims(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Claim]:
        return await _entity_claims(info, self.row.id, first, after)


@strawberry.type
class Role:
    title: str
    current: bool
    organization_id: strawberry.Private[int | None]
    claim_id: strawberry.Private[int | None]

    @strawberry.field
    async def organization(self, info: Info) -> Company | None:
        if self.organization_id is None:
            return None
        row = await info.context.loaders.entity.load(self.organization_id)
        return Company.from_row(row) if row else None

    @strawberry.field(description="The claim the role was read from.")
    async def evidence(self, info: Info) -> Claim | None:
        if self.claim_id is None:
            return None
        row = await info.context.loaders.claim.load(self.claim_id)
        return Claim.from_row(row) if row else None


@strawberry.type
class Person(Node):
    row: strawberry.Private[m.Entity]
    name: str

    @classmethod
    def from_row(cls, row: m.Entity) -> Person:
        assert row.id is not None
        return cls(id=global_id("Person", row.id), row=row, name=row.name)

    @strawberry.field
    async def aliases(self, info: Info) -> list[str]:
        return await _aliases(info, self.row)

    @strawberry.field
    async def roles(self, info: Info) -> list[Role]:
        assert self.row.id is not None
        return [Role(title=r.title, current=r.current, organization_id=r.organization_id, claim_id=r.claim_id)
                for r in await info.context.loaders.roles.load(self.row.id)]

    @strawberry.field(description="Claims that mention the person or that the person made.")
    async def claims(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Claim]:
        return await _entity_claims(info, self.row.id, first, after)


@strawberry.type
class Price:
    amount: float
    currency: str = strawberry.field(description="ISO 4217.")
    usd_amount: float | None = strawberry.field(description="The US dollar figure the article gives, if any.")
    variant: str | None
    claim_id: strawberry.Private[int]

    @strawberry.field
    async def claim(self, info: Info) -> Claim:
        row = await info.context.loaders.claim.load(self.claim_id)
        assert row is not None
        return Claim.from_row(row)


@strawberry.type
class Vehicle(Node):
    row: strawberry.Private[m.Entity]
    name: str

    @classmethod
    def from_row(cls, row: m.Entity) -> Vehicle:
        assert row.id is not None
        return cls(id=global_id("Vehicle", row.id), row=row, name=row.name)

    @strawberry.field
    async def aliases(self, info: Info) -> list[str]:
        return await _aliases(info, self.row)

    @strawberry.field
    async def maker(self, info: Info) -> Company | None:
        if self.row.maker_id is None:
            return None
        row = await info.context.loaders.entity.load(self.row.maker_id)
        return Company.from_row(row) if row else None

    @strawberry.field
    async def prices(self, info: Info) -> list[Price]:
        assert self.row.id is not None
        return [Price(amount=p.amount, currency=p.currency, usd_amount=p.usd_amount, variant=p.variant, claim_id=p.claim_id)
                for p in await info.context.loaders.prices.load(self.row.id)]

    @strawberry.field(description="Claims that name the vehicle or give its price.")
    async def evidence(self, info: Info) -> list[Claim]:
        assert self.row.id is not None
        keys = await info.context.loaders.vehicle_evidence.load(self.row.id)
        return [Claim.from_row(row) for row in await load_all(info.context.loaders.claim, keys)]
