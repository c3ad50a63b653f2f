"""People's roles from the ways news writing names them.

"Leapmotor CEO Zhu Jiangming", "Korvan's chief financial officer Ana Ruiz", "Jane Doe, chief executive of
Korvan", "Giles Taylor, who oversees Hongqi's design", "who was formerly chief designer for Rolls-Royce"
(a past role).
"""

from __future__ import annotations

import re

from .entities import EntityIndex
from .lexicon import TITLE_WORDS
from .model import EntityKind, Mention, Role
from .spans import Span

# Modifiers are lower case or a title's own capitalised words, so "Leapmotor CEO" keeps the company out.
_MODIFIER = r"(?i:chief|vice|senior|executive|supervisory|group|global|deputy|managing|general|financial|operating|technology|design|head|former|co|finance|marketing|sales|product|investment|research|regional|country|non-executive|independent|lead|principal|communications|strategy|acting|interim|founding|board|press|corporate|legal|compliance|risk|engineering|brand|europe|china|asia|international|division|unit|operations|information|commercial|creative|digital|technical|president|of)"
# "head of international content", "head of Asia-Pacific infrastructure": a title and what it is over, in words
# that are not a name (a company after "of" is the title's organisation, not part of the title)
_OVER = r"(?:\s+of\s+(?:[a-z][\w-]*|[A-Z][\w]*-[A-Z][\w-]*)(?:\s+(?:[a-z][\w-]*|[A-Z][\w]*-[A-Z][\w-]*)){0,2})?"
_TITLE = r"(?P<title>(?:" + _MODIFIER + r"[\s-]+){0,3}(?i:" + "|".join(sorted(TITLE_WORDS, key=len, reverse=True)) + r")" + _OVER + ")"
_ANOTHER_TITLE = r"(?:(?:" + _MODIFIER + r"[\s-]+){0,3}(?i:" + "|".join(sorted(TITLE_WORDS, key=len, reverse=True)) + r")\s+and\s+)?"
# "Oyashio founder and Chief Investment Officer Daniel Koh": the last title before the name, the company before them
# "its chief executive, Dr. Klaus Wendt": an honorific may stand between the title and the name
BEFORE_PERSON = re.compile(r"(?<![\w'’-])" + _ANOTHER_TITLE + _TITLE + r",?\s+(?:(?i:dr|mr|mrs|ms|prof|sir|dame)\.?\s+)?$")
# After a name and a comma the words before the title are free: "Jane Doe, a portfolio manager at X"
_LOOSE_TITLE = r"(?P<title>(?:[\w-]+\s+){0,3}?(?i:" + "|".join(sorted(TITLE_WORDS, key=len, reverse=True)) + r"))"
OWNED_TITLE = re.compile(r"^['’]s\s+(?:former\s+|then-)?" + _TITLE + r"\b")
CORPORATE_TITLE = re.compile(
    r"\b(?:ceo|cfo|coo|cto|chief|chairman|chairwoman|chair|president|founder|co-founder|director|spokes\w+|head|"
    r"executive|officer|managing|treasurer|secretary)\b", re.I)
