"""The plain values extraction produces: what an article says, every piece anchored by a Span.

Entities are referred to by a `key` that is unique within one Extraction ("company:0"); claims by their
index in `Extraction.claims`. Nothing here knows of a database or of GraphQL.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from .spans import Span


class AttributionStatus(enum.StrEnum):
    CONFIRMED = "CONFIRMED"
    ANONYMOUS_SOURCE = "ANONYMOUS_SOURCE"
    UNATTRIBUTED = "UNATTRIBUTED"
    DECLINED_TO_COMMENT = "DECLINED_TO_COMMENT"
    NO_RESPONSE = "NO_RESPONSE"
    DENIED = "DENIED"


RESPONSE_STATUSES = frozenset(
    {AttributionStatus.DECLINED_TO_COMMENT, AttributionStatus.NO_RESPONSE, AttributionStatus.DENIED}
)


class SourceKind(enum.StrEnum):
    PERSON = "PERSON"
    ORGANIZATION = "ORGANIZATION"
    ANONYMOUS = "ANONYMOUS"
    DOCUMENT = "DOCUMENT"  # a report, poll, study, lawsuit or ruling whose maker the text does not name: on the record
    PUBLISHER = "PUBLISHER"  # the publication itself: it vouches for its own reporting (claims with no source)


class EntityKind(enum.StrEnum):
    COMPANY = "COMPANY"
    PERSON = "PERSON"
    VEHICLE = "VEHICLE"


class DealKind(enum.StrEnum):
    ACQUISITION = "ACQUISITION"
    MERGER = "MERGER"
    EQUITY_STAKE = "EQUITY_STAKE"
    JOINT_VENTURE = "JOINT_VENTURE"
    LICENSING = "LICENSING"
    SUPPLY = "SUPPLY"
    PARTNERSHIP = "PARTNERSHIP"


class DealStatus(enum.StrEnum):
    RUMORED = "RUMORED"
    IN_TALKS = "IN_TALKS"
    MOU_SIGNED = "MOU_SIGNED"
    AGREED = "AGREED"
    COMPLETED = "COMPLETED"
    TERMINATED = "TERMINATED"


# Kinds that name the same deal in different words: a licence, a supply deal and a partnership; an acquisition
# and a merger.
DEAL_FAMILIES = {DealKind.LICENSING: "cooperation", DealKind.SUPPLY: "cooperation", DealKind.PARTNERSHIP: "cooperation",
                 DealKind.ACQUISITION: "control", DealKind.MERGER: "control"}


def deal_family(kind: DealKind) -> str:
    """The family of a deal's kind: two deals between the same parties in one family are one deal."""
    return DEAL_FAMILIES.get(kind, kind.value)


# How far along each status is; a later event of equal date and higher rank wins.
DEAL_STATUS_RANK = {status: rank for rank, status in enumerate(DealStatus)}


@dataclass(frozen=True, slots=True)
class Source:
    """Who a claim is attributed to. `entity` is the key of the person or company, when there is one."""

    name: str
    kind: SourceKind
    entity: str | None = None


@dataclass(slots=True)
class Claim:
    span: Span
    status: AttributionStatus
    source: Source | None = None
    cue: Span | None = None
    hedged: bool = False
    confidence: float = 0.0
    # Other named sources in the article that back the same deal: independent origins that corroborate it.
    corroborations: int = 0
    # For a response: the indices of the earlier claims it answers.
    concerns: tuple[int, ...] = ()
    # The names of the rules that decided its status and source, " > " between them (extract/rules.py).
    rule: str = ""


@dataclass(slots=True)
class Entity:
    key: str
    kind: EntityKind
    name: str
    aliases: set[str] = field(default_factory=set)
    maker: str | None = None  # vehicles: the key of the company that makes it


@dataclass(frozen=True, slots=True)
class Mention:
    entity: str
    span: Span
    inferred: bool = False  # a coreference ("the company", "it"), not a name the text gives


@dataclass(frozen=True, slots=True)
class Role:
    person: str
    title: str
    organization: str | None
    current: bool
    claim: int | None
    inferred: bool = False  # the organisation is the one in focus, not named beside the title


@dataclass(frozen=True, slots=True)
class Money:
    amount: float
    currency: str  # ISO 4217


@dataclass(frozen=True, slots=True)
class Price:
    vehicle: str
    amount: float
    currency: str
    usd_amount: float | None
    variant: str | None
    claim: int


@dataclass(frozen=True, slots=True)
class DealEvent:
    status: DealStatus
    date: str | None  # ISO 8601 at the precision the text gives: "2025", "2025-03", "2025-03-12"
    claim: int
    date_inferred: bool = False  # resolved against the publication date ("last month", "March" with no year)


class FigureKind(enum.StrEnum):
    STAKE = "STAKE"  # percent
    VALUE = "VALUE"  # money


@dataclass(frozen=True, slots=True)
class DealFigure:
    """A figure one claim gives for a deal; claims may disagree, so each keeps its own."""

    kind: FigureKind
    amount: float
    currency: str | None  # None for a stake
    claim: int


@dataclass(slots=True)
class Deal:
    kind: DealKind
    status: DealStatus
    parties: list[str]
    stake_percent: float | None = None
    value: Money | None = None
    events: list[DealEvent] = field(default_factory=list)
    evidence: list[int] = field(default_factory=list)
    figures: list[DealFigure] = field(default_factory=list)
    inferred_parties: set[str] = field(default_factory=set)  # named only by coreference in the evidence
    confidence: float = 0.0


@dataclass(slots=True)
class Extraction:
    text: str
    claims: list[Claim]
    entities: list[Entity]
    mentions: list[Mention]
    roles: list[Role]
    prices: list[Price]
    deals: list[Deal]
    # Text that is about the article rather than in it: dateline, bylines and credits.
    metadata: list[Span] = field(default_factory=list)
    publisher: str | None = None
    extractor_version: str = ""
