"""The official holiday calendar (国务院办公厅 holiday notices) from the maintained `chinesecalendar`
library, with the administrator's `Holiday` rows as overrides.

The functions are pure: the library's tables and the override rows go in, sets of dates come out
(the last one, for the directors' calendar page, reads the override rows itself). A year
the installed library does not cover yet (the State Council publishes next year's notice in
November or December; upgrade `chinesecalendar` then) counts weekends only, unless the
administrator enters that year's days as `Holiday` rows.
"""

from collections.abc import Mapping
from datetime import date

from chinese_calendar import constants as official
from django.utils.translation import gettext_lazy as _

from legalaid.directory.rules import DayCalendar, register_calendar

from .models import Holiday

DAY_OFF = "day_off"
WORKDAY = "workday"


def covered_years() -> set[int]:
    """Years whose holiday notice the installed library carries."""
    return {day.year for day in official.holidays}


def uncovered_years(years) -> list[int]:
    covered = covered_years()
    return sorted(year for year in set(years) if year not in covered)


def calendar_between(start: date, end: date, overrides: Mapping[date, str]) -> tuple[set[date], set[date]]:
    """Days off and swapped workdays (调休) from `start` to `end`, both included.

    An override row wins over the library for its date: a `day_off` row makes the day a holiday
    even if the library works it, a `workday` row makes it worked even if the library rests.
    """
    days_off = {day for day in official.holidays if start <= day <= end}
    workdays = {day for day in official.workdays if start <= day <= end}
    for day, kind in overrides.items():
        if not start <= day <= end:
            continue
        days_off.discard(day)
        workdays.discard(day)
        (days_off if kind == DAY_OFF else workdays).add(day)
    return days_off, workdays


def calendar_with_overrides(start: date, end: date) -> tuple[set[date], set[date]]:
    overrides = dict(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind"))
    return calendar_between(start, end, overrides)


# Centre directors add overrides on the directory's rule pages (the administrator keeps Django admin).
register_calendar(DayCalendar(title=_("节假日安排"), model=Holiday, days_between=calendar_with_overrides))
