"""Deals: who with whom, what kind, how far along, and the history of dated events behind the status.

Each sentence is read for deal words ("stake", "joint venture", "acquire", "talks", "memorandum of
understanding") whose grammatical arguments are companies: the subject of the clause, its object and the
objects of "with", "between", "in", "of". Sentences about the same companies and the same kind of deal
make one deal; its status is that of its latest event, dated against the publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from .dates import date_in
from .entities import EntityIndex
from .lexicon import SPEECH_VERBS, is_company_noun
from .dates import FoundDate
from .model import (DEAL_STATUS_RANK, RESPONSE_STATUSES, Claim, Deal, DealEvent, DealFigure, DealKind, DealStatus, EntityKind,
                    FigureKind, Money, deal_family)
from .money import amounts_in

TRIGGERS: dict[DealKind, frozenset[str]] = {
    DealKind.JOINT_VENTURE: frozenset({"venture", "jv"}),
    DealKind.EQUITY_STAKE: frozenset({"stake", "shareholding", "holding", "interest", "own", "hold"}),
    DealKind.MERGER: frozenset({"merge", "merger", "combination", "combine"}),
    DealKind.ACQUISITION: frozenset({"acquire", "acquisition", "buy", "purchase", "takeover", "buyout", "bid", "offer", "sell", "sale",
                                     "approach"}),
    DealKind.LICENSING: frozenset({"license", "licence", "licensing", "platform", "architecture", "underpinning", "underpinnings"}),
    DealKind.SUPPLY: frozenset({"supply", "supplier", "provide", "order", "offtake"}),
    DealKind.PARTNERSHIP: frozenset({"partner", "partnership", "alliance", "collaboration", "cooperation", "tie", "deal",
                                     "agreement", "pact", "memorandum", "talk", "talks", "negotiation", "contract"}),
}
PRECEDENCE = [DealKind.JOINT_VENTURE, DealKind.MERGER, DealKind.EQUITY_STAKE, DealKind.ACQUISITION,
              DealKind.LICENSING, DealKind.SUPPLY, DealKind.PARTNERSHIP]
# Kinds that describe what a partnership is about; they need no companies of their own.
MODIFIER_KINDS = frozenset({DealKind.LICENSING, DealKind.SUPPLY})
# Words that say what a deal is about but never make one alone: "share the same platform".
MODIFIER_WORDS = frozenset({"platform", "architecture", "underpinning", "underpinnings"})
# What is bought when a business, or part of one, changes hands; anything else bought "from" a company is goods.
HOLDINGS = frozenset("""asset branch share pct percent property store outlet hotel plant mine site operation portfolio book
    network franchise right loan deposit stock bond debenture note security option warrant which that""".split())
ASSET_NOUNS = frozenset("stake unit business assets shares division subsidiary operations interest company firm plant brand maker group".split())
STATUS_PATTERNS: list[tuple[DealStatus, re.Pattern[str]]] = [
    (DealStatus.TERMINATED, re.compile(r"\b(?:called off|prohibited|blocked|vetoed|terminat\w+|scrap\w*|abandon\w*|walked away|"
                                       r"pulled out|collapsed|broke off|"
                                       r"(?:rejected|rebuffed|spurned|turned down)\s+(?:an?|the|its|their)?\s*(?:[\w$.,-]+\s+){0,4}?(?:offer|bid|approach|proposal)s?|"
                                       # "an approach that the board rejected"
                                       r"(?:offer|bid|approach|proposal)\b[^.;]{0,60}?\b(?:that|which)\b[^.;]{0,40}?\b"
                                       r"(?:rejected|rebuffed|spurned|turned down)|"
                                       r"ended (?:talks|the talks|negotiations|the deal|the agreement)|cancel\w*|withdr[ae]w\w*|dropped (?:its|the|their) (?:bid|offer|plan))\b", re.I)),
    (DealStatus.MOU_SIGNED, re.compile(r"\b(?:memorandum of understanding|mou|letter of intent|agreement in principle|agreed in principle|"
                                       r"framework agreement|preliminary agreement|"
                                       # "a non-binding agreement"; not "a non-binding takeover proposal", an offer
                                       r"non-binding (?:[\w-]+ ){0,2}?(?:agreement|memorandum|term sheet|deal|pact|accord))\b", re.I)),
    (DealStatus.COMPLETED, re.compile(r"(?<!to )(?<!will )(?<!would )(?<!be )(?<!expects to )\b(?:completed|closed the|bought|acquired|took (?:a|an|the)|(?:has|have|had) taken (?:a|an|the)|formed|holds|owns|"
                                      r"(?:raised|increased|lifted|boosted|cut|reduced|lowered|trimmed|built) (?:its|their|his|her|a) "
                                      r"(?:[\w.%]+ ){0,3}(?:stake|holding|shareholding)|"
                                      r"(?:is|are|was|were) (?:[\d.]+%?[ -])?(?:owned|held) by|"
                                      r"merged|sold|finali[sz]ed the (?:acquisition|purchase|merger|sale)|became|"
                                      # "has raised $85 million in a funding round": money raised is money invested
                                      r"raised (?:[A-Z]{0,3}[$€£¥]|Rs\.?\s?)?\d[\d.,]*(?:\s?(?:million|billion|mn|bn|m|crore))?)\b", re.I)),
    (DealStatus.AGREED, re.compile(r"\b(?:agreed|agrees|struck|strikes|signed|signs|reached (?:an |a )?(?:agreement|deal)|finali[sz]ed|sealed|"
                                   r"will (?:acquire|buy|merge|purchase|supply|license)|definitive|"
                                   r"partnered|entered into|has partnered|won (?:an?|the) (?:contract|order)|"
                                   r"(?:firmed up|placed|booked|finali[sz]ed) (?:an?|the|its) (?:[\w-]+ ){0,2}order)\b", re.I)),
    (DealStatus.IN_TALKS, re.compile(r"\b(?:talks|negotiat\w+|discussions|in discussion|"
                                     r"(?:nearing|nears|near|close to|closing in on) (?:a|an) (?:\w+ )?(?:deal|agreement)|"
                                     # an offer made and not yet accepted is a negotiation
                                     r"offered to (?:buy|acquire|purchase)|(?:made|submitted|launched|tabled|sweetened|raised|received) "
                                     r"(?:an?|its|their|the) (?:[\w$.-]+ ){0,3}?(?:offer|bid|proposal))\b", re.I)),
    (DealStatus.RUMORED, re.compile(r"\b(?:consider\w*|explor\w+|weigh\w*|mull\w*|potential|possible|approached|speculation|rumou?r\w*|interest (?:in|from)|(?:attract|express|show|draw)\w* interest)\b", re.I)),
]
FUNDING_WORDS = frozenset("funding financing investment fundraising series seed venture equity".split())
RAISING_VERBS = frozenset("raise close secure complete land".split())
OWNED_SHARE = re.compile(r"\d+(?:\.\d+)?%-(?:owned|held|controlled)")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|pct\b|percent\b|per cent\b)", re.I)
SKIPPED_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "appos", "parataxis"})


@dataclass
class _Mention:
    kind: DealKind
    parties: list[str]
    status: DealStatus | None
    date: FoundDate | None
    claim: int
    stake: float | None
    value: tuple[float, str] | None
    separate: bool = False  # "also signed", "separately agreed": not the deal already written about
    definite: bool = False  # "the order", "the vessels were ordered": refers back to a deal already mentioned


def deals_in(doc: Doc, claims: list[Claim], index: EntityIndex, published: dt.date | None) -> list[Deal]:
    deals: list[Deal] = []
    pending: _Mention | None = None  # a deal with one side named so far: "Korvan has won an order for six ships"
    for number, claim in enumerate(claims):
        found = _read(doc, claim, number, index, published)
        if found is None:
            continue
        if claim.status in RESPONSE_STATUSES:
            found.status = None  # "Tessel denied it was in talks": evidence about the deal, not an event of it
        deal = _matching(deals, found)
        if deal is None and len(found.parties) < 2:
            if pending is not None and _names_other_side(pending, found):
                # "... the ships were ordered by Skjold Line": the same deal, its other side named later
                deal = Deal(pending.kind, pending.status or DealStatus.AGREED, [*pending.parties, *found.parties])
                deals.append(deal)
                _merge(deal, pending)
                pending = None
            else:
                pending = found
                continue
        if deal is None:
            # "Tessel denied it was in talks to merge with Vireo": a deal first heard of in a party's denial, or in its
            # refusal to comment, is as far as the story goes a rumour, until a claim of its own says otherwise
            default = DealStatus.RUMORED if claim.status in RESPONSE_STATUSES else DealStatus.AGREED
            deal = Deal(found.kind, found.status or default, list(found.parties))
            deals.append(deal)
        _merge(deal, found)
    for deal in deals:
        deal.status = _current_status(deal, published)
        deal.events.sort(key=lambda e: (_when(e, published), e.claim))
        deal.inferred_parties = {p for p in deal.parties if not _named_in(p, deal.evidence, claims, index)}
    return deals


def _names_other_side(pending: _Mention, found: _Mention) -> bool:
    """A later mention, soon after, that refers back to the same deal ("the order", "the vessels") and names
    another company than the one it had."""
    return (found.definite and found.claim - pending.claim <= 3 and deal_family(found.kind) == deal_family(pending.kind)
            and bool(found.parties) and not set(found.parties) & set(pending.parties))


def _named_in(party: str, evidence: list[int], claims: list[Claim], index: EntityIndex) -> bool:
    """Whether some evidence names the party outright, rather than by "it" or "the company"."""
    return any(m.entity == party and not m.inferred
               for i in evidence for m in index.mentions_in(claims[i].span.start, claims[i].span.end))


@dataclass
class _Trigger:
    token: Token
    kind: DealKind
    parties: list[str]
    objects: list[str]


def _read(doc: Doc, claim: Claim, number: int, index: EntityIndex, published: dt.date | None) -> _Mention | None:
    tokens = doc.char_span(claim.span.start, claim.span.end, alignment_mode="expand")
    if tokens is None:
        return None
    modifiers: set[DealKind] = set()
    triggers: list[_Trigger] = []
    for token in tokens:
        kind = _kind_of(token)
        if kind is None:
            continue
        if kind in MODIFIER_KINDS and _kind_of(token.head) is not None and token.head is not token:
            modifiers.add(kind)  # "a supply contract", "a deal to supply": what the deal word beside it is about
        if token.lemma_.lower() in MODIFIER_WORDS:
            continue
        found, objects = _arguments(token, index)
        if not found and kind != DealKind.PARTNERSHIP and _what_talks_are_about(token):
            modifiers.add(kind)  # "in advanced talks about a merger": the talks' parties, and the merger's kind
            continue
        if kind == DealKind.ACQUISITION and not objects and not _names_asset(token):
            continue  # "sold 300,000 cars" is trade, not a deal
        if kind == DealKind.ACQUISITION and token.lemma_ in {"sale", "sell"} and not objects:
            continue
        if kind == DealKind.ACQUISITION and _buys_goods(token, index):
            kind = DealKind.SUPPLY  # "will buy steel coils from Halden Steel": a supply deal, not a takeover
        if kind == DealKind.MERGER and token.pos_ == "VERB" and not _merges_companies(token, index):
            continue  # "will combine Tessel's software with its factories": things combined, not companies
        if kind == DealKind.SUPPLY and token.pos_ == "VERB":
            if len(found) < 2:
                objects += [k for k in _named_after_to(token, index) if k not in found]  # "supply ore a year to X"
                found += [k for k in objects if k not in found]
            if not objects:
                continue  # "the two companies provide services to insurers": what they do, not a deal between them
        if kind == DealKind.EQUITY_STAKE and len(found) == 1 and _stake_taken_in_nothing_named(token):
            # "Kestrel, which said it had acquired a 7% stake": a stake in the company the story is about
            subjects = [k for k in index.subjects_in(claim.span.start, claim.span.end, EntityKind.COMPANY) if k not in found]
            focus = subjects[0] if subjects else index.in_focus(claim.span.start, other_than=found[0])
            found += [focus] if focus else []
        if len(found) <= 1 and _under_the_deal(token):
            # "Both models use batteries from Gwangseong Battery, under a supply agreement": the seller after "from",
            # wherever the parser hung it, and on the other side the company the story is about
            found += [k for t in token.head.head.subtree if t.dep_ == "prep" and t.lower_ == "from"
                      for k in _companies_under(t, index) if k not in found]
            focus = index.in_focus(claim.span.start, other_than=found[0]) if len(found) == 1 else None
            found += [focus] if focus else []
        if found:
            triggers.append(_Trigger(token, kind, found, objects))
            if kind in MODIFIER_KINDS:
                modifiers.add(kind)
    if not triggers:
        return None
    # A relative clause describes a party ("Ostra Power, in which the city holds a stake, signed a supply contract
    # with X"); it is a deal of its own only when it names both sides.
    deciding = [t for t in triggers if len(t.parties) >= 2 or not _in_relative_clause(t.token)] or triggers
    parties: list[str] = []
    for trigger in deciding:
        parties += [p for p in trigger.parties if p not in parties]  # "in talks to buy a stake in Vireo": one deal
    kinds = {t.kind for t in deciding} | modifiers
    # "bought Pennock": a company bought outright, whatever stake the sentence also names
    if any(t.kind == DealKind.ACQUISITION and t.token.pos_ == "VERB" and _takes_company(t.token, index) for t in deciding):
        kinds.discard(DealKind.EQUITY_STAKE)
    kind = next(k for k in PRECEDENCE if k in kinds)
    text = claim.span.text
    status_text = _without_clauses(text, tokens, [t.token for t in deciding])
    status = next((s for s, pattern in STATUS_PATTERNS if _asserted(pattern, status_text)), None)
    date = date_in(status_text, published)
    if status is None and date is not None and published is not None and date.value < published.isoformat()[:len(date.value)] \
            and any(t.token.tag_ == "VBG" and t.kind in {DealKind.ACQUISITION, DealKind.EQUITY_STAKE} for t in deciding):
        status = DealStatus.COMPLETED  # "..., buying Austria's Volksbank in 2022": a participle dated in the past
    stake = PERCENT.search(text) if kind in {DealKind.EQUITY_STAKE, DealKind.JOINT_VENTURE, DealKind.ACQUISITION} else None
    amounts = amounts_in(text) if kind in {DealKind.EQUITY_STAKE, DealKind.ACQUISITION, DealKind.MERGER} else []
    value = (amounts[0].money.amount, amounts[0].money.currency) if amounts else None
    separate = any(_said_to_be_separate(t.token) for t in deciding)
    definite = any(_refers_back(t.token) for t in deciding)
    return _Mention(kind, parties, status, date, number, float(stake.group(1)) if stake else None, value, separate, definite)


def _under_the_deal(trigger: Token) -> bool:
    """ "under a supply agreement", "under the licence": what the clause does is done under the deal."""
    return trigger.pos_ == "NOUN" and trigger.dep_ == "pobj" and trigger.head.lower_ == "under"


def _refers_back(trigger: Token) -> bool:
    """ "the order", "the deal", or a verb whose subject or object is definite: "the vessels had been ordered"."""
    nouns = [trigger] if trigger.pos_ == "NOUN" else [c for c in trigger.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    return any(c.dep_ == "det" and c.lower_ in {"the", "that", "this", "these", "those"} for n in nouns for c in n.children)


CONDITION = re.compile(r"\b(?:if|unless|whether)\b[^,;]{0,40}$", re.I)


def _asserted(pattern: re.Pattern[str], text: str) -> bool:
    """Whether the status words occur other than in a condition: "if USAir rejected his offer" ends nothing."""
    return any(not CONDITION.search(text[max(0, m.start() - 40):m.start()]) for m in pattern.finditer(text))


def _stake_taken_in_nothing_named(token: Token) -> bool:
    """ "bought a 6% stake" with no "in X": a stake in the company the story is about."""
    verb = _governing_verb(token)
    return (token.lemma_ == "stake" and not any(c.lower_ == "in" for c in token.children) and verb is not None
            and verb.lemma_ in {"buy", "build", "acquire", "take", "raise", "increase", "amass", "accumulate", "lift"}
            and verb.tag_ in {"VBD", "VBN"}  # done, not "wanted to take a stake"
            and not any(c.lower_ == "in" for c in verb.children if c.dep_ == "prep" and any(g.ent_type_ != "DATE" for g in c.children)))


def _infinitive_of_noun(verb: Token) -> bool:
    """ "a deal to buy Brightwall": the parser sometimes calls the infinitive after a noun a relative clause; it says
    what the deal is, and does not describe a party."""
    return verb.dep_ == "relcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _in_relative_clause(token: Token) -> bool:
    current = token
    for _ in range(8):
        if current.dep_ == "relcl" and not _infinitive_of_noun(current):
            return True
        if current.head is current:
            return False
        current = current.head
    return False


def _without_clauses(text: str, tokens: TokenSpan, kept: list[Token]) -> str:
    """The claim's text with its relative and participle clauses blanked, unless one holds a deal word that decides it:
    "a joint venture the two formed in 2022", "Ostra Power, in which the city holds a 40% stake," describe, and
    their words set no status."""
    chars = list(text)
    offset = tokens.start_char
    for clause in (t for t in tokens if (t.dep_ == "relcl" and not _infinitive_of_noun(t)) or (t.dep_ == "acl" and t.tag_ in {"VBN", "VBD"})):
        if any(clause.left_edge.i <= k.i <= clause.right_edge.i for k in kept):
            continue
        if clause.dep_ == "relcl" and clause.head in kept and clause.lemma_ in ANSWERING_VERBS:
            continue  # "an approach that the board rejected": how the offer ended
        start, end = clause.left_edge.idx - offset, clause.right_edge.idx + len(clause.right_edge) - offset
        for i in range(max(0, start), min(len(chars), end)):
            chars[i] = " "
    return "".join(chars)


def _buys_goods(verb: Token, index: EntityIndex) -> bool:
    """ "buy 250,000 tonnes of methanol from X": what is bought is neither a company nor a holding in one."""
    if verb.pos_ != "VERB" or verb.lemma_ not in {"buy", "purchase"}:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects or any(o.pos_ != "NOUN" or o.lemma_ in ASSET_NOUNS | HOLDINGS or _owned_by_named(o, index) for o in objects):
        return False  # "buy all the assets of Postech", "20 pct of Hk Hotels", "three branches": a business changes hands
    # "buy steel coils for its Ohio plant from Halden": the seller, wherever the parser hung "from"
    return any(t.dep_ == "prep" and t.lower_ == "from" and _companies_under(t, index) for t in verb.subtree)


def _owned_by_named(thing: Token, index: EntityIndex) -> bool:
    """Whether what is bought belongs to a named company ("the assets of Postech"), the seller after "from" aside."""
    stack = [thing]
    while stack:
        current = stack.pop()
        if index.keys_at(current.idx, current.idx + len(current), EntityKind.COMPANY):
            return True
        stack.extend(c for c in current.children if not (c.dep_ == "prep" and c.lower_ == "from") and c.dep_ not in SKIPPED_DEPS)
    return False


def _merges_companies(verb: Token, index: EntityIndex) -> bool:
    """ "X and Y agreed to combine", "merge with Y", "combine Y's operations": the companies are what merges."""
    for child in verb.children:
        if child.dep_ == "dobj":
            return bool(index.keys_at(child.idx, child.idx + len(child), EntityKind.COMPANY)) or child.lemma_ in ASSET_NOUNS
        if child.dep_ == "prep" and child.lower_ == "with":
            return any(index.keys_at(o.idx, o.idx + len(o), EntityKind.COMPANY) for o in child.children if o.dep_ == "pobj")
    return True  # intransitive: the subjects merge


def _named_after_to(verb: Token, index: EntityIndex) -> list[str]:
    """The company right after a "to" that follows the verb in its sentence, however the parser attached it."""
    sentence = verb.sent
    for token in sentence:
        if token.i <= verb.i or token.lower_ != "to" or token.dep_ == "aux":
            continue
        near = index.mentions_in(token.idx, min(token.idx + 80, sentence.end_char), EntityKind.COMPANY)
        if near and _only_describing_words(index.text[token.idx + 2:near[0].span.start]):
            return [near[0].entity]
    return []


def _named_in_apposition(noun: Token, index: EntityIndex) -> list[str]:
    """ "its pigments business, Colorwerk Basel,": the company named right after the noun for what changes hands
    is that business, however the parser attached it."""
    end = noun.idx + len(noun)
    near = index.mentions_in(end, min(end + 80, noun.sent.end_char), EntityKind.COMPANY)
    return [near[0].entity] if near and index.text[end:near[0].span.start] == ", " else []


def _only_describing_words(between: str) -> bool:
    """ " German drivetrain supplier ": words that describe the company named next, and no clause between."""
    return bool(re.fullmatch(r"\s+(?:[\w’'.-]+\s+){0,5}", between))


def _said_to_be_separate(trigger: Token) -> bool:
    """ "also signed a memorandum", "had separately agreed", "a separate deal": another deal, not the same one."""
    verb = trigger if trigger.pos_ in {"VERB", "AUX"} else _governing_verb(trigger)
    words = [c.lower_ for c in trigger.children] + ([c.lower_ for c in verb.children] if verb is not None else [])
    return bool({"also", "separately", "separate", "another", "additionally"} & set(words))


def _what_talks_are_about(token: Token) -> bool:
    """ "talks about a merger", "negotiations over a takeover", "an agreement on a combination": a deal word after
    "about", "on" or "over" that hangs from a word for talks or a pact says what kind of deal they are about."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ in {"about", "on", "over", "regarding", "concerning"} and (
        prep.head is not prep and _kind_of(prep.head) == DealKind.PARTNERSHIP)


