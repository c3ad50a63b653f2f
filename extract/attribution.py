"""Attribution: for each claim, the words that attribute it (its cue), its source and its status.

Cues are found on the dependency parse: a reporting verb ("said", "told", "added", "announced", ...) with
a subject outside any quotation, or "according to X". A quotation with no cue of its own takes the speaker
of the quote before it; a response ("declined to comment") is attributed to the party that gave it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from .dates import WEEKDAYS
from .entities import EntityIndex
from .lexicon import COMPANY_NOUNS, SPEECH_VERBS, TITLE_WORDS
from .model import AttributionStatus, Claim, Source, SourceKind
from .responses import response_in
from .sources import SourceResolver
from .spans import Span

# The verbs that report speech in so many words; only these may find a speaker the parse did not attach.
REPORTING_VERBS = frozenset({"say", "tell", "add", "write", "explain", "note", "announce", "confirm", "state"})
CLAUSAL_ROLES = frozenset({"ROOT", "ccomp", "parataxis", "conj", "advcl", "acl"})
HEDGES = re.compile(
    r"\b(?:could|may|might|possibly|reportedly|(?:un)?likely to|potentially|perhaps|probably|allegedly|"
    r"(?:plans?|planning|aims?|seeks?|hopes?|intends?|considering|weighing|exploring) to|considering|"
    r"is expected to|are expected to|would consider)\b"
)  # case-sensitive: "May" is a month
VENUE = re.compile(r"^\s*(?:,\s*)?(?:in|on)\s+(?:a|an|its|their|his|her|the)\s+(?:\w+\s+){0,3}?"
                   r"(?:statement|filing|interview|release|letter|post|note|report|call|conference|briefing|memo)\b[^,.;]*")


def attribute(doc: Doc, sentences: list[Span], quotes: list[Span], index: EntityIndex) -> tuple[list[Claim], dict[int, set[str]]]:
    """Claims for `sentences`, and for each response claim the entity keys of the parties that gave it."""
    resolver = SourceResolver(index)
    claims: list[Claim] = []
    parties: dict[int, set[str]] = {}
    for number, span in enumerate(sentences):
        resolver.claim_number = number
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        assert tokens is not None
        inside = [q for q in quotes if span.overlaps(q)]
        hedged = bool(HEDGES.search(span.text))
        response = response_in(span.text)
        if response is not None and _said_before_declining(tokens, span.start + response[1]):
            response = None  # "Li said the company was in talks, but declined to name it": what he said is the claim
        if response is not None and _unanswered_in_quote(response, span, inside):
            response = None  # '"... because the trade deficit is not responding," he said': words quoted, not a reply
        if response is not None:
            status, start, end = response
            claim, keys = _response_claim(span, tokens, status, span.start + start, span.start + end, resolver, index)
            if status == AttributionStatus.DENIED and claim.source is not None:
                resolver.spoke(claim.source)  # a denial is a statement: "the company said" may continue it
            claims.append(claim)
            parties[number] = keys
            continue
        source, cue = _cue(tokens, inside, resolver)
        if source is None and any(_spoken(q, span) for q in inside):
            source, cue = _speaker_of_previous_quote(claims, quotes, span), None
        if source is not None and source.kind == SourceKind.PUBLISHER:
            source, cue = None, None  # the publication's own earlier reporting is its reporting
        if source is None:
            claims.append(Claim(span, AttributionStatus.UNATTRIBUTED, hedged=hedged))
        else:
            resolver.spoke(source)
            if cue is not None:
                resolver.issued(cue.text, span.text, source)
            status = AttributionStatus.ANONYMOUS_SOURCE if source.kind == SourceKind.ANONYMOUS else AttributionStatus.CONFIRMED
            claims.append(Claim(span, status, source, cue, hedged=hedged))
    _close_open_quotes(claims, quotes, index.text)
    return claims, parties


def _spoken(quote: Span, sentence: Span) -> bool:
    """Whether a quotation is someone's words rather than a term in quotation marks: 'what it calls a "five-day
    letter"', 'so-called "scrip" issues'. A few quoted words inside a sentence that no one is said to say are a
    term; a quotation that opens the sentence, or runs to a clause, is speech."""
    return quote.start <= sentence.start or len(quote.text.split()) > 3


def _said_before_declining(tokens: TokenSpan, at: int) -> bool:
    """Whether the response words are a clause joined to a reported statement: "X said ..., but declined to ..."."""
    verb = next((t for t in tokens if t.idx >= at), None)
    if verb is None or verb.dep_ not in {"conj", "advcl"} or any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        return False  # "..., but a spokesman declined comment": a response of its own
    head = verb.head
    return head.lemma_ in SPEECH_VERBS and head.i < verb.i and any(c.dep_ == "ccomp" for c in head.children)


def _unanswered_in_quote(response: tuple[AttributionStatus, int, int], span: Span, quotes: list[Span]) -> bool:
    """Whether the words of a NO_RESPONSE stand inside a direct quotation. That a party did not respond or could
    not be reached is the publisher's report of its own attempt, never something a speaker is quoted saying
    (unlike '"No comment," she said', which is a reply)."""
    status, start, end = response
    return status == AttributionStatus.NO_RESPONSE and any(q.start <= span.start + start and span.start + end <= q.end for q in quotes)


def _close_open_quotes(claims: list[Claim], quotes: list[Span], text: str) -> None:
    """A quote paragraph left open goes on in the next paragraph, where its attribution usually stands:
    '"Regional banks are undervalued.' / '"We see room to consolidate," he said.' That holds as well when no quote
    came before it to lend a speaker: a paragraph that opens a quotation and leaves it open is that speaker's."""
    open_quotes = [q for q in quotes if text[q.end - 1] not in CLOSING_MARKS]
    for i, claim in enumerate(claims):
        if claim.cue is not None or not any(claim.span.overlaps(q) for q in open_quotes):
            continue
        if claim.source is None and not (claim.status == AttributionStatus.UNATTRIBUTED and claim.span.text[:1] in OPENING_MARKS):
            continue  # with no speaker yet, only a claim that is itself the opened quotation
        for later in claims[i + 1:i + 3]:
            if later.cue is not None and later.source is not None and later.span.text[:1] in OPENING_MARKS:
                claim.source, claim.status = later.source, later.status
                break
            if later.span.text[:1] not in OPENING_MARKS:
                break


