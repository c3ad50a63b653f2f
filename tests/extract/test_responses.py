"""Which claims a party's response answers; each case is a convention of news writing."""

from __future__ import annotations

from factgraph.extract import Extractor


def test_a_denial_that_opens_the_story_answers_the_report_it_goes_on_to_give(extractor: Extractor) -> None:
    text = ("LONDON (Reuters) - British insurer Tessel plc on Monday denied a newspaper report that it was in merger "
            "talks with Corvane Ltd.\n"
            "The Weekly Ledger reported that the two companies had discussed an all-share deal.\n"
            "Corvane declined to comment.")
    claims = extractor.extract(text).claims
    assert claims[0].status.value == "DENIED" and claims[0].concerns == (1,)
