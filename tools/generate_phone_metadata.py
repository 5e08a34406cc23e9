"""Write schema/0003_phone_metadata.sql (and 0080) from the installed phonenumbers.

    make phone-metadata        (or: .venv/bin/python -m tools.generate_phone_metadata)

booking.normalize_phone reads numbers the way phonenumbers.parse does and
validates them the way phonenumbers.is_valid_number does. This tool copies
the metadata those two steps use into three reference tables:

- booking.phone_regions: how a number written in a region is read (calling
  code, international dialling prefix, national prefix for parsing and its
  transform rule, general number pattern, possible lengths);
- booking.phone_calling_codes: per calling code, the region whose rules
  read numbers written with it, and a pattern of its valid national
  significant numbers;
- booking.phone_leading_digits: for calling codes shared by several
  regions, the number prefixes that send validation to one region.

A region's valid numbers are those matching its general description and
one number type, each with its possible lengths: one pattern, where the
lengths and the general description are lookaheads.

Every pattern is checked against the small regular-expression subset that
has the same syntax and language in Python and in PostgreSQL's ARE flavour
(digits, \\d, bracket ranges of digits, groups, alternation, bounded and
unbounded quantifiers, $); anything else stops the generator. (Where a
prefix can match in several ways, Python takes the first alternative and
PostgreSQL the longest match; tests/test_phone_normalization.py shows the
metadata's prefixes come out the same.) tests/ also compiles every stored
pattern in PostgreSQL and checks that the committed file is up to date.

The fixed part of the migration (header, tables, comments, privileges) is
tools/phone_metadata_tables.sql; this tool fills in the version and appends
the rows.

A second migration, schema/0080_phone_costly_numbers.sql (fixed part:
tools/phone_costly_numbers_table.sql), holds each region's premium-rate and
shared-cost numbers (booking.phone_costly_number_types), which patient SMS
never go to (booking.sms_destination_refusal).

A function file, functions/booking.phone_number_formats.sql (fixed part:
tools/phone_number_formats_function.sql), holds each calling code's number
formats, with which booking.phone_display writes a number as people read
it (phonenumbers.format_number, NATIONAL and INTERNATIONAL).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import (
    COUNTRY_CODE_TO_REGION_CODE,
    REGION_CODE_FOR_NON_GEO_ENTITY,
    SUPPORTED_REGIONS,
)

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "schema" / "0003_phone_metadata.sql"
COSTLY_OUTPUT = ROOT / "schema" / "0080_phone_costly_numbers.sql"
FORMATS_OUTPUT = ROOT / "functions" / "booking.phone_number_formats.sql"
COMMAND = "make phone-metadata"

# The number types _number_type_helper tries, in its order. A national
# significant number is valid when it fits the general description and one
# of these (mobile only when its pattern differs from fixed_line's).
NUMBER_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


class PatternError(ValueError):
    """A phonenumbers pattern uses syntax outside the shared subset."""


# -- the regular-expression subset shared by Python and PostgreSQL -------------
_TOKEN = re.compile(
    r"(?P<digit>\\d)"
    r"|(?P<literal>[0-9])"
    r"|(?P<bracket>\[(?:\\d|[0-9](?:-[0-9])?)+\])"
    r"|(?P<group>\((?:\?:)?)"
    r"|(?P<close>\))"
    r"|(?P<alternation>\|)"
    r"|(?P<quantifier>[?*+]|\{[0-9]+(?:,[0-9]*)?\})"
    r"|(?P<end>\$)"
)

# A node is ("char", digits) | ("end",) | ("alt", [seq, ...], capturing) with
# seq = [node, ...] | ("repeat", node, low, high-or-None).
Node = tuple

_ALL_DIGITS = frozenset("0123456789")


def _digits_of(atom: str) -> frozenset[str]:
    """The digits a \\d, a digit or a bracket expression matches."""
    if atom == "\\d":
        return _ALL_DIGITS
    if not atom.startswith("["):
        return frozenset(atom)
    digits: set[str] = set()
    for item in re.findall(r"\\d|[0-9]-[0-9]|[0-9]", atom[1:-1]):
        if item == "\\d":
            digits |= _ALL_DIGITS
        elif "-" in item:
            digits |= {chr(c) for c in range(ord(item[0]), ord(item[2]) + 1)}
        else:
            digits.add(item)
    return frozenset(digits)


@dataclass
class _Parser:
    pattern: str
    position: int = 0
    groups: int = 0

    def fail(self, why: str) -> PatternError:
        return PatternError(f"{why} at offset {self.position} of {self.pattern!r}")

    def token(self) -> re.Match[str] | None:
        if self.position >= len(self.pattern):
            return None
        match = _TOKEN.match(self.pattern, self.position)
        if match is None:
            raise self.fail("unsupported syntax")
        return match

    def parse(self) -> Node:
        node = self.alternation(capturing=False)
        if self.position != len(self.pattern):
            raise self.fail("unbalanced ')'")
        return node

    def alternation(self, *, capturing: bool) -> Node:
        branches = [self.sequence()]
        while (match := self.token()) is not None and match.lastgroup == "alternation":
            self.position = match.end()
            branches.append(self.sequence())
        return ("alt", branches, capturing)

    def sequence(self) -> list[Node]:
        items: list[Node] = []
        while (match := self.token()) is not None and match.lastgroup not in (
            "alternation",
            "close",
        ):
            self.position = match.end()
            kind = match.lastgroup
            if kind in ("digit", "literal", "bracket"):
                items.append(("char", _digits_of(match.group())))
            elif kind == "end":
                items.append(("end",))
            elif kind == "group":
                capturing = match.group() == "("
                self.groups += capturing
                inner = self.alternation(capturing=capturing)
                close = self.token()
                if close is None or close.lastgroup != "close":
                    raise self.fail("missing ')'")
                self.position = close.end()
                items.append(inner)
            else:  # a quantifier
                if not items or items[-1][0] in ("repeat", "end"):
                    raise self.fail("quantifier without an atom (or a lazy/possessive one)")
                items[-1] = ("repeat", items[-1], *_bounds(match.group()))
        return items


def _bounds(quantifier: str) -> tuple[int, int | None]:
    if quantifier == "?":
        return 0, 1
    if quantifier == "*":
        return 0, None
    if quantifier == "+":
        return 1, None
    low, _, high = quantifier[1:-1].partition(",")
    if "," not in quantifier:
        return int(low), int(low)
    bounds = (int(low), int(high) if high else None)
    if bounds[1] is not None and bounds[1] < bounds[0]:
        raise PatternError(f"bad bounds {quantifier}")
    return bounds


@dataclass(frozen=True)
class Pattern:
    text: str
    tree: Node
    capturing_groups: int
    lengths: frozenset[int] | None  # lengths it can match; None when unbounded


def checked(pattern: str) -> Pattern:
    """The pattern, verified to mean the same in Python re and PostgreSQL ARE."""
    parser = _Parser(pattern)
    tree = parser.parse()
    re.compile(pattern)
    return Pattern(pattern, tree, parser.groups, _lengths(tree))


_MAX_STRINGS = 1000


def strings(node: Node) -> frozenset[str]:
    """Every string a small finite pattern matches (leading digits)."""
    kind = node[0]
    if kind == "char":
        return node[1]
    if kind == "end":
        raise PatternError("$ in leading digits")
    if kind == "repeat":
        inner = strings(node[1])
        low, high = node[2], node[3]
        if high is None:
            raise PatternError("unbounded leading digits")
        result: set[str] = set()
        current = frozenset({""})
        for count in range(high + 1):
            if count >= low:
                result |= current
            current = frozenset(a + b for a in current for b in inner)
        return _capped(result)
    result = set()
    for sequence in node[1]:
        total = frozenset({""})
        for item in sequence:
            total = _capped({a + b for a in total for b in strings(item)})
        result |= total
    return _capped(result)


def _capped(values: set[str] | frozenset[str]) -> frozenset[str]:
    if len(values) > _MAX_STRINGS:
        raise PatternError("leading digits expand to too many prefixes")
    return frozenset(values)


_MAX_LENGTH = 40  # longer than any phone number; stops the length sets growing


def _lengths(node: Node) -> frozenset[int] | None:
    kind = node[0]
    if kind == "char":
        return frozenset({1})
    if kind == "end":
        return frozenset({0})
    if kind == "repeat":
        inner = _lengths(node[1])
        low, high = node[2], node[3]
        if inner is None or high is None:
            return None
        result: set[int] = set()
        current = frozenset({0})
        for count in range(high + 1):
            if count >= low:
                result |= current
            current = frozenset(a + b for a in current for b in inner if a + b <= _MAX_LENGTH)
        return frozenset(result)
    branches: set[int] = set()
    for sequence in node[1]:
        total: frozenset[int] | None = frozenset({0})
        for item in sequence:
            item_lengths = _lengths(item)
            if total is None or item_lengths is None:
                total = None
                break
            total = frozenset(a + b for a in total for b in item_lengths if a + b <= _MAX_LENGTH)
        if total is None:
            return None
        branches |= total
    return frozenset(branches)


# -- validity patterns ------------------------------------------------------------
def _length_guard(lengths: Sequence[int], pattern: Pattern) -> str:
    """A lookahead that admits only these lengths, or '' when the pattern already does."""
    if not lengths or (pattern.lengths is not None and pattern.lengths <= set(lengths)):
        return ""
    runs: list[list[int]] = []
    for length in sorted(set(lengths)):
        if runs and runs[-1][1] == length - 1:
            runs[-1][1] = length
        else:
            runs.append([length, length])
    alternatives = [
        rf"\d{{{low}}}" if low == high else rf"\d{{{low},{high}}}" for low, high in runs
    ]
    return "(?=(?:" + "|".join(alternatives) + ")$)"


def _desc_pattern(desc: phonenumbers.PhoneNumberDesc | None) -> Pattern | None:
    if desc is None or not desc.national_number_pattern:
        return None
    return checked(desc.national_number_pattern)


def region_valid_pattern(metadata: PhoneMetadata) -> str | None:
    """Accepts the national significant numbers _number_type_helper gives a type.

    None when the region has no number types at all."""
    general = _desc_pattern(metadata.general_desc)
    if general is None:
        return None
    by_guard: dict[str, list[str]] = {}
    for name in NUMBER_TYPES:
        if name == "mobile" and metadata.same_mobile_and_fixed_line_pattern:
            continue
        desc = getattr(metadata, name)
        pattern = _desc_pattern(desc)
        if pattern is None:
            continue
        guard = _length_guard(desc.possible_length, pattern)
        alternatives = by_guard.setdefault(guard, [])
        if pattern.text not in alternatives:
            alternatives.append(pattern.text)
    if not by_guard:
        return None
    types = "|".join(
        guard + "(?:" + "|".join(alternatives) + ")" for guard, alternatives in by_guard.items()
    )
    general_guard = _length_guard(metadata.general_desc.possible_length, general)
    return f"{general_guard}(?=(?:{general.text})$)(?:{types})"


def _union(patterns: Iterable[str | None]) -> str | None:
    present = [p for p in patterns if p is not None]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    return "|".join(f"(?:{p})" for p in present)


# -- rows ---------------------------------------------------------------------------
_TRANSFORM_RULE = re.compile(r"[0-9]*(?:\\[1-9])?[0-9]*")


@dataclass(frozen=True)
class RegionRow:
    region: str
    calling_code: int
    international_prefix: str | None
    national_prefix_for_parsing: str | None
    national_prefix_transform_rule: str | None
    national_prefix_groups: int
    national_number_pattern: str
    possible_lengths: tuple[int, ...]
    local_only_lengths: tuple[int, ...]


def region_row(region: str) -> RegionRow:
    metadata = PhoneMetadata.metadata_for_region(region)
    general = metadata.general_desc
    if general is None or not general.national_number_pattern or not general.possible_length:
        raise PatternError(f"{region}: no general description")
    prefix = checked(metadata.international_prefix) if metadata.international_prefix else None
    if prefix is not None and prefix.capturing_groups:
        raise PatternError(f"{region}: capturing group in the international prefix")
    parsing = metadata.national_prefix_for_parsing or None
    groups = checked(parsing).capturing_groups if parsing else 0
    rule = metadata.national_prefix_transform_rule or None
    # PostgreSQL's regexp_replace reads \1 to \9 like Python's re.sub.
    if rule is not None and (not _TRANSFORM_RULE.fullmatch(rule) or groups == 0):
        raise PatternError(f"{region}: unsupported transform rule {rule!r}")
    return RegionRow(
        region=region,
        calling_code=metadata.country_code,
        international_prefix=prefix.text if prefix else None,
        national_prefix_for_parsing=parsing,
        national_prefix_transform_rule=rule,
        national_prefix_groups=groups,
        national_number_pattern=checked(general.national_number_pattern).text,
        possible_lengths=tuple(general.possible_length),
        local_only_lengths=tuple(general.possible_length_local_only),
    )


@dataclass(frozen=True)
class CallingCodeRow:
    calling_code: int
    main_region: str | None
    valid_number_pattern: str | None


@dataclass(frozen=True)
class LeadingDigitsRow:
    calling_code: int
    leading_digits: str
    region: str
    valid_number_pattern: str | None


def calling_code_rows(calling_code: int) -> tuple[CallingCodeRow, list[LeadingDigitsRow]]:
    """What is_valid_number accepts for a calling code.

    A calling code with one region (or a non-geographic one) validates
    against that region. With several, region_code_for_number picks the
    first region, in phonenumbers' order, whose leading_digits match the
    start of the number or, for a region without leading_digits, that the
    number is valid for; the number is valid when it is valid there. So a
    number whose start matches region R's leading digits is valid when a
    region without leading digits listed before R, or R itself, accepts it;
    any other number when a region without leading digits accepts it. The
    leading digits are expanded to literal prefixes, which must not overlap
    between regions (checked here), so at most one region's prefix matches."""
    regions = COUNTRY_CODE_TO_REGION_CODE[calling_code]
    if regions == (REGION_CODE_FOR_NON_GEO_ENTITY,):
        metadata = PhoneMetadata.metadata_for_nongeo_region(calling_code)
        # normalize_phone strips no national prefix from these numbers.
        if metadata.national_prefix_for_parsing:
            raise PatternError(f"+{calling_code}: national prefix on a non-geographic code")
        return CallingCodeRow(calling_code, None, region_valid_pattern(metadata)), []
    if len(regions) == 1:
        metadata = PhoneMetadata.metadata_for_region(regions[0])
        return CallingCodeRow(calling_code, regions[0], region_valid_pattern(metadata)), []
    without_leading_digits: list[str | None] = []
    prefixes: list[LeadingDigitsRow] = []
    for region in regions:
        metadata = PhoneMetadata.metadata_for_region(region)
        valid = region_valid_pattern(metadata)
        if not metadata.leading_digits:
            without_leading_digits.append(valid)
            continue
        pattern = _union([*without_leading_digits, valid])
        for prefix in sorted(strings(checked(metadata.leading_digits).tree)):
            prefixes.append(LeadingDigitsRow(calling_code, prefix, region, pattern))
    for row in prefixes:
        for other in prefixes:
            if other.region != row.region and other.leading_digits.startswith(row.leading_digits):
                raise PatternError(
                    f"+{calling_code}: leading digits {row.leading_digits} ({row.region})"
                    f" overlap {other.leading_digits} ({other.region})"
                )
    return CallingCodeRow(calling_code, regions[0], _union(without_leading_digits)), prefixes


