"""A bulk `factgraph ingest` killed with SIGKILL while it writes leaves only whole documents, and running it
again stores exactly the rest: a real process, killed for real, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, col, func, select

from factgraph.db import models as m
from factgraph.db.engine import Database
from factgraph.db.search import ClaimSearch

from .test_cli import run
from .test_queue import SEED_FILES

COPIES = 8  # of each seed article: enough files that the kill finds the ingest in the middle


def _articles(folder: Path) -> list[Path]:
    """Each seed article several times, each copy a text of its own, with its metadata."""
    folder.mkdir()
    paths = []
    for copy in range(COPIES):
        for seed in SEED_FILES:
            path = folder / f"{copy:02}-{seed.name}"
            path.write_text(seed.read_text(encoding="utf-8") + f"\nThis is copy {copy} of the story.\n", encoding="utf-8")
            meta = seed.with_name(seed.stem + ".meta.json")
            if meta.exists():
                path.with_name(path.stem + ".meta.json").write_text(meta.read_text(encoding="utf-8"), encoding="utf-8")
            paths.append(path)
    return paths


Claims = list[tuple[object, ...]]


def _by_document(url: str, *, with_scores: bool) -> dict[str, tuple[object, ...]]:
    """Each stored document (by its text's hash) with everything stored for it, ids replaced by what they name,
    so two databases that stored the same documents compare equal whatever ids their sequences gave."""
    database = Database(url)
    try:
        with Session(database.engine) as session:
            documents = {d.id: d for d in session.exec(select(m.Document)).all()}
            sources = {s.id: s.name for s in session.exec(select(m.Source)).all()}
            hashes = {i: d.content_hash for i, d in documents.items()}

            def origin(value: str) -> str:
                kind, _, rest = value.partition(":")
                if kind == "source":
                    return f"source:{sources[int(rest)]}"
                return f"document:{hashes[int(rest)]}" if kind == "document" else value

            claims: dict[int, Claims] = {i: [] for i in documents}
            for c in session.exec(select(m.Claim).order_by(col(m.Claim.id))).all():
                row: tuple[object, ...] = (c.span_start, c.span_end, c.status, sources.get(c.source_id), c.hedged)
                if with_scores:
                    row += (round(c.confidence, 9), round(c.reliability, 9), origin(c.origin))
                claims[c.document_id].append(row)

            def per_document(model: type) -> dict[int, int]:
                return dict(session.exec(select(model.document_id, func.count()).group_by(model.document_id)).all())  # type: ignore[attr-defined]

            mentions, metadata = per_document(m.Mention), per_document(m.Metadata)
            searchable = dict(session.exec(
                select(m.Claim.document_id, func.count()).join(ClaimSearch, col(ClaimSearch.claim_id) == col(m.Claim.id))
                .group_by(m.Claim.document_id)).all())
            return {d.content_hash: (d.title, d.publisher, d.published_at, claims[i], mentions.get(i, 0),
                                     metadata.get(i, 0), searchable.get(i, 0))
                    for i, d in documents.items()}
    finally:
        database.dispose()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _writing(url: str) -> bool:
    """Whether some connection is in the middle of a write transaction on the database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        connection = sqlite3.connect(str(parsed.database), timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                return True
            raise
        finally:
            connection.close()
    database = Database(url)
    try:
        with database.engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND backend_xid IS NOT NULL")).scalar_one())
    finally:
        database.dispose()


def _stored_count(url: str) -> int:
    database = Database(url)
    try:
        if not inspect(database.engine).has_table("document"):
            return 0  # the ingest has not made the schema yet
        with Session(database.engine) as session:
            return session.exec(select(func.count()).select_from(m.Document)).one()
    finally:
        database.dispose()


def _kill_while_writing(args: list[str], url: str, cwd: Path, *, after: int) -> tuple[int, set[int]]:
    """Starts `factgraph ingest`, waits until it has stored `after` documents more than there were and is
    writing another, and kills it with SIGKILL. Returns how many documents it had stored, and its children."""
    before = _stored_count(url)
    process = subprocess.Popen([sys.executable, "-m", "factgraph.api.cli", "ingest", *args], cwd=cwd,
                               env={**os.environ, "FACTGRAPH_DATABASE_URL": url}, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180
        while _stored_count(url) < before + after:
            assert process.poll() is None, f"the ingest ended before it could be killed:\n{process.communicate()[0]}"
            assert time.monotonic() < deadline, "the ingest stored too little in time"
            time.sleep(0.05)
        while not _writing(url):
            assert process.poll() is None, "the ingest finished before it was caught writing"
            assert time.monotonic() < deadline, "the ingest was never caught writing"
        children = _children(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        return _stored_count(url), children
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        assert process.stdout is not None
        process.stdout.close()


def _gone(pids: set[int], timeout: float = 60) -> set[int]:
    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = {pid for pid in alive if Path(f"/proc/{pid}").exists() and "(Z)" not in _state(pid)}
        time.sleep(0.2)
    return alive


def _state(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return "(Z)"
    return f"({stat.rsplit(')', 1)[1].split()[0]})"


def test_a_killed_bulk_ingest_leaves_whole_documents_and_a_rerun_stores_the_rest(
        two_databases: tuple[str, str], tmp_path: Path) -> None:
    killed_url, clean_url = two_databases
    files = [str(p) for p in _articles(tmp_path / "articles")]
    clean = run("ingest", *files, cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": clean_url})
    assert clean.returncode == 0, clean.stderr
    assert f"{len(files)} stored, 0 already stored, 0 failed, of {len(files)} files" in clean.stdout
    reference = _by_document(clean_url, with_scores=False)

    # Killed once in one process, then again while parsing in two (its children must not outlive it).
    first, _ = _kill_while_writing(files, killed_url, tmp_path, after=3)
    second, children = _kill_while_writing(["--jobs", "2", *files], killed_url, tmp_path, after=3)
    assert 0 < first < second < len(files)
    assert children, "ingest --jobs 2 had parsing processes"
    assert not _gone(children), "the parsing processes outlived the killed ingest"

    stored = _by_document(killed_url, with_scores=False)
    assert len(stored) == second
    for content_hash, document in stored.items():
        assert document == reference[content_hash], f"document {document[0]} was not stored whole"

    rerun = run("ingest", "--jobs", "2", *files, cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": killed_url})
    assert rerun.returncode == 0, rerun.stderr
    assert f"{len(files) - second} stored, {second} already stored, 0 failed, of {len(files)} files" in rerun.stdout
    # Stored in the same order as the clean ingest, so the cross-document scores and origins agree too.
    assert _by_document(killed_url, with_scores=True) == _by_document(clean_url, with_scores=True)
