"""Menu entries, home-page panels and shared figures of intake, registered with legalaid."""

from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid import figures
from legalaid.figures import Figure, Item
from legalaid.navigation import HomePanel, NavItem, register_home_panel, register_nav
from legalaid.roles import Role
from legalaid.templatetags.legalaid_tags import masked_phone

from . import clock, rules, selectors
from .models import Application, MaterialsNotice

CENTRE_DESK = frozenset({Role.CENTRE_DIRECTOR, Role.CENTRE_STAFF})
CLERK = frozenset({Role.WORKSTATION_CLERK})


def queue_panel(request):
    """Centre staff: the review queue's counts (the queue page shows the same, from the same
    selector) and the applications that need attention first."""
    today = timezone.localdate()
    counts = selectors.queue_counts(request.user, today)
    # The rows show the applicant alone; an empty queue (most days at a small centre) reads no rows.
    queue = selectors.review_queue_rows(request.user, view="review", today=today, counts=counts, related=("applicant",))
    first = queue[0:5] if counts["waiting"] else []
    return {"counts": counts, "rows": [(a, rules.clock_state(a, today)) for a in first], "today": today}


def workstation_panel(request):
    """Workstation clerk: what their workstation filed and where each application stands."""
    organisation = selectors.user_organisation(request.user)
    if organisation is None:
        return None
    counts = selectors.workstation_status_counts(request.user, organisation)
    labels = dict(Application.Status.choices)
    return {
        "organisation": organisation,
        "status_counts": [(labels[status], counts.get(status, 0), status) for status in labels if counts.get(status)],
        "recent": list(selectors.workstation_filings(request.user, organisation, limit=8)),
    }


def call_back_panel(request):
    counts = figures.totals("call_back", request.user)
    if not counts["total"]:
        return None
    first = selectors.call_back_list(request.user)[:5]
    return {"count": counts["total"], "overdue": counts["overdue"], "first": first}


# ---------------------------------------------------------------- shared figures (legalaid.figures)


def _link(user, permission: str, name: str, pk: int) -> str:
    return reverse(name, args=[pk]) if user.has_perm(permission) else ""


def _application_item(action, permission: str, url_name: str):
    def item(user, application: Application, today: date) -> Item:
        url = _link(user, permission, url_name, application.pk) or _link(
            user, "intake.view_application", "intake:application_detail", application.pk
        )
        due = clock.same_day_due(
            application.decision_due,
            timezone.localdate(application.received_at),
            simplified=application.simplified,
        )
        return Item(title=application.number, detail=application.applicant.name, url=url, due=due, action=str(action))

    return item


def _narrow_applications(rows: QuerySet, organisation_id, handler_id) -> QuerySet | None:
    if handler_id:
        return None  # an application has no handler
    return rows.filter(Q(centre_id=organisation_id) | Q(receiving_organisation_id=organisation_id))


def _applications(statuses, *, on_board: bool):
    """Applications in `statuses`, in the queues' order; on the board only those due by the horizon
    (the simplified path is due on its day of receipt, so it always is)."""

    def rows(user, today: date, horizon: date) -> QuerySet:
        found = (
            selectors.applications_for_user(user)
            .filter(status__in=statuses)
            .annotate(simplified=selectors.simplified_expression(), urgent_now=selectors.urgent_now_expression(today))
        )
        if on_board:
            found = found.filter(Q(decision_due__lte=horizon) | Q(simplified=True))
        order = selectors.queue_order(
            simplified=Q(simplified=True), urgent=Q(urgent_now=True), due="decision_due", since="received_at"
        )
        # The applicant is read for the rows shown only, after the database has sorted and cut the
        # set: joined, every open application's person would be read before the sort.
        return found.prefetch_related("applicant").order_by(*order)

    return rows


def _notice_rows(user, today: date, horizon: date) -> QuerySet:
    """One-time notices still open: the applicant's supply date runs (the decision clock stops)."""
    return (
        MaterialsNotice.objects.filter(
            application__in=selectors.applications_for_user(user)
            .filter(status=Application.Status.AWAITING_MATERIALS)
            .values("pk"),
            supplied_at__isnull=True,
            lapsed_at__isnull=True,
            due_date__lte=horizon,
        )
        .select_related("application__applicant")
        .order_by("due_date", "pk")
    )


def _notice_item(user, notice: MaterialsNotice, today: date) -> Item:
    application = notice.application
    return Item(
        title=application.number,
        detail=application.applicant.name,
        url=_link(user, "intake.record_materials", "intake:application_supply", application.pk)
        or _link(user, "intake.view_application", "intake:application_detail", application.pk),
        due=notice.due_date,
        action=str(_("登记补充材料")),
    )


