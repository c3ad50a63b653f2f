"""Attribution: for each claim, the words that attribute it (its cue), its source, its status, and the rules
that decided them.

A sentence that reports a party's response ("declined to comment") is a response claim, attributed to the
party that gave it (`responses.PATTERNS`). Otherwise its cue is found on the dependency parse (`cues`): a
reporting verb with a subject outside any quotation, or "according to X". A quotation with no cue of its own
takes the speaker of the quote before it; a claim with no cue is the publisher's own reporting.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from . import rules
from .cues import Cue, Sentence, cue_of
from .entities import EntityIndex
from .lexicon import COMPANY_NOUNS, SPEECH_VERBS
from .model import AttributionStatus, Claim, Source, SourceKind
from .responses import Response, response_in
from .sources import SourceResolver
from .spans import Span
from .statements import pieces

HEDGES = re.compile(
    r"\b(?:could|may|might|possibly|reportedly|(?:un)?likely to|potentially|perhaps|probably|allegedly|"
    r"(?:plans?|planning|aims?|seeks?|hopes?|intends?|considering|weighing|exploring) to|considering|"
    r"is expected to|are expected to|would consider)\b"
)  # case-sensitive: "May" is a month

# Rules that attribute a claim without a cue of its own, and the steps that find who gave a response.
CLAIM_RULES = rules.table("claims")


@CLAIM_RULES.rule("no-cue", "Korvan Motors shares rose 3% on Tuesday.")
def _no_cue() -> AttributionStatus:
    """A sentence no one is said to say is the publisher's own reporting (UNATTRIBUTED)."""
    return AttributionStatus.UNATTRIBUTED


SPOKEN = frozenset({AttributionStatus.CONFIRMED, AttributionStatus.ANONYMOUS_SOURCE})


@CLAIM_RULES.rule("quote-continues", '"We will grow," Jane Doe said.\n"Nothing will stop us."')
def _speaker_of_previous_quote(claims: list[Claim], quotes: list[Span]) -> Claim | None:
    """A quote with no attribution of its own takes the speaker of the claim right before it ('Doe said sales would
    rise.' then '"It was a good year."'), or of a quote before that when only quotations stand between; the
    publisher's own voice, or a response, in between ends the speaker's turn."""
    for claim in reversed(claims[-3:]):
        if claim.source is not None and claim.status in SPOKEN:
            return claim
        if claim.status != AttributionStatus.UNATTRIBUTED or not any(claim.span.overlaps(q) for q in quotes):
            return None
    return None


@CLAIM_RULES.rule("quote-after-paraphrase", 'Senator Ana Ruiz voted against the budget on Monday.\n'
                  '"Nobody out here was asked what we need."')
def _person_paraphrased(claim: Claim, doc: Doc, resolver: SourceResolver) -> Source | None:
    """A quotation right after the publisher's account of what a person did or thought ("Sanders identified young
    voters' exhaustion with bigotry as a reason ... . "The younger people are sick and tired ..."") is that person's."""
    tokens = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if tokens is None:
        return None
    subjects = [c for c in tokens.root.children if c.dep_ == "nsubj"]
    source = resolver.source_of(subjects[0], tokens) if subjects else None
    return source if source is not None and source.kind == SourceKind.PERSON else None


@CLAIM_RULES.rule("quote-attributed-below", '"Regional banks are undervalued.\n"We see room to consolidate," said Jane Doe, '
                  'an analyst at Korvan Securities.')
