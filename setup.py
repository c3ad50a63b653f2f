"""The build step: before the package's files are collected, GraphiQL's files are fetched from the npm registry
at their pinned versions and checked (api/graphiql_assets.py), so that the app serves GraphiQL with no network.
Everything else about the package is in pyproject.toml."""

import runpy
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithGraphiQL(build_py):
    def run(self) -> None:
        assets = runpy.run_path(str(Path(__file__).resolve().parent / "api" / "graphiql_assets.py"))
        assets["install"]()
        super().run()


setup(cmdclass={"build_py": BuildWithGraphiQL})
