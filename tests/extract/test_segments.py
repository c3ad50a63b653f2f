"""Bylines, datelines and credits around a story are metadata, never claims; each row says which convention."""

from __future__ import annotations

import pytest

from factgraph.extract import Extractor

BODY = "Tessel Inc said on Monday it would build a plant in Ohio."


@pytest.mark.parametrize(("text", "metadata"), [
    # writers and where they file from, above the story, with no "By"
    (f"Ana Ruiz in Lisbon and Tom Hale in Oslo\n{BODY}", ["Ana Ruiz in Lisbon and Tom Hale in Oslo"]),
    # capitalised names with the desk they write for
    (f"MARTA LOPEZ and KIM SO-RA, Herald staff writers\n{BODY}", ["MARTA LOPEZ and KIM SO-RA, Herald staff writers"]),
    # a wire byline followed by the writer's desk on its own line, then a dateline
    (f"By PETER NOLL\n\nAP Auto Writer\n\nDETROIT (AP) — {BODY}", ["By PETER NOLL", "AP Auto Writer", "DETROIT (AP) —"]),
    # a contributor line with nothing after "contributed"
    (f"{BODY}\nAP writer Li Wei in Beijing contributed.", ["AP writer Li Wei in Beijing contributed."]),
    # a wire dateline with no city
    (f"(Bloomberg) -- {BODY}", ["(Bloomberg) --"]),
    # Bloomberg's closing credits and contact lines
    (f"{BODY}\n--With assistance from Li Wei.\nTo contact the reporter on this story:\nAna Ruiz in Lisbon\n"
     "To contact the editors responsible for this story:\nJon Bell",
     ["--With assistance from Li Wei.", "To contact the reporter on this story:", "Ana Ruiz in Lisbon",
      "To contact the editors responsible for this story:", "Jon Bell"]),
    # a byline with the outlet after a bar, then a dateline with a dash
    (f"By Le Van Minh | Asia Motor Weekly\n\nHANOI — {BODY}", ["By Le Van Minh | Asia Motor Weekly", "HANOI —"]),
    # a date on its own line above the story, and the writer's note that closes it
    (f"By Ana Ruiz\nMarch 18, 2025\n\n{BODY}\n\nAna Ruiz is a senior correspondent for Fleet Weekly based in Lisbon.",
     ["By Ana Ruiz", "March 18, 2025", "Ana Ruiz is a senior correspondent for Fleet Weekly based in Lisbon."]),
    # an editor's note on what a new version of the story changes
    (f"{BODY}\n(Updates with share move in fourth paragraph.)", ["(Updates with share move in fourth paragraph.)"]),
    # an all-capitals wire dateline, month included
    (f"NEW YORK, MARCH 17 - {BODY}", ["NEW YORK, MARCH 17 -"]),
    # the wire's sign-off on a line of its own, with the noise the wire left after it
    (f"{BODY}\nREUTER...^M", ["REUTER...^M"]),
])
def test_metadata_lines(extractor: Extractor, text: str, metadata: list[str]) -> None:
    x = extractor.extract(text)
    assert [m.text for m in x.metadata] == metadata
    assert [c.span.text for c in x.claims] == [BODY]


def test_a_headline_like_first_line_is_not_taken_for_a_byline(extractor: Extractor) -> None:
    text = f"Tessel Shares Fall\n{BODY}"
    assert [c.span.text for c in extractor.extract(text).claims] == ["Tessel Shares Fall", BODY]


def test_a_wire_dateline_names_the_publisher(extractor: Extractor) -> None:
    assert extractor.extract(f"(Bloomberg) -- {BODY}").publisher == "Bloomberg"


def test_a_sentence_never_ends_without_a_stop(extractor: Extractor) -> None:
    # whatever the parser does with an unfamiliar name that opens a paragraph, the claim keeps the whole sentence
    text = "Ana Ruiz in Lisbon\n\nHolmkamp Armaturen, the German family-owned maker of valves, has agreed to buy a stake in Tessel Inc."
    claims = extractor.extract(text).claims
    assert [c.span.text for c in claims] == [text.split("\n\n")[1]]


def test_an_attribution_alone_after_a_closed_quote_joins_it(extractor: Extractor) -> None:
    text = '"Only five of the 37 fields lie outside the region." Kessler said.\nKessler said the fields had peaked.'
    claims = extractor.extract(text).claims
    assert [c.span.text for c in claims] == ['"Only five of the 37 fields lie outside the region." Kessler said.',
                                             "Kessler said the fields had peaked."]


def test_an_abbreviation_alone_is_no_sentence(extractor: Extractor) -> None:
    claims = extractor.extract("HOUSTON, March 24 - U.S. Department of Energy Secretary Jane Doe said she was optimistic "
                               "about new tax incentives for drillers.").claims
    assert len(claims) == 1 and claims[0].source is not None and claims[0].source.name == "Jane Doe"
