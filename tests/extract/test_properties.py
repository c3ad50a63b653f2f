"""For any text, extraction never crashes and every span is the text it claims to be."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factgraph.extract import Extractor

NEWSY = st.sampled_from([
    "Korvan Motors said", " declined to comment.", "“", "”", '"', " according to people familiar with the matter",
    "\n", ". ", "(Reporting by Jane Roe)", "SHANGHAI (Reuters) -", " $1.6 billion", " 21% stake in ", "Tessel Inc",
    " he said", "’s ", "<TSL>", "😀", "𠜎", "\u200b", " the company ", "?", "…",
])
TEXTS = st.one_of(
    st.text(max_size=400),
    st.lists(NEWSY, max_size=40).map("".join),
    st.lists(st.one_of(NEWSY, st.text(max_size=12)), max_size=30).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_extraction_never_crashes_and_spans_hold(extractor: Extractor, text: str) -> None:
    x = extractor.extract(text)
    spans = [c.span for c in x.claims] + [c.cue for c in x.claims if c.cue] + [m.span for m in x.mentions] + x.metadata
    for span in spans:
        assert text[span.start:span.end] == span.text
    for i, claim in enumerate(x.claims):
        assert all(0 <= j < i for j in claim.concerns)
        assert 0.0 <= claim.confidence <= 1.0
    keys = {e.key for e in x.entities}
    assert all(set(d.parties) <= keys for d in x.deals)
    assert all(p.vehicle in keys for p in x.prices)


def test_empty_and_huge_texts(extractor: Extractor) -> None:
    assert extractor.extract("").claims == []
    assert extractor.extract("   \n\n  ").claims == []
    huge = "Korvan Motors said it would cut jobs. " * 5000
    x = extractor.extract(huge)
    assert len(x.claims) == 5000
