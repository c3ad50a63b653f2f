"""Cues: the words that attribute a statement, and the words among them that name who speaks.

Cues are found on the dependency parse by the rules of `CUE_RULES`, tried in order: "according to X",
"..., citing X", and a reporting verb ("said", "told", "added", "announced", ...) with a subject outside any
quotation. When the parser misreads the words around a name, `SUBJECT_RULES` say which word names the
speaker; `sources.SOURCE_RULES` then say who that is. Each answer carries the names of the rules that gave it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token
from spacy.tokens import Span as TokenSpan

from . import rules
from .dates import WEEKDAYS
from .lexicon import (BELIEF_VERBS, is_document_noun, EVIDENCE_VERBS, MORE_SPEECH_VERBS, SPEECH_VERBS, STANCE_VERBS, STATEMENT_NOUNS,
                      TITLE_WORDS)
from .model import Source, SourceKind
from .sources import Resolved, SourceResolver
from .spans import Span

# The verbs that report speech in so many words; only these may find a speaker the parse did not attach.
REPORTING_VERBS = frozenset({"say", "tell", "add", "write", "explain", "note", "announce", "confirm", "state"})
CLAUSAL_ROLES = frozenset({"ROOT", "ccomp", "parataxis", "conj", "advcl", "acl"})
# Verbs in clauses that describe a noun ("a tax which critics say is unfair") or complete another verb ("seemed
# to suggest"): tried after the verbs of the sentence's own clauses.
EMBEDDED_ROLES = frozenset({"relcl", "xcomp", "pcomp"})
VENUE = re.compile(r"^\s*(?:,\s*)?(?:in|on)\s+(?:a|an|its|their|his|her|the)\s+(?:\w+\s+){0,3}?"
                   r"(?:statement|filing|interview|release|letter|post|note|report|call|conference|briefing|memo)\b[^,.;]*")


@dataclass(frozen=True, slots=True)
class Cue:
    """An attribution found in a sentence: who speaks, the words that say so, and the rules that found them."""

    source: Source
    span: Span
    rule: str  # the rule path: cue rule > subject rule (when one repaired the parse) > source rule
    verb: Token | None = None  # the word that attributes: the reporting verb, "according", "citing"


@dataclass(frozen=True, slots=True)
class Sentence:
    """What the cue rules look at: the sentence's tokens and the quotations in it."""

    tokens: TokenSpan
    quotes: list[Span]
    resolver: SourceResolver

    @property
    def text(self) -> str:
        return self.resolver.index.text

    def quoted(self, token: Token) -> bool:
        return any(q.start <= token.idx < q.end for q in self.quotes)


CueRule = Callable[[Sentence], "Cue | None"]
CUE_RULES = rules.table("cues")


def cue_of(sentence: Sentence) -> Cue | None:
    """The attribution of a sentence: the first cue rule that finds one decides, then its reporting verbs, then
    a statement named by a noun."""
    for rule in CUE_RULES:
        cue = rule.apply(sentence)
        if cue is not None:
            return cue
    return _reporting_verb(sentence) or _statement_noun(sentence)


@CUE_RULES.rule("according-to", "Korvan Motors is weighing a sale of its truck unit, according to people familiar with "
                "the matter.")
def _according_to(s: Sentence) -> Cue | None:
    """ "according to X": X is the source, whatever the sentence's verbs."""
    doc, tokens = s.tokens.doc, s.tokens
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to" and not s.quoted(token):
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if not objects:
                continue
            end = objects[0].right_edge.idx + len(objects[0].right_edge)
            span = Span.stripped(s.text, token.idx, min(end, tokens.end_char))
            if (resolved := s.resolver.resolve(objects[0], tokens)) is not None:
                return Cue(resolved.source, span, rules.path("according-to", resolved.rule), token)
            if objects[0].pos_ in {"NOUN", "PROPN"}:
                # "according to a CNN tally", "according to his biography": whatever "according to" names is the source
                return Cue(Source(_described(objects[0]), SourceKind.DOCUMENT), span, "according-to", token)
    return None


# "Sanders: Brexit's message could help Trump", a transcript's "WALLACE: But, Governor ...": a name and a colon
# that open a line give the words after them to that name. Not a label: "Note:", "Update:", "Watch:".
NAME_COLON = re.compile(r"(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*:\s+\S")
LABELS = frozenset("""note update updated editor editors correction clarification watch read related photo photos video
    source sources update breaking exclusive opinion analysis commentary live caption credit warning disclaimer
    background q a question answer transcript listen see also more advertisement sponsored""".split())


