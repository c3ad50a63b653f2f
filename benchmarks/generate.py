"""Varied wire-style articles, generated: other companies, people, deals and wording in every one, so a
benchmark's database grows the way a real one does (new entities, sources and deals all the time)."""

from __future__ import annotations

import random

SYLLABLES = "kor van tes sel hal vor sen kes trel mor iya sa kai nor vik al da na bren tal val mo ra zen ith qua lo pe ri".split()
DESIGNATORS = ["Corp", "Inc", "Holdings", "Group", "AG", "SA", "Plc", "Motors", "Energy", "Bank", "Systems"]
FIRST = "Anna Jonas Mei Ravi Lucia Tomas Aiko Omar Sofia Henrik Priya Diego Ingrid Kwame Elena Yusuf".split()
LAST = "Berg Okafor Tanaka Moreau Silva Novak Haddad Lindqvist Costa Mehta Brennan Kowalski Duarte Sato".split()
CITIES = ["LONDON", "NEW YORK", "TOKYO", "FRANKFURT", "SINGAPORE", "PARIS", "TORONTO", "SYDNEY", "MUMBAI", "OSLO"]
TITLES = ["Chief Executive", "Chief Financial Officer", "Chairman", "President", "spokeswoman", "spokesman"]
KINDS = [
    ("agreed to buy a {pct}% stake in {b} for {amt} million dollars", "stake"),
    ("is in talks to acquire {b} for about {amt} million euros", "talks"),
    ("signed a memorandum of understanding with {b} to form a joint venture", "mou"),
    ("completed its acquisition of {b}", "done"),
    ("called off merger talks with {b}", "off"),
    ("agreed to supply batteries to {b} under a five-year contract", "supply"),
]
SOURCES = ["people familiar with the matter said", "a person with knowledge of the talks said",
           "the companies said in a statement", "{a} said on {day}", "according to two sources"]
RESPONSES = ["{b} declined to comment.", "{b} did not respond to a request for comment.",
             "{b} denied that it was in talks with {a_short}.", "A spokesperson for {b} declined to comment."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _company(rng: random.Random) -> tuple[str, str]:
    short = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice([2, 3]))).title()
    return f"{short} {rng.choice(DESIGNATORS)}", short


def article(rng: random.Random) -> str:
    (a, a_short), (b, b_short) = _company(rng), _company(rng)
    person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    title = rng.choice(TITLES)
    deal, _ = rng.choice(KINDS)
    values = {"a": a, "b": b, "a_short": a_short, "b_short": b_short, "pct": rng.choice([5, 9.9, 20, 30, 45, 51]),
              "amt": rng.randrange(50, 5000, 10), "day": rng.choice(DAYS)}
    source = rng.choice(SOURCES).format(**values)
    lines = [f"{rng.choice(CITIES)} (Reuters) - {a} {deal.format(**values)}, {source}.", ""]
    lines.append(f'"This deal gives us scale in a market that is changing fast," {a_short} {title} {person} said.')
    lines.append("")
    for _ in range(rng.randrange(1, 5)):
        lines.append(rng.choice([
            f"Shares of {a_short} rose {rng.randrange(1, 9)}% in early trading on {values['day']}.",
            f"{a_short} reported revenue of {rng.randrange(1, 40)} billion dollars last year.",
            f"Analysts said the deal could face scrutiny from regulators in {rng.choice(['Europe', 'China', 'the United States'])}.",
            f"{b_short}, founded in {rng.randrange(1950, 2020)}, employs about {rng.randrange(1, 90)},000 people.",
            "The talks could still collapse, the people said, asking not to be named because the matter is private.",
        ]))
        lines.append("")
    lines.append(rng.choice(RESPONSES).format(**values))
    lines.append("")
    lines.append(f"(Reporting by {rng.choice(FIRST)} {rng.choice(LAST)}; Editing by {rng.choice(FIRST)} {rng.choice(LAST)})")
    return "\n".join(lines) + "\n"


def articles(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [article(rng) for _ in range(count)]
