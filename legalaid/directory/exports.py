"""The directors' lists in the one list-export registry: users and the handler roster, a week of the duty rota,
the rules of the region and the holiday calendar. Each list's rows come from one function here that its page
calls too; the exports open to whoever may open the page (a centre director; the calendar, the administrator too).
"""

from datetime import date, timedelta

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exports import ListExport, register_list_export
from ..models import DutyShift
from ..selectors import sees_everything
from . import duty, rules, selectors
from .services import may_manage

# -- users and the handler roster ---------------------------------------------------------------


def _users(user, params: QueryDict):
    return selectors.users_for_director(user)


def _handler(managed):
    return getattr(managed, "handler_profile", None)


register_list_export(
    ListExport(
        identifier="directory.users",
        title=gettext_lazy("人员与承办人名册"),
        permission="legalaid.view_userprofile",
        allowed=may_manage,
        records=_users,
        columns=(
            (gettext_lazy("姓名"), lambda u: u.get_full_name() or u.username),
            (gettext_lazy("用户名"), lambda u: u.username),
            (gettext_lazy("所属机构"), lambda u: u.profile.organisation.name),
            (gettext_lazy("角色"), lambda u: u.profile.get_role_display()),
            (gettext_lazy("承办人类型"), lambda u: _handler(u).get_handler_type_display() if _handler(u) else ""),
            (gettext_lazy("名册状态"), lambda u: _handler(u).get_status_display() if _handler(u) else ""),
            (
                gettext_lazy("熟悉未成年人案件"),
                lambda u: (_("是") if _handler(u).trained_for_minors else _("否")) if _handler(u) else "",
            ),
            (gettext_lazy("账号状态"), lambda u: _("启用") if u.is_active else _("已停用")),
        ),
    )
)

# -- the duty rota --------------------------------------------------------------------------------

_HALF_DAYS = {period: index for index, period in enumerate(DutyShift.Period.values)}


def rota_week(user, params: QueryDict) -> tuple[date, list[DutyShift]]:
    """The week the `week` parameter names (this week by default) and its duties at the director's stations,
    by day, half-day (morning first) and station: the rota page and its export."""
    monday = duty.week_of(params.get("week"))
    shifts = sorted(
        selectors.duty_week(user, monday),
        key=lambda shift: (shift.day, _HALF_DAYS[shift.period], shift.station.path, shift.pk),
    )
    return monday, shifts


register_list_export(
    ListExport(
        identifier="directory.duty",
        title=gettext_lazy("值班表"),
        permission="legalaid.view_userprofile",
        allowed=may_manage,
        records=lambda user, params: rota_week(user, params)[1],
        filters=("week",),
        columns=(
            (gettext_lazy("值班日期"), lambda s: s.day.isoformat()),
            (gettext_lazy("时段"), lambda s: s.get_period_display()),
            (gettext_lazy("值班工作站"), lambda s: s.station.name),
            (gettext_lazy("值班律师"), lambda s: s.lawyer.get_full_name() or s.lawyer.username),
            (gettext_lazy("所属机构"), lambda s: s.lawyer.profile.organisation.name),
        ),
    )
)

# -- the rules of the region --------------------------------------------------------------------


def rule_sections(user) -> list[dict]:
    """Each rule table with its versions for the director's region: the rules page and its export."""
    return [
        {
            "table": table,
            "columns": table.columns(),
            "rows": [(row, table.cells(row)) for row in rules.rows_for_director(user, table)],
        }
        for table in rules.tables()
    ]


def _rule_rows(user, params: QueryDict):
    for section in rule_sections(user):
        for row, cells in section["rows"]:
            yield section["table"], row, cells


register_list_export(
    ListExport(
        identifier="directory.rules",
        title=gettext_lazy("本地区规则"),
        permission="legalaid.view_userprofile",
        allowed=may_manage,
        records=_rule_rows,
        columns=(
            (gettext_lazy("规则"), lambda r: str(r[0].title)),
            # Each table has its own fields: the page's cells of a version, in the page's column order.
            (gettext_lazy("内容"), lambda r: " · ".join(cell for cell in r[2] if cell)),
            (gettext_lazy("生效日期"), lambda r: r[1].effective_from.isoformat()),
            (gettext_lazy("失效日期"), lambda r: r[1].effective_to.isoformat() if r[1].effective_to else _("长期")),
        ),
    )
)

# -- the holiday calendar -------------------------------------------------------------------------


def may_read_calendar(user) -> bool:
    return may_manage(user) or sees_everything(user)


def calendar_days(day_calendar: rules.DayCalendar) -> list[tuple]:
    """The days off and swapped workdays of the coming year, each with its override row if it has one:
    the holiday page and its export."""
    today = timezone.localdate()
    end = today + timedelta(days=365)
    days_off, workdays = day_calendar.days_between(today, end)
    overrides = {row.date: row for row in day_calendar.model.objects.filter(date__gte=today, date__lte=end)}
    return sorted(
        [(day, _("休息"), overrides.get(day)) for day in days_off]
        + [(day, _("调休上班"), overrides.get(day)) for day in workdays]
    )


def _calendar_days(user, params: QueryDict):
    day_calendar = rules.calendar()
    return calendar_days(day_calendar) if day_calendar is not None else []


register_list_export(
    ListExport(
        identifier="directory.holidays",
        title=gettext_lazy("节假日安排"),
        permission="",
        allowed=may_read_calendar,
        records=_calendar_days,
        columns=(
            (gettext_lazy("日期"), lambda d: d[0].isoformat()),
            (gettext_lazy("安排"), lambda d: str(d[1])),
            (gettext_lazy("来源"), lambda d: f"{d[2].name}（{_('补充调整')}）" if d[2] else _("国务院办公厅通知")),
        ),
    )
)