def _kind_of(token: Token) -> DealKind | None:
    lemma = token.lemma_.lower()
    if OWNED_SHARE.fullmatch(token.lower_):
        return DealKind.EQUITY_STAKE  # "Menara, which is 32%-owned by Tabung": one word, a stake
    if lemma == "round":
        # "raised $85 million in a funding round led by X": the investors who lead a round take a stake in the company raising it
        funding = any(c.lower_ in FUNDING_WORDS for c in token.children if c.dep_ in {"compound", "amod"})
        verb = _governing_verb(token)
        led = any(c.dep_ == "acl" and c.lemma_ == "lead" for c in token.children)
        return DealKind.EQUITY_STAKE if funding and (led or (verb is not None and verb.lemma_ in RAISING_VERBS)) else None
    if lemma == "venture" and not any(t.lower_ == "joint" for t in token.lefts):
        return None
    if lemma == "interest" and _suitors_interest(token):
        return DealKind.ACQUISITION  # "has attracted interest from buyout firm X": a would-be buyer, whatever else the sentence says
    if lemma in {"interest", "own", "hold", "holding"} and not PERCENT.search(token.sent.text):
        return None  # "owns", "holds" and "interest" make a stake only with a percentage
    if lemma in {"own", "hold"} and token.pos_ not in {"VERB", "AUX"}:
        return None
    if lemma in {"offer", "bid"} and token.pos_ != "NOUN":
        return None
    if lemma == "approach" and not (token.pos_ == "NOUN" and (_governing_verb(token) is not None and _governing_verb(token).lemma_ in
                                                              {"make", "receive", "reject", "rebuff", "spurn"}
                                                              or any(c.lower_ in {"takeover", "buyout"} for c in token.children))):
        return None  # "made an unsolicited approach", "a takeover approach"; not "a new approach to pricing"
    if token.lower_ in {"sales", "purchases", "offers"}:
        return None  # plural: revenue and trade ("overseas sales"), not a deal
    for kind in PRECEDENCE:
        if lemma in TRIGGERS[kind] or token.lower_ in TRIGGERS[kind]:
            return kind
    return None


