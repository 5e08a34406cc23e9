"""booking.normalize_phone agrees with phonenumbers, its source of truth.

The inputs are phonenumbers' own example numbers of every type in every
region (and of every non-geographic calling code), written in every way a
caller might write them, plus invalid variants of them and random digit
strings; each is read with its own region and with other default regions.
For each input the SQL function must answer what phonenumbers answers:
format_number(parse(raw, region), E164) when the parsed number is valid,
else NULL. Inputs are generated with a fixed seed, so a failure reproduces.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers
import psycopg
import pytest
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, SUPPORTED_REGIONS

from tools import generate_phone_metadata

SEED = 20260118

# Regions the issue names; like every other region, all their inputs agree.
MAJOR_REGIONS = frozenset(
    {"US", "CA", "GB", "DE", "FR", "IT", "ES", "NL", "AU", "IN"}
    | {"BR", "MX", "AR", "JP", "CN", "ZA", "NG", "IE", "NZ", "SG"}
)

# Inputs that phonenumbers reads and booking.normalize_phone refuses by
# contract. The function accepts only these characters (anything else, such
# as letters of a vanity number or of "ext.", '#', '*', ',', ';' or '~',
# gives NULL): ASCII, full-width and Arabic-Indic digits, the plus signs,
# phonenumbers' separators except the letter x and the tildes, and white space.
ACCEPTED_CHARACTERS = frozenset(
    "0123456789"
    "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
    "+\uff0b"
    "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\uff0d\uff0e\uff0f"
    " \u00a0\u00ad\u200b\u2060\u3000()\uff08\uff09\uff3b\uff3d.[]/"
    "\t\n\r\f\v"
)

# International dialling prefixes as callers dial them, with a region that
# uses each; numbers of other regions are written after them.
DIALLED_FROM = {
    "US": "011",
    "CA": "011",
    "GB": "00",
    "DE": "00",
    "JP": "010",
    "AU": "0011",
    "RU": "8 10",
    "BR": "00 21",
    "MX": "00",
    "SG": "001",
    "IL": "014",
    "KR": "001",
    "CN": "00",
    "FI": "990",
    "HK": "001",
}

FULL_WIDTH_DIGITS = str.maketrans(
    "0123456789", "\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19"
)

NUMBER_TYPES = [
    t
    for t in PhoneNumberType.values()
    if t not in (PhoneNumberType.UNKNOWN, PhoneNumberType.FIXED_LINE_OR_MOBILE)
]


@dataclass(frozen=True)
class Case:
    phone: str
    region: str | None
    origin: str  # the region (or +code) whose example number this came from


def expected(phone: str, region: str | None) -> str | None:
    """What phonenumbers answers, under the function's character contract."""
    if not set(phone) <= ACCEPTED_CHARACTERS:
        return None
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def example_numbers() -> Iterator[tuple[str, phonenumbers.PhoneNumber]]:
    for region in sorted(SUPPORTED_REGIONS):
        seen: set[str] = set()
        for number_type in NUMBER_TYPES:
            number = phonenumbers.example_number_for_type(region, number_type)
            if number is None:
                continue
            e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            if e164 not in seen:
                seen.add(e164)
                yield region, number
    for code, regions in sorted(COUNTRY_CODE_TO_REGION_CODE.items()):
        if regions == ("001",):
            number = phonenumbers.example_number_for_non_geo_entity(code)
            if number is not None:
                yield f"+{code}", number


def punctuated(text: str, rng: random.Random) -> str:
    """The same number with other separators, brackets and outer spaces."""
    separator = rng.choice(["-", ".", " - ", "/", "\u2013", "\u00a0", "  ", ""])
    words = text.split()
    if len(words) > 2 and rng.random() < 0.5:
        words[1] = f"({words[1]})"
    return rng.choice(["", " ", "\t", "("]) + separator.join(words) + rng.choice(["", " ", "."])


def mutated(digits: str, rng: random.Random) -> str:
    """A near miss: a digit dropped, added or changed."""
    position = rng.randrange(len(digits))
    action = rng.choice(["drop", "add", "change"])
    if action == "drop":
        return digits[:position] + digits[position + 1 :]
    if action == "add":
        return digits[:position] + rng.choice("0123456789") + digits[position:]
    return digits[:position] + rng.choice("0123456789") + digits[position + 1 :]


