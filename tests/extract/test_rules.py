"""Every named rule fires on its own example sentence, and every claim says which rules decided it."""

from __future__ import annotations

import pytest

from factgraph.extract import Extractor
from factgraph.extract.rules import ALL_RULES, PATH_SEPARATOR

RULES = ALL_RULES()


def test_rule_names_are_unique_and_each_rule_has_an_example() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.example.strip() for r in RULES)


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_the_rule_decides_a_claim_of_its_example(extractor: Extractor, rule) -> None:
    claims = extractor.extract(rule.example).claims
    paths = [c.rule for c in claims]
    assert any(rule.name in p.split(PATH_SEPARATOR) for p in paths), f"{rule.name!r} fired nowhere in {paths}"


def test_every_claim_names_its_rules(extractor: Extractor) -> None:
    text = ('Korvan Motors said it would build a plant. "It will be big," Jane Doe said.\n"We start in May."\n'
            'Tessel Inc declined to comment. Shares rose 3%.')
    known = {r.name for r in RULES}
    for claim in extractor.extract(text).claims:
        assert claim.rule and set(claim.rule.split(PATH_SEPARATOR)) <= known, claim
