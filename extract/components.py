"""factgraph's spaCy components: each does one thing to a Doc, in the order `pipeline.load_nlp` adds them.

    factgraph_segments     paragraphs, dateline and credits, quotations, claim candidates
    factgraph_entities     companies, people, vehicles and their mentions, coreference
    factgraph_attribution  claims: cue, source, status and the rules that decided them
    factgraph_responses    which claims each response answers
    factgraph_facts        roles, vehicle makers and prices
    factgraph_deals        deals: parties, kind, status and history, figures
    factgraph_confidence   each claim's and deal's confidence

They write `doc.spans` groups a developer can look at (`displacy.render(doc, style="span",
options={"spans_key": "fg_claims"})`) and Doc extensions (`doc._.fg_claims`, ...) holding the plain values
of `model`; `to_extraction` reads those into the one `Extraction` the rest of factgraph sees. A Doc's
`fg_published` and `fg_publisher` are its inputs: set them before the components run (`Extractor.pipe`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from . import confidence
from .attribution import attribute
from .deals import deals_in
from .entities import EntityIndex
from .model import Extraction
from .responses import link_responses
from .roles import roles_in
from .segments import segment
from .spans import Span
from .vehicles import makers_of, prices_in

EXTENSIONS = ("fg_published", "fg_publisher", "fg_text", "fg_segments", "fg_entities", "fg_claims", "fg_parties", "fg_roles",
              "fg_prices", "fg_deals")
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

COMPONENTS = ("factgraph_segments", "factgraph_entities", "factgraph_attribution", "factgraph_responses",
              "factgraph_facts", "factgraph_deals", "factgraph_confidence")


def _spans(doc: Doc, spans: list[Span], labels: list[str] | None = None) -> list[TokenSpan]:
    """Char spans as token spans for `doc.spans`; the char-exact values stay in the extensions."""
    found = []
    for i, span in enumerate(spans):
        tokens = doc.char_span(span.start, span.end, label=labels[i] if labels else "", alignment_mode="expand")
        if tokens is not None:
            found.append(tokens)
    return found


@Language.component("factgraph_segments")
def segments_component(doc: Doc) -> Doc:
    doc._.fg_text = doc.text  # read once: Doc.text joins every token again on each reading
    segments = segment(doc)
    doc._.fg_segments = segments
    doc.spans["fg_sentences"] = _spans(doc, segments.sentences)
    doc.spans["fg_quotes"] = _spans(doc, segments.quotes)
    doc.spans["fg_metadata"] = _spans(doc, segments.metadata)
    return doc


@Language.component("factgraph_entities")
def entities_component(doc: Doc) -> Doc:
    segments = doc._.fg_segments
    index = EntityIndex(doc, segments.sentences, segments.publisher or doc._.fg_publisher)
    doc._.fg_entities = index
    doc.spans["fg_mentions"] = _spans(doc, [m.span for m in index.mentions], [m.entity for m in index.mentions])
    return doc


@Language.component("factgraph_attribution")
def attribution_component(doc: Doc) -> Doc:
    segments = doc._.fg_segments
    claims, parties = attribute(doc, segments.sentences, segments.quotes, doc._.fg_entities)
    doc._.fg_claims, doc._.fg_parties = claims, parties
    doc.spans["fg_claims"] = _spans(doc, [c.span for c in claims], [c.status.value for c in claims])
    cued = [c for c in claims if c.cue is not None]
    doc.spans["fg_cues"] = _spans(doc, [c.cue for c in cued if c.cue], [c.rule for c in cued])
    return doc


@Language.component("factgraph_responses")
def responses_component(doc: Doc) -> Doc:
    index, claims = doc._.fg_entities, doc._.fg_claims
    mentions = {i: {m.entity for m in index.mentions_in(c.span.start, c.span.end)} for i, c in enumerate(claims)}
    link_responses(claims, doc._.fg_parties, mentions, index.text)
    return doc


@Language.component("factgraph_facts")
def facts_component(doc: Doc) -> Doc:
    index, spans = doc._.fg_entities, [c.span for c in doc._.fg_claims]
    doc._.fg_roles = roles_in(index, spans)
    for vehicle, maker in makers_of(index).items():
        index.entity(vehicle).maker = maker
    doc._.fg_prices = prices_in(index, spans)
    return doc


@Language.component("factgraph_deals")
def deals_component(doc: Doc) -> Doc:
    doc._.fg_deals = deals_in(doc, doc._.fg_claims, doc._.fg_entities, doc._.fg_published)
    return doc


@Language.component("factgraph_confidence")
def confidence_component(doc: Doc) -> Doc:
    confidence.score(doc._.fg_claims, doc._.fg_deals)
    return doc


def to_extraction(doc: Doc, extractor_version: str) -> Extraction:
    """The one conversion from a Doc the components have read to the values the rest of factgraph sees."""
    segments, index = doc._.fg_segments, doc._.fg_entities
    return Extraction(
        text=index.text,  # Doc.text joins every token again on each reading
        claims=doc._.fg_claims,
        entities=index.entities,
        mentions=index.mentions,
        roles=doc._.fg_roles,
        prices=doc._.fg_prices,
        deals=doc._.fg_deals,
        metadata=segments.metadata,
        publisher=segments.publisher or doc._.fg_publisher,
        extractor_version=extractor_version,
    )