@CUE_RULES.rule("name-colon", "Ruiz: the tax will not pass this year\nSenator Ana Ruiz said on Monday that she would vote "
                "against the budget.")
def _name_colon(s: Sentence) -> Cue | None:
    """A line that opens with a name and a colon, as headlines and transcripts print who says what."""
    tokens, text = s.tokens, s.text
    start = tokens.start_char
    if start > 0 and text[start - 1] != "\n":
        return None
    if text[start:start + 1] in "\"“":
        start += 1  # a transcript quoted line: '"PENCE: Well, look, ...'
    found = NAME_COLON.match(text, start, tokens.end_char)
    if found is None or any(w.lower().strip(".'’") in LABELS for w in found.group("name").split()):
        return None
    name = tokens.doc.char_span(found.start("name"), found.end("name"), alignment_mode="expand")
    if name is None or not all(t.pos_ in {"PROPN", "NOUN"} or t.is_punct for t in name):
        return None
    # only a person the story names: "Long Covid: 'I went from ...'" and "Mariners: at Utah" name no speaker
    cue = Span.stripped(text, found.start("name"), found.end("name") + 1)
    words = found.group("name")
    if words.isupper() and len(words) > 2:  # a transcript's "WALLACE:" is the Wallace of the story, or a person so named
        known = s.resolver.person_by_surname(words.title())
        source = s.resolver.source_of_key(known) if known else Source(words.title(), SourceKind.PERSON)
        return Cue(source, cue, rules.path("name-colon", "named-entity" if known else "proper-name"), name.root)
    resolved = s.resolver.resolve(name.root, tokens)
    if resolved is None or resolved.source.kind != SourceKind.PERSON:
        return None
    return Cue(resolved.source, cue, rules.path("name-colon", resolved.rule), name.root)


@CUE_RULES.rule("citing", "El Diario reported that Korvan Motors would close the plant, citing two people close to the "
                "talks.")
def _citing(s: Sentence) -> Cue | None:
    """ "El Diario reported that ..., citing two people close to the talks": the ones cited are the source."""
    for token in s.tokens:
        if token.lemma_ == "cite" and token.pos_ == "VERB" and token.dep_ in {"advcl", "acl", "conj"} and not s.quoted(token):
            objects = [c for c in token.children if c.dep_ == "dobj"]
            resolved = s.resolver.resolve(objects[0], s.tokens) if objects else None
            if resolved is not None:
                end = objects[0].right_edge.idx + len(objects[0].right_edge)
                return Cue(resolved.source, Span.stripped(s.text, token.idx, min(end, s.tokens.end_char)),
                           rules.path("citing", resolved.rule), token)
    return None


# Noun rules: statements named by a noun, tried when no reporting verb of the sentence names a source.
NOUN_RULES = rules.table("nouns")


@NOUN_RULES.rule("statement-noun", "Mayor Jane Doe said on Monday she would veto the budget. Her claim that the tax would "
                 "raise $4 million a year was disputed by the council.")
def _statement_noun(s: Sentence) -> Cue | None:
    """ "his claim that", "their call for an inquiry", "Ruiz's warning that": a statement named by a noun is its
    owner's, when the noun says what was stated. Tried after every reporting verb of the sentence."""
    for noun in s.tokens:
        if noun.lemma_ not in STATEMENT_NOUNS or noun.pos_ != "NOUN" or s.quoted(noun):
            continue
        owners = [c for c in noun.children if c.dep_ == "poss" and not s.quoted(c)]
        says_what = any(c.dep_ in {"acl", "ccomp", "relcl"} and any(g.dep_ == "mark" or g.tag_ == "TO" for g in c.children)
                        or c.dep_ == "prep" and c.lower_ in {"for", "of", "about", "against"} for c in noun.children)
        if not owners or not says_what:
            continue
        resolved = s.resolver.resolve(owners[0], s.tokens)
        if resolved is not None:
            span = Span.stripped(s.text, owners[0].left_edge.idx, noun.idx + len(noun))
            return Cue(resolved.source, span, rules.path("statement-noun", resolved.rule), noun)
    return None


# Verb rules: which verbs attribute what follows them to their subject. A sentence's verbs of any of these kinds
# are tried in turn, the main clause's first; the first whose subject names a source the rule accepts gives the
# cue. Beyond speech, news reports what a poll found, what a person believes and what a person wants: each
# class has its conditions, so that an act ("the board rejected the offer") is not taken for a statement.
VerbRule = Callable[[Token, "Sentence"], bool]
VERB_RULES = rules.table("verbs")
PEOPLE = frozenset({SourceKind.PERSON, SourceKind.ANONYMOUS})
# The kinds of source each verb rule accepts as its subject (any, when the rule is not listed).
SPEAKERS: dict[str, frozenset[SourceKind]] = {}


