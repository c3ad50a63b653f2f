"""Deals from the ways business news reports them; each case states the convention it rests on."""

from __future__ import annotations

import datetime as dt

import pytest

from factgraph.extract import Extractor

PUBLISHED = dt.date(2025, 4, 24)


def _deals(extractor: Extractor, text: str) -> list[tuple[str, str, set[str]]]:
    x = extractor.extract(text, published=PUBLISHED)
    names = {e.key: e.name for e in x.entities}
    return [(d.kind.value, d.status.value, {names[p] for p in d.parties}) for d in x.deals]


@pytest.mark.parametrize(("text", "deal"), [
    # buying goods from a company is a supply deal, not a takeover
    ("Korvan Motors has agreed to buy battery cells for its vans from Tessel Inc.", ("SUPPLY", "AGREED", {"Korvan Motors", "Tessel Inc"})),
    # an order of goods from a maker
    ("Skylark Airways said it had firmed up an order for 30 jets from Seattle-based planemaker Corvane.",
     ("SUPPLY", "AGREED", {"Skylark Airways", "Corvane"})),
    # a rejected offer is a takeover that failed
    ("Tessel Inc’s board rejected a $40-a-share offer from buyout firm Halden Partners in March.",
     ("ACQUISITION", "TERMINATED", {"Tessel Inc", "Halden Partners"})),
    # "to" the buyer, however far the parser hangs it from "supply"
    ("Korvan Mining said it had agreed to supply 50,000 tons of nickel concentrate a year to Chinese refiner Jinlong "
     "Metals Co under a five-year deal.", ("SUPPLY", "AGREED", {"Korvan Mining", "Jinlong Metals Co"})),
    # a relative clause that describes a party neither sets the kind nor the status
    ("Tessel Inc, which is 30% owned by the state, signed a ten-year supply contract with Korvan Motors last year.",
     ("SUPPLY", "AGREED", {"Tessel Inc", "Korvan Motors"})),
    # a stake bought with nothing named is in the company the story is about
    ("Harwell Foods has been under pressure from activist investor Kestrel Capital, which disclosed in March that it had "
     "bought a 5% stake.", ("EQUITY_STAKE", "COMPLETED", {"Kestrel Capital", "Harwell Foods"})),
    # a participle dated in the past reports a done deal, and its subject is the main clause's
    ("Tessel Bank has grown quickly since Jane Doe took over in 2019, buying Austria’s Steirer Volksbank for €1bn in 2022.",
     ("ACQUISITION", "COMPLETED", {"Tessel Bank", "Steirer Volksbank"})),
    # a sale "to" a consortium is to the company that leads it
    ("In 2023, rival carrier Nexa Mobile completed the sale of its tower business to a consortium led by Orwell Capital.",
     ("ACQUISITION", "COMPLETED", {"Nexa Mobile", "Orwell Capital"})),
    # a clause describing the venture's past sets no status: the talks are now
    ("Hanbit Motors is also in talks with battery maker Seolhwa Energy about expanding a joint venture the two formed in 2022.",
     ("PARTNERSHIP", "IN_TALKS", {"Hanbit Motors", "Seolhwa Energy"})),
    # an offer made and not yet accepted is a negotiation; "would be acquired" is not done
    ("Corvane Health Corp submitted a second offer to acquire Meridia Hospitals Inc at 22 dlrs a share.",
     ("ACQUISITION", "IN_TALKS", {"Corvane Health Corp", "Meridia Hospitals Inc"})),
    # nearing a deal is still talks
    ("Korsgaard Holdings Inc. is nearing a deal to acquire logistics firm Tallis Freight, people familiar with the matter said.",
     ("ACQUISITION", "IN_TALKS", {"Korsgaard Holdings Inc", "Tallis Freight"})),
    # "it" in a subordinate clause is the company its own sentence named
    ("Tallis Freight was taken private in 2019. The deal would be Korsgaard Holdings Inc's largest since it bought "
     "trucking company Redline Haulage in 2021.", ("ACQUISITION", "COMPLETED", {"Korsgaard Holdings Inc", "Redline Haulage"})),
    # talks to acquire a company named in apposition to its description
    ("Aurex Pharma is in advanced talks to acquire U.S. biotech company Nerio Therapeutics for about $4 billion, "
     "according to people familiar with the matter.", ("ACQUISITION", "IN_TALKS", {"Aurex Pharma", "Nerio Therapeutics"})),
])
def test_deal_phrasings(extractor: Extractor, text: str, deal: tuple[str, str, set[str]]) -> None:
    assert deal in _deals(extractor, text)


