"""The PostgreSQL ingest queue and the other ways past one process, as a user runs them: real `factgraph`
processes (workers, a server with several workers) on a real database, killed and signalled for real."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, col, select

from factgraph.db import models as m
from factgraph.db.engine import Database

from .conftest import SEEDS, _postgres_database
from .test_cli import run

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_database()


class Process:
    """A `factgraph` process whose output lines are read as they come, so a test can wait for one."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str]) -> None:
        self.popen = subprocess.Popen([sys.executable, "-m", "factgraph.api.cli", *args], cwd=cwd,
                                      env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True)
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.popen.stdout is not None
        with self.popen.stdout:  # closed at the end of the output
            for line in self.popen.stdout:
                self._new.put(line)

    def wait_for_line(self, fragment: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        for line in self.lines:
            if fragment in line:
                return line
        while time.monotonic() < deadline:
            try:
                line = self._new.get(timeout=0.2)
            except queue.Empty:
                continue
            self.lines.append(line)
            if fragment in line:
                return line
        raise AssertionError(f"no line with {fragment!r} within {timeout} s; output:\n{self.output()}")

    def output(self) -> str:
        while not self._new.empty():
            self.lines.append(self._new.get())
        return "".join(self.lines)

    def finish(self, timeout: float = 120) -> int:
        code = self.popen.wait(timeout=timeout)
        self._reader.join(timeout=10)  # the reader thread takes the last lines
        self.output()
        return code

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
        self.finish()


def jobs_in(url: str) -> list[m.IngestJob]:
    database = Database(url)
    with Session(database.engine) as session:
        rows = list(session.exec(select(m.IngestJob).order_by(col(m.IngestJob.id))).all())
    database.dispose()
    return rows


def documents_in(url: str) -> list[m.Document]:
    database = Database(url)
    with Session(database.engine) as session:
        rows = list(session.exec(select(m.Document).order_by(col(m.Document.id))).all())
    database.dispose()
    return rows


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout} s waiting until {what}")


def test_two_workers_share_the_jobs_and_store_each_document_once(postgres_url: str, tmp_path: Path) -> None:
    env = {"FACTGRAPH_DATABASE_URL": postgres_url}
    # One article is in the database already, as if a worker had died between storing it and marking its
    # job done; another is submitted twice. Neither may be stored a second time.
    already = SEED_FILES[0]
    assert run("ingest", str(already), cwd=tmp_path, env=env).returncode == 0
    files = [*SEED_FILES[:8], SEED_FILES[3]]
    submitted = run("ingest", "--queue", *map(str, files), cwd=tmp_path, env=env)
    assert submitted.returncode == 0, submitted.stderr
    assert f"{len(files)} queued, 0 failed, of {len(files)} files" in submitted.stdout
    assert [job.status for job in jobs_in(postgres_url)] == ["QUEUED"] * len(files)

    # Each job takes half a second at least, so the second worker has loaded its model before the first is done.
    slow = {**env, "FACTGRAPH_WORKER_TEST_DELAY_SECONDS": "0.5"}
    workers = [Process("worker", "--once", "--poll", "0.2", cwd=tmp_path, env=slow) for _ in range(2)]
    try:
        assert [w.finish() for w in workers] == [0, 0], [w.output() for w in workers]
    finally:
        for w in workers:
            w.stop()

    jobs = jobs_in(postgres_url)
    assert [job.status for job in jobs] == ["DONE"] * len(files)
    assert all(job.attempts == 1 for job in jobs)
    done_by = [{line.split()[1] for line in w.lines if line.startswith("job ") and " done: " in line} for w in workers]
    assert done_by[0] and done_by[1], "both workers took jobs"
    assert not done_by[0] & done_by[1], "no job was done twice"
    assert done_by[0] | done_by[1] == {str(job.id) for job in jobs}
    assert len({job.worker for job in jobs}) == 2

    documents = documents_in(postgres_url)
    assert len(documents) == len(SEED_FILES[:8])
    assert len({d.content_hash for d in documents}) == len(documents)
    by_id = {d.id: d for d in documents}
    for job in jobs:
        assert job.document_id is not None and by_id[job.document_id].text == job.text
    assert jobs[0].document_id == documents[0].id  # the article stored before it was queued
    assert jobs[3].document_id == jobs[-1].document_id  # the one submitted twice

    counted = run("jobs", cwd=tmp_path, env=env)
    assert counted.returncode == 0
    assert f"0 queued, 0 running, {len(files)} done, 0 failed" in counted.stdout


