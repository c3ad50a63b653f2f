"""Per-client budgets, after GitHub's: points per hour, and secondary limits on points per minute and on
requests at once. A client past one gets 429 with `Retry-After`; the windows are kept by the `limits` library
(sliding window counters in this process's memory: with `serve --workers N` each process keeps its own).

- A client is its IP address (the ASGI scope's client, which uvicorn's --proxy-headers sets from
  X-Forwarded-For behind a proxy it trusts). Requests with the valid API token are not limited: they come
  from the operators' own tools.
- A GraphQL operation costs `1 + nodes // NODES_PER_POINT` points, its node count being the one measured
  before it runs (schema/cost.py, GitHub's node limit): a claim's panel (550 nodes) costs 1, a query of
  310,000 nodes 311. The points are charged when the operation is measured, before it runs; an export costs
  EXPORT_POINTS. A request whose client has no points left, or more requests running than allowed, is
  refused before anything runs.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute
from starlette.responses import JSONResponse

from ..schema.context import Refusal
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter

NODES_PER_POINT = 1_000
EXPORT_POINTS = 100


@dataclass(frozen=True, slots=True)
class RateLimits:
    """The settings FACTGRAPH_RATE_LIMIT_* (api/settings.py has the defaults); 0 turns a limit off."""

    points_per_hour: int
    points_per_minute: int
    concurrent: int

    @property
    def enabled(self) -> bool:
        return bool(self.points_per_hour or self.points_per_minute or self.concurrent)


def points_for(nodes: int) -> int:
    return 1 + nodes // NODES_PER_POINT


class RateLimiter:
    """One per app: every client's windows and the requests each has running."""

    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self._limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._windows: list[tuple[RateLimitItem, str, str]] = []
        if limits.points_per_hour:
            self._windows.append((RateLimitItemPerHour(limits.points_per_hour), "hour", "FACTGRAPH_RATE_LIMIT_POINTS_PER_HOUR"))
        if limits.points_per_minute:
            self._windows.append((RateLimitItemPerMinute(limits.points_per_minute), "minute",
                                  "FACTGRAPH_RATE_LIMIT_POINTS_PER_MINUTE"))
        self._running: Counter[str] = Counter()

    def _retry_after(self, item: RateLimitItem, client: str) -> int:
        stats = self._limiter.get_window_stats(item, client)
        return max(1, math.ceil(stats.reset_time - time.time()))

    def exhausted(self, client: str) -> Refusal | None:
        """A refusal when the client has no point left in some window."""
        for item, per, setting in self._windows:
            if not self._limiter.test(item, client):
                return Refusal(f"This client has used its {item.amount:,} points per {per} ({setting}): wait "
                               f"{self._retry_after(item, client)} s (Retry-After), ask for fewer nodes per query, or "
                               "send the API token.", self._retry_after(item, client))
        return None

    def charge(self, client: str, points: int) -> Refusal | None:
        """Takes `points` from each of the client's windows, or none of them and a refusal when one lacks them."""
        for item, per, setting in self._windows:
            if points > item.amount:
                return Refusal(f"This operation costs {points:,} points, more than the {item.amount:,} a client has per "
                               f"{per} ({setting}): ask for fewer nodes (a smaller `first`, fewer nested lists).",
                               self._retry_after(item, client))
            if not self._limiter.test(item, client, cost=points):
                stats = self._limiter.get_window_stats(item, client)
                return Refusal(f"This operation costs {points:,} points and this client has {stats.remaining:,} of its "
                               f"{item.amount:,} per {per} left ({setting}): wait {self._retry_after(item, client)} s "
                               "(Retry-After), ask for fewer nodes, or send the API token.", self._retry_after(item, client))
        for item, _, _ in self._windows:
            self._limiter.hit(item, client, cost=points)
        return None

    @contextmanager
    def running(self, client: str) -> Iterator[Refusal | None]:
        """Counts a request of the client as running for the block; a refusal when it has too many already."""
        limit = self.limits.concurrent
        if limit and self._running[client] >= limit:
            yield Refusal(f"This client already has {limit} requests running (FACTGRAPH_RATE_LIMIT_CONCURRENT): wait for "
                          "them to finish before sending more.", 1)
            return
        self._running[client] += 1
        try:
            yield None
        finally:
            self._running[client] -= 1
            if not self._running[client]:
                del self._running[client]


@dataclass
class Meter:
    """One request's account with the limiter: what the schema charges its operations to."""

    limiter: RateLimiter
    client: str
    refusal: Refusal | None = None
    charged: int = 0  # points

    def charge(self, nodes: int) -> Refusal | None:
        """Charges an operation of `nodes` nodes; a refusal when the client cannot pay."""
        return self.charge_points(points_for(nodes))

    def charge_points(self, points: int) -> Refusal | None:
        refusal = self.limiter.charge(self.client, points)
        if refusal is not None:
            self.refusal = refusal
            return refusal
        self.charged += points
        return None

    def settle(self) -> None:
        """At the end of a request: one that ran no operation (a syntax error, a refused body) costs a point."""
        if not self.charged and self.refusal is None:
            self.charge_points(1)


def rate_limited(refusal: Refusal) -> JSONResponse:
    """The answer to a request refused before it ran: a GraphQL response, 429, with Retry-After."""
    return JSONResponse({"errors": [{"message": refusal.message, "extensions": {"code": "RATE_LIMITED",
                                                                               "retryAfter": refusal.retry_after}}]},
                        status_code=429, headers={"Retry-After": str(refusal.retry_after)})


def client_of(scope_client: tuple[str, int] | None) -> str:
    return scope_client[0] if scope_client else "unknown"
