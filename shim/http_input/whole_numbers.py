"""Whole numbers in request text (query parameters, headers, GUCs): ASCII only.

`str.isdigit()` is true for '²', which `int()` then refuses; `int()` accepts
'١٢' (any Unicode decimal digits) and refuses more than 4300 digits. Text a
client sends means a number only when PostgreSQL would read it as a bigint.
"""

from __future__ import annotations

import re

MAX_BIGINT = 2**63 - 1
_WHOLE_NUMBER = re.compile(r"[ \t]*(-?[0-9]{1,19})[ \t]*", re.ASCII)


def whole_number(text: str, *, allow_negative: bool = False) -> int | None:
    """`text` as an int (spaces and tabs around it allowed, one leading minus
    when allow_negative, within bigint), or None when it is anything else."""
    match = _WHOLE_NUMBER.fullmatch(text)
    if match is None or (match.group(1).startswith("-") and not allow_negative):
        return None
    number = int(match.group(1))
    return number if abs(number) <= MAX_BIGINT else None