FORMER_BEFORE = re.compile(r"\b(?i:former|ex-)\s*$")
PAST = re.compile(r"\b(?:formerly|former|previously|ex-|once|used to be)\b", re.I)
# Words that describe a firm before its name: "an analyst at Zurich brokerage X", "with Charlotte-based X"
_DESCRIBED = r"(?:(?:[A-Z][\w.'’]*-based|[a-z][\w-]*|[A-Z][\w'’]*(?=\s+[a-z]))\s+){0,3}"
AFTER_PERSON = re.compile(
    r"^,\s+(?:who\s+(?:is|was|has been|had been|serves as|served as)\s+)?(?P<past>formerly\s+|previously\s+|a\s+former\s+|the\s+former\s+|former\s+)?"
    r"(?:the\s+|a\s+|an\s+|its\s+)?" + _LOOSE_TITLE + r"\s+(?:of|at|for|with)\s+(?:the\s+)?" + r"(?P<described>" + _DESCRIBED + r")$"
)
# "Jane Doe, who heads Asia-Pacific infrastructure at Tessel": what she heads, then where
HEADS_AT = re.compile(
    r"^,\s+who\s+(?P<past>formerly\s+|previously\s+)?(?P<verb>heads|headed|leads|led|runs|ran|oversees|oversaw|manages|managed)\s+"
    r"(?P<what>(?:[\w-]+\s+){1,4}?)(?:at|for|of)\s+(?:the\s+)?" + _DESCRIBED + "$",
)
UNIT = re.compile(r"\b(?:division|unit|business|operations?|arm|department|team|group|subsidiary)\b", re.I)
OVERSEES = re.compile(
    r"^,\s+(?:a\s+[^,]{0,60}?\s+)?who\s+(?:now\s+)?(?P<past>formerly\s+|previously\s+)?(?P<verb>oversees|oversaw|heads|headed|leads|led|runs|ran|chairs|chaired|manages|managed|founded|co-founded)\s+"
    # "who now runs consultancy Drivelab": a word for the firm may stand between
    r"(?:(?:consultancy|firm|company|fund|group|startup|start-up|agency|bank|brokerage|business)\s+)?$",
    re.I,
)
# "Red Pine named Jane Doe, currently chief operating officer of X, as its next chief executive": the company that
# appoints, the appointed, and the title it gives
# "Red Pine on Thursday named", "Red Pine last week appointed": the day of the news may stand between the two
_WHEN = r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|\s+(?:last|this)\s+(?:week|month)|\s+yesterday)?"
APPOINTED_BY = re.compile(_WHEN + r"\s+(?:has\s+|had\s+)?(?:named|appoints|appointed|hired|picked|chose|tapped|promoted)\s+$")
# "..., as its new chief executive, replacing Jan Dvorak": the one replaced held the same title there before
REPLACING = re.compile(r"^,?\s+(?:replacing|succeeding|to replace|to succeed|who replaces|who succeeds)\s+$")
# "named Jane Doe chief executive": the title may follow the name with no "as"
APPOINTED_AS = re.compile(r"^(?:,(?:[^.;]|\.(?!\s+[A-Z])){0,160}?,)?\s+(?:as\s+)?(?:(?:its|their)\s+)?"
                          r"(?:(?:next|new|incoming|first|permanent|interim)\s+)?" + _TITLE + r"\b")
# "a spokesperson for Tai Shing, Kelvin Ho,": a title and its company, then the name in apposition
TITLE_FOR_BEFORE = re.compile(r"\b(?i:a|an|the)\s+(?P<past>former\s+)?" + _TITLE + r"\s+(?:for|at|of|with)\s+(?:the\s+)?"
                              + _DESCRIBED + r"$")
# "since Jane Doe became chief executive in 2023", "Jane Doe, who stepped down as CFO": a title a verb gives a person,
# at the company named after it or, with none, the one its sentence is about
BECAME = re.compile(r"^,?\s+(?:who\s+)?(?P<verb>became|becomes|will become|is to become|will be named|was named|was appointed|took over as|takes over as|has been|"
                    r"(?P<left>stepped down as|steps down as|resigned as|resigns as|quit as|left as|was ousted as))\s+"
                    r"(?:(?:the|its|their)\s+)?(?:(?:company|group|bank|firm)['’]s\s+)?(?:new\s+)?" + _TITLE + r"\b")
# "Tessel said Jane Doe, its president since 2019, would retire": "its" title is at the company the sentence is about
ITS_TITLE = re.compile(r"^,\s+(?:its|their)\s+(?P<past>former\s+)?" + _TITLE + r"\b")
# "Jane Doe, a former Korvan executive": the company, then the title, with no possessive
COMPANY_TITLE = re.compile(r"^,\s+(?:who is\s+|who was\s+)?(?:a|an|the)\s+(?P<past>former\s+|then-)?$")


