"""Extraction speed next to bare spaCy, on the same texts in the same run.

    python benchmarks/extract_speed.py [--articles 300] [--rounds 3] [--joined 1]

Bare: `spacy.load(model).pipe(texts)`, the parse every extractor needs. Full: factgraph's extractor
(the same model plus its entity patterns and every extraction step). Rounds alternate the two, so that
the machine's load falls on both alike; the best round of each is compared. `--joined K` makes each
article of K stories in a row (K=100: some 250 KB), to show that the rules stay linear in an article's length:
the ratio should stay near the one for single stories.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import spacy  # noqa: E402
from corpus import stories  # noqa: E402

from factgraph.extract import Extractor  # noqa: E402
from factgraph.extract.pipeline import DEFAULT_MODEL  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--topic", default="acq")
    parser.add_argument("--joined", type=int, default=1, help="stories per article")
    args = parser.parse_args()
    found = list(stories(args.topic, args.articles * args.joined))
    groups = [found[i:i + args.joined] for i in range(0, len(found), args.joined)]
    batch = [("\n\n".join(s.text for s in group), group[0].published, None) for group in groups]
    texts = [text for text, _, _ in batch]
    bare = spacy.load(DEFAULT_MODEL)
    extractor = Extractor.load()
    best_bare = best_full = float("inf")
    for _ in range(args.rounds):
        started = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=32):
            pass
        best_bare = min(best_bare, time.perf_counter() - started)
        started = time.perf_counter()
        for _x in extractor.pipe(batch, batch_size=32):
            pass
        best_full = min(best_full, time.perf_counter() - started)
    characters = sum(map(len, texts))
    print(f"{len(texts)} articles, {characters:,} characters, best of {args.rounds} rounds")
    print(f"{'':<22}{'articles/s':>12}{'seconds':>10}")
    print(f"{'bare spaCy nlp.pipe':<22}{len(texts) / best_bare:>12.1f}{best_bare:>10.2f}")
    print(f"{'factgraph extractor':<22}{len(texts) / best_full:>12.1f}{best_full:>10.2f}")
    print(f"ratio (extractor / bare): {best_bare / best_full:.2f}")


if __name__ == "__main__":
    main()