@VERB_RULES.rule("speech-verb", "Korvan Motors Chief Executive Jane Doe said the plant would open in May.")
def _speech_verb(token: Token, s: Sentence) -> bool:
    """A verb of speech, writing, estimating or stating: "said", "told", "announced", "asked", "tweeted"."""
    if token.lemma_ == "call":
        # "called the plan reckless", "called him a liar": what one calls something is what one says of it
        return any(c.dep_ in {"oprd", "ccomp"} for c in token.children) or sum(c.dep_ == "dobj" for c in token.children) > 1
    if token.lemma_ == "continue":  # '"...," he continued', not "prices continued to fall"
        return bool(s.quotes) and not any(c.dep_ in {"xcomp", "dobj", "prep"} for c in token.children)
    if token.lemma_ in ABOUT_VERBS:
        return any(c.dep_ in {"prep", "prt"} and c.lower_ in ABOUT_VERBS[token.lemma_] for c in token.children) or (
            token.lemma_ == "speak" and bool(s.quotes))
    return token.lemma_ in SPEECH_VERBS or token.lemma_ in MORE_SPEECH_VERBS and (
        token.lemma_ not in STATEMENT_ACTS or _has_content(token, s))


# Speech acts that are also plain acts: "accused X of lying" and "criticized the plan as costly" report a
# statement, "rejected the offer" and "welcomed the visitors" do not.
STATEMENT_ACTS = frozenset("""pledge vow promise demand charge accuse criticize criticise praise defend attack slam blast
    condemn denounce decry applaud welcome question challenge dispute reject dismiss threaten tout hail characterize
    term dub label brand highlight signal counter echo repeat answer cite mock ridicule voice express chide scold
    rebuke thank congratulate apologize apologise discuss detail outline float broach lash rip knock hammer cry compare
    rail list encourage continue""".split())
# Verbs of speech that take what they are about after a preposition: "talked about the plan", "pointed to the
# deficit", "referred to her as"; with nothing after them they report nothing said.
ABOUT_VERBS = {"talk": {"about", "of"}, "speak": {"about", "of", "out"}, "refer": {"to"}, "point": {"to"},
               "compare": {"to", "with"}, "rail": {"against"}, "focus": {"on"}}


def _has_content(verb: Token, s: Sentence) -> bool:
    """Whether a verb carries what was said: a clause, "to do", "for/of/as doing", a description ("called it
    reckless"), or a quotation in its sentence."""
    for child in verb.children:
        if child.dep_ in {"ccomp", "xcomp", "oprd", "parataxis"}:
            return True
        if child.dep_ == "prep" and child.lower_ in {"for", "of", "as", "over", "that"} and any(
                g.dep_ in {"pcomp", "pobj"} for g in child.children):
            return True
        if child.dep_ == "dobj" and any(g.dep_ in {"acl", "relcl", "oprd"} for g in child.children):
            return True
    return bool(s.quotes)


@VERB_RULES.rule("belief-verb", "Jane Doe, a nurse in Leeds, fears the ward will close by summer.")
def _belief_verb(token: Token, s: Sentence) -> bool:
    """What a person thinks, knows, hopes or fears, with the clause it is about: "she believes the ward will
    close", "they worry that rents will rise"."""
    lemma = "hope" if token.lemma_ == "hop" and token.lower_.startswith("hop") and token.lower_[3:4] == "e" else token.lemma_
    return lemma in BELIEF_VERBS and (any(c.dep_ in {"ccomp", "xcomp"} for c in token.children) or lemma == "see" and any(
        c.dep_ == "prep" and c.lower_ == "as" for c in token.children))


SPEAKERS["belief-verb"] = PEOPLE


