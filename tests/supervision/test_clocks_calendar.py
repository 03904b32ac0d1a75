"""CPL art. 85 across the official calendar: a limit whose last day is a public holiday ends on the
first working day after it, from the maintained library alone, and an administrator's row wins."""

from datetime import date

import pytest

from supervision import dates, holidays
from supervision.models import Holiday
from supervision.services import holiday_calendar

pytestmark = pytest.mark.django_db


def _limit(performance_end: date) -> date:
    return dates.enforcement_limit(performance_end, 2, *holiday_calendar(dates.add_years(performance_end, 2), 60))


def test_a_limit_on_national_day_moves_past_the_holiday_with_no_rows():
    assert not Holiday.objects.exists()
    # 1 October 2026 (Thursday) opens the 2026 National Day holiday (1-7 October, from the library).
    assert _limit(date(2024, 10, 1)) == date(2026, 10, 8)


def test_an_administrators_day_off_pushes_it_further():
    Holiday.objects.create(date=date(2026, 10, 8), name="本地补休", kind=Holiday.Kind.DAY_OFF)
    assert _limit(date(2024, 10, 1)) == date(2026, 10, 9)


def test_a_swapped_working_weekend_day_ends_the_period_on_it():
    # Saturday 10 October 2026 is worked in exchange for the holiday (调休): a limit falling on it stays.
    assert date(2026, 10, 10) in holiday_calendar(date(2026, 10, 1), 30)[1]
    assert _limit(date(2024, 10, 10)) == date(2026, 10, 10)


def test_next_years_calendar_is_named_when_the_library_lacks_it():
    covered = holidays.covered_years()
    assert holidays.uncovered_years([2026, 2027]) == ([] if 2027 in covered else [2027])