def roles_in(index: EntityIndex, claims_at: list[Span]) -> list[Role]:
    text = index.text
    roles: list[Role] = []
    people = [m for m in index.mentions if index.entity(m.entity).kind == EntityKind.PERSON]
    companies = [m for m in index.mentions if index.entity(m.entity).kind == EntityKind.COMPANY]

    def claim_of(offset: int) -> int | None:
        return next((i for i, c in enumerate(claims_at) if c.start <= offset < c.end), None)

    def add(person: Mention, title: str, company: Mention | None, current: bool) -> None:
        role = Role(person.entity, _tidy(title), company.entity if company else None, current, claim_of(person.span.start),
                    inferred=company is not None and (company.inferred or company.span == person.span))
        if not any(r.person == role.person and r.title.lower() == role.title.lower() and r.organization == role.organization for r in roles):
            roles.append(role)

    for person in people:
        # "Leapmotor CEO Zhu Jiangming", "Korvan's finance chief Ana Ruiz"
        window = text[max(0, person.span.start - 80):person.span.start]
        title = BEFORE_PERSON.search(window)
        if title:
            title_start = person.span.start - len(window) + title.start()
            company = _ending_at(companies, person.span.start - len(window) + title.start(), text)
            # "Former Vettore finance chief Jane Doe": "former" may come before the company as well as the title
            past = bool(PAST.search(title.group("title"))) or (company is not None and bool(FORMER_BEFORE.search(text[max(0, company.span.start - 12):company.span.start])))
            if company is None and CORPORATE_TITLE.search(title.group("title")):
                # "including chairman Walter Pemberton": a bare title belongs to the company last named in the
                # sentence, else to the one the story is about; "Economist David Okafor" belongs to no company
                sentence_start = max(text.rfind(". ", 0, person.span.start), text.rfind("\n", 0, person.span.start)) + 1
                sentence_end = min(x for x in (text.find(". ", person.span.end), text.find("\n", person.span.end), len(text)) if x >= 0)
                before = [c for c in companies if sentence_start <= c.span.start and c.span.end <= title_start]
                named_after = [c for c in companies if person.span.end <= c.span.start < sentence_end and c.span.text[:4].lower() != "the "]
                # "Chief Executive Fiona MacAulay told investors that Calder Ridgeway was ...": her company follows
                focus = before[-1].entity if before else named_after[0].entity if named_after else index.in_focus(person.span.start)
                company = Mention(focus, person.span, inferred=True) if focus else None
            add(person, PAST.sub("", title.group("title")).strip(), company, not past)
        appointed = APPOINTED_AS.match(text[person.span.end:person.span.end + 240])
        by = APPOINTED_BY.search(text[max(0, person.span.start - 40):person.span.start]) if appointed else None
        if appointed and by:
            end = person.span.start - (len(text[max(0, person.span.start - 40):person.span.start]) - by.start())
            appointer = next((c for c in companies if c.span.end == end), None)
            if appointer is not None:
                add(person, appointed.group("title"), appointer, True)
                after = person.span.end + appointed.end()
                replaced = next((p for p in people if 0 < p.span.start - after < 30 and REPLACING.match(text[after:p.span.start])), None)
                if replaced is not None:
                    add(replaced, appointed.group("title"), appointer, False)
        for company in companies:
            if re.fullmatch(r",\s+", text[company.span.end:person.span.start]):
                titled = TITLE_FOR_BEFORE.search(text[max(0, company.span.start - 80):company.span.start])
                if titled:
                    add(person, titled.group("title"), company, not titled.group("past"))
        its = ITS_TITLE.match(text[person.span.end:person.span.end + 120])
        if its and CORPORATE_TITLE.search(its.group("title")):
            add(person, its.group("title"), _company_of_sentence(person, index), not its.group("past"))
        became = BECAME.match(text[person.span.end:person.span.end + 120])
        # not "will become chief operating officer of the new company": a company described, not named
        if became and CORPORATE_TITLE.search(became.group("title")) and " of " not in became.group("title"):
            add(person, became.group("title"), _given_with(became, person, companies, index), not became.group("left"))
        # "Jane Doe, chief executive of Korvan", "Taylor, who was formerly chief designer for Rolls-Royce"
        for company in companies:
            if not 0 < company.span.start - person.span.end < 140:
                continue
            between = text[person.span.end:company.span.start]
            if "." in between or ";" in between:
                continue
            after = AFTER_PERSON.match(between) or _within_clause(between)
            if after:
                add(person, after.group("title"), company, not after.group("past") and not PAST.search(between))
                continue
            titled = COMPANY_TITLE.match(between)
            title_after = re.match(r"\s+" + _TITLE + r"\b", text[company.span.end:company.span.end + 80]) if titled else None
            if titled and title_after:
                add(person, title_after.group("title"), company, not titled.group("past"))
                continue
            owned = OWNED_TITLE.match(text[company.span.end:company.span.end + 80])
            if re.fullmatch(r",\s+", between) and owned:
                # "Jane Doe, Korvan's chief financial officer", "Jane Doe, the company's finance chief"
                add(person, owned.group("title"), company, "former" not in owned.group(0))
                continue
            heads = HEADS_AT.match(between)
            if heads and re.search(r"\bof\s+(?:the\s+)?\S*\s*$", between) and not UNIT.search(heads.group("what")):
                heads = None  # "who headed the leveraged buyout of Republic": a deal, not a part of the company
            if heads:
                add(person, f"head of {heads.group('what').strip()}", company, not heads.group("past"))
                continue
            oversees = OVERSEES.match(between)
            if oversees:
                rest = re.match(r"(?:['’]s)?\s+(\w+(?:\s+\w+)?)", text[company.span.end:company.span.end + 40])
                what = rest.group(1) if rest and rest.group(1).split()[0].islower() else ""
                add(person, f"{oversees.group('verb')} {what}".strip(), company, not oversees.group("past"))
    return roles