def _suitors_interest(token: Token) -> bool:
    """ "attracted interest from X", "X expressed interest": interest a suitor shows, not a holding ("a 20% interest in")."""
    verb = _governing_verb(token)
    from_someone = any(c.dep_ == "prep" and c.lower_ == "from" for c in token.children)
    shown = verb is not None and verb.lemma_ in {"attract", "draw", "express", "show", "receive", "signal"}
    return token.pos_ == "NOUN" and not any(PERCENT.search(c.text) for c in token.lefts) and (from_someone or shown)


def _arguments(trigger: Token, index: EntityIndex) -> tuple[list[str], list[str]]:
    """The companies a deal word takes as arguments: (all of them, those on the object side).

    A verb ("acquired") takes its subject, object and "with/between/in/of" phrases. A noun ("deal",
    "stake") takes its own phrases, and when it is the object of a verb ("struck a deal with", "are in
    talks with") that verb's subject and phrases too; a noun that is itself the subject takes only its own.
    """
    subjects: list[str] = []
    objects: list[str] = []
    verb: Token | None = trigger if trigger.pos_ in {"VERB", "AUX"} else None
    if verb is None:
        objects += _phrases_of(trigger, index, with_object=False)
        for owner in (t for t in trigger.subtree if t.i < trigger.i and t.dep_ == "poss" and t.lower_ in {"its", "their"}):
            subjects += _antecedent_in_sentence(owner, index)  # "Aegeus won approval for its 1.4 billion euro acquisition of X"
        for child in trigger.children:
            if child.dep_ in {"compound", "poss"} or (child.dep_ == "acl" and child.lemma_ == "lead"):
                objects += _companies_under(child, index)  # "Tessel's stake", "a round led by Harbour Capital"
            elif child.dep_ == "relcl" and child.lemma_ in ANSWERING_VERBS:
                # "an approach that Brazos Ridge's board rejected": who answers the offer is its other side
                for subject in (c for c in child.children if c.dep_ == "nsubj"):
                    objects += _companies_under(subject, index)
        verb = _governing_verb(trigger)
    if verb is not None and verb is trigger and verb.dep_ in {"acl", "relcl"} and verb.tag_ == "VBN":
        subjects += _companies_under(verb.head, index)[:1]  # "Sunvale, which is 18% owned by Jiangnan"
    if verb is not None:
        subjects += _subjects_of(verb, index, passive=verb is trigger)
        objects += _phrases_of(verb, index, with_object=verb is trigger)
        if verb is trigger:  # "licensed its technology to Kaveri", "sold the unit to Tessel"
            for child in verb.children:
                if child.dep_ in {"prep", "dative"} and child.lower_ == "to":
                    objects += _companies_under(child, index)
            if verb.lemma_ == "sell" and not objects:
                objects += _named_after_to(verb, index)  # "agreed to sell its unit, Colorwerk, to X", however "to" was hung
            for child in verb.children:
                if child.dep_ == "dobj" and child.lemma_ in ASSET_NOUNS:
                    objects += _named_in_apposition(child, index)
        elif trigger.lemma_ in TRANSFER_NOUNS:  # "completed the sale of its tower business to a consortium"
            for child in [*trigger.children, *verb.children]:
                if child.dep_ in {"prep", "dative"} and child.lower_ == "to":  # "granted a licence ... to X": a dative
                    objects += _companies_under(child, index)
    parties = list(dict.fromkeys(subjects + objects))
    return parties, [o for o in dict.fromkeys(objects) if o not in subjects]


