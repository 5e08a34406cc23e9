"""How the settings pages write values for people (shim/web/settings_display.py)."""

from __future__ import annotations

from shim.web.settings_display import (
    clock,
    duration,
    hours_text,
    long_date,
    phone_regions,
    price,
    time_zone_choices,
)


def test_times_in_the_clinics_clock() -> None:
    assert clock("13:30", "12h") == "1:30 PM"
    assert clock("00:15", "12h") == "12:15 AM"
    assert clock("12:00", "12h") == "12:00 PM"
    assert clock("24:00", "12h") == "midnight"
    assert clock("09:05", "24h") == "09:05"
    assert clock("24:00", "24h") == "24:00"


def test_dates_durations_and_prices_in_words() -> None:
    assert long_date("2026-12-14") == "Monday, December 14, 2026"
    assert duration(45) == "45 minutes"
    assert duration(90) == "1 hour 30 minutes"
    assert duration(1440) == "1 day"
    assert hours_text(1440) == "24"
    assert hours_text(90) == "1.5"
    assert price(8050) == "80.50"
    assert price(5) == "0.05"


def test_phone_regions_by_country_name() -> None:
    regions = dict(phone_regions())
    assert regions["US"] == "United States (+1)"
    assert regions["FR"] == "France (+33)"
    assert len(regions) > 200


def test_the_clinics_own_zone_is_always_a_choice() -> None:
    zones = [
        {"timezone": "America/New_York", "name": "Eastern Time"},
        {"timezone": "America/Bogota", "name": "America/Bogota"},
    ]
    choices = time_zone_choices(zones, "America/New_York")
    assert choices["named"] == [("America/New_York", "Eastern Time (America/New York)")]
    assert [zone for zone, _label in choices["every"]] == ["America/New_York", "America/Bogota"]
    alias = time_zone_choices(zones, "US/Eastern")
    assert alias["every"][0] == ("US/Eastern", "US/Eastern"), "saving never changes it unasked"