OPENING_MARKS = "“«„\""
CLOSING_MARKS = "”»\""


def _cue(tokens: TokenSpan, quotes: list[Span], resolver: SourceResolver) -> tuple[Source | None, Span | None]:
    doc, text = tokens.doc, resolver.index.text  # Doc.text is rebuilt on every access

    def quoted(token: Token) -> bool:
        return any(q.start <= token.idx < q.end for q in quotes)

    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to" and not quoted(token):
            objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                source = resolver.resolve(objects[0], tokens)
                if source is not None:
                    end = objects[0].right_edge.idx + len(objects[0].right_edge)
                    return source, Span.stripped(text, token.idx, min(end, tokens.end_char))
    for token in tokens:
        if token.lemma_ == "cite" and token.pos_ == "VERB" and token.dep_ in {"advcl", "acl", "conj"} and not quoted(token):
            # "El Diario reported that ..., citing two people close to the talks": the ones cited are the source
            objects = [c for c in token.children if c.dep_ == "dobj"]
            source = resolver.resolve(objects[0], tokens) if objects else None
            if source is not None:
                end = objects[0].right_edge.idx + len(objects[0].right_edge)
                return source, Span.stripped(text, token.idx, min(end, tokens.end_char))
    verbs = [t for t in tokens if (t.lemma_ in SPEECH_VERBS or _phrasal_speech(t) or _document_shows(t)) and t.pos_ in {"VERB", "AUX"}
             and not quoted(t) and t.dep_ in CLAUSAL_ROLES]
    verbs.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for verb in verbs:
        quoted_as = _quoted_as_saying(verb)
        if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) and not quoted_as:
            continue  # "had not been reported": a passive names no speaker
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.dep_ != "ROOT" and not any(c.dep_ == "ccomp" for c in verb.children):
            continue  # "a partnership announced in January": a participle that describes a noun names no speaker
        if _acts_rather_than_speaks(verb):
            continue
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in verb.children):
            continue  # "If the commission agrees that ...": a condition, not something said
        if any(c.dep_ == "aux" and c.lower_ in NOT_YET_SAID for c in verb.children):
            continue  # "The Bank of Canada will announce its decision next week": nothing has been said yet
        if any(c.dep_ == "neg" for c in verb.children):
            continue  # "Baghdad had not reported any strikes", "Korvan never announced a price": nothing said
        if _names_an_occasion(verb) and not quotes:
            continue  # (with a quotation, "'No,' he replied to reporters", the words are there)
        subjects = [c for c in verb.children if c.dep_ in ({"nsubj", "nsubjpass"} if quoted_as else {"nsubj"})
                    and not quoted(c) and c.idx >= tokens.start_char]
        if quoted_as and (quoted_ones := [c for c in verb.children if c.dep_ == "dobj"]):
            subjects = quoted_ones  # "The paper quoted intelligence sources as saying ...": the ones quoted speak
        if not subjects and verb.dep_ == "acl" and verb.head.pos_ in {"PROPN", "NOUN"} and (
                verb.head.dep_ == "ROOT" or verb.tag_ == "VBD"):
            # parsed as "[Serrault Technologies [announced on Thursday that ...]]", or a closing ", the companies
            # announced on Wednesday." hung on the noun before it: a finite verb whose subject is that noun
            subjects = [verb.head]
        if not subjects and verb.dep_ == "conj":
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj" and not quoted(c)]
        if not subjects:
            subjects = _loose_subject(verb, tokens, quoted)
        if not subjects:
            continue
        subject = _named_subject(subjects, verb, tokens)
        source = resolver.resolve(subject, tokens)
        if source is None:
            # "... steel costs and a weak yen, Korvan’s finance chief, Jane Doe, told analysts": the parser made the
            # speaker an apposition of the last noun of what was said; the nearest apposition speaks
            for appositive in sorted(_appositions(subject), key=lambda t: -t.i):
                if appositive.i > 0 and tokens.doc[appositive.i - 1].text in {"<", "("}:
                    continue  # a ticker in brackets: "American Home Products <AHP>"
                if appositive.i < verb.i and (found := resolver.resolve(appositive, tokens)) is not None:
                    subject, source = appositive, found
                    break
        named = tokens.doc[verb.i - 1] if verb.i - 1 > subject.i else None
        if source is None and named is not None and named.ent_type_ in {"ORG", "PERSON"} and not quoted(named):
            # "After the close of trading the New York Stock Exchange said", parsed with "close" as the subject:
            # when that subject names no one, a name right before the verb speaks
            subject, source = named, resolver.resolve(named, tokens)
        if source is None:
            continue
        return source, _cue_span(text, subject, verb, tokens)
    return None, None


