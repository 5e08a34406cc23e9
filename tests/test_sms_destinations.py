"""booking.is_costly_phone_number agrees with phonenumbers.number_type.

SMS pumping targets premium-rate and shared-cost numbers; the SQL function
reads them from booking.phone_costly_number_types, which
tools/generate_phone_metadata.py copies from phonenumbers into
schema/0080_phone_costly_numbers.sql. On the example number of every type of
every region (the number types phonenumbers knows), the function must say
"costly" exactly when phonenumbers says PREMIUM_RATE or SHARED_COST.
"""

from __future__ import annotations

import phonenumbers
import psycopg
from phonenumbers import PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonenumberutil import SUPPORTED_REGIONS

from tools import generate_phone_metadata

COSTLY = {PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST}
TYPES = [t for t in PhoneNumberType.values() if t != PhoneNumberType.UNKNOWN]


def example_numbers() -> dict[str, bool]:
    """E.164 example number -> whether phonenumbers calls it premium or shared cost."""
    examples: dict[str, bool] = {}
    for region in sorted(SUPPORTED_REGIONS):
        for number_type in TYPES:
            number = phonenumbers.example_number_for_type(region, number_type)
            if number is None or not phonenumbers.is_valid_number(number):
                continue
            e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
            examples[e164] = phonenumbers.number_type(number) in COSTLY
    return examples


def test_costly_numbers_are_phonenumbers_premium_rate_and_shared_cost(
    db: psycopg.Connection,
) -> None:
    examples = example_numbers()
    assert sum(examples.values()) > 100  # the metadata has many such numbers
    rows = db.execute(
        "select n, booking.is_costly_phone_number(n) from unnest(%s::text[]) n", [list(examples)]
    ).fetchall()
    disagreements = {number: costly for number, costly in rows if costly != examples[number]}
    assert disagreements == {}


def test_committed_costly_numbers_are_what_the_generator_writes_now() -> None:
    committed = generate_phone_metadata.COSTLY_OUTPUT.read_text(encoding="utf-8")
    assert committed == generate_phone_metadata.render_costly(), (
        "schema/0080_phone_costly_numbers.sql is stale for phonenumbers "
        f"{phonenumbers.__version__}: run `{generate_phone_metadata.COMMAND}`"
    )
