"""Names as they are shown and stored: a publisher's name with no control characters in it.

A publisher's name comes from whoever ingests (a form, a feed's metadata) and is shown in lists, the page and
exports, and keyed on for reliability: an escape sequence, a bidirectional override or a line break in it
would reach a terminal, reorder what a reader sees, or make "Reuters" and "Reuters\\n" two publishers."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean_name(value: str | None) -> str | None:
    """`value` without control and format characters (Unicode Cc and Cf: escapes, bells, bidirectional overrides,
    zero-width characters), runs of whitespace as one space, trimmed; None when nothing is left. A NUL stays:
    text no database can store is refused where it is given, with its offset (db/text.py)."""
    if value is None:
        return None
    kept = "".join(" " if character.isspace() else character for character in value
                   if character.isspace() or character == "\x00" or unicodedata.category(character) not in {"Cc", "Cf"})
    cleaned = _SPACES.sub(" ", kept).strip()
    return cleaned or None
