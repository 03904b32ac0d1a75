"""Deadline arithmetic for cases (calendar days, dates in Asia/Shanghai).

The periods are fixed by law (LAL 36, 43, 50; PR 24, 27; see shared/law.md).
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from legalaid.figures import SOON_DAYS, Urgency, urgency  # noqa: F401 - cases' callers read them here

ASSIGNMENT_DAYS = 3  # assign within 3 days of the grant or of the notification (LAL 36, 43)
AGREEMENT_DAYS = 5  # agreement and power of attorney signed within 5 days of assignment (PR 27)
CLOSING_DAYS = 30  # closing materials within 30 days after the matter ends (LAL 50)
REVIEW_DAYS = 30  # the centre reviews a submitted file within 30 days (practice)
GROUP_CASE_SIZE = 50  # 50 or more aided persons make a group case


def assignment_due(start: date) -> date:
    return start + timedelta(days=ASSIGNMENT_DAYS)


def grant_assignment_due(decided_at: datetime) -> date:
    """A granted application's assignment clock: 3 days from the day of the decision (LAL 43)."""
    return assignment_due(timezone.localdate(decided_at))


def grant_decided_before(day: date) -> datetime:
    """The first instant of `day` (Asia/Shanghai): a grant decided before it has its clock ending
    before `day + 3`; lets a query compare decision times instead of computing each due date."""
    return timezone.make_aware(datetime.combine(day, time.min))


def agreement_due(assigned_on: date) -> date:
    return assigned_on + timedelta(days=AGREEMENT_DAYS)


def closing_due(case_end: date) -> date:
    return case_end + timedelta(days=CLOSING_DAYS)


def review_due(submitted_on: date) -> date:
    return submitted_on + timedelta(days=REVIEW_DAYS)


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: date | None, on: date) -> bool:
    return birth_date is not None and age_on(birth_date, on) < 18
