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
    ("Under the contract Korvan Motors will buy steel coils for its Ohio plant from Halden Steel Corp.",
     ("SUPPLY", "AGREED", {"Korvan Motors", "Halden Steel Corp"})),
    # an order of goods from a maker
    ("Skylark Airways has placed an order for 12 turboprops with Corvane Aircraft Corp, the airline said.",
     ("SUPPLY", "AGREED", {"Skylark Airways", "Corvane Aircraft Corp"})),
    # a rejected offer is a takeover that failed
    ("Directors of Tessel Inc turned down a 2 billion euro bid from Halden Partners last week.",
     ("ACQUISITION", "TERMINATED", {"Tessel Inc", "Halden Partners"})),
    # "to" the buyer, however far the parser hangs it from "supply"
    ("Korvan Mining said it would supply iron ore pellets each quarter to Japanese steelmaker Kaido Steel Corp.",
     ("SUPPLY", "AGREED", {"Korvan Mining", "Kaido Steel Corp"})),
    # a relative clause that describes a party neither sets the kind nor the status
    ("Ostra Power, in which the city of Oslo holds a 40% stake, has signed a power supply contract with Korvan Motors.",
     ("SUPPLY", "AGREED", {"Ostra Power", "Korvan Motors"})),
    # a stake bought with nothing named is in the company the story is about
    ("Orvik Foods faces a fight with hedge fund Kestrel Capital, which said on Friday that it had acquired a 7% stake.",
     ("EQUITY_STAKE", "COMPLETED", {"Kestrel Capital", "Orvik Foods"})),
    # a participle dated in the past reports a done deal, and its subject is the main clause's
    ("Tessel Bank grew fast after Jane Doe became chief executive, buying Grazer Sparbank for €900mn in 2021.",
     ("ACQUISITION", "COMPLETED", {"Tessel Bank", "Grazer Sparbank"})),
    # a sale "to" a consortium is to the company that leads it
    ("Last year Orlen Telecom sold its fibre network to a group led by Harbour Capital.",
     ("ACQUISITION", "COMPLETED", {"Orlen Telecom", "Harbour Capital"})),
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
    ("Dutch chipmaker Veldhoven Systems is in early talks to buy German sensor company Brenz Sensorik, two people said.",
     ("ACQUISITION", "IN_TALKS", {"Veldhoven Systems", "Brenz Sensorik"})),
    # talks about a merger or a takeover are talks of that kind, between the talks' parties
    ("Ardent Foods is in advanced talks with Pellworth Group about a merger, people familiar with the matter said.",
     ("MERGER", "IN_TALKS", {"Ardent Foods", "Pellworth Group"})),
    ("Ardent Foods has held negotiations with Pellworth Group over a possible takeover, two sources said.",
     ("ACQUISITION", "IN_TALKS", {"Ardent Foods", "Pellworth Group"})),
])
def test_deal_phrasings(extractor: Extractor, text: str, deal: tuple[str, str, set[str]]) -> None:
    assert deal in _deals(extractor, text)


def test_combining_know_how_is_no_merger(extractor: Extractor) -> None:
    text = "Under the plan Korvan Motors will combine Tessel Inc’s software with its own factories, Jane Doe said."
    assert not [d for d in _deals(extractor, text) if d[0] == "MERGER"]


def test_also_signed_is_a_deal_of_its_own(extractor: Extractor) -> None:
    text = ("Korvan Motors signed a ten-year supply agreement with Tessel Inc on Monday. "
            "Korvan Motors and Tessel Inc also signed a memorandum of understanding on battery recycling.")
    deals = _deals(extractor, text)
    assert ("SUPPLY", "AGREED", {"Korvan Motors", "Tessel Inc"}) in deals
    assert ("PARTNERSHIP", "MOU_SIGNED", {"Korvan Motors", "Tessel Inc"}) in deals


def test_the_two_companies_are_the_pair_joined_before_not_a_persons_affiliation(extractor: Extractor) -> None:
    text = ("Orvik Foods and Lemna Brands will merge, the companies said. "
            "Kestrel founder Jane Moss called the price too low for Lemna. "
            "The two companies had held merger talks once before, in 2021.")
    assert all("Kestrel" not in " ".join(parties) for _, _, parties in _deals(extractor, text))