def _narrow_notices(rows: QuerySet, organisation_id, handler_id) -> QuerySet | None:
    if handler_id:
        return None
    return rows.filter(
        Q(application__centre_id=organisation_id) | Q(application__receiving_organisation_id=organisation_id)
    )


def _call_back_rows(user, today: date, horizon: date) -> QuerySet:
    # Not cut at the horizon: a call-back is promised within hours, so every one is due soon, and
    # the call-back list counts them all.
    return selectors.call_back_list(user)


def _call_back_item(user, consultation, today: date) -> Item:
    return Item(
        title=consultation.display_name,
        detail=masked_phone(consultation.visitor_phone),
        url=_link(user, "intake.change_consultation", "intake:consultation_call_back", consultation.pk),
        due=timezone.localdate(consultation.call_back_due),
        action=str(_("回复")),
    )


def _narrow_call_backs(rows: QuerySet, organisation_id, handler_id) -> QuerySet | None:
    return None if handler_id else rows.filter(organisation_id=organisation_id)


def _call_back_overdue(today: date) -> Q:
    # Overdue from the hour promised, as the call-back list marks it (not from the next day).
    return Q(call_back_due__lt=timezone.now())


def _decision_overdue(today: date) -> Q:
    return selectors.decision_clock_q(today)[0]


register_nav(NavItem(label=_("审查队列"), url_name="intake:queue", permission="intake.review_application", order=10))
register_nav(
    NavItem(label=_("申请"), url_name="intake:application_list", permission="intake.view_application", order=20)
)
register_nav(
    NavItem(label=_("咨询台账"), url_name="intake:consultation_list", permission="intake.view_consultation", order=30)
)
register_nav(NavItem(label=_("当事人"), url_name="intake:person_list", permission="intake.view_person", order=40))
register_nav(
    NavItem(label=_("上门服务"), url_name="intake:home_visit_list", permission="intake.view_homevisit", order=50)
)
register_home_panel(
    HomePanel(
        "intake/panels/queue.html", queue_panel, roles=CENTRE_DESK, permission="intake.review_application", order=1
    )
)
register_home_panel(
    HomePanel(
        "intake/panels/workstation.html",
        workstation_panel,
        roles=frozenset({Role.WORKSTATION_CLERK}),
        permission="intake.view_application",
        order=1,
    )
)
register_home_panel(
    HomePanel("intake/panels/call_backs.html", call_back_panel, permission="intake.change_consultation", order=3)
)
figures.register(
    Figure(
        "application",
        _("决定期限"),
        _applications(Application.CLOCK_RUNNING_STATUSES, on_board=True),
        _application_item(_("查看"), "intake.view_application", "intake:application_detail"),
        overdue=_decision_overdue,
        roles=frozenset({Role.CENTRE_DIRECTOR}),
        narrow=_narrow_applications,
        order=10,
        list_url="intake:queue",
    )
)
figures.register(
    Figure(
        "application_accept",
        _("已接收待受理"),
        _applications((Application.Status.RECEIVED,), on_board=False),
        _application_item(_("查看"), "intake.review_application", "intake:application_detail"),
        overdue=_decision_overdue,
        permission="intake.review_application",
        roles=frozenset({Role.CENTRE_STAFF}),
        board=False,
        order=11,
        list_url="intake:queue",
    )
)
figures.register(
    Figure(
        "preliminary_review",
        _("工作站初审中"),
        _applications(rules.PRELIMINARY_REVIEW_FROM, on_board=False),
        _application_item(_("初审"), "intake.preliminary_review_application", "intake:application_review"),
        overdue=_decision_overdue,
        permission="intake.preliminary_review_application",
        roles=CLERK,
        board=False,
        order=12,
        list_url="intake:application_list",
    )
)
figures.register(
    Figure(
        "notice",
        _("待补充材料"),
        _notice_rows,
        _notice_item,
        overdue=lambda today: Q(due_date__lt=today),
        permission="intake.view_application",
        roles=frozenset({Role.CENTRE_STAFF, Role.WORKSTATION_CLERK}),
        narrow=_narrow_notices,
        order=15,
        list_url="intake:application_list",
    )
)
figures.register(
    Figure(
        "call_back",
        _("待回复留言"),
        _call_back_rows,
        _call_back_item,
        overdue=_call_back_overdue,
        permission="intake.view_consultation",
        roles=frozenset({Role.CENTRE_STAFF, Role.WORKSTATION_CLERK}),
        narrow=_narrow_call_backs,
        order=16,
        list_url="intake:call_back_list",
    )
)
