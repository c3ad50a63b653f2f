"""The root types: Query, Mutation (and Subscription, in live.py), and the schema built from them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated

import anyio.to_thread
import strawberry
from graphql import GraphQLError
from sqlmodel import Session
from strawberry.scalars import JSON
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from ..db import confidence as db_confidence
from ..db import queries
from ..db.text import unstorable
from . import export
from .caches import QueryCache, cache_extensions
from .claims import (
    Claim,
    ClaimFilter,
    ClaimOrder,
    Document,
    DocumentFilter,
    DocumentOrder,
    Info,
    Publisher,
    Reliability,
    Source,
    claim_by_id,
    claim_criteria,
    claims_page,
)
from .context import IngestRequest
from .deals import Deal, DealFilter, DealOrder
from .entities import ENTITY_TYPES, Company, EntityFilter, EntityOrder, Person, Vehicle
from .errors import FactgraphSchema
from .execution import ExecutionContext
from .limits import QueryLimits, limit_extensions
from .live import Subscription
from .names import clean_name
from .relay import (
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    asks_total,
    connection,
    parse_global_id,
    window,
)
from .reviews import Review, ReviewClaimPayload, review_claim


async def _entities(info: Info, kind: str, page: queries.Window, filter: EntityFilter | None,
                    order_by: EntityOrder | None) -> Connection:  # type: ignore[type-arg]
    criteria = filter.criteria() if filter else queries.EntityCriteria()
    order = order_by.order() if order_by else queries.READING_ORDER
    counted = asks_total(info)
    found = await info.context.read(lambda session: queries.entities(session, kind=kind, criteria=criteria, window=page,
                                                                    order=order, counted=counted))
    return await connection(found, ENTITY_TYPES[kind].from_row)


ClaimFilterArgument = Annotated[ClaimFilter | None, strawberry.argument(description="Only the claims matching it.")]
EntityFilterArgument = Annotated[EntityFilter | None, strawberry.argument(description="Only those matching it.")]
EntityOrderArgument = Annotated[EntityOrder | None, strawberry.argument(description="The order; by default the order they were first stored in.")]


async def _export(info: Info, filter: ClaimFilter | None,
                  build: Callable[[Session, queries.ClaimCriteria], export.JsonLd]) -> export.JsonLd:
    try:
        criteria = claim_criteria(filter)
    except ValueError as error:  # e.g. `documentId` given the id of a Claim
        raise GraphQLError(str(error), extensions={"code": "BAD_FILTER"}) from None
    try:
        return await info.context.read(lambda session: build(session, criteria))
    except export.ExportTooLarge as error:
        raise GraphQLError(str(error), extensions={"code": "EXPORT_TOO_LARGE"}) from None


# The nodes with a row of their own: the loader that fetches the row, the type that wraps it.
NODE_TYPES: dict[str, tuple[str, type]] = {
    "Document": ("document", Document), "Deal": ("deal", Deal),
    "Source": ("source", Source), "Review": ("review", Review),
}


@strawberry.type(description="What can be read: every object by its id, and the lists to find them in.")
class Query:
    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="An `id` this API returned.")],
                   ) -> Node | None:
        type_name, pk = parse_global_id(id)
        loaders = info.context.loaders
        if type_name == "Claim":
            return await claim_by_id(info, pk)
        if type_name in NODE_TYPES:
            loader, node_type = NODE_TYPES[type_name]
            row = await getattr(loaders, loader).load(pk)
            return node_type.from_row(row) if row else None  # type: ignore[attr-defined]
        if type_name in {"Company", "Person", "Vehicle"}:
            entity = await loaders.entity.load(pk)
            if entity is None or ENTITY_TYPES[entity.kind].__name__ != type_name:
                return None
            return ENTITY_TYPES[entity.kind].from_row(entity)
        return None

    @strawberry.field(description="The stored documents, by default in the order they were ingested.")
    async def documents(self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None,
                        filter: Annotated[DocumentFilter | None, strawberry.argument(description="Only those matching it.")] = None,
                        order_by: Annotated[DocumentOrder | None, strawberry.argument(description="The order; by default ingestion.")] = None,
                        ) -> Connection[Document]:
        page = window(first, after, last, before)
        criteria = filter.criteria() if filter else queries.DocumentCriteria()
        order = order_by.order() if order_by else queries.READING_ORDER
        counted = asks_total(info)
        found = await info.context.read(lambda session: queries.documents(session, criteria=criteria, window=page, order=order,
                                                                         counted=counted))
        return await connection(found, Document.from_row)

    @strawberry.field(description="Claims of every document, by default in reading order.")
    async def claims(self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None,
                     filter: Annotated[ClaimFilter | None, strawberry.argument(description="Only those matching it.")] = None,
                     order_by: Annotated[ClaimOrder | None, strawberry.argument(description="The order; by default reading order.")] = None,
                     ) -> Connection[Claim]:
        page = window(first, after, last, before)
        try:
            criteria = claim_criteria(filter)
        except ValueError as error:
            raise GraphQLError(str(error)) from None
        return await claims_page(info, criteria, page, order_by.order() if order_by else queries.READING_ORDER)

    @strawberry.field(description="Everyone claims are attributed to, with their reliability.")
    async def sources(self, info: Info, first: First = None, after: After = None, last: Last = None,
                      before: Before = None) -> Connection[Source]:
        page = window(first, after, last, before)
        counted = asks_total(info)
        found = await info.context.read(lambda session: queries.sources(session, window=page, counted=counted))
        return await connection(found, Source.from_row)

    @strawberry.field(description="The publishers of the stored documents, with their reliability.")
    async def publishers(self, info: Info) -> list[Publisher]:
        return [Publisher(name=name) for name in await info.context.read(queries.publishers)]

    @strawberry.field(description="Companies, by default in the order they were first stored.")
    async def companies(self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None,
                        filter: EntityFilterArgument = None, order_by: EntityOrderArgument = None) -> Connection[Company]:
        return await _entities(info, "COMPANY", window(first, after, last, before), filter, order_by)

    @strawberry.field(description="People, by default in the order they were first stored.")
    async def people(self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None,
                     filter: EntityFilterArgument = None, order_by: EntityOrderArgument = None) -> Connection[Person]:
        return await _entities(info, "PERSON", window(first, after, last, before), filter, order_by)

    @strawberry.field(description="Vehicles, by default in the order they were first stored.")
    async def vehicles(self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None,
                       filter: EntityFilterArgument = None, order_by: EntityOrderArgument = None) -> Connection[Vehicle]:
        return await _entities(info, "VEHICLE", window(first, after, last, before), filter, order_by)

    @strawberry.field(description="Deals, by default in the order they were first stored.")
    async def deals(self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None,
                    filter: Annotated[DealFilter | None, strawberry.argument(description="Only those matching it.")] = None,
                    order_by: Annotated[DealOrder | None, strawberry.argument(description="The order; by default first stored.")] = None,
                    ) -> Connection[Deal]:
        page = window(first, after, last, before)
        criteria = filter.criteria() if filter else queries.DealCriteria()
        order = order_by.order() if order_by else queries.READING_ORDER
        counted = asks_total(info)
        found = await info.context.read(lambda session: queries.deals(session, criteria=criteria, window=page, order=order,
                                                                     counted=counted))
        return await connection(found, Deal.from_row)

    @strawberry.field(description=f"The claims matching the filter, with their documents, as W3C PROV-O JSON-LD (README, "
                                  f"Export); at most {export.MAX_EXPORT_CLAIMS:,} claims.")
    async def provenance(self, info: Info, filter: ClaimFilterArgument = None) -> JSON:
        return JSON(await _export(info, filter, export.provenance))

    @strawberry.field(description="The reviewed claims matching the filter as schema.org ClaimReview JSON-LD: each claim's "
                                  "newest review.")
    async def claim_reviews(self, info: Info, filter: ClaimFilterArgument = None) -> JSON:
        return JSON(await _export(info, filter, export.claim_reviews))


@strawberry.input(description="An article to ingest: UTF-8 text (or an HTML page) and what is known of it.")
class IngestDocumentInput:
    text: str = strawberry.field(description="The article (README, What an article may be).")
    title: str | None = strawberry.field(default=None, description="Its headline; an HTML page's <title> when not given.")
    publisher: str | None = strawberry.field(default=None, description="Who published it (\"Reuters\"); control characters are dropped.")
    url: str | None = strawberry.field(default=None, description="Where it was published.")
    published_at: dt.date | None = strawberry.field(default=None, description="When: relative dates (\"last month\") resolve against it.")


@strawberry.type(description="What `ingestDocument` stored, or found stored already.")
class IngestDocumentPayload:
    document: Document = strawberry.field(description="The document, new or the one stored before with the same text.")
    created: bool = strawberry.field(description="False when the same text was ingested before: nothing was stored twice.")


MAX_NOTE = 2000


@strawberry.input(description="Give exactly one of `sourceId` and `publisher`.")
class SetReliabilityInput:
    source_id: strawberry.ID | None = strawberry.field(default=None, description="The id of the Source to rate.")
    publisher: str | None = strawberry.field(default=None, description="Or the name of the publisher to rate.")
    reliability: float | None = strawberry.field(description="0..1; null returns to the default.")
    note: str = strawberry.field(description="Why: it is shown with the reliability.")
    set_by: str = strawberry.field(description="Who sets it.")


@strawberry.type(description="What `setReliability` set.")
class SetReliabilityPayload:
    reliability: Reliability = strawberry.field(description="The reliability now in force.")
    rescored_claims: int = strawberry.field(description="How many claims' confidence was recomputed.")


@strawberry.type(description="What can be written; every mutation needs the API token (`Authorization: Bearer <token>`).")
class Mutation:
    @strawberry.mutation(description="Extracts an article's claims and facts and stores them; idempotent on the text. Needs the API token.")
    async def ingest_document(self, info: Info, input: Annotated[IngestDocumentInput, strawberry.argument(description="The article.")],
                              ) -> IngestDocumentPayload:
        if info.context.write_refusal is not None:
            raise GraphQLError(info.context.write_refusal, extensions={"code": "UNAUTHENTICATED"})
        request = IngestRequest(text=input.text, title=input.title, publisher=input.publisher, url=input.url,
                                published_at=input.published_at)
        try:
            document, created = await info.context.ingest(request)
        except ValueError as error:
            raise GraphQLError(str(error), extensions={"code": "BAD_ARTICLE"}) from None
        return IngestDocumentPayload(document=Document.from_row(document), created=created)

    @strawberry.mutation(description="A fact-checker's reliability for a source or a publisher, with a note. Needs the API token.")
    async def set_reliability(self, info: Info, input: Annotated[SetReliabilityInput, strawberry.argument(description="Whose, how much, why.")],
                              ) -> SetReliabilityPayload:
        if info.context.write_refusal is not None:
            raise GraphQLError(info.context.write_refusal, extensions={"code": "UNAUTHENTICATED"})
        if (input.source_id is None) == (input.publisher is None):
            raise GraphQLError("Give exactly one of `sourceId` and `publisher`.", extensions={"code": "BAD_INPUT"})
        if input.reliability is not None and not 0.0 <= input.reliability <= 1.0:
            raise GraphQLError(f"`reliability` is {input.reliability}: it must be between 0 and 1, or null for the default.",
                               extensions={"code": "BAD_INPUT"})
        for name, value in (("publisher", input.publisher), ("note", input.note), ("setBy", input.set_by)):
            problem = unstorable(name, value)
            if problem:
                raise GraphQLError(problem, extensions={"code": "BAD_INPUT"})
        if not input.note.strip() or len(input.note) > MAX_NOTE or not input.set_by.strip():
            raise GraphQLError(f"`note` (1 to {MAX_NOTE} characters) and `setBy` must say why and who.", extensions={"code": "BAD_INPUT"})
        if input.source_id is not None:
            type_name, pk = parse_global_id(input.source_id)
            if type_name != "Source":
                raise GraphQLError(f"`sourceId` takes the id of a Source, not of a {type_name}.", extensions={"code": "BAD_INPUT"})
            voucher: db_confidence.Voucher = ("source", str(pk))
        else:
            voucher = ("publisher", clean_name(input.publisher) or "")  # as ingest stores publishers' names
        def override() -> tuple[int, db_confidence.Reliability]:
            # A write like a document's, in turn with them: rescoring reads what they store, and they read the
            # reliabilities it sets. In a worker thread, since the turn may have to wait.
            with info.context.database.writing() as session:
                count = db_confidence.override_reliability(session, voucher, reliability=input.reliability,
                                                           note=input.note.strip(), set_by=input.set_by.strip())
                return count, db_confidence.reliabilities(session, [voucher])[voucher]

        try:
            count, found = await anyio.to_thread.run_sync(override)
        except db_confidence.UnknownSubject as error:
            raise GraphQLError(str(error), extensions={"code": "NOT_FOUND"}) from None
        return SetReliabilityPayload(reliability=Reliability.of(found), rescored_claims=count)

    review_claim: ReviewClaimPayload = strawberry.mutation(
        resolver=review_claim,
        description="Appends a fact-checker's review to a claim (earlier reviews stay, as its history). Needs the API token.")


def build_schema(limits: QueryLimits, *,
                 execution_context_class: type[StrawberryGraphQLCoreExecutionContext] = ExecutionContext) -> strawberry.Schema:
    schema = FactgraphSchema(query=Query, mutation=Mutation, subscription=Subscription,
                           types=[Company, Person, Vehicle, Deal, Claim, Document, Source, Review],
                           execution_context_class=execution_context_class,
                           extensions=[*limit_extensions(limits), *cache_extensions(QueryCache(limits.query_cache_bytes))],
                           config=StrawberryConfig(batching_config={"max_operations": limits.max_batch_operations}))
    schema.suggestions = limits.suggestions
    return schema
