"""JSON from clients (a request body, a URL's `variables`, an export's `filter`), refused when it nests deeper
than anything a GraphQL request needs.

Python's JSON decoder recurses once per level, and so does whatever walks the value after it (Strawberry's and
graphql-core's coercion of variables): JSON nested a thousand levels deep raised a RecursionError, a 500 that
dropped the connection. Here such JSON is the client's error, said with the depth and the limit.
"""

from __future__ import annotations

import json

# A GraphQL request needs a few levels (a batch, a request, its variables, an input, a list); 64 is far above.
MAX_JSON_DEPTH = 64


class JsonTooDeep(ValueError):
    """The JSON nests arrays and objects deeper than MAX_JSON_DEPTH."""


def loads(text: str) -> object:
    """json.loads, and a JsonTooDeep for JSON nested deeper than MAX_JSON_DEPTH (json.JSONDecodeError as usual
    for what is not JSON)."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep(None) from None
    depth = nesting(value)
    if depth > MAX_JSON_DEPTH:
        raise _too_deep(depth)
    return value


def nesting(value: object) -> int:
    """How deep arrays and objects nest in `value` (a scalar is 0), by an explicit stack: no recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _too_deep(depth: int | None) -> JsonTooDeep:
    how_deep = f"{depth} levels deep" if depth else "too deep to read"
    return JsonTooDeep(f"The JSON nests arrays and objects {how_deep}, more than the {MAX_JSON_DEPTH} levels a request may "
                       "have: send flatter JSON.")
