"""Fact-checkers' reviews of claims: the rating scale and the one write. Reviews are appended, never changed,
so a claim's reviews are its history; reads are in `queries.reviews`.

The scale is schema.org ClaimReview's `reviewRating`: `ratingValue` 1 (worst) to 5 (best), with the
member name as its `alternateName`.
"""

from __future__ import annotations

import enum

from sqlmodel import Session

from . import models as m
from .text import unstorable

WORST_RATING = 1
BEST_RATING = 5
MAX_NOTE_CHARACTERS = 5_000
MAX_REVIEWER_CHARACTERS = 200


class ReviewRating(enum.IntEnum):
    """How true a claim is, as its ratingValue on schema.org's 1..5 scale."""

    FALSE = 1
    MOSTLY_FALSE = 2
    MIXED = 3
    MOSTLY_TRUE = 4
    TRUE = 5


class ReviewRefused(ValueError):
    """The review cannot be stored as given; the message names the bad value and how to fix it."""


class ClaimNotFound(ReviewRefused):
    """The review names a claim that does not exist."""


def add_review(session: Session, *, claim_id: int, rating: ReviewRating, reviewer: str, note: str = "") -> m.Review:
    """Appends a review of the claim and returns it; raises ReviewRefused, storing nothing, on a bad input."""
    for name, value in (("reviewer", reviewer), ("note", note)):
        problem = unstorable(name, value)
        if problem:
            raise ReviewRefused(problem)
    reviewer = reviewer.strip()
    note = note.strip()
    if not reviewer:
        raise ReviewRefused("`reviewer` is empty: give the name of the person reviewing, e.g. \"Jane Doe\".")
    if len(reviewer) > MAX_REVIEWER_CHARACTERS:
        raise ReviewRefused(f"`reviewer` is {len(reviewer):,} characters long, more than the limit of "
                            f"{MAX_REVIEWER_CHARACTERS}: give a name, not a text.")
    if len(note) > MAX_NOTE_CHARACTERS:
        raise ReviewRefused(f"`note` is {len(note):,} characters long, more than the limit of {MAX_NOTE_CHARACTERS:,}: "
                            "shorten it, or link to a longer write-up.")
    if session.get(m.Claim, claim_id) is None:
        raise ClaimNotFound(f"There is no claim {claim_id}.")  # the schema layer names the id the client gave
    review = m.Review(claim_id=claim_id, rating=int(ReviewRating(rating)), reviewer=reviewer, note=note)
    session.add(review)
    session.flush()
    return review
