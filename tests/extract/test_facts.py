"""Entities, roles, money, dates, prices and deals, on sentences of the kinds news writing uses."""

from __future__ import annotations

import datetime as dt

import pytest

from factgraph.extract import Extractor
from factgraph.extract.dates import date_in
from factgraph.extract.model import Money
from factgraph.extract.money import amounts_in

PUBLISHED = dt.date(2025, 4, 24)


@pytest.mark.parametrize(("text", "expected"), [
    ("109,800 yuan", Money(109800, "CNY")),
    ("$1.6 billion", Money(1.6e9, "USD")),
    ("12.2 mln dlrs", Money(12.2e6, "USD")),  # 1987 wire style
    ("€450m", Money(450e6, "EUR")),
    ("2.5 billion Canadian dlrs", Money(2.5e9, "CAD")),
    ("300 mln Swiss francs", Money(300e6, "CHF")),
    ("5.8 trillion won", Money(5.8e12, "KRW")),
    ("HK$3 bln", Money(3e9, "HKD")),
    ("£12 million", Money(12e6, "GBP")),
    ("40 billion yen", Money(40e9, "JPY")),
    ("589 million dong", Money(589e6, "VND")),
    ("345 million rupiah", Money(345e6, "IDR")),
    ("749,000 baht", Money(749e3, "THB")),
    # a peso is Mexico's unless the sentence names another country that counts in pesos
    ("3 million pesos", Money(3e6, "MXN")),
    ("In the Philippines the car sells for 1.29 million pesos", Money(1.29e6, "PHP")),
    ("2 billion Chilean pesos", Money(2e9, "CLP")),
    # Indian English counts in lakhs and crores
    ("Rs 12.5 lakh", Money(12.5e5, "INR")),
    ("2,400 crore rupees", Money(2.4e10, "INR")),
    ("300 million zlotys", Money(300e6, "PLN")),
    ("5 billion Danish kroner", Money(5e9, "DKK")),
])
def test_money(text: str, expected: Money) -> None:
    assert [a.money for a in amounts_in(text)] == [expected]


@pytest.mark.parametrize(("text", "expected", "inferred"), [
    ("signed in March", "2025-03", True),  # a month resolves to the most recent one at publication
    ("signed in December", "2024-12", True),
    ("In 2023, it bought", "2023", False),  # a year is a year: no more precision than the text has
    ("Last month, it began", "2025-03", True),
    ("said on Wednesday", "2025-04-23", True),
    ("last year", "2024", True),
    ("on March 3, 2024", "2024-03-03", False),  # the text gives the whole date
    ("in March 2024", "2024-03", False),
    ("it may rise", None, False),  # "may" is a verb here
])
def test_dates(text: str, expected: str | None, inferred: bool) -> None:
    found = date_in(text, PUBLISHED)
    assert (found.value, found.inferred) == (expected, inferred) if found else expected is None


def test_company_short_forms_and_descriptions_are_one_entity(extractor: Extractor) -> None:
    text = ("Korvan Motors Corp said on Monday it would build a plant in Ohio. "
            "Korvan said the carmaker would hire 900 people. The company's shares rose.")
    x = extractor.extract(text)
    companies = [e for e in x.entities if e.kind.value == "COMPANY"]
    assert [c.name for c in companies] == ["Korvan Motors Corp"]
    assert "Korvan" in companies[0].aliases
    assert {m.span.text for m in x.mentions if m.entity == companies[0].key} >= {"Korvan Motors Corp", "Korvan", "the carmaker", "The company"}


def test_a_joint_venture_named_after_a_parent_is_its_own_company(extractor: Extractor) -> None:
    text = ("Korvan is a Swedish carmaker. In 2021, Tessel Inc and Korvan formed a joint venture, Korvan International, "
            "in which Tessel holds a 51% stake.")
    x = extractor.extract(text)
    names = {e.name for e in x.entities if e.kind.value == "COMPANY"}
    assert {"Korvan", "Korvan International", "Tessel Inc"} <= names
    assert "Korvan International" not in {a for e in x.entities for a in e.aliases}


