"""shim.http_input.whole_numbers: what a number in request text may look like."""

from __future__ import annotations

import pytest

from shim.http_input.whole_numbers import MAX_BIGINT, whole_number


@pytest.mark.parametrize(
    ("text", "negative", "expected"),
    [
        ("0", False, 0),
        ("42", False, 42),
        (" \t42\t ", False, 42),
        ("007", False, 7),
        (str(MAX_BIGINT), False, MAX_BIGINT),
        ("-5", True, -5),
        (f"-{MAX_BIGINT}", True, -MAX_BIGINT),
        ("-5", False, None),
        ("-0", False, None),
        ("--5", True, None),
        ("+5", True, None),
        ("", False, None),
        ("-", True, None),
        ("\u00b2", False, None),  # str.isdigit() is true for it, int() refuses it
        ("\u0661\u0662", False, None),  # int() reads Arabic-Indic digits as 12
        ("\uff11", False, None),  # fullwidth one
        ("1_000", False, None),  # int() allows underscores
        ("1e3", False, None),
        ("0x10", False, None),
        ("5\n", False, None),
        ("\u00a05", False, None),  # no-break space
        (str(MAX_BIGINT + 1), False, None),
        ("9" * 5000, False, None),  # int() refuses more than 4300 digits
    ],
)
def test_whole_number(text: str, negative: bool, expected: int | None) -> None:
    assert whole_number(text, allow_negative=negative) == expected
