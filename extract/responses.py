"""Parties' responses to a story: declined to comment, did not respond, denied.

The sentence that reports a response is a claim of its own, attributed to the party that responded, and
it answers the sourced claims of the stretch of article it closes (the claims since the last response).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import rules
from .model import AttributionStatus, Claim

_NOT = r"(?:did not|didn't|does not|doesn't|has not|hasn't|have not|haven't|had not|hadn't|were not|weren't|was not|wasn't|could not|couldn't|would not|wouldn't|is not|isn't|are not|aren't)"
@dataclass(frozen=True, slots=True)
class ResponsePattern:
    """A named way news reports a party's response: its status and the words that say it."""

    name: str
    status: AttributionStatus
    pattern: re.Pattern[str]

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text)


RESPONSE_RULES = rules.table("responses")
EXAMPLES = {
    "denied": "Korvan Motors denied the report.",
    "declined-to-comment": "Korvan Motors declined to comment.",
    "no-response": "Tessel Inc did not immediately respond to a request for comment.",
}
PATTERNS: list[ResponsePattern] = [
    ResponsePattern("denied", AttributionStatus.DENIED, re.compile(
        r"\b(?:denied|denies|deny|denying)\b(?!\s+(?:a|an|the|its|their|his|her)?\s*(?:request|application|permit|bail|visa|access|entry|appeal|motion)s?\b)"
        r"|\b(?:dismissed|rejected|refuted|disputed|rebuffed)\s+(?:the|a|these|those|such|media|press)?\s*(?:\w+\s+)?"
        r"(?:reports?|claims?|allegations?|speculation|suggestions?|story|stories|article|accusations?|rumou?rs?)\b"
        # "dismissed that as speculation", "dismissed the idea as premature"
        r"|\b(?:dismissed|rejected)\s+(?:it|that|this|them|these|those|the\s+\w+)\s+as\s+(?:\w+\s+)?"
        r"(?:speculation|rumou?rs?|untrue|false|inaccurate|baseless|groundless|nonsense|premature|misleading)\b"
        r"|\bcalled\s+the\s+(?:report|story|article|claims?)\s+(?:untrue|false|inaccurate|baseless|speculation|groundless)"
        # "said it was not in discussions with X", "there were no talks": the deal a report told of is denied
        r"|\b(?:was|were|is|are|had\s+been|has\s+been)\s+[\"“]?(?:not|never)\s+(?:currently\s+)?(?:in|holding)\s+(?:any\s+)?"
        r"(?:talks|discussions|negotiations)\b|\bthere\s+(?:were|was|are|have\s+been)\s+no\s+(?:talks|discussions|negotiations)\b",
        re.I)),
    ResponsePattern("declined-to-comment", AttributionStatus.DECLINED_TO_COMMENT, re.compile(
        r"\b(?:declined|declines|decline|refused|refuses)\s+to\s+(?:comment|elaborate|discuss|confirm|provide|give|be drawn|"
        r"say|disclose|reveal|name|specify|identify|detail)\b"
        # "did not disclose the price" is common in deal news and is not a refusal to comment
        r"|\b" + _NOT + r"\s+(?:immediately\s+)?(?:comment|elaborate|discuss|confirm)\b"
        r"|\b(?:had|has|have)\s+no\s+(?:immediate\s+|further\s+)?comment\b|\bdeclined\s+comment\b|\bno comment\b",
        re.I)),
    ResponsePattern("no-response", AttributionStatus.NO_RESPONSE, re.compile(
        _NOT + r"\s+(?:immediately\s+)?(?:respond|reply|replied|responded|answer|answered|been\s+reached|"
        # "did not return calls": not "the bulk would not return until tomorrow"
        r"(?:return|returned)\s+(?:[\w'-]+\s+){0,3}?(?:calls?|messages?|requests?|e-?mails?|inquiries|queries)\b|"
        r"be\s+(?:immediately\s+)?reached|(?:be\s+)?(?:immediately\s+)?available\s+(?:for|to)\s+comment|immediately\s+available)"
        r"|\bnot\s+immediately\s+available\b|\b(?:has|have)\s+yet\s+to\s+(?:respond|reply|comment)\b|\bunavailable\s+for\s+comment\b",
        re.I)),
]


@dataclass(frozen=True, slots=True)
class Response:
    """The response a sentence reports: which pattern found it, and where its words are in the sentence."""

    rule: str
    status: AttributionStatus
    start: int
    end: int


def response_in(text: str) -> Response | None:
    """The response a sentence reports, or None."""
    text = text.replace("’", "'")  # "didn’t respond": one character for another, so offsets hold
    for pattern in PATTERNS:
        match = pattern.pattern.search(text)
        if match:
            return Response(pattern.name, pattern.status, match.start(), match.end())
    return None


def link_responses(claims: list[Claim], parties: dict[int, set[str]], mentions: dict[int, set[str]], text: str) -> None:
    """Sets `concerns` on every response claim.

    `parties[i]` are the entity keys that response i speaks for; `mentions[i]` the entity keys claim i names.
    """
    block_start = 0
    previous_was_response = False
    for i, claim in enumerate(claims):
        if claim.status not in PATTERN_STATUSES:
            if previous_was_response:
                block_start = i
            previous_was_response = False
            continue
        previous_was_response = True
        party = parties.get(i, set())
        block = [j for j in range(block_start, i) if claims[j].status not in PATTERN_STATUSES]
        # The party's own earlier words count too: "Wei said ...", then "Wei declined to say which countries".
        sourced = [j for j in block if claims[j].source is not None]
        about = [j for j in block if mentions.get(j, set()) & party]
        # A response answers the sourced claims before it and what they say about the party; a denial also
        # answers the claim right before it, which it so often points back to ("dismissed that as speculation").
        concerns = sorted(set(sourced) | set(about))
        if claim.status == AttributionStatus.DENIED and block:
            concerns = sorted(set(concerns) | {block[-1]})
        # What the response's own paragraph said before it is what it answers: "Terms were not disclosed.
        # Korvan declined to give the figure."
        paragraph = [j for j in block if "\n" not in text[claims[j].span.end:claim.span.start]]
        concerns = sorted(set(concerns) | set(paragraph))
        if not concerns:
            concerns = [j for j in range(i) if mentions.get(j, set()) & party and claims[j].status not in PATTERN_STATUSES]
        if not concerns and block:
            concerns = [block[-1]]
        if not concerns and claim.status == AttributionStatus.DENIED and i + 1 < len(claims) \
                and claims[i + 1].status not in PATTERN_STATUSES:
            # "Solvane on Monday denied a newspaper report that ...", then "The Courier reported that ...": a denial that
            # opens the story answers the report the story goes on to give
            concerns = [i + 1]
        claim.concerns = tuple(concerns)


PATTERN_STATUSES = frozenset(p.status for p in PATTERNS)
for _pattern in PATTERNS:
    RESPONSE_RULES.rule(_pattern.name, EXAMPLES[_pattern.name])(_pattern.search)