# -- SQL text -----------------------------------------------------------------------
def _text(value: str | None) -> str:
    return "null" if value is None else "'" + value.replace("'", "''") + "'"


def _lengths_array(values: Iterable[int]) -> str:
    return "'{" + ",".join(str(v) for v in values) + "}'"


def _insert(table: str, columns: str, rows: Iterable[str]) -> str:
    values = ",\n".join(f"  ({row})" for row in rows)
    return f"\ninsert into booking.{table} ({columns}) values\n{values};\n"


# The migration's fixed part: its header and the tables, with @COMMAND@ and
# @VERSION@ to fill in.
TABLES_TEMPLATE = Path(__file__).resolve().parent / "phone_metadata_tables.sql"


def _header() -> str:
    return (
        TABLES_TEMPLATE.read_text(encoding="utf-8")
        .replace("@COMMAND@", COMMAND)
        .replace("@VERSION@", phonenumbers.__version__)
    )


def render() -> str:
    regions = [region_row(region) for region in sorted(SUPPORTED_REGIONS)]
    codes: list[CallingCodeRow] = []
    prefixes: list[LeadingDigitsRow] = []
    for code in sorted(COUNTRY_CODE_TO_REGION_CODE):
        row, leading = calling_code_rows(code)
        codes.append(row)
        prefixes.extend(leading)
    # main_region refers to phone_regions, which refers back to the calling
    # code: the calling codes go in first without it.
    return (
        _header()
        + _insert(
            "phone_calling_codes",
            "calling_code, valid_number_pattern",
            (f"{c.calling_code}, {_text(c.valid_number_pattern)}" for c in codes),
        )
        + _insert(
            "phone_regions",
            "region, calling_code, international_prefix, national_prefix_for_parsing,"
            " national_prefix_transform_rule, national_prefix_groups, national_number_pattern,"
            " possible_lengths, local_only_lengths",
            (
                f"{_text(r.region)}, {r.calling_code}, {_text(r.international_prefix)},"
                f" {_text(r.national_prefix_for_parsing)},"
                f" {_text(r.national_prefix_transform_rule)}, {r.national_prefix_groups},"
                f" {_text(r.national_number_pattern)}, {_lengths_array(r.possible_lengths)},"
                f" {_lengths_array(r.local_only_lengths)}"
                for r in regions
            ),
        )
        + "\nupdate booking.phone_calling_codes c set main_region = m.main_region\n"
        + "  from (values\n"
        + ",\n".join(
            f"    ({c.calling_code}, {_text(c.main_region)})" for c in codes if c.main_region
        )
        + "\n  ) as m (calling_code, main_region)\n where c.calling_code = m.calling_code;\n"
        + _insert(
            "phone_leading_digits",
            "calling_code, leading_digits, region, valid_number_pattern",
            (
                f"{p.calling_code}, {_text(p.leading_digits)}, {_text(p.region)},"
                f" {_text(p.valid_number_pattern)}"
                for p in prefixes
            ),
        )
    )