def _subjects_of(verb: Token, index: EntityIndex, *, passive: bool) -> list[str]:
    """Companies that are the subject of `verb` ("it" and "we" mean the company in focus; "which" the noun
    a relative clause hangs on); a verb with no subject of its own ("in talks to buy") takes its head's."""
    keys: list[str] = _owners_of_intent(verb, index)
    if keys:
        return keys
    participle = False
    if (verb.dep_ == "acl" or _infinitive_of_noun(verb)) and verb.head.pos_ == "NOUN" and _kind_of(verb.head) is not None:
        # "is in talks to acquire", "signed an agreement to buy": the subject of the verb that governs the deal
        # noun; not "dismissed TWA's application to acquire USAir", whose subject only rules on it
        governing = _governing_verb(verb.head)
        if governing is not None:
            verb = governing
    for _ in range(3):
        for child in verb.children:
            if child.dep_ != "nsubj" and not (passive and child.dep_ == "nsubjpass"):
                continue
            if child.lower_ in {"it", "we", "they"}:
                found = _reporter_of(verb, index, plural=child.lower_ == "they") or _antecedent_in_sentence(child, index)
                if not found and _main_subject_is_no_company(child, index):
                    continue  # "The EU enforcer rarely blocks deals, though it prohibited a merger of X and Y": the enforcer
                keys += found or ([index.in_focus(child.idx)] if index.in_focus(child.idx) else [])
            elif child.lower_ in {"which", "who", "that"} and verb.dep_ == "relcl":
                keys += _companies_under(verb.head, index)
            elif child.lemma_ in GOVERNING_BODIES and not _companies_under(child, index):
                focus = index.in_focus(child.idx)  # "The board rejected the offer": the board of the company in focus
                keys += [focus] if focus else []
            else:
                keys += _companies_under(child, index)
        has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
        # "..., buying Austria’s Volksbank in 2022": a participle's subject is the main clause's, past any other
        participle = participle or (verb.tag_ == "VBG" and verb.dep_ in {"advcl", "conj"})
        if keys or (has_subject and not participle) or verb.dep_ not in {"xcomp", "advcl", "conj", "acomp"}:
            return keys
        verb = verb.head
    return keys


