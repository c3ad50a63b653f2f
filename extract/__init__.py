"""Text to claims, attributions, entities and deals. Knows nothing of databases or GraphQL."""

from .model import Extraction
from .pipeline import Extractor
from .spans import Span

__all__ = ["Extraction", "Extractor", "Span"]