def test_a_description_is_not_its_own_clauses_subject(extractor: Extractor) -> None:
    text = ("Dobson Markets runs 100 grocery stores in Ohio. "
            "Buyout firm Oakhurst Partners acquired a 30% stake in the chain three years ago.")
    assert ("EQUITY_STAKE", "COMPLETED", {"Oakhurst Partners", "Dobson Markets"}) in _deals(extractor, text)


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
    text = ("Korvan Heavy Industries said it had received an order for six car carriers. "
            "According to a broker, the ships were ordered by Bergen-based Skjold Line.")
    assert ("SUPPLY", "AGREED", {"Korvan Heavy Industries", "Skjold Line"}) in _deals(extractor, text)


def test_a_second_one_sided_deal_that_is_not_referred_back_to_stays_apart(extractor: Extractor) -> None:
    text = "Korvan Heavy Industries has won an order for eight tankers. Skjold Line placed orders for two ferries in May."
    assert not [d for d in _deals(extractor, text) if d[2] == {"Korvan Heavy Industries", "Skjold Line"}]


def test_a_company_the_parser_hangs_in_apposition_is_a_party(extractor: Extractor) -> None:
    text = ("Chilean mining group Cobre Andes SA and Finnish sensor developer Virtala Oy have agreed to set up a joint venture to "
            "make monitoring systems for copper mines, the two said.")
    assert ("JOINT_VENTURE", "AGREED", {"Cobre Andes SA", "Virtala Oy"}) in _deals(extractor, text)


def test_a_share_owned_written_as_one_word_is_a_stake_held(extractor: Extractor) -> None:
    text = "Tavira Telecom Bhd, which is 41%-owned by state fund Dana Harapan Nasional, reported a rise in quarterly profit on Friday."
    assert ("EQUITY_STAKE", "COMPLETED", {"Tavira Telecom Bhd", "Dana Harapan Nasional"}) in _deals(extractor, text)


def test_a_business_sold_is_the_company_in_apposition_and_the_buyer_follows_to(extractor: Extractor) -> None:
    text = ("Brunner Holding NV has agreed to sell its resins division, Lackwerk Thun, to American investment firm Harlow Capital "
            "for 600 million euros, people familiar with the matter said.")
    assert ("ACQUISITION", "AGREED", {"Brunner Holding NV", "Lackwerk Thun", "Harlow Capital"}) in _deals(extractor, text)


def test_a_funding_round_is_a_stake_taken_by_its_lead_investor(extractor: Extractor) -> None:
    text = ("Safari Haul Technologies, a Kenyan logistics startup, said on Thursday it had raised $40 million in a Series B funding "
            "round led by Ridgeback Ventures Partners.\n\n"
            "Several angel investors and Oslo-based Fjordlys Capital also joined the round, Safari Haul said.")
    deals = _deals(extractor, text)
    assert ("EQUITY_STAKE", "COMPLETED", {"Safari Haul Technologies", "Ridgeback Ventures Partners"}) in deals
    assert not any("Fjordlys Capital" in parties for _, _, parties in deals)  # taking part is not leading; no deal between investors


def test_a_merger_a_regulator_prohibited_is_terminated_and_the_regulator_no_party(extractor: Extractor) -> None:
    text = ("Tessel Ferries Oy bought two ships last year. The regulator seldom intervenes in shipping, but it blocked a proposed "
            "merger of Nordvik Linjen AB and Halsey Line in 2019.")
    assert ("MERGER", "TERMINATED", {"Nordvik Linjen AB", "Halsey Line"}) in _deals(extractor, text)


def test_goods_bought_under_a_supply_deal_make_a_deal_with_the_company_in_focus(extractor: Extractor) -> None:
    text = ("Lumo Motors will start selling its first electric pickup in June.\n\n"
            "The pickup uses cells from Japan's Kaido Cells Corp., under a supply agreement reached in 2023.")
    assert ("SUPPLY", "AGREED", {"Lumo Motors", "Kaido Cells Corp"}) in _deals(extractor, text)


def test_also_in_talks_with_an_unnamed_partner_is_not_the_deal_before(extractor: Extractor) -> None:
    text = ("Lumo Motors signed an assembly agreement with Tessel Industries in May.\n\n"
            "Lumo is also in early talks with a local developer about building a plant, a person familiar with the plans said.")
    x = extractor.extract(text, published=PUBLISHED)
    assert [(d.kind.value, d.status.value, d.evidence) for d in x.deals] == [("PARTNERSHIP", "AGREED", [0])]


def test_its_before_a_deal_noun_is_the_company_its_sentence_is_about(extractor: Extractor) -> None:
    text = "Vesper Ferries SA won approval on Friday for its 900 million euro acquisition of Spain's Naviera Ondarra SA."
    assert ("ACQUISITION", "AGREED", {"Vesper Ferries SA", "Naviera Ondarra SA"}) in _deals(extractor, text)