# Nouns of an aim whose infinitive is the deal: "Maasveld's attempt to buy X", "its plan to merge with Y".
INTENT_NOUNS = frozenset("attempt plan effort move push intention decision ambition bid offer proposal".split())


def _owners_of_intent(verb: Token, index: EntityIndex) -> list[str]:
    """ "Regulators blocked Tessel's attempt to buy Corvane": whose attempt it is, is who would buy, not whoever
    is the subject of the verb that governs the attempt."""
    if not (verb.dep_ == "acl" or _infinitive_of_noun(verb)) or verb.head.lemma_ not in INTENT_NOUNS:
        return []
    keys: list[str] = []
    for owner in (c for c in verb.head.children if c.dep_ == "poss"):
        keys += _antecedent_in_sentence(owner, index) if owner.lower_ in {"its", "their"} else _companies_under(owner, index)
    return keys


# Verbs of the side that answers an offer: "an offer that the board rejected".
ANSWERING_VERBS = frozenset("reject rebuff spurn accept welcome refuse".split())
# Deal nouns whose "to" names the side that receives: a sale to the buyer, a licence to the licensee.
TRANSFER_NOUNS = frozenset({"sale", "licence", "license", "supply"})
# Those who decide for a company: "the board rejected the offer" is the company rejecting it.
GOVERNING_BODIES = frozenset({"board", "directors", "management"})


