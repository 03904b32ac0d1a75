"""Reporting periods: months and years in Asia/Shanghai, and how much of a year has passed.

Pure functions with no database, so the boundaries every report counts with are tested alone.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

CHINA = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Period:
    """A half-open span of local days [first, after) with its aware datetime bounds."""

    first: date
    after: date  # the day after the last day
    unit: str = "month"  # or "year": how the period is named

    @property
    def label(self) -> str:
        """Its name in the active language (stored reports are made under Chinese)."""
        if self.unit == "year":
            return _("%(year)s年") % {"year": self.first.year}
        return _("%(year)s年%(month)s月") % {"year": self.first.year, "month": self.first.month}

    @property
    def last(self) -> date:
        return self.after - timedelta(days=1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=CHINA)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.after, time.min, tzinfo=CHINA)

    @property
    def key(self) -> str:
        return self.first.isoformat()


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month (negative goes back)."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month(day: date) -> Period:
    first = month_start(day)
    return Period(first, add_months(first, 1))


def year(value: int) -> Period:
    return Period(date(value, 1, 1), date(value + 1, 1, 1), "year")


def previous_month(today: date) -> Period:
    """The month a report made on `today` is about: the one before today's month."""
    return month(add_months(today, -1))


def months_back(today: date, count: int) -> list[Period]:
    """The last `count` months ending with today's month, oldest first."""
    return [month(add_months(today, -offset)) for offset in range(count - 1, -1, -1)]


def share_of_year_elapsed(year_value: int, today: date) -> float:
    """Share (0..1) of `year_value` that has passed at the end of `today`."""
    period = year(year_value)
    if today < period.first:
        return 0.0
    if today >= period.last:
        return 1.0
    return ((today - period.first).days + 1) / (period.after - period.first).days


def parse_month(value: str) -> date | None:
    """'2026-02' or '2026-02-01' → date(2026, 2, 1); anything else → None."""
    try:
        parts = [int(part) for part in value.strip().split("-")[:2]]
        return date(parts[0], parts[1], 1) if len(parts) == 2 and 2000 <= parts[0] <= 2100 else None
    except (ValueError, AttributeError):
        return None


def months_between(first: date, last: date) -> list[date]:
    """The first days of the months from `first`'s month to `last`'s month, both included."""
    months, day = [], month_start(first)
    while day <= last:
        months.append(day)
        day = add_months(day, 1)
    return months