@VERB_RULES.rule("stance-verb", "Senator Ana Ruiz wants the council to scrap the tax.")
def _stance_verb(token: Token, s: Sentence) -> bool:
    """What a person wants done or stands for: "wants the council to scrap the tax", "called for an inquiry",
    "urged voters to turn out", "plans to run again"."""
    if token.lemma_ not in STANCE_VERBS:
        return False
    if token.lemma_ in {"push", "press"}:
        return any(c.dep_ == "prep" and c.lower_ == "for" for c in token.children)  # "pushed for a vote"
    if token.lemma_ == "call":
        return any(c.dep_ in {"oprd", "ccomp", "xcomp"} or c.dep_ == "prep" and c.lower_ in {"for", "on"}
                   for c in token.children)
    return any(c.dep_ in {"xcomp", "ccomp"} for c in token.children) or token.lemma_ in {"want", "support", "oppose",
        "endorse", "back", "favor", "favour", "propose", "seek"} and any(c.dep_ == "dobj" for c in token.children)


SPEAKERS["stance-verb"] = PEOPLE


@VERB_RULES.rule("evidence-verb", "A poll released on Monday by the Halden Institute found that most voters oppose the tax.")
def _evidence_verb(token: Token, s: Sentence) -> bool:
    """What a poll, a study, a report, a filing or figures show: "the poll found", "a regulatory filing showed",
    "data showed that"; an organisation's findings too ("the agency found")."""
    if not any(c.dep_ in {"ccomp", "dobj", "xcomp"} for c in token.children):
        return False
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    documents = any(is_document_noun(c.lemma_, c.lower_) for c in subjects)
    return token.lemma_ in EVIDENCE_VERBS and (documents or any(c.ent_type_ == "ORG" for c in subjects)) or (
        token.lemma_ in DOCUMENTED_VERBS and documents)


# What only a document is said to do: "the filing listed", "the report named three officials".
DOCUMENTED_VERBS = frozenset("identify list name describe".split())


@VERB_RULES.rule("phrasal-speech-verb", "One banker put the cost of the plant at 2 billion euros.")
def _phrasal_speech_verb(token: Token, s: Sentence) -> bool:
    """ "pointed out", "quoted X as saying", and "put the value at $2 billion", an estimate."""
    return _phrasal_speech(token)


def _described(token: Token) -> str:
    """A phrase's words, without the clause or apposition after it, as a source's name."""
    doc = token.doc
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in {"relcl", "appos", "acl", "punct"}:
            break
        end = child.right_edge.i + 1
    text = doc[token.left_edge.i:end].text.strip(" ,")
    return text[0].lower() + text[1:] if doc[token.left_edge.i].pos_ == "DET" and text[:1].isupper() else text


def verb_rule(token: Token, s: Sentence) -> str | None:
    """The name of the verb rule a token answers to, if any."""
    if token.pos_ not in {"VERB", "AUX"}:
        return None
    return next((rule.name for rule in VERB_RULES if rule.apply(token, s)), None)


def _reporting_verb(s: Sentence) -> Cue | None:
    """A reporting verb whose subject names who speaks; the main clause's verb is tried first."""
    tokens = s.tokens
    verbs = [t for t in tokens if t.dep_ in CLAUSAL_ROLES | EMBEDDED_ROLES and t.pos_ in {"VERB", "AUX"} and not s.quoted(t)
             and verb_rule(t, s)]
    for verb in sorted(verbs, key=lambda t: (t.dep_ != "ROOT", t.dep_ in EMBEDDED_ROLES, t.i)):
        cue = speaker_cue(verb, s)
        if cue is not None:
            return cue
    return None


def speaker_cue(verb: Token, s: Sentence) -> Cue | None:
    """The cue a reporting verb makes, when it reports something said and its subject names a source its rule
    accepts."""
    kind = verb_rule(verb, s)
    if kind is None or _reports_nothing_said(verb, s):
        return None
    if kind in SPEAKERS and verb.dep_ in {"ccomp", "xcomp"} and verb_rule(verb.head, s) is None and verb.head.dep_ != "ROOT":
        return None  # "..., suggesting some investors doubt a deal": the publisher's reading, not what they said
    found = _speaker_of(verb, s)
    if found is None:
        return None
    subject, resolved, repair = found
    accepted = SPEAKERS.get(kind)
    if accepted is not None and resolved.source.kind not in accepted:
        return None  # "Korvan plans to build a plant": a company's plan is news the publisher reports
    return Cue(resolved.source, _cue_span(s.text, subject, verb, s.tokens), rules.path(kind, repair, resolved.rule), verb)


