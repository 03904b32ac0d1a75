"""Home-page panels: due and overdue visits and supervision work for the supervisor; flags for the director.

Also supervision's shared figures (`legalaid.figures`): its clocks on the deadline board and its
items of work, counted once for the panels, the board and the work page.
"""

from datetime import date

from django.db.models import Case, DateField, F, Q, QuerySet, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid import figures
from legalaid.figures import Figure, Item
from legalaid.roles import CENTRE_ROLES, Role

from . import selectors
from .models import Complaint, EnforcementWatch, FollowUpVisit, SupervisionFlag

SUPERVISOR = frozenset({Role.SUPERVISOR})


def supervisor_panel(request):
    user = request.user
    today = timezone.localdate()
    visits = figures.totals("visit", user, today)
    return {
        "today": today,
        "visits": list(_visit_rows(user, today, figures.horizon_for(today))[:8]) if visits["total"] else [],
        "overdue_count": visits["overdue"],
        "due_count": visits["total"],
        "queue_count": figures.totals("assessment", user, today)["total"],
        "stale_count": selectors.stale_cases(user, today).count(),
        "complaints_overdue": figures.totals("complaint", user, today)["overdue"],
        "enforcement_count": figures.totals("enforcement", user, today)["total"],
    }


def flags_panel(request):
    flags = selectors.flags_for_user(request.user).filter(status=SupervisionFlag.Status.OPEN)
    return {"flags": list(flags[:6]), "count": figures.totals("flag", request.user)["total"]}


# ---------------------------------------------------------------- shared figures (legalaid.figures)


def _link(user, permission: str, name: str, pk: int) -> str:
    return reverse(name, args=[pk]) if user.has_perm(permission) else ""


def _narrow_by_case(rows: QuerySet, organisation_id, handler_id) -> QuerySet:
    if organisation_id:
        rows = rows.filter(Q(case__centre_id=organisation_id) | Q(case__received_by_id=organisation_id))
    if handler_id:
        rows = rows.filter(case__handler_id=handler_id)
    return rows


def _visit_rows(user, today: date, horizon: date) -> QuerySet:
    # A row shows the case's number and the occasion: the case alone is joined.
    return (
        selectors.visits_due(user, today, horizon_days=(horizon - today).days)
        .select_related(None)
        .select_related("case")
    )


def _visit_item(user, visit: FollowUpVisit, today: date) -> Item:
    return Item(
        title=visit.case.number,
        detail=visit.get_occasion_display(),
        url=_link(user, "supervision.record_follow_up", "supervision:visit_record", visit.pk),
        due=visit.due_date,
        action=str(_("回访")),
    )


def _complaint_rows(user, today: date, horizon: date) -> QuerySet:
    """Open complaints by the limit that runs now: acceptance, conclusion or reply (the policy's
    working days, snapshotted on the complaint when it was received)."""
    limit_due = Case(
        When(status=Complaint.Status.RECEIVED, then=F("accept_due")),
        When(status=Complaint.Status.ACCEPTED, then=F("conclude_due")),
        When(status=Complaint.Status.CONCLUDED, then=F("reply_due")),
        output_field=DateField(),
    )
    return (
        selectors.complaints_for_user(user)
        .filter(status__in=Complaint.OPEN_STATUSES)
        .annotate(limit_due=limit_due)
        .filter(limit_due__lte=horizon)
        .order_by("limit_due", "pk")
    )


def _complaint_item(user, complaint: Complaint, today: date) -> Item:
    stage = complaint.current_due()[0]
    return Item(
        title=complaint.complainant_name,
        detail=" · ".join(filter(None, [str(stage), complaint.case.number if complaint.case_id else ""])),
        url=_link(user, "supervision.view_complaint", "supervision:complaint", complaint.pk),
        due=complaint.limit_due,
        action=str(stage),
    )


def _narrow_complaints(rows: QuerySet, organisation_id, handler_id) -> QuerySet:
    if organisation_id:
        rows = rows.filter(centre_id=organisation_id)
    if handler_id:
        rows = rows.filter(handler_id=handler_id)
    return rows


def _enforcement_rows(user, today: date, horizon: date) -> QuerySet:
    # Its clock is its own: from the first reminder date (or a missed instalment) until the
    # two-year limit, not the board's horizon.
    return selectors.watches_needing_attention(user, today).order_by("limit_date", "pk")


def _enforcement_item(user, watch: EnforcementWatch, today: date) -> Item:
    return Item(
        title=watch.case.number,
        detail=str(watch.get_instrument_display()),
        url=_link(user, "supervision.view_enforcementwatch", "supervision:watch", watch.pk),
        due=watch.limit_date,
        action=str(_("查看")),
    )


def _assessment_rows(user, today: date, horizon: date) -> QuerySet:
    return selectors.assessment_queue(user)


def _assessment_item(user, case, today: date) -> Item:
    assessment = getattr(case, "quality_assessment", None)
    if assessment is not None:
        url = _link(user, "supervision.view_qualityassessment", "supervision:assessment", assessment.pk)
    else:
        url = _link(user, "supervision.view_followupvisit", "supervision:case", case.pk)
    return Item(
        title=case.number,
        detail=str(case.handler or ""),
        url=url,
        due=None,
        action=str(_("质量评查")),
    )


def _flag_rows(user, today: date, horizon: date) -> QuerySet:
    return (
        selectors.flags_for_user(user)
        .filter(status=SupervisionFlag.Status.OPEN)
        .select_related("case", "handler")
        .order_by("raised_at", "pk")
    )


def _flag_item(user, flag: SupervisionFlag, today: date) -> Item:
    return Item(
        title=flag.case.number,
        detail=" · ".join(filter(None, [flag.get_kind_display(), str(flag.handler or "")])),
        url=_link(user, "supervision.view_followupvisit", "supervision:case", flag.case_id),
        action=str(_("查看")),
    )


figures.register(
    Figure(
        "visit",
        _("应回访"),
        _visit_rows,
        _visit_item,
        overdue=lambda today: Q(due_date__lt=today),
        permission="supervision.view_followupvisit",
        roles=SUPERVISOR,
        narrow=_narrow_by_case,
        order=90,
        list_url="supervision:visits",
    )
)
figures.register(
    Figure(
        "complaint",
        _("投诉"),
        _complaint_rows,
        _complaint_item,
        overdue=lambda today: Q(limit_due__lt=today),
        permission="supervision.view_complaint",
        roles=frozenset(CENTRE_ROLES),
        narrow=_narrow_complaints,
        order=91,
        list_url="supervision:complaints",
    )
)
figures.register(
    Figure(
        "enforcement",
        _("需提醒申请强制执行"),
        _enforcement_rows,
        _enforcement_item,
        overdue=lambda today: Q(limit_date__lt=today),
        permission="supervision.view_enforcementwatch",
        roles=frozenset({Role.SUPERVISOR, Role.HANDLER}),
        narrow=_narrow_by_case,
        order=92,
        list_url="supervision:enforcement",
    )
)
figures.register(
    Figure(
        "assessment",
        _("待评查"),
        _assessment_rows,
        _assessment_item,
        permission="supervision.view_qualityassessment",
        roles=SUPERVISOR,
        board=False,
        order=93,
        list_url="supervision:queue",
    )
)
figures.register(
    Figure(
        "flag",
        _("监督预警"),
        _flag_rows,
        _flag_item,
        permission="supervision.view_supervisionflag",
        roles=frozenset({Role.CENTRE_DIRECTOR, Role.SUPERVISOR}),
        board=False,
        order=94,
        list_url="supervision:flags",
    )
)