def _named_subject(subjects: list[Token], verb: Token, tokens: TokenSpan) -> Token:
    """The speaker among the subjects the parser found, when it misread the words around a name."""
    doc = tokens.doc
    subjects = [s for s in subjects if s.text[:1].isalnum() or any(True for _ in s.children)] or subjects  # a stray "<"
    first = subjects[0]
    if (bracketed := _name_before_ticker(first, tokens)) is not None:
        return bracketed
    if (described := _name_before_description(verb, tokens.start)) is not None and described.i > first.i:
        return described  # "... fundamentals, Wolfgang Roeller, president of the banking association, said"
    titled = _titled_name_before(verb, tokens)
    if titled is not None:
        return titled
    comma = next((t for t in reversed(doc[first.i:verb.i]) if t.text == ","), None)
    if comma is not None and comma.i + 1 < verb.i:
        # "The round values Kudira at $620 million, a source close to the company told Reuters": the words between
        # the last comma and the verb, when they make one phrase, are the speaker the parser hung on what was said
        phrase = doc[comma.i + 1:verb.i]
        heads = [t for t in phrase if not phrase.start <= t.head.i < phrase.end]
        if len(heads) == 1 and heads[0].pos_ in {"NOUN", "PROPN", "PRON"} and not (
                heads[0].dep_ == "appos" and (heads[0].head.pos_ == "PROPN" or heads[0].head.i == first.i)):
            return heads[0]  # (not "Jane Doe, Korvan's chief executive, said": a description of the name before it)
    named = [t for t in [*subjects[1:2], *first.children] if t.dep_ in {"nsubj", "appos"} and t.pos_ == "PROPN"]
    if first.pos_ == "NOUN" and named and named[0].left_edge.i == first.i + 1:
        return named[0]  # "The official news agency MTI said", the name parsed as a second subject or an apposition
    before = first.left_edge.i - 1
    while before > tokens.start and doc[before].pos_ in {"PUNCT", "SYM", "X"} and doc[before].text != ",":
        before -= 1  # "owned by <Hees Corp>"
    if before > tokens.start and doc[before].pos_ == "ADP":
        # "Norcen Energy, 41 pct owned by Hees Corp, said": a subject never follows a preposition; the name that
        # opens the sentence, before the comma, is the speaker
        comma = next((t for t in tokens if t.text == ","), None)
        words = doc[tokens.start:comma.i] if comma is not None and comma.i < before else []
        opening = [t for t in words if t.pos_ == "PROPN" and t.text[:1].isalnum()]
        if opening:
            return opening[-1]
    return first


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
ACTION_WITH_OBJECT = frozenset({"declare"})


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


