"""Documents and their claims, with spans, attribution and the responses that answer them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from ..db import models as m
from ..db import queries
from ..extract import model
from .context import Context
from .loaders import load_all
from .relay import Connection, Node, connection, global_id, page_size, parse_cursor, parse_global_id

if TYPE_CHECKING:
    from .deals import Deal
    from .entities import Entity
    from .reviews import Review

AttributionStatus = strawberry.enum(model.AttributionStatus, description="How a claim is attributed.")
SourceKind = strawberry.enum(model.SourceKind, description="What kind of source a claim is attributed to.")
Info = strawberry.Info[Context, None]


@strawberry.type(description="Where a claim stands in its document: code-point offsets, end exclusive.")
class Span:
    start: int
    end: int
    text: str = strawberry.field(description="Always document.text[start:end].")


@strawberry.type
class Source:
    name: str
    kind: SourceKind  # type: ignore[valid-type]


@strawberry.type
class Attribution:
    status: AttributionStatus  # type: ignore[valid-type]
    source: Source | None
    cue: Span | None = strawberry.field(description="The words that attribute the claim, e.g. \"Zhu said\".")


@strawberry.input(description="Claims matching every field given.")
class ClaimFilter:
    status: list[AttributionStatus] | None = None  # type: ignore[valid-type]
    min_confidence: float | None = None
    document_id: strawberry.ID | None = None
    mentions: strawberry.ID | None = None

    def criteria(self, *, document_id: int | None = None) -> queries.ClaimCriteria:
        entity_id = deal_id = None
        if self.mentions:
            type_name, pk = parse_global_id(self.mentions)
            if type_name == "Deal":
                deal_id = pk
            elif type_name in {"Company", "Person", "Vehicle"}:
                entity_id = pk
            else:
                raise ValueError(f"`mentions` takes the id of a Company, Person, Vehicle or Deal, not of a {type_name}.")
        if self.document_id:
            type_name, pk = parse_global_id(self.document_id)
            if type_name != "Document":
                raise ValueError(f"`documentId` takes the id of a Document, not of a {type_name}.")
            if document_id is not None and pk != document_id:
                pk = -1  # a filter for another document than this one matches nothing
            document_id = pk
        return queries.ClaimCriteria(
            statuses=tuple(s.value for s in self.status) if self.status else None,
            min_confidence=self.min_confidence if self.min_confidence is not None else None,
            document_id=document_id,
            entity_id=entity_id,
            deal_id=deal_id,
        )


def claim_criteria(filter: ClaimFilter | None, *, document_id: int | None = None) -> queries.ClaimCriteria:
    return filter.criteria(document_id=document_id) if filter else queries.ClaimCriteria(document_id=document_id)


async def claims_page(info: Info, criteria: queries.ClaimCriteria, first: int | None, after: str | None) -> Connection[Claim]:
    size, after_pk = page_size(first), parse_cursor(after)
    with info.context.database.session() as session:
        page = queries.claims(session, criteria=criteria, first=size, after=after_pk)
    return await claim_connection(info, page, after_pk)


async def claim_connection(info: Info, page: queries.Page[m.Claim], after: int | None) -> Connection[Claim]:
    for row in page.rows:
        info.context.loaders.claim.prime(row.id, row)  # type: ignore[arg-type]
    return await connection(page, Claim.from_row, after=after)


async def claim_by_id(info: Info, claim_id: int | None) -> Claim | None:
    if claim_id is None:
        return None
    row = await info.context.loaders.claim.load(claim_id)
    return Claim.from_row(row) if row else None


async def claims_by_ids(info: Info, claim_ids: list[int]) -> list[Claim]:
    return [Claim.from_row(row) for row in await load_all(info.context.loaders.claim, claim_ids)]


@strawberry.type
class Document(Node):
    row: strawberry.Private[m.Document]
    text: str
    title: str | None
    publisher: str | None
    url: str | None
    published_at: dt.date | None
    ingested_at: dt.datetime
    extractor_version: str

    @classmethod
    def from_row(cls, row: m.Document) -> Document:
        assert row.id is not None
        return cls(id=global_id("Document", row.id), row=row, text=row.text, title=row.title, publisher=row.publisher,
                   url=row.url, published_at=row.published_at, ingested_at=row.ingested_at,
                   extractor_version=row.extractor_version)

    @strawberry.field(description="The document's claims in reading order.")
    async def claims(self, info: Info, first: int | None = None, after: str | None = None,
                     filter: ClaimFilter | None = None) -> Connection[Claim]:
        assert self.row.id is not None
        try:
            criteria = claim_criteria(filter, document_id=self.row.id)
        except ValueError as error:
            raise GraphQLError(str(error)) from None
        size, after_pk = page_size(first), parse_cursor(after)
        if criteria.document_id != self.row.id:
            page: queries.Page[m.Claim] = queries.Page([], False, 0)  # filtered to another document
        else:
            criteria = dataclasses.replace(criteria, document_id=None)
            page = await info.context.loaders.document_claims.load((self.row.id, criteria, size, after_pk))
        return await claim_connection(info, page, after_pk)

    @strawberry.field(description="The document and its claims as W3C PROV-O JSON-LD, each claim anchored by Web Annotation "
                                  "selectors (README, Export).")
    async def provenance(self, info: Info) -> JSON:
        assert self.row.id is not None
        return JSON(await info.context.loaders.provenance.load(self.row.id))


@strawberry.type
class Claim(Node):
    row: strawberry.Private[m.Claim]

    @classmethod
    def from_row(cls, row: m.Claim) -> Claim:
        assert row.id is not None
        return cls(id=global_id("Claim", row.id), row=row)

    async def _text(self, info: Info) -> str:
        document = await info.context.loaders.document.load(self.row.document_id)
        assert document is not None
        return document.text

    @strawberry.field
    async def text(self, info: Info) -> str:
        return (await self._text(info))[self.row.span_start:self.row.span_end]

    @strawberry.field
    async def span(self, info: Info) -> Span:
        text = await self._text(info)
        return Span(start=self.row.span_start, end=self.row.span_end, text=text[self.row.span_start:self.row.span_end])

    @strawberry.field
    async def document(self, info: Info) -> Document:
        row = await info.context.loaders.document.load(self.row.document_id)
        assert row is not None
        return Document.from_row(row)

    @strawberry.field
    async def attribution(self, info: Info) -> Attribution:
        source = None
        if self.row.source_id is not None:
            found = await info.context.loaders.source.load(self.row.source_id)
            if found is not None:
                source = Source(name=found.name, kind=model.SourceKind(found.kind))
        cue = None
        if self.row.cue_start is not None and self.row.cue_end is not None:
            text = await self._text(info)
            cue = Span(start=self.row.cue_start, end=self.row.cue_end, text=text[self.row.cue_start:self.row.cue_end])
        return Attribution(status=model.AttributionStatus(self.row.status), source=source, cue=cue)

    @strawberry.field(description="0..1: from the attribution, hedging, the responses and corroboration (README, Confidence).")
    def confidence(self) -> float:
        return self.row.confidence

    @strawberry.field(description="Whether the claim is hedged (\"could\", \"plans to\", \"is considering\").")
    def hedged(self) -> bool:
        return self.row.hedged

    @strawberry.field
    def extractor_version(self) -> str:
        return self.row.extractor_version

    async def _linked(self, loader: DataLoader[int, list[int]], info: Info) -> list[Claim]:
        assert self.row.id is not None
        return await claims_by_ids(info, await loader.load(self.row.id))

    @strawberry.field(description="The parties' responses to this claim (DECLINED_TO_COMMENT, NO_RESPONSE, DENIED).")
    async def responses(self, info: Info) -> list[Claim]:
        return await self._linked(info.context.loaders.responses, info)

    @strawberry.field(description="Claims in other documents, from other origins, asserting the same fact.")
    async def corroborated_by(self, info: Info) -> list[Claim]:
        return await self._linked(info.context.loaders.corroborated_by, info)

    @strawberry.field(description="Claims in other documents asserting the same fact with another status, or denying it.")
    async def contradicted_by(self, info: Info) -> list[Claim]:
        return await self._linked(info.context.loaders.contradicted_by, info)

    @strawberry.field(description="For a response: the claims it answers.")
    async def concerns(self, info: Info) -> list[Claim]:
        return await self._linked(info.context.loaders.concerns, info)

    @strawberry.field(description="The companies, people and vehicles the claim names, and the one that made it.")
    async def entities(self, info: Info) -> list[Annotated[Entity, strawberry.lazy(".entities")]]:
        from .entities import entity_node  # entities.py builds on this module

        assert self.row.id is not None
        keys = await info.context.loaders.claim_entities.load(self.row.id)
        return [entity_node(row) for row in await load_all(info.context.loaders.entity, keys)]

    @strawberry.field(description="The deals the claim is evidence of.")
    async def deals(self, info: Info) -> list[Annotated[Deal, strawberry.lazy(".deals")]]:
        from .deals import Deal  # deals.py builds on this module

        assert self.row.id is not None
        keys = await info.context.loaders.claim_deals.load(self.row.id)
        return [Deal.from_row(row) for row in await load_all(info.context.loaders.deal, keys)]

    @strawberry.field(description="Fact-checkers' reviews of the claim, newest first: its whole history, never overwritten.")
    async def reviews(self, info: Info) -> list[Annotated[Review, strawberry.lazy(".reviews")]]:
        from .reviews import Review  # reviews.py builds on this module

        assert self.row.id is not None
        return [Review.from_row(row) for row in await info.context.loaders.reviews.load(self.row.id)]