def generated_cases() -> list[Case]:
    rng = random.Random(SEED)
    regions = sorted(SUPPORTED_REGIONS)
    cases: list[Case] = []
    for origin, number in example_numbers():
        own_region = origin if not origin.startswith("+") else None
        e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
        national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
        nsn = phonenumbers.national_significant_number(number)
        code = str(number.country_code)
        home = own_region or rng.choice(regions)
        elsewhere = rng.choice(regions)
        dialled_from = rng.choice(sorted(DIALLED_FROM))

        def add(phone: str, region: str | None, origin: str = origin) -> None:
            cases.append(Case(phone, region, origin))

        for region in (home, elsewhere, None):
            add(e164, region)
            add(international, region)
        add(punctuated(international, rng), elsewhere)
        add(national, home)
        add(punctuated(national, rng), home)
        add(nsn, home)
        add(national, elsewhere)  # read as a number of another region
        add(code + nsn, home)  # the calling code without '+'
        add(f"{code} {national}", home)
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(home)
        if metadata is not None and metadata.national_prefix:
            add(f"+{code} ({metadata.national_prefix}) {nsn}", elsewhere)
        if metadata is not None:
            for length in metadata.general_desc.possible_length_local_only:
                add(nsn[-length:], home)  # dialled locally, without the area code
        carrier = rng.choice(["15", "21", "31", "4"])
        add(phonenumbers.format_national_number_with_carrier_code(number, carrier), home)
        # Dialled from abroad, also with a '+' before the international prefix.
        add(f"{DIALLED_FROM[dialled_from]} {international.lstrip('+')}", dialled_from)
        add(f"+{DIALLED_FROM[dialled_from]} {code} {nsn}", dialled_from)
        add(f"00 {code} {nsn}", home)
        add(national.translate(FULL_WIDTH_DIGITS), home)
        # Invalid variants.
        add("+" + mutated(e164[1:], rng), home)
        add(mutated(national, rng), home)
        add(mutated(nsn, rng), home)
        add(e164 + rng.choice("0123456789"), home)
        add(e164[:-1], home)
        add(national.replace(" ", "\t", 1), home)
        # Refused by contract: extensions, letters.
        add(international + rng.choice([" ext. 12", " x12", " #12", ",12", "#"]), home)
        add("Tel: " + international, home)
    for region in regions:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        prefix = metadata.national_prefix or ""
        for length in metadata.general_desc.possible_length:
            digits = "".join(rng.choice("0123456789") for _ in range(length))
            cases.append(Case(prefix + digits, region, "random"))
            cases.append(Case(digits, region, "random"))
    for _ in range(3000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 24)))
        region = rng.choice([*regions, None, "ZZ", "001", "us"])
        cases.append(Case(rng.choice(["", "+", "00", "0", "1"]) + digits, region, "random"))
    for phone in [
        "",
        " ",
        "+",
        "++",
        "abc",
        "+1-555-1234",
        "1" * 30,
        "+" + "4" * 250,
        "\u2603",
        "+1 (415) 555-2671 \u2603",
    ]:
        for region in ("US", "GB", None):
            cases.append(Case(phone, region, "edge"))
    return cases


@pytest.fixture(scope="module")
def comparison(database_url: str) -> list[tuple[Case, str | None, str | None]]:
    """(case, SQL answer, phonenumbers answer) for every generated case."""
    # Grouped by region, the calls reuse PostgreSQL's cache of compiled regexes.
    cases = sorted(generated_cases(), key=lambda c: (c.origin, c.region or ""))
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """
            select booking.normalize_phone(t.phone, t.region)
              from unnest(%s::text[], %s::text[]) with ordinality as t(phone, region, position)
             order by t.position
            """,
            ([c.phone for c in cases], [c.region for c in cases]),
        ).fetchall()
    return [
        (case, row[0], expected(case.phone, case.region))
        for case, row in zip(cases, rows, strict=True)
    ]


def test_sql_agrees_with_phonenumbers(comparison) -> None:
    mismatches = [
        f"{case.origin}: normalize_phone({case.phone!r}, {case.region!r})"
        f" = {got!r}, phonenumbers: {want!r}"
        for case, got, want in comparison
        if got != want
    ]
    shown = "\n".join(mismatches[:40])
    assert mismatches == [], f"{len(mismatches)} of {len(comparison)} differ:\n{shown}"


def test_the_comparison_covers_every_region(comparison) -> None:
    assert len(comparison) > 30_000
    valid = [case for case, _, want in comparison if want is not None]
    assert len(valid) > 15_000
    assert len(comparison) - len(valid) > 10_000, "too few invalid inputs"
    valid_by_origin = Counter(case.origin for case in valid)
    assert set(SUPPORTED_REGIONS) - set(valid_by_origin) == set()
    assert {
        region: valid_by_origin[region] for region in MAJOR_REGIONS if valid_by_origin[region] < 50
    } == {}
    non_geographic = {
        code for code, regions in COUNTRY_CODE_TO_REGION_CODE.items() if regions == ("001",)
    }
    assert {f"+{code}" for code in non_geographic} - set(valid_by_origin) == set()


def test_every_stored_pattern_compiles_in_postgresql(db: psycopg.Connection) -> None:
    patterns = db.execute(
        """
        select p.pattern from booking.phone_regions r,
          lateral (values (r.international_prefix), (r.national_prefix_for_parsing),
                          (r.national_number_pattern)) as p(pattern)
        union all select valid_number_pattern from booking.phone_calling_codes
        union all select valid_number_pattern from booking.phone_leading_digits
        """
    ).fetchall()
    broken = []
    for (pattern,) in patterns:
        if pattern is None:
            continue
        try:
            db.execute("select '' ~ %s", (f"^(?:{pattern})$",))
        except psycopg.Error as exc:
            broken.append(f"{pattern[:60]}: {exc}")
    assert len(patterns) > 900
    assert broken == []


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+",
        r"(?=1)2",
        r"(?!1)2",
        r"1??",
        r"1{2,3}?",
        r"(1)\1",
        r"[^1]",
        r"1.",
        r"(?P<a>1)",
        r"[a-z]",
    ],
)
def test_the_generator_refuses_syntax_outside_the_shared_subset(pattern: str) -> None:
    with pytest.raises(generate_phone_metadata.PatternError):
        generate_phone_metadata.checked(pattern)


def test_the_generator_reads_lengths_and_prefixes() -> None:
    pattern = generate_phone_metadata.checked(r"(1)?[2-4]\d{2,3}")
    assert pattern.capturing_groups == 1
    assert pattern.lengths == {3, 4, 5}
    assert generate_phone_metadata.strings(
        generate_phone_metadata.checked("8001|8[024]9").tree
    ) == {"8001", "809", "829", "849"}


def test_committed_metadata_is_what_the_generator_writes_now() -> None:
    committed = generate_phone_metadata.OUTPUT.read_text(encoding="utf-8")
    assert committed == generate_phone_metadata.render(), (
        f"schema/0003_phone_metadata.sql is stale for phonenumbers {phonenumbers.__version__}: "
        f"run `{generate_phone_metadata.COMMAND}`"
    )
