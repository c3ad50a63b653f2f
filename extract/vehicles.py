"""Vehicles: who makes each one, and the prices the article gives, with the USD figure it converts to."""

from __future__ import annotations

import re
from collections import Counter

from .entities import EntityIndex
from .model import EntityKind, Price
from .money import amounts_in
from .spans import Span

PRICE_CUE = re.compile(r"\b(?:pric(?:e|es|ed|ing)|costs?|costing|retails?|retailing|sells? for|selling for|"
                       r"start(?:s|ing)? (?:at|from)|tag)\b"
                       # "will offer its X3 in Germany from €24,990": a car offered or on sale from an amount
                       r"|\b(?:offer(?:s|ed|ing)?|on sale|available|sell(?:s|ing)?)\b[^.;]{0,60}?\bfrom\s+(?:[A-Z]{0,3}[$€£¥]|\d)", re.I)
VARIANT = re.compile(
    r"\b(?:a|an|the)\s+(?P<variant>(?:[\w-]+\s+){0,3}?(?:variant|version|trim|edition|model)(?:\s+with\s+[^,.]+?)?)\s+(?:is|was|will|costs|sells|starts|comes)\b",
    re.I,
)
# "Xintao, whose T9 sedan": the company before "whose" owns the vehicle after it
WHOSE = re.compile(r",\s+whose\s+(?:[\w-]+\s+){0,2}$")
USD_AFTER = re.compile(r"^\s*(?:\(|,\s*or\s+|,\s*about\s+|\s*or\s+|,\s*equivalent to\s+)", re.I)


def makers_of(index: EntityIndex) -> dict[str, str]:
    """For each vehicle, the company that makes it: "Leapmotor’s B10" and "Leapmotor B10" say it outright;
    a company that is the subject of a sentence naming the vehicle says it weakly, and one it only names more weakly."""
    text = index.text
    votes: dict[str, Counter[str]] = {}
    for mention in index.mentions:
        if index.entity(mention.entity).kind != EntityKind.VEHICLE:
            continue
        tally = votes.setdefault(mention.entity, Counter())
        owner = index.key_at(max(0, mention.span.start - 4), mention.span.start - 1, EntityKind.COMPANY)
        if owner and re.search(r"(?:['’]s\s*|\s)$", text[max(0, mention.span.start - 3):mention.span.start]):
            tally[owner] += 3
        whose = WHOSE.search(text[max(0, mention.span.start - 40):mention.span.start])
        if whose:
            at = mention.span.start - len(whose.group(0))
            owner = index.key_at(max(0, at - 2), at, EntityKind.COMPANY)
            tally.update({owner: 3} if owner else {})
        sentence = index.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if sentence is not None:
            sent = sentence.sent
            for subject in index.subjects_in(sent.start_char, sent.end_char, EntityKind.COMPANY):
                tally[subject] += 1
            # "to be sold under the Vardhan brand as the HX-49": a company its sentence names, more weakly still
            for named in dict.fromkeys(m.entity for m in index.mentions_in(sent.start_char, sent.end_char, EntityKind.COMPANY)):
                tally[named] += 0.25
    makers = {vehicle: tally.most_common(1)[0][0] for vehicle, tally in votes.items() if tally}
    return makers | _makers_of_versions(index, makers)


def _makers_of_versions(index: EntityIndex, makers: dict[str, str]) -> dict[str, str]:
    """ "the Vega X5 Pro" with no maker beside it is a version of the Vega X5, and made by its maker."""
    vehicles = [e for e in index.entities if e.kind == EntityKind.VEHICLE]
    found: dict[str, str] = {}
    for version in (v for v in vehicles if v.key not in makers):
        bases = [b for b in vehicles if b.key in makers and version.name.startswith(b.name + " ")]
        if bases:
            found[version.key] = makers[max(bases, key=lambda b: len(b.name)).key]
    return found


def prices_in(index: EntityIndex, claims_at: list[Span]) -> list[Price]:
    prices: list[Price] = []
    for number, claim in enumerate(claims_at):
        if not PRICE_CUE.search(claim.text):
            continue
        vehicle = None
        for earlier in range(number, max(-1, number - 3), -1):
            found = index.mentions_in(claims_at[earlier].start, claims_at[earlier].end, EntityKind.VEHICLE)
            if found:
                vehicle = found[-1].entity
                break
        if vehicle is None:
            continue
        named_here = index.mentions_in(claim.start, claim.end, EntityKind.VEHICLE)
        amounts = amounts_in(claim.text, claim.start)
        variant_match = VARIANT.search(claim.text)
        variant = variant_match.group("variant") if variant_match else None
        used: set[int] = set()
        for i, amount in enumerate(amounts):
            if i in used:
                continue
            usd = amount.money.amount if amount.money.currency == "USD" else None
            if amount.money.currency != "USD" and i + 1 < len(amounts):
                nxt = amounts[i + 1]
                between = index.text[amount.end:nxt.start]
                if nxt.money.currency == "USD" and USD_AFTER.match(between) and len(between) < 16:
                    usd = nxt.money.amount
                    used.add(i + 1)
            # "the HS5 will be priced at 749,000 baht and the HS7 at 1.09 million baht": each price is the model's named before it
            before = [m.entity for m in named_here if m.span.end <= amount.start]
            prices.append(Price(before[-1] if before else vehicle, amount.money.amount, amount.money.currency, usd, variant, number))
    return prices