def test_roles_current_and_past(extractor: Extractor) -> None:
    text = ("Korvan Motors CEO Jane Doe said sales rose. "
            "\"We are pleased,\" said Tom Ray, who was formerly chief designer for Tessel Inc.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    roles = {(names[r.person], r.title, names.get(r.organization or ""), r.current) for r in x.roles}
    assert ("Jane Doe", "CEO", "Korvan Motors", True) in roles
    assert ("Tom Ray", "chief designer", "Tessel Inc", False) in roles


def test_vehicle_prices_with_usd_equivalents(extractor: Extractor) -> None:
    text = ("Korvan Motors began selling the K7 in China with a starting price of 150,000 yuan ($20,600). "
            "A variant with a larger battery is priced from 180,000 yuan, or $24,700.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    vehicle = next(e for e in x.entities if e.kind.value == "VEHICLE")
    assert vehicle.name == "K7" and names[vehicle.maker or ""] == "Korvan Motors"
    assert [(p.amount, p.currency, p.usd_amount) for p in x.prices] == [(150000, "CNY", 20600), (180000, "CNY", 24700)]


@pytest.mark.parametrize(("text", "kind", "status", "parties"), [
    ("In 2023, Tessel Inc bought a 21% stake in Korvan Motors for $1.6 billion.", "EQUITY_STAKE", "COMPLETED", {"Tessel Inc", "Korvan Motors"}),
    ("Tessel Inc and Korvan Motors signed a memorandum of understanding in March.", "PARTNERSHIP", "MOU_SIGNED", {"Tessel Inc", "Korvan Motors"}),
    ("Korvan Motors is in talks with Tessel Inc over a partnership.", "PARTNERSHIP", "IN_TALKS", {"Tessel Inc", "Korvan Motors"}),
    ("Korvan Motors said it agreed to acquire Tessel Inc for 40 dlrs a share.", "ACQUISITION", "AGREED", {"Tessel Inc", "Korvan Motors"}),
    ("Korvan Motors and Tessel Inc called off their planned merger.", "MERGER", "TERMINATED", {"Tessel Inc", "Korvan Motors"}),
])
def test_deals(extractor: Extractor, text: str, kind: str, status: str, parties: set[str]) -> None:
    x = extractor.extract(text, published=PUBLISHED)
    names = {e.key: e.name for e in x.entities}
    assert [(d.kind.value, d.status.value, {names[p] for p in d.parties}) for d in x.deals] == [(kind, status, parties)]


def test_deal_history_orders_events_and_takes_the_latest_status(extractor: Extractor) -> None:
    text = ("Tessel Inc and Korvan Motors signed a memorandum of understanding in March.\n"
            "Korvan Motors has struck a deal with Tessel Inc to supply batteries, executives from both companies said.")
    deal = extractor.extract(text, published=PUBLISHED).deals[0]
    assert [(e.status.value, e.date) for e in deal.events] == [("MOU_SIGNED", "2025-03"), ("AGREED", None)]
    assert deal.status.value == "AGREED"


@pytest.mark.parametrize(("text", "person", "title", "organization"), [
    ("Korvan Motors Corp cut its forecast. Chief Executive Jane Doe said demand was weak.", "Jane Doe", "Chief Executive", "Korvan Motors Corp"),
    ("Jane Doe, Korvan Motors Corp's chief financial officer, said costs rose.", "Jane Doe", "chief financial officer", "Korvan Motors Corp"),
    ("Korvan Motors Corp cut its forecast. Jane Doe, the company's finance chief, said costs rose.", "Jane Doe", "finance chief", "Korvan Motors Corp"),
    ("Jane Doe, a spokeswoman for Korvan Motors Corp, said the plant would close.", "Jane Doe", "spokeswoman", "Korvan Motors Corp"),
])
def test_role_phrasings(extractor: Extractor, text: str, person: str, title: str, organization: str) -> None:
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    assert (person, title, organization) in {(names[r.person], r.title, names.get(r.organization or "")) for r in x.roles}


def test_a_car_offered_from_an_amount_is_priced(extractor: Extractor) -> None:
    text = "Korvan Motors will also offer its K3 compact hatchback in France from €21,990 next year, the company said."
    x = extractor.extract(text)
    assert [(p.amount, p.currency) for p in x.prices] == [(21990, "EUR")]


def test_model_codes_referred_to_as_the_model_are_vehicles_each_with_its_own_price(extractor: Extractor) -> None:
    text = ("Lumo Motors unveiled two electric SUVs in Hanoi on Friday.\n\n"
            "The LX3 will be priced at 610 million dong and the LX6 at 880 million dong, Lumo said.\n\n"
            "In Thailand the LX3 is expected to cost 720,000 baht, while the LX6 will sell for 1.1 million baht.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    makers = {e.name: names.get(e.maker or "") for e in x.entities if e.kind.value == "VEHICLE"}
    assert makers == {"LX3": "Lumo Motors", "LX6": "Lumo Motors"}
    assert sorted((names[p.vehicle], p.amount, p.currency) for p in x.prices) == [
        ("LX3", 720000, "THB"), ("LX3", 610e6, "VND"), ("LX6", 1.1e6, "THB"), ("LX6", 880e6, "VND")]


def test_a_vehicles_maker_may_be_named_only_in_its_sentence(extractor: Extractor) -> None:
    text = ("The TX-40 pickup will cost about 1.2 million rupees, according to a statement from Pradhan Motors. "
            "Deliveries of the TX-40 begin in May.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    assert {e.name: names.get(e.maker or "") for e in x.entities if e.kind.value == "VEHICLE"} == {"TX-40": "Pradhan Motors"}


def test_an_appointment_on_a_day_gives_the_title_and_the_one_replaced_held_it(extractor: Extractor) -> None:
    text = ("Brandholm Motors on Tuesday named Ada Lind, a former Tessel Inc executive, as chief executive, replacing "
            "Olof Berg, who retires in May.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    roles = {(names[r.person], r.title, names.get(r.organization or ""), r.current) for r in x.roles}
    assert ("Ada Lind", "chief executive", "Brandholm Motors", True) in roles
    assert ("Olof Berg", "chief executive", "Brandholm Motors", False) in roles


def test_the_company_is_not_the_firm_a_person_came_from(extractor: Extractor) -> None:
    # the parser makes the lede's subject the root here; "the company" is still the one appointing, not Tessel
    text = ("Czech brewer Brandholm Pivovar on Thursday named Ada Lind, a former Tessel Inc executive, as its new chief "
            "executive. Lind, 48, will start in March, the company said.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    said = next(c for c in x.claims if "will start" in c.span.text)
    assert said.source is not None and said.source.entity and names[said.source.entity] == "Brandholm Pivovar"


def test_a_model_with_its_trim_is_a_version_and_its_first_word_the_model(extractor: Extractor) -> None:
    text = ("Lumo Motors launched its Vega X5 electric sedan at 199,000 yuan. A long-range version, the Vega X5 Pro, "
            "costs 239,000 yuan. Analysts said the Vega's price would hurt rivals.")
    x = extractor.extract(text)
    kinds = {e.name: e.kind.value for e in x.entities}
    assert kinds.get("Vega X5") == "VEHICLE" and kinds.get("Vega X5 Pro") == "VEHICLE"
    assert "Vega" not in kinds and "PERSON" not in kinds.values()


def test_a_version_without_its_maker_is_made_by_the_base_models_maker_and_whose_names_an_owner(extractor: Extractor) -> None:
    text = ("Lumo Motors launched its Vega X5 electric sedan at 199,000 yuan. A long-range version, the Vega X5 Pro, "
            "costs 239,000 yuan. It competes with carmakers including Tavrida, whose T9 sedan starts at 210,000 yuan.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    makers = {e.name: names.get(e.maker or "") for e in x.entities if e.kind.value == "VEHICLE"}
    assert makers.get("Vega X5 Pro") == "Lumo Motors"
    assert makers.get("T9") == "Tavrida"


def test_a_former_title_before_the_company_is_a_past_role_there(extractor: Extractor) -> None:
    text = ("Lumo Motors cut its forecast on Monday. Former Lumo finance chief Ada Lind, who left in May, said the cut "
            "was overdue.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    roles = {(names[r.person], r.title, names.get(r.organization or ""), r.current) for r in x.roles}
    assert ("Ada Lind", "finance chief", "Lumo Motors", False) in roles


def test_a_name_in_apposition_to_a_kind_of_vehicle_is_a_vehicle_and_its_own_part_alone_too(extractor: Extractor) -> None:
    text = ("Brisa Automobili SpA unveiled its first electric SUV, the Brisa Corvo, on Thursday, at 41,000 euros. "
            "Deliveries of the Corvo start in May.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    vehicles = {e.name: (names.get(e.maker or ""), e.aliases) for e in x.entities if e.kind.value == "VEHICLE"}
    assert vehicles == {"Brisa Corvo": ("Brisa Automobili SpA", {"Corvo"})}


def test_a_title_and_its_company_in_apposition_before_a_name(extractor: Extractor) -> None:
    text = "Tessel Holdings Ltd bought the stake in May. A spokesperson for Tessel, Kelvin Mak, said there were no other plans."
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    roles = {(names[r.person], r.title, names.get(r.organization or "")) for r in x.roles}
    assert ("Kelvin Mak", "spokesperson", "Tessel Holdings Ltd") in roles


def test_a_title_a_verb_gives_is_at_the_company_the_sentence_is_about(extractor: Extractor) -> None:
    text = ("French utility Vellanne SA is selling a dam to Canadian pension fund Tessel Capital. Tessel Capital said it "
            "would sign within weeks. The Lyon-based utility has sold assets since Ada Lind became chief executive in 2023.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    roles = {(names[r.person], r.title, names.get(r.organization or ""), r.current) for r in x.roles}
    assert ("Ada Lind", "chief executive", "Vellanne SA", True) in roles


def test_a_description_with_the_noun_a_company_was_introduced_with_is_that_company(extractor: Extractor) -> None:
    text = ("French utility Vellanne SA is selling a dam to Canadian pension fund Tessel Capital. Tessel Capital said it "
            "would sign within weeks. The Lyon-based utility said it would cut debt.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    said = next(c for c in x.claims if "cut debt" in c.span.text)
    assert said.source is not None and said.source.entity and names[said.source.entity] == "Vellanne SA"


def test_an_honorific_after_a_title_and_a_board_before_one(extractor: Extractor) -> None:
    text = ("Danish lender Vestholm Bank said on Tuesday its chief executive, Dr. Karin Lund, would retire. "
            "\"Karin built this bank,\" Supervisory Board Chairman Ole Berg said.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    roles = {(names[r.person], names.get(r.organization or "")) for r in x.roles}
    assert {("Karin Lund", "Vestholm Bank"), ("Ole Berg", "Vestholm Bank")} <= roles
    assert "Supervisory Board" not in names.values()


def test_a_model_named_with_its_kind_of_vehicle_is_a_vehicle(extractor: Extractor) -> None:
    text = "Tessel Motors Co. builds trucks in Ohio. Tessel's Ranger EV pickup starts at $52,995."
    x = extractor.extract(text)
    kinds = {e.name: e.kind.value for e in x.entities}
    assert kinds.get("Ranger EV") == "VEHICLE"
    assert [(p.amount, p.currency) for p in x.prices] == [(52995, "USD")]


def test_a_title_someone_will_take_is_at_the_company_the_sentence_is_about(extractor: Extractor) -> None:
    x = extractor.extract("Tessel Motors said on Friday that Ada Lind will become chief executive in May.")
    names = {e.key: e.name for e in x.entities}
    assert ("Ada Lind", "chief executive", "Tessel Motors") in {(names[r.person], r.title, names.get(r.organization or "")) for r in x.roles}


@pytest.mark.parametrize("text", [
    # the title may follow the name with no "as", and who is named to a title is a person
    "Tessel Corp named Maria Gonzalez chief executive on Monday.",
    # "its" title is at the company the sentence is about
    "Tessel Corp said Maria Gonzalez, its chief executive since 2019, would retire.",
])
def test_appointed_and_its_titles(extractor: Extractor, text: str) -> None:
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    kinds = {e.name: e.kind.value for e in x.entities}
    assert kinds["Maria Gonzalez"] == "PERSON"
    assert ("Maria Gonzalez", "Tessel Corp") in {(names[r.person], names.get(r.organization or "")) for r in x.roles}