def test_a_killed_worker_leaves_its_job_to_another_after_the_lease(postgres_url: str, tmp_path: Path) -> None:
    env = {"FACTGRAPH_DATABASE_URL": postgres_url, "FACTGRAPH_JOB_LEASE_SECONDS": "1.5"}
    assert run("ingest", "--queue", str(SEED_FILES[1]), cwd=tmp_path, env=env).returncode == 0
    # The first worker would sit on the claimed document for a minute; it is killed long before that.
    doomed = Process("worker", "--poll", "0.2", cwd=tmp_path, env={**env, "FACTGRAPH_WORKER_TEST_DELAY_SECONDS": "60"})
    survivor = None
    try:
        wait_until(lambda: jobs_in(postgres_url)[0].status == "RUNNING", "the first worker claimed the job")
        doomed_name = jobs_in(postgres_url)[0].worker
        assert doomed_name is not None and doomed_name.endswith(f":{doomed.popen.pid}")
        survivor = Process("worker", "--poll", "0.2", cwd=tmp_path, env=env)
        survivor.wait_for_line("taking ingest jobs")
        # Three leases go by: the living worker renews its lease, so the other does not take the job.
        time.sleep(4.5)
        [job] = jobs_in(postgres_url)
        assert (job.status, job.worker, job.attempts) == ("RUNNING", doomed_name, 1)
        assert documents_in(postgres_url) == []

        doomed.popen.send_signal(signal.SIGKILL)
        doomed.popen.wait()
        wait_until(lambda: jobs_in(postgres_url)[0].status == "DONE", "the second worker finished the job", timeout=60)
        [job] = jobs_in(postgres_url)
        assert job.attempts == 2
        assert job.worker is not None and job.worker.endswith(f":{survivor.popen.pid}")
        assert job.error == f"worker {doomed_name} stopped during attempt 1: its lease ran out"
        [document] = documents_in(postgres_url)
        assert job.document_id == document.id and document.text == SEED_FILES[1].read_text(encoding="utf-8")

        # SIGTERM: the worker stops (after the current document, here none) with status 0.
        survivor.popen.send_signal(signal.SIGTERM)
        assert survivor.finish(timeout=30) == 0
        assert "SIGTERM, stopping after the current document" in survivor.output()
        assert "1 stored, 0 already stored, 0 retry, 0 failed" in survivor.output()
    finally:
        doomed.stop()
        if survivor is not None:
            survivor.stop()


def test_sigterm_lets_the_current_document_finish(postgres_url: str, tmp_path: Path) -> None:
    env = {"FACTGRAPH_DATABASE_URL": postgres_url}
    assert run("ingest", "--queue", str(SEED_FILES[2]), str(SEED_FILES[4]), cwd=tmp_path, env=env).returncode == 0
    worker = Process("worker", cwd=tmp_path, env={**env, "FACTGRAPH_WORKER_TEST_DELAY_SECONDS": "3"})
    try:
        wait_until(lambda: jobs_in(postgres_url)[0].status == "RUNNING", "the worker claimed the first job")
        worker.popen.send_signal(signal.SIGTERM)
        assert worker.finish(timeout=60) == 0, worker.output()
    finally:
        worker.stop()
    assert [job.status for job in jobs_in(postgres_url)] == ["DONE", "QUEUED"]
    assert len(documents_in(postgres_url)) == 1


