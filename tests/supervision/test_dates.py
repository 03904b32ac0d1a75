"""Working-day and limit arithmetic (pure; time frozen where "today" matters)."""

from datetime import date

import time_machine

from supervision import dates

# 2026 National Day holiday: 1-7 October off, Sunday 27 Sept and Saturday 10 Oct worked (illustrative).
NATIONAL_DAY = {date(2026, 10, d) for d in range(1, 8)}
SWAPPED = {date(2026, 9, 27), date(2026, 10, 10)}


def test_five_working_days_skip_the_weekend():
    # Friday 13 March 2026 → the following Friday.
    assert dates.add_working_days(date(2026, 3, 13), 5) == date(2026, 3, 20)
    # Received on a Saturday: the week's five working days count from Monday.
    assert dates.add_working_days(date(2026, 3, 14), 5) == date(2026, 3, 20)


def test_zero_working_days_is_the_start_day():
    assert dates.add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 14)


def test_holidays_are_skipped_and_swapped_weekends_count():
    # Received Wednesday 30 Sept: 1-7 Oct off, Thu 8, Fri 9, Sat 10 (worked), Mon 12, Tue 13.
    assert dates.add_working_days(date(2026, 9, 30), 5, NATIONAL_DAY, SWAPPED) == date(2026, 10, 13)
    # Without the swap the Saturday does not count.
    assert dates.add_working_days(date(2026, 9, 30), 5, NATIONAL_DAY) == date(2026, 10, 14)
    assert dates.is_working_day(date(2026, 9, 27), NATIONAL_DAY, SWAPPED)
    assert not dates.is_working_day(date(2026, 10, 5), NATIONAL_DAY, SWAPPED)


def test_working_days_between_is_the_inverse():
    start = date(2026, 9, 25)
    for count in range(0, 15):
        end = dates.add_working_days(start, count, NATIONAL_DAY, SWAPPED)
        assert dates.working_days_between(start, end, NATIONAL_DAY, SWAPPED) == count
    assert dates.working_days_between(date(2026, 3, 20), date(2026, 3, 13)) == -5


def test_negative_count_is_refused():
    import pytest

    with pytest.raises(ValueError):
        dates.add_working_days(date(2026, 3, 13), -1)


def test_calendar_day_limits():
    assert dates.add_days(date(2026, 3, 2), 45) == date(2026, 4, 16)


def test_enforcement_limit_is_two_years_from_the_last_day_of_performance():
    assert dates.enforcement_limit(date(2026, 6, 30)) == date(2028, 6, 30)
    assert dates.enforcement_limit(date(2028, 2, 29)) == date(2030, 2, 28)


def test_month_periods():
    assert dates.month_bounds(date(2026, 2, 17)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert dates.month_bounds(date(2028, 2, 3)) == (date(2028, 2, 1), date(2028, 2, 29))
    assert dates.next_month(date(2026, 12, 31)) == date(2027, 1, 1)
    assert dates.previous_month(date(2026, 1, 15)) == date(2025, 12, 1)


@time_machine.travel("2026-03-20 23:30:00+08:00", tick=False)
def test_today_is_counted_in_china():
    # 15:30 UTC on the 20th is already the 20th in Shanghai, late evening.
    assert dates.today_in_china() == date(2026, 3, 20)
    assert dates.days_overdue(date(2026, 3, 18)) == 2
    assert dates.days_overdue(date(2026, 3, 25)) == 0
    assert dates.days_left(date(2026, 3, 25)) == 5


@time_machine.travel("2026-03-20 16:30:00+00:00", tick=False)
def test_utc_evening_is_the_next_day_in_china():
    assert dates.today_in_china() == date(2026, 3, 21)


def test_enforcement_limit_on_a_weekend_moves_to_the_monday():
    # Two years from 5 June 2026 end on Monday 5 June 2028, a working day: unchanged.
    assert dates.enforcement_limit(date(2026, 6, 5)) == date(2028, 6, 5)
    # 2028-09-30 is a Saturday: the period ends on Monday 2 October unless that is a holiday.
    assert dates.enforcement_limit(date(2026, 9, 30)) == date(2028, 10, 2)


def test_enforcement_limit_on_a_public_holiday_moves_past_the_holiday():
    # Performance ended 1 October 2024: two years on is National Day 2026; the first working day is Thu 8 Oct.
    assert dates.enforcement_limit(date(2024, 10, 1), 2, NATIONAL_DAY, SWAPPED) == date(2026, 10, 8)
    # A swapped Saturday is a working day: a limit falling on it stays there.
    assert dates.enforcement_limit(date(2024, 10, 10), 2, NATIONAL_DAY, SWAPPED) == date(2026, 10, 10)


def test_first_working_day_from_a_working_day_is_the_day_itself():
    assert dates.first_working_day_from(date(2026, 3, 13)) == date(2026, 3, 13)
    assert dates.first_working_day_from(date(2026, 3, 14)) == date(2026, 3, 16)