def test_combining_know_how_is_no_merger(extractor: Extractor) -> None:
    text = ('Korvan Motors and Tessel Inc will build a plant. "By combining Tessel’s software with our factories, we can '
            'grow," Korvan Motors chief executive Jane Doe said.')
    assert not [d for d in _deals(extractor, text) if d[0] == "MERGER"]


def test_also_signed_is_a_deal_of_its_own(extractor: Extractor) -> None:
    text = ("Korvan Motors signed a ten-year supply agreement with Tessel Inc on Monday. "
            "The two groups also signed a memorandum of understanding to study a joint plant.")
    deals = _deals(extractor, text)
    assert ("SUPPLY", "AGREED", {"Korvan Motors", "Tessel Inc"}) in deals
    assert ("PARTNERSHIP", "MOU_SIGNED", {"Korvan Motors", "Tessel Inc"}) in deals


def test_the_two_companies_are_the_pair_joined_before_not_a_persons_affiliation(extractor: Extractor) -> None:
    text = ("Brightwell Foods and Harwell Brands agreed on Monday to combine in an all-stock merger. "
            "Kestrel founder Jane Moss said the terms undervalued Harwell. "
            "The two companies first discussed a combination in 2023 but broke off talks over price.")
    assert all("Kestrel" not in " ".join(parties) for _, _, parties in _deals(extractor, text))


def test_a_description_is_not_its_own_clauses_subject(extractor: Extractor) -> None:
    text = ("Dobson Markets runs 100 grocery stores in Ohio. "
            "Private equity firm Ridgeline Partners bought a 35% stake in the chain in 2021.")
    assert ("EQUITY_STAKE", "COMPLETED", {"Ridgeline Partners", "Dobson Markets"}) in _deals(extractor, text)


@pytest.mark.parametrize(("text", "deal"), [
    # a business, or a part of one, bought from its owner is still an acquisition
    ("Korvan Corp said it agreed to buy all the assets of Tessel Inc from Halden Group for $70 million.",
     ("ACQUISITION", "AGREED", {"Korvan Corp", "Tessel Inc", "Halden Group"})),
])
def test_acquisitions_that_look_like_purchases(extractor: Extractor, text: str, deal: tuple[str, str, set[str]]) -> None:
    assert deal in _deals(extractor, text)


def test_a_regulator_ruling_on_a_bid_is_no_party_to_it(extractor: Extractor) -> None:
    text = "The Transport Agency on Friday dismissed Korvan Corp's application to acquire Tessel Inc."
    assert all("Transport Agency" not in parties for _, _, parties in _deals(extractor, text))


def test_a_condition_sets_no_status(extractor: Extractor) -> None:
    text = "Korvan Corp made a $2 billion offer for Tessel Inc and said it would go to shareholders if Tessel rejected its offer."
    assert all(status != "TERMINATED" for _, status, _ in _deals(extractor, text))


def test_what_two_companies_provide_is_no_deal_between_them(extractor: Extractor) -> None:
    text = "Korvan Corp bought Tessel Inc and Halden Inc. The two companies provide data services to insurers."
    assert all(kind != "SUPPLY" for kind, _, _ in _deals(extractor, text))


def test_the_other_side_named_soon_after_completes_the_deal(extractor: Extractor) -> None:
    text = ("Korvan Heavy Industries has won an order for eight tankers, the shipyard said. "
            "Two brokers said the vessels had been ordered by Oslo-based Skjold Line.")
    assert ("SUPPLY", "AGREED", {"Korvan Heavy Industries", "Skjold Line"}) in _deals(extractor, text)


def test_a_second_one_sided_deal_that_is_not_referred_back_to_stays_apart(extractor: Extractor) -> None:
    text = "Korvan Heavy Industries has won an order for eight tankers. Skjold Line placed orders for two ferries in May."
    assert not [d for d in _deals(extractor, text) if d[2] == {"Korvan Heavy Industries", "Skjold Line"}]
