"""How the settings pages write values for people: times in the clinic's
clock (12- or 24-hour), dates in words, durations, prices, the phone regions
by country name and the time zones as people say them. Presentation only:
the values are the SQL's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import phonenumbers
from phonenumbers import geocoder


def clock(hhmm: str, time_format: str) -> str:
    """'13:30' -> '1:30 PM' (12h) or '13:30' (24h); '24:00' closes the day."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    if time_format != "12h":
        return f"{hours:02d}:{minutes:02d}"
    if hours == 24:
        return "midnight"
    suffix = "AM" if hours < 12 else "PM"
    return f"{(hours % 12) or 12}:{minutes:02d} {suffix}"


def long_date(iso: str) -> str:
    """'2026-12-14' -> 'Monday, December 14, 2026'."""
    day = dt.date.fromisoformat(iso)
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def duration(minutes: int) -> str:
    """120 -> '2 hours', 90 -> '1 hour 30 minutes', 1440 -> '1 day'."""
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    for amount, unit in ((days, "day"), (hours, "hour"), (mins, "minute")):
        if amount:
            parts.append(f"{amount} {unit}{'' if amount == 1 else 's'}")
    return " ".join(parts) or "0 minutes"


def hours_text(minutes: int) -> str:
    """A reminder offset as the form takes it back: 1440 -> '24', 90 -> '1.5'."""
    hours = minutes / 60
    return str(int(hours)) if hours == int(hours) else f"{hours:g}"


def price(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


@cache
def phone_regions() -> list[tuple[str, str]]:
    """Every region phone numbers are read for, as (code, 'France (+33)'), by name."""
    regions = []
    for region in phonenumbers.SUPPORTED_REGIONS:
        example = phonenumbers.example_number(region)
        name = geocoder.country_name_for_number(example, "en") if example else ""
        code = phonenumbers.country_code_for_region(region)
        regions.append((region, f"{name or region} (+{code})"))
    return sorted(regions, key=lambda pair: pair[1])


def time_zone_choices(
    zones: Sequence[Mapping[str, Any]], current: str
) -> dict[str, list[tuple[str, str]]]:
    """The select's two groups: zones with a name people say ('Eastern Time
    (America/New_York)'), by name, then every zone by its id; the clinic's
    own zone first when the list does not have it (an alias such as
    US/Eastern), so saving the form never changes it unasked."""
    named = []
    every = []
    if current not in {str(zone["timezone"]) for zone in zones}:
        every.append((current, current.replace("_", " ")))
    for zone in zones:
        zone_id, name = str(zone["timezone"]), str(zone["name"])
        every.append((zone_id, zone_id.replace("_", " ")))
        if name != zone_id:
            named.append((zone_id, f"{name} ({zone_id.replace('_', ' ')})"))
    return {
        "named": sorted(named, key=lambda pair: pair[1]),
        "every": every,
    }


FILTERS = {
    "clock": clock,
    "long_date": long_date,
    "duration": duration,
    "hours_text": hours_text,
    "price": price,
}
