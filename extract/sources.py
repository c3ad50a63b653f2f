"""Who a noun phrase names when it says something: a person, a company, an anonymous source.

"Zhu" -> Zhu Jiangming; "the company" -> the company in focus; "a spokeswoman for Korvan" -> Korvan;
"people familiar with the matter" -> an anonymous source; "the person" later -> that same source;
"he" -> the person last named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span as TokenSpan
from spacy.tokens import Token

from .entities import EntityIndex
from .lexicon import (COMPANY_DESIGNATORS, COMPANY_NOUNS, is_document_noun, HONORIFICS, NOT_COMPANY_WORDS, TITLE_WORDS, is_company_noun,
                      is_people_noun)
from . import rules
from .model import EntityKind, Source, SourceKind

# Words that keep a speaker unnamed; the second list only ever comes with a speaker who is.
WITHHELD_NAME = (r"not authori[sz]ed|ask(?:ed|ing) not to be|declin(?:ed|ing) to be (?:named|identified)|condition of anonymity|"
                 r"requested anonymity|speaking anonymously|who did not want to be")
ANONYMOUS = re.compile(
    r"\b(?:sources?|insiders?|unnamed|unidentified|familiar with|knowledge of|close to|briefed on|aware of|involved in|privy to|"
    + WITHHELD_NAME + r")\b",
    re.I,
)
ANONYMITY_GRANTED = re.compile(r"\b(?:" + WITHHELD_NAME + r")\b", re.I)
ANONYMOUS_BACK_REFERENCE = re.compile(
    r"^(?:the|that|this|one of the|both|another|a second)\s+(?:(?:two|three|four|several)\s+)?"
    r"(?:person|people|source|sources|official|officials|executive|insider|banker|bankers)$",
    re.I,
)
SPOKESPEOPLE = frozenset(
    """spokesman spokeswoman spokesperson spokespeople representative representatives official officials
    executive executives management board director directors team statement filing release
    announcement letter memo figures website site prospectus accounts presentation records""".split()
)
# Words that make a title another one: "Vice President", "former Governor", "Deputy Minister".
RANKS_BELOW = frozenset("vice former ex deputy assistant associate acting lieutenant under".split())
# Titles as news abbreviates them before a name: "Sen. Bernie Sanders", "Gov. Ana Ruiz".
TITLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "gen": "general", "prof": "professor",
                       "pres": "president", "sec": "secretary", "lt": "lieutenant", "col": "colonel", "capt": "captain",
                       "supt": "superintendent", "insp": "inspector", "det": "detective", "sgt": "sergeant"}
# What speaks for the person who owns it: "the minister's office said", "Roe's campaign said".
SPEAKS_FOR_OWNER = frozenset("office campaign".split())
# Documents an organisation issues: "the filing said" is whoever made the filing mentioned before.
DOCUMENTS = frozenset("statement filing release announcement report letter memo note prospectus".split())
MENTIONED_DOCUMENT = re.compile(r"\b(?:a|an|its|their|the|his|her)\s+(?:[\w-]+\s+){0,2}?(?P<noun>" + "|".join(DOCUMENTS) + r")\b", re.I)
# What someone compiles or publishes: "data compiled by Bloomberg" is Bloomberg's.
COMPILED = frozenset("data datum figure number survey study estimate research analysis poll".split())
DOCUMENT_VENUE = re.compile(r"\bin\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?P<noun>" + "|".join(DOCUMENTS) + r")\b", re.I)
# People the text describes but does not name: "a banker involved in the deal", "an executive at a rival".
UNNAMED_PEOPLE = frozenset(
    """analyst economist expert trader investor banker observer critic resident witness person dealer broker strategist
    lawyer executive official insider employee worker adviser advisor manager diplomat aide negotiator lobbyist
    arbitrageur arbitrager attache businessman businesswoman delegate officer clerk underwriter""".split()
)
HUMAN_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson representative official executive director analyst person source".split()
)
UNNAMED_GROUPS = frozenset(
    """analysts economists experts traders investors bankers observers critics residents witnesses people
    arbitrageurs arbitragers dealers brokers strategists lawyers diplomats aides negotiators lobbyists attaches
    authorities delegates participants businessmen workers employees farmers managers investigators prosecutors
    underwriters supporters opponents""".split()
)


QUOTE_MARKS = re.compile(r"[\"“”]")


@dataclass(frozen=True, slots=True)
class Speaker:
    """The words that name who speaks, as the source rules read them."""

    subject: Token  # the head word: "spokeswoman" in "a spokeswoman for Korvan"
    phrase: TokenSpan  # its words, without a relative clause or apposition after it
    sentence: TokenSpan
    text: str  # the phrase's text, trimmed
    tail: str  # the sentence after the phrase: "..., speaking on condition of anonymity, said"

    @property
    def lower(self) -> str:
        return self.subject.lower_

    @property
    def lemma(self) -> str:
        return self.subject.lemma_


class _Nobody:
    """What a rule answers when it decides that the words name no source: no later rule is tried."""


NOBODY = _Nobody()
SourceRule = Callable[["SourceResolver", Speaker], "Source | _Nobody | None"]
SOURCE_RULES = rules.table("sources")


@dataclass(frozen=True, slots=True)
class Resolved:
    source: Source
    rule: str  # the name of the source rule that decided it


class SourceResolver:
    """Resolves speakers within one document, remembering the anonymous sources already introduced."""

    def __init__(self, index: EntityIndex) -> None:
        self.index = index
        self._anonymous: list[str] = []
        # The last unnamed group that spoke ("Western diplomats"): a bare "one said" is one of them.
        self._group: str | None = None
        # The last person who spoke, named or not ("a spokeswoman"), where, and where the claim they spoke in
        # ends: "she said" may mean them.
        self._last_human: tuple[int, int, Source] | None = None
        # Organisations the text describes but does not name, by head noun: "the group" refers back to them.
        self._unnamed: dict[str, Source] = {}
        # The last organisation that spoke, and in which claim: "the company said" usually continues it.
        self._org_speaker: tuple[int, Source] | None = None
        self.claim_number = 0
        self._last_source: tuple[int, Source] | None = None
        self._documents: dict[str, Source] = {}
        # The organisations that spoke, in order: "the office said" is the last whose name has the word "office".
        self._organizations: list[Source] = []
        self._resolving: set[int] = set()  # the tokens being resolved, while a rule resolves another phrase
        self._institutions: list[tuple[int, str, str]] | None = None  # (where, head word, name), made when first asked

    def issued(self, cue: str, sentence: str, source: Source) -> None:
        """Records the documents a cue says the source issued: "said in a regulatory filing", and those its
        sentence puts the statement "in": "Korvan disclosed the contract in a regulatory filing"."""
        for match in [*MENTIONED_DOCUMENT.finditer(cue), *DOCUMENT_VENUE.finditer(sentence)]:
            self._documents[match.group("noun").lower()] = source

    def spoke(self, source: Source) -> None:
        """Records who a claim is attributed to (not who declined to speak)."""
        self._last_source = (self.claim_number, source)
        if source.kind == SourceKind.ORGANIZATION:
            self._organizations.append(source)
        if source.kind == SourceKind.ORGANIZATION and source.entity:
            self._org_speaker = (self.claim_number, source)

    def resolve(self, subject: Token, sentence: TokenSpan) -> Resolved | None:
        """Who the words headed by `subject` name, and the rule that said so."""
        while subject.is_punct and any(not c.is_punct for c in subject.children):
            subject = [c for c in subject.children if not c.is_punct][-1]  # "<Battery Group Ltd>" parsed with ">" as head
        resolved = self._resolve(subject, sentence)
        if resolved is not None and (resolved.source.kind == SourceKind.PERSON or subject.lemma_ in HUMAN_NOUNS
                                     or subject.lower_ in UNNAMED_PEOPLE or subject.lower_ == "one"
                                     or subject.tag_ == "NN" and is_people_noun(subject.lemma_)):
            self._last_human = (subject.idx, sentence.end_char, resolved.source)
        return resolved

    def _resolve(self, subject: Token, sentence: TokenSpan) -> Resolved | None:
        if subject.i in self._resolving:
            return None  # "a report that found ...": a rule that resolves another phrase came back to this one
        phrase = _phrase_of(subject)
        speaker = Speaker(subject, phrase, sentence, phrase.text.strip(" ,"), self.index.text[phrase.end_char:sentence.end_char])
        self._resolving.add(subject.i)
        try:
            for rule in SOURCE_RULES:
                answer = rule.apply(self, speaker)
                if answer is NOBODY:
                    return None
                if isinstance(answer, Source):
                    return Resolved(answer, rule.name)
            return None
        finally:
            self._resolving.discard(subject.i)

    def source_of(self, subject: Token, sentence: TokenSpan) -> Source | None:
        """The source alone, for rules that resolve a second phrase ("a filing Tessel submitted")."""
        resolved = self._resolve(subject, sentence)
        return resolved.source if resolved is not None else None

    def anonymous(self, name: str, group: bool = False) -> Source:
        """Introduces an anonymous source: "the person" or "the sources" later refer back to it."""
        self._anonymous.append(name)
        if group:
            self._group = name
        return Source(name, SourceKind.ANONYMOUS)

    def _plural_subject_before(self, sentence: TokenSpan) -> Source | None:
        """Who the plural subject of the sentence before this one is, when it names someone."""
        doc = sentence.doc
        end = sentence.start
        while end > 0 and doc[end - 1].is_space:
            end -= 1
        if end == 0:
            return None
        previous = doc[end - 1].sent
        subjects = [c for c in previous.root.children if c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"NNS", "NNPS"}]
        return self.source_of(subjects[0], previous) if subjects else None

    def _person_before(self, subject: Token, sentence: TokenSpan) -> Source | None:
        """Who "he" or "the executive" is: the last person who spoke, unless another person was the subject of a
        clause since ("Jane Doe said ... . John Roe runs the unit. He said"), outside the quotation "he" closes.
        The people the speaker talked about in that same claim do not count: in "Jane Doe said she and John Roe
        set targets. She said ..." the story stays with its speaker."""
        text = self.index.text
        if self._last_human:
            spoke_at, claim_end, speaker = self._last_human
            since = [m for m in self.index.subject_mentions_in(max(spoke_at + 1, claim_end), subject.idx, EntityKind.PERSON)
                     if m.span.start < sentence.start_char or len(QUOTE_MARKS.findall(text, sentence.start_char, m.span.start)) % 2 == 0]
            if not since:
                return speaker
        return self._source_of(self.index.in_focus(subject.idx, EntityKind.PERSON))

    def institution_named(self, noun: str, before: int) -> str | None:
        """The last institution named before `before` by a phrase whose head is `noun` and that has a name in it:
        "the Halden city council", "the Ministry of Health" for "council", "ministry"."""
        if self._institutions is None:
            self._institutions = []
            for chunk in self.index.doc.noun_chunks:
                root = chunk.root
                if root.pos_ == "NOUN" and any(t.pos_ == "PROPN" for t in chunk) or root.pos_ == "PROPN" and root.lower_ in NOT_COMPANY_WORDS | ORGANISATION_NOUNS:
                    words = chunk[1:] if chunk[0].pos_ == "DET" else chunk
                    self._institutions.append((chunk.start_char, root.lemma_.lower(), words.text))
                    for child in root.rights:  # "the Ministry of Health": the name goes on after "of"
                        if child.dep_ == "prep" and child.lower_ == "of" and any(t.pos_ == "PROPN" for t in child.subtree):
                            whole = root.doc[words.start:child.right_edge.i + 1]
                            self._institutions[-1] = (chunk.start_char, root.lemma_.lower(), whole.text)
        found = [name for start, lemma, name in self._institutions if lemma == noun and start < before and " " in name]
        return found[-1] if found else None

    def _spoken_as(self, noun: str) -> Source | None:
        """The last organisation that spoke whose name has `noun` as a word: "the office" for "The Office of
        Finance, Federal Home Loan Banks", "the trust" for "National Capital Real Estate Trust"."""
        for source in reversed(self._organizations):
            if noun in source.name.lower().split():
                return source
        return None

    def person_by_surname(self, word: str) -> str | None:
        return self._person_by_surname(word)

    def source_of_key(self, key: str) -> Source | None:
        return self._source_of(key)

    def _person_by_surname(self, word: str) -> str | None:
        """The person of the story whose surname a bare name is: "Weil said" after "Ulric Weil of Weil and
        Associates", "Miller told" after "James Miller", where the index took the surname for a company. A bare
        surname that speaks is a person; a firm named after its founder is called by its full name."""
        people = [e.key for e in self.index.entities
                  if e.kind == EntityKind.PERSON and len(e.name.split()) > 1 and e.name.split()[-1] == word]
        return people[0] if len(people) == 1 else None

    def titled_before(self, title: str, before: int, modifiers: list[str]) -> str | None:
        """The last person named before `before` with `title` right beside the name, and the description's other
        words too: "President Barack Obama" for "the president", "Vermont Sen. Bernie Sanders" for "the Vermont
        senator", "Donald Trump, the Republican nominee," for "the Republican nominee"."""
        text = self.index.text
        words = {title} | {abbreviation for abbreviation, full in TITLE_ABBREVIATIONS.items() if full == title}
        close = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\.?(?:\s+[A-Z][\w.'’-]*){0,2}\s*$", re.I)
        after = re.compile(r"^,\s+(?:the|a|an|its|their)\s+(?:[\w.'’-]+\s+){0,4}?" + re.escape(title) + r"\b[^,.;]{0,40},", re.I)
        headline = text.find("\n")
        found = None
        for mention in self.index.mentions:
            if mention.span.start >= before or mention.inferred or self.index.entity(mention.entity).kind != EntityKind.PERSON \
                    or mention.span.end <= headline and not re.search(r"[.!?]", text[:headline]):
                continue
            window = None
            if (near := close.search(text[max(0, mention.span.start - 60):mention.span.start])) is not None:
                window = text[max(0, mention.span.start - 60):mention.span.start]
                before_title = text[max(0, mention.span.start - 60):mention.span.start][:near.start()].split()[-1:]
                if before_title and before_title[0].lower() in RANKS_BELOW and before_title[0].lower() not in modifiers:
                    window = None  # "Vice President Joseph Biden" is not "the president"
            elif (near := after.match(text[mention.span.end:mention.span.end + 80])) is not None:
                window = near.group(0)
            if window is not None and all(re.search(r"\b" + re.escape(m) + r"\b", window, re.I) for m in modifiers):
                found = mention.entity
        return found

    def _titled(self, key: str, title: str) -> bool:
        """Whether the text gives the person this title beside one of their names: "Finance Minister Jan Kowal"."""
        pattern = re.compile(r"\b" + re.escape(title) + r"\b", re.I)
        for mention in self.index.mentions:
            if mention.entity == key and not mention.inferred:
                words = self.index.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
                if pattern.search(words.sent.text):
                    return True
        return False

    def _joint(self, keys: list[str]) -> Source:
        return Source(" and ".join(self.index.entity(k).name for k in keys), SourceKind.ORGANIZATION, keys[0])

    def _named_in(self, phrase: TokenSpan, kind: EntityKind | None = None) -> str | None:
        mentions = [m for m in self.index.mentions_in(phrase.start_char, phrase.end_char, kind)
                    if self.index.entity(m.entity).kind != EntityKind.VEHICLE]
        return mentions[0].entity if mentions else None

    def _keys_of_conjuncts(self, subject: Token) -> list[str]:
        keys = []
        for token in [subject, *subject.conjuncts]:
            key = self.index.key_at(token.idx, token.idx + len(token))
            if key and key not in keys:
                keys.append(key)
        return keys

    def _source_of(self, key: str | None) -> Source | None:
        if key is None:
            return None
        entity = self.index.entity(key)
        kind = SourceKind.PERSON if entity.kind == EntityKind.PERSON else SourceKind.ORGANIZATION
        return Source(entity.name, kind, key)


ORGANIZATION_PARTS = frozenset("division unit subsidiary arm affiliate branch business operation".split())


def _organization_named(phrase: TokenSpan) -> str | None:
    """The proper name in a "for/of/at" phrase: "a spokeswoman for the Commission" -> "Commission"; or the body a
    place's name owns: "a spokesperson for Portugal's insurance supervisor"."""
    for token in phrase:
        if token.dep_ == "prep" and token.lower_ in {"for", "of", "at", "from"}:
            for obj in token.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                    words = [t for t in obj.subtree if t.pos_ == "PROPN" or t.text in {"&", "-"}]
                    return " ".join(t.text for t in words) or None
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and any(
                        c.dep_ == "poss" and c.pos_ == "PROPN" and c.ent_type_ in {"GPE", "NORP", "LOC"} for c in obj.children):
                    return obj.doc[obj.left_edge.i:obj.i + 1].text
    return None


def _affiliated_elsewhere(phrase: TokenSpan, subject: Token) -> bool:
    """Whether the words before a spokesperson, official or statement tie it to something other than a company:
    "Japanese officials", "trade officials", "the Greek statement" do not speak for the company in focus;
    "company officials", "senior officials", "the spokesman" may."""
    modifiers = [t for t in phrase if t.i < subject.i and t.dep_ in {"amod", "compound", "nmod"}]
    return any(t.ent_type_ == "NORP" or t.pos_ == "NOUN" and not is_company_noun(t.lower_) for t in modifiers)


def _body_served(phrase: TokenSpan) -> str | None:
    """The body a spokesperson or official speaks for when the text names it by a common noun that is no word for a
    company: "a spokesperson for the province" -> "the province" ("a spokesman for the company" is the company
    in focus)."""
    served = _served(phrase)
    if served is None or is_company_noun(served.lower_):
        return None
    return served.doc[served.left_edge.i:served.i + 1].text


def _served(phrase: TokenSpan) -> Token | None:
    """The common noun, with its article, that a "for/of/at/from" phrase names: "the province" in "a spokesperson
    for the province", "the company" in "the president of the company"."""
    for token in phrase:
        if token.dep_ == "prep" and token.lower_ in {"for", "of", "at", "from"}:
            for obj in token.children:
                if obj.dep_ == "pobj" and obj.pos_ == "NOUN" and obj.doc[obj.left_edge.i].pos_ == "DET":
                    return obj
    return None


def _body_named(phrase: TokenSpan, subject: Token) -> str | None:
    """ "a finance ministry spokeswoman", "a Justice Department official": the body named before the noun, when
    it is one that is not a company (which would be a mention)."""
    words = [t for t in phrase if t.i < subject.i and t.dep_ in {"compound", "amod"} and t.head.i >= t.i]
    while words and words[0].pos_ not in {"NOUN", "PROPN"}:
        words = words[1:]
    if words and (words[-1].lower_ in NOT_COMPANY_WORDS or words[-1].pos_ == "PROPN"):
        return " ".join(t.text for t in words)
    return None


def _person_like(subject: Token) -> str | None:
    """ "Jane Doe" from its parse: two or three capitalised words with no company designator. A title before the
    name ("Governor Ana Ruiz", "Dr. Jane Doe") is what she is, not part of her name."""
    words = [t for t in subject.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [subject]
    while len(words) > 2 and (words[0].lower_ in TITLE_WORDS or words[0].lower_ in HONORIFICS):
        words = words[1:]
    if not 2 <= len(words) <= 3 or subject.ent_type_ in {"ORG", "GPE", "NORP", "FAC", "LOC"}:
        return None
    if not all(w.text[:1].isupper() and w.text[1:].islower() and w.is_alpha for w in words):
        return None
    if any(w.lower_ in COMPANY_DESIGNATORS or w.lower_ in COMPANY_NOUNS for w in words):
        return None
    return " ".join(w.text for w in words)


# What news calls a publication it cites: "the New York Times said ... , the paper said".
PUBLICATION_NOUNS = frozenset("paper newspaper daily weekly magazine journal".split())


def _refers_back(phrase: TokenSpan, subject: Token) -> bool:
    """ "it", "the company", "the EV maker", "the paper": words that continue whoever was speaking."""
    if subject.lower_ == "it":
        return True
    return (phrase[0].lower_ == "the" and (subject.lower_ in COMPANY_NOUNS or subject.lower_ in PUBLICATION_NOUNS)
            and subject.tag_ == "NN" and not any(t.pos_ == "PROPN" and t.ent_type_ != "NORP" for t in phrase))


def _phrase_of(subject: Token) -> TokenSpan:
    """The subject's words, without a relative clause or apposition that follows it."""
    doc = subject.doc
    end = subject.i + 1
    for child in subject.rights:
        if child.dep_ in {"relcl", "appos", "acl", "punct"} and child.text != "-":
            break
        end = child.right_edge.i + 1
    return doc[subject.left_edge.i:end]


DISCOURSE_WORDS = frozenset("even also still however yet now then meanwhile so and but indeed instead too likewise finally "
                            "later earlier".split())


def _describe(phrase: TokenSpan) -> str:
    while len(phrase) > 1 and phrase[0].lower_ in DISCOURSE_WORDS:
        phrase = phrase[1:]  # "Even China", "But critics": the adverb is no part of the name (but "nearly a third" is)
    text = re.split(r",?\s+(?:who|which|that)\s+", phrase.text)[0].strip(" ,<>")
    return text[0].lower() + text[1:] if text[:1].isupper() and phrase[0].pos_ == "DET" else text


# The source rules, in the order they are tried: the first that answers decides who speaks.

@SOURCE_RULES.rule("publisher-itself", "NEW YORK (Reuters) - Korvan Motors is in talks to buy Tessel Inc, Reuters reported "
                   "earlier this week.")
def _publisher_itself(r: SourceResolver, s: Speaker) -> Source | None:
    """The publication that prints the story, reporting: its own reporting, not a source's."""
    return Source(s.text, SourceKind.PUBLISHER) if r.index.is_publisher(s.text) else None


@SOURCE_RULES.rule("anonymous-again", "Korvan Motors is weighing a sale, according to two sources. A deal could come "
                   "within weeks, the sources said.")
def _anonymous_again(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the person", "the sources", "one of the people" later on: the anonymous source introduced before."""
    if ANONYMOUS_BACK_REFERENCE.match(s.text) and r._anonymous:
        return Source(r._anonymous[-1], SourceKind.ANONYMOUS)
    return None


@SOURCE_RULES.rule("anonymous-described", "Three Korvan Motors engineers, speaking on condition of anonymity, said the "
                   "launch had slipped.")
def _anonymous_described(r: SourceResolver, s: Speaker) -> Source | None:
    """ "people familiar with the matter", "a source close to the company", or whoever is granted anonymity."""
    described = s.subject.pos_ == "NOUN" and not r._named_in(s.phrase, EntityKind.PERSON)
    if ANONYMOUS.search(s.text) or (s.lower in {"official", "officials", "executive", "executives", "person", "people"}
                                    and ANONYMOUS.search(s.tail[:120]) and not r._named_in(s.phrase)) or (
            described and ANONYMITY_GRANTED.search(s.tail[:120])):
        return r.anonymous(_describe(s.phrase), group=s.subject.tag_ in {"NNS", "NNPS"})
    return None


@SOURCE_RULES.rule("document-mentioned-before", "Korvan Motors disclosed the contract in a regulatory filing. The filing "
                   "showed that the customer was an Asian utility.")
def _document_mentioned_before(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the filing said": whoever issued the filing the story mentioned before."""
    if s.phrase[0].lower_ in {"the", "that", "this"} and s.lemma in r._documents:
        return r._documents[s.lemma]
    return None


@SOURCE_RULES.rule("document-maker", "According to a statement issued by Halden Corp, the plant will close.")
def _document_maker(r: SourceResolver, s: Speaker) -> Source | None:
    """ "a filing Tessel submitted to regulators", "a statement issued by Halden Corp": who made it speaks."""
    if s.lemma not in DOCUMENTS | COMPILED and not is_document_noun(s.lemma, s.lower):
        return None
    for clause in (c for c in s.subject.children if c.dep_ in {"relcl", "acl"}):
        makers = [c for c in clause.children if c.dep_ == "nsubj" and c.lower_ not in {"that", "which"}] + [
            o for a in clause.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        if makers and (maker := r.source_of(makers[0], s.sentence)) is not None:
            return maker
    # the parser often loses the clause: "a filing Tessel Inc submitted to regulators", the name right after the
    # noun being the subject of the verb after it
    after = s.subject.doc[s.subject.i + 1] if s.subject.i + 1 < len(s.subject.doc) else None
    if after is not None and after.ent_type_ in {"ORG", "PERSON"} and after.head.pos_ == "VERB" or (
            after is not None and after.dep_ == "compound" and after.head.dep_ == "nsubj"):
        named = r.index.key_at(after.idx, after.idx + len(after))
        if named is not None and r.index.entity(named).kind != EntityKind.VEHICLE:
            return r._source_of(named)
    return None


@SOURCE_RULES.rule("unnamed-person", "The bidders were told to improve their offers, a lawyer involved in the auction said.")
def _unnamed_person(r: SourceResolver, s: Speaker) -> Source | None:
    """ "a banker involved in the deal", "an executive at another carrier": described, never named: anonymous."""
    phrase, subject = s.phrase, s.subject
    if (phrase[0].lower_ in {"a", "an", "one", "another"} and subject.lemma_ in UNNAMED_PEOPLE
            and not r._named_in(phrase) and not _organization_named(phrase) and not _body_named(phrase, subject)
            and not subject.conjuncts and not any(t.ent_type_ == "ORG" for t in phrase)):
        return r.anonymous(_describe(phrase))
    return None


@SOURCE_RULES.rule("company-described", "German rival Tessel AG made an offer. The German firm said it would wait.")
def _company_described(r: SourceResolver, s: Speaker) -> Source | None:
    """ "The German firm", after "German rival Tessel AG": the one company the text introduced that way."""
    described = s.subject.pos_ == "NOUN" and not r._named_in(s.phrase, EntityKind.PERSON)
    if described and (identified := r.index.identified_by_description(s.subject.idx + len(s.subject))):
        return r._source_of(identified)
    return None


@SOURCE_RULES.rule("company-goes-on", "Korvan Motors said it sold 20,000 cars in March. The carmaker said sales rose 12%.")
def _company_goes_on(r: SourceResolver, s: Speaker) -> Source | None:
    """ "it", "the company", "the EV maker", "the paper": the organisation that spoke in the last few claims."""
    if r._org_speaker and r.claim_number - r._org_speaker[0] <= 3 and _refers_back(s.phrase, s.subject):
        return r._org_speaker[1]
    return None


@SOURCE_RULES.rule("one-of-the-group", 'Western diplomats said the talks had stalled. "It is over," one said.')
def _one_of_the_group(r: SourceResolver, s: Speaker) -> Source | None:
    """ "Western diplomats said ... . '...,' one said": one of the unnamed group that spoke."""
    if s.lower in {"one", "another"} and len(s.phrase) == 1 and r._group:
        return r.anonymous("one of the " + re.sub(r"^(?:the|some|several|many|two|three|four)\s+", "", r._group, flags=re.I))
    return None


@SOURCE_RULES.rule("personal-pronoun", "Jane Doe runs Korvan Motors. She said the plant would open in May.")
def _personal_pronoun(r: SourceResolver, s: Speaker) -> Source | _Nobody | None:
    """ "he", "she": the person who spoke last, unless another became the subject of a clause since."""
    if s.lower in {"he", "she", "him", "her"}:
        return r._person_before(s.subject, s.sentence) or NOBODY
    return None


@SOURCE_RULES.rule("title-goes-on", "Finance Minister Jan Kowal spoke first. The minister said taxes would not rise.")
def _title_goes_on(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the Exxon executive said", "the minister added": the person before, when the title is a word for any
    executive or one the text gave that person."""
    phrase, subject = s.phrase, s.subject
    if phrase[0].lower_ == "the" and subject.tag_ == "NN" and (subject.lemma_ in TITLE_WORDS or is_people_noun(subject.lemma_)) \
            and not r._named_in(phrase, EntityKind.PERSON) and not any(c.dep_ == "poss" for c in subject.children):
        # "the president", "the Vermont senator", "the GOP nominee": the person the story named with that word
        # ("President Barack Obama", "Donald Trump, the GOP nominee,"), the last one so named
        modifiers = [t.text for t in phrase if t.i < subject.i and t.dep_ in {"amod", "compound", "nmod"} and t.pos_ in {"ADJ", "PROPN", "NOUN"}]
        named = r.titled_before(subject.lemma_, phrase.start_char, modifiers)
        if named is not None:
            return r._source_of(named)
    if (phrase[0].lower_ == "the" and subject.tag_ == "NN" and subject.lemma_ in TITLE_WORDS
            and not r._named_in(phrase, EntityKind.PERSON) and not any(c.dep_ == "poss" for c in subject.children)):
        person = r._person_before(subject, s.sentence)
        if person is not None and person.kind == SourceKind.PERSON and person.entity and (
                subject.lemma_ in {"executive", "official", "officer", "chief", "head", "boss"}
                or r._titled(person.entity, subject.lemma_)):
            return person
    return None


@SOURCE_RULES.rule("it-in-focus", "Korvan Motors opened a plant in Ohio. It said the plant would employ 900 people.")
def _it_in_focus(r: SourceResolver, s: Speaker) -> Source | _Nobody | None:
    """ "it said": the company in focus; or the institution with no entity that spoke just before ("The Statistics
    Bureau said ... . It said ...")."""
    if s.lower != "it":
        return None
    in_focus = r._source_of(r.index.in_focus(s.subject.idx))
    if in_focus is None and r._last_source and r.claim_number - r._last_source[0] <= 3 \
            and r._last_source[1].kind == SourceKind.ORGANIZATION:
        return r._last_source[1]
    return in_focus or NOBODY


@SOURCE_RULES.rule("they-before", "Korvan Motors and Tessel Inc will build a plant, executives from both companies said. "
                   "They said it would open in 2027.")
def _they_before(r: SourceResolver, s: Speaker) -> Source | _Nobody | None:
    """ "they": the plural subject of the sentence before, the speakers of the claim before, or the anonymous
    sources last introduced."""
    if s.lower != "they":
        return None
    before = r._plural_subject_before(s.sentence)
    if before is not None:
        return before
    if r._last_source and r.claim_number - r._last_source[0] <= 2:
        return r._last_source[1]
    if r._anonymous:
        return Source(r._anonymous[-1], SourceKind.ANONYMOUS)
    return NOBODY


@SOURCE_RULES.rule("unnamed-organisation-again", "A group of New York investment firms said it held a stake. The group "
                   "said it might seek control.")
def _unnamed_organisation_again(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the group", after "a group of New York investment firms": the organisation the text described."""
    if s.phrase[0].lower_ == "the" and s.lemma in r._unnamed:
        return r._unnamed[s.lemma]
    return None


@SOURCE_RULES.rule("organisation-by-its-word", "The Centre for Economic Research said growth would slow. The centre "
                   "said exports would fall.")
def _organisation_by_its_word(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the centre", after "the Centre for Economic Research" spoke: the one whose name has that word."""
    if len(s.phrase) == 2 and s.phrase[0].lower_ == "the" and s.subject.tag_ == "NN":
        return r._spoken_as(s.lower)
    return None


@SOURCE_RULES.rule("companies-together", "Korvan Motors and Tessel Inc will build a battery plant in Ohio, the companies "
                   "announced on Monday.")
def _companies_together(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the companies said", "both groups announced": the pair in focus speaks together."""
    if s.subject.tag_ in {"NNS", "NNPS"} and is_company_noun(s.lower):
        keys = r.index.keys_at(s.phrase.start_char, s.phrase.end_char, EntityKind.COMPANY)
        if len(keys) < 2 and s.phrase[0].lower_ in {"the", "both"}:
            keys = r.index.pair_in_focus(s.subject.idx, s.sentence.start_char)  # "the two companies said"
        if len(keys) > 1:
            return r._joint(keys)
    return None


@SOURCE_RULES.rule("joint-statement", "Korvan Motors and Tessel Inc will build a plant. Korvan will own 60% of it, "
                   "according to a joint statement.")
def _joint_statement(r: SourceResolver, s: Speaker) -> Source | None:
    """ "according to a joint statement": the two parties in focus issued it."""
    if any(t.lower_ == "joint" for t in s.phrase) and s.lemma in {"statement", "release", "announcement", "filing"}:
        keys = r.index.pair_in_focus(s.subject.idx, s.sentence.start_char)
        if keys:
            return r._joint(keys)
    return None


@SOURCE_RULES.rule("named-entity", "A spokesman said Tessel Inc would appeal. Tessel Inc said it had done nothing wrong.")
def _named_entity(r: SourceResolver, s: Speaker) -> Source | None:
    """A company or person the text names, by its canonical name; names joined by "and" speak together, and a
    bare surname taken for a company is the person of that surname ("Weil said" after "Ulric Weil")."""
    subject, phrase = s.subject, s.phrase
    head_key = r.index.key_at(subject.idx, subject.idx + len(subject))
    if s.lower in UNNAMED_GROUPS and subject.pos_ == "NOUN":
        head_key = None  # "Delegates said", capitalised at the start of a sentence, that the NER took for a name
    if head_key is None and subject.lower_.strip(".") in COMPANY_DESIGNATORS:
        # "Norton co said": a designator the NER left out of the name before it
        head_key = r.index.key_at(phrase.start_char, phrase.end_char, EntityKind.COMPANY)
    if head_key and r.index.entity(head_key).kind == EntityKind.COMPANY and len(phrase) == 1 and subject.pos_ == "PROPN":
        person = r._person_by_surname(subject.text)
        if person is not None:
            return r._source_of(person)
    if head_key and r.index.entity(head_key).kind != EntityKind.VEHICLE:
        keys = r._keys_of_conjuncts(subject) or [head_key]
        if len(keys) > 1:
            return Source(" and ".join(r.index.entity(k).name for k in keys), SourceKind.ORGANIZATION, keys[0])
        return r._source_of(head_key)
    return None


@SOURCE_RULES.rule("office-of-person", "Senator Ana Ruiz opposes the bill. Ruiz's office said in a statement that she "
                   "would vote against it.")
def _office_of_person(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the minister's office said", "Roe's campaign said": the office speaks for the person who owns it."""
    if s.lemma not in SPEAKS_FOR_OWNER:
        return None
    owners = [c for c in s.subject.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
    owner = r.source_of(owners[0], s.sentence) if owners else None
    return owner if owner is not None and owner.kind == SourceKind.PERSON else None


@SOURCE_RULES.rule("title-of-named-person", "Serrault's chief executive, Camille Vautrin, said the licence would pay "
                   "for itself.")
def _title_of_named_person(r: SourceResolver, s: Speaker) -> Source | None:
    """ "Serrault's chief executive, Camille Vautrin," / "Oyashio founder and CIO Daniel Koh": the named person;
    "the president of the pilots' union said": a holder of a title the text does not name speaks for the body
    the title is of."""
    subject, phrase = s.subject, s.phrase
    if subject.lemma_ not in TITLE_WORDS and subject.lemma_ not in SPOKESPEOPLE and not (
            is_people_noun(subject.lemma_) and any(c.dep_ == "appos" for c in subject.children)):
        return None  # ("The lead author, Dr Helen Osei, said": any word for a person, with the person's name beside it)
    for appositive in [subject, *[c for c in subject.children if c.dep_ == "appos"]]:
        whole = appositive.doc[appositive.left_edge.i:appositive.right_edge.i + 1]
        person = r._named_in(whole if appositive is not subject else phrase, EntityKind.PERSON)
        if person:
            return r._source_of(person)
        if appositive is not subject and subject.lower_.startswith("spokes"):
            firm = r._named_in(whole, EntityKind.COMPANY)  # "a spokesman for brokers James Capel"
            if firm:
                return r._source_of(firm)
    served = _served(phrase) if subject.lemma_ not in SPOKESPEOPLE and phrase[0].lower_ == "the" else None
    if served is not None:
        body = _body_served(phrase)
        return Source(body, SourceKind.ORGANIZATION) if body else r._source_of(r.index.in_focus(subject.idx))
    return None


@SOURCE_RULES.rule("part-of-organisation", "Royal Dutch/Shell Group unit <Shell Australia Ltd> said it would close the "
                   "refinery.")
def _part_of_organisation(r: SourceResolver, s: Speaker) -> Source | None:
    """ "Royal Dutch/Shell Group unit <Shell Australia Ltd> said": the part named right after the noun speaks;
    "Esselte Business Systems Inc's Esselte Meto division said": the part closest to the noun."""
    if s.lemma not in ORGANIZATION_PARTS:
        return None
    for appositive in (c for c in s.subject.children if c.dep_ == "appos" and c.i > s.subject.i):
        named = r.index.mentions_in(appositive.left_edge.idx, appositive.idx + len(appositive), EntityKind.COMPANY)
        if named:
            return r._source_of(named[-1].entity)
    parts = r.index.mentions_in(s.phrase.start_char, s.subject.idx, EntityKind.COMPANY)
    return r._source_of(parts[-1].entity) if parts else None


@SOURCE_RULES.rule("spokesperson-for", "A spokeswoman for Korvan Motors said the talks had ended.")
def _spokesperson_for(r: SourceResolver, s: Speaker) -> Source | _Nobody | None:
    """A spokesperson, official, statement or filing speaks for whom the phrase names ("a spokeswoman for the
    Commission", "a ministry spokeswoman", "Korvan officials"), else for the company in focus; officials of
    nowhere in a story with no company in focus are an anonymous source."""
    subject, phrase = s.subject, s.phrase
    if s.lower not in SPOKESPEOPLE and subject.lemma_ not in SPOKESPEOPLE:
        return None
    person = r._named_in(phrase, EntityKind.PERSON)
    if person:
        return r._source_of(person)
    organizations = [m.entity for m in r.index.mentions_in(phrase.start_char, phrase.end_char, EntityKind.COMPANY)]
    if len(set(organizations)) > 1 and subject.tag_ in {"NNS", "NNPS"}:
        keys = list(dict.fromkeys(organizations))
        return Source(" and ".join(r.index.entity(k).name for k in keys), SourceKind.ORGANIZATION, keys[0])
    if organizations:
        return r._source_of(organizations[0])
    named = _organization_named(phrase) or _body_named(phrase, subject)
    if named:
        return Source(named, SourceKind.ORGANIZATION)
    body = _body_served(phrase)
    if body is not None:
        return Source(body, SourceKind.ORGANIZATION)  # "a spokesperson for the province": the province
    in_focus = None if _affiliated_elsewhere(phrase, subject) else r._source_of(r.index.in_focus(subject.idx))
    if in_focus is None and subject.lemma_ in HUMAN_NOUNS:
        return r.anonymous(_describe(phrase))
    if in_focus is None and _affiliated_elsewhere(phrase, subject):
        return Source(_describe(phrase), SourceKind.ORGANIZATION)  # "the Greek statement"
    return in_focus or NOBODY


@SOURCE_RULES.rule("unnamed-group", "Some cash flowed back today, but the bulk would not return until Monday, traders said.")
def _unnamed_group(r: SourceResolver, s: Speaker) -> Source | None:
    """ "traders", "analysts", "residents": a group the text does not name is an anonymous source, unless the
    phrase names their firm ("Analysts at broker Ducasse Rivière estimated")."""
    if s.lower not in UNNAMED_GROUPS or _inside_a_name(s.subject):
        return None
    firms = [m for m in r.index.mentions_in(s.phrase.start_char, s.phrase.end_char, EntityKind.COMPANY)
             if not m.span.start <= s.subject.idx < m.span.end]  # not the group word the NER took for a name
    named = _organization_named(s.phrase)
    if firms:
        return r._source_of(firms[0].entity)
    if named:
        return Source(named, SourceKind.ORGANIZATION)
    return r.anonymous(_describe(s.phrase), group=True)


@SOURCE_RULES.rule("unnamed-organisation", "A group of New York investment firms said it held a 6% stake in Tessel Inc.")
def _unnamed_organisation(r: SourceResolver, s: Speaker) -> Source | None:
    """ "A group of affiliated New York investment firms said": an organisation the text does not name."""
    if s.lemma in COMPANY_NOUNS | {"group", "consortium", "shareholder", "holder", "investor"} and (
            s.phrase[0].lower_ in {"a", "an", "one", "another", "two", "three", "several", "some"} or s.subject.tag_ == "NNS"):
        source = Source(_describe(s.phrase), SourceKind.ORGANIZATION)
        r._unnamed[s.lemma] = source
        return source
    return None


@SOURCE_RULES.rule("firm-noun-with-name", "The Amsterdam unit of French bank Societe Generale said it would issue bonds.")
def _firm_noun_with_name(r: SourceResolver, s: Speaker) -> Source | None:
    """ "French engineering group Serrault Technologies announced": the company the phrase names."""
    if s.lower in COMPANY_NOUNS:
        named = [m.entity for m in r.index.mentions_in(s.phrase.start_char, s.phrase.end_char, EntityKind.COMPANY)]
        if named:
            return r._source_of(named[-1])
    return None


@SOURCE_RULES.rule("institution-named-before", "The Halden city council voted to raise fees. The council said the money "
                   "would go to roads.")
def _institution_named_before(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the council", "the ministry", "the agency", after "the Halden city council", "the Ministry of Health":
    the institution the story named before with that word, whether or not it spoke."""
    if not (len(s.phrase) == 2 and s.phrase[0].lower_ == "the" and s.subject.tag_ == "NN"
            and (s.lemma in NOT_COMPANY_WORDS or s.lemma in ORGANISATION_NOUNS)):
        return None
    named = r.institution_named(s.lemma, s.subject.idx)
    return Source(named, SourceKind.ORGANIZATION) if named else None


@SOURCE_RULES.rule("institution", "The Swedish government said it would not sell its stake.")
def _institution(r: SourceResolver, s: Speaker) -> Source | None:
    """ "The Swedish government said", "the agency added", "police said": an institution speaks for itself."""
    if s.lemma.lower() in NOT_COMPANY_WORDS and s.subject.tag_ in {"NN", "NNS"} and (
            s.phrase[0].lower_ in {"the", "a", "an"} or not any(t.pos_ == "DET" for t in s.phrase)):
        return Source(_describe(s.phrase), SourceKind.ORGANIZATION)
    return None


@SOURCE_RULES.rule("proper-name", "Ana Ruiz of the Halden Workers Union said the vote would go ahead.")
def _proper_name(r: SourceResolver, s: Speaker) -> Source | None:
    """A name the entity index has no entity for: a person when it looks like one ("Jane Doe of Korvan Motors"),
    else an organisation."""
    if s.subject.ent_type_ == "NORP" and s.subject.tag_ in {"NNS", "NNPS"}:
        return None  # "Democrats", "many Republicans": people, whom `people-described` names
    if s.subject.pos_ == "PROPN" or s.subject.ent_type_ in {"ORG", "GPE", "NORP"}:
        person = _person_like(s.subject)
        if person:
            return Source(person, SourceKind.PERSON)
        name = _describe(s.phrase)
        named = name.startswith("the ") and name[4:5].isupper() and " " in name[4:]  # "the Supreme Court", not "the Republican"
        return Source(name[4:] if named else name, SourceKind.ORGANIZATION)
    return None



@SOURCE_RULES.rule("relative-pronoun", "Ana Ruiz, who said last week that the tax was unfair, voted against it.")
def _relative_pronoun(r: SourceResolver, s: Speaker) -> Source | None:
    """ "Ana Ruiz, who said ...", "the tax, which critics say is unfair": "who" is the noun the clause describes."""
    verb = s.subject.head
    if s.lower not in {"who", "which", "that"} or verb.dep_ != "relcl":
        return None
    return r.source_of(verb.head, s.sentence)


@SOURCE_RULES.rule("document-itself", "The lawsuit alleges that the landlord ignored repeated complaints about mould. "
                   "A Halden Institute poll found that most voters oppose the tax.")
def _document_itself(r: SourceResolver, s: Speaker) -> Source | None:
    """A report, poll, study, lawsuit or ruling whose maker the text does not name speaks as itself: "the
    lawsuit alleges", "a new poll shows" (a DOCUMENT source, on the record)."""
    if not is_document_noun(s.lemma, s.lower) or s.subject.pos_ != "NOUN":
        return None
    named = r._named_in(s.phrase)  # "Korvan's annual report", "a Halden Institute poll": whose it is
    if named is not None:
        return r._source_of(named)
    if any(c.dep_ == "poss" and c.lower_ in {"its", "their"} for c in s.subject.children):
        # "according to its annual report": the organisation that spoke last, else the company in focus
        if r._org_speaker and r.claim_number - r._org_speaker[0] <= 3:
            return r._org_speaker[1]
        if (in_focus := r._source_of(r.index.in_focus(s.subject.idx))) is not None:
            return in_focus
    if (body := _body_named(s.phrase, s.subject) or _organization_named(s.phrase)) is not None:
        return Source(body, SourceKind.ORGANIZATION)  # "a Justice Department report", "a study by the Fed"
    return Source(_describe(s.phrase), SourceKind.DOCUMENT)


# Heads of phrases that count people: "nearly a third of voters", "most of them", "some 20 percent".
QUANTITIES = frozenset("half third quarter fifth majority minority most many some few several percent per cent all both "
                       "none each number proportion share others".split())


@SOURCE_RULES.rule("description-goes-on", 'Jess Nguyen has queued for flats every Saturday since March. "You smile at the '
                   'agent," the 29-year-old nurse says.')
def _description_goes_on(r: SourceResolver, s: Speaker) -> Source | None:
    """ "the 29-year-old nurse", "the soft-spoken engineer": a definite description of one person, with no name of
    its own, is the person the story is following, when the last person who spoke, or was named, is one."""
    phrase, subject = s.phrase, s.subject
    if not (phrase[0].lower_ == "the" and subject.tag_ == "NN" and is_people_noun(subject.lemma_)
            and subject.lemma_ not in TITLE_WORDS  # a title is the person's only when the story gave it them
            and not any(c.dep_ in {"poss", "prep", "appos"} for c in subject.children) and not r._named_in(phrase)):
        return None
    person = r._person_before(subject, s.sentence)
    return person if person is not None and person.kind == SourceKind.PERSON and person.entity else None


@SOURCE_RULES.rule("people-described", "Nearly a third of the voters surveyed said they had not decided.")
def _people_described(r: SourceResolver, s: Speaker) -> Source | None:
    """People the text describes but does not name, and shares of them: "critics", "some Democrats", "the woman",
    "nearly a third of voters": an unnamed source, by its description."""
    subject = s.subject
    counted = subject.lower_ in QUANTITIES or subject.like_num and any(
        _names_people(t) or t.lower_ in {"them", "us", "those", "whom"} for t in subject.subtree if t.i != subject.i)
    if subject.lower_ in PRONOUNS or not (_names_people(subject) or counted) or _inside_a_name(subject):
        return None
    return r.anonymous(_describe(s.phrase), group=subject.tag_ in {"NNS", "NNPS"} or subject.pos_ != "NOUN")


def _inside_a_name(token: Token) -> bool:
    """ "Workers" in "the Federation of Cardboard Workers": a capitalised word inside a name, not a group of people."""
    return token.text[:1].isupper() and not token.is_sent_start and (token.pos_ == "PROPN" or token.ent_type_ in {"ORG", "FAC"}
                                                                      or token.dep_ in {"pobj", "compound"})


def _names_people(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ in {"NOUN", "PROPN"} and (is_people_noun(lemma) or lemma in UNNAMED_PEOPLE or token.lower_ in UNNAMED_GROUPS) \
        or token.ent_type_ == "NORP" and token.tag_ in {"NNS", "NNPS"}


@SOURCE_RULES.rule("organisation-described", "The Trump campaign said it would appeal. The agency said the rules had not "
                   "changed.")
def _organisation_described(r: SourceResolver, s: Speaker) -> Source | None:
    """An organisation the text describes but does not name: "the campaign", "the state", "the administration"
    speak for themselves."""
    if s.subject.pos_ == "NOUN" and (s.lemma in ORGANISATION_NOUNS or s.lemma in NOT_COMPANY_WORDS or is_company_noun(s.lemma)):
        return Source(_describe(s.phrase), SourceKind.ORGANIZATION)
    return None


ORGANISATION_NOUNS = frozenset("""campaign administration state city county province town village government team party
    coalition alliance organization organisation network nonprofit charity foundation movement caucus delegation
    panel board council group service department agency ministry office court tribunal regulator watchdog
    legislature assembly parliament senate house cabinet embassy consulate military navy army force forces police
    prosecution defense defence media press outlet""".split())


PRONOUNS = frozenset("i me we us you he him she her it they them this that these those there here what".split())
