"""Companies, people and vehicles named in an article, one entity each, with every mention of them.

spaCy's NER proposes names; the small English model often takes an unfamiliar company for a person
("Leapmotor") or a product for a company ("B10"), so each name is classified by what all its occurrences
say: the NER labels, and the words around it in the way news writing marks companies ("automaker FAW",
"Ferrari CEO", "Leapmotor, a profitable upstart automaker", "Korvan Motors") and people ("CEO Zhu
Jiangming", "Mr Smith"). Then short forms join their full names ("Zhu" -> "Zhu Jiangming", "Korvan" ->
"Korvan Motors"), translations and "also known as" names become aliases, and definite descriptions ("the
company", "the EV maker", "the two automakers") become mentions of the company most in focus.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from .lexicon import (
    LEGAL_FORM_NATIONALITIES,
    COMPANY_DESIGNATORS,
    COMPANY_NOUNS,
    COMPANY_ORGANS,
    CORE_DESIGNATORS,
    FIRM_NOUNS,
    HONORIFICS,
    LEADING_DESIGNATORS,
    LEGAL_FORMS,
    NAME_PARTICLES,
    NEWS_AGENCIES,
    NOT_COMPANY_WORDS,
    NOT_NAMES,
    ORGANIZATION_FOLLOWERS,
    TITLE_WORDS,
    WEAK_DESIGNATORS,
    is_company_noun,
    is_exact_legal_form,
    is_firm_noun,
)
from .model import Entity, EntityKind, Mention
from .spans import Span

# Trim levels name a version of a vehicle, not a vehicle: "the Performance version", "a Long Range model"
TRIM_WORDS = frozenset("Performance Standard Long Range Sport Premium Base Plus Pro Max Ultra Luxury Touring Limited".split())
# "HS5", "Orbit 7", "Model Y"; and a model code with its trim, "Vega X5 Pro", is a version of that vehicle
VEHICLE_CODE = re.compile(r"^(?:[A-Z]{1,4}-?\d{1,4}[A-Za-z+]{0,3}|[A-Z][a-z]+ [A-Z]?\d{1,3}[A-Za-z]?|Model [A-Z0-9]|ID\.\d)"
                          r"(?: (?:" + "|".join(sorted(TRIM_WORDS)) + r"))*$")
TICKER = re.compile(r"^[A-Z0-9]{1,6}(?:\.[A-Z]{1,2})?$")
# "Helvetra AG (HELN.S)", "Tessel Inc (NYSE: TSL)", "(7211.T)": a ticker in brackets, with its exchange or its suffix
BRACKETED_TICKER = re.compile(r"\((?:(?P<exchange>[A-Z]{2,8}):\s*(?P<ticker>[A-Z0-9]{1,6}(?:\.[A-Z]{1,2})?)|"
                              r"(?P<suffixed>[A-Z0-9]{1,6}\.[A-Z]{1,2}))\)")
# A name's words, as a whole name is bounded: "AT&T" is one, and "Tessel" stands in "Tessel's" but not in "Tesselate".
NAME_WORD = re.compile(r"[\w&]+")
_NAME_CHAR = re.compile(r"[\w&]")
_WORD_CHAR = re.compile(r"\w")
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
ALIAS_PATTERNS = [
    # "Hongqi brand – translated as Red Flag in English", "Korvan, also known as KM"
    re.compile(r"(?P<name>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*)(?: brand| name)?\s*[,(–—-]\s*(?:which (?:is |was )?)?"
               r"(?:translated as|translates as|known as|also known as|also called|meaning|formerly known as|formerly)\s+"
               r"(?:the\s+)?(?P<alias>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*)"),
]
ACRONYM = re.compile(r"(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:of|and|for|&|[A-Z][\w&.'’-]*))*)\s+\((?P<alias>[A-Z][A-Z&]{1,7})\)")
VEHICLE_BEFORE_BODY = re.compile(
    r"\b(?:its|their|whose|the|a|an|new)\s+(?:[a-z][\w-]*(?:['’]s)?\s+){0,3}(?P<name>[A-Z][\w-]*(?:\s+[A-Z]?\d{1,3}[A-Za-z]?)?)\s+"
    r"(?:(?:electric|all-electric|battery-powered|hybrid|plug-in|compact|midsize|mid-size|full-size|luxury|small|large|seven-seat|five-seat)\s+){0,2}"
    r"(?:sport utility vehicle|SUV|sedan|saloon|hatchback|crossover|pickup|pick-up|coupe|minivan|estate|wagon|roadster|"
    r"electric car|electric vehicle|EV|supercar|van|truck)s?\b"
)
# "its first electric SUV, the Vettore Stella,": a name in apposition to the word for a kind of vehicle
VEHICLE_IN_APPOSITION = re.compile(
    r"\b(?:sport utility vehicle|SUV|sedan|saloon|hatchback|crossover|pickup|pick-up|coupe|minivan|estate|wagon|roadster|"
    r"electric car|electric vehicle|EV|supercar|van|truck|model)s?,\s+the\s+(?P<name>[A-Z][\w-]*(?:\s+[A-Z0-9][\w-]*){0,2})(?=[,.;]|\s+[a-z(])")
VEHICLE_NOUNS = re.compile(r"\b(?:cars?|vehicles?|SUVs?|sedans?|EVs?|trucks?|hatchbacks?|pickups?|crossovers?|minivans?)\b")
CODE_AFTER_DETERMINER = re.compile(r"\b(?:[Tt]he|its|their|new)\s+(?:[a-z][\w-]*,?\s+){0,3}(?P<name>[A-Z]{1,3}-?\d{1,3}[A-Za-z]?)\b(?!-)")
LIST_BEFORE = re.compile(r"\b(?:including|such as|like|between|both|rivals|peers|companies|firms|carmakers|automakers|banks)\s+$")
TITLE_TAIL = re.compile(r"(?:\s+(?:Chief|Executive|Financial|Operating|Officer|CEO|CFO|COO|Chairman|Chairwoman|President|"
                        r"Spokesman|Spokeswoman|Spokesperson|Founder|Director|Head))+$")
TITLED_NAME = re.compile(
    r"^(?P<org>[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*)*?)(?:['’]s)? (?:(?:Chief|Executive|Financial|Operating|Technology|Vice|Senior|"
    r"Managing|Deputy|Group|General)\s)*(?:Chief Executive(?: Officer)?|CEO|CFO|COO|CTO|Chairman|Chairwoman|President|Director|"
    r"Officer|Spokesman|Spokeswoman|Spokesperson|Founder|Head)\s(?P<person>[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+){1,2})$"
)
TITLE_BEFORE_NAME = re.compile(
    r"\b(?i:chief executive(?: officer)?|ceo|cfo|coo|chairman|chairwoman|president|spokesman|spokeswoman|spokesperson|"
    r"founder|director|minister|analyst|economist|chief|head|officer|manager)\s+"
    r"(?!(?:Executive|Officer|Investment|Financial|Operating|Technology|Information|Marketing|Commercial|Strategy|Designer)\b)"
    r"(?P<person>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]+){1,2})\b"
    r"(?!\s+(?:" + "|".join(sorted(d.title() for d in COMPANY_DESIGNATORS if d.isalpha())) + r")\b)"
)
SPOKESPEOPLE_NOUNS = frozenset("spokesman spokeswoman spokesperson spokespeople representative official executive".split())
APPOINTING_VERBS = frozenset("named appointed appoints names hired promoted tapped picked chose elected".split())
GENERIC_FIRM_NOUNS = frozenset("company firm group maker producer manufacturer operator developer supplier provider".split())
BANK_COMPOUND = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿß]{2,}bank$")
LONGEST_MENTION = 200  # characters; longer names are not names
LABEL_VOTES = {"ORG": ("company", 1.0), "FAC": ("company", 0.5), "PERSON": ("person", 1.0), "PRODUCT": ("vehicle", 1.0)}


@dataclass
class _Evidence:
    company: float = 0.0
    person: float = 0.0
    vehicle: float = 0.0
    labels: set[str] = field(default_factory=set)
    labelled_company: float = 0.0  # the part of `company` that is only the NER's labels


@dataclass(frozen=True, slots=True)
class _Found:
    mention: Mention
    subject: bool  # the mention is the grammatical subject of its clause: it is "in focus" after


class _Taken:
    """Stretches of text already claimed by a mention; they never overlap, so bisection finds a clash."""

    def __init__(self, spans: list[Span] | None = None) -> None:
        self._spans: list[Span] = []
        self._starts: list[int] = []
        for span in spans or []:
            self.add(span)

    def clashes(self, span: Span) -> bool:
        i = bisect_right(self._starts, span.start)
        return any(other.overlaps(span) for other in self._spans[max(0, i - 1):i + 1])

    def add(self, span: Span) -> None:
        i = bisect_right(self._starts, span.start)
        self._spans.insert(i, span)
        self._starts.insert(i, span.start)


class EntityIndex:
    """The entities of one document and where they are mentioned; lookups by position for the other steps."""

    def __init__(self, doc: Doc, body: list[Span], publisher: str | None = None) -> None:
        self.doc = doc
        self.text = doc._.fg_text if doc.has_extension("fg_text") and doc._.fg_text is not None else doc.text
        self._body = sorted(body, key=lambda b: b.start)
        self._body_starts = [b.start for b in self._body]
        self._ignored = {n.lower() for n in NEWS_AGENCIES} | ({publisher.lower()} if publisher else set())
        self._publisher = _norm(publisher) if publisher else None
        self.entities: list[Entity] = []
        self._by_name: dict[str, str] = {}
        self._found: list[_Found] = []
        self._declared: dict[str, str] = {}
        self._starts: list[int] = []
        self._occurrence_cache: dict[str, tuple[Span, ...]] = {}
        self._word_starts: defaultdict[str, list[int]] | None = None
        # Descriptions that say which company they mean by how it was introduced ("the German firm" after "German
        # rival Tessel AG"), by where their head noun ends: stronger than focus, or than who spoke last.
        self._identified: dict[int, str] = {}
        self._build()

    # -- lookups ----------------------------------------------------------------------------------
    @property
    def mentions(self) -> list[Mention]:
        return [f.mention for f in self._found]

    def entity(self, key: str) -> Entity:
        return self._entities_by_key[key]

    def _near(self, start: int, end: int) -> list[_Found]:
        """Mentions that can overlap `start:end`, found by bisection: mentions are short."""
        low = bisect_left(self._starts, start - LONGEST_MENTION)
        high = bisect_left(self._starts, end)
        return self._found[low:high]

    def _is(self, found: _Found, kind: EntityKind | None) -> bool:
        return kind is None or self._entities_by_key[found.mention.entity].kind == kind

    def mentions_in(self, start: int, end: int, kind: EntityKind | None = None) -> list[Mention]:
        return [f.mention for f in self._near(start, end)
                if start <= f.mention.span.start and f.mention.span.end <= end and self._is(f, kind)]

    def identified_by_description(self, head_end: int) -> str | None:
        """The company a description ending at `head_end` identifies by how the company was introduced, if any."""
        return self._identified.get(head_end)

    def key_at(self, start: int, end: int, kind: EntityKind | None = None) -> str | None:
        """The entity a mention overlapping `start:end` names, the longest such mention first."""
        hits = [f.mention for f in self._near(start, end)
                if f.mention.span.start < end and start < f.mention.span.end and self._is(f, kind)]
        return max(hits, key=lambda m: len(m.span)).entity if hits else None

    def keys_at(self, start: int, end: int, kind: EntityKind | None = None) -> list[str]:
        """Every entity a mention overlapping `start:end` names ("the two automakers" names two)."""
        keys: list[str] = []
        for f in self._near(start, end):
            if f.mention.span.start < end and start < f.mention.span.end and f.mention.entity not in keys and self._is(f, kind):
                keys.append(f.mention.entity)
        return keys

    def subjects_in(self, start: int, end: int, kind: EntityKind) -> list[str]:
        """Entities of `kind` that are grammatical subjects between `start` and `end`, in order."""
        return [m.entity for m in self.subject_mentions_in(start, end, kind)]

    def subject_mentions_in(self, start: int, end: int, kind: EntityKind) -> list[Mention]:
        return [f.mention for f in self._near(start, end)
                if f.subject and start <= f.mention.span.start and f.mention.span.end <= end and self._is(f, kind)]

    def in_focus(self, before: int, kind: EntityKind = EntityKind.COMPANY, other_than: str | None = None) -> str | None:
        """The entity of `kind` most in focus at `before`: the last one that was a subject, else the last named."""
        last_named = None
        for f in reversed(self._found[:bisect_left(self._starts, before)]):
            if f.mention.span.end > before or not self._is(f, kind) or f.mention.entity == other_than:
                continue
            if f.subject:
                return f.mention.entity
            if not last_named and not self._affiliation(f.mention):
                # "a former Tessel executive" says where a person worked; "the company" after it is not Tessel
                last_named = f.mention.entity
        return last_named

    # -- building ----------------------------------------------------------------------------------
    def _build(self) -> None:
        evidence = self._candidates()
        groups = self._group(evidence)
        self._entities_by_key: dict[str, Entity] = {}
        counters: dict[EntityKind, int] = defaultdict(int)
        for kind, names in groups:
            declared = self._declared
            canonical = max(names, key=lambda n: (n not in declared, len(n.split()), len(n)))
            key = f"{kind.value.lower()}:{counters[kind]}"
            counters[kind] += 1
            entity = Entity(key=key, kind=kind, name=canonical, aliases=set(names) - {canonical})
            self.entities.append(entity)
            self._entities_by_key[key] = entity
            for name in names:
                self._by_name[_norm(name)] = key
        self._find_mentions()
        self._resolve_descriptions()
        self._sort()
        mentioned = {f.mention.entity for f in self._found}
        self.entities = [e for e in self.entities if e.key in mentioned]

    def _sort(self) -> None:
        self._found.sort(key=lambda f: f.mention.span.start)
        self._starts = [f.mention.span.start for f in self._found]

    def _in_body(self, start: int, end: int) -> bool:
        i = bisect_right(self._body_starts, start) - 1
        return i >= 0 and end <= self._body[i].end

    def _candidates(self) -> dict[str, _Evidence]:
        evidence: dict[str, _Evidence] = defaultdict(_Evidence)
        for ent in self.doc.ents:
            if not self._in_body(ent.start_char, ent.end_char):
                continue
            titled = TITLED_NAME.match(ent.text)
            if titled:
                # "Halden Chief Executive Markus Feld": a company, a title and a person the NER ran together; not the
                # first word of "Chief Financial Officer Jane Doe"
                if not _only_title_words(titled.group("org")):
                    evidence[titled.group("org")].company += 3
                evidence[titled.group("person")].person += 3
                continue
            if ent.label_ not in LABEL_VOTES:
                continue
            listed = LIST_BEFORE.search(self.text[max(0, ent.start_char - 30):ent.start_char])
            if listed and re.search(r" (?:and|&) ", ent.text):
                # "carmakers including Auronic and Veltra Automobili": two companies, not one called "A and B"
                for part in re.split(r" (?:and|&) ", ent.text):
                    for name in _clean_names(part):
                        evidence[name].company += 3
                continue
            hyphenated = re.search(r"(?:[A-Z][\w&]*-)+$", self.text[max(0, ent.start_char - 40):ent.start_char])
            text = (hyphenated.group(0) if hyphenated else "") + ent.text  # "Owens-" + "Corning Fiberglas Corp"
            if ent.label_ == "PERSON" and len(ent) == 1 and ent.start > 1:
                first, before = self.doc[ent.start - 1], self.doc[ent.start - 2]
                if (first.pos_ == "PROPN" and first.is_title and not first.ent_type_ and not first.is_sent_start
                        and before.pos_ not in {"PROPN", "PUNCT"} and not _only_title_words(first.text)):
                    text = f"{first.text} {ent.text}"  # "named Isabelle Fournier": the first name the NER left out
            names = _clean_names(text)
            for number, name in enumerate(names):
                if self._ignores(name) or name in NOT_NAMES or not any(c.isupper() for c in name):
                    continue
                votes = evidence[name]
                if number < len(names) - 1:
                    continue  # "Switzerland’s Thuner Volksbank": the label is the head's, not the possessor's
                vote, weight = LABEL_VOTES[ent.label_]
                if vote == "person" and " " not in name:
                    weight = 0.5  # the small model calls many unfamiliar one-word brands people
                setattr(votes, vote, getattr(votes, vote) + weight)
                if vote == "company":
                    votes.labelled_company += weight
                votes.labels.add(ent.label_)
        for name in self._named_after_firm_nouns() + self._names_ending_in_designators() + self._named_before_firm_appositions():
            evidence[name]  # a candidate; its votes come from the words around it (_weigh_context)
        for name in self._names_with_apostrophes():
            evidence[name].company += 3  # people are not written "Dobson's said"
        for name in self._listed_after_firm_nouns():
            evidence[name].company += 3
        for match in TITLE_BEFORE_NAME.finditer(self.text):  # "Chief Executive Sofia Brandt", named or not by the NER
            if self._in_body(match.start("person"), match.end("person")):
                evidence[match.group("person")].person += 3
        for match in VEHICLE_BEFORE_BODY.finditer(self.text):  # "its best-selling Sarang sedan", "the Orbit 7 SUV"
            name = match.group("name")
            if self._in_body(match.start("name"), match.end("name")) and name not in NOT_NAMES and name.split()[0] not in TRIM_WORDS:
                evidence[name].vehicle += 3
        for match in VEHICLE_IN_APPOSITION.finditer(self.text):
            name = match.group("name")
            if self._in_body(match.start("name"), match.end("name")) and name not in NOT_NAMES:
                evidence[name].vehicle += 3
                if " " in name:
                    evidence[name.split()[-1]].vehicle += 1  # "the Corvo" after "the Brisa Corvo" (_group joins them)
        self._about_vehicles = bool(VEHICLE_NOUNS.search(self.text))
        if self._about_vehicles:
            # "The compact HS5 will start at ...": in a story about vehicles, a model code the article refers to as "the X"
            # more than once is a model, whether or not the NER saw it
            codes = [m for m in CODE_AFTER_DETERMINER.finditer(self.text) if self._in_body(m.start("name"), m.end("name"))
                     and m.group("name") not in NOT_NAMES]
            counts = Counter(m.group("name") for m in codes)
            for name, count in counts.items():
                if count >= 2:
                    evidence[name]
        for match in BRACKETED_TICKER.finditer(self.text):
            if self._in_body(match.start(), match.end()):
                evidence[match.group("ticker") or match.group("suffixed")].company += 3  # another name of the company before it
                if match.group("exchange"):
                    evidence[match.group("exchange")].company -= 10  # "NYSE" lists the company; it is not one of the story
        for match in re.finditer(r"<([A-Z][^<>\n]{1,60})>", self.text):  # 1987 wire style: <Hunter Helicopter Inc>
            if self._in_body(match.start(1), match.end(1)):
                evidence[match.group(1).strip()].company += 3
        for name in self._leading_words_of_company_names(evidence):
            evidence[name]  # a candidate; "Silver Basin shares" votes it a company (_weigh_context)
        for name, votes in evidence.items():
            longer = tuple(other for other in evidence if other.startswith(name + " "))
            self._weigh_context(name, votes, longer)
        return evidence

    def _leading_words_of_company_names(self, evidence: dict[str, _Evidence]) -> list[str]:
        """ "Silver Basin Lithium Corp ... Silver Basin shares jumped": a company's leading words, which news uses as
        its short form, are a candidate wherever they stand alone (the NER often leaves them out, or takes them for a
        place); the words around them then vote (_weigh_context) and the full name takes them in (_long_form_of)."""
        found: list[str] = []
        for name in [n for n in evidence if len(n.split()) > 2 and n.split()[-1].lower().rstrip(".") in LEGAL_FORMS]:
            words = name.split()
            for size in range(2, len(words)):
                prefix = " ".join(words[:size])
                if words[size - 1].lower() in COMPANY_DESIGNATORS or words[size - 1] in NAME_PARTICLES or prefix in evidence:
                    continue
                alone = [s for s in self._occurrences(prefix) if not self.text.startswith(name, s.start)]
                if alone:
                    found.append(prefix)
        return found

    def _named_after_firm_nouns(self) -> list[str]:
        """ "Seattle planemaker Corvane", "Hamburg brokerage Ostwald Reimann": news names a firm right after the
        noun for its kind, whatever label (a place, nothing) the NER gives the name."""
        names: list[str] = []
        doc = self.doc
        for token in doc:
            if token.pos_ not in {"NOUN", "PROPN", "ADJ"} or not token.is_lower or not is_firm_noun(token.text):
                continue
            end = token.i + 1
            while end < len(doc) and end - token.i <= 5 and _name_word(doc[end]):
                end += 1
            if end == token.i + 1 or not self._in_body(doc[token.i + 1].idx, doc[end - 1].idx + len(doc[end - 1])):
                continue
            if doc[token.i + 1].lower_ in TITLE_WORDS or doc[token.i + 1].lower_ in HONORIFICS:
                continue  # "the company Chairman Jane Doe"
            for name in _clean_names(doc[token.i + 1:end].text):
                if not self._ignores(name) and name not in NOT_NAMES:
                    names.append(name)
        return names

    def _named_before_firm_appositions(self) -> list[str]:
        """ "Haverkamp Armaturen, the German family-owned maker of valves,": capitalised words that an apposition
        says are a firm, whatever the NER made of them."""
        names: list[str] = []
        doc = self.doc
        for token in doc[1:]:
            if token.text != "," or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ not in {"a", "an", "the"} \
                    or not _name_word(doc[token.i - 1]) or not is_firm_noun(_apposition_noun(doc, token.i + 1)):
                continue  # (not "The Santa Clara, California-based chipmaker": a place)
            start = token.i - 1
            while start > 0 and token.i - start < 5 and _name_word(doc[start - 1]):
                start -= 1
            if self._in_body(doc[start].idx, token.idx):
                names += [n for n in _clean_names(doc[start:token.i].text) if not self._ignores(n) and n not in NOT_NAMES]
        return names

    def _names_ending_in_designators(self) -> list[str]:
        """ "Orvik Foods faces a fight": capitalised words ending in a word that ends company names, which the
        NER may miss at the start of a sentence."""
        names: list[str] = []
        doc = self.doc
        for token in doc:
            if token.pos_ != "PROPN" or token.lower_ not in COMPANY_DESIGNATORS or token.lower_ in WEAK_DESIGNATORS:
                continue
            start = token.i
            while start > 0 and token.i - start < 4 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].text[:1].isupper() \
                    and doc[start - 1].text not in NOT_NAMES and doc[start - 1].lower_ not in COMPANY_DESIGNATORS:
                start -= 1
                if start > 1 and doc[start - 1].text in NAME_PARTICLES and doc[start - 2].pos_ == "PROPN" and doc[start - 2].text[:1].isupper():
                    start -= 1  # "Eólica del Norte SL": a particle inside the name, not its start
            if start < token.i and self._in_body(doc[start].idx, token.idx + len(token)):
                names += [n for n in _clean_names(doc[start:token.i + 1].text) if not self._ignores(n)]
        return names

    def _listed_after_firm_nouns(self) -> list[str]:
        """ "rivals including Xintao", "carmakers such as Veltra and Auronic": the names a list of firms gives are
        firms, whatever the NER makes of them (often a place)."""
        names: list[str] = []
        doc = self.doc
        for token in doc[2:]:
            noun = doc[token.i - 1] if token.lower_ == "including" else doc[token.i - 2] if (
                token.lower_ == "as" and doc[token.i - 1].lower_ == "such") else None
            if noun is None or noun.pos_ != "NOUN" or noun.tag_ != "NNS" or not is_company_noun(noun.lower_):
                continue
            i = token.i + 1
            while i < len(doc):
                end = i
                while end < len(doc) and _name_word(doc[end]):
                    end += 1
                if end == i:
                    break
                if self._in_body(doc[i].idx, doc[end - 1].idx + len(doc[end - 1])):
                    names += [n for n in _clean_names(doc[i:end].text) if not self._ignores(n) and n not in NOT_NAMES]
                while end < len(doc) and doc[end].lower_ in {",", "and", "or"}:
                    end += 1
                if end == i or not _name_word(doc[min(end, len(doc) - 1)]):
                    break
                i = end
        return names

    def _names_with_apostrophes(self) -> list[str]:
        """ "Dobson's said", "Dobson's, which is listed in New York,": a possessive that stands alone as the subject
        of a verb is a name with an apostrophe in it (as "McDonald's"), and "Dobson's Markets" its full form."""
        names: list[str] = []
        doc = self.doc
        for token in doc[1:-1]:
            owner = doc[token.i - 1]
            if token.lower_ not in {"'s", "’s"} or not owner.text[:1].isupper() or owner.pos_ != "PROPN":
                continue
            after = doc[token.i + 1]
            alone = after.tag_ in {"VBD", "VBZ", "MD"} or (
                after.text == "," and token.i + 2 < len(doc) and doc[token.i + 2].lower_ in {"which", "who"})
            if not alone or not self._in_body(owner.idx, token.idx + len(token)):
                continue
            name = owner.text + token.text
            if name in names:
                continue
            names.append(name)
            full = re.compile(re.escape(name) + r"((?:\s+[A-Z][\w&-]*){1,3})")
            for match in full.finditer(self.text):
                words = match.group(1).split()
                while words and words[-1].lower().strip(".,") not in COMPANY_DESIGNATORS:
                    words.pop()
                if words and self._in_body(match.start(), match.end()):
                    names.append(" ".join([name, *words]))
        return names

    def is_publisher(self, name: str) -> bool:
        """ "Bloomberg News reported" in a Bloomberg story: the publication's own earlier reporting."""
        normal = re.sub(r"^the\s+", "", _norm(name))
        return self._publisher is not None and re.sub(r"\s+(?:news|newswire|news agency|wire)$", "", normal) == self._publisher

    def _ignores(self, name: str) -> bool:
        """The publisher and the news agencies are not companies of the story; nor "Bloomberg News"."""
        normal = _norm(name)
        return normal in self._ignored or re.sub(r"\s+(?:news|newswire|news agency|wire)$", "", normal) in self._ignored
    def _weigh_context(self, name: str, votes: _Evidence, longer: tuple[str, ...] = ()) -> None:
        words = name.split()
        if VEHICLE_CODE.match(name):
            votes.vehicle += 3
        if len(words) > 1 and words[-1] in {"EV", "SUV", "PHEV", "BEV"}:
            votes.vehicle += 3  # "the Ranger EV": a model named with the kind of vehicle it is
        if len(words) > 1 and (words[-1].lower().rstrip(",") in COMPANY_DESIGNATORS or words[0].lower() in LEADING_DESIGNATORS
                               or is_exact_legal_form(words[-1])):
            votes.company += 5
        if words and BANK_COMPOUND.match(words[-1]):
            votes.company += 5  # "Commerzbank", "Rabobank": a bank's name written as one word
        if "&" in words:
            votes.company += 5  # "Pennock & Vane": people are not joined by ampersands
        if any(w.lower() in NOT_COMPANY_WORDS | COMPANY_ORGANS for w in words) and not (len(words) > 1 and words[-1].lower() in LEGAL_FORMS):
            votes.company -= 10  # "Finance Ministry", but not "Community Bank Systems Inc": a legal form is a company
        designated = len(words) > 1 and any(w.lower().rstrip(",") in COMPANY_DESIGNATORS for w in words[1:])
        for span in self._occurrences(name):
            if longer and self.text.startswith(longer, span.start):
                continue  # "Rival operator Corsica Azzurra" says nothing of "Corsica" alone
            tokens = self.doc.char_span(span.start, span.end, alignment_mode="expand")
            if tokens is None:
                continue
            after = self.doc[tokens.end] if tokens.end < len(self.doc) else None
            before = self.doc[tokens.start - 1] if tokens.start > 0 else None
            if after is not None and after.lower_ in ORGANIZATION_FOLLOWERS:
                votes.company += 3
            if after is not None and after.lower_ in {"'s", "’s"} and tokens.end + 1 < len(self.doc):
                if self.doc[tokens.end + 1].lower_ in ORGANIZATION_FOLLOWERS:
                    votes.company += 3
            if before is not None and is_company_noun(before.lower_) and before.is_lower and before.pos_ in {"NOUN", "PROPN", "ADJ"}:
                # "automaker FAW"; "leader", "rival" or "investor" come before people too ("opposition leader Jan
                # Kowal"), but not before a name with a word of firms' names in it ("investor Harbour Capital Management")
                ambiguous = before.lower_ in COMPANY_NOUNS - FIRM_NOUNS and not designated
                votes.company += 1 if ambiguous else 3
            if (before is not None and before.text == "," and tokens.start > 1 and self.doc[tokens.start - 2].is_lower
                    and is_firm_noun(self.doc[tokens.start - 2].lower_) and self.doc[tokens.start - 2].pos_ == "NOUN"):
                votes.company += 3  # "its payments unit, Ferrand Pay,": a name in apposition to a kind of firm
            if before is not None and before.lower_ == "based" and tokens.start > 1 and self.doc[tokens.start - 2].text == "-":
                votes.company += 3  # "Oslo-based Skjold Line": places are where firms are based
            if (tokens.start > 1 and before is not None and before.lower_ in {"at", "with", "of", "from"}
                    and self.doc[tokens.start - 2].lemma_.lower() in TITLE_WORDS | {"adviser", "advisor"}):
                # "an analyst at Rowe Gantry", "advisers from Lindqvist Partners": people work at firms
                votes.company += 3
            if tokens.start > 1 and (_deal_object(self.doc[tokens.start - 2], before) or self._deal_object_described(tokens.start)):  # type: ignore[arg-type]
                votes.company += 3  # "a stake in Kestrel Wind", "the takeover of Tessel": people are not bought
            elif (tokens.start > 3 and before is not None and before.lower_ in {"'s", "’s"}
                  and self.doc[tokens.start - 2].ent_type_ == "GPE"
                  and _deal_object(self.doc[tokens.start - 4], self.doc[tokens.start - 3])):
                votes.company += 3  # "merge with Kenya's Tavu Pay": the place that owns the name aside
            if (tokens.start > 1 and before is not None and before.text == "," and self.doc[tokens.start - 2].is_lower
                    and self.doc[tokens.start - 2].lower_ in TITLE_WORDS - {"partner", "investor", "owner"}):
                votes.person += 3  # "the group's finance director, Jane Doe,": a title in apposition before the name
            if tokens.start > 1 and before is not None and before.lower_ == "for" and self.doc[tokens.start - 2].lower_.startswith("spokes"):
                votes.company += 3  # "a spokesman for Auriverde"
            if before is not None and (before.lower_ in HONORIFICS or before.lower_ in TITLE_WORDS):
                votes.person += 3
            if (before is not None and before.lower_ in APPOINTING_VERBS and after is not None
                    and (after.lower_ == "as" or after.lower_ in TITLE_WORDS or after.lower_ in {"vice", "senior", "managing"})):
                votes.person += 6  # "named Maria Gonzalez chief executive": who is appointed to a title is a person,
                # though a name before "chief" is otherwise the company it is chief of
            if (before is not None and before.text == "," and tokens.start > 1 and self.doc[tokens.start - 2].is_lower
                    and self.doc[tokens.start - 2].lower_ in TITLE_WORDS):
                votes.person += 3  # "Corsica Azzurra's commercial director, Jean-Baptiste Orsoni,": a name in apposition to a title
            if after is not None and after.lower_ in {",", "is", "was", "became"}:
                head = _apposition_noun(self.doc, tokens.end + 1)
                if is_firm_noun(head):
                    votes.company += 3  # "Korvan, a Swedish carmaker", "Korvan is a Swedish carmaker"
                elif head in TITLE_WORDS:
                    votes.person += 3  # "Jane Doe, the company's finance chief"

    def _deal_object_described(self, start: int) -> bool:
        """ "its acquisition of design house Studio Ferrante": the deal's object with the words for what it is between."""
        i = start - 1
        while i > start - 3 and i > 1 and self.doc[i].is_lower and self.doc[i].pos_ in {"NOUN", "PROPN"}:
            i -= 1
        return i < start - 1 and i > 0 and _deal_object(self.doc[i - 1], self.doc[i])

    def _occurrences(self, name: str) -> tuple[Span, ...]:
        """Where `name` stands as a whole name in the body: not inside a longer word ("Tesselate"), nor before a
        hyphenated one ("Tessel-made"). Each name is looked for once, from the places its first word stands: a
        scan of the text for every name made long articles quadratic (a 250 KB article spent 15 s here)."""
        found = self._occurrence_cache.get(name)
        if found is None:
            found = self._occurrence_cache[name] = tuple(
                Span.of(self.text, start, start + len(name)) for start in self._whole_name_starts(name)
                if self._in_body(start, start + len(name)))
        return found

    def _whole_name_starts(self, name: str) -> Iterator[int]:
        first = NAME_WORD.match(name)
        if first is None:  # a name that opens with a sign: rare enough to scan for
            pattern = re.compile(r"(?<![\w&])" + re.escape(name) + r"(?![\w&]|-\w)")
            yield from (m.start() for m in pattern.finditer(self.text))
            return
        if self._word_starts is None:
            self._word_starts = defaultdict(list)
            for word in NAME_WORD.finditer(self.text):
                self._word_starts[word.group()].append(word.start())
        text, after = self.text, 0
        for start in self._word_starts.get(first.group(), ()):
            end = start + len(name)
            if start < after or not text.startswith(name, start):
                continue  # (as a regular expression's matches do, occurrences never overlap)
            if end < len(text) and (_NAME_CHAR.match(text, end) or text[end] == "-" and _WORD_CHAR.match(text, end + 1)):
                continue
            after = end
            yield start

    def _group(self, evidence: dict[str, _Evidence]) -> list[tuple[EntityKind, list[str]]]:
        kinds: dict[str, EntityKind] = {}
        for name, votes in evidence.items():
            kind = _kind_of(name, votes)
            if kind == EntityKind.VEHICLE and votes.vehicle < 3 and not self._about_vehicles:
                continue  # "the islands of Sardinia and Corsica": a "product" of the NER, in a story about no vehicle
            if kind is not None:
                kinds[name] = kind
        aliases = self._declared = self._declared_aliases(kinds)
        firsts = {n.split()[0] for n, k in kinds.items() if k == EntityKind.COMPANY and " " in n}
        for name, kind in list(kinds.items()):
            if kind == EntityKind.PERSON and " " in name and name.split()[0] in firsts and evidence[name].person < 3:
                kinds[name] = EntityKind.COMPANY  # "Ferrand Pay" beside "Ferrand Telecom": a family of firms
        people = [n for n, k in kinds.items() if k == EntityKind.PERSON and " " in n]
        parent: dict[str, str] = self._spelled_alike(people)
        for name, kind in list(kinds.items()):
            if name in aliases:
                parent[name] = aliases[name]
                continue
            model = self._model_named_by_first_word(name, kinds, evidence[name])
            if model:
                parent[name] = model
                kinds[name] = EntityKind.VEHICLE
                continue
            if " " not in name and kind != EntityKind.VEHICLE:
                owner = [p for p in people if name in p.split() and p != name]
                # "Fekete said" after "Janos Fekete": a surname is its person, whatever label the NER gives it
                # each time, unless the words around it say it is a company
                if owner and (kinds[name] != EntityKind.COMPANY or evidence[name].company - evidence[name].labelled_company < 3):
                    parent[name] = max(owner, key=len)
                    continue
            if kind in {EntityKind.COMPANY, EntityKind.PERSON}:
                longer = self._long_form_of(name, kinds)
                if longer:
                    parent[name] = longer
                    kinds[name] = EntityKind.COMPANY
                    continue
            if kind == EntityKind.VEHICLE:
                shorter = [o for o, k in kinds.items() if k == EntityKind.VEHICLE and o != name and name.endswith(" " + o)
                           and _names_a_company(name[: -len(o) - 1], kinds)]
                if shorter:  # "Aldermann E7" is the maker's name and the model "E7"
                    parent[shorter[0]] = name
            ticker = self._ticker_owner(name, kinds)
            if ticker:
                parent[name] = ticker
        groups: dict[str, list[str]] = defaultdict(list)
        for name in kinds:
            root = name
            for _ in range(5):
                root = parent.get(root, root)
            groups[root].append(name)
        return [(kinds[root], names) for root, names in groups.items()]

    def _spelled_alike(self, people: list[str]) -> dict[str, str]:
        """ "Mohammad al-Rashid" after "Mohammed al-Rashid": a name spelled two ways in one story, the same family
        name and a given name a letter or two apart, is one person, by its first spelling."""
        alike: dict[str, str] = {}
        by_first_use = sorted(people, key=self._first_offset)
        for i, later in enumerate(by_first_use):
            given, family = later.rsplit(" ", 1)
            for earlier in by_first_use[:i]:
                other_given, other_family = earlier.rsplit(" ", 1)
                if (family == other_family and given != other_given and given[:1] == other_given[:1]
                        and min(len(given), len(other_given)) >= 4
                        and SequenceMatcher(None, given, other_given).ratio() >= 0.8):
                    alike[later] = alike.get(earlier, earlier)
                    break
        return alike

    @staticmethod
    def _model_named_by_first_word(name: str, kinds: dict[str, EntityKind], votes: _Evidence) -> str | None:
        """ "the Vega's price" after "the Vega X5", "the Stella" after "the Vettore Stella" (its maker's name and its
        own): a part of a model's name alone is that model, not the person the NER takes it for, unless a title or an
        honorific says it is one; the base model when there are versions."""
        if " " in name or kinds[name] != EntityKind.PERSON or votes.person >= 3:
            return None
        models = [o for o, k in kinds.items() if k == EntityKind.VEHICLE and o != name and (
            o.split()[0] == name or (o.endswith(" " + name) and _names_a_company(o[:-len(name) - 1], kinds)))]
        return min(models, key=len) if models else None

    def _long_form_of(self, name: str, kinds: dict[str, EntityKind]) -> str | None:
        """The company `name` is a short form of: "Korvan" of "Korvan Motors" (a designator follows), or
        "Advanced" of "Advanced Tobacco Products Inc" named before it, as news refers back to companies."""
        words = [_bare(w) for w in name.split()]
        first_seen = self._first_offset(name)
        found = []
        for other, kind in kinds.items():
            other_words = other.split()
            if kind != EntityKind.COMPANY or other == name or len(other_words) <= len(words):
                continue
            if other_words[0].lower() in LEADING_DESIGNATORS:
                other_words = other_words[1:]  # "Orsolina" is the short form of "Banca Orsolina"
            if [_bare(w) for w in other_words[:len(words)]] != words or self._introduced_as_new(other):
                continue
            rest = other_words[len(words):]
            if all(w.lower().strip(".,") in COMPANY_DESIGNATORS for w in rest) or self._first_offset(other) <= first_seen:
                found.append(other)
        return max(found, key=len) if found else None

    def _ticker_owner(self, name: str, kinds: dict[str, EntityKind]) -> str | None:
        """ "Sterling Drug Inc <STY>", "Helvetra AG (HELN.S)", "Tessel Inc (NYSE: TSL)": a ticker in brackets is another
        name of the company right before it."""
        if not TICKER.match(name):
            return None
        for match in re.finditer(r"(?:<|\((?:[A-Z]{2,8}:\s*)?)" + re.escape(name) + r"[>)]", self.text):
            before = self.text[max(0, match.start() - 80):match.start()].rstrip()
            owners = [o for o, k in kinds.items() if k == EntityKind.COMPANY and o != name and before.endswith(o)]
            if owners:
                return max(owners, key=len)
        return None

    def _first_offset(self, name: str) -> int:
        found = self._occurrences(name)
        return found[0].start if found else len(self.text)

    def _declared_aliases(self, kinds: dict[str, EntityKind]) -> dict[str, str]:
        """Names the text itself declares another name of: "Hongqi brand – translated as Red Flag"."""
        found: dict[str, str] = {}
        for pattern in ALIAS_PATTERNS:
            for match in pattern.finditer(self.text):
                name, alias = match.group("name"), match.group("alias")
                if name in kinds and kinds[name] != EntityKind.VEHICLE:
                    found[alias] = name
                    kinds.setdefault(alias, kinds[name])
                    kinds[alias] = kinds[name]
        for match in ACRONYM.finditer(self.text):
            # "The Federal Home Loan Bank Board (FHLBB)": the acronym and the name are one organisation
            name, alias = re.sub(r"^(?:The|the)\s+", "", match.group("name")), match.group("alias")
            known = kinds.get(name) or kinds.get(alias)
            if known in {EntityKind.COMPANY, None} and (name in kinds or alias in kinds) and name != alias:
                kinds[name] = kinds[alias] = EntityKind.COMPANY
                found[alias] = name
        return found

    def _introduced_as_new(self, name: str) -> bool:
        """ "a joint venture, Leapmotor International": a new company, not the long form of "Leapmotor"."""
        for span in self._occurrences(name):
            window = self.text[max(0, span.start - 40):span.start].lower()
            if re.search(r"\b(?:joint venture|venture|unit|subsidiary|division|arm|affiliate|spin-?off)\b[,\s]*(?:called|named)?\s*$", window):
                return True
            if re.search(r"\bnew\b[^,;]{0,30}\b(?:company|firm|business|group)\b[,\s]*(?:called|named)?\s*$", window):
                return True  # "the formation of a new U.S. drug company, ICI Pharma"
        return False

    def _find_mentions(self) -> None:
        taken = _Taken()
        names = sorted(self._by_name.items(), key=lambda item: -len(item[0]))
        originals = {_norm(n): n for e in self.entities for n in [e.name, *sorted(e.aliases)]}
        for normalised, key in names:
            for span in self._occurrences(originals[normalised]):
                if taken.clashes(span):
                    continue
                taken.add(span)
                self._found.append(_Found(Mention(key, span), self._is_subject(span)))
        self._find_first_word_forms(taken)
        self._find_surnames(taken)
        self._sort()

    def _find_surnames(self, taken: _Taken) -> None:
        """ "Doe said" after "Jane Doe": a person's family name alone (or the first, as Chinese names put it)."""
        for entity in list(self.entities):
            words = entity.name.split()
            if entity.kind != EntityKind.PERSON or len(words) < 2:
                continue
            for word in dict.fromkeys((words[-1], words[0])):
                word = POSSESSIVE.sub("", word)
                if len(word) < 2 or not word[:1].isupper() or word.lower().rstrip(".") in HONORIFICS or word in NOT_NAMES:
                    continue
                if self._by_name.get(_norm(word), entity.key) != entity.key:
                    continue  # the word names something else in this article
                first = self._first_offset(entity.name)
                headline = self.text.find("\n")  # a headline names by surname the person the story names in full
                for span in self._occurrences(word):
                    if taken.clashes(span) or span.start < first and not span.end <= headline < first:
                        continue
                    taken.add(span)
                    entity.aliases.add(word)
                    self._by_name[_norm(word)] = entity.key
                    self._found.append(_Found(Mention(entity.key, span), self._is_subject(span)))

    def _find_first_word_forms(self, taken: _Taken) -> None:
        """ "Advanced said" after "Advanced Tobacco Products Inc": a company's first word alone, as the subject
        or owner of a clause, refers back to it. Elsewhere the word may be an adjective ("American")."""
        for entity in list(self.entities):
            words = entity.name.split()
            first = _bare(words[0]) if words else ""
            if entity.kind != EntityKind.COMPANY or len(words) < 2 or len(first) < 3 or first in CORE_DESIGNATORS:
                continue
            word = POSSESSIVE.sub("", words[0])
            if word in NOT_NAMES or not word[:1].isupper() or word.lower() in {"the", "a", "an"}:
                continue  # "The First Women's Bank": "The" is no name of its own
            first_full = self._first_offset(entity.name)
            for span in self._occurrences(word):
                if taken.clashes(span) or span.start < first_full:
                    continue
                tokens = self.doc.char_span(span.start, span.end, alignment_mode="expand")
                if tokens is None:
                    continue
                root = tokens.root
                # "a spokesman for Korsgaard", "Representatives for Korsgaard and Tallis"
                named = root.head if root.dep_ == "conj" else root
                spoken_for = named.dep_ == "pobj" and named.head.head.lemma_.lower() in SPOKESPEOPLE_NOUNS
                # "Corrin and Wexford declined to comment": the second of two subjects is one too
                joined = root.dep_ == "conj" and root.head.dep_ in {"nsubj", "nsubjpass"}
                # "Emberly didn't respond", however the parser took the word: a name that opens a finite clause
                opens = root.i == root.sent.start and root.i + 1 < len(self.doc) and self.doc[root.i + 1].tag_ in {"VBD", "VBZ", "VBP", "MD"}
                if root.dep_ not in {"nsubj", "nsubjpass", "poss"} and not (spoken_for or joined or opens or self._owns_next(tokens)):
                    continue
                taken.add(span)
                entity.aliases.add(word)
                self._by_name[_norm(word)] = entity.key
                self._found.append(_Found(Mention(entity.key, span), tokens.root.dep_ != "poss"))

    def _owns_next(self, tokens: TokenSpan) -> bool:
        """ "Kestrel founder Jane Moss", "Velmora shares": a name right before a title or a word that
        only organisations have is the organisation, not an adjective."""
        after = self.doc[tokens.end] if tokens.end < len(self.doc) else None
        if after is None or not tokens.root.text[:1].isupper() or tokens.root.ent_type_ == "NORP":
            return False  # "American executives": a nationality, not "American Airlines"
        follower = after.lower_ in ORGANIZATION_FOLLOWERS or f"{after.lower_}s" in ORGANIZATION_FOLLOWERS  # "a Carling official"
        # "Vettore finance chief Jane Doe", "Kestrel sales director": a title with the word for what it is over
        second = self.doc[tokens.end + 1] if tokens.end + 1 < len(self.doc) else None
        modified = after.is_lower and after.pos_ in {"NOUN", "ADJ"} and second is not None and _owned_title(second)
        return follower or modified or _owned_title(after)

    def _is_subject(self, span: Span) -> bool:
        tokens = self.doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None:
            return False
        token: Token = tokens.root
        for _ in range(4):
            if token.dep_ in {"nsubj", "nsubjpass"} or _misparsed_subject(token):
                return True
            # "Aebischer shares rose": the parser may take a name before its noun for an adjective
            if token.dep_ not in {"compound", "conj", "appos", "poss", "cc", "amod"} or token.head is token:
                return False
            token = token.head
        return False

    def _resolve_descriptions(self) -> None:
        """ "the company", "The EV maker", "the two automakers": mentions of the companies in focus."""
        taken = _Taken([f.mention.span for f in self._found])
        # "Americus Trust ... The trust said": the last word of a company's name, as a common noun, is that company
        heads = {e.name.split()[-1].lower(): e.key for e in self.entities
                 if e.kind == EntityKind.COMPANY and len(e.name.split()) > 1 and e.name.split()[-1].isalpha()
                 and e.name.split()[-1].lower() not in CORE_DESIGNATORS - {"bank", "group", "trust"}}
        for token in self.doc:
            named_head = token.lower_ in heads and token.pos_ == "NOUN" and token.tag_ == "NN" and token.is_lower
            phrase = _description(self.doc, token) or (_description(self.doc, token, any_noun=True) if named_head else None)
            if phrase is None or not self._in_body(phrase[0].idx, token.idx + len(token)):
                continue
            span = Span.of(self.text, phrase[0].idx, token.idx + len(token))
            if taken.clashes(span):
                continue
            if token.tag_ in {"NNS", "NNPS"} or phrase[0].lower_ == "both":
                keys = self.pair_in_focus(span.start, token.sent.start_char)
            elif named_head and not is_company_noun(token.lower_):
                keys = [heads[token.lower_]] if self._first_offset(self.entity(heads[token.lower_]).name) < span.start else []
            elif introduced := self._introduced_as(token.lower_, span.start) or self._introduced_from(phrase, span.start):
                keys = [introduced]
                self._identified[span.end] = introduced
            else:
                key = self.in_focus(span.start)
                if key is not None and self._subject_of_own_clause(token) == key:
                    # "Oakhurst acquired a stake in the chain": a description is not its own clause's subject
                    key = self.in_focus(span.start, other_than=key)
                keys = [key] if key else []
            for key in keys:
                self._found.append(_Found(Mention(key, span, inferred=True), token.dep_ in {"nsubj", "nsubjpass"}))
            self._sort()
            taken.add(span)

    def _introduced_as(self, noun: str, before: int) -> str | None:
        """ "French utility Electrane ... The Paris-based utility": a description whose noun is the one a single company
        was introduced with ("utility Electrane") refers to that company, whichever was in focus last. Not the nouns
        that need the word before them to say what kind ("sports-car maker" is no "EV maker")."""
        if noun in GENERIC_FIRM_NOUNS:
            return None
        return self._introduced_with(before, 30, lambda words: bool(words) and words[-1].lower() == noun)

    def _introduced_from(self, phrase: list[Token], before: int) -> str | None:
        """ "German rival Tessel AG ... The German firm": a description with a nationality is the one company
        introduced with that nationality."""
        nationality = next((t.text for t in phrase if t.ent_type_ == "NORP" and t.text[:1].isupper()), None)
        if nationality is None:
            return None
        introduced = self._introduced_with(before, 40, lambda words: nationality in words[-3:])
        if introduced is not None:
            return introduced
        # none introduced so: the one company whose legal form is of that country ("Lindqvist Pharma AB")
        formed = [e.key for e in self.entities if e.kind == EntityKind.COMPANY and self._first_offset(e.name) < before
                  and nationality in LEGAL_FORM_NATIONALITIES.get(e.name.split()[-1].lower().rstrip("."), set())]
        return formed[0] if len(formed) == 1 else None

    def _introduced_with(self, before: int, reach: int, fits: Callable[[list[str]], bool]) -> str | None:
        """The company named before `before`, by name and not by description, right after words (within `reach`
        characters) that fit; only when one company does."""
        keys = {f.mention.entity for f in self._found[:bisect_left(self._starts, before)]
                if not f.mention.inferred and self.entity(f.mention.entity).kind == EntityKind.COMPANY
                and fits(self.text[max(0, f.mention.span.start - reach):f.mention.span.start].split())}
        return next(iter(keys)) if len(keys) == 1 else None

    def _subject_of_own_clause(self, token: Token) -> str | None:
        """The company that is the subject of the verb `token` is an object of, if any."""
        if token.dep_ not in {"pobj", "dobj"}:
            return None
        verb = token.head
        for _ in range(4):
            if verb.pos_ in {"VERB", "AUX"} or verb.head is verb:
                break
            verb = verb.head
        for child in verb.children:
            if child.dep_ == "nsubj":
                return self.key_at(child.idx, child.idx + len(child), EntityKind.COMPANY)
        return None

    def pair_in_focus(self, before: int, sentence_start: int) -> list[str]:
        """ "both companies", "the two automakers": the first two companies of this sentence, else the last."""
        def first_two(start: int, end: int) -> list[str]:
            keys: list[str] = []
            for f in self._found:
                m = f.mention
                if start <= m.span.start and m.span.end <= end and self.entity(m.entity).kind == EntityKind.COMPANY:
                    if m.entity not in keys and not self._affiliation(m):
                        keys.append(m.entity)
            return keys[:2]

        keys = first_two(sentence_start, before)
        if len(keys) < 2:
            previous = [s for s in self.doc.sents if s.end_char <= sentence_start]
            keys = first_two(previous[-1].start_char, previous[-1].end_char) if previous else []
        if len(keys) < 2:
            keys = self._last_joined_pair(sentence_start)
        if len(keys) < 2:
            keys = self._most_named(sentence_start)[:2]  # the story's two protagonists
        return keys if len(keys) == 2 else []

    def _most_named(self, before: int) -> list[str]:
        counts: dict[str, int] = defaultdict(int)
        for f in self._found:
            if not f.mention.inferred and f.mention.span.end <= before and self.entity(f.mention.entity).kind == EntityKind.COMPANY:
                counts[f.mention.entity] += 1
        return sorted(counts, key=lambda k: -counts[k])  # stable: the first named wins a tie

    def _affiliation(self, mention: Mention) -> bool:
        """ "Kestrel founder Jane Moss": a company named as where a person works, not as a party."""
        tokens = self.doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
        if tokens is None or tokens.root.dep_ not in {"compound", "poss"}:
            return False
        head = tokens.root.head
        return head.lower_ in TITLE_WORDS or self.key_at(head.idx, head.idx + len(head), EntityKind.PERSON) is not None

    def _last_joined_pair(self, before: int) -> list[str]:
        """The last two companies the text joined with "and" ("Orvik Foods and Lemna Brands will merge"):
        "the two companies" later means them, not whichever two the sentence before happened to name."""
        named = [f.mention for f in self._found if not f.mention.inferred and f.mention.span.end <= before
                 and self.entity(f.mention.entity).kind == EntityKind.COMPANY]
        for second in reversed(named):
            tokens = self.doc.char_span(second.span.start, second.span.end, alignment_mode="expand")
            if tokens is None or tokens.root.dep_ != "conj":
                continue
            head = tokens.root.head
            first = self.key_at(head.idx, head.idx + len(head), EntityKind.COMPANY)
            if first is not None and first != second.entity:
                return [first, second.entity]
        return []


