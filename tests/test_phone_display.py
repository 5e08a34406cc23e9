"""booking.phone_display writes a number as phonenumbers.format_number
does: NATIONAL for a clinic whose region has the number's calling code,
INTERNATIONAL otherwise, on the example numbers of every type of every
region (the formats are phonenumbers' own, copied by
tools/generate_phone_metadata.py into functions/booking.phone_number_formats.sql)."""

from __future__ import annotations

import phonenumbers
import psycopg
from phonenumbers import PhoneMetadata, PhoneNumberFormat
from phonenumbers.phonenumberutil import SUPPORTED_REGIONS

from tools import generate_phone_metadata

TYPES = (
    "fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number",
    "voip", "pager", "uan", "voicemail",
)  # fmt: skip


def example_numbers() -> list[phonenumbers.PhoneNumber]:
    found = []
    for region in sorted(SUPPORTED_REGIONS):
        metadata = PhoneMetadata.metadata_for_region(region)
        for name in TYPES:
            desc = getattr(metadata, name)
            if desc is not None and desc.example_number:
                found.append(phonenumbers.parse(desc.example_number, region))
    return found


def test_phone_display_is_phonenumbers_national_and_international_format(
    db: psycopg.Connection,
) -> None:
    cases = []
    for number in example_numbers():
        e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
        home = phonenumbers.region_code_for_country_code(number.country_code)
        abroad = "US" if number.country_code != 1 else "GB"
        cases.append((e164, home, phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)))
        cases.append(
            (e164, abroad, phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL))
        )
    assert len(cases) > 2000
    rows = db.execute(
        "select c.phone, c.region, c.expected, booking.phone_display(c.phone, c.region)"
        " from unnest(%s::text[], %s::text[], %s::text[]) as c(phone, region, expected)",
        ([c[0] for c in cases], [c[1] for c in cases], [c[2] for c in cases]),
    ).fetchall()
    wrong = [row for row in rows if row[2] != row[3]]
    assert not wrong, f"{len(wrong)} of {len(rows)} differ, e.g. {wrong[:10]}"


def test_committed_formats_are_what_the_generator_writes_now() -> None:
    committed = generate_phone_metadata.FORMATS_OUTPUT.read_text(encoding="utf-8")
    assert committed == generate_phone_metadata.render_formats(), (
        "functions/booking.phone_number_formats.sql is stale for phonenumbers"
        f" {phonenumbers.__version__}: run `{generate_phone_metadata.COMMAND}`"
    )
