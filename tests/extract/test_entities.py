"""Companies and people from the ways news names them; each case is a convention of business writing."""

from __future__ import annotations

import pytest

from factgraph.extract import Extractor
from factgraph.extract.model import EntityKind


def _companies(extractor: Extractor, text: str, publisher: str | None = None) -> dict[str, set[str]]:
    x = extractor.extract(text, publisher=publisher)
    return {e.name: e.aliases for e in x.entities if e.kind == EntityKind.COMPANY}


@pytest.mark.parametrize(("text", "name", "alias"), [
    # the noun for a kind of firm, compounds included, right before the name
    ("Dutch drugmaker Velmora Pharma said on Monday it would cut 300 jobs. Velmora shares fell 2%.", "Velmora Pharma", "Velmora"),
    ("The order went to Seattle planemaker Corvane, which will deliver the jets in 2027.", "Corvane", None),
    ("Tessel sold the plant to Hamburg brokerage Ostwald Reimann last year.", "Ostwald Reimann", None),
    # "X-based" says where a firm is based
    ("The ships were ordered by Oslo-based Skjold Line, two sources said.", "Skjold Line", None),
    # people work at firms
    ("“Demand is soft,” said Helen Park, an analyst at Rowe Gantry in Seoul.", "Rowe Gantry", None),
    # a possessive that is the subject of a verb is part of the name, as in "McDonald's"
    ("Dobson's Markets has agreed to buy a rival chain. Dobson's said the deal would close in June.", "Dobson's Markets", "Dobson's"),
    # a designator that opens the name, and the short form that drops it
    ("Italy’s Banca Orsolina raised its stake in the insurer. Orsolina said it had no plans to bid.", "Banca Orsolina", "Orsolina"),
    ("Banco Sol bid for Portuguese insurer Seguros Ribeira. Ribeira also rejected the report.", "Seguros Ribeira", "Ribeira"),
    # Mexico's "SAB" is a legal form; a Spanish industry word opens a name as "Banco" does
    ("Cementos Marquez SAB is in talks to buy Brazos Rock Inc, according to people familiar with the matter. Marquez Chief "
     "Executive Officer Luis Ortega said in July that the company was ready.", "Cementos Marquez SAB", "Marquez"),
    # a bank's name written as one word
    ("Tessel Inc owns a majority of Switzerland’s Thuner Volksbank.", "Thuner Volksbank", None),
    # a name in apposition to a kind of firm
    ("Ferrand Telecom plans to list its payments unit, Ferrand Pay, in Paris next year.", "Ferrand Pay", None),
    # a legal form in another language ends a name, and the short form drops the words around it
    ("Grupo Tersa said Aceros Mondragal SAB had raised its prices. Mondragal shares rose 3%.", "Aceros Mondragal SAB", "Mondragal"),
    # an industry word that opens a Spanish or Portuguese name is dropped in its short form
    ("Seguros Lusitânia reported a 12% rise in premiums on Friday. Lusitânia shares jumped 7% in Lisbon.", "Seguros Lusitânia",
     "Lusitânia"),
    # the noun of an apposition after a hyphenated compound: "the family-owned maker"
    ("Brodersen Gleitlager, a state-backed producer of bearings, will open a plant in Ohio.", "Brodersen Gleitlager", None),
    # what merges with a company is a company, whatever place owns its name
    ("Regulators must still approve Tavi Pay's plan to merge with Ghana's Osei Ledger. Osei Ledger did not respond.", "Osei Ledger", None),
    # a legal form written in capitals or mixed case ends the name, at the start of a sentence too
    ("Harunobu Holdings KK, the Nagoya packaging group, is weighing a bid. Harunobu shares rose 3%.", "Harunobu Holdings KK", "Harunobu"),
    ("Corvaro Tessuti SpA, the Prato textile maker, posted a loss. Corvaro blamed energy costs.", "Corvaro Tessuti SpA", "Corvaro"),
    # a short form the NER takes for a place is still the company whose full name starts with it
    ("Tessel bought lithium from Nevada miner Silver Basin Lithium Corp. Silver Basin shares jumped 18%.",
     "Silver Basin Lithium Corp", "Silver Basin"),
    # what is bought is a company, with the words for what kind between
    ("The carmaker completed its acquisition of design house Studio Vanterra last year.", "Studio Vanterra", None),
    # the place after "of" is part of a bank's name
    ("Tessel lined up financing from Coastal Bank of Tasmania. Coastal Bank of Tasmania declined to comment.",
     "Coastal Bank of Tasmania", None),
    # British usage writes "plc" in lower case
    ("British defence group Aldwych Kestrel plc has agreed to merge with a U.S. peer. Aldwych shares rose.",
     "Aldwych Kestrel plc", "Aldwych"),
    # Norway's and Denmark's "AS" is a legal form only in capitals
    ("The shares were bought from Norwegian investor Fjordvik Kapital AS last year.", "Fjordvik Kapital AS", None),
    # the names a list of firms gives are firms, whatever the NER makes of them
    ("The price cut puts pressure on rivals including Xintao, whose sedans cost less.", "Xintao", None),
    ("Lenders such as Corvane and Brisa Nova have raised rates.", "Brisa Nova", None),
])
def test_company_names(extractor: Extractor, text: str, name: str, alias: str | None) -> None:
    companies = _companies(extractor, text)
    assert name in companies
    if alias:
        assert alias in companies[name]


