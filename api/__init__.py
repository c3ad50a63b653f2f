"""HTTP and command-line glue: the Starlette app factory, auth, settings, the ingest service and the CLI."""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
