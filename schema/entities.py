"""Companies, people with their roles, and vehicles with their prices: the entities the articles name."""

from __future__ import annotations

import enum
from typing import Self

import strawberry
from graphql import GraphQLError

from ..db import models as m
from ..db import queries
from ..db.text import unstorable
from .claims import (
    Basis,
    Claim,
    Info,
    LIST_CAP,
    OrderDirection,
    Span,
    claim_by_id,
    related_connection,
    related_list,
    sort_order,
)
from .relay import After, Before, Connection, First, Last, Node, global_id, window

# The longest name filter taken: longer than any name, short enough to keep the search cheap.
MAX_NAME_FILTER = 200


@strawberry.input(description="Companies, people or vehicles matching every field given.")
class EntityFilter:
    name: str | None = strawberry.field(
        default=None, description="A part of the name or of an alias, any case: \"leap\" finds Leapmotor.")

    def criteria(self) -> queries.EntityCriteria:
        problem = unstorable("name", self.name)
        if problem:
            raise GraphQLError(problem, extensions={"code": "BAD_FILTER"})
        if self.name is not None and len(self.name) > MAX_NAME_FILTER:
            raise GraphQLError(f"`name` has {len(self.name)} characters, more than the {MAX_NAME_FILTER} a name filter may have.",
                               extensions={"code": "BAD_FILTER"})
        return queries.EntityCriteria(name=self.name.strip() or None if self.name is not None else None)


@strawberry.enum(description="What companies, people and vehicles can be sorted by.")
class EntityOrderField(enum.Enum):
    FIRST_SEEN = strawberry.enum_value("ID", description="The order they were first stored in (the default).")
    NAME = strawberry.enum_value("NAME", description="The canonical name, any case.")


@strawberry.input(description="The order of companies, people or vehicles; ties go by when they were first stored.")
class EntityOrder:
    field: EntityOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="ASC (the default) or DESC.")

    def order(self) -> queries.Order:
        return sort_order(self.field, self.direction)


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

    async def _claims(self, info: Info, first: int | None, after: str | None, last: int | None, before: str | None,
                      ) -> Connection[Claim]:
        assert self.row.id is not None
        return await related_connection(info, "entity_claims", self.row.id, window(first, after, last, before))


@strawberry.type(description="A company: one node for all its names (\"Leapmotor\", \"the Chinese company\", \"the EV maker\").")
class Company(Entity):
    @strawberry.field(description="Claims that mention the company or that it made, by id.")
    async def claims(self, info: Info, first: First = None, after: After = None, last: Last = None,
                     before: Before = None) -> Connection[Claim]:
        return await self._claims(info, first, after, last, before)


@strawberry.type(description="A title a person holds or held, at an organisation.")
class Role:
    title: str = strawberry.field(description="\"chief executive\", \"spokesperson\"...")
    current: bool = strawberry.field(description="False for a former role (\"former chief executive\").")
    basis: Basis = strawberry.field(description="INFERRED when the organisation is the one the story is about, not named beside the title.")
    organization_id: strawberry.Private[int | None]
    claim_id: strawberry.Private[int | None]

    @strawberry.field(description="Where the person holds the title; null when the article does not say.")
    async def organization(self, info: Info) -> Company | None:
        if self.organization_id is None:
            return None
        row = await info.context.loaders.entity.load(self.organization_id)
        return Company.from_row(row) if row else None

    @strawberry.field(description="The claim the role was read from.")
    async def evidence(self, info: Info) -> Claim | None:
        return await claim_by_id(info, self.claim_id)


@strawberry.type(description="A person the articles name: one node for the full name and the surname used after it.")
class Person(Entity):
    @strawberry.field(description="The titles the articles give the person.")
    async def roles(self, info: Info) -> list[Role]:
        assert self.row.id is not None
        return [Role(title=r.title, current=r.current, organization_id=r.organization_id, claim_id=r.claim_id,
                     basis=Basis.INFERRED if r.inferred else Basis.ASSERTED)
                for r in await info.context.loaders.roles.load(self.row.id)]

    @strawberry.field(description="Claims that mention the person or that the person made, by id.")
    async def claims(self, info: Info, first: First = None, after: After = None, last: Last = None,
                     before: Before = None) -> Connection[Claim]:
        return await self._claims(info, first, after, last, before)


@strawberry.type(description="A vehicle's price as an article gives it.")
class Price:
    amount: float = strawberry.field(description="In `currency`.")
    currency: str = strawberry.field(description="ISO 4217.")
    usd_amount: float | None = strawberry.field(description="The US dollar figure the article gives, if any.")
    variant: str | None = strawberry.field(description="The version priced (\"long-range\"), when the article names one.")
    claim_id: strawberry.Private[int]

    @strawberry.field(description="The claim that gives the price.")
    async def claim(self, info: Info) -> Claim:
        claim = await claim_by_id(info, self.claim_id)
        assert claim is not None
        return claim


@strawberry.type(description="A vehicle model, with its maker and prices.")
class Vehicle(Entity):
    @strawberry.field(description="The company that makes it, when an article says.")
    async def maker(self, info: Info) -> Company | None:
        if self.row.maker_id is None:
            return None
        row = await info.context.loaders.entity.load(self.row.maker_id)
        return Company.from_row(row) if row else None

    @strawberry.field(description="Every price the articles give, in the order they were stored.")
    async def prices(self, info: Info) -> list[Price]:
        assert self.row.id is not None
        return [Price(amount=p.amount, currency=p.currency, usd_amount=p.usd_amount, variant=p.variant, claim_id=p.claim_id)
                for p in await info.context.loaders.prices.load(self.row.id)]

    @strawberry.field(description=f"Claims that name the vehicle or give its price: the first {LIST_CAP} by id; "
                                  "`evidenceConnection` pages through them all.")
    async def evidence(self, info: Info) -> list[Claim]:
        assert self.row.id is not None
        return await related_list(info, "vehicle_evidence", self.row.id)

    @strawberry.field(description="Claims that name the vehicle or give its price, by id, as a connection.")
    async def evidence_connection(self, info: Info, first: First = None, after: After = None, last: Last = None,
                                  before: Before = None) -> Connection[Claim]:
        assert self.row.id is not None
        return await related_connection(info, "vehicle_evidence", self.row.id, window(first, after, last, before))


ENTITY_TYPES: dict[str, type[Company] | type[Person] | type[Vehicle]] = {
    "COMPANY": Company, "PERSON": Person, "VEHICLE": Vehicle,
}


def entity_node(row: m.Entity) -> Company | Person | Vehicle:
    return ENTITY_TYPES[row.kind].from_row(row)


@strawberry.type(description="Where a claim names an entity.")
class EntityMention:
    entity: Entity = strawberry.field(description="The company, person or vehicle named.")
    span: Span = strawberry.field(description="The words that name it, in the claim's document.")
    basis: Basis = strawberry.field(description="INFERRED for a coreference (\"the company\", \"it\"), else ASSERTED.")
