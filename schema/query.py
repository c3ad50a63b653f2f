"""The root types: Query, Mutation (and Subscription, in live.py), and the schema built from them."""

from __future__ import annotations

import datetime as dt

import strawberry
from graphql import GraphQLError

from ..db import queries
from .claims import Claim, ClaimFilter, Document, Info, claim_criteria, claims_page
from .context import IngestRequest
from .deals import Deal
from .entities import ENTITY_TYPES, Company, Person, Vehicle
from .live import Subscription
from .relay import Connection, Node, connection, page_size, parse_cursor, parse_global_id

async def _entities(info: Info, kind: str, first: int | None, after: str | None) -> Connection:  # type: ignore[type-arg]
    size, after_pk = page_size(first), parse_cursor(after)
    with info.context.database.session() as session:
        page = queries.entities(session, kind=kind, first=size, after=after_pk)
    return await connection(page, ENTITY_TYPES[kind].from_row, after=after_pk)


@strawberry.type
class Query:
    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, pk = parse_global_id(id)
        loaders = info.context.loaders
        if type_name == "Document":
            row = await loaders.document.load(pk)
            return Document.from_row(row) if row else None
        if type_name == "Claim":
            claim = await loaders.claim.load(pk)
            return Claim.from_row(claim) if claim else None
        if type_name == "Deal":
            deal = await loaders.deal.load(pk)
            return Deal.from_row(deal) if deal else None
        if type_name in {"Company", "Person", "Vehicle"}:
            entity = await loaders.entity.load(pk)
            if entity is None or ENTITY_TYPES[entity.kind].__name__ != type_name:
                return None
            return ENTITY_TYPES[entity.kind].from_row(entity)
        return None

    @strawberry.field
    async def documents(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Document]:
        size, after_pk = page_size(first), parse_cursor(after)
        with info.context.database.session() as session:
            page = queries.documents(session, first=size, after=after_pk)
        return await connection(page, Document.from_row, after=after_pk)

    @strawberry.field
    async def claims(self, info: Info, first: int | None = None, after: str | None = None,
                     filter: ClaimFilter | None = None) -> Connection[Claim]:
        try:
            criteria = claim_criteria(filter)
        except ValueError as error:
            raise GraphQLError(str(error)) from None
        return await claims_page(info, criteria, first, after)

    @strawberry.field
    async def companies(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Company]:
        return await _entities(info, "COMPANY", first, after)

    @strawberry.field
    async def people(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Person]:
        return await _entities(info, "PERSON", first, after)

    @strawberry.field
    async def vehicles(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Vehicle]:
        return await _entities(info, "VEHICLE", first, after)

    @strawberry.field
    async def deals(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Deal]:
        size, after_pk = page_size(first), parse_cursor(after)
        with info.context.database.session() as session:
            page = queries.deals(session, first=size, after=after_pk)
        return await connection(page, Deal.from_row, after=after_pk)


@strawberry.input
class IngestDocumentInput:
    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: dt.date | None = None


@strawberry.type
class IngestDocumentPayload:
    document: Document
    created: bool = strawberry.field(description="False when the same text was ingested before: nothing was stored twice.")


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Extracts an article's claims and facts and stores them; idempotent on the text. Needs the API token.")
    async def ingest_document(self, info: Info, input: IngestDocumentInput) -> IngestDocumentPayload:
        if info.context.write_refusal is not None:
            raise GraphQLError(info.context.write_refusal, extensions={"code": "UNAUTHENTICATED"})
        request = IngestRequest(text=input.text, title=input.title, publisher=input.publisher, url=input.url,
                                published_at=input.published_at)
        try:
            document, created = await info.context.ingest(request)
        except ValueError as error:
            raise GraphQLError(str(error), extensions={"code": "BAD_ARTICLE"}) from None
        return IngestDocumentPayload(document=Document.from_row(document), created=created)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(query=Query, mutation=Mutation, subscription=Subscription, types=[Company, Person, Vehicle, Deal, Claim, Document])