def _names_a_company(words: str, kinds: dict[str, EntityKind]) -> bool:
    """ "Vettore" names "Vettore Automobili SpA": a company's name, or the words it starts with."""
    return any(k == EntityKind.COMPANY and (n == words or n.startswith(words + " ")) for n, k in kinds.items())


def _owned_title(token: Token) -> bool:
    """A title a company's name can stand before: "Kestrel founder"; not "investor" or "owner", which people are too."""
    return token.lower_ in TITLE_WORDS and token.lower_ not in {"investor", "owner", "partner"}


def _misparsed_subject(token: Token) -> bool:
    """ "Brandholm Motors on Thursday named Jane Doe ...": the small parser often makes a lede's subject the root and
    hangs the main verb on it as a relative clause; the name is still what the sentence is about."""
    return token.dep_ == "ROOT" and token.pos_ in {"PROPN", "NOUN"} and any(
        child.dep_ in {"relcl", "acl"} and child.pos_ == "VERB" and child.i > token.i for child in token.children)


def _description(doc: Doc, token: Token, any_noun: bool = False) -> list[Token] | None:
    """The tokens of a definite description of a company ending at `token`, or None."""
    if not (any_noun or is_company_noun(token.lower_)) or token.pos_ not in {"NOUN", "PROPN"}:
        return None
    if token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN" and doc[token.i + 1].text not in NOT_NAMES:
        return None  # "the automaker FAW": a name follows, the description is its apposition
    start = token.i
    while start > 0 and token.i - start < 5:
        previous = doc[start - 1]
        if previous.lower_ in {"the", "both"}:
            return list(doc[start - 1:token.i + 1])
        if previous.lower_ == "based" and start > 3 and doc[start - 2].text == "-" and doc[start - 3].pos_ == "PROPN":
            start -= 3  # "the Perth-based company": where it is based is no name of its own
            continue
        allowed = previous.pos_ in {"ADJ", "NOUN", "NUM"} or previous.text in NOT_NAMES or previous.ent_type_ == "NORP"
        if not allowed or previous.dep_ in {"poss", "case"}:
            return None
        start -= 1
    return None


