"""Date arithmetic for supervision deadlines: working days, calendar limits, monthly periods.

Pure functions with no database: callers pass the holiday calendar in as sets of dates
(`holidays`: days off that fall on weekdays; `workdays`: weekend days worked in exchange,
the 调休 days of the State Council's holiday notice).
"""

from collections.abc import Collection
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def today_in_china() -> date:
    """Dates the law counts are dates in Asia/Shanghai, whatever the server's zone."""
    return datetime.now(CHINA).date()


def is_working_day(day: date, holidays: Collection[date] = (), workdays: Collection[date] = ()) -> bool:
    if day in workdays:
        return True
    if day in holidays:
        return False
    return day.weekday() < 5


def add_working_days(start: date, count: int, holidays: Collection[date] = (), workdays: Collection[date] = ()) -> date:
    """The `count`-th working day after `start` (the start day itself is not counted).

    "Accept within 5 working days of receipt": received on a Friday, the limit is the next
    Friday; a week with a public holiday pushes it further.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays):
            remaining -= 1
    return day


def working_days_between(
    start: date, end: date, holidays: Collection[date] = (), workdays: Collection[date] = ()
) -> int:
    """Working days after `start` up to and including `end` (negative if `end` is earlier)."""
    if end < start:
        return -working_days_between(end, start, holidays, workdays)
    days = (start + timedelta(offset) for offset in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_working_day(day, holidays, workdays))


def add_days(start: date, count: int) -> date:
    """A limit in calendar days: the `count`-th day after `start`."""
    return start + timedelta(days=count)


def add_years(start: date, years: int) -> date:
    """The same day `years` later; 29 February falls back to 28 February in a common year."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def first_working_day_from(day: date, holidays: Collection[date] = (), workdays: Collection[date] = ()) -> date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day, holidays, workdays):
        day += timedelta(days=1)
    return day


def enforcement_limit(
    performance_end: date, years: int = 2, holidays: Collection[date] = (), workdays: Collection[date] = ()
) -> date:
    """Last day to apply for enforcement: two years counted from the last day of the performance
    period (Civil Procedure Law art. 250); it ends on the same calendar day `years` later, and when
    that day is a weekend or public holiday the period ends on the first working day after it
    (Civil Procedure Law art. 85: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期)."""
    return first_working_day_from(add_years(performance_end, years), holidays, workdays)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    first = day.replace(day=1)
    return (first + timedelta(days=32)).replace(day=1)


def previous_month(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_bounds(period: date) -> tuple[date, date]:
    """First and last day of the month containing `period`."""
    first = month_start(period)
    return first, next_month(first) - timedelta(days=1)


def days_overdue(due: date, today: date | None = None) -> int:
    """Days past a due date (0 if not yet due)."""
    return max(((today or today_in_china()) - due).days, 0)


def days_left(due: date, today: date | None = None) -> int:
    """Days until a due date (negative once past)."""
    return (due - (today or today_in_china())).days


def month_start_iso(value: str) -> date:
    return month_start(date.fromisoformat(value))