def _reports_nothing_said(verb: Token, s: Sentence) -> bool:
    """The verb of speech names no statement made: a passive, a participle describing a noun, an act, a
    condition, something not yet said, something not said at all, or only whom one answers to. (Words of the
    quotation the parser hangs on the verb do not count: '"If it comes, we are ready," she said'.)"""
    children = [c for c in verb.children if not s.quoted(c)]
    quoted_as = _quoted_as_saying(verb)
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in children) and not quoted_as:
        return True  # "had not been reported": a passive names no speaker
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ != "ROOT" and not any(c.dep_ == "ccomp" for c in children):
        return True  # "a partnership announced in January": a participle that describes a noun names no speaker
    if _acts_rather_than_speaks(verb):
        return True
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in children):
        return True  # "If the commission agrees that ...": a condition, not something said
    if any(c.dep_ == "aux" and c.lower_ in NOT_YET_SAID for c in children):
        return True  # "The Bank of Canada will announce its decision next week": nothing has been said yet
    if any(c.dep_ == "neg" for c in children):
        return True  # "Baghdad had not reported any strikes", "Korvan never announced a price": nothing said
    return _names_an_occasion(verb) and not s.quotes  # (with a quotation, "'No,' he replied to reporters", the words are there)


def _speaker_of(verb: Token, s: Sentence) -> tuple[Token, Resolved, str | None] | None:
    """The word that names who speaks with `verb`, who that is, and the subject rule that chose the word when the
    parse needed repair."""
    tokens, resolver = s.tokens, s.resolver
    quoted_as = _quoted_as_saying(verb)
    subjects = [c for c in verb.children if c.dep_ in ({"nsubj", "nsubjpass"} if quoted_as else {"nsubj"})
                and not s.quoted(c) and c.idx >= tokens.start_char]
    if quoted_as and (quoted_ones := [c for c in verb.children if c.dep_ == "dobj"]):
        subjects = quoted_ones  # "The paper quoted intelligence sources as saying ...": the ones quoted speak
    if not subjects and verb.dep_ == "acl" and verb.head.pos_ in {"PROPN", "NOUN"} and (
            verb.head.dep_ == "ROOT" or verb.tag_ == "VBD"):
        # parsed as "[Serrault Technologies [announced on Thursday that ...]]", or a closing ", the companies
        # announced on Wednesday." hung on the noun before it: a finite verb whose subject is that noun
        subjects = [verb.head]
    if not subjects and verb.dep_ == "conj":
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj" and not s.quoted(c)]
    implied = False
    if not subjects and verb.dep_ in {"advcl", "xcomp"} and verb.tag_ in {"VBG", "VB"}:
        # "Trump lashed out at the senator, calling him a liar", "she seemed to suggest that ...": a participle
        # or an infinitive has the subject of the verb it completes
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj" and not s.quoted(c) and c.idx >= tokens.start_char]
        implied = bool(subjects)
    if not subjects:
        subjects = _loose_subject(verb, tokens, s.quoted)
    if not subjects:
        return None
    subject, repair = _named_subject(subjects, verb, tokens)
    repair = repair or ("implied-subject" if implied else None)
    resolved = resolver.resolve(subject, tokens)
    if resolved is None:
        # "... steel costs and a weak yen, Korvan’s finance chief, Jane Doe, told analysts": the parser made the
        # speaker an apposition of the last noun of what was said; the nearest apposition speaks
        for appositive in sorted(_appositions(subject), key=lambda t: -t.i):
            if appositive.i > 0 and tokens.doc[appositive.i - 1].text in {"<", "("}:
                continue  # a ticker in brackets: "American Home Products <AHP>"
            if appositive.i < verb.i and (found := resolver.resolve(appositive, tokens)) is not None:
                subject, resolved, repair = appositive, found, "apposition-speaks"
                break
    named = tokens.doc[verb.i - 1] if verb.i - 1 > subject.i else None
    if resolved is None and named is not None and named.ent_type_ in {"ORG", "PERSON"} and not s.quoted(named):
        # "After the close of trading the New York Stock Exchange said", parsed with "close" as the subject:
        # when that subject names no one, a name right before the verb speaks
        subject, resolved, repair = named, resolver.resolve(named, tokens), "name-before-verb"
    if resolved is None:
        return None
    return subject, resolved, repair


# Subject rules: which of the words the parser found names the speaker, when it misread the words around a
# name. Each answers the token that speaks, or None; none answering, the parser's first subject speaks.
SubjectRule = Callable[[list[Token], Token, TokenSpan], "Token | None"]
SUBJECT_RULES = rules.table("subjects")


def _named_subject(subjects: list[Token], verb: Token, tokens: TokenSpan) -> tuple[Token, str | None]:
    subjects = [s for s in subjects if s.text[:1].isalnum() or any(True for _ in s.children)] or subjects  # a stray "<"
    for rule in SUBJECT_RULES:
        token = rule.apply(subjects, verb, tokens)
        if token is not None:
            return token, rule.name
    return subjects[0], None