# Number types that cost the sender (SMS pumping / toll fraud targets).
COSTLY_NUMBER_TYPES = ("premium_rate", "shared_cost")
COSTLY_TEMPLATE = Path(__file__).resolve().parent / "phone_costly_numbers_table.sql"


@dataclass(frozen=True)
class CostlyRow:
    region: str
    number_type: str
    calling_code: int
    pattern: str


def costly_rows() -> list[CostlyRow]:
    """Each region's premium-rate and shared-cost numbers, as one anchored pattern each."""
    rows: list[CostlyRow] = []
    for region in sorted(SUPPORTED_REGIONS):
        metadata = PhoneMetadata.metadata_for_region(region)
        for name in COSTLY_NUMBER_TYPES:
            desc = getattr(metadata, name)
            pattern = _desc_pattern(desc)
            if pattern is None:
                continue
            guard = _length_guard(desc.possible_length, pattern)
            rows.append(
                CostlyRow(region, name, metadata.country_code, f"{guard}(?:{pattern.text})")
            )
    return rows


def render_costly() -> str:
    header = (
        COSTLY_TEMPLATE.read_text(encoding="utf-8")
        .replace("@COMMAND@", COMMAND)
        .replace("@VERSION@", phonenumbers.__version__)
    )
    return header + _insert(
        "phone_costly_number_types",
        "region, number_type, calling_code, pattern",
        (
            f"{_text(r.region)}, {_text(r.number_type)}, {r.calling_code}, {_text(r.pattern)}"
            for r in costly_rows()
        ),
    )


