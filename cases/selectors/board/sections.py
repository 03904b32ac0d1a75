"""The cases stage's shared figures: its clocks on the deadline board and its items of work.

Each is registered with `legalaid.figures` on import, so the board, the work page and the home
panels count them once. A row links to its next action only for a user who may take it.
"""

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.figures import Figure, Item, register
from legalaid.roles import Role

from ... import deadlines
from ...models import Case, CooperationRequest, HandlerChange, Hearing, Subsidy, Termination
from ..scope import applications_to_open, cases_for_user, cooperation_for_user, subsidies_for_user
from .watermark import grant_mark

CENTRE_DESK = frozenset({Role.CENTRE_DIRECTOR, Role.CENTRE_STAFF})
HANDLER = frozenset({Role.HANDLER})

BOARD_KINDS = {
    "grant": _("准予援助待立案"),
    "assignment": _("待指派"),
    "agreement": _("委托协议待签订"),
    "closing": _("结案材料待提交"),
    "review": _("结案待审查"),
    "cooperation": _("异地协作待办复"),
}


def _link(user, permission: str, name: str, *args) -> str:
    return reverse(name, args=args) if user.has_perm(permission) else ""


def _case_detail(case: Case) -> str:
    return " · ".join(filter(None, [case.matter.name if case.matter_id else "", str(case.handler or "")]))


def _narrow_cases(rows: QuerySet, organisation_id, handler_id, prefix: str = "") -> QuerySet:
    if organisation_id:
        rows = rows.filter(
            Q(**{f"{prefix}centre_id": organisation_id}) | Q(**{f"{prefix}received_by_id": organisation_id})
        )
    if handler_id:
        rows = rows.filter(**{f"{prefix}handler_id": handler_id})
    return rows


def _case_clock(kind: str, field: str, scope, action: str, url, roles: frozenset, order: int, list_url: str) -> Figure:
    """A clock on the case itself: `field` is its due date, `scope(cases)` the cases it runs for."""

    def rows(user, today: date, horizon: date) -> QuerySet:
        return (
            scope(cases_for_user(user))
            .filter(**{f"{field}__lte": horizon})
            .select_related("handler", "matter")
            .order_by(field, "pk")
        )

    def item(user, case: Case, today: date) -> Item:
        return Item(
            title=case.number,
            detail=_case_detail(case),
            url=url(user, case),
            due=getattr(case, field),
            action=str(action),
        )

    return Figure(
        name=kind,
        label=BOARD_KINDS[kind],
        rows=rows,
        item=item,
        overdue=lambda today: Q(**{f"{field}__lt": today}),
        roles=roles,
        narrow=_narrow_cases,
        order=order,
        list_url=list_url,
    )


def _assign_url(user, case: Case) -> str:
    return _link(user, "cases.assign_case", "cases:case_assign", case.pk) or reverse(
        "cases:case_detail", args=[case.pk]
    )


def _closing_url(user, case: Case) -> str:
    return _link(user, "cases.handle_case", "cases:case_closing", case.pk) or reverse(
        "cases:case_detail", args=[case.pk]
    )


def _review_url(user, case: Case) -> str:
    return _link(user, "cases.review_closing", "cases:case_review", case.pk) or reverse(
        "cases:case_detail", args=[case.pk]
    )


def _detail_url(user, case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk])


# ---------------------------------------------------------------- grants not yet opened


def _grant_rows(user, today: date, horizon: date) -> QuerySet:
    """Granted applications with no case yet: their 3-day assignment clock runs from the decision
    (LAL 43) before any case exists, so they are on the board until the case is opened.
    due = decision day + 3 <= horizon  <=>  decided before the start of (horizon - 2).
    applications_to_open reads only the grants since the watermark: every earlier one has its case."""
    return applications_to_open(user).filter(decided_at__lt=deadlines.grant_decided_before(horizon - timedelta(days=2)))


