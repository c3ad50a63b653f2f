"""Named rules: every decision the extractor makes about a claim is taken by one, and the claim says which.

A rule is a small function with a name and an example sentence that shows it firing. Rules of one kind sit
in one table, in the order they are tried (`RuleTable`), next to the code they decide for; the first that
answers decides. A claim's `rule` is the path of rules that decided its status and source, joined by " > ":
how its cue was found, how the speaker's words were read, and who they name ("reporting-verb >
named-entity", "quote-continues > previous-speaker"). `tests/extract/test_rules.py` extracts every rule's
example and checks that the rule fired on it, so an example cannot drift from its rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True, slots=True)
class Rule(Generic[F]):
    """A rule of news writing: its name, a sentence that shows it, and the function that applies it."""

    name: str
    example: str
    apply: F
    table: str

    @property
    def explanation(self) -> str:
        """The first paragraph of the function's docstring: what the rule says of news writing."""
        return (self.apply.__doc__ or "").strip().split("\n\n")[0]


class RuleTable(Generic[F]):
    """The rules of one kind, in the order they are tried."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._rules: list[Rule[F]] = []

    def rule(self, name: str, example: str) -> Callable[[F], F]:
        """Registers the decorated function as the next rule of this table."""
        def register(apply: F) -> F:
            if any(r.name == name for r in ALL_RULES()):
                raise ValueError(f"two rules are named {name!r}: rule names are unique across all tables")
            self._rules.append(Rule(name, example, apply, self.name))
            return apply
        return register

    def __iter__(self) -> Iterator[Rule[F]]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)


TABLES: list[RuleTable[Callable[..., object]]] = []


def table(name: str) -> RuleTable[Callable[..., object]]:
    made: RuleTable[Callable[..., object]] = RuleTable(name)
    TABLES.append(made)
    return made


def ALL_RULES() -> list[Rule[Callable[..., object]]]:  # noqa: N802 (a constant computed on demand)
    return [r for t in TABLES for r in t]


PATH_SEPARATOR = " > "


def path(*names: str | None) -> str:
    """A claim's rule: the names of the rules that decided it, in the order they were applied."""
    return PATH_SEPARATOR.join(n for n in names if n)
