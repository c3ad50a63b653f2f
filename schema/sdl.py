"""The schema as SDL, printed from the code: `schema.graphql` at the repository root is this, committed.

    .venv/bin/python -m factgraph.schema.sdl > schema.graphql

tests/test_schema_sdl.py fails while the committed file and the code differ."""

from __future__ import annotations

import sys

from ..api.settings import Settings
from .query import build_schema


def sdl() -> str:
    """The schema's SDL; the limits are not part of it, so the default settings serve."""
    return build_schema(Settings().query_limits()).as_str() + "\n"


if __name__ == "__main__":
    sys.stdout.write(sdl())
