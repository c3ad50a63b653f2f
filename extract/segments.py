"""From a parsed article to the stretches that can be claims: paragraphs, metadata, quotations, sentences.

News writing puts things that are not claims at the edges of an article: a dateline before the first
sentence ("SHANGHAI (Reuters) -"), bylines ("By Jane Doe") and credits ("(Reporting by ...; Editing by
...)"). Those become metadata. The rest is cut into sentences by spaCy, and sentences that a direct
quotation runs across are joined, so that one quotation stays one claim ('"A," Okafor said. "B."' is two).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from .lexicon import MORE_SPEECH_VERBS, SPEECH_VERBS
from .spans import Span

DATELINE = re.compile(
    r"""^(?:(?P<place>[A-Z][A-Z.'’\- ]{1,40}(?:,\ [A-Z][A-Za-z.]*(?:\ [A-Z][A-Za-z.]*)?)?   # CITY, Region
        (?:,?\ (?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-zA-Z]*\.?\ \d{1,2})?)  # , March 3 / , MARCH 3
        \s*(?:\((?P<publisher>[A-Z][\w&.\- ]{1,40})\))?
      | [A-Z][a-z]+(?:\ [A-Z][a-z]+)?\ \((?P<agency>[A-Z][\w&.\- ]{1,40})\)                # Paris (AFP)
      | \((?P<wire>[A-Z][\w&.\- ]{1,40})\))                                               # (Bloomberg) --
      \s*[-–—]+\s*""",
    re.VERBOSE,
)
CREDITS = re.compile(
    r"^-*\s*with (?:additional )?assistance from\b"  # Bloomberg: "--With assistance from Jane Doe."
    r"|^\(?\s*(?:(?:additional\s+)?reporting|writing|editing|edited|compiled|written|research|graphics|"
    r"produced|fact-?checking)\s+by\b",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(?:[Bb]y|BY|[Ff]rom)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
                    r"(?:\s*(?:,|and)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})*"
                    r"(?:\s*[|•·]\s*[A-Z][\w&.'’-]*(?:\s+[\w&.'’-]+){0,5})?\.?$")  # "By Jane Doe | Asia Auto Digest"
# Lines above the story that name its writers: "Jane Doe in London and John Roe in Milan", "JANE DOE and
# JOHN ROE, Nikkei staff writers", "AP Business Writer". Only above the first paragraph of the story.
_NAME = r"(?:[A-Z][\w.'’-]*|[A-Z][A-Z'’-]+)(?:\s+(?:[A-Z][\w.'’-]*|[A-Z][A-Z'’-]+)){1,2}"
_PLACE = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}"
_DESK = r"(?:[A-Z][\w&.]*\s+){0,3}(?i:(?:staff|business|senior|chief|special|contributing)\s+)?(?i:writer|reporter|correspondent|editor)s?"
WRITERS = re.compile(
    rf"^(?:{_NAME}(?:\s+in\s+{_PLACE})?(?:(?:\s*,\s*|\s+and\s+){_NAME}(?:\s+in\s+{_PLACE})?)*"
    rf"(?:,\s*{_DESK})?|{_DESK})$"
)
# A date on a line of its own above the story: "March 18, 2025", "18 March 2025, 09:30 GMT", "2025-03-18".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_LINE = re.compile(
    rf"^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\.?$"
)
# The writer's note that closes a story: "Jane Doe is a senior correspondent for Fleet Weekly based in Mumbai."
WRITER_NOTE = re.compile(rf"^{_NAME}\s+(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}?"
                         r"(?:correspondent|reporter|writer|editor|columnist|journalist)\b[^.]*\.?$")
# Bloomberg closes with its contact lines: "To contact the reporter on this story:" and everything after it.
CONTACTS = re.compile(r"^To contact (?:the )?(?:reporters?|editors?|writers?|authors?)\b", re.IGNORECASE)
BOILERPLATE = re.compile(
    r"^(?:our standards:|reuters?(?:\W|\^M)*$|click here|subscribe|copyright|©|\(c\) |\(?end\)?$|-?\s*30\s*-?$)"
    r"|^[a-z]{1,4}(?:/[a-z]{1,4})+$"  # AFP initials: "mv/sbk/jm"
    r"|^.{0,120}\bcontributed(?: reporting)?(?: to (?:this|the) (?:report|story|article))?\.?$"
    r"|^\((?:updates?|adds?|recasts?|corrects?|refiles?|rewrites?|changes?|fixes|repeats?|removes?)\b[^()]*\)$",  # "(Updates with ...)"
    re.IGNORECASE,
)

SIGN_OFF = re.compile(r"(?<=[.!?”\"\s])\s*\bREUTERS?\s*$|(?<=[.!?”\"])\s+Reuters?\s*$")

# '"... North Slope." McIvor said.': an attribution alone after a quote that closed with its own stop
ATTRIBUTION_ONLY = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+){1,4}(?:said|says|added|adds|told\s+\w+|tells\s+\w+|noted|explained|wrote|asked|asks|replied|"
    r"continued|argued|insisted|recalled|quipped|responded|tweeted|warned)"
    r"(?:\s+(?:on|in|at)\s+\w+|\s+\w+day)?\.$"
)
OPENING_QUOTES = "“«„"
CLOSING_QUOTES = "”»"
NAME_ENDINGS = re.compile(r"^(?:Inc|Corp|Ltd|Plc|PLC|LLC|Co|GmbH)\b\.?(?!\w)")
# A piece that is only an abbreviation with stops: "U.S.", "U.K.".
ABBREVIATION_ONLY = re.compile(r"^(?:[A-Z]\.){2,3}$")
# A title's full stop is never a sentence's end: "Mr. Smith".
TITLE_END = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Gov|Sen|Rep|Sgt|Capt|Lt|Col|Fr|Rev)\.$")


@dataclass(frozen=True, slots=True)
class Segments:
    paragraphs: list[Span]
    sentences: list[Span]  # claim candidates, quotations joined
    quotes: list[Span]  # direct quotations, marks included
    metadata: list[Span]
    publisher: str | None


def paragraphs_of(text: str) -> list[Span]:
    spans, start = [], 0
    for match in re.finditer(r"\n", text):
        spans.append(Span.stripped(text, start, match.start()))
        start = match.end()
    spans.append(Span.stripped(text, start, len(text)))
    return [s for s in spans if len(s)]


def quotes_in(text: str, paragraph: Span) -> list[Span]:
    """Direct quotations of one paragraph; one left open runs to the paragraph's end (it goes on below)."""
    found, opened, straight_open = [], None, None
    i = paragraph.start
    while i < paragraph.end:
        ch = text[i]
        if text.startswith(("``", "''"), i) and (ch == "`" or i == paragraph.start or not text[i - 1].isalnum() or opened is not None):
            # typewriter quotes, as some archives print them: ``opened'' or ''opened''
            if opened is None:
                opened = i
            else:
                found.append(Span.of(text, opened, i + 2))
                opened = None
            i += 2
            continue
        if ch in OPENING_QUOTES and opened is None:
            opened = i
        elif ch in CLOSING_QUOTES and opened is not None:
            found.append(Span.of(text, opened, i + 1))
            opened = None
        elif ch == '"':
            if straight_open is None:
                straight_open = i
            else:
                found.append(Span.of(text, straight_open, i + 1))
                straight_open = None
        i += 1
    for left_open in (opened, straight_open):
        if left_open is not None:
            found.append(Span.of(text, left_open, paragraph.end))
    return sorted(found, key=lambda s: s.start)


def segment(doc: Doc) -> Segments:
    text = doc._.fg_text if doc.has_extension("fg_text") and doc._.fg_text is not None else doc.text
    paragraphs = paragraphs_of(text)
    metadata: list[Span] = []
    publisher = None
    bodies: list[Span] = []
    contacts = False
    for number, paragraph in enumerate(paragraphs):
        line = paragraph.text
        contacts = contacts or bool(CONTACTS.match(line))
        if contacts or CREDITS.match(line) or BOILERPLATE.match(line) or (BYLINE.match(line) and len(line) < 80) \
                or (not bodies and len(line) < 100 and (_names_writers(line) or DATE_LINE.match(line))) \
                or (number == len(paragraphs) - 1 and bodies and WRITER_NOTE.match(line)):
            metadata.append(paragraph)
            continue
        start = paragraph.start
        if number == 0 or not bodies or len(bodies) == 1 and _headline(bodies[0]):
            dateline = DATELINE.match(line)
            if dateline:
                metadata.append(Span.stripped(text, start, start + dateline.end()))
                publisher = dateline.group("publisher") or dateline.group("agency") or dateline.group("wire")
                start += dateline.end()
        end = paragraph.end
        sign_off = SIGN_OFF.search(text, start, end)
        if sign_off:  # 1980s wire copy ends with "REUTER"
            metadata.append(Span.stripped(text, sign_off.start(), end))
            end = sign_off.start()
        if end > start:
            bodies.append(Span.stripped(text, start, end))
    quotes = [q for body in bodies for q in quotes_in(text, body)]
    starts = [s.start_char for s in doc.sents]
    sentences = [s for body in bodies for s in _sentences_of(text, starts, body, quotes)]
    return Segments(paragraphs, sentences, quotes, metadata, publisher)


def _headline(paragraph: Span) -> bool:
    """A first paragraph with no stop at its end, as a headline above the dateline: "Obama hails museum"."""
    return len(paragraph) < 200 and not re.search(r"[.!?\"”’]$", paragraph.text)


def _names_writers(line: str) -> bool:
    """A byline without "By": names (and where they write from) with no sentence in them. A line that has
    neither "in Place", "and", nor a desk title could be a headline, so it needs one of them."""
    if not WRITERS.match(line):
        return False
    return bool(re.search(r"\s(?:in|and)\s|,|(?i:writers?|reporters?|correspondents?|editors?)$", line))


def _sentences_of(text: str, starts: list[int], body: Span, quotes: list[Span]) -> list[Span]:
    # A sentence never ends inside brackets: "owned by <Hutchison Whampoa Ltd>", "(a unit of X Corp.)".
    enclosed = [(m.start(), m.end()) for m in re.finditer(r"<[^<>\n]{1,120}>|\([^()\n]{1,200}\)", text[body.start:body.end])]
    opening = {q.start: q for q in quotes}
    cuts = sorted(
        {body.start, body.end}
        | {_before_opening_mark(text, start, opening) for start in starts[bisect_right(starts, body.start):bisect_left(starts, body.end)]
           if not any(a < start - body.start < b for a, b in enclosed)}
    )
    pieces = [Span.stripped(text, a, b) for a, b in zip(cuts, cuts[1:], strict=False)]
    pieces = [p for p in pieces if len(p)]
    joined: list[Span] = []
    for piece in pieces:
        if joined and _continues(text, joined[-1], piece, quotes):
            joined[-1] = Span.of(text, joined[-1].start, piece.end)
        else:
            joined.append(piece)
    return joined


def _attribution_alone(text: str) -> bool:
    """ "Vitter demanded.", "the senator asked on Tuesday.": a name or description and a reporting verb, and
    nothing said: the attribution of the quotation before it."""
    found = re.match(r"^(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){1,4}(?P<verb>[a-z]+)(?:\s+[\w.'’-]+){0,3}\.$", text)
    if found is None:
        return False
    verb = found.group("verb")
    stems = {verb, verb[:-1], verb[:-2], verb[:-3] + "y" if verb.endswith("ied") else verb}
    return bool(stems & (SPEECH_VERBS | MORE_SPEECH_VERBS))


def _before_opening_mark(text: str, start: int, opening: dict[int, Span]) -> int:
    """A sentence the parser starts right after a quotation's opening mark starts at the mark: "... Democrat.
    ''The money ...''" (the tokenizer keeps the mark with the sentence before)."""
    mark = start
    while mark > 0 and text[mark - 1] in " \t":
        mark -= 1
    for width in (2, 1):
        if mark - width in opening:
            return mark - width
    return start


def _continues(text: str, before: Span, piece: Span, quotes: list[Span]) -> bool:
    """Whether `piece` belongs to the sentence before it rather than starting a claim of its own."""
    if any(q.start < piece.start < q.end for q in quotes):
        return True  # a quotation runs on: the quote and its attribution stay one claim
    if not any(ch.isalnum() for ch in piece.text):
        return True  # a closing quotation mark the parser cut off from the sentence it ends
    first = piece.text[:1]
    if first.islower() or first in ",;:)]}%":
        return True  # the parser cut after an abbreviation ("Corp. said")
    if before.text[-1:] in CLOSING_QUOTES + '"' and (ATTRIBUTION_ONLY.match(piece.text) or _attribution_alone(piece.text)):
        return True
    if not re.search(r"[.!?:;…\"”’)\]]$", before.text):
        return True  # no sentence ends without a stop: the parser cut inside a name ("Haverkamp | Armaturen, the ...")
    if ABBREVIATION_ONLY.match(before.text):
        return True  # "U.S. | Department of Energy Secretary John Doe said": an abbreviation is no sentence
    if NAME_ENDINGS.match(piece.text):
        return True  # no sentence starts with the end of a company's name: "Tessel | Inc said"
    return bool(TITLE_END.search(before.text))
