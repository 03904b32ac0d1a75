"""The supervision lists' exports in legalaid's one list-export registry: complaints, follow-up visits, the
quality queue, supervision flags, enforcement follow-ups, stale cases, supervision cards and their return rates.

Each reads the same selector with the same filter (`status`, `show`, the card period) as its list page.
"""

from django.http import QueryDict
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from legalaid.exports import ListExport, local_day, local_minute, register_list_export

from . import dates, forms, selectors
from .models import Complaint, EnforcementWatch, FollowUpVisit, SupervisionFlag


def complaints_filtered(user, params: QueryDict):
    """The complaints list's rows for its `status` tab (open by default): the page and its export."""
    status = params.get("status", "open")
    if status == "overdue":
        return selectors.complaints_overdue(user)
    complaints = selectors.complaints_for_user(user)
    if status == "open":
        return complaints.filter(status__in=Complaint.OPEN_STATUSES)
    if status in Complaint.Status.values:
        return complaints.filter(status=status)
    return complaints


VISIT_TABS = ("due", "overdue", "all", "done")


def visits_shown(user, params: QueryDict) -> tuple[str, object]:
    """The follow-up visits list's tab (`show`, due by default) and its rows: the page and its export."""
    today = timezone.localdate()
    show = params.get("show", "due")
    show = show if show in VISIT_TABS else "due"
    visits = selectors.visits_for_user(user)
    if show == "done":
        return show, visits.exclude(status=FollowUpVisit.Status.SCHEDULED).order_by("-performed_on", "-pk")
    if show == "overdue":
        return show, visits.filter(status=FollowUpVisit.Status.SCHEDULED, due_date__lt=today)
    if show == "all":
        return show, visits.filter(status=FollowUpVisit.Status.SCHEDULED)
    return show, selectors.visits_due(user, today)


def _visits(user, params: QueryDict):
    return visits_shown(user, params)[1]


def _quality_queue(user, params: QueryDict):
    return selectors.assessment_queue(user)


def flags_filtered(user, params: QueryDict):
    """The flags list's rows for its `status` (open by default): the page and its export."""
    status = params.get("status", SupervisionFlag.Status.OPEN)
    flags = selectors.flags_for_user(user)
    return flags.filter(status=status) if status in SupervisionFlag.Status.values else flags


def watches_filtered(user, params: QueryDict):
    """The enforcement list's rows for its `show` tab (needing attention by default): the page and its export."""
    show = params.get("show", "attention")
    if show == "attention":
        return selectors.watches_needing_attention(user)
    watches = selectors.watches_for_user(user)
    return watches.filter(status=show) if show in EnforcementWatch.Status.values else watches


def _stale(user, params: QueryDict):
    return selectors.stale_cases(user, timezone.localdate())


def card_period(user, data):
    """The cards page's period form and the period it selects: its dates and centre once valid, else this month
    so far over every centre. The page, its print run (with the POST) and both card exports read it."""
    today = timezone.localdate()
    form = forms.PeriodForm(
        data,
        centres=selectors.centres_for_user(user),
        initial={"start": dates.month_start(today), "end": today},
    )
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["centre"]
    return form, dates.month_start(today), today, None


def _cards(user, params: QueryDict):
    _form, start, end, centre = card_period(user, params or None)
    cards = selectors.cards_for_period(user, start, end, centre.pk if centre else None)
    return cards.select_related("case", "handler", "response")


def _card_rates(user, params: QueryDict):
    _form, start, end, _centre = card_period(user, params or None)
    rates = selectors.card_return_rates(user, start, end)
    for row in rates["centres"]:
        yield gettext("中心"), row["centre__name"], "", row
    for row in rates["handlers"]:
        yield gettext("承办人"), row["handler"], row["handler_organisation__name"] or "", row


def _silence(case) -> str:
    return timesince(case.last_event_at or case.assigned_at, timezone.now())


def _assessment(case) -> str:
    assessment = getattr(case, "quality_assessment", None)
    if assessment is None:
        return gettext("未评查")
    return f"{assessment.get_status_display()}（{assessment.get_mode_display()}）"


def _due(complaint: Complaint) -> str:
    due = complaint.current_due()
    return f"{due[0]} {due[1].isoformat()}" if due else ""


