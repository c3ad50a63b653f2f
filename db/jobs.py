"""The ingest queue: documents waiting in the `ingest_job` table for `factgraph worker` processes.

Several workers, on as many machines, claim jobs with `SELECT ... FOR UPDATE SKIP LOCKED`, so two never
take the same job, and none waits for another's lock. A claim is a lease: the worker renews it while it
works (`renew`); a worker that dies stops renewing, and once the lease has run out the job is claimed
again. Times come from the database's clock, so machines whose clocks disagree still agree on leases.
After `max_attempts` claims the job is FAILED with the last error kept.

The queue needs PostgreSQL (row locks that skip what others hold); SQLite keeps the in-process ingest.
Each function is one statement or two in the caller's transaction: the caller commits.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import and_, case, func, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from .models import IngestJob


class JobStatus(StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


class QueueNeedsPostgres(RuntimeError):
    """The database is not PostgreSQL; the message says what to do instead."""


def require_postgres(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        url = engine.url.render_as_string(hide_password=True)
        raise QueueNeedsPostgres(
            f"The ingest queue needs PostgreSQL, and FACTGRAPH_DATABASE_URL is {url} ({engine.dialect.name}). "
            "Set it to a PostgreSQL URL such as postgresql+psycopg://user@host:5432/db to ingest with workers, "
            "or ingest in this process with `factgraph ingest FILE...`."
        )


def submit(session: Session, *, text: str, title: str | None = None, publisher: str | None = None,
           url: str | None = None, published_at: dt.date | None = None) -> IngestJob:
    job = IngestJob(text=text, title=title, publisher=publisher, url=url, published_at=published_at)
    session.add(job)
    session.flush()
    return job


def claim(session: Session, *, worker: str, lease: dt.timedelta, max_attempts: int) -> IngestJob | None:
    """The oldest job ready to run, now RUNNING for `worker` until the lease ends; None when there is none.

    Ready means QUEUED, or RUNNING with its lease run out: its worker died. Such a job that has had all
    its attempts is FAILED here instead, and the next one is looked at."""
    ready = or_(col(IngestJob.status) == JobStatus.QUEUED,
                and_(col(IngestJob.status) == JobStatus.RUNNING, col(IngestJob.leased_until) < func.now()))
    while True:
        row = session.execute(
            select(IngestJob.id, IngestJob.status, IngestJob.attempts, IngestJob.worker)
            .where(ready).order_by(col(IngestJob.id)).limit(1).with_for_update(skip_locked=True)
        ).first()
        if row is None:
            return None
        job_id, status, attempts, last_worker = row
        values: dict[str, object] = {}
        if status == JobStatus.RUNNING:
            lost = f"worker {last_worker} stopped during attempt {attempts}: its lease ran out"
            if attempts >= max_attempts:
                session.execute(update(IngestJob).where(col(IngestJob.id) == job_id).values(
                    status=JobStatus.FAILED, leased_until=None, finished_at=func.now(),
                    error=f"{lost}; no attempts left (FACTGRAPH_JOB_MAX_ATTEMPTS={max_attempts})"))
                continue
            values["error"] = lost
        return session.execute(
            update(IngestJob).where(col(IngestJob.id) == job_id)
            .values(status=JobStatus.RUNNING, attempts=col(IngestJob.attempts) + 1, worker=worker,
                    leased_until=func.now() + lease, **values)
            .returning(IngestJob)
        ).scalar_one()


def renew(session: Session, job_id: int, *, worker: str, lease: dt.timedelta) -> bool:
    """Extends the lease; False when `worker` no longer holds the job (it was taken after the lease ran out)."""
    result = session.execute(
        update(IngestJob)
        .where(col(IngestJob.id) == job_id, col(IngestJob.worker) == worker, col(IngestJob.status) == JobStatus.RUNNING)
        .values(leased_until=func.now() + lease)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def complete(session: Session, job_id: int, *, document_id: int) -> None:
    """DONE with its document, whoever holds it now: the document is stored, and that is what DONE says."""
    session.execute(update(IngestJob).where(col(IngestJob.id) == job_id).values(
        status=JobStatus.DONE, document_id=document_id, leased_until=None, finished_at=func.now()))


def fail(session: Session, job_id: int, *, worker: str, error: str, max_attempts: int) -> JobStatus | None:
    """Back to QUEUED for another attempt, or FAILED when it has had `max_attempts`; the error is kept.
    None when `worker` no longer holds the job: its new holder decides."""
    failed = col(IngestJob.attempts) >= max_attempts
    status = session.execute(
        update(IngestJob)
        .where(col(IngestJob.id) == job_id, col(IngestJob.worker) == worker, col(IngestJob.status) == JobStatus.RUNNING)
        .values(status=case((failed, JobStatus.FAILED.value), else_=JobStatus.QUEUED.value), error=error,
                leased_until=None, finished_at=case((failed, func.now()), else_=None))
        .returning(IngestJob.status)
    ).scalar_one_or_none()
    return JobStatus(status) if status is not None else None


def counts(session: Session) -> dict[JobStatus, int]:
    """How many jobs are in each status (every status listed, zeros too)."""
    found = dict(session.execute(select(IngestJob.status, func.count()).group_by(IngestJob.status)).all())
    return {status: int(found.get(status.value, 0)) for status in JobStatus}


def failed(session: Session, *, limit: int = 20) -> list[IngestJob]:
    """The most recently failed jobs, newest first."""
    return list(session.exec(select(IngestJob).where(col(IngestJob.status) == JobStatus.FAILED)
                             .order_by(col(IngestJob.id).desc()).limit(limit)).all())