FORMATS_TEMPLATE = Path(__file__).resolve().parent / "phone_number_formats_function.sql"


def format_rows() -> list[str]:
    """Each calling code's formats, from its main region's metadata (the
    metadata phonenumbers.format_number formats with), patterns checked."""
    rows: list[str] = []
    for code in sorted(COUNTRY_CODE_TO_REGION_CODE):
        main_region = COUNTRY_CODE_TO_REGION_CODE[code][0]
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, main_region)
        if metadata is None:
            continue
        for international, formats in (
            (False, metadata.number_format),
            (True, metadata.intl_number_format),
        ):
            for position, fmt in enumerate(formats, start=1):
                leading = fmt.leading_digits_pattern[-1] if fmt.leading_digits_pattern else None
                for pattern in (fmt.pattern, leading):
                    if pattern is not None:
                        checked(pattern)
                if fmt.format == "NA" or not re.fullmatch(r"[^&]*", fmt.format):
                    raise PatternError(f"+{code}: format {fmt.format!r} is not supported")
                rows.append(
                    f"    ({code}, {str(international).lower()}, {position}, {_text(leading)},"
                    f" {_text(fmt.pattern)}, {_text(fmt.format)},"
                    f" {_text(fmt.national_prefix_formatting_rule or None)})"
                )
    return rows


def render_formats() -> str:
    return (
        FORMATS_TEMPLATE.read_text(encoding="utf-8")
        .replace("@COMMAND@", COMMAND)
        .replace("@VERSION@", phonenumbers.__version__)
        .replace("@ROWS@", ",\n".join(format_rows()))
    )


def _check(path: Path, text: str) -> bool:
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if current == text:
        return True
    sys.stdout.writelines(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            text.splitlines(keepends=True),
            str(path),
            "generated",
            n=1,
        )
    )
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--costly-output", type=Path, default=COSTLY_OUTPUT)
    parser.add_argument("--formats-output", type=Path, default=FORMATS_OUTPUT)
    parser.add_argument(
        "--check",
        action="store_true",
        help="only compare: exit 1 and print a diff when a file is not up to date",
    )
    args = parser.parse_args(argv)
    outputs = [
        (args.output, render()),
        (args.costly_output, render_costly()),
        (args.formats_output, render_formats()),
    ]
    if args.check:
        fresh = [_check(path, text) for path, text in outputs]
        return 0 if all(fresh) else 1
    for path, text in outputs:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path} from phonenumbers {phonenumbers.__version__}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