def _grant_overdue(today: date) -> Q:
    # overdue = decision day + 3 < today  <=>  decided before the start of (today - 3)
    return Q(decided_at__lt=deadlines.grant_decided_before(today - timedelta(days=deadlines.ASSIGNMENT_DAYS)))


def _grant_item(user, application, today: date) -> Item:
    return Item(
        title=application.number,
        detail=" · ".join(
            filter(None, [application.applicant.name, application.matter.name if application.matter_id else ""])
        ),
        # a supervisor sees the clock, not a button they may not press
        url=_link(user, "cases.open_case", "cases:open_from_application", application.pk),
        due=deadlines.grant_assignment_due(application.decided_at),
        action=str(_("受理立案")),
    )


def _narrow_grants(rows: QuerySet, organisation_id, handler_id) -> QuerySet | None:
    if handler_id:
        return None  # no handler before the case is opened
    return rows.filter(Q(centre_id=organisation_id) | Q(receiving_organisation_id=organisation_id))


# ---------------------------------------------------------------- cooperation


def _cooperation_rows(user, today: date, horizon: date) -> QuerySet:
    return (
        cooperation_for_user(user)
        .filter(status__in=(CooperationRequest.Status.OPEN, CooperationRequest.Status.ACCEPTED), due_date__lte=horizon)
        .order_by("due_date", "pk")
    )


def _cooperation_item(user, request: CooperationRequest, today: date) -> Item:
    return Item(
        title=_("%(direction)s：%(counterpart)s")
        % {"direction": request.get_direction_display(), "counterpart": request.counterpart_name},
        detail=request.get_kind_display(),
        url=_link(user, "cases.view_cooperationrequest", "cases:cooperation_detail", request.pk),
        due=request.due_date,
        action=str(_("回复")),
    )


def _narrow_cooperation(rows: QuerySet, organisation_id, handler_id) -> QuerySet:
    if organisation_id:
        rows = rows.filter(centre_id=organisation_id)
    if handler_id:
        rows = rows.filter(case__handler_id=handler_id)
    return rows


# ---------------------------------------------------------------- the handler's hearings


