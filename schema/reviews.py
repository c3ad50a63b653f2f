"""Fact-checkers' reviews of claims: the Review type, its rating scale and the `reviewClaim` mutation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import anyio.to_thread
import strawberry
from graphql import GraphQLError

from ..db import models as m
from ..db import reviews
from .claims import Claim, Info, claim_by_id
from .relay import Node, global_id, parse_global_id

ReviewRating = strawberry.enum(
    reviews.ReviewRating,
    description=(
        "A verdict on schema.org ClaimReview's 1..5 scale (reviewRating.ratingValue; worstRating 1, bestRating 5; "
        "the name is its alternateName): FALSE 1, MOSTLY_FALSE 2, MIXED 3, MOSTLY_TRUE 4, TRUE 5."
    ),
)


@strawberry.type(description="A fact-checker's verdict on a claim. Reviews are appended, never changed: a claim's reviews are its history.")
class Review(Node):
    row: strawberry.Private[m.Review]
    rating: ReviewRating = strawberry.field(description="The verdict.")  # type: ignore[valid-type]
    rating_value: int = strawberry.field(description="The rating as schema.org's ratingValue, 1 (FALSE) to 5 (TRUE).")
    reviewer: str = strawberry.field(description="Who reviewed, as they named themselves.")
    note: str = strawberry.field(description="Why: the reviewer's reasons, as written.")
    created_at: dt.datetime = strawberry.field(description="When the review was recorded (UTC).")

    @classmethod
    def from_row(cls, row: m.Review) -> Review:
        assert row.id is not None
        created_at = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)  # SQLite keeps no zone
        return cls(id=global_id("Review", row.id), row=row, rating=reviews.ReviewRating(row.rating), rating_value=row.rating,
                   reviewer=row.reviewer, note=row.note, created_at=created_at)

    @strawberry.field(description="The claim reviewed.")
    async def claim(self, info: Info) -> Claim:
        claim = await claim_by_id(info, self.row.claim_id)
        assert claim is not None
        return claim


@strawberry.input(description="A verdict on a claim.")
class ReviewClaimInput:
    claim_id: strawberry.ID = strawberry.field(description="The id of the Claim reviewed.")
    rating: ReviewRating = strawberry.field(description="The verdict.")  # type: ignore[valid-type]
    reviewer: str = strawberry.field(
        description=f"The name of the person reviewing (the API token is shared); at most {reviews.MAX_REVIEWER_CHARACTERS} characters.")
    note: str = strawberry.field(default="", description=f"Why: at most {reviews.MAX_NOTE_CHARACTERS:,} characters.")


@strawberry.type(description="What `reviewClaim` recorded.")
class ReviewClaimPayload:
    review: Review = strawberry.field(description="The new review.")
    claim: Claim = strawberry.field(description="The claim, with its reviews now including this one.")


async def review_claim(info: Info, input: Annotated[ReviewClaimInput, strawberry.argument(description="The verdict.")]) -> ReviewClaimPayload:
    if info.context.write_refusal is not None:
        raise GraphQLError(info.context.write_refusal, extensions={"code": "UNAUTHENTICATED"})
    type_name, pk = parse_global_id(input.claim_id)
    if type_name != "Claim":
        raise GraphQLError(f"`claimId` takes the id of a Claim, not of a {type_name}: {input.claim_id!r}.",
                           extensions={"code": "BAD_REVIEW"})
    def add() -> m.Review:
        with info.context.database.session() as session:
            return reviews.add_review(session, claim_id=pk, rating=reviews.ReviewRating(input.rating),
                                      reviewer=input.reviewer, note=input.note)

    try:
        row = await anyio.to_thread.run_sync(add)
    except reviews.ClaimNotFound:
        raise GraphQLError(f"There is no claim with the id {input.claim_id!r}: use the `id` of a Claim returned by this API.",
                           extensions={"code": "NOT_FOUND"}) from None
    except reviews.ReviewRefused as error:
        raise GraphQLError(str(error), extensions={"code": "BAD_REVIEW"}) from None
    claim = await claim_by_id(info, row.claim_id)
    assert claim is not None
    return ReviewClaimPayload(review=Review.from_row(row), claim=claim)
