"""What every resolver gets: the database, this request's DataLoaders, the ingest service, and whether the
request may write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from ..db import models as m
from ..db.engine import Database
from .loaders import Loaders


@dataclass(frozen=True, slots=True)
class IngestRequest:
    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published_at: dt.date | None = None


Ingest = Callable[[IngestRequest], Awaitable[tuple[m.Document, bool]]]


@dataclass
class Context:
    database: Database
    ingest: Ingest
    # None when the request may run mutations, else the reason it may not (shown to the client).
    write_refusal: str | None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.database)
