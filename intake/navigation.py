"""Menu entries and home-page panels of intake, registered with legalaid.navigation."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from legalaid.navigation import HomePanel, NavItem, register_home_panel, register_nav
from legalaid.roles import Role

from . import rules, selectors
from .models import Application

CENTRE_DESK = frozenset({Role.CENTRE_DIRECTOR, Role.CENTRE_STAFF})


def queue_panel(request):
    """Centre staff: the review queue's counts and the applications that need attention first."""
    today = timezone.localdate()
    counts = selectors.queue_counts(request.user, today)
    first = list(selectors.review_queue(request.user, today=today)[:5])
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
    pending = selectors.call_back_list(request.user)
    count = pending.count()
    if not count:
        return None
    return {"count": count, "overdue": pending.filter(call_back_due__lt=timezone.now()).count(), "first": pending[:5]}


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