def _antecedent_in_sentence(pronoun: Token, index: EntityIndex) -> list[str]:
    """ "The deal would be Korsgaard's largest since it bought Redline": a pronoun in a subordinate clause refers
    to the company its own sentence named before it: the main clause's subject, else the nearest."""
    if pronoun.head.dep_ == "ROOT":
        return []
    start = pronoun.sent.start_char
    subjects = index.subjects_in(start, pronoun.idx, EntityKind.COMPANY)
    if subjects:
        return subjects[-1:]
    named = index.mentions_in(start, pronoun.idx, EntityKind.COMPANY)
    return [named[-1].entity] if named else []  # else the nearest before it


def _main_subject_is_no_company(pronoun: Token, index: EntityIndex) -> bool:
    """ "it" in a subordinate clause after a main clause whose subject is a thing, not a company ("the regulator")."""
    root = pronoun.sent.root
    if pronoun.lower_ != "it" or pronoun.head is root:
        return False
    subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i < pronoun.i), None)
    return (subject is not None and subject.tag_ == "NN" and not is_company_noun(subject.lower_)
            and subject.lemma_ not in GOVERNING_BODIES and not _companies_under(subject, index))


def _reporter_of(verb: Token, index: EntityIndex, plural: bool = False) -> list[str]:
    """ "Korvan said it had agreed", "Kestrel, which said that it had bought": "it" is whoever reports it; "Korvan and
    Tessel said they would form": "they" are all who report it."""
    count = 2 if plural else 1
    clause = verb
    for _ in range(3):
        if clause.dep_ not in {"ccomp", "conj"} or clause.head is clause:
            return []
        clause = clause.head
        if clause.lemma_ in SPEECH_VERBS:
            break
    else:
        return []
    for child in clause.children:
        if child.dep_ == "nsubj":
            if child.lower_ in {"which", "who", "that"} and clause.dep_ == "relcl":
                return _companies_under(clause.head, index)[:count]
            return _companies_under(child, index)[:count]
    return []