@SUBJECT_RULES.rule("implied-subject", "Senator Ana Ruiz attacked the budget on Monday, calling it a betrayal of rural "
                    "voters.")
def _implied_subject(subjects: list[Token], verb: Token, tokens: TokenSpan) -> Token | None:
    """A participle or infinitive with no subject of its own ("calling it a betrayal", "seemed to suggest") has
    the subject of the verb it completes (`_speaker_of` finds it; this rule only names the repair)."""
    return None


@SUBJECT_RULES.rule("name-before-ticker", "British Telecommunications Plc <BTY.L> said it would sell the unit.")
def _subject_before_ticker(subjects: list[Token], verb: Token, tokens: TokenSpan) -> Token | None:
    """The name a ticker in brackets follows speaks, not the ticker or the bracket the parser made the subject."""
    return _name_before_ticker(subjects[0], tokens)


@SUBJECT_RULES.rule("name-before-description", "Velmora Securities and Co, a New York brokerage firm, said it raised its "
                    "stake in Tessel International Inc to 7.7 pct of the total.")
def _subject_before_description(subjects: list[Token], verb: Token, tokens: TokenSpan) -> Token | None:
    """ "..., Wolfgang Roeller, president of the banking association, said": the name before the description."""
    described = _name_before_description(verb, tokens.start)
    return described if described is not None and described.i > subjects[0].i else None


@SUBJECT_RULES.rule("titled-name-before-verb", "Revenue fell 4% in the quarter, chairman and chief executive Kevan "
                    "Gosper said.")
def _subject_titled(subjects: list[Token], verb: Token, tokens: TokenSpan) -> Token | None:
    """A person's name right before the verb, after the words of a title, is who speaks."""
    return _titled_name_before(verb, tokens)


@SUBJECT_RULES.rule("phrase-after-last-comma", "Negotiations, which continued past a midnight Friday deadline, ended "
                    "Saturday after union negotiators voted to reject the concessions, a Korvan spokesman said by telephone.")
def _subject_after_comma(subjects: list[Token], verb: Token, tokens: TokenSpan) -> Token | None:
    """The words between the last comma and the verb, when they make one phrase, are the speaker the parser
    hung on what was said (not "Jane Doe, Korvan's chief executive, said": a description of the name before)."""
    doc, first = tokens.doc, subjects[0]
    comma = next((t for t in reversed(doc[first.i:verb.i]) if t.text == ","), None)
    if comma is None or comma.i + 1 >= verb.i:
        return None
    phrase = doc[comma.i + 1:verb.i]
    heads = [t for t in phrase if not phrase.start <= t.head.i < phrase.end]
    if len(heads) == 1 and heads[0].pos_ in {"NOUN", "PROPN", "PRON"} and not (
            heads[0].dep_ == "appos" and (heads[0].head.pos_ == "PROPN" or heads[0].head.i == first.i)):
        return heads[0]
    return None


@SUBJECT_RULES.rule("name-after-common-noun", "The official news agency MTI said the talks had failed.")
def _subject_named_after_noun(subjects: list[Token], verb: Token, tokens: TokenSpan) -> Token | None:
    """ "The official news agency MTI said": the name parsed as a second subject or an apposition speaks."""
    first = subjects[0]
    named = [t for t in [*subjects[1:2], *first.children] if t.dep_ in {"nsubj", "appos"} and t.pos_ == "PROPN"]
    return named[0] if first.pos_ == "NOUN" and named and named[0].left_edge.i == first.i + 1 else None


@SUBJECT_RULES.rule("opening-name-before-preposition", "<Tessel America Inc>, a unit of <Tessel NV>, said it sold 5,059 "
                    "cars in February.")
def _subject_opening_name(subjects: list[Token], verb: Token, tokens: TokenSpan) -> Token | None:
    """A subject never follows a preposition: "Norcen Energy, 41 pct owned by Hees Corp, said" is Norcen's."""
    doc, first = tokens.doc, subjects[0]
    before = first.left_edge.i - 1
    while before > tokens.start and doc[before].pos_ in {"PUNCT", "SYM", "X"} and doc[before].text != ",":
        before -= 1  # "owned by <Hees Corp>"
    if before > tokens.start and doc[before].pos_ == "ADP":
        comma = next((t for t in tokens if t.text == ","), None)
        words = doc[tokens.start:comma.i] if comma is not None and comma.i < before else []
        opening = [t for t in words if t.pos_ == "PROPN" and t.text[:1].isalnum()]
        if opening:
            return opening[-1]
    return None


