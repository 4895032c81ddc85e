"""Yearly rules end on the calendar anniversary; one rule for 29 February, used everywhere.

Grants, certifications, sponsor terms and working-group evaluations all last "a
year" (new-membership-model.md). A year from 29 February ends on 28 February in
a year without one, and the next year begins on 1 March.
"""

import datetime


def add_years(day, years):
    """The same calendar day `years` later (or earlier); 29 February becomes 1 March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return datetime.date(day.year + years, 3, 1)


def one_year_from(day):
    """The last day of a one-year term that starts on `day`: the day before its anniversary."""
    return add_years(day, 1) - datetime.timedelta(days=1)


def latest_start_for(day, years):
    """The latest day a term could start and have lasted `years` full years by `day`."""
    start = add_years(day, -years)
    if add_years(start, years) > day:  # `day` is 29 February; 1 March is a day too late
        start -= datetime.timedelta(days=1)
    return start


def latest_anniversary(day, on):
    """The latest anniversary of `day` on or before `on`; None before the first."""
    years = on.year - day.year
    if years > 0 and add_years(day, years) > on:
        years -= 1
    return add_years(day, years) if years > 0 else None