def _governing_verb(noun: Token) -> Token | None:
    """The verb whose subject is a party to the deal a noun names: "struck a deal", "are in talks",
    "walked away from merger talks"; not a speech verb ("announced the acquisition"), whose subject
    only reports it, nor "gave clearance to the acquisition", whose subject only approves it."""
    for _ in range(3):
        if noun.dep_ in {"compound", "conj"}:
            noun = noun.head
            continue
        break
    head: Token | None = None
    if noun.dep_ in {"dobj", "attr", "acomp"}:  # "which is 32%-owned by": the parser's acomp for an attribute
        head = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ in {"in", "into", "from", "of", "on", "off", "over", "under"}:
        head = noun.head.head
        if head.pos_ in {"ADV", "PART", "ADP"} and head.dep_ in {"advmod", "prt", "prep"}:
            head = head.head  # "walked away from", "pulled out of"
    if head is not None and head.pos_ in {"VERB", "AUX"} and head.lemma_ not in SPEECH_VERBS:
        return head
    return None


def _phrases_of(token: Token, index: EntityIndex, *, with_object: bool) -> list[str]:
    keys: list[str] = []
    for child in token.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ in {"with", "between", "in", "of", "from", "for", "among", "by"}):
            found = _companies_under(child, index)
            if not found and child.lower_ in {"with", "in", "of", "by"}:
                # The parser lost the object ("a stake in German drivetrain supplier Brenntal AG"): the company
                # named right after the preposition is it.
                near = index.mentions_in(child.idx, min(child.idx + 80, child.sent.end_char), EntityKind.COMPANY)
                if near and _only_describing_words(index.text[child.idx + len(child):near[0].span.start]):
                    found = [near[0].entity]
            keys += found
        elif with_object and child.dep_ in {"dobj", "dative"}:
            keys += _companies_under(child, index)
    return keys