def _given_with(became: re.Match[str], person: Mention, companies: list[Mention], index: EntityIndex) -> Mention | None:
    """The company of a title a verb gives: "became chief executive of Korvan", else the subject company of the
    sentence before the person, else the one in focus."""
    end = person.span.end + became.end()
    of = re.match(r"\s+(?:of|at)\s+(?:the\s+)?", index.text[end:end + 12])
    if of:
        named = next((c for c in companies if c.span.start == end + of.end()), None)
        if named is not None:
            return named
    return _company_of_sentence(person, index)


def _company_of_sentence(person: Mention, index: EntityIndex) -> Mention | None:
    """The subject company of the sentence before the person, else the one in focus."""
    doc = index.doc
    token = doc.char_span(person.span.start, person.span.end, alignment_mode="expand")
    start = token.sent.start_char if token is not None else person.span.start
    subjects = index.subject_mentions_in(start, person.span.start, EntityKind.COMPANY)
    focus = subjects[-1].entity if subjects else index.in_focus(person.span.start)
    return Mention(focus, person.span, inferred=True) if focus else None


def _within_clause(between: str) -> re.Match[str] | None:
    """ "Taylor, who was formerly chief designer for " where a relative clause holds the title."""
    clause = re.search(r",\s+who\s+[^,]*$", between)
    return AFTER_PERSON.match(clause.group(0)) if clause else None


def _ending_at(companies: list[Mention], offset: int, text: str) -> Mention | None:
    """The company named just before a title: "Leapmotor CEO", "Korvan's chief" (never across a sentence end)."""
    for company in companies:
        gap = offset - company.span.end
        if 0 <= gap <= 3 and not re.search(r"[.;:!?]", text[company.span.end:offset]):
            return company
    return None


def _tidy(title: str) -> str:
    return " ".join(title.split()).strip(" ,")
