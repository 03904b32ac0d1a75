"""The supervision lists' exports (complaints, follow-up visits) in legalaid's one list-export registry.

Each reads the same selector with the same filter (`status`, `show`) as its list page.
"""

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.exports import ListExport, register_list_export

from . import selectors
from .models import Complaint, FollowUpVisit


def _complaints(user, params: QueryDict):
    status = params.get("status", "open")
    if status == "overdue":
        return selectors.complaints_overdue(user)
    complaints = selectors.complaints_for_user(user)
    if status == "open":
        return complaints.filter(status__in=Complaint.OPEN_STATUSES)
    if status in Complaint.Status.values:
        return complaints.filter(status=status)
    return complaints


def _visits(user, params: QueryDict):
    today = timezone.localdate()
    show = params.get("show", "due")
    visits = selectors.visits_for_user(user)
    if show == "done":
        return visits.exclude(status=FollowUpVisit.Status.SCHEDULED).order_by("-performed_on", "-pk")
    if show == "overdue":
        return visits.filter(status=FollowUpVisit.Status.SCHEDULED, due_date__lt=today)
    if show == "all":
        return visits.filter(status=FollowUpVisit.Status.SCHEDULED)
    return selectors.visits_due(user, today)


def _due(complaint: Complaint) -> str:
    due = complaint.current_due()
    return f"{due[0]} {due[1].isoformat()}" if due else ""


register_list_export(
    ListExport(
        identifier="supervision.complaints",
        title=_("投诉"),
        permission="supervision.view_complaint",
        records=_complaints,
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
