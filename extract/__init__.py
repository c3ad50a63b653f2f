"""Text to claims, attributions, entities and deals. Knows nothing of databases or GraphQL.

The value types (`model`, `spans`) import no spaCy; `Extractor` loads it, so it is imported on first use:
`db/` and `schema/` read the values without paying for the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Extraction
from .spans import Span

if TYPE_CHECKING:
    from .pipeline import Extractor

__all__ = ["Extraction", "Extractor", "Span"]


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from .pipeline import Extractor
        return Extractor
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
