"""Statements: one claim per statement. A sentence that reports two statements is cut in two, each piece a claim.

"Jane Doe said sales would rise, adding that costs were under control" is two statements of one speaker, and
so is "... said A and that B" or "... said A and predicted B": the second piece shares the first one's source
and cue. "Jane Doe said A, but John Roe said B" is two statements of two speakers. Each cut is made by a rule
of `SPLIT_RULES`; a cut never falls inside a quotation, and the piece with the sentence's own cue comes first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from . import rules
from .cues import Cue, Sentence, speaker_cue, verb_rule
from .sources import ANONYMITY_GRANTED

SplitRule = Callable[[Token, Token, Sentence], bool]
SPLIT_RULES = rules.table("statements")
# How a second statement hangs on the first's verb: "adding", "and predicted", "but warned".
JOINS = frozenset({"advcl", "conj", "xcomp", "parataxis", "dep"})


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of a sentence that is one statement: from `start` (a token index) to the next piece."""

    start: int
    cue: Cue


def _hangs_on(head: Token, verb: Token) -> bool:
    """Whether `head` is joined to `verb` by clauses of their own, not inside what `verb` reports: "said A,
    adding B", "told reporters, before insisting B" (a participle after "before", "after", "while")."""
    token = head
    for _ in range(4):
        if token.dep_ == "pcomp" and token.head.dep_ == "prep" and token.head.lower_ in TIME_WORDS:
            token = token.head
        if token.dep_ not in JOINS and not (token.dep_ == "prep" and token.lower_ in TIME_WORDS) or token.head.i == token.i:
            return False
        token = token.head
        if token.i == verb.i:
            return True
    return False


TIME_WORDS = frozenset({"before", "after", "while", "by", "when"})


def _hung_on_what_was_said(head: Token, verb: Token) -> bool:
    """ "told CNN that Trump is a faker and questioning how ...": a second reporting verb the parser joins to the
    verb of what was said, when it reports a clause of its own."""
    return (head.dep_ == "conj" and head.head.dep_ == "ccomp" and head.head.head.i == verb.i
            and any(c.dep_ == "ccomp" for c in head.children))


def _own_subject(head: Token) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in head.children)


@SPLIT_RULES.rule("adding-that", "Jane Doe said sales would rise, adding that costs were under control.")
def _adding_that(head: Token, verb: Token, s: Sentence) -> bool:
    """ "..., adding that ...", "..., saying ...", "..., warning ...": a participle of a reporting verb after the
    first statement is a second statement of the same speaker."""
    if head.tag_ != "VBG" or verb_rule(head, s) is None or _own_subject(head) or not (
            _hangs_on(head, verb) or _hung_on_what_was_said(head, verb)):
        return False
    # "..., asking not to be identified", "speaking on condition of anonymity": why a source is unnamed, not a statement
    return not ANONYMITY_GRANTED.search(head.doc[head.i:head.right_edge.i + 1].text)


@SPLIT_RULES.rule("and-that", "Jane Doe said sales would rise and that costs were under control.")
def _and_that(head: Token, verb: Token, s: Sentence) -> bool:
    """ "said A, and that B", "said A but that B": a second reported clause with a "that" of its own."""
    return (head.dep_ == "conj" and head.head.dep_ == "ccomp" and head.head.head.i == verb.i
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children))


@SPLIT_RULES.rule("and-another-verb", "Jane Doe said sales would rise and predicted that costs would fall.")
def _and_another_verb(head: Token, verb: Token, s: Sentence) -> bool:
    """ "said A and predicted B", "said A but warned B": a second reporting verb of the same subject (which the
    parser often hangs on the verb of A: a verb with no subject in what was said is the speaker's)."""
    if head.tag_ == "VBG" or head.dep_ != "conj" or verb_rule(head, s) is None or _own_subject(head):
        return False
    # "... said the board has approved the offer and will recommend it": a verb with a tense of its own, or another
    # than the speaker's, goes on with what was said
    speakers_tense = head.tag_ == verb.tag_ and _auxiliaries(head) <= _auxiliaries(verb)
    return speakers_tense and (_hung_on_what_was_said(head, verb) or _hangs_on(head, verb))


def _auxiliaries(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ == "aux"}


@SPLIT_RULES.rule("second-speaker", "Jane Doe said sales would rise, but John Roe, an analyst at Tessel Securities, said "
                  "they would fall.")
def _second_speaker(head: Token, verb: Token, s: Sentence) -> bool:
    """ "A said X, but B said Y": a second reporting verb with a subject of its own."""
    return verb_rule(head, s) is not None and _own_subject(head) and _hangs_on(head, verb)


def pieces(cue: Cue, s: Sentence) -> list[Piece]:
    """The statements of a sentence whose cue is `cue`, in reading order; one when it makes one."""
    verb = cue.verb
    found = [Piece(s.tokens.start, cue)]
    if verb is None or verb.lemma_ in {"according", "cite"}:
        return found
    text = s.text
    for head in s.tokens:
        if head.i <= verb.i or s.quoted(head) or head.pos_ not in {"VERB", "AUX"}:
            continue
        rule = next((r.name for r in SPLIT_RULES if r.apply(head, verb, s)), None)
        if rule is None:
            continue
        start = head.left_edge.i
        if start > s.tokens.start and head.doc[start - 1].dep_ == "cc":
            start -= 1  # "and predicted", "but that": the conjunction opens the second statement
        elif start > s.tokens.start and head.dep_ == "pcomp" and head.head.i == start - 1:
            start -= 1  # "before insisting": so does the preposition
        if start <= verb.i or start <= found[-1].start + 2 or any(q.start < head.doc[start].idx < q.end for q in s.quotes):
            continue
        if rule == "second-speaker":
            own = speaker_cue(head, s)
            if own is None:
                continue
            found.append(Piece(start, Cue(own.source, own.span, rules.path(rule, own.rule), head)))
        else:
            found.append(Piece(start, Cue(cue.source, cue.span, rules.path(rule, cue.rule), verb)))
        if text[head.doc[start].idx:s.tokens.end_char].strip() == "":
            found.pop()
    return found
