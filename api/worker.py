"""`factgraph worker`: takes ingest jobs from the PostgreSQL queue (db/jobs.py) and ingests them.

One job at a time: claim it with a lease, keep the lease renewed from a thread while the document is parsed
and stored, then mark it DONE. A failure puts it back for another attempt (FAILED after the last one, the
error kept). A worker killed mid-document leaves its job RUNNING with a lease nobody renews; once the lease
runs out another worker takes it. The store is idempotent on the text, so a worker that died after storing
the document but before marking the job DONE costs a lookup on the retry, not a second copy.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..db import jobs
from ..db.engine import Database
from ..schema.context import IngestRequest
from .ingest import Ingestor


def worker_name() -> str:
    """Who holds a job, as shown by `factgraph jobs`: the machine and the process."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Worker:
    def __init__(self, database: Database, ingestor: Ingestor, *, lease_seconds: float, max_attempts: int,
                 name: str | None = None, test_delay_seconds: float = 0.0,
                 report: Callable[[str], None] = print) -> None:
        jobs.require_postgres(database.engine)
        self.database = database
        self.ingestor = ingestor
        self.lease = dt.timedelta(seconds=lease_seconds)
        self.max_attempts = max_attempts
        self.name = name or worker_name()
        self.test_delay_seconds = test_delay_seconds
        self.report = report
        self.tally: Counter[str] = Counter()

    def run(self, stop: threading.Event, *, poll_seconds: float, once: bool = False) -> Counter[str]:
        """Runs jobs until `stop` is set (checked between jobs: the current document is finished first), or
        with `once` until no job is ready. Returns how many jobs ended which way."""
        while not stop.is_set():
            if not self.run_one() and (once or stop.wait(poll_seconds)):
                break
        return self.tally

    def run_one(self) -> bool:
        """Claims one job and runs it; False when no job was ready."""
        with self.database.session() as session:
            job = jobs.claim(session, worker=self.name, lease=self.lease, max_attempts=self.max_attempts)
        if job is None:
            return False
        assert job.id is not None
        with self._lease_kept(job.id):
            if self.test_delay_seconds:
                time.sleep(self.test_delay_seconds)
            request = IngestRequest(text=job.text, title=job.title, publisher=job.publisher, url=job.url,
                                    published_at=job.published_at)
            try:
                outcome = self.ingestor.ingest(request)
            except Exception as error:  # noqa: BLE001 (any failure is retried, up to the attempt limit)
                message = f"{type(error).__name__}: {error}"
                with self.database.session() as session:
                    status = jobs.fail(session, job.id, worker=self.name, error=message, max_attempts=self.max_attempts)
                what = {jobs.JobStatus.FAILED: "failed", jobs.JobStatus.QUEUED: "will be retried"}.get(status, "was taken over")  # type: ignore[arg-type]
                self.tally["failed" if status is jobs.JobStatus.FAILED else "retry"] += 1
                self.report(f"job {job.id} attempt {job.attempts} of {self.max_attempts} {what}: {message}")
                return True
        assert outcome.document.id is not None
        with self.database.session() as session:
            jobs.complete(session, job.id, document_id=outcome.document.id)
        self.tally["stored" if outcome.created else "already stored"] += 1
        self.report(f"job {job.id} done: document {outcome.document.id} "
                    f"{'stored' if outcome.created else 'was already stored'}")
        return True

    @contextmanager
    def _lease_kept(self, job_id: int) -> Iterator[None]:
        """Renews the lease every third of its length while the job runs, from a thread, so a long article
        is not taken from a live worker. A failed renewal (the database away a moment) is tried again at
        the next beat; if the lease runs out meanwhile another worker may take the job, which is safe."""
        done = threading.Event()
        interval = self.lease.total_seconds() / 3

        def beat() -> None:
            while not done.wait(interval):
                try:
                    with self.database.session() as session:
                        jobs.renew(session, job_id, worker=self.name, lease=self.lease)
                except Exception as error:  # noqa: BLE001
                    self.report(f"job {job_id}: the lease could not be renewed ({type(error).__name__}: {error})")

        thread = threading.Thread(target=beat, name=f"lease-{job_id}", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()