def test_a_job_that_always_fails_ends_failed_with_its_error(postgres_url: str, tmp_path: Path) -> None:
    env = {"FACTGRAPH_DATABASE_URL": postgres_url, "FACTGRAPH_JOB_MAX_ATTEMPTS": "2"}
    assert run("ingest", "--queue", str(SEED_FILES[0]), cwd=tmp_path, env=env).returncode == 0
    # This worker's article limit is below the article's size: every attempt fails the same way.
    result = run("worker", "--once", cwd=tmp_path, env={**env, "FACTGRAPH_MAX_ARTICLE_BYTES": "200"})
    assert result.returncode == 0, result.stderr
    [job] = jobs_in(postgres_url)
    assert (job.status, job.attempts) == ("FAILED", 2)
    assert job.error is not None and "more than the limit of 200 (FACTGRAPH_MAX_ARTICLE_BYTES)" in job.error
    assert job.finished_at is not None and job.leased_until is None
    assert f"job {job.id} attempt 1 of 2 will be retried: ArticleRejected" in result.stdout
    assert f"job {job.id} attempt 2 of 2 failed: ArticleRejected" in result.stdout
    assert documents_in(postgres_url) == []
    counted = run("jobs", cwd=tmp_path, env=env)
    assert "0 queued, 0 running, 0 done, 1 failed" in counted.stdout
    assert f"failed job {job.id} ({SEED_FILES[0].stem}, 2 attempts): ArticleRejected: The article is" in counted.stdout


