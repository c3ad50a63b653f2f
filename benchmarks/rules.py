"""Which attribution rules fire on a set of annotated articles, and how often the claims they decide are right.

    python benchmarks/rules.py SET_DIR [--limit N] [--jobs 2]

SET_DIR holds one JSON file per article, as ../shared/tools/build_polnear.py writes them ({"id", "text",
"attributions": [{"content": {"start", "end"[, "fragments"]}, "speaker"}]}): keep such sets outside the
repository (the texts are copyrighted news). Each article is extracted in this process; its claims with a
source (CONFIRMED, ANONYMOUS_SOURCE) are matched one to one with the annotated attributions as the
acceptance tool does (a claim finds an attribution when it covers at least 30% of its characters). For every
rule it prints how many sourced claims it decided, how many of those matched an attribution (precision) and
how many of the matched had the annotated speaker; then the overall F1. A rule that fires often and matches
rarely is the next one to read.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
from collections import Counter
from pathlib import Path

from factgraph.extract.rules import PATH_SEPARATOR

SOURCED = {"CONFIRMED", "ANONYMOUS_SOURCE"}
_extractor = None


def _load() -> None:
    global _extractor
    from factgraph.extract import Extractor
    _extractor = Extractor.load()


def _words(name: str | None) -> list[str]:
    name = re.sub(r"'s\b", "", (name or "").lower().replace("’", "'"))
    return [w for w in re.sub(r"[^\w\s]", " ", name).split() if w not in {"the", "a", "an", "of", "mr", "mrs", "ms", "dr"}]


def _same_speaker(gold: str | None, got: str | None) -> bool:
    g, p = _words(gold), _words(got)
    inside = lambda a, b: any(b[i:i + len(a)] == a for i in range(len(b) - len(a) + 1))  # noqa: E731
    return bool(g) and bool(p) and (g == p or inside(g, p) or inside(p, g))


def _article(path: str) -> tuple[list[tuple[str, bool, bool]], int]:
    """Each sourced claim's (rule, matched, speaker right), and the number of annotated attributions."""
    assert _extractor is not None
    article = json.loads(Path(path).read_text(encoding="utf-8"))
    claims = [c for c in _extractor.extract(article["text"]).claims if c.status.value in SOURCED]
    golds = []
    for a in article["attributions"]:
        pieces = a["content"].get("fragments") or [[a["content"]["start"], a["content"]["end"]]]
        golds.append((a, set().union(*(range(s, e) for s, e in pieces))))
    spans = [set(range(c.span.start, c.span.end)) for c in claims]
    found: dict[int, int] = {}
    free = set(range(len(claims)))
    for gi, (_, chars) in enumerate(golds):
        best = [(len(chars & s) / len(chars), ci) for ci, s in enumerate(spans) if ci in free and chars and len(chars & s) / len(chars) >= 0.3]
        if best:
            ci = max(best)[1]
            free.discard(ci)
            found[ci] = gi
    rows = []
    for ci, claim in enumerate(claims):
        matched = ci in found
        speaker = matched and _same_speaker(golds[found[ci]][0].get("speaker"), claim.source.name if claim.source else None)
        rows.append((claim.rule, matched, speaker))
    return rows, len(golds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    files = sorted(str(p) for p in args.set.glob("*.json"))[:args.limit or None]
    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    spoken: Counter[str] = Counter()
    golds = matched = claims = 0
    with multiprocessing.get_context("fork").Pool(args.jobs, initializer=_load) as pool:
        for rows, count in pool.imap(_article, files, chunksize=2):
            golds += count
            for rule, hit, speaker in rows:
                claims += 1
                matched += hit
                for name in dict.fromkeys(rule.split(PATH_SEPARATOR)):
                    fired[name] += 1
                    right[name] += hit
                    spoken[name] += speaker
    print(f"{'rule':<34}{'fired':>7}{'matched':>9}{'precision':>11}{'speaker':>9}")
    for name, count in fired.most_common():
        print(f"{name:<34}{count:>7}{right[name]:>9}{right[name] / count:>11.2f}{spoken[name] / max(1, right[name]):>9.2f}")
    precision, recall = matched / max(1, claims), matched / max(1, golds)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"{len(files)} articles, {golds} attributions, {claims} sourced claims: P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")


if __name__ == "__main__":
    main()
