"""Attribution on sentences of the kinds news writing uses; each row says why it is here."""

from __future__ import annotations

import pytest

from factgraph.extract import Extractor

CASES = [
    # (text, claim index, status, source name or None, source kind or None, the rules that decide it)
    # said after the claim, with a title before the name
    ('Korvan Motors Chief Executive Jane Doe said the plant would open in May.', 0, "CONFIRMED", "Jane Doe", "PERSON",
     "speech-verb > named-entity"),
    # a surname later resolves to the full name
    ('Jane Doe runs Korvan Motors. The plant will open in May, Doe said.', 1, "CONFIRMED", "Jane Doe", "PERSON",
     "speech-verb > named-entity"),
    # "according to" with an anonymous source
    ('Korvan Motors is weighing a sale of its truck unit, according to people familiar with the matter.', 0,
     "ANONYMOUS_SOURCE", None, "ANONYMOUS", "according-to > anonymous-described"),
    # a back-reference to the anonymous source
    ('Korvan Motors is weighing a sale, according to two sources. A deal could come within weeks, the sources said.', 1,
     "ANONYMOUS_SOURCE", None, "ANONYMOUS", "speech-verb > anonymous-again"),
    # the company speaking through a description
    ('Korvan Motors sold 20,000 cars in March. The carmaker said sales rose 12%.', 1, "CONFIRMED", "Korvan Motors", "ORGANIZATION",
     "speech-verb > named-entity"),
    # a spokesperson speaks for the organisation
    ('A spokeswoman for Korvan Motors said the talks had ended.', 0, "CONFIRMED", "Korvan Motors", "ORGANIZATION",
     "speech-verb > spokesperson-for"),
    # statements and filings are on the record
    ('Korvan Motors said in a statement that it had agreed to buy Tessel Inc.', 0, "CONFIRMED", "Korvan Motors", "ORGANIZATION",
     "speech-verb > named-entity"),
    # the publisher's own reporting
    ('Korvan Motors shares rose 3% on Tuesday.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    # a passive "had not been reported" names no speaker
    ('The talks had not previously been reported.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    # a quote with no attribution takes the speaker of the quote before it
    ('"We will grow," Jane Doe said.\n"Nothing will stop us."', 1, "CONFIRMED", "Jane Doe", "PERSON",
     "quote-continues > named-entity"),
    # straight quotes and a two-sentence quotation stay one claim with its speaker
    ('"Prices will rise. Costs are up," Jane Doe of Korvan Motors told reporters.', 0, "CONFIRMED", "Jane Doe", "PERSON",
     "speech-verb > proper-name"),
    # responses
    ('Tessel Inc did not immediately respond to a request for comment.', 0, "NO_RESPONSE", "Tessel Inc", "ORGANIZATION",
     "no-response > named-entity"),
    ('Korvan Motors declined to comment.', 0, "DECLINED_TO_COMMENT", "Korvan Motors", "ORGANIZATION",
     "declined-to-comment > named-entity"),
    ('Korvan Motors denied the report.', 0, "DENIED", "Korvan Motors", "ORGANIZATION", "denied > named-entity"),
    ('Tessel Inc didn’t respond to a request for comment.', 0, "NO_RESPONSE", "Tessel Inc", "ORGANIZATION",
     "no-response > named-entity"),  # curly apostrophe
    ('Korvan Motors dismissed the idea as premature.', 0, "DENIED", "Korvan Motors", "ORGANIZATION",
     "denied > named-entity"),
    ('A spokesman for Tessel Inc could not be reached for comment.', 0, "NO_RESPONSE", "Tessel Inc", "ORGANIZATION",
     "no-response > spokesperson-for"),
    # "did not return calls" is no response; what "would not return" is what was said
    ('A spokesman for Tessel Inc did not return several phone calls.', 0, "NO_RESPONSE", "Tessel Inc", "ORGANIZATION",
     "no-response > spokesperson-for"),
    ('Some cash flowed back today, but the bulk would not return until Monday, traders said.', 0,
     "ANONYMOUS_SOURCE", "traders", "ANONYMOUS", "speech-verb > unnamed-group"),
    # figures and data speak for whoever published them; "than expected" has no speaker
    ('House prices are falling faster than expected, according to new figures from the National Realty Association.', 0,
     "CONFIRMED", "National Realty Association", "ORGANIZATION", "according-to > spokesperson-for"),
    # a party named by a description, not a company name
    ('The provincial government did not respond to a request for comment.', 0, "NO_RESPONSE", "the provincial government", "ORGANIZATION",
     "no-response > institution"),
    # present tense, surname only after the full name
    ('"Rates are biting," said Maria Chen, an economist at the association.\nChen says prices could fall further.', 1,
     "CONFIRMED", "Maria Chen", "PERSON", "speech-verb > named-entity"),
    # "agreed to" is an action the publisher reports; "agreed that" is speech
    ('Korvan Motors agreed on Friday to buy Tessel Inc for $2 billion.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    ('Korvan Motors agreed that the plan needed more work.', 0, "CONFIRMED", "Korvan Motors", "ORGANIZATION",
     "speech-verb > named-entity"),
    # a participle that describes a noun names no speaker
    ('Tessel Inc will sell the vans through a distribution partnership announced in March.', 0, "UNATTRIBUTED", None, None,
     "no-cue"),
    # two companies speak together through a plural description or a joint statement
    ('Korvan Motors and Tessel Inc will build a battery plant in Ohio, the companies announced on Monday.', 0,
     "CONFIRMED", "Korvan Motors and Tessel Inc", "ORGANIZATION", "speech-verb > companies-together"),
    ('Korvan Motors and Tessel Inc will build a plant. Korvan will own 60% of it, according to a joint statement.', 1,
     "CONFIRMED", "Korvan Motors and Tessel Inc", "ORGANIZATION", "according-to > joint-statement"),
    # a closing speaker the parser hangs on the last noun of what was said
    ('Margins fell on higher steel costs and a weaker yen, Korvan Motors’ finance chief, Jane Doe, told analysts.', 0,
     "CONFIRMED", "Jane Doe", "PERSON", "speech-verb > title-of-named-person"),
    # a document speaks for whoever issued it, when it is mentioned again
    ('Korvan Motors disclosed the contract in a regulatory filing. The filing showed that the customer was an Asian utility.',
     1, "CONFIRMED", "Korvan Motors", "ORGANIZATION", "evidence-verb > document-mentioned-before"),
    ('According to a filing Tessel Inc submitted to regulators, the merger should close by June. All plants stay open, '
     'the filing said.', 1, "CONFIRMED", "Tessel Inc", "ORGANIZATION", "speech-verb > document-mentioned-before"),
    ('Tessel Inc employs 4,000 people in nine countries, according to its website.', 0, "CONFIRMED", "Tessel Inc", "ORGANIZATION",
     "according-to > spokesperson-for"),
    # "put the value at" is an estimate
    ('One banker put the cost of the plant at 2 billion euros.', 0, "ANONYMOUS_SOURCE", None, "ANONYMOUS",
     "phrasal-speech-verb > unnamed-person"),
    # whoever is granted anonymity is anonymous, and so is a speaker who is only described
    ('Three Korvan Motors engineers, speaking on condition of anonymity, said the launch had slipped.', 0,
     "ANONYMOUS_SOURCE", None, "ANONYMOUS", "speech-verb > anonymous-described"),
    ('The bidders were told to improve their offers, a lawyer involved in the auction said.', 0, "ANONYMOUS_SOURCE", None, "ANONYMOUS",
     "speech-verb > unnamed-person"),
    # a body that is not a company speaks through its spokespeople
    ('An economy ministry official said the plant would get no subsidy.', 0, "CONFIRMED", "economy ministry", "ORGANIZATION",
     "speech-verb > spokesperson-for"),
    # "the X-based carmaker" is the company in focus
    ('Korvan Motors will cut 300 jobs, the Dallas-based carmaker said on Monday.', 0, "CONFIRMED", "Korvan Motors", "ORGANIZATION",
     "speech-verb > named-entity"),
    # a designator the NER left out of the name before it; a legal form keeps a company a company
    ('Brandt co said it has agreed to sell its African business, Brandt co Pty Ltd, to Veld Corp.', 0,
     "CONFIRMED", "Brandt co Pty Ltd", "ORGANIZATION", "speech-verb > named-entity"),
    ('Valley Community Bank Corp said its profit rose.', 0, "CONFIRMED", "Valley Community Bank Corp", "ORGANIZATION",
     "speech-verb > named-entity"),
    # a spokesman for a firm named in apposition
    ('The stake was sold to 50 investors, a spokesman for brokers Garrick Capel said.', 0, "CONFIRMED", "Garrick Capel", "ORGANIZATION",
     "speech-verb > spokesperson-for"),
    # the last word of a company's name, as a common noun, is that company
    ('Orland Trust for Tessel Shares said it extended its deadline. The trust, which holds 7 mln shares of Tessel Inc <TSL>, '
     'said it had received tenders.', 1, "CONFIRMED", "Orland Trust", "ORGANIZATION",
     "speech-verb > organisation-by-its-word"),
    # a statement speaks for whoever issued it
    ('A statement issued by Halden Corp said it had taken over the option.', 0, "CONFIRMED", "Halden Corp", "ORGANIZATION",
     "speech-verb > document-maker"),
    # a statement that ends in a refusal is still the statement
    ('Jane Doe said Korvan Motors was in talks with a French carmaker, but declined to name it.', 0,
     "CONFIRMED", "Jane Doe", "PERSON", "statement-then-response > speech-verb > named-entity"),
    # a speech verb in a condition reports nothing
    ('If the regulator concludes that prices would rise, it will block the takeover.', 0, "UNATTRIBUTED", None, None,
     "no-cue"),
    # data the publisher compiled is its own reporting (see also the test below)
    # a name that opens a response, however the parser took it
    ('Tallis Freight was bought by Emberly Capital. Emberly didn’t immediately respond to a request for comment.', 1,
     "NO_RESPONSE", "Emberly Capital", "ORGANIZATION", "no-response > opening-name > named-entity"),
    ('Korsgaard Inc bid for logistics firm Tallis Freight. Representatives for Korsgaard and Tallis declined to comment.', 1,
     "DECLINED_TO_COMMENT", "Korsgaard Inc and Tallis Freight", "ORGANIZATION", "declined-to-comment > spokesperson-for"),
    # an institution that is not a company speaks for itself
    ('The Swedish government, which owns 12% of Tessel Inc, said it supported the sale.', 0,
     "CONFIRMED", "the Swedish government", "ORGANIZATION", "speech-verb > institution"),
    # two companies that decline together
    ('Korvan Partners and Wexley Capital bid for the unit. Korvan and Wexley declined to comment.', 1,
     "DECLINED_TO_COMMENT", "Korvan Partners and Wexley Capital", "ORGANIZATION", "declined-to-comment > named-entity"),
    # a company announces through a name the parser hangs the verb on
    ('French engineering group Serrault Technologies announced on Thursday that it had licensed its technology to Kaveri Motors.', 0,
     "CONFIRMED", "Serrault Technologies", "ORGANIZATION", "speech-verb > named-entity"),
    # people the text describes but does not name, alone or as a group, and one of that group
    ('Tessel Inc shares fell. Another arbitrageur said a rival bid was still possible.', 1,
     "ANONYMOUS_SOURCE", "another arbitrageur", "ANONYMOUS", "speech-verb > unnamed-person"),
    ('Foreign diplomats said the new tariff was a modest step.', 0, "ANONYMOUS_SOURCE", "Foreign diplomats", "ANONYMOUS",
     "speech-verb > unnamed-group"),
    ('Foreign diplomats said the new tariff was a modest step. "It changes little," one said.', 1,
     "ANONYMOUS_SOURCE", "one of the Foreign diplomats", "ANONYMOUS", "speech-verb > one-of-the-group"),
    ('Ministry officials, who asked not to be named, said talks went on. One said that a decision was weeks away.', 1,
     "ANONYMOUS_SOURCE", "one of the Ministry officials", "ANONYMOUS", "speech-verb > one-of-the-group"),
    # "he" after an unnamed speaker is that speaker
    ('Jane Doe runs Korvan Motors. One senior trader said the bank sold too many bills. The market will recover, he said.', 2,
     "ANONYMOUS_SOURCE", "One senior trader", "ANONYMOUS", "speech-verb > personal-pronoun"),
    # speech verbs that report a view: "speculated that", "blamed A on B"
    ('Jane Doe runs Korvan Motors. Doe speculated that a rival might bid for Tessel Inc.', 1, "CONFIRMED", "Jane Doe", "PERSON",
     "speech-verb > named-entity"),
    ('Jane Doe runs Korvan Motors. Doe blamed the drop in sales chiefly on the strong yen.', 1, "CONFIRMED", "Jane Doe", "PERSON",
     "speech-verb > named-entity"),
    # the speaker where the parser misread the words around a name: a name after the noun for what it is, and a
    # subject that follows a preposition ("owned by Y, said"), where the name that opens the sentence speaks
    ('The official news agency Tasmedia said today the currency would be devalued by eight pct.', 0,
     "CONFIRMED", "Tasmedia", "ORGANIZATION", "speech-verb > name-after-common-noun > named-entity"),
    ('<Borealis Oil Ltd>, 35 pct owned by <Kestrel International Corp>, said profits will rise in 1988.', 0,
     "CONFIRMED", "Borealis Oil Ltd", "ORGANIZATION", "speech-verb > opening-name-before-preposition > named-entity"),
    ('<Orlen Gas Ltd>, 41 pct owned by <Vistula Holdings Corp>, said earnings would improve in 1988.', 0,
     "CONFIRMED", "Orlen Gas Ltd", "ORGANIZATION", "speech-verb > named-entity"),
    # a date before the speaker, which the parser runs into the name
    ('The regulator on Monday rejected the filing of Trans Coastal Airways Inc. TCA said it would refile.\n'
     'On Friday TCA said it had already bought 15 pct of Korvan.', 2, "CONFIRMED", "TCA", "ORGANIZATION",
     "speech-verb > named-entity"),
    ('On Friday Tessel Inc said it had bought four mln shares of Korvan Motors.', 0, "CONFIRMED", "Tessel Inc", "ORGANIZATION",
     "speech-verb > named-entity"),
    # "was quoted by X as saying": the one quoted speaks; other passives of "quote" name no speaker
    ('Korvan Motors chief Jane Doe was quoted by a business daily as saying that the plant would close.', 0,
     "CONFIRMED", "Jane Doe", "PERSON", "phrasal-speech-verb > named-entity"),
    ('The figures were quoted as a sign of strength.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    # "the <title>" is the person named before, when the title fits: any executive, or the one the text gave them
    ('Dana Kessler, senior vice president of Korvan Motors, said demand would grow. But the Korvan executive said that '
     'costs were rising.', 1, "CONFIRMED", "Dana Kessler", "PERSON", "speech-verb > title-goes-on"),
    ('Finance Minister Jan Kowal said the budget was balanced. The minister added that taxes would fall.', 1,
     "CONFIRMED", "Jan Kowal", "PERSON", "speech-verb > title-goes-on"),
    # (and when it does not fit, the title is someone the text does not name, not the person before)
    ('Dana Kessler, senior vice president of Korvan Motors, said demand would grow. The minister added that taxes would fall.',
     1, "ANONYMOUS_SOURCE", "the minister", "ANONYMOUS", "speech-verb > people-described"),
    # a name in apposition to a title is a person, whatever label the NER gives it
    ('Rival carrier Isola Verde said the remedies did not go far enough.\n"Three routes out of nine is a cosmetic fix," '
     'Isola Verde\'s commercial director, Anne-Marie Colonna, told Reuters.', 1, "CONFIRMED", "Anne-Marie Colonna", "PERSON",
     "speech-verb > title-of-named-person"),
    # the phrase between the last comma and the verb is the speaker, unless it describes the name before it
    ('The round values Nuvola at about $620 million, a source close to the company told Reuters.', 0,
     "ANONYMOUS_SOURCE", "a source close to the company", "ANONYMOUS",
     "speech-verb > phrase-after-last-comma > anonymous-described"),
    ('Demand for oil will keep growing, Dana K. Kessler, a Korvan Motors director and senior vice president told Reuters.',
     0, "CONFIRMED", "Dana K. Kessler", "PERSON", "speech-verb > named-entity"),
    # "he said" is the last speaker: a name since that is no subject, or stands in the quote "he" closes, does not count
    ('Gordon Baird, who has run Tamarack since 2016, said the mine was moving to production at Kenogami.\n'
     '"I am proud of this team. Kenogami will be one of the great mines," he said.', 1, "CONFIRMED", "Gordon Baird", "PERSON",
     "speech-verb > personal-pronoun"),
    ('Jane Doe said sales would rise. Analyst John Roe expects a weak quarter. He said margins were thin.', 2,
     "CONFIRMED", "John Roe", "PERSON", "speech-verb > personal-pronoun"),
    # a report "citing" its sources is theirs; "citing strong demand" cites no one
    ('Business daily El Diario reported that Banco Sol had made an offer for Seguros Ribeira, citing two people close to '
     'the negotiations.', 0, "ANONYMOUS_SOURCE", "two people close to the negotiations", "ANONYMOUS",
     "citing > anonymous-described"),
    ('Korvan Motors shares rose 3 pct, citing strong demand.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    # "they" is the plural subject of the sentence before, when it names someone; institutions speak for themselves
    ('Analysts said demand was weak. The dock unions are recognised by the government. They claim a membership of '
     'two million.', 2, "CONFIRMED", "the dock unions", "ORGANIZATION", "speech-verb > they-before"),
    ('Analysts said demand was weak. Shares fell 3 pct. They said margins were thin.', 2, "ANONYMOUS_SOURCE", "Analysts", "ANONYMOUS",
     "speech-verb > they-before"),
    # a spokesperson for a body a place's name owns speaks for that body, not the company in focus
    ('Caravela Holdings did not respond to a request for comment. A spokesperson for Portugal’s insurance supervisor '
     'declined to comment.', 1, "DECLINED_TO_COMMENT", "Portugal’s insurance supervisor", "ORGANIZATION",
     "declined-to-comment > spokesperson-for"),
    # "the company" in what a spokesman says of a refusal is the spokesman's company; a named party is itself
    ('Korvan Motors declined to comment. A spokesman for Tessel Inc said the company does not comment on rumours.', 1,
     "DECLINED_TO_COMMENT", "Tessel Inc", "ORGANIZATION", "declined-to-comment > the-one-who-says-so > spokesperson-for"),
    # a person the speaker talks about in their own claim does not take over "she" in the next one
    ('Trade Minister Ana Ruiz said she and Finance Minister Tomas Berg had agreed on a budget. She said talks would '
     'resume in May.', 1, "CONFIRMED", "Ana Ruiz", "PERSON", "speech-verb > personal-pronoun"),
    ('Jane Doe said the Dawson report showed weak demand. Prices will fall, she said.', 1, "CONFIRMED", "Jane Doe", "PERSON",
     "speech-verb > personal-pronoun"),
    # a person's name right before the verb speaks, whatever title of an institution comes before it
    ('WASHINGTON, April 9 - Council of Budget Advisers chairman Karen Holt said the government would not raise fuel '
     'taxes this year.', 0, "CONFIRMED", "Karen Holt", "PERSON", "speech-verb > titled-name-before-verb > named-entity"),
    ('OTTAWA, May 2 - Council of Economic Advisers chairman Karen Holt said the government remains opposed to new '
     'fuel taxes.', 0, "CONFIRMED", "Karen Holt", "PERSON", "speech-verb > titled-name-before-verb > named-entity"),
    # "not responding" inside a quotation is the speaker's words, not a party's silence
    ('"Because demand is not responding, the bank will cut rates," Jane Doe said in a note.', 0,
     "CONFIRMED", "Jane Doe", "PERSON", "speech-verb > named-entity"),
    # officials, a spokesman, with no organisation in the story to speak for: an unnamed source, not the publisher
    ('The government plans to raise fuel taxes, officials said on Monday.', 0, "ANONYMOUS_SOURCE", "officials", "ANONYMOUS",
     "speech-verb > spokesperson-for"),
    ('Senior officials said fuel taxes would rise.', 0, "ANONYMOUS_SOURCE", "Senior officials", "ANONYMOUS",
     "speech-verb > spokesperson-for"),
    ('Korvan Motors will close two plants. Officials said the closures would cost 300 jobs.', 1,
     "CONFIRMED", "Korvan Motors", "ORGANIZATION", "speech-verb > spokesperson-for"),
    # a group word capitalised at the start of a sentence is no name, even when the NER takes it for one
    ('The summit ended on Friday. Delegates said the group would keep output steady.', 1,
     "ANONYMOUS_SOURCE", "Delegates", "ANONYMOUS", "speech-verb > unnamed-group"),
    # a quotation paragraph left open is the speaker's who closes it in the next paragraph
    ('Mark Ellison runs Korvan Motors.\n"The unit is not for sale. We have other plans.\n"The board agrees with me," he said.', 1,
     "CONFIRMED", "Mark Ellison", "PERSON", "quote-attributed-below > personal-pronoun"),
    ('Korvan Motors sold its unit.\n"The unit was not for sale.\nShares rose 3 pct.', 1, "UNATTRIBUTED", None, None,
     "no-cue"),
    # a title and a name after the comma that closes what was said
    ('Sales fell 3 pct in a weak market, chairman and chief executive Lena Marsh said in a statement.', 0,
     "CONFIRMED", "Lena Marsh", "PERSON", "speech-verb > titled-name-before-verb > named-entity"),
    # "<parent> unit <Name>": the unit that is named speaks, not its parent or the parent's ticker
    ('Nordvik Group <NRV.OL> unit <Nordvik Shipping Ltd>, said its net profit fell to 12 mln crowns in 1986.', 0,
     "CONFIRMED", "Nordvik Shipping Ltd", "ORGANIZATION", "speech-verb > part-of-organisation"),
    ('Royal Halvard/Nordic Group <HAL.OL> unit <Halvard Australia Ltd>, said its net profit fell to 12 mln dlrs.', 0,
     "CONFIRMED", "Halvard Australia Ltd", "ORGANIZATION", "speech-verb > part-of-organisation"),
    # an unnamed businessman is an anonymous source
    ('The krone could rise further, a leading Danish businessman said.', 0,
     "ANONYMOUS_SOURCE", "a leading Danish businessman", "ANONYMOUS", "speech-verb > unnamed-person"),
    # a bare surname that speaks is the person of that surname, even when the index took it for a company
    ('Budget chief Carl Lindgren said the tax plan was sound.\n"Our greatest danger is delay," Lindgren told reporters.\n'
     'Anna Holm, Lindgren\'s spokeswoman, said the remarks were accurate.', 1, "CONFIRMED", "Carl Lindgren", "PERSON",
     "speech-verb > named-entity"),
    # an institution written with no article speaks for itself
    ('Police said the suspect was arrested on Monday.', 0, "CONFIRMED", "Police", "ORGANIZATION",
     "speech-verb > institution"),
    ('The bridge will stay closed until Friday, city police said.', 0, "CONFIRMED", "city police", "ORGANIZATION",
     "speech-verb > institution"),
    # a spokesperson for a body the text names by a common noun speaks for that body
    ('A spokesperson for the province said the request was under review.', 0, "CONFIRMED", "the province", "ORGANIZATION",
     "speech-verb > spokesperson-for"),
    # what someone will or may announce has not been said yet
    ('The Bank of Lorvia will announce its rate decision next week.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    ('Korvan Motors may confirm the deal on Monday.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    # a ticker in brackets after the name, parsed as the subject: the name speaks
    ('LONDON, June 18 - Carlow Telecommunications Plc <CTL.L> said it looked to further progress this year.', 0,
     "CONFIRMED", "Carlow Telecommunications Plc", "ORGANIZATION", "speech-verb > name-before-ticker > named-entity"),
    # "the paper" continues the publication that spoke before
    ('The mine will close in May, the Lorvia Herald said.\nMost of its workers will move to a new site, the paper said.', 1,
     "CONFIRMED", "Lorvia Herald", "ORGANIZATION", "speech-verb > company-goes-on"),
    # "X quoted Y as saying": Y speaks
    ('The Daily Planet reported that the mine would close. The paper quoted intelligence sources as saying the missiles '
     'were new.', 1, "ANONYMOUS_SOURCE", "intelligence sources", "ANONYMOUS", "phrasal-speech-verb > anonymous-described"),
    # a term in quotation marks is no one's words: it does not take the speaker of the quote before
    ('"We will strike," said Reginald Moe, a union spokesman.\nThe union gave the company what it calls a "five-day '
     'letter," which gives it five days to settle.', 1, "UNATTRIBUTED", None, None, "no-cue"),
    # officials or a statement tied to a nation, a trade or a body do not speak for the company in focus
    ('Korvan Motors raised prices on Monday. Lorvian officials said the currency was too strong.', 1,
     "ANONYMOUS_SOURCE", "Lorvian officials", "ANONYMOUS", "speech-verb > spokesperson-for"),
    ('Korvan Motors raised prices on Monday. Trade officials said the currency was too strong.', 1,
     "ANONYMOUS_SOURCE", "Trade officials", "ANONYMOUS", "speech-verb > spokesperson-for"),
    ('Korvan Motors raised prices on Monday. Officials at the ministry said the currency was too strong.', 1,
     "CONFIRMED", "the ministry", "ORGANIZATION", "speech-verb > spokesperson-for"),
    ('Korvan Motors raised prices on Monday. A spokesman for the carmaker said demand was strong.', 1,
     "CONFIRMED", "Korvan Motors", "ORGANIZATION", "speech-verb > spokesperson-for"),
    # "it said" goes on with an institution that spoke just before, though the index has no entity for it
    ('The Statistics Bureau said unemployment fell to 8.2 pct in February. The number of unemployed declined to '
     '632,100, it said.', 1, "CONFIRMED", "Statistics Bureau", "ORGANIZATION", "speech-verb > it-in-focus"),
    # delegates and workers the text does not name are anonymous sources
    ('A consumer delegate said producers should compromise.', 0, "ANONYMOUS_SOURCE", "a consumer delegate", "ANONYMOUS",
     "speech-verb > unnamed-person"),
    ('Harbour workers said they will strike on Monday.', 0, "ANONYMOUS_SOURCE", "Harbour workers", "ANONYMOUS",
     "speech-verb > unnamed-group"),
    # "another bank": an organisation the text does not name
    ('Korvan Bank raised its rate. Another bank said it would follow.', 1, "CONFIRMED", "another bank", "ORGANIZATION",
     "speech-verb > unnamed-organisation"),
    # a reporting verb that is denied reports nothing said
    ('The fields have been targets in the past, but Lorvia had not reported any strikes.', 0, "UNATTRIBUTED", None, None,
     "no-cue"),
    ('Korvan Motors never announced a price for the sale.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    # "the office", "the centre": the organisation that spoke before under a name with that word
    ('The Office of Finance, Lorvian Home Banks, said it set rates on its debt offering.\nIt said the issues mature in '
     '1990.\nThe office said allotments must be confirmed by noon.', 2, "CONFIRMED", "Office of Finance", "ORGANIZATION",
     "speech-verb > organisation-by-its-word"),
    # the holder of a title the text does not name speaks for the body the title is of
    ('A strike at the airline is likely before the end of the year, the president of the pilots\' union said.', 0,
     "CONFIRMED", "the pilots' union", "ORGANIZATION", "speech-verb > title-of-named-person"),
    ('Korvan Motors cut jobs. The president of the company said more cuts would follow.', 1,
     "CONFIRMED", "Korvan Motors", "ORGANIZATION", "speech-verb > title-of-named-person"),
    # investigators the text does not name are an anonymous source
    ('In a separate report, the investigators said large aircraft should have fail-safe systems.', 0,
     "ANONYMOUS_SOURCE", "the investigators", "ANONYMOUS", "speech-verb > unnamed-group"),
    # a person's office speaks for the person
    ('Health Minister Tom Roe visited Halifax. The province will hire 500 nurses, Roe\'s office said in a statement.', 1,
     "CONFIRMED", "Tom Roe", "PERSON", "speech-verb > office-of-person"),
    # whom one reports to, what one was commenting on: no words said
    ('Jane Doe joined Korvan Motors in May. She reports to John Roe, the chief executive.', 1, "UNATTRIBUTED", None, None,
     "no-cue"),
    ('Korvan Bank was commenting on a proposed new bill.', 0, "UNATTRIBUTED", None, None, "no-cue"),
    ('Jane Doe spoke on Monday. "No," Doe replied to reporters.', 1, "CONFIRMED", "Jane Doe", "PERSON",
     "speech-verb > named-entity"),
    # the name right before the verb when the parse gave it a subject that names no one
    ('After the close of trading the Lorvia Stock Exchange said preliminary figures indicated a record drop in the '
     'main index.', 0, "CONFIRMED", "Lorvia Stock Exchange", "ORGANIZATION", "speech-verb > name-before-verb > proper-name"),
    # a named speaker with a description after what was said
    ('The crash was exaggerated and did not reflect economic fundamentals, Karl Weber, president of the national '
     'banking association, said.', 0, "CONFIRMED", "Karl Weber", "PERSON", "speech-verb > named-entity"),
    # more people the text does not name; "another" of a group, like "one"
    ('Underwriters said two of the offerings were negotiated deals.', 0, "ANONYMOUS_SOURCE", "Underwriters", "ANONYMOUS",
     "speech-verb > unnamed-group"),
    ('Supporters of the bill said passage was only a first step.', 0, "ANONYMOUS_SOURCE", "Supporters of the bill", "ANONYMOUS",
     "speech-verb > unnamed-group"),
    ('Dealers said the yen was weak. One said the central bank was buying. Another said it seemed to push the dollar up.',
     2, "ANONYMOUS_SOURCE", "one of the Dealers", "ANONYMOUS", "speech-verb > one-of-the-group"),
    # declaring a dividend is an act; declaring that something is so is speech
    ('Korvan Corp raised its payout. The board also declared a regular quarterly cash dividend of 12.5 cts.', 1,
     "UNATTRIBUTED", None, None, "no-cue"),
    ('Governor Ana Ruiz declared that a state of emergency existed in the province.', 0, "CONFIRMED", None, "PERSON",
     "speech-verb > proper-name"),
    # a title before a name the NER missed is what the speaker is, not part of the name
    ('Governor Ana Ruiz said the province would cut taxes.', 0, "CONFIRMED", "Ana Ruiz", "PERSON",
     "speech-verb > proper-name"),
    # "unnamed", "unidentified": an anonymous source
    ('The report in the Lorvia Herald quoted unnamed friends of the admiral as saying he felt he was following orders.', 0,
     "ANONYMOUS_SOURCE", "unnamed friends of the admiral", "ANONYMOUS", "phrasal-speech-verb > anonymous-described"),
    # a description that says which company it means by how it was introduced, not the company that spoke last
    ('Danish shipper Holmvik agreed to buy a stake in Italian rival Corvesa SpA. Holmvik said the deal would close in June. '
     'The Italian company declined to comment on the price.', 2, "DECLINED_TO_COMMENT", "Corvesa SpA", "ORGANIZATION",
     "declined-to-comment > company-described"),
    ('Danish shipper Holmvik agreed to buy a stake in Italian rival Corvesa SpA. Corvesa said the deal was fair. '
     'The shipper did not respond to a request for comment.', 2, "NO_RESPONSE", "Holmvik", "ORGANIZATION",
     "no-response > company-described"),
    # one statement per claim: the second quotation of a speaker is a claim of its own, with the same speaker and cue
    ('"Sales will rise," Jane Doe said. "Costs are under control."', 1, "CONFIRMED", 'Jane Doe', 'PERSON',
     "quote-continues > named-entity"),
    # 'adding that' and 'but warned that' are second statements of the same speaker
    ('Jane Doe said sales would rise, adding that costs were under control.', 1, "CONFIRMED", 'Jane Doe', 'PERSON',
     "adding-that > speech-verb > named-entity"),
    ('Jane Doe, an analyst at Tessel Securities, said the deal would help, but warned that costs would climb.', 1, "CONFIRMED", 'Jane Doe', 'PERSON',
     "and-another-verb > speech-verb > named-entity"),
    # a second speaker in the same sentence
    ('Jane Doe said sales would rise, but John Roe, an analyst at Tessel Securities, said they would fall.', 1, "CONFIRMED", 'John Roe', 'PERSON',
     "second-speaker > speech-verb > named-entity"),
    # a statement and a response in one sentence: two claims
    ('Li Wen said the company was in talks with two buyers, but declined to name them.', 1, "DECLINED_TO_COMMENT", 'Li Wen', 'PERSON',
     "declined-to-comment > named-entity"),
    # polls, studies and lawsuits are sources; their maker when the text names it
    ('The lawsuit alleges that the landlord ignored repeated complaints about mould.', 0, "CONFIRMED", 'the lawsuit', 'DOCUMENT',
     "speech-verb > document-itself"),
    ('A poll released on Monday by the Halden Institute found that most voters oppose the tax.', 0, "CONFIRMED", 'Halden Institute', 'ORGANIZATION',
     "evidence-verb > document-maker"),
    # people the text only describes, and shares of them
    ('Nearly a third of the voters surveyed said they had not decided.', 0, "ANONYMOUS_SOURCE", 'Nearly a third of the voters surveyed', 'ANONYMOUS',
     "speech-verb > people-described"),
    ('Critics say the plan does nothing for renters.', 0, "ANONYMOUS_SOURCE", 'Critics', 'ANONYMOUS',
     "speech-verb > unnamed-group"),
    # what a person believes or wants, with what it is about
    ('Jane Doe, a nurse in Leeds, fears the ward will close by summer.', 0, "CONFIRMED", 'Jane Doe', 'PERSON',
     "belief-verb > named-entity"),
    ('Senator Ana Ruiz wants the council to scrap the tax.', 0, "CONFIRMED", 'Ana Ruiz', 'PERSON',
     "stance-verb > named-entity"),
    # a company's plans are the publisher's report, not a statement
    ('Korvan Motors plans to build a plant in Ohio.', 0, "UNATTRIBUTED", None, None,
     "no-cue"),
    # a title and surname is the full name introduced earlier
    ('Judge Ellen Marlow of the Halden County court heard the case on Monday. Judge Marlow said the evidence was thin.', 1, "CONFIRMED", 'Ellen Marlow', 'PERSON',
     "speech-verb > named-entity"),
    # an organisation written out and then by its initials is one source, by its full name
    ('The Federal Aviation Administration said on Tuesday that it would inspect 300 planes. The FAA added that no flights would be cancelled.', 1, "CONFIRMED", 'Federal Aviation Administration', 'ORGANIZATION',
     "speech-verb > named-entity > initials-of-name"),
    # 'the council' is the council the story named
    ('The Halden city council voted to raise fees. The council said the money would go to roads.', 1, "CONFIRMED", 'Halden city council', 'ORGANIZATION',
     "speech-verb > institution-named-before"),
    # a name spelled two ways is one person
    ('Mohammed al-Rashid, the union\'s leader, called the offer an insult. "We will strike," Mohammad al-Rashid said.', 1, "CONFIRMED", 'Mohammed al-Rashid', 'PERSON',
     "speech-verb > named-entity"),
    # a description as speaker is the person introduced so
    ('Maria Chen, a soft-spoken engineer at the plant, has worked there for 20 years. "We were never told," the soft-spoken engineer said.', 1, "CONFIRMED", 'Maria Chen', 'PERSON',
     "speech-verb > title-goes-on"),
    # 'said:' gives the paragraph after it to the speaker: the line and its first sentence are one claim
    ('The governor added:\nThe budget will be balanced by next spring. Taxes will not rise.', 1, "ANONYMOUS_SOURCE",
     'the governor', 'ANONYMOUS', "said-with-colon > people-described"),
    # typewriter quotation marks, as some archives print them
    ("''We are ready,'' said Representative Dan Kildee, a Michigan Democrat. ''The money has to come.''", 1, "CONFIRMED", 'Dan Kildee', 'PERSON',
     "quote-continues > named-entity"),
    # a quotation after the publisher's own reporting takes no earlier speaker
    ('Jane Doe, the mayor of Halden, said the budget was balanced.\nThe budget includes $4 million for roads.\n"It is not enough."', 2, "UNATTRIBUTED", None, None,
     "no-cue"),
]


@pytest.mark.parametrize(("text", "index", "status", "name", "kind", "rule"), CASES, ids=[c[0][:40] for c in CASES])
def test_attribution(extractor: Extractor, text: str, index: int, status: str, name: str | None, kind: str | None,
                     rule: str) -> None:
    claim = extractor.extract(text).claims[index]
    assert claim.rule == rule
    assert claim.status.value == status
    if kind is None:
        assert claim.source is None
    else:
        assert claim.source is not None and claim.source.kind.value == kind
        if name is not None:
            assert claim.source.name == name


def test_a_response_answers_the_sourced_claims_before_it(extractor: Extractor) -> None:
    text = ("Korvan Motors is in talks to buy Tessel Inc, people familiar with the matter said.\n"
            "The deal could be worth $2 billion, one of the people said.\n"
            "Tessel Inc declined to comment.")
    claims = extractor.extract(text).claims
    assert claims[2].status.value == "DECLINED_TO_COMMENT"
    assert claims[2].concerns == (0, 1)


def test_credits_and_datelines_are_not_claims(extractor: Extractor) -> None:
    text = ("FRANKFURT (Reuters) - Korvan Motors said on Monday it would cut 2,000 jobs.\n"
            "(Reporting by Jane Roe; Editing by John Poe)")
    x = extractor.extract(text)
    assert [c.span.text for c in x.claims] == ["Korvan Motors said on Monday it would cut 2,000 jobs."]
    assert x.publisher == "Reuters"
    assert [m.text for m in x.metadata] == ["FRANKFURT (Reuters) -", "(Reporting by Jane Roe; Editing by John Poe)"]
    assert not any(e.name in {"Jane Roe", "John Poe"} for e in x.entities)


def test_a_quote_after_reported_speech_takes_that_speaker(extractor: Extractor) -> None:
    text = 'Jane Doe, chief executive of Korvan Motors, said sales would rise.\n"It was a good year for us."'
    claims = extractor.extract(text).claims
    assert claims[1].source is not None and claims[1].source.name == "Jane Doe"


def test_the_publishers_own_earlier_report_is_its_reporting(extractor: Extractor) -> None:
    claim = extractor.extract("Bloomberg News reported in May that Korvan Motors was weighing a sale.", publisher="Bloomberg").claims[0]
    assert (claim.status.value, claim.source) == ("UNATTRIBUTED", None)


def test_a_response_answers_what_its_paragraph_said_before_it(extractor: Extractor) -> None:
    text = ("Korvan Motors has agreed to buy Tessel Inc, the carmaker said on Monday.\n"
            "The price was not made public. Korvan Motors declined to give the figure.")
    claims = extractor.extract(text).claims
    assert claims[2].concerns == (0, 1)


def test_a_denial_answers_the_claim_it_points_back_to(extractor: Extractor) -> None:
    text = ("Traders have long expected Korvan Motors to bid for Tessel Motors. "
            "Jane Doe, Korvan's chief executive, rejected the idea as nonsense.")
    claims = extractor.extract(text).claims
    assert claims[1].status.value == "DENIED" and 0 in claims[1].concerns


def test_data_the_publisher_compiled_is_its_reporting(extractor: Extractor) -> None:
    claim = extractor.extract("Tessel shares have gained 14% this year, according to data compiled by Bloomberg.",
                              publisher="Bloomberg").claims[0]
    assert (claim.status.value, claim.source) == ("UNATTRIBUTED", None)


def test_the_name_before_a_description_speaks_when_the_parse_lost_it(extractor: Extractor) -> None:
    """ "In a filing with the commission, Pellman, a Boston investor and fund manager, said": with the name parsed as
    a conjunct of the object of "with" (as the model does in some contexts), the loose subject is still the name, not
    the first noun of the description."""
    from spacy.tokens import Doc

    from factgraph.extract.cues import _loose_subject
    words = "In a filing with the commission , Pellman , a Boston investor and fund manager , said he sold .".split()
    pos = ["ADP", "DET", "NOUN", "ADP", "DET", "NOUN", "PUNCT", "PROPN", "PUNCT", "DET", "PROPN", "NOUN", "CCONJ",
           "NOUN", "NOUN", "PUNCT", "VERB", "PRON", "VERB", "PUNCT"]
    heads = [16, 2, 0, 2, 5, 3, 5, 5, 7, 14, 11, 14, 11, 14, 7, 5, 16, 18, 16, 16]
    deps = ["prep", "det", "pobj", "prep", "det", "pobj", "punct", "conj", "punct", "det", "compound", "nmod", "cc",
            "conj", "appos", "punct", "ROOT", "nsubj", "ccomp", "punct"]
    doc = Doc(extractor.nlp.vocab, words=words, pos=pos, heads=heads, deps=deps, lemmas=[w.lower() for w in words],
              ents=["O"] * 7 + ["B-PERSON"] + ["O"] * 12)
    doc[16].lemma_ = "say"
    assert [t.text for t in _loose_subject(doc[16], doc[:], lambda t: False)] == ["Pellman"]


def test_the_name_before_a_ticker_parsed_as_the_subject_speaks(extractor: Extractor) -> None:
    """ "Brynmor International Plc <BRYN.L> said", parsed (as the model does for some names) with the ticker as the
    subject of "said": the name before the brackets speaks."""
    from spacy.tokens import Doc

    from factgraph.extract.cues import _named_subject
    words = "Brynmor International Plc < BRYN.L > said it bought two companies .".split()
    pos = ["PROPN", "PROPN", "PROPN", "X", "PROPN", "PUNCT", "VERB", "PRON", "VERB", "NUM", "NOUN", "PUNCT"]
    heads = [2, 2, 4, 4, 6, 4, 6, 8, 6, 10, 8, 6]
    deps = ["compound", "compound", "nmod", "punct", "nsubj", "appos", "ROOT", "nsubj", "ccomp", "nummod", "dobj", "punct"]
    doc = Doc(extractor.nlp.vocab, words=words, pos=pos, heads=heads, deps=deps)
    assert _named_subject([doc[4]], doc[6], doc[:])[0].text == "Plc"


def test_two_statements_of_one_speaker_share_the_source_and_the_cue(extractor: Extractor) -> None:
    """ '"A," Okafor said. "B."' and 'She said A, adding that B': two claims, one source, one cue (the contract)."""
    for text in ['"Sales will rise," Ada Okafor said. "Costs are under control."',
                 'Ada Okafor said sales would rise, adding that costs were under control.']:
        first, second = extractor.extract(text).claims
        assert first.span.end <= second.span.start
        assert first.source == second.source and first.source is not None and first.source.name == "Ada Okafor"
        assert first.cue == second.cue and first.cue is not None and first.cue.text == "Ada Okafor said"


def test_one_quotation_over_two_sentences_stays_one_claim(extractor: Extractor) -> None:
    claims = extractor.extract('"Sales will rise. Costs are under control," Ada Okafor said at the launch.').claims
    assert len(claims) == 1 and claims[0].source is not None and claims[0].source.name == "Ada Okafor"