def _hearing_rows(user, today: date, horizon: date) -> QuerySet:
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = timezone.make_aware(datetime.combine(horizon + timedelta(days=1), time.min))
    return (
        Hearing.objects.filter(
            case__in=cases_for_user(user).filter(status__in=Case.HANDLING).values("pk"),
            status=Hearing.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("case")
        .order_by("starts_at", "pk")
    )


def _hearing_item(user, hearing: Hearing, today: date) -> Item:
    return Item(
        title=hearing.case.number,
        detail=f"{timezone.localtime(hearing.starts_at):%H:%M} {hearing.place}",
        url=reverse("cases:case_detail", args=[hearing.case_id]),
        due=timezone.localdate(hearing.starts_at),
        action=str(_("查看")),
    )


# ---------------------------------------------------------------- approvals


def _handler_change_rows(user, today: date, horizon: date) -> QuerySet:
    return (
        HandlerChange.objects.filter(case__in=cases_for_user(user).values("pk"), status=HandlerChange.Status.PENDING)
        .select_related("case", "previous_handler")
        .order_by("recorded_at", "pk")
    )


def _handler_change_item(user, change: HandlerChange, today: date) -> Item:
    return Item(
        title=change.case.number,
        detail=" · ".join([change.get_requested_by_display(), str(change.previous_handler)]),
        url=_link(user, "cases.change_handler", "cases:handler_change_decide", change.case_id, change.pk),
        action=str(_("作出决定")),
    )


def _termination_rows(user, today: date, horizon: date) -> QuerySet:
    return (
        Termination.objects.filter(case__in=cases_for_user(user).values("pk"), status=Termination.Status.REPORTED)
        .select_related("case")
        .order_by("reported_at", "pk")
    )


def _termination_item(user, termination: Termination, today: date) -> Item:
    return Item(
        title=termination.case.number,
        detail=termination.get_ground_display(),
        url=_link(user, "cases.terminate_case", "cases:case_terminate", termination.case_id),
        action=str(_("作出决定")),
    )


def _subsidy_rows(user, today: date, horizon: date) -> QuerySet:
    return (
        subsidies_for_user(user).filter(status=Subsidy.Status.COMPUTED).select_related("case", "handler").order_by("pk")
    )


def _subsidy_item(user, subsidy: Subsidy, today: date) -> Item:
    return Item(
        title=subsidy.case.number,
        detail=" · ".join(filter(None, [str(subsidy.handler or ""), str(subsidy.amount)])),
        url=_link(user, "cases.view_subsidy", "cases:subsidy_detail", subsidy.pk),
        action=str(_("审批")),
    )


def _awaiting_assignment(cases: QuerySet) -> QuerySet:
    return cases.filter(status__in=Case.AWAITING_ASSIGNMENT)


def _agreement_unsigned(cases: QuerySet) -> QuerySet:
    return cases.filter(status__in=Case.HANDLING, agreement_signed_on__isnull=True)


def _closing_running(cases: QuerySet) -> QuerySet:
    return cases.filter(status__in=(*Case.HANDLING, Case.Status.TERMINATED), closing_due__isnull=False)


def _closing_submitted(cases: QuerySet) -> QuerySet:
    return cases.filter(status=Case.Status.CLOSING_SUBMITTED)


register(
    Figure(
        "grant",
        BOARD_KINDS["grant"],
        _grant_rows,
        _grant_item,
        overdue=_grant_overdue,
        roles=CENTRE_DESK,
        narrow=_narrow_grants,
        reads=grant_mark,
        order=20,
        list_url="cases:open_queue",
    )
)
register(
    _case_clock(
        "assignment",
        "assignment_due",
        _awaiting_assignment,
        _("指派承办人"),
        _assign_url,
        CENTRE_DESK,
        30,
        "cases:case_list",
    )
)
register(
    _case_clock(
        "agreement", "agreement_due", _agreement_unsigned, _("签订委托协议"), _detail_url, HANDLER, 40, "cases:my_cases"
    )
)
register(
    _case_clock(
        "closing", "closing_due", _closing_running, _("提交结案材料"), _closing_url, HANDLER, 50, "cases:my_cases"
    )
)
register(
    _case_clock(
        "review", "review_due", _closing_submitted, _("结案审查"), _review_url, CENTRE_DESK, 60, "cases:case_list"
    )
)
register(
    Figure(
        "cooperation",
        BOARD_KINDS["cooperation"],
        _cooperation_rows,
        _cooperation_item,
        overdue=lambda today: Q(due_date__lt=today),
        permission="cases.view_cooperationrequest",
        roles=frozenset({Role.CENTRE_STAFF}),
        narrow=_narrow_cooperation,
        order=70,
        list_url="cases:cooperation_list",
    )
)
register(
    Figure(
        "hearing",
        _("出庭"),
        _hearing_rows,
        _hearing_item,
        roles=HANDLER,
        board=False,
        order=45,
        list_url="cases:my_cases",
    )
)
register(
    Figure(
        "handler_change",
        _("更换承办人"),
        _handler_change_rows,
        _handler_change_item,
        permission="cases.change_handler",
        roles=CENTRE_DESK,
        board=False,
        order=80,
    )
)
register(
    Figure(
        "termination",
        _("终止法律援助"),
        _termination_rows,
        _termination_item,
        permission="cases.terminate_case",
        roles=CENTRE_DESK,
        board=False,
        order=81,
    )
)
register(
    Figure(
        "subsidy",
        _("办案补贴"),
        _subsidy_rows,
        _subsidy_item,
        permission="cases.approve_subsidy",
        roles=frozenset({Role.CENTRE_DIRECTOR}),
        board=False,
        order=82,
        list_url="cases:subsidy_list",
    )
)