def _document_shows(token: Token) -> bool:
    """ "a regulatory filing showed": a document speaks for whoever filed it."""
    return token.lemma_ in {"show", "reveal", "indicate", "identify", "list", "name", "describe"} and any(
        c.dep_ == "nsubj" and c.lemma_ in {"filing", "statement", "document", "release", "record", "disclosure"} for c in token.children)


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


def _speaker_of_previous_quote(claims: list[Claim], quotes: list[Span], span: Span) -> Source | None:
    """A quote with no attribution of its own takes the speaker of the quote before it."""
    spoken = {AttributionStatus.CONFIRMED, AttributionStatus.ANONYMOUS_SOURCE}
    for claim in reversed(claims[-3:]):
        if claim.source is not None and claim.status in spoken and any(claim.span.overlaps(q) for q in quotes):
            return claim.source
    if claims and claims[-1].source is not None and claims[-1].status in spoken:
        return claims[-1].source  # 'Doe said sales would rise.' then '"It was a good year."'
    return None


def _response_claim(span: Span, tokens: TokenSpan, status: AttributionStatus, at: int, until: int,
                    resolver: SourceResolver, index: EntityIndex) -> tuple[Claim, set[str]]:
    verb = next((t for t in tokens if t.idx >= at), tokens.root)
    subject = _subject_of(verb)
    if subject is not None and (subject.lower_ in {"it", "we"} or subject.lower_ in COMPANY_NOUNS and subject.tag_ == "NN"):
        # "A spokesperson for Brazos Ridge said the company doesn't comment on rumours": the one who says so
        speaker = next((a for a in subject.ancestors if a.lemma_ in SPEECH_VERBS and a.i < subject.i), None)
        outer = [c for c in speaker.children if c.dep_ == "nsubj"] if speaker is not None else []
        if outer:
            subject = outer[0]
    if subject is None:
        # "Emberly didn't respond" with the name misparsed: the name that opens the sentence, right before
        opening = [m for m in index.mentions_in(span.start, at) if not m.inferred and not index.text[m.span.end:at].strip(" ,")
                   or m.span.start == span.start and re.fullmatch(r"\s+(?:\w+\s+)?", index.text[m.span.end:at])]
        if opening:
            subject = tokens.doc.char_span(opening[0].span.start, opening[0].span.end, alignment_mode="expand").root
    source = resolver.resolve(subject, tokens) if subject is not None else None
    if source is None and subject is not None and subject.pos_ in {"NOUN", "PROPN"}:
        # "The provincial government did not respond": a party the text names without a company name
        phrase = tokens.doc[subject.left_edge.i:subject.i + 1]
        source = Source(phrase.text[0].lower() + phrase.text[1:] if phrase[0].pos_ == "DET" else phrase.text, SourceKind.ORGANIZATION)
    if source is None or source.kind == SourceKind.ANONYMOUS and status != AttributionStatus.DENIED:
        key = index.in_focus(span.start)
        source = Source(index.entity(key).name, SourceKind.ORGANIZATION, key) if key else source
    keys: set[str] = set()
    if subject is not None:
        keys = {m.entity for m in index.mentions_in(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))}
    if source is not None and source.entity:
        keys.add(source.entity)
    cue_start = subject.left_edge.idx if subject is not None and subject.left_edge.idx < at else at
    cue = Span.stripped(index.text, max(cue_start, span.start), min(until, span.end)) if source else None
    return Claim(span, status, source, cue), keys


def _subject_of(token: Token) -> Token | None:
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects[0]
        if token.head is token:
            return None
        token = token.head
    return None
