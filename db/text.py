"""What text the databases can hold: PostgreSQL stores no NUL character in text (it refuses the statement,
in a filter as in an insert), and no database encodes a lone surrogate (U+D800..U+DFFF, which JSON's \\u
escapes can carry but UTF-8 cannot). Every string a client gives that reaches SQL is checked with this first,
on SQLite too, so that both refuse the same input with the same message.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(name: str, value: str | None) -> str | None:
    """Why `value` cannot be stored or searched, in words for the client (naming the field `name`), or None."""
    if value is None:
        return None
    found = _UNSTORABLE.search(value)
    if found is None:
        return None
    character = found.group()
    what = "the NUL character (U+0000)" if character == "\x00" else f"a lone surrogate (U+{ord(character):04X})"
    return (f"`{name}` contains {what} at offset {found.start()}, which cannot be stored or searched: "
            "remove it, or send the text as valid UTF-8.")