def _close_open_quotes(claims: list[Claim], quotes: list[Span], text: str) -> None:
    """A quote paragraph left open goes on in the next paragraph, where its attribution usually stands. That
    holds as well when no quote came before it to lend a speaker: a paragraph that opens a quotation and leaves
    it open is that speaker's."""
    open_quotes = [q for q in quotes if text[q.end - 1] not in CLOSING_MARKS and not q.text.endswith("''")]
    for i, claim in enumerate(claims):
        if claim.cue is not None or not any(claim.span.overlaps(q) for q in open_quotes):
            continue
        if claim.source is None and not (claim.status == AttributionStatus.UNATTRIBUTED and claim.span.text[:1] in OPENING_MARKS):
            continue  # with no speaker yet, only a claim that is itself the opened quotation
        for later in claims[i + 1:i + 3]:
            if later.cue is not None and later.source is not None and later.span.text[:1] in OPENING_MARKS:
                claim.source, claim.status = later.source, later.status
                claim.rule = rules.path("quote-attributed-below", _source_rule_of(later.rule))
                break
            if later.span.text[:1] not in OPENING_MARKS:
                break


OPENING_MARKS = "“«„\"`'"
CLOSING_MARKS = "”»\""


def _source_rule_of(path: str) -> str:
    return path.rsplit(rules.PATH_SEPARATOR, 1)[-1]


def attribute(doc: Doc, sentences: list[Span], quotes: list[Span], index: EntityIndex) -> tuple[list[Claim], dict[int, set[str]]]:
    """Claims for `sentences`, and for each response claim the entity keys of the parties that gave it."""
    resolver = SourceResolver(index)
    claims: list[Claim] = []
    parties: dict[int, set[str]] = {}
    for span in sentences:
        resolver.claim_number = len(claims)
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        assert tokens is not None
        inside = [q for q in quotes if span.overlaps(q)]
        response = response_in(span.text)
        if response is not None and _unanswered_in_quote(response, span, inside):
            response = None  # '"... because the trade deficit is not responding," he said': words quoted, not a reply
        if response is not None:
            clause = _response_clause(tokens, span.start + response.start)
            said = _cued_part(doc, span, clause, quotes, resolver) if clause is not None else None
            if said is not None:
                # "Li said the company was in talks, but declined to name it": a statement, then a response
                claims.append(said)
                resolver.spoke(said.source)  # type: ignore[arg-type]
                span = Span.stripped(index.text, doc[clause].idx, span.end)
                tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
                response = response_in(span.text)
            if response is not None:
                resolver.claim_number = len(claims)
                claim, keys = _response_claim(span, tokens, response, resolver, index)
                if response.status == AttributionStatus.DENIED and claim.source is not None:
                    resolver.spoke(claim.source)  # a denial is a statement: "the company said" may continue it
                parties[len(claims)] = keys
                claims.append(claim)
                continue
        sentence = Sentence(tokens, inside, resolver)
        found = cue_of(sentence)
        if found is None and claims and _cue_line(claims[-1], span, index.text):
            # "He said:" and the paragraph it introduces are one claim: the line alone says nothing
            line = claims[-1]
            claims[-1] = Claim(Span.of(index.text, line.span.start, span.end), line.status, line.source, line.cue,
                               hedged=line.hedged or bool(HEDGES.search(span.text)), rule=rules.path("said-with-colon", _source_rule_of(line.rule)))
            continue
        if found is None:
            claims.append(_uncued(span, inside, claims, quotes, index.text, resolver))
            continue
        statements = pieces(found, sentence)
        for number, piece in enumerate(statements):
            start = doc[piece.start].idx if number else span.start
            end = doc[statements[number + 1].start].idx if number + 1 < len(statements) else span.end
            resolver.claim_number = len(claims)
            claims.append(_cued(Span.stripped(index.text, start, end), piece.cue, resolver))
    _close_open_quotes(claims, quotes, index.text)
    _one_name_for_initials(claims, [e.text for e in doc.ents if e.label_ in {"ORG", "GPE", "NORP"}])
    return claims, parties


def _cued(span: Span, cue: Cue, resolver: SourceResolver) -> Claim:
    hedged = bool(HEDGES.search(span.text))
    if cue.source.kind == SourceKind.PUBLISHER:
        return Claim(span, _no_cue(), hedged=hedged, rule=cue.rule)  # the publication's own earlier reporting
    resolver.spoke(cue.source)
    resolver.issued(cue.span.text, span.text, cue.source)
    return Claim(span, _status_of(cue.source), cue.source, cue.span, hedged=hedged, rule=cue.rule)