def test_an_approach_the_target_rejected_is_a_takeover_that_failed(extractor: Extractor) -> None:
    text = "Two years ago Danish packaging group Holmsted A/S made an approach that Tessel Paper Inc's directors rebuffed."
    assert ("ACQUISITION", "TERMINATED", {"Holmsted A/S", "Tessel Paper Inc"}) in _deals(extractor, text)


def test_an_approach_to_a_problem_is_no_deal(extractor: Extractor) -> None:
    text = "Tessel Paper Inc and Holmsted Group took a new approach to recycling last year."
    assert _deals(extractor, text) == []


def test_a_deal_heard_of_only_in_a_denial_is_a_rumour(extractor: Extractor) -> None:
    text = ("Tessel Insurance plc on Monday denied a report that it was in merger talks with Corvane Ltd. "
            "Shares of Corvane fell 4%.")
    assert _deals(extractor, text) == [("MERGER", "RUMORED", {"Tessel Insurance plc", "Corvane Ltd"})]


def test_whose_attempt_to_buy_it_is_is_the_buyer(extractor: Extractor) -> None:
    text = "Regulators in Brussels blocked Corvane Coatings NV's attempt to buy Belgian rival Tessel Verf SA in 2022."
    assert _deals(extractor, text) == [("ACQUISITION", "TERMINATED", {"Corvane Coatings NV", "Tessel Verf SA"})]


def test_a_stake_that_has_been_taken_is_completed(extractor: Extractor) -> None:
    text = "Hong Kong conglomerate Tessel Holdings Ltd has taken a 9.9% stake in shipping firm Corvane Marine for HK$1.8 billion."
    assert _deals(extractor, text) == [("EQUITY_STAKE", "COMPLETED", {"Tessel Holdings Ltd", "Corvane Marine"})]


def test_an_infinitive_after_a_deal_noun_is_the_deal_however_the_parser_hangs_it(extractor: Extractor) -> None:
    text = ("Private equity firm Tessel Partners is nearing a deal to buy software company Corvane Inc for about $4.2 billion, "
            "according to three sources familiar with the matter.")
    assert _deals(extractor, text) == [("ACQUISITION", "IN_TALKS", {"Tessel Partners", "Corvane Inc"})]


def test_interest_a_suitor_shows_is_a_rumoured_takeover_not_a_stake(extractor: Extractor) -> None:
    text = "Corvane Inc, whose shares have fallen 30% this year, has also attracted interest from rival buyout firm Tessel Capital Group."
    assert _deals(extractor, text) == [("ACQUISITION", "RUMORED", {"Corvane Inc", "Tessel Capital Group"})]


def test_a_licence_granted_to_a_company_is_a_licensing_deal_with_it(extractor: Extractor) -> None:
    text = "Tessel Trucks AB also granted a licence for its hydrogen engine technology to India's Corvane Axles Ltd."
    assert _deals(extractor, text) == [("LICENSING", "AGREED", {"Tessel Trucks AB", "Corvane Axles Ltd"})]


def test_a_non_binding_proposal_received_is_an_offer_not_a_memorandum(extractor: Extractor) -> None:
    text = ("Australian miner Tessel Ridge Resources Ltd said on Monday it had received a non-binding takeover proposal "
            "from Canada's Corvane Metals Corp.")
    assert _deals(extractor, text) == [("ACQUISITION", "IN_TALKS", {"Tessel Ridge Resources Ltd", "Corvane Metals Corp"})]


def test_a_non_binding_agreement_is_a_memorandum(extractor: Extractor) -> None:
    text = "Tessel Ridge Resources Ltd and Corvane Metals Corp signed a non-binding agreement to form a joint venture."
    assert [d[1] for d in _deals(extractor, text)] == ["MOU_SIGNED"]


def test_they_who_report_a_deal_are_its_parties(extractor: Extractor) -> None:
    text = "Tessel SpA and Corvane AG said they would form a 50-50 joint venture to build electric buses."
    assert _deals(extractor, text) == [("JOINT_VENTURE", "AGREED", {"Tessel SpA", "Corvane AG"})]


def test_the_noun_for_a_kind_of_firm_is_not_part_of_its_name(extractor: Extractor) -> None:
    text = "China's market regulator has blocked Tessel Inc's $5 billion acquisition of chipmaker Corvane Ltd."
    assert _deals(extractor, text) == [("ACQUISITION", "TERMINATED", {"Tessel Inc", "Corvane Ltd"})]
