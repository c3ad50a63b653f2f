"""GraphiQL's files, served by the app itself (api/static/graphiql/), so that GraphiQL works with no network.

They are not committed: the project's install step fetches them from the npm registry, at the versions
pinned here, and checks each package against its pinned SHA-512 (the registry's `integrity`) before it
takes a file out of it. `pip install -e .` runs this through setup.py's build step; by hand:

    python api/graphiql_assets.py

It needs npm on the PATH (`npm pack`, which downloads a package's tarball and nothing else: no dependencies,
no install scripts). Nothing is downloaded when the app runs. This module imports nothing of factgraph, so
that setup.py can run it before factgraph is installed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

TARGET = Path(__file__).resolve().parent / "static" / "graphiql"


@dataclass(frozen=True, slots=True)
class Package:
    name: str
    version: str
    integrity: str  # the npm registry's sha512 of the tarball
    files: dict[str, str]  # path in the tarball -> file name in TARGET


PACKAGES = [
    Package("react", "18.2.0",
            "sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==",
            {"package/umd/react.production.min.js": "react.production.min.js", "package/LICENSE": "LICENSE.react"}),
    Package("react-dom", "18.2.0",
            "sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g==",
            {"package/umd/react-dom.production.min.js": "react-dom.production.min.js", "package/LICENSE": "LICENSE.react-dom"}),
    Package("graphiql", "3.8.3",
            "sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw==",
            {"package/graphiql.min.js": "graphiql.min.js", "package/graphiql.min.css": "graphiql.min.css",
             "package/LICENSE": "LICENSE.graphiql"}),
]
# What the installed files were made from, so that a later install knows whether they are current.
STAMP = "versions.json"


class AssetsUnavailable(RuntimeError):
    """GraphiQL's files could not be fetched or did not match their pinned checksums."""


def _stamp() -> dict[str, str]:
    return {package.name: f"{package.version} {package.integrity}" for package in PACKAGES}


def installed(target: Path = TARGET) -> bool:
    """Whether every file is in `target`, made from the pinned versions."""
    stamp = target / STAMP
    if not stamp.is_file() or json.loads(stamp.read_text(encoding="utf-8")) != _stamp():
        return False
    return all((target / name).is_file() for package in PACKAGES for name in package.files.values())


def _verified(tarball: Path, package: Package) -> None:
    algorithm, _, expected = package.integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        raise AssetsUnavailable(f"{package.name}@{package.version} from the npm registry does not match its pinned "
                                f"{algorithm} ({digest} instead of {expected}): not installing it.")


def install(target: Path = TARGET) -> None:
    """Fetches the pinned packages with `npm pack`, checks them, and puts their files in `target`."""
    if installed(target):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise AssetsUnavailable("npm is not on the PATH: it fetches GraphiQL's files at install time "
                                "(Debian: apt-get install npm).")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        specs = [f"{package.name}@{package.version}" for package in PACKAGES]
        done = subprocess.run([npm, "pack", *specs, "--json", "--ignore-scripts", "--pack-destination", str(work)],
                              cwd=work, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise AssetsUnavailable(f"npm pack {' '.join(specs)} failed: {done.stderr.strip()[-2000:]}")
        packed = {entry["name"]: work / entry["filename"] for entry in json.loads(done.stdout)}
        staging = work / "graphiql"
        staging.mkdir()
        for package in PACKAGES:
            tarball = packed[package.name]
            _verified(tarball, package)
            with tarfile.open(tarball) as archive:
                for member, name in package.files.items():
                    source = archive.extractfile(member)
                    if source is None:
                        raise AssetsUnavailable(f"{package.name}@{package.version} has no {member}")
                    (staging / name).write_bytes(source.read())
        (staging / STAMP).write_text(json.dumps(_stamp(), indent=2) + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(staging, target)


if __name__ == "__main__":
    try:
        install()
    except AssetsUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    print(f"GraphiQL's files are in {TARGET}")