def _uncued(span: Span, inside: list[Span], claims: list[Claim], quotes: list[Span], text: str,
            resolver: SourceResolver) -> Claim:
    """A claim with no cue of its own: a quotation that goes on, or the publisher's own reporting."""
    hedged = bool(HEDGES.search(span.text))
    introduced = _introduced_by_colon(claims, span, text)
    if introduced is not None and introduced.source is not None:
        resolver.spoke(introduced.source)
        return Claim(span, introduced.status, introduced.source, introduced.cue, hedged=hedged,
                     rule=rules.path("said-with-colon", _source_rule_of(introduced.rule)))
    quoted = any(_spoken(q, span) for q in inside)
    previous = _speaker_of_previous_quote(claims, quotes) if quoted else None
    if quoted and previous is None and claims and claims[-1].status == AttributionStatus.UNATTRIBUTED and not any(
            claims[-1].span.overlaps(q) for q in quotes) and (person := _person_paraphrased(claims[-1], resolver.index.doc, resolver)):
        resolver.spoke(person)
        return Claim(span, _status_of(person), person, None, hedged=hedged, rule=rules.path("quote-after-paraphrase", "named-entity"))
    if previous is None or previous.source is None or previous.source.kind == SourceKind.PUBLISHER:
        return Claim(span, _no_cue(), hedged=hedged, rule="no-cue")
    resolver.spoke(previous.source)
    # '"A," Okafor said. "B."': one speaker, one cue, two statements; a quote paragraph further on has no cue
    same_paragraph = claims[-1] is previous and "\n" not in text[previous.span.end:span.start]
    return Claim(span, _status_of(previous.source), previous.source, previous.cue if same_paragraph else None, hedged=hedged,
                 rule=rules.path("quote-continues", _source_rule_of(previous.rule)))


@CLAIM_RULES.rule("said-with-colon", "The governor added:\nThe budget will be balanced by next spring.")
def _cue_line(claim: Claim, span: Span, text: str) -> bool:
    """Whether `claim` is only a cue and a colon ("He said:", "The governor added on Tuesday:") and `span` opens the
    paragraph after it."""
    if claim.cue is None or claim.source is None or not claim.span.text.endswith(":") or claim.cue.start < claim.span.start:
        return False
    after = text[claim.cue.end:claim.span.end].strip(" :")
    return len(after.split()) <= 3 and text[claim.span.end:span.start].count("\n") >= 1 and not text[claim.span.start:claim.cue.start].strip()


def _introduced_by_colon(claims: list[Claim], span: Span, text: str) -> Claim | None:
    """ "The governor added:" and then, in the paragraph after it, what the governor added, in quotation marks or
    not: the words of the paragraph a cue and a colon introduce are that speaker's."""
    breaks, end = 0, span.start
    for claim in reversed(claims):
        breaks += "\n" in text[claim.span.end:end]
        if breaks > 1:
            return None
        if claim.cue is not None and claim.source is not None and (
                breaks == 1 and claim.span.text.endswith(":") or breaks == 0 and claim.rule.startswith("said-with-colon")):
            return claim
        end = claim.span.start
    return None


@CLAIM_RULES.rule("initials-of-name", "The Federal Aviation Administration said it would inspect 300 planes. The FAA added "
                  "that no flights would be cancelled.")
def _one_name_for_initials(claims: list[Claim], named: list[str]) -> None:
    """An organisation written out once and then by its initials (or the other way round) is one source, by its
    full name: "the Federal Aviation Administration", "the FAA". `named` are the other organisations the text names."""
    names = [c.source.name for c in claims if c.source is not None and c.source.kind == SourceKind.ORGANIZATION]
    written_out = [re.sub(r"['’]s$", "", re.sub(r"^(?:the|The)\s+", "", name)) for name in [*named, *names]]
    full = {initials: name for name in written_out for initials in _initials(name) if initials not in name.split()}
    for claim in claims:
        source = claim.source
        if source is None or source.kind != SourceKind.ORGANIZATION:
            continue
        short = re.sub(r"^the\s+", "", source.name)
        if short.isupper() and short in full and full[short] != source.name:
            claim.source = Source(full[short], source.kind, source.entity)
            claim.rule = rules.path(claim.rule, "initials-of-name")