def test_the_possessor_of_a_name_is_not_given_its_label(extractor: Extractor) -> None:
    x = extractor.extract("Tessel Inc owns a majority of Switzerland’s Thuner Volksbank.")
    assert "Austria" not in {e.name for e in x.entities}


def test_the_publishers_newsroom_is_not_a_company(extractor: Extractor) -> None:
    text = "Norvik Bank was exploring a sale, Bloomberg News reported in May. Norvik Bank declined to comment."
    assert "Bloomberg News" not in _companies(extractor, text, publisher="Bloomberg")


@pytest.mark.parametrize(("text", "person", "organization"), [
    # a title and what it is over, owned by the company, before the name in apposition
    ("Tessel Inc’s head of investor relations, Maria Lund, told analysts that orders had doubled.", "Maria Lund", "Tessel Inc"),
    # words that describe the firm between "at" and its name
    ("“Orders are slowing,” said Omar Haddad, an analyst at Geneva brokerage Lindqvist Partners.", "Omar Haddad",
     "Lindqvist Partners"),
    ("“It is a fair price,” said Ruth Kemp, a pricing consultant at Denver-based Orme Advisors.", "Ruth Kemp", "Orme Advisors"),
    # what someone heads, then where
    ("Tomas Berg, who heads the credit desk at Corvane Capital, said the fund would keep lending.", "Tomas Berg",
     "Corvane Capital"),
    # a partner is a person when a name is in apposition to the title
    ("“Demand is strong,” said Priya Rao, a partner at Ironwood Partners.", "Priya Rao", "Ironwood Partners"),
    # "a former Korvan executive who now runs consultancy X": the company before the title, and the firm run
    ("“They are buying share,” said Tae-yang Kim, a former Hanbit Motors executive who now runs consultancy Drivelab.",
     "Tae-yang Kim", "Hanbit Motors"),
    ("“They are buying share,” said Tae-yang Kim, a former Hanbit Motors executive who now runs consultancy Drivelab.",
     "Tae-yang Kim", "Drivelab"),
    # a company's first word alone, right before a title
    ("Harwell has been under pressure from activist investor Kestrel Capital. Kestrel founder Jane Moss said the board "
     "should sell.", "Jane Moss", "Kestrel Capital"),
    # a title in apposition before the name
    ("“We will appeal,” Varnholt Shipping’s general counsel, Anne-Sophie Lemaire, said on Friday.", "Anne-Sophie Lemaire",
     "Varnholt Shipping"),
    # the company that appoints, and the title it gives, past a clause on the person's current job
    ("Halvard Mining Corp appointed Sunniva Lund, currently finance director of Ostra Metals Ltd., as its new chief executive "
     "on Monday.", "Sunniva Lund", "Halvard Mining Corp"),
])
def test_roles(extractor: Extractor, text: str, person: str, organization: str) -> None:
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    assert (person, organization) in {(names[r.person], names.get(r.organization or "")) for r in x.roles}


