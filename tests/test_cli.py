"""The `factgraph` command as a user runs it: a real process, real files, a real database (bad files:
tests/test_input.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session, func, select

from factgraph.db import models as m
from factgraph.db.engine import Database

from .conftest import SEEDS


def run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "factgraph.api.cli", *args]
    return subprocess.run(command, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True, timeout=300)


def documents_in(url: str) -> int:
    database = Database(url)
    with Session(database.engine) as session:
        count = session.exec(select(func.count()).select_from(m.Document)).one()
    database.dispose()
    return count


def test_ingest_again_stores_nothing_twice(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Acme Corp said on Monday it had agreed to buy Beta Inc for 12 mln dlrs.\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    first = run("ingest", str(good), cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": url})
    assert first.returncode == 0, first.stderr
    assert "1 stored, 0 already stored, 0 failed, of 1 files" in first.stdout
    again = run("ingest", str(good), cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": url})
    assert again.returncode == 0
    assert "0 stored, 1 already stored, 0 failed, of 1 files" in again.stdout
    assert documents_in(url) == 1


def test_seed_loads_the_seed_folder_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'seed.db'}"
    articles = len(list(SEEDS.glob("*.txt")))
    first = run("seed", cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": url})
    assert first.returncode == 0, first.stderr
    assert f"{articles} stored" in first.stdout
    second = run("seed", cwd=tmp_path, env={"FACTGRAPH_DATABASE_URL": url})
    assert f"{articles} already stored" in second.stdout
    assert documents_in(url) == articles


def test_bad_settings_are_reported_not_raised(tmp_path: Path) -> None:
    result = run("seed", cwd=tmp_path, env={"FACTGRAPH_MAX_ARTICLE_BYTES": "lots"})
    assert result.returncode == 2
    assert "FACTGRAPH_MAX_ARTICLE_BYTES must be a whole number" in result.stderr
    result = run("seed", cwd=tmp_path, env={"FACTGRAPH_SPACY_MODEL": "no_such_model", "FACTGRAPH_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert result.returncode == 2
    assert "'no_such_model' is not installed" in result.stderr
