"""Yearly rules end on the calendar anniversary, with one rule for 29 February."""

import datetime

import pytest

from membership.anniversaries import add_years, latest_anniversary, latest_start_for, one_year_from


def date(year, month, day):
    return datetime.date(year, month, day)


@pytest.mark.parametrize(("day", "years", "anniversary"), [
    (date(2023, 3, 1), 1, date(2024, 3, 1)),
    (date(2023, 2, 28), 1, date(2024, 2, 28)),
    (date(2024, 2, 29), 1, date(2025, 3, 1)),
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
    (date(2028, 2, 29), -3, date(2025, 3, 1)),
])
def test_the_anniversary_is_the_same_calendar_day(day, years, anniversary):
    assert add_years(day, years) == anniversary


@pytest.mark.parametrize(("starts", "last_day"), [
    (date(2023, 3, 1), date(2024, 2, 29)),
    (date(2024, 2, 29), date(2025, 2, 28)),
    (date(2024, 3, 1), date(2025, 2, 28)),
    (date(2024, 12, 31), date(2025, 12, 30)),
])
def test_a_year_from_a_day_is_held_until_the_day_before_its_anniversary(starts, last_day):
    assert one_year_from(starts) == last_day


@pytest.mark.parametrize(("day", "years", "latest"), [
    (date(2028, 2, 29), 3, date(2025, 2, 28)),
    (date(2028, 3, 1), 3, date(2025, 3, 1)),
    (date(2029, 2, 28), 1, date(2028, 2, 28)),
])
def test_the_latest_start_that_has_lasted_whole_years(day, years, latest):
    assert latest_start_for(day, years) == latest
    assert add_years(latest, years) <= day < add_years(latest + datetime.timedelta(days=1), years)


@pytest.mark.parametrize(("day", "on", "expected"), [
    (datetime.date(2023, 3, 1), datetime.date(2024, 2, 29), None),
    (datetime.date(2023, 3, 1), datetime.date(2025, 2, 28), datetime.date(2024, 3, 1)),
    (datetime.date(2024, 2, 29), datetime.date(2025, 3, 1), datetime.date(2025, 3, 1)),
    (datetime.date(2024, 2, 29), datetime.date(2028, 2, 29), datetime.date(2028, 2, 29)),
])
def test_the_latest_anniversary_is_the_same_calendar_day_with_29_february_as_1_march(
    day, on, expected
):
    assert latest_anniversary(day, on) == expected
