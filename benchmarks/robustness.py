"""Extracts every story of a corpus slice and checks the invariants: no crash, every span valid.

    python benchmarks/robustness.py [--topic acq] [--limit N]

Prints counts of claims by status and sources by kind, and every failure with the story id.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import stories  # noqa: E402

from factgraph.extract import Extractor  # noqa: E402
from factgraph.extract.model import Extraction  # noqa: E402


def problems(x: Extraction) -> list[str]:
    found = []
    spans = [c.span for c in x.claims] + [c.cue for c in x.claims if c.cue] + [m.span for m in x.mentions] + x.metadata
    for span in spans:
        if x.text[span.start:span.end] != span.text:
            found.append(f"span {span.start}:{span.end} is not the text")
    for i, claim in enumerate(x.claims):
        if any(not 0 <= j < i for j in claim.concerns):
            found.append(f"claim {i} concerns a later claim")
    keys = {e.key for e in x.entities}
    for deal in x.deals:
        if not set(deal.parties) <= keys:
            found.append("a deal names an unknown party")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="acq")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    extractor = Extractor.load()
    statuses: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    failures = 0
    started = time.perf_counter()
    batch = list(stories(args.topic, args.limit))
    for story, x in zip(batch, extractor.pipe((s.text, s.published) for s in batch), strict=True):
        try:
            found = problems(x)
        except Exception:  # a crash in the checks is a failure of the story, reported with its traceback
            found = [traceback.format_exc()]
        if found:
            failures += 1
            print(f"{story.id}: {found[:3]}")
        statuses.update(c.status.value for c in x.claims)
        kinds.update(c.source.kind.value for c in x.claims if c.source)
    elapsed = time.perf_counter() - started
    print(f"{len(batch)} stories in {elapsed:.1f}s, {failures} with problems")
    print("claims by status:", dict(statuses.most_common()))
    print("sources by kind:", dict(kinds.most_common()))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
