"""Companies, people with their roles, and vehicles with their prices: the entities the articles name."""

from __future__ import annotations

from typing import Self

import strawberry

from ..db import models as m
from .claims import Basis, Claim, Info, Span, claim_by_id, claim_connection, claims_by_ids
from .relay import Connection, Node, global_id, page_size, parse_cursor


@strawberry.interface(description="A company, person or vehicle: one node however many articles name it.")
class Entity(Node):
    row: strawberry.Private[m.Entity]
    name: str = strawberry.field(description="The canonical name: the fullest one the articles use.")

    @classmethod
    def from_row(cls, row: m.Entity) -> Self:
        assert row.id is not None
        return cls(id=global_id(cls.__name__, row.id), row=row, name=row.name)

    @strawberry.field(description="Other names in the articles: short forms, surnames, translations, tickers.")
    async def aliases(self, info: Info) -> list[str]:
        assert self.row.id is not None
        return [a for a in await info.context.loaders.aliases.load(self.row.id) if a != self.row.name]

    async def _claims(self, info: Info, first: int | None, after: str | None) -> Connection[Claim]:
        assert self.row.id is not None
        size, after_pk = page_size(first), parse_cursor(after)
        page = await info.context.loaders.entity_claims.load((self.row.id, size, after_pk))
        return await claim_connection(info, page, after_pk)


@strawberry.type
class Company(Entity):
    @strawberry.field(description="Claims that mention the company or that it made.")
    async def claims(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Claim]:
        return await self._claims(info, first, after)


@strawberry.type
class Role:
    title: str
    current: bool
    basis: Basis = strawberry.field(description="INFERRED when the organisation is the one the story is about, not named beside the title.")
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
        return await claim_by_id(info, self.claim_id)


@strawberry.type
class Person(Entity):
    @strawberry.field
    async def roles(self, info: Info) -> list[Role]:
        assert self.row.id is not None
        return [Role(title=r.title, current=r.current, organization_id=r.organization_id, claim_id=r.claim_id,
                     basis=Basis.INFERRED if r.inferred else Basis.ASSERTED)
                for r in await info.context.loaders.roles.load(self.row.id)]

    @strawberry.field(description="Claims that mention the person or that the person made.")
    async def claims(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Claim]:
        return await self._claims(info, first, after)


@strawberry.type
class Price:
    amount: float
    currency: str = strawberry.field(description="ISO 4217.")
    usd_amount: float | None = strawberry.field(description="The US dollar figure the article gives, if any.")
    variant: str | None
    claim_id: strawberry.Private[int]

    @strawberry.field
    async def claim(self, info: Info) -> Claim:
        claim = await claim_by_id(info, self.claim_id)
        assert claim is not None
        return claim


@strawberry.type
class Vehicle(Entity):
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
        return await claims_by_ids(info, await info.context.loaders.vehicle_evidence.load(self.row.id))


ENTITY_TYPES: dict[str, type[Company] | type[Person] | type[Vehicle]] = {
    "COMPANY": Company, "PERSON": Person, "VEHICLE": Vehicle,
}


def entity_node(row: m.Entity) -> Company | Person | Vehicle:
    return ENTITY_TYPES[row.kind].from_row(row)


@strawberry.type(description="Where a claim names an entity.")
class EntityMention:
    entity: Entity
    span: Span
    basis: Basis
