"""Reading the shared Reuters-21578 corpus (never copied into the project)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(os.environ.get("FACTGRAPH_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpora" / "reuters21578.jsonl.gz"))


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    text: str
    published: dt.date | None


def stories(topic: str | None = None, limit: int | None = None) -> Iterator[Story]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        count = 0
        for line in lines:
            row = json.loads(line)
            if topic and topic not in row["topics"]:
                continue
            yield Story(row["id"], row["title"], row["text"], _date(row["date"]))
            count += 1
            if limit is not None and count >= limit:
                return


def _date(value: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(value.split()[0], "%d-%b-%Y").date()
    except (ValueError, IndexError):
        return None