def _initials(name: str) -> list[str]:
    """The initials a name may be written as: "FAA" for "Federal Aviation Administration", and "FTC" for "U.S.
    Federal Trade Commission" too (a country's abbreviation before it is often left out)."""
    words = [w for w in re.sub(r"^the\s+", "", name, flags=re.I).split() if w.lower() not in {"of", "the", "and", "for", "on", "in", "&"}]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return []
    found = ["".join(w[0] for w in words)]
    if "." in words[0] and len(words) > 2:
        found.append("".join(w[0] for w in words[1:]))
    return found


def _status_of(source: Source) -> AttributionStatus:
    return AttributionStatus.ANONYMOUS_SOURCE if source.kind == SourceKind.ANONYMOUS else AttributionStatus.CONFIRMED


def _spoken(quote: Span, sentence: Span) -> bool:
    """Whether a quotation is someone's words rather than a term in quotation marks: 'what it calls a "five-day
    letter"', 'so-called "scrip" issues'. A few quoted words inside a sentence that no one is said to say are a
    term; a quotation that opens the sentence, or runs to a clause, is speech."""
    return quote.start <= sentence.start or len(quote.text.split()) > 3


@CLAIM_RULES.rule("statement-then-response", "Li Wen said the company was in talks with two buyers, but declined to name "
                  "them.")
def _response_clause(tokens: TokenSpan, at: int) -> int | None:
    """ "X said ..., but declined to name it", "She said it was a mistake, but denied that ...": a response joined
    to a statement reported before it is a claim of its own, after the statement's; where its clause starts."""
    verb = next((t for t in tokens if t.idx >= at), None)
    while verb is not None and verb.dep_ in {"aux", "neg", "auxpass"} and verb.head.i != verb.i:
        verb = verb.head  # "did not respond": the verb the words hang on
    if verb is None or verb.dep_ not in {"conj", "advcl"}:
        return None
    head = verb.head
    if not (head.lemma_ in SPEECH_VERBS and head.i < verb.i and any(c.dep_ == "ccomp" for c in head.children)):
        return None
    start = verb.left_edge.i
    if start > tokens.start and tokens.doc[start - 1].dep_ == "cc":
        start -= 1
    return start if start > head.i else None


def _cued_part(doc: Doc, span: Span, until: int, quotes: list[Span], resolver: SourceResolver) -> Claim | None:
    """The statement before a response in the same sentence, when a cue attributes it."""
    part = Span.stripped(resolver.index.text, span.start, doc[until].idx)
    tokens = doc.char_span(part.start, part.end, alignment_mode="expand")
    if tokens is None:
        return None
    found = cue_of(Sentence(tokens, [q for q in quotes if part.overlaps(q)], resolver))
    if found is None or found.source.kind == SourceKind.PUBLISHER:
        return None
    return _cued(part, Cue(found.source, found.span, rules.path("statement-then-response", found.rule), found.verb), resolver)


def _unanswered_in_quote(response: Response, span: Span, quotes: list[Span]) -> bool:
    """Whether the words of a NO_RESPONSE stand inside a direct quotation. That a party did not respond or could
    not be reached is the publisher's report of its own attempt, never something a speaker is quoted saying
    (unlike '"No comment," she said', which is a reply)."""
    return response.status == AttributionStatus.NO_RESPONSE and any(
        q.start <= span.start + response.start and span.start + response.end <= q.end for q in quotes)


# Who gave a response, when the parse does not say it plainly.
RESPONDENT_RULES = rules.table("respondents")


