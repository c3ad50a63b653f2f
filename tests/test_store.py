"""The write path on its own, for cases the extractor makes rarely but real news does make."""

from __future__ import annotations

from sqlmodel import select

from factgraph.db import models as m
from factgraph.db.engine import Database
from factgraph.db.store import DocumentMeta, store
from factgraph.extract.model import (AttributionStatus, Claim, Deal, DealEvent, DealKind, DealStatus, Entity, EntityKind,
                                     Extraction)
from factgraph.extract.spans import Span


def test_two_companies_of_an_article_that_are_one_stored_company(database_url: str) -> None:
    # Found by the Reuters-21578 robustness run: two entities of one article ("Acme Corp" named twice in
    # forms the article does not join) resolve to one stored company, and both are parties to a deal.
    text = "Acme Corp agreed to buy Beta Inc. ACME CORP said the deal was agreed."
    sentence = Span.of(text, 0, text.index(".") + 1)
    extraction = Extraction(
        text=text,
        claims=[Claim(sentence, AttributionStatus.UNATTRIBUTED)],
        entities=[Entity("a", EntityKind.COMPANY, "Acme Corp"), Entity("b", EntityKind.COMPANY, "ACME CORP"),
                  Entity("c", EntityKind.COMPANY, "Beta Inc")],
        mentions=[], roles=[], prices=[],
        deals=[Deal(DealKind.ACQUISITION, DealStatus.AGREED, ["a", "b", "c"], events=[DealEvent(DealStatus.AGREED, None, 0)],
                    evidence=[0])],
    )
    database = Database(database_url)
    database.ensure_schema()
    try:
        with database.session() as session:
            document, created = store(session, extraction, DocumentMeta(publisher="Reuters"))
        assert created
        with database.session() as session:
            parties = session.exec(select(m.DealParty)).all()
            assert sorted(p.company_id for p in parties) == sorted({p.company_id for p in parties})
            assert len(parties) == 2
    finally:
        database.dispose()


def test_two_deals_of_one_article_between_the_same_companies_stay_two(database_url: str) -> None:
    # "Korvan signed a supply agreement with Tessel. The two groups also signed a memorandum to study a joint
    # plant": the extraction told the deals apart, and the store must not join them as one deal of the family.
    text = "Korvan agreed to supply Tessel. The two also signed a memorandum of understanding."
    first = Span.of(text, 0, text.index(".") + 1)
    second = Span.of(text, first.end + 1, len(text))
    extraction = Extraction(
        text=text,
        claims=[Claim(first, AttributionStatus.UNATTRIBUTED), Claim(second, AttributionStatus.UNATTRIBUTED)],
        entities=[Entity("a", EntityKind.COMPANY, "Korvan"), Entity("b", EntityKind.COMPANY, "Tessel")],
        mentions=[], roles=[], prices=[],
        deals=[Deal(DealKind.SUPPLY, DealStatus.AGREED, ["a", "b"], events=[DealEvent(DealStatus.AGREED, None, 0)], evidence=[0]),
               Deal(DealKind.PARTNERSHIP, DealStatus.MOU_SIGNED, ["a", "b"], events=[DealEvent(DealStatus.MOU_SIGNED, None, 1)],
                    evidence=[1])],
    )
    database = Database(database_url)
    database.ensure_schema()
    try:
        with database.session() as session:
            store(session, extraction, DocumentMeta(publisher="Reuters"))
        with database.session() as session:
            deals = session.exec(select(m.Deal).order_by(m.Deal.id)).all()
            assert [(d.kind, d.status) for d in deals] == [("SUPPLY", "AGREED"), ("PARTNERSHIP", "MOU_SIGNED")]
    finally:
        database.dispose()