def test_a_job_whose_workers_keep_dying_ends_failed(postgres_url: str, tmp_path: Path) -> None:
    env = {"FACTGRAPH_DATABASE_URL": postgres_url, "FACTGRAPH_JOB_MAX_ATTEMPTS": "1", "FACTGRAPH_JOB_LEASE_SECONDS": "1"}
    assert run("ingest", "--queue", str(SEED_FILES[0]), cwd=tmp_path, env=env).returncode == 0
    doomed = Process("worker", cwd=tmp_path, env={**env, "FACTGRAPH_WORKER_TEST_DELAY_SECONDS": "60"})
    try:
        wait_until(lambda: jobs_in(postgres_url)[0].status == "RUNNING", "the worker claimed the job")
        doomed.popen.send_signal(signal.SIGKILL)
        doomed.popen.wait()
    finally:
        doomed.stop()
    time.sleep(1.5)  # the lease runs out
    result = run("worker", "--once", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    [job] = jobs_in(postgres_url)
    assert (job.status, job.attempts) == ("FAILED", 1)
    assert job.error is not None and job.error.startswith("worker ") and job.error.endswith(
        f":{doomed.popen.pid} stopped during attempt 1: its lease ran out; no attempts left (FACTGRAPH_JOB_MAX_ATTEMPTS=1)")
    assert "0 stored, 0 already stored, 0 retry, 0 failed" in result.stdout


@pytest.mark.parametrize("command", [("ingest", "--queue", "article.txt"), ("worker", "--once"), ("jobs",)])
def test_the_queue_refuses_sqlite_clearly(tmp_path: Path, command: tuple[str, ...]) -> None:
    (tmp_path / "article.txt").write_text("Acme Corp said on Monday it agreed to buy Beta Inc.\n", encoding="utf-8")
    database = tmp_path / "factgraph.db"
    result = run(*command, cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": f"sqlite:///{database}"})
    assert result.returncode == 2
    assert f"The ingest queue needs PostgreSQL, and FACTGRAPH_DATABASE_URL is sqlite:///{database} (sqlite)" in result.stderr
    assert "`factgraph ingest FILE...`" in result.stderr
    assert not database.exists()


def _stored(url: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    database = Database(url)
    with Session(database.engine) as session:
        documents = [tuple(row) for row in session.exec(
            select(m.Document.id, m.Document.content_hash, m.Document.title, m.Document.publisher, m.Document.published_at)
            .order_by(col(m.Document.id))).all()]
        claims = [tuple(row) for row in session.exec(
            select(m.Claim.document_id, m.Claim.span_start, m.Claim.span_end, m.Claim.status, m.Source.name,
                   m.Claim.confidence, m.Claim.origin)
            .join(m.Source, col(m.Source.id) == col(m.Claim.source_id), isouter=True).order_by(col(m.Claim.id))).all()]
    database.dispose()
    return documents, claims


def test_ingest_with_two_processes_stores_what_one_does(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text(" \n", encoding="utf-8")
    files = [*map(str, SEED_FILES[:5]), str(bad), str(SEED_FILES[1])]
    results = {}
    for jobs in ("1", "2"):
        url = f"sqlite:///{tmp_path / f'jobs{jobs}.db'}"
        result = run("ingest", "--jobs", jobs, *files, cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": url})
        assert result.returncode == 1, result.stderr
        results[jobs] = (result.stdout, result.stderr, _stored(url))
    one, two = results["1"], results["2"]
    assert one[0] == two[0] == "5 stored, 1 already stored, 1 failed, of 7 files\n"
    assert one[1] == two[1] and "empty.txt: The article is empty" in two[1]
    documents, claims = two[2]
    assert len(documents) == 5 and len(claims) > 50
    assert one[2] == two[2]


def test_ingest_jobs_must_be_a_positive_number(tmp_path: Path) -> None:
    result = run("ingest", "--jobs", "0", str(SEED_FILES[0]), cwd=tmp_path, env={})
    assert result.returncode == 2
    assert "argument --jobs: must be 1 or more, got 0" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in SEED_FILES[:2]:
        (seeds / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    port = _free_port()
    server = Process("serve", "--workers", "2", "--seed", "--port", str(port), cwd=tmp_path,
                     env={"FACTGRAPH_DATABASE_URL": postgres_url, "FACTGRAPH_SEED_DIR": str(seeds)})
    try:
        # The seed articles are stored once, by the parent, before the workers start.
        server.wait_for_line("seed articles from")
        assert "2 stored" in server.wait_for_line("seed articles from")
        server.wait_for_line("Started parent process")
        deadline = time.monotonic() + 120
        while server.output().count("Application startup complete") < 2:
            assert time.monotonic() < deadline, server.output()
            assert server.popen.poll() is None, server.output()
            time.sleep(0.2)
        pids = {line.split("[")[1].split("]")[0] for line in server.lines if "Started server process" in line}
        assert len(pids) == 2, server.output()
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/healthz", timeout=10).json() == {"status": "ok"}
        for _ in range(4):  # answered by whichever worker takes the connection
            response = httpx.post(f"{base}/graphql", json={"query": "{ documents { totalCount edges { node { title } } } }"},
                                  timeout=30)
            data = response.json()["data"]["documents"]
            assert data["totalCount"] == 2
            assert sorted(e["node"]["title"] for e in data["edges"]) == [p.stem for p in SEED_FILES[:2]]
        server.popen.send_signal(signal.SIGINT)
        assert server.finish(timeout=60) == 0, server.output()
    finally:
        server.stop()
    assert len(documents_in(postgres_url)) == 2


def test_serve_with_workers_refuses_sqlite(tmp_path: Path) -> None:
    database = tmp_path / "factgraph.db"
    result = run("serve", "--workers", "2", cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": f"sqlite:///{database}"})
    assert result.returncode == 2
    assert f"--workers 2 needs PostgreSQL, and FACTGRAPH_DATABASE_URL is sqlite:///{database} (sqlite)" in result.stderr
    assert "serve SQLite with one process (no --workers)" in result.stderr


def test_the_queue_refuses_bad_articles_when_submitted_and_converts_html_in_the_worker(postgres_url: str, tmp_path: Path) -> None:
    env = {"FACTGRAPH_DATABASE_URL": postgres_url}
    pages = Path(__file__).resolve().parent / "pages"
    (tmp_path / "empty-page.html").write_text("<!DOCTYPE html><html><head><title>Wire News</title></head>"
                                              "<body><nav>Home</nav></body></html>", encoding="utf-8")
    (tmp_path / "nul.txt").write_bytes(b"Acme said\x00 so.")
    files = [pages / "ostberg-lanvik-talks.html", tmp_path / "empty-page.html", tmp_path / "nul.txt"]
    submitted = run("ingest", "--queue", *map(str, files), cwd=tmp_path, env=env)
    assert submitted.returncode == 1
    assert "1 queued, 2 failed, of 3 files" in submitted.stdout
    assert f"{tmp_path / 'empty-page.html'}: The article is HTML with no text in it" in submitted.stderr
    assert f"{tmp_path / 'nul.txt'}: The article contains the control character NUL" in submitted.stderr
    worker = Process("worker", "--once", "--poll", "0.2", cwd=tmp_path, env=env)
    try:
        assert worker.finish() == 0, worker.output()
    finally:
        worker.stop()
    [job] = jobs_in(postgres_url)
    [document] = documents_in(postgres_url)
    assert job.status == "DONE" and job.document_id == document.id
    assert document.text == (pages / "ostberg-lanvik-talks.txt").read_text(encoding="utf-8")
    assert document.title == "Ostberg in talks to buy ferry operator Lanvik Lines - sources | Wire News"
