"""The GraphQL schema: Strawberry types and resolvers over `db.queries`, batched by per-request DataLoaders."""

from .context import Context, IngestRequest
from .query import build_schema

__all__ = ["Context", "IngestRequest", "build_schema"]