@RESPONDENT_RULES.rule("the-one-who-says-so", "A spokesperson for Brazos Ridge said the company does not comment on rumours.")
def _the_one_who_says_so(subject: Token) -> Token | None:
    """ "A spokesperson for Brazos Ridge said the company doesn't comment on rumours": the one who says so responds."""
    if not (subject.lower_ in {"it", "we"} or subject.lower_ in COMPANY_NOUNS and subject.tag_ == "NN"):
        return None
    speaker = next((a for a in subject.ancestors if a.lemma_ in SPEECH_VERBS and a.i < subject.i), None)
    outer = [c for c in speaker.children if c.dep_ == "nsubj"] if speaker is not None else []
    return outer[0] if outer else None


@RESPONDENT_RULES.rule("opening-name", "Emberly didn't respond to requests for comment.")
def _opening_name(span: Span, tokens: TokenSpan, at: int, index: EntityIndex) -> Token | None:
    """ "Emberly didn't respond" with the name misparsed: the name that opens the sentence, right before."""
    opening = [m for m in index.mentions_in(span.start, at) if not m.inferred and not index.text[m.span.end:at].strip(" ,")
               or m.span.start == span.start and re.fullmatch(r"\s+(?:\w+\s+)?", index.text[m.span.end:at])]
    if not opening:
        return None
    found = tokens.doc.char_span(opening[0].span.start, opening[0].span.end, alignment_mode="expand")
    return found.root if found is not None else None


@RESPONDENT_RULES.rule("party-described", "No comment was immediately available from the employers' organization.")
def _party_described(subject: Token, tokens: TokenSpan) -> Source | None:
    """ "The provincial government did not respond": a party the text names without a company name."""
    if subject.pos_ not in {"NOUN", "PROPN"}:
        return None
    phrase = tokens.doc[subject.left_edge.i:subject.i + 1]
    return Source(phrase.text[0].lower() + phrase.text[1:] if phrase[0].pos_ == "DET" else phrase.text, SourceKind.ORGANIZATION)


@RESPONDENT_RULES.rule("company-in-focus", "Korvan Motors makes trucks. Several of its dealers declined to disclose details "
                       "of the talks.")
def _company_in_focus(span: Span, index: EntityIndex) -> Source | None:
    """A response with no party named, or given by someone the text does not name, is the company in focus's."""
    key = index.in_focus(span.start)
    return Source(index.entity(key).name, SourceKind.ORGANIZATION, key) if key else None


def _response_claim(span: Span, tokens: TokenSpan, response: Response, resolver: SourceResolver,
                    index: EntityIndex) -> tuple[Claim, set[str]]:
    at, until = span.start + response.start, span.start + response.end
    verb = next((t for t in tokens if t.idx >= at), tokens.root)
    subject = _subject_of(verb)
    repair = None
    if subject is not None and (outer := _the_one_who_says_so(subject)) is not None:
        subject, repair = outer, "the-one-who-says-so"
    if subject is None and (opening := _opening_name(span, tokens, at, index)) is not None:
        subject, repair = opening, "opening-name"
    resolved = resolver.resolve(subject, tokens) if subject is not None else None
    source, found_by = (resolved.source, resolved.rule) if resolved is not None else (None, None)
    if source is None and subject is not None and (described := _party_described(subject, tokens)) is not None:
        source, found_by = described, "party-described"
    if source is None or source.kind == SourceKind.ANONYMOUS and response.status != AttributionStatus.DENIED:
        if (in_focus := _company_in_focus(span, index)) is not None:
            source, found_by = in_focus, "company-in-focus"
    keys: set[str] = set()
    if subject is not None:
        keys = {m.entity for m in index.mentions_in(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))}
    if source is not None and source.entity:
        keys.add(source.entity)
    cue_start = subject.left_edge.idx if subject is not None and subject.left_edge.idx < at else at
    cue = Span.stripped(index.text, max(cue_start, span.start), min(until, span.end)) if source else None
    return Claim(span, response.status, source, cue, rule=rules.path(response.rule, repair, found_by)), keys


def _subject_of(token: Token) -> Token | None:
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects[0]
        if token.head is token:
            return None
        token = token.head
    return None