# What is bought, merged with or held a stake in is a company.
DEAL_OBJECT_BEFORE = {
    "in": frozenset({"stake", "stakes", "holding", "shareholding", "interest", "investment"}),
    "to": frozenset({"stake", "unit", "business"}),
    "of": frozenset({"acquisition", "takeover", "purchase", "buyout", "owner", "shareholder", "shareholders"}),
    "with": frozenset({"merger", "merge", "merging", "venture"}),
}


def _deal_object(two_before: Token, before: Token) -> bool:
    return two_before.lower_ in DEAL_OBJECT_BEFORE.get(before.lower_, frozenset())


def _kind_of(name: str, votes: _Evidence) -> EntityKind | None:
    if votes.vehicle >= 3 and votes.company < 5:
        return EntityKind.VEHICLE
    if votes.company <= -5:
        return None
    if votes.company > votes.person:
        return EntityKind.COMPANY
    if votes.person > 0:
        if " " not in name and name.isupper() and votes.person < 3:
            return EntityKind.COMPANY  # an all-capitals word is an acronym: BYD, FAW
        return EntityKind.PERSON
    if votes.vehicle > 0:
        return EntityKind.VEHICLE
    return None


# Verbs that headlines capitalise right after a name: "Obama Says Museum Will Tell ...", "Ruiz Warns Of ...".
HEADLINE_VERB = re.compile(r"\s+(?:Says|Said|Warns|Urges|Calls|Tells|Slams|Blasts|Asks|Vows|Admits|Denies|Claims|Defends|"
                           r"Rips|Hails|Backs|Rejects|Accuses|Praises|Seeks|Wants|Plans|Sees|Pledges|Promises)$")