def test_a_model_with_adjectives_before_its_body_is_a_vehicle(extractor: Extractor) -> None:
    x = extractor.extract("Hanbit Motors launched its Aero 5 electric sedan in Europe, pricing it at 44,900 euros.")
    assert "Aero 5" in {e.name for e in x.entities if e.kind == EntityKind.VEHICLE}


def test_a_paragraphs_first_word_is_no_sentence_of_its_own(extractor: Extractor) -> None:
    doc = extractor.nlp("Maria Quist in Oslo\n\nBrekke Armatur, which makes pumps, will close two plants.")
    assert [s.text.strip()[:14] for s in doc.sents] == ["Maria Quist in", "Brekke Armatur"]


def test_a_company_whose_shares_are_the_subject_is_in_focus(extractor: Extractor) -> None:
    text = ("Lindqvist Holding AG sold its unit to Harlow Capital. Harlow Capital beat rival bids for the unit. Lindqvist shares "
            "closed 4.2% lower in Stockholm, lagging a 1% rise in the broader index. The company has been reshaping its portfolio "
            "since 2021.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    assert [names[m.entity] for m in x.mentions if m.span.text == "The company"] == ["Lindqvist Holding AG"]


def test_an_occurrence_inside_a_longer_name_says_nothing_of_the_shorter(extractor: Extractor) -> None:
    from factgraph.extract.entities import EntityIndex, _Evidence
    from factgraph.extract.segments import segment

    doc = extractor.nlp("Vesper Ferries SA runs boats to Capraia. Capraia Azzurra, a rival operator, objected.")
    index = EntityIndex(doc, segment(doc).sentences)
    votes = _Evidence()
    index._weigh_context("Capraia", votes, ("Capraia Azzurra",))
    assert votes.company == 0  # "operator Capraia Azzurra" votes for the longer name only


def test_a_product_of_the_ner_in_a_story_about_no_vehicle_is_no_vehicle(extractor: Extractor) -> None:
    x = extractor.extract("Vesper Ferries SA will open a route from Nice to Corsica in June.")
    assert not [e.name for e in x.entities if e.kind == EntityKind.VEHICLE]


def test_the_words_of_a_title_are_no_name() -> None:
    from factgraph.extract.entities import _clean_names

    assert _clean_names("Chief Financial") == [] and _clean_names("Chief") == []  # the NER may take them for an organisation
    assert _clean_names("Helvane Chief Executive") == ["Helvane"]


def test_a_first_name_the_ner_left_out_is_part_of_the_name(extractor: Extractor) -> None:
    from spacy.tokens import Span as TokenSpan  # noqa: I001

    from factgraph.extract.entities import EntityIndex
    from factgraph.extract.segments import segment

    doc = extractor.nlp("Korvald Mining said on Monday that its board had named Isolde Marchetti as chief executive.")
    surname = next(t.i for t in doc if t.text == "Marchetti")
    doc.ents = [TokenSpan(doc, surname, surname + 1, label="PERSON")]  # as the NER sometimes tags only the surname
    index = EntityIndex(doc, segment(doc).sentences)
    assert "Isolde Marchetti" in {e.name for e in index.entities if e.kind == EntityKind.PERSON}


def test_a_surname_the_ner_labels_an_organisation_is_still_its_person(extractor: Extractor) -> None:
    text = ("Central bank deputy governor Istvan Varga said he hoped the devaluation would spur exports.\n"
            "Varga told Reuters in an interview the country must balance its trade.\n"
            "Varga said the rates would come into effect tomorrow.\n"
            "Varga said inflation had been higher than abroad.\n"
            "Varga told reporters that credits would be raised this year.")
    x = extractor.extract(text)
    assert [(e.name, e.kind) for e in x.entities] == [("Istvan Varga", EntityKind.PERSON)]
    assert {c.source.name for c in x.claims if c.source} == {"Istvan Varga"}


def test_a_leader_named_after_the_word_is_a_person(extractor: Extractor) -> None:
    # "leader", "rival" and "investor" come before people as often as before firms
    x = extractor.extract("Polish leader Jan Kowal criticised the slow pace of reforms.\n"
                          "He told an economic commission that tougher discipline should replace waste.")
    assert [(e.name, e.kind) for e in x.entities] == [("Jan Kowal", EntityKind.PERSON)]
    assert x.claims[1].source is not None and x.claims[1].source.name == "Jan Kowal"


def test_a_title_alone_is_not_a_name(extractor: Extractor) -> None:
    text = ("Tarn Micro Devices Inc raised its revenue forecast on Tuesday, the company said.\n"
            "Gross margin will be about 58% in the fourth quarter because of the cost of a new packaging line, "
            "Chief Financial Officer Elena Brandt said.")
    x = extractor.extract(text)
    assert [(e.name, e.kind) for e in x.entities] == [("Tarn Micro Devices Inc", EntityKind.COMPANY),
                                                     ("Elena Brandt", EntityKind.PERSON)]


def test_a_name_an_apposition_calls_a_firm_is_a_company(extractor: Extractor) -> None:
    # the NER splits the unfamiliar name into a place and a person; ", the ... maker of valves," says what it is
    text = ("Holmkamp Armaturen, the German family-owned maker of industrial valves, has agreed to buy a stake in Tessel Inc.\n"
            "Holmkamp declined to comment on the negotiations.")
    x = extractor.extract(text)
    assert "Holmkamp Armaturen" in _companies(extractor, text)
    assert x.claims[1].source is not None and x.claims[1].source.name == "Holmkamp Armaturen"
    # a place before ", California-based" is no firm
    assert "Santa Clara" not in _companies(extractor, "The Santa Clara, California-based chipmaker raised its forecast.")


def test_an_investor_whose_name_has_a_word_of_firms_names_is_a_company(extractor: Extractor) -> None:
    # "investor" comes before people too, so it is a weak vote alone; "Capital" in the name settles it
    text = "Activist investor Harbour Ridge Capital Management has built a stake of about 6% in Tessel Inc, it said in a filing."
    assert "Harbour Ridge Capital Management" in _companies(extractor, text)
    x = extractor.extract("Activist investor Jan Kowal has built a stake of about 6% in Tessel Inc, he said.")
    assert ("Jan Kowal", EntityKind.PERSON) in [(e.name, e.kind) for e in x.entities]


def test_a_ticker_in_brackets_is_an_alias_and_its_exchange_no_company(extractor: Extractor) -> None:
    text = ("Swiss toolmaker Brandt Werkzeug AG (BRWK.S) said on Monday it would buy Tessel Inc (NYSE: TSL). "
            "Tessel shares rose 9%.")
    companies = _companies(extractor, text)
    assert set(companies) == {"Brandt Werkzeug AG", "Tessel Inc"}
    assert "BRWK.S" in companies["Brandt Werkzeug AG"] and "TSL" in companies["Tessel Inc"]


def test_a_particle_inside_a_name_is_part_of_it_and_the_name_without_its_legal_form_an_alias(extractor: Extractor) -> None:
    text = ("Tessel SA called off talks to buy a stake in Spanish operator Brisa del Monte SL in July. "
            "Brisa del Monte declined to comment.")
    companies = _companies(extractor, text)
    assert "Brisa del Monte SL" in companies and "Monte SL" not in companies
    assert "Brisa del Monte" in companies["Brisa del Monte SL"]


def test_a_description_with_a_nationality_is_the_company_introduced_with_it(extractor: Extractor) -> None:
    text = ("Japan's Kurobane Holdings KK agreed to buy German rival Tessel AG for 2 billion euros. "
            "The Japanese company said the deal would close in June. The German firm declined to comment.")
    x = extractor.extract(text)
    names = {e.key: e.name for e in x.entities}
    described = {m.span.text: names[m.entity] for m in x.mentions if m.inferred}
    assert described["The German firm"] == "Tessel AG"
    # and it is the company that declines, not the one that spoke just before
    declined = next(c for c in x.claims if c.status.value == "DECLINED_TO_COMMENT")
    assert declined.source is not None and declined.source.name == "Tessel AG"


@pytest.mark.parametrize("form", ["SpA", "GmbH", "AG", "KK"])
def test_a_legal_form_that_ends_a_sentence_ends_the_name(extractor: Extractor, form: str) -> None:
    # "SpA." and "GmbH." were kept whole, like "Inc.", and the name ran into the next sentence's subject
    text = f"Danish shipper Holmvik agreed to buy Italian rival Corvesa {form}. Holmvik said the deal would close in June."
    assert set(_companies(extractor, text)) == {"Holmvik", f"Corvesa {form}"}
