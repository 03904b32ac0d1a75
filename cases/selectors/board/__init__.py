"""The deadline board: everything due soon or overdue, by kind, in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import deadlines
from ..models import Case, CooperationRequest
from .scope import cases_for_user, cooperation_for_user


@dataclass
class BoardRow:
    kind: str
    label: str
    due: date
    title: str
    detail: str
    url: str
    urgency: deadlines.Urgency | None = None


BOARD_KINDS = {
    "application": _("申请待决定"),
    "grant": _("准予援助待立案"),
    "assignment": _("待指派"),
    "agreement": _("委托协议待签订"),
    "closing": _("结案材料待提交"),
    "review": _("结案待审查"),
    "cooperation": _("异地协作待办复"),
}

BOARD_LIMIT = 20


def deadline_board(
    user,
    *,
    today: date | None = None,
    organisation_id: int | None = None,
    handler_id: int | None = None,
    horizon_days: int = 7,
    limit: int = BOARD_LIMIT,
) -> dict:
    """Everything due within `horizon_days` or overdue, by kind; overdue and due today first.

    Each kind is two queries over its open rows only (each due date has a partial index whose
    condition is the kind's status filter): the first `limit` rows in due order, and the totals.
    The number of queries does not depend on the rows.
    """
    from django.urls import reverse

    today = today or timezone.localdate()
    horizon = today + timedelta(days=horizon_days)
    cases = cases_for_user(user)
    if organisation_id:
        cases = cases.filter(Q(centre_id=organisation_id) | Q(received_by_id=organisation_id))
    if handler_id:
        cases = cases.filter(handler_id=handler_id)
    case_queries = {
        "assignment": ("assignment_due", cases.filter(status__in=Case.AWAITING_ASSIGNMENT)),
        "agreement": ("agreement_due", cases.filter(status__in=Case.HANDLING, agreement_signed_on__isnull=True)),
        "closing": (
            "closing_due",
            cases.filter(status__in=(*Case.HANDLING, Case.Status.TERMINATED), closing_due__isnull=False),
        ),
        "review": ("review_due", cases.filter(status=Case.Status.CLOSING_SUBMITTED)),
    }
    sections: dict[str, dict] = {}
    for kind, (field, queryset) in case_queries.items():
        due = queryset.filter(**{f"{field}__lte": horizon})
        found = list(
            due.select_related("handler", "matter")
            .only("pk", "number", "status", field, "handler__first_name", "handler__last_name", "matter__name")
            .order_by(field, "pk")[:limit]
        )
        rows = [
            BoardRow(
                kind=kind,
                label=BOARD_KINDS[kind],
                due=getattr(case, field),
                title=case.number,
                detail=" · ".join(filter(None, [case.matter.name if case.matter_id else "", str(case.handler or "")])),
                url=reverse("cases:case_detail", args=[case.pk]),
                urgency=deadlines.urgency(getattr(case, field), today),
            )
            for case in found
        ]
        sections[kind] = _section(kind, rows, _totals(due, field, today))
    sections["cooperation"] = _cooperation_section(user, today, horizon, organisation_id, limit)
    if not handler_id:
        sections["application"] = _application_section(user, today, horizon, organisation_id, limit)
        sections["grant"] = _grant_section(user, today, horizon, organisation_id, limit)
    ordered = [sections[kind] for kind in BOARD_KINDS if kind in sections]
    return {"today": today, "horizon": horizon, "sections": ordered}


def _totals(due: QuerySet, field: str, today: date) -> dict:
    """How many are due within the horizon and how many are overdue: COUNT(*) only touches the
    columns of the kind's partial index, so it is an index-only scan however many rows are due."""
    return due.order_by().aggregate(total=Count("*"), overdue=Count(field, filter=Q(**{f"{field}__lt": today})))


def _section(kind: str, rows: list[BoardRow], totals: dict) -> dict:
    return {"kind": kind, "label": BOARD_KINDS[kind], "rows": rows, **totals}


def _cooperation_section(user, today, horizon, organisation_id, limit) -> dict:
    from django.urls import reverse

    requests = cooperation_for_user(user).filter(status=CooperationRequest.Status.OPEN)
    if organisation_id:
        requests = requests.filter(centre_id=organisation_id)
    due = requests.filter(due_date__lte=horizon)
    found = list(due.order_by("due_date", "pk")[:limit])
    rows = [
        BoardRow(
            kind="cooperation",
            label=BOARD_KINDS["cooperation"],
            due=r.due_date,
            title=_("%(direction)s:%(counterpart)s")
            % {"direction": r.get_direction_display(), "counterpart": r.counterpart_name},
            detail=r.get_kind_display(),
            url=reverse("cases:cooperation_detail", args=[r.pk]),
            urgency=deadlines.urgency(r.due_date, today),
        )
        for r in found
    ]
    return _section("cooperation", rows, _totals(due, "due_date", today))


def _application_section(user, today, horizon, organisation_id, limit) -> dict:
    """Applications whose 7-day decision clock runs (intake's records, read here for the board)."""
    from django.urls import NoReverseMatch, reverse

    from intake.models import Application
    from intake.selectors import applications_for_user

    applications = applications_for_user(user).filter(status__in=Application.CLOCK_RUNNING_STATUSES)
    if organisation_id:
        applications = applications.filter(Q(centre_id=organisation_id) | Q(receiving_organisation_id=organisation_id))
    due = applications.filter(decision_due__lte=horizon)
    found = list(
        due.select_related("applicant")
        .only("pk", "number", "decision_due", "applicant__name")
        .order_by("decision_due", "pk")[:limit]
    )
    rows = []
    may_open = user.has_perm("intake.view_application")  # no link the user may not follow
    for application in found:
        try:
            url = reverse("intake:application_detail", args=[application.pk]) if may_open else ""
        except NoReverseMatch:
            url = ""
        rows.append(
            BoardRow(
                kind="application",
                label=BOARD_KINDS["application"],
                due=application.decision_due,
                title=application.number,
                detail=application.applicant.name,
                url=url,
                urgency=deadlines.urgency(application.decision_due, today),
            )
        )
    return _section("application", rows, _totals(due, "decision_due", today))


def _grant_section(user, today, horizon, organisation_id, limit) -> dict:
    """Granted applications with no case yet: their 3-day assignment clock runs from the decision
    (LAL 43) before any case exists, so they are on the board until the case is opened."""
    from django.urls import reverse

    from .scope import applications_to_open

    grants = applications_to_open(user)
    if organisation_id:
        grants = grants.filter(Q(centre_id=organisation_id) | Q(receiving_organisation_id=organisation_id))
    # due = decision day + 3 <= horizon  <=>  decided before the start of (horizon - 2)
    due = grants.filter(decided_at__lt=deadlines.grant_decided_before(horizon - timedelta(days=2)))
    found = list(due[:limit])
    may_open = user.has_perm("cases.open_case")  # a supervisor sees the clock, not a button they may not press
    rows = []
    for application in found:
        day = deadlines.grant_assignment_due(application.decided_at)
        rows.append(
            BoardRow(
                kind="grant",
                label=BOARD_KINDS["grant"],
                due=day,
                title=application.number,
                detail=" · ".join(
                    filter(None, [application.applicant.name, application.matter.name if application.matter_id else ""])
                ),
                url=reverse("cases:open_from_application", args=[application.pk]) if may_open else "",
                urgency=deadlines.urgency(day, today),
            )
        )
    # overdue = decision day + 3 < today  <=>  decided before the start of (today - 3)
    overdue_before = deadlines.grant_decided_before(today - timedelta(days=deadlines.ASSIGNMENT_DAYS))
    totals = due.order_by().aggregate(total=Count("*"), overdue=Count("pk", filter=Q(decided_at__lt=overdue_before)))
    return _section("grant", rows, totals)
