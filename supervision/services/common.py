"""What every supervision service shares: today's date, the policy in force, the holiday
calendar, the case scope check and the case timeline."""

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.models import Case, CaseEvent
from cases.selectors import cases_for_user
from legalaid.kernel import DomainError, require_scope

from .. import dates, holidays
from ..models import SupervisionPolicy

CLOSED_STATUSES = (Case.Status.CLOSED, Case.Status.ARCHIVED)


def today() -> date:
    return timezone.localdate()


def local_date(value) -> date | None:
    return timezone.localdate(value) if value else None


def not_future(value: date | None, label, field: str) -> None:
    if value and value > today():
        raise DomainError(_("%(label)s不能晚于今天。") % {"label": label}, field=field)


def require_case_scope(actor, case: Case) -> None:
    """Case-bound supervision records are scoped through the cases app's selector."""
    require_scope(actor, case, cases_for_user, message=_("该案件不在您的管辖范围内。"))


def policy(on: date | None = None) -> SupervisionPolicy:
    return SupervisionPolicy.for_day(on or today())


def holiday_calendar(start: date, days: int = 400) -> tuple[set[date], set[date]]:
    """Days off and swapped workdays from `start` on, for the working-day maths: the official
    calendar from the library, the administrator's `Holiday` rows winning for their dates."""
    return holidays.calendar_with_overrides(start, start + timedelta(days=days))


def add_working_days(start: date, count: int) -> date:
    return dates.add_working_days(start, count, *holiday_calendar(start))


def timeline(
    case: Case, *, actor, text: str, kind: str = CaseEvent.Kind.SUPERVISION, channel: str = "", court: str = ""
):
    """A row on the case's timeline, written by the cases app's own service (SYSTEM and PUBLIC too)."""
    return case_services.case_event_record(case, actor=actor, kind=kind, text=text, channel=channel, court=court)
