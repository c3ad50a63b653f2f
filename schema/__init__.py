"""The GraphQL schema: Strawberry types and resolvers over `db.queries`, batched by per-request DataLoaders."""

from .context import Context, IngestRequest
from .limits import QueryLimits
from .query import build_schema

__all__ = ["Context", "IngestRequest", "QueryLimits", "build_schema"]