def _clean_names(text: str) -> list[str]:
    """ "Leapmotor’s B10" -> ["Leapmotor", "B10"]; "the Hongqi’s" -> ["Hongqi"]; but "Scott's Hospitality Inc"
    stays whole: a name that ends with a designator owns its possessive."""
    text = text.strip()
    ends_as_company = text.split()[-1].lower().strip(".,") in COMPANY_DESIGNATORS - WEAK_DESIGNATORS if text else False
    parts = [text] if ends_as_company else re.split(r"['’]s\s+", text)
    names = []
    for part in parts:
        part = re.sub(r"^(?:the|The|THE)\s+", "", part.strip())
        part = re.sub(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+", "", part)  # "On Friday Tessel Inc said"
        part = POSSESSIVE.sub("", part).strip(" ,.;:!?()[]<>\"“”'’–—-")
        part = re.sub(r"\s+(?:and|&|of|for|de|the)$", "", part, flags=re.I).strip()
        if _only_title_words(part):
            continue  # "Chief Financial", which the NER may take for an organisation
        part = TITLE_TAIL.sub("", part).strip()  # "Helvane Chief Executive" is Helvane
        part = HEADLINE_VERB.sub("", part).strip()  # "Obama Says ...": a headline's verb the NER ran into the name
        if not part or len(part) < 2:
            continue
        words = [w.lower().strip(".,") for w in part.split()]
        if all(w in COMPANY_DESIGNATORS for w in words) and (len(words) > 1 or words[0] in CORE_DESIGNATORS):
            continue  # "International Inc" is the tail of a name the NER cut; "Telecom" alone may be a name
        names.append(part)
    return names


def _only_title_words(name: str) -> bool:
    """ "Chief Financial", "Chief": the words of a title, no name among them."""
    return bool(TITLE_TAIL.fullmatch(" " + name))


def _bare(word: str) -> str:
    return POSSESSIVE.sub("", word).lower()


def _apposition_noun(doc: Doc, start: int) -> str:
    """The head noun of an apposition starting at token `start`: ", a profitable upstart automaker"."""
    for token in doc[start:start + 8]:
        nxt = token.i + 1
        if nxt < len(doc) and doc[nxt].text == "-" or token.i > 0 and doc[token.i - 1].text == "-":
            continue  # "the family-owned maker", "a state-backed lender": a compound before the head
        if token.pos_ == "NOUN":
            if nxt < len(doc) and (doc[nxt].pos_ == "NOUN" or doc[nxt].lower_ in {"'s", "’s"}):
                continue  # "the company's finance chief": the head is "chief"
            return token.lower_
        if token.text in {",", ".", ";"} or token.pos_ == "VERB" and token.dep_ != "amod":
            break
    return ""


def _name_word(token: Token) -> bool:
    """A word of a proper name: capitalised, not a date, not an upper-case word of news ("EV")."""
    if token.text in {"&", "-"}:
        return True
    return (token.pos_ == "PROPN" and token.text[:1].isupper() and token.text not in NOT_NAMES
            and token.ent_type_ not in {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL"})


def _next_is_name(doc: Doc, index: int) -> bool:
    return index < len(doc) and doc[index].pos_ == "PROPN"


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())