def _companies_under(token: Token, index: EntityIndex) -> list[str]:
    keys: list[str] = []
    stack = [token]
    while stack:
        current = stack.pop()
        for key in index.keys_at(current.idx, current.idx + len(current), EntityKind.COMPANY):
            if key not in keys:
                keys.append(key)
        # "German sensor company Brenz Sensorik": the name in apposition to a company noun is that company,
        # and "a group led by Harbour Capital" is its leader's
        # "Korvan Motors and Swedish developer Brekke AB": a company the parser hung in apposition is a company still
        stack.extend(c for c in current.children if c.dep_ not in SKIPPED_DEPS or (c.dep_ == "appos" and is_company_noun(current.lower_))
                     or (c.dep_ == "appos" and index.keys_at(c.idx, c.idx + len(c), EntityKind.COMPANY))
                     or (c.dep_ == "acl" and c.lemma_ in {"lead", "head"} and current.pos_ == "NOUN"))
    return keys


def _takes_company(verb: Token, index: EntityIndex) -> bool:
    return any(child.dep_ == "dobj" and index.keys_at(child.idx, child.idx + len(child), EntityKind.COMPANY)
               for child in verb.children)


def _names_asset(token: Token) -> bool:
    return any(child.dep_ == "dobj" and child.lemma_ in ASSET_NOUNS for child in token.children)


def _matching(deals: list[Deal], found: _Mention) -> Deal | None:
    cluster = deal_family(found.kind)
    parties = set(found.parties)
    if found.separate:
        # "The two groups also signed a memorandum": a deal of its own beside the one before; "is also in talks with a
        # developer": another deal, whose other side is not named
        return None
    for deal in reversed(deals):
        if deal_family(deal.kind) != cluster:
            continue
        known = set(deal.parties)
        if len(parties) >= 2 and (parties <= known or known <= parties or len(parties & known) >= 2):
            return deal
    if len(parties) < 2:
        # One company named: the deal of that kind it is most written about, the first such on ties.
        candidates = [d for d in deals if deal_family(d.kind) == cluster and parties <= set(d.parties)]
        if candidates:
            return max(candidates, key=lambda d: (len(d.evidence), -deals.index(d)))
    return None


def _merge(deal: Deal, found: _Mention) -> None:
    if PRECEDENCE.index(found.kind) < PRECEDENCE.index(deal.kind) and len(found.parties) >= 2:
        deal.kind = found.kind
    for party in found.parties:
        if party not in deal.parties and len(found.parties) >= 2:
            deal.parties.append(party)
    if found.claim not in deal.evidence:
        deal.evidence.append(found.claim)
    if found.status is not None and not any(e.status == found.status for e in deal.events):
        date = found.date
        deal.events.append(DealEvent(found.status, date.value if date else None, found.claim, date is not None and date.inferred))
    if found.stake is not None:
        deal.figures.append(DealFigure(FigureKind.STAKE, found.stake, None, found.claim))
        deal.stake_percent = deal.stake_percent if deal.stake_percent is not None else found.stake
    if found.value is not None:
        deal.figures.append(DealFigure(FigureKind.VALUE, found.value[0], found.value[1], found.claim))
        deal.value = deal.value or Money(*found.value)


def _when(event: DealEvent, published: dt.date | None) -> str:
    if event.date:
        return event.date
    return published.isoformat() if published else "9999"


def _current_status(deal: Deal, published: dt.date | None) -> DealStatus:
    if not deal.events:
        return deal.status
    latest = max(deal.events, key=lambda e: (_when(e, published), DEAL_STATUS_RANK[e.status]))
    return latest.status