def _name_before_ticker(subject: Token, tokens: TokenSpan) -> Token | None:
    """ "British Telecommunications Plc <BTY.L> said", parsed with the closing bracket or the ticker as the subject:
    the name the ticker follows speaks, or the name inside the brackets when there is one ("<Battery Group Ltd> said")."""
    doc = subject.doc
    ticker = subject.i > tokens.start and doc[subject.i - 1].text == "<" and not any(c.islower() for c in subject.text)
    if subject.text != ">" and not ticker:
        return None
    opening = next((t for t in reversed(doc[tokens.start:subject.i]) if t.text == "<"), None)
    if opening is None:
        return None
    inside = doc[subject.i - 1]
    if subject.text == ">" and inside.i > opening.i and any(c.islower() for c in inside.text):
        return inside
    before = doc[opening.i - 1] if opening.i > tokens.start else None
    return before if before is not None and before.pos_ == "PROPN" else None


def _titled_name_before(verb: Token, tokens: TokenSpan) -> Token | None:
    """ "Council of Trade Advisers chairman Karen Holt said", "Revenue fell ..., chairman and chief executive Kevan
    Gosper said": a person's name right before the verb, after words that give a title (and maybe an institution)
    from the claim's start or a comma, is who speaks; the parser often makes the institution or the claim's first
    noun the subject and the name a conjunct, object or apposition."""
    doc = verb.doc
    name = doc[verb.i - 1] if verb.i - 1 >= tokens.start else None
    if name is None or name.ent_type_ != "PERSON":
        return None
    i = verb.i - 1
    while i > tokens.start and (doc[i - 1].pos_ in {"PROPN", "NOUN", "ADJ", "CCONJ", "ADP", "DET"} or doc[i - 1].tag_ == "POS"):
        i -= 1
    if i > tokens.start and doc[i - 1].text != ",":
        return None  # a clause or quotation stands between: the name is not a subject of its own
    if not any(t.lemma_ in TITLE_WORDS for t in doc[i:verb.i - 1] if t.ent_type_ != "PERSON"):
        return None
    return name


def _appositions(token: Token) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ in {"appos", "conj"}:
            found += [child] if child.dep_ == "appos" else []
            found += _appositions(child)
    return found


# Modals that put a reporting verb in the future or in the possible: "will announce", "may confirm". ("Would" is
# not among them: "he would say only that ..." reports what was said.)
NOT_YET_SAID = frozenset({"will", "'ll", "shall", "may", "might", "can", "could", "should", "must"})


# Verbs that report speech with a clause ("agreed that ...") and an action with an infinitive ("agreed to buy").
ACTION_WITH_INFINITIVE = frozenset({"agree"})
# Verbs that report speech with a clause ("declared that ...") and an act with an object ("declared a dividend").
ACTION_WITH_OBJECT = frozenset({"declare", "add"})  # "declared a dividend", "add 240 advisers to its network"


def _acts_rather_than_speaks(verb: Token) -> bool:
    """ "Tessel agreed to buy Korvan": an action the publisher reports, not something Tessel says; so is "the board
    declared a quarterly dividend", a verb of speech with only a thing for its object."""
    children = {c.dep_ for c in verb.children}
    if verb.lemma_ in ACTION_WITH_OBJECT and "dobj" in children and "ccomp" not in children:
        return True
    return verb.lemma_ in ACTION_WITH_INFINITIVE and "ccomp" not in children and (
        "xcomp" in children or not children & {"ccomp", "dobj"})


def _names_an_occasion(verb: Token) -> bool:
    """ "He reports to James Siehl", "He was responding to questions", "The central bank was commenting on a bill":
    a verb of speech with only a "to/on" phrase after it says whom one answers to or what one spoke about, not
    what was said."""
    children = {c.dep_ for c in verb.children}
    return verb.lemma_ in {"report", "respond", "reply", "comment"} and not children & {"ccomp", "dobj", "xcomp"} and any(
        c.dep_ == "prep" and c.lower_ in {"to", "on"} for c in verb.children)


def _phrasal_speech(token: Token) -> bool:
    """ "pointed out", "went on to say": reporting verbs of two words; "put the value at $2 billion": an estimate."""
    if token.lemma_ == "quote":
        return _quoted_as_saying(token)
    if token.lemma_ in {"put", "peg", "place"}:
        return any(c.dep_ == "dobj" and c.lemma_ in FIGURE_NOUNS for c in token.children) and any(
            c.dep_ == "prep" and c.lower_ == "at" for c in token.children)
    return token.lemma_ in {"point", "spell", "lay"} and any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)


