"""Documents and their claims, with spans, attribution and the responses that answer them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from ..db import confidence as db_confidence
from ..db import models as m
from ..db import queries
from ..db.text import unstorable
from ..extract import model
from .context import Context
from .loaders import load_all
from .relay import (
    MAX_PAGE,
    After,
    Before,
    Connection,
    First,
    Last,
    Node,
    asks_total,
    connection,
    global_id,
    parse_global_id,
    window,
)

if TYPE_CHECKING:
    from .deals import Deal
    from .entities import Entity, EntityMention
    from .reviews import Review

AttributionStatus = strawberry.enum(model.AttributionStatus, description="How a claim is attributed.")
SourceKind = strawberry.enum(model.SourceKind, description="What kind of source a claim is attributed to.")
Info = strawberry.Info[Context, None]
FORMULA = ("reliability of who vouches x 0.8 if hedged x the strongest response factor (denied 0.6, declined 0.95)"
           " + 0.05 per corroborating origin - 0.10 per contradicting origin, clamped to 0.01..0.99")


@strawberry.enum(description="Whether the article said it outright or the extractor worked it out.")
class Basis(enum.Enum):
    ASSERTED = "ASSERTED"
    INFERRED = "INFERRED"


@strawberry.type(description="Where a claim stands in its document: code-point offsets, end exclusive.")
class Span:
    start: int = strawberry.field(description="The first code point (a Python `str` index into `Document.text`).")
    end: int = strawberry.field(description="One past the last code point.")
    text: str = strawberry.field(description="Always document.text[start:end].")


@strawberry.type(description="A fact-checker's reliability for a source or publisher, with the note that says why.")
class ReliabilityOverride:
    reliability: float | None = strawberry.field(description="Null: back to the default.")
    note: str = strawberry.field(description="Why, as the fact-checker wrote it.")
    set_by: str = strawberry.field(description="Who set it.")
    created_at: dt.datetime = strawberry.field(description="When it was set (UTC).")


@strawberry.type(description="How far a source is trusted, 0..1 (README, \"Source reliability\").")
class Reliability:
    value: float = strawberry.field(description="0..1: the reliability in force (the override's, else the default less the penalties).")
    default: float = strawberry.field(description="From the kind: named person 0.9, organisation 0.85, publisher 0.8, anonymous 0.6.")
    denied_or_outvoted: int = strawberry.field(
        description="The named source's claims that a party denied or more origins contradicted than corroborated: each costs 10%.")
    override: ReliabilityOverride | None = strawberry.field(description="A fact-checker's setting, the newest; null when none.")

    @classmethod
    def of(cls, found: db_confidence.Reliability) -> Reliability:
        o = found.override
        override = ReliabilityOverride(reliability=o.reliability, note=o.note, set_by=o.set_by, created_at=o.created_at) if o else None
        return cls(value=found.value, default=found.default, denied_or_outvoted=found.denied_or_outvoted, override=override)


@strawberry.type(description="Who a claim is attributed to: a person, an organisation, a document or an anonymous source.")
class Source(Node):
    row: strawberry.Private[m.Source]
    name: str = strawberry.field(description="The canonical name (\"Zhu Jiangming\"), or a description for an anonymous source.")
    kind: SourceKind = strawberry.field(description="PERSON, ORGANIZATION, DOCUMENT or ANONYMOUS.")  # type: ignore[valid-type]

    @classmethod
    def from_row(cls, row: m.Source) -> Source:
        assert row.id is not None
        return cls(id=global_id("Source", row.id), row=row, name=row.name, kind=model.SourceKind(row.kind))

    @strawberry.field(description="How far the source is trusted, with any fact-checker's override.")
    async def reliability(self, info: Info) -> Reliability:
        found = await info.context.loaders.reliability.load(("source", str(self.row.id)))
        assert found is not None
        return Reliability.of(found)


@strawberry.type(description="A publication: it vouches for its own reporting and for the responses it reports.")
class Publisher:
    name: str = strawberry.field(description="As the documents give it.")

    @strawberry.field(description="How far the publisher is trusted, with any fact-checker's override.")
    async def reliability(self, info: Info) -> Reliability:
        found = await info.context.loaders.reliability.load(("publisher", self.name))
        assert found is not None
        return Reliability.of(found)


@strawberry.type(description="One step of the confidence formula: the value so far times `multiply`, plus `add`.")
class ConfidenceFactor:
    name: str = strawberry.field(description="reliability, hedged, response, corroboration or contradiction.")
    detail: str = strawberry.field(description="What the factor stands for here (\"denied by Kestrel Wind\").")
    multiply: float = strawberry.field(description="The value so far is multiplied by this (1: no change).")
    add: float = strawberry.field(description="Then this is added (0: no change).")


@strawberry.type(description="Why a claim has its confidence: the formula and its factors, in the order they apply.")
class ConfidenceExplanation:
    value: float = strawberry.field(description="The confidence the factors come to, clamped to 0.01..0.99.")
    formula: str = strawberry.field(description="The formula in words (README, Confidence).")
    factors: list[ConfidenceFactor] = strawberry.field(description="Its steps, in order.")


@strawberry.type(description="Who says a claim and how: its status, its source and the words that attribute it.")
class Attribution:
    status: AttributionStatus = strawberry.field(description="On the record, anonymous, the publisher's own, or a response.")  # type: ignore[valid-type]
    source: Source | None = strawberry.field(description="Who says it; null when UNATTRIBUTED (the publisher's own reporting).")
    cue: Span | None = strawberry.field(description="The words that attribute the claim, e.g. \"Zhu said\".")
    rule: str = strawberry.field(description=(
        "The named extraction rules that decided the status and source, \" > \" between them: how the cue was found, "
        "how the speaker's words were read, who they name (\"speech-verb > named-entity\", \"quote-continues > "
        "personal-pronoun\", \"no-cue\" for the publisher's own reporting). README, How attribution is decided."))


MAX_SEARCH = 200


@strawberry.input(description="Claims matching every field given.")
class ClaimFilter:
    status: list[AttributionStatus] | None = strawberry.field(default=None, description="Any of these.")  # type: ignore[valid-type]
    min_confidence: float | None = strawberry.field(default=None, description="0..1: claims at least this confident.")
    document_id: strawberry.ID | None = strawberry.field(default=None, description="The id of a Document: its claims only.")
    mentions: strawberry.ID | None = strawberry.field(
        default=None, description="Any node: claims that name a Company, Person or Vehicle, back a Deal, come from a Source or stand in a Document.")
    min_source_reliability: float | None = strawberry.field(
        default=None, description="The reliability of who vouches for the claim: its source, or the publisher for its own reporting.")
    source_kind: list[SourceKind] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="Any of these; PUBLISHER: claims with no source (the publisher's own reporting).")
    source_name: str | None = strawberry.field(default=None, description="A part of the source's name, any case.")
    publisher: str | None = strawberry.field(default=None, description="The publisher's name, any case.")
    published_after: dt.date | None = strawberry.field(default=None, description="Inclusive.")
    published_before: dt.date | None = strawberry.field(default=None, description="Inclusive.")
    corroborated: bool | None = strawberry.field(default=None, description="true: only claims another origin corroborates; false: only the others.")
    contradicted: bool | None = strawberry.field(default=None, description="true: only contradicted claims; false: only the others.")
    text: str | None = strawberry.field(
        default=None, description="Full-text search of the claim's words (SQLite FTS5 or PostgreSQL text search): every word, any form.")

    def criteria(self, *, document_id: int | None = None) -> queries.ClaimCriteria:
        entity_id = deal_id = source_id = None
        document_ids = [self.document_id] if self.document_id else []
        if self.mentions:
            type_name, pk = parse_global_id(self.mentions)
            if type_name == "Deal":
                deal_id = pk
            elif type_name in {"Company", "Person", "Vehicle"}:
                entity_id = pk
            elif type_name == "Source":
                source_id = pk  # the claims it made
            elif type_name == "Document":
                document_ids.append(self.mentions)
            else:
                raise ValueError(f"`mentions` takes the id of a Company, Person, Vehicle, Deal, Source or Document, not of a {type_name}.")
        for given in document_ids:
            type_name, pk = parse_global_id(given)
            if type_name != "Document":
                raise ValueError(f"`documentId` takes the id of a Document, not of a {type_name}.")
            if document_id is not None and pk != document_id:
                pk = -1  # a filter for another document than this one matches nothing
            document_id = pk
        for name, bound in (("minConfidence", self.min_confidence), ("minSourceReliability", self.min_source_reliability)):
            if bound is not None and not 0.0 <= bound <= 1.0:
                raise ValueError(f"`{name}` is {bound}: it must be between 0 and 1.")
        if self.published_after and self.published_before and self.published_after > self.published_before:
            raise ValueError(f"`publishedAfter` ({self.published_after}) is later than `publishedBefore` ({self.published_before}).")
        for name, value in (("sourceName", self.source_name), ("publisher", self.publisher), ("text", self.text)):
            problem = unstorable(name, value)
            if problem:
                raise ValueError(problem)
        if self.text is not None and (len(self.text) > MAX_SEARCH or not self.text.strip()):
            raise ValueError(f"`text` must have 1 to {MAX_SEARCH} characters, got {len(self.text.strip())}.")
        return queries.ClaimCriteria(
            statuses=tuple(s.value for s in self.status) if self.status else None,
            min_confidence=self.min_confidence,
            document_id=document_id,
            entity_id=entity_id,
            deal_id=deal_id,
            source_id=source_id,
            min_source_reliability=self.min_source_reliability,
            source_kinds=tuple(k.value for k in self.source_kind) if self.source_kind else None,
            source_name=self.source_name or None,
            publisher=self.publisher or None,
            published_after=self.published_after,
            published_before=self.published_before,
            corroborated=self.corroborated,
            contradicted=self.contradicted,
            text=self.text,
        )


@strawberry.enum(description="What claims can be sorted by.")
class ClaimOrderField(enum.Enum):
    READING_ORDER = strawberry.enum_value("ID", description="The order they were stored in: each document's in reading order.")
    CONFIDENCE = strawberry.enum_value("CONFIDENCE", description="`confidence`.")
    PUBLISHED_AT = strawberry.enum_value("PUBLISHED_AT", description="Their document's `publishedAt` (undated ones first).")


@strawberry.enum(description="Which way a list is sorted.")
class OrderDirection(enum.Enum):
    ASC = strawberry.enum_value("ASC", description="Smallest, earliest or first in the alphabet first.")
    DESC = strawberry.enum_value("DESC", description="Largest, latest or last in the alphabet first.")


def sort_order(field: enum.Enum, direction: OrderDirection) -> queries.Order:
    return queries.Order(key=field.value, descending=direction == OrderDirection.DESC)


@strawberry.input(description="The order of claims; ties go in reading order.")
class ClaimOrder:
    field: ClaimOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="ASC (the default) or DESC.")

    def order(self) -> queries.Order:
        return sort_order(self.field, self.direction)


@strawberry.input(description="Documents matching every field given.")
class DocumentFilter:
    publisher: str | None = strawberry.field(default=None, description="The publisher's name, any case.")
    published_after: dt.date | None = strawberry.field(default=None, description="Published on or after this day.")
    published_before: dt.date | None = strawberry.field(default=None, description="Published on or before this day.")
    text: str | None = strawberry.field(
        default=None, description="Full-text search: documents with a claim that has every word, in any form (as ClaimFilter.text).")

    def criteria(self) -> queries.DocumentCriteria:
        if self.published_after and self.published_before and self.published_after > self.published_before:
            raise _bad_filter(f"`publishedAfter` ({self.published_after}) is later than `publishedBefore` ({self.published_before}).")
        for name, value in (("publisher", self.publisher), ("text", self.text)):
            problem = unstorable(name, value)
            if problem:
                raise _bad_filter(problem)
        if self.text is not None and (len(self.text) > MAX_SEARCH or not self.text.strip()):
            raise _bad_filter(f"`text` must have 1 to {MAX_SEARCH} characters, got {len(self.text.strip())}.")
        return queries.DocumentCriteria(publisher=self.publisher or None, published_after=self.published_after,
                                        published_before=self.published_before, text=self.text)


def _bad_filter(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_FILTER"})


@strawberry.enum(description="What documents can be sorted by.")
class DocumentOrderField(enum.Enum):
    INGESTED_AT = strawberry.enum_value("ID", description="When they were ingested (the default).")
    PUBLISHED_AT = strawberry.enum_value("PUBLISHED_AT", description="`publishedAt`; undated documents count as earliest.")


@strawberry.input(description="The order of documents; ties go by ingestion.")
class DocumentOrder:
    field: DocumentOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="ASC (the default) or DESC.")

    def order(self) -> queries.Order:
        return sort_order(self.field, self.direction)


def claim_criteria(filter: ClaimFilter | None, *, document_id: int | None = None) -> queries.ClaimCriteria:
    return filter.criteria(document_id=document_id) if filter else queries.ClaimCriteria(document_id=document_id)


async def claims_page(info: Info, criteria: queries.ClaimCriteria, page: queries.Window,
                      order: queries.Order = queries.READING_ORDER) -> Connection[Claim]:
    counted = asks_total(info)
    found = await info.context.read(
        lambda session: queries.claims(session, criteria=criteria, window=page, order=order, counted=counted))
    return await claim_connection(info, found)


async def claim_connection(info: Info, page: queries.Page[m.Claim]) -> Connection[Claim]:
    nodes = {node.row.id: node for node in await claim_nodes(info, page.rows)}
    return await connection(page, lambda row: nodes[row.id])


# A list field that has a connection beside it (`evidence`, `corroboratedBy`...) holds at most this many.
LIST_CAP = MAX_PAGE
LIST_WINDOW = queries.Window(LIST_CAP)


async def related_connection(info: Info, relation: str, owner_id: int, page: queries.Window) -> Connection[Claim]:
    """A page of the claims in `relation` to an owner (db/queries.py CLAIM_RELATIONS), batched across owners."""
    return await claim_connection(info, await info.context.loaders.claim_pages.load((relation, owner_id, page)))


async def related_list(info: Info, relation: str, owner_id: int) -> list[Claim]:
    """The first LIST_CAP claims in `relation` to an owner: the list field beside a connection."""
    return await claim_nodes(info, (await info.context.loaders.claim_pages.load((relation, owner_id, LIST_WINDOW))).rows)


async def claim_nodes(info: Info, rows: Sequence[m.Claim]) -> list[Claim]:
    """The claims with their documents and sources, read for the whole list in one batch each."""
    loaders = info.context.loaders
    for row in rows:
        loaders.claim.prime(row.id, row)  # type: ignore[arg-type]
    # Both loads are asked for before either is awaited, so they go out in the same batch round.
    documents = loaders.document.load_many(sorted({row.document_id for row in rows}))
    sources = loaders.source.load_many(sorted({row.source_id for row in rows if row.source_id is not None}))
    by_id = {document.id: document for document in await documents if document is not None}
    source_by_id = {source.id: source for source in await sources if source is not None}
    return [Claim.of(row, by_id[row.document_id], source_by_id.get(row.source_id) if row.source_id is not None else None)
            for row in rows]


async def claim_by_id(info: Info, claim_id: int | None) -> Claim | None:
    if claim_id is None:
        return None
    row = await info.context.loaders.claim.load(claim_id)
    return (await claim_nodes(info, [row]))[0] if row else None


async def claims_by_ids(info: Info, claim_ids: list[int]) -> list[Claim]:
    return await claim_nodes(info, await load_all(info.context.loaders.claim, claim_ids))


@strawberry.type(description="An article as ingested: its text, which every span points into, and its metadata.")
class Document(Node):
    row: strawberry.Private[m.Document]
    text: str = strawberry.field(description="The stored text (an HTML page's converted text); spans count code points in it.")
    title: str | None = strawberry.field(description="As given at ingest, or an HTML page's <title>.")
    publisher: str | None = strawberry.field(description="As given at ingest.")
    url: str | None = strawberry.field(description="As given at ingest.")
    published_at: dt.date | None = strawberry.field(description="The publication date given at ingest; relative dates resolve against it.")
    ingested_at: dt.datetime = strawberry.field(description="When it was stored (UTC).")
    extractor_version: str = strawberry.field(description="The version of the rules that extracted its claims.")

    @classmethod
    def from_row(cls, row: m.Document) -> Document:
        assert row.id is not None
        return cls(id=global_id("Document", row.id), row=row, text=row.text, title=row.title, publisher=row.publisher,
                   url=row.url, published_at=row.published_at, ingested_at=row.ingested_at,
                   extractor_version=row.extractor_version)

    @strawberry.field(description="The document's claims in reading order.")
    async def claims(self, info: Info, first: First = None, after: After = None, last: Last = None, before: Before = None,
                     filter: Annotated[ClaimFilter | None, strawberry.argument(description="Only the claims matching it.")] = None,
                     ) -> Connection[Claim]:
        assert self.row.id is not None
        try:
            criteria = claim_criteria(filter, document_id=self.row.id)
        except ValueError as error:
            raise GraphQLError(str(error)) from None
        page = window(first, after, last, before)
        if criteria.document_id != self.row.id:
            found: queries.Page[m.Claim] = queries.Page([], False, 0)  # filtered to another document
        else:
            criteria = dataclasses.replace(criteria, document_id=None)
            found = await info.context.loaders.document_claims.load((self.row.id, criteria, page))
        return await claim_connection(info, found)

    @strawberry.field(description="The document and its claims as W3C PROV-O JSON-LD, each claim anchored by Web Annotation "
                                  "selectors (README, Export).")
    async def provenance(self, info: Info) -> JSON:
        assert self.row.id is not None
        return JSON(await info.context.loaders.provenance.load(self.row.id))


@strawberry.type(description="One statement of an article, with where it stands (its span), who says it and how far to trust it.")
class Claim(Node):
    row: strawberry.Private[m.Claim]
    document_row: strawberry.Private[m.Document]
    # The fields every reader asks for are plain values, filled in when the claim is made (`of`), with its
    # document and source read for a whole list at once (claim_nodes): graphql-core runs every awaitable field
    # as a task of its own and every field with a resolver through Strawberry's argument and extension
    # machinery, and those were most of the time of a page of claims.
    text: str = strawberry.field(description="The claim's words: `span.text`.")
    span: Span = strawberry.field(description="Where the claim stands in `document.text`.")
    document: Document = strawberry.field(description="The article it stands in.")
    attribution: Attribution = strawberry.field(description="Who says it and how.")
    confidence: float = strawberry.field(description="0..1: from the attribution, hedging, the responses and corroboration (README, Confidence).")
    origin: str = strawberry.field(description="Whose reliability the claim stands on: a named source, an anonymous source or the publisher.")
    hedged: bool = strawberry.field(description="Whether the claim is hedged (\"could\", \"plans to\", \"is considering\").")
    extractor_version: str = strawberry.field(description="The version of the rules that extracted it.")

    @classmethod
    def of(cls, row: m.Claim, document: m.Document, source: m.Source | None) -> Claim:
        assert row.id is not None
        cue = None
        if row.cue_start is not None and row.cue_end is not None:
            cue = Span(start=row.cue_start, end=row.cue_end, text=document.text[row.cue_start:row.cue_end])
        text = document.text[row.span_start:row.span_end]
        return cls(
            id=global_id("Claim", row.id), row=row, document_row=document, text=text,
            span=Span(start=row.span_start, end=row.span_end, text=text), document=Document.from_row(document),
            attribution=Attribution(status=model.AttributionStatus(row.status),
                                    source=Source.from_row(source) if source is not None else None, cue=cue,
                                    rule=row.rule),
            confidence=row.confidence, origin=row.origin, hedged=row.hedged, extractor_version=row.extractor_version,
        )

    @strawberry.field(description="The factors that make `confidence`, in the order the formula applies them.")
    async def confidence_explanation(self, info: Info) -> ConfidenceExplanation:
        assert self.row.id is not None
        factors = await info.context.loaders.explanations.load(self.row.id)
        return ConfidenceExplanation(
            value=self.row.confidence, formula=FORMULA,
            factors=[ConfidenceFactor(name=f.name, detail=f.detail, multiply=f.multiply, add=f.add) for f in factors],
        )

    async def _linked(self, loader: DataLoader[int, list[int]], info: Info) -> list[Claim]:
        assert self.row.id is not None
        return await claims_by_ids(info, await loader.load(self.row.id))

    @strawberry.field(description="The parties' responses to this claim (DECLINED_TO_COMMENT, NO_RESPONSE, DENIED).")
    async def responses(self, info: Info) -> list[Claim]:
        return await self._linked(info.context.loaders.responses, info)

    @strawberry.field(description=f"Claims in other documents, from other origins, asserting the same fact: the first {LIST_CAP} "
                                  "by id; `corroboratedByConnection` pages through them all.")
    async def corroborated_by(self, info: Info) -> list[Claim]:
        assert self.row.id is not None
        return await related_list(info, "corroborated_by", self.row.id)

    @strawberry.field(description="Claims in other documents, from other origins, asserting the same fact, by id, as a connection.")
    async def corroborated_by_connection(self, info: Info, first: First = None, after: After = None, last: Last = None,
                                         before: Before = None) -> Connection[Claim]:
        assert self.row.id is not None
        return await related_connection(info, "corroborated_by", self.row.id, window(first, after, last, before))

    @strawberry.field(description=f"Claims in other documents asserting the same fact with another value or status, or denying it: "
                                  f"the first {LIST_CAP} by id; `contradictedByConnection` pages through them all.")
    async def contradicted_by(self, info: Info) -> list[Claim]:
        assert self.row.id is not None
        return await related_list(info, "contradicted_by", self.row.id)

    @strawberry.field(description="Claims in other documents asserting the same fact with another value or status, or denying it, "
                                  "by id, as a connection.")
    async def contradicted_by_connection(self, info: Info, first: First = None, after: After = None, last: Last = None,
                                         before: Before = None) -> Connection[Claim]:
        assert self.row.id is not None
        return await related_connection(info, "contradicted_by", self.row.id, window(first, after, last, before))

    @strawberry.field(description="For a response: the claims it answers.")
    async def concerns(self, info: Info) -> list[Claim]:
        return await self._linked(info.context.loaders.concerns, info)

    @strawberry.field(description="The companies, people and vehicles the claim names, and the one that made it.")
    async def entities(self, info: Info) -> list[Annotated[Entity, strawberry.lazy(".entities")]]:
        from .entities import entity_node  # entities.py builds on this module

        assert self.row.id is not None
        keys = await info.context.loaders.claim_entities.load(self.row.id)
        return [entity_node(row) for row in await load_all(info.context.loaders.entity, keys)]

    @strawberry.field(description="Where the claim names each entity; INFERRED for a coreference (\"the company\", \"it\").")
    async def mentions(self, info: Info) -> list[Annotated[EntityMention, strawberry.lazy(".entities")]]:
        from .entities import EntityMention, entity_node

        assert self.row.id is not None
        rows = await info.context.loaders.claim_mentions.load(self.row.id)
        entities = {e.id: e for e in await load_all(info.context.loaders.entity, [r.entity_id for r in rows])}
        return [EntityMention(entity=entity_node(entities[r.entity_id]),
                              span=Span(start=r.span_start, end=r.span_end, text=self.document_row.text[r.span_start:r.span_end]),
                              basis=Basis.INFERRED if r.inferred else Basis.ASSERTED)
                for r in rows if r.entity_id in entities]

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