register_list_export(
    ListExport(
        identifier="supervision.complaints",
        title=_("投诉"),
        permission="supervision.view_complaint",
        records=complaints_filtered,
        filters=("status",),
        columns=(
            (_("收到日期"), lambda c: c.received_on.isoformat()),
            (_("投诉人"), lambda c: c.complainant_name),
            (_("投诉人类型"), lambda c: c.get_complainant_kind_display()),
            (_("对象"), lambda c: c.get_target_display()),
            (_("承办人"), lambda c: str(c.handler) if c.handler else ""),
            (_("案号"), lambda c: c.case.number if c.case else ""),
            (_("状态"), lambda c: c.get_status_display()),
            (_("当前期限"), _due),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="supervision.visits",
        title=_("回访"),
        permission="supervision.view_followupvisit",
        records=_visits,
        filters=("show",),
        columns=(
            (_("应回访日期"), lambda v: v.due_date.isoformat()),
            (_("案号"), lambda v: v.case.number),
            (_("类别"), lambda v: v.get_occasion_display()),
            (_("承办人"), lambda v: str(v.handler) if v.handler else ""),
            (_("状态"), lambda v: v.get_status_display()),
            (_("结果"), lambda v: v.get_result_display()),
            (_("满意度"), lambda v: v.get_satisfaction_display() if v.satisfaction else ""),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="supervision.quality_queue",
        title=_("待评查的已结案件"),
        permission="supervision.view_qualityassessment",
        records=_quality_queue,
        columns=(
            (_("案号"), lambda c: c.number),
            (_("类型"), lambda c: c.get_case_type_display()),
            (_("承办人"), lambda c: str(c.handler) if c.handler else ""),
            (_("承办机构"), lambda c: c.handler_organisation.name if c.handler_organisation else ""),
            (_("结案时间"), lambda c: local_day(c.closed_at)),
            (_("评查"), _assessment),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="supervision.flags",
        title=_("监督预警"),
        permission="supervision.view_supervisionflag",
        records=flags_filtered,
        filters=("status",),
        columns=(
            (_("时间"), lambda f: local_minute(f.raised_at)),
            (_("案号"), lambda f: f.case.number),
            (_("承办人"), lambda f: str(f.handler) if f.handler else ""),
            (_("类别"), lambda f: f.get_kind_display()),
            (_("来源"), lambda f: f.get_source_display()),
            (_("情况"), lambda f: f.detail),
            (_("处理"), lambda f: f.resolution),
            (_("状态"), lambda f: f.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="supervision.enforcement",
        title=_("判决、调解履行跟踪"),
        permission="supervision.view_enforcementwatch",
        records=watches_filtered,
        filters=("show",),
        columns=(
            (_("案号"), lambda w: w.case.number),
            (_("法律文书"), lambda w: str(w)),
            (_("义务人"), lambda w: w.obligor),
            (_("金额(元)"), lambda w: w.total_amount),
            (_("履行期间至"), lambda w: w.performance_end.isoformat() if w.performance_end else ""),
            (_("申请执行期限"), lambda w: w.limit_date.isoformat() if w.limit_date else ""),
            (_("状态"), lambda w: w.get_status_display()),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="supervision.stale",
        title=_("长期无进展的案件"),
        permission="supervision.view_followupvisit",
        records=_stale,
        columns=(
            (_("案号"), lambda c: c.number),
            (_("类型"), lambda c: c.get_case_type_display()),
            (_("承办人"), lambda c: str(c.handler) if c.handler else ""),
            (_("承办机构"), lambda c: c.handler_organisation.name if c.handler_organisation else ""),
            (_("指派时间"), lambda c: local_day(c.assigned_at)),
            (_("最近一次记录"), lambda c: local_day(c.last_event_at)),
            (_("无记录天数"), _silence),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="supervision.cards",
        title=_("监督卡"),
        permission="supervision.view_supervisioncard",
        records=_cards,
        filters=("start", "end", "centre"),
        # The return code is left out: whoever holds it may rate the case as the aided person.
        columns=(
            (_("发放时间"), lambda c: local_day(c.issued_at)),
            (_("案号"), lambda c: c.case.number),
            (_("承办人"), lambda c: str(c.handler) if c.handler else ""),
            (_("交回"), lambda c: c.response.get_channel_display() if hasattr(c, "response") else gettext("未交回")),
            (_("满意度"), lambda c: c.response.get_satisfaction_display() if hasattr(c, "response") else ""),
        ),
    )
)

register_list_export(
    ListExport(
        identifier="supervision.card_rates",
        title=_("监督卡回收率"),
        permission="supervision.view_supervisioncard",
        records=_card_rates,
        filters=("start", "end", "centre"),
        columns=(
            (_("类别"), lambda r: r[0]),
            (_("名称"), lambda r: r[1]),
            (_("承办机构"), lambda r: r[2]),
            (_("发放"), lambda r: r[3]["issued"]),
            (_("收回"), lambda r: r[3]["returned"]),
            (_("回收率(%)"), lambda r: r[3]["rate"]),
        ),
    )
)