def _quoted_as_saying(verb: Token) -> bool:
    """ "He was quoted by the news agency as saying ...": the one quoted speaks."""
    return verb.lemma_ == "quote" and any(c.dep_ == "prep" and c.lower_ == "as" and any(g.lemma_ in SPEECH_VERBS for g in c.children)
                                          for c in verb.children)


FIGURE_NOUNS = frozenset("value valuation cost price figure total number size bill loss worth amount".split())


def _loose_subject(verb: Token, tokens: TokenSpan, quoted: Callable[[Token], bool]) -> list[Token]:
    """The speaker when the parse lost it, as after a quotation: '..., ” Taylor, who ..., told Reuters.'"""
    if verb.lemma_ not in REPORTING_VERBS:
        return []  # "cooling faster than expected" has no speaker
    start = tokens.start
    for token in tokens:
        if token.i < verb.i and quoted(token):
            start = token.i + 1
    described = _name_before_description(verb, start)
    if described is not None:
        return [described]
    before = [t for t in tokens.doc[start:verb.i] if t.pos_ in {"PROPN", "PRON", "NOUN"} and not quoted(t)
              and not _in_prepositional_phrase(t)]
    if before:
        return [before[0]]
    if verb.lemma_ not in {"say", "add", "tell", "write", "explain", "note"}:
        return []
    # '..., said Jane Doe.': the speaker follows the verb
    after = [t for t in tokens.doc[verb.i + 1:min(verb.i + 5, tokens.end)]
             if t.pos_ in {"PROPN", "PRON", "NOUN"} and t.ent_type_ not in {"DATE", "TIME", "CARDINAL", "ORDINAL"}]
    return after[:1] if start == verb.i or tokens.doc[verb.i - 1].is_punct else []


def _name_before_description(verb: Token, start: int) -> Token | None:
    """ "In a filing with the SEC, Sosnoff, a New York investor and money manager, said", "..., Wolfgang Roeller,
    president of the banking association, said": the name before a description set off by commas right before
    the verb speaks, not the first noun of the description or of what was said."""
    doc = verb.doc
    if verb.i - 1 <= start or doc[verb.i - 1].text != ",":
        return None
    opening = next((t for t in reversed(doc[start:verb.i - 1]) if t.text == ","), None)
    if opening is None or opening.i - 1 < start or not (
            doc[opening.i + 1].lower_ in {"a", "an", "the"} or doc[opening.i + 1].lower_ in TITLE_WORDS):
        return None
    name = doc[opening.i - 1]
    return name if name.pos_ == "PROPN" and name.ent_type_ in {"PERSON", "ORG"} else None


def _in_prepositional_phrase(token: Token) -> bool:
    """ "In a filing with the Commission, the group said": the speaker is never the object of a preposition. But in
    "On Friday TWA said" the parser runs the date and the name together, as if "Friday TWA" were one name."""
    first = token.left_edge
    if first.i < token.i and (first.ent_type_ in {"DATE", "TIME"} or first.lower_ in WEEKDAYS) and token.ent_type_ not in {"DATE", "TIME"} \
            and all(t.dep_ == "compound" for t in token.doc[first.i:token.i]):
        return False
    for _ in range(5):
        if token.dep_ == "pobj":
            return True
        if token.dep_ not in {"compound", "nmod", "amod", "conj", "poss", "det"} or token.head is token:
            return False
        token = token.head
    return False


def _cue_span(text: str, subject: Token, verb: Token, tokens: TokenSpan) -> Span:
    first = subject.left_edge
    while first.i < subject.i and (first.ent_type_ in {"DATE", "TIME"} or first.lower_ in WEEKDAYS):
        first = first.doc[first.i + 1]  # "On Friday TWA said": the date is not the speaker
    start = min(first.idx, verb.idx)
    end = max(subject.idx + len(subject), verb.idx + len(verb))
    for child in verb.children:  # "told Reuters", "said on Wednesday" stay out; "in a statement" joins
        if child.dep_ in {"dative", "dobj"} and child.i > verb.i and child.pos_ == "PROPN":
            end = max(end, child.right_edge.idx + len(child.right_edge))
    venue = VENUE.match(text, end, tokens.end_char)
    if venue:
        end = venue.end()
    return Span.stripped(text, max(start, tokens.start_char), min(end, tokens.end_char))


