"""Home-page panels and shared figures of eligibility, and the waiver choices offered to intake's forms."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.clock import same_day_due
from legalaid import figures
from legalaid.figures import Figure, Item
from legalaid.roles import Role

from . import selectors
from .models import Objection, PledgeSpotCheck, Recovery, WaiverCategory

CENTRE_DESK = frozenset({Role.CENTRE_DIRECTOR, Role.CENTRE_STAFF})


def waiver_choices_today() -> list[tuple[str, str]]:
    """(code, name) of the waiver categories in force today anywhere, for intake's claim field."""
    today = timezone.localdate()
    choices: dict[str, str] = {}
    for category in WaiverCategory.objects.in_force(today).order_by("sort_order", "code"):
        choices.setdefault(category.code, category.name)
    return list(choices.items())


def decisions_panel(request):
    """The decision queue: its total and overdue count are the shared figure "decide"."""
    today = timezone.localdate()
    queue = selectors.decision_queue(request.user, today)
    counts = {
        **figures.totals("decide", request.user, today),
        **queue.aggregate(
            unassessed=Count("pk", filter=Q(assessment_outcome__isnull=True)),
            priority=Count("pk", filter=Q(priority_group_name__isnull=False)),
        ),
    }
    # The first rows show the applicant and the matter, not the outcome: the plain queue, in its order.
    first = selectors.applications_under_review(request.user, today).prefetch_related("applicant", "matter")[:5]
    return {"counts": counts, "rows": list(first) if counts["total"] else [], "today": today}


def objections_panel(request):
    today = timezone.localdate()
    counts = figures.totals("objection", request.user, today)
    if not counts["total"]:
        return None
    return {"counts": counts, "rows": list(selectors.pending_objections(request.user)[:5]), "today": today}


def spot_checks_panel(request):
    checks = selectors.spot_checks_for_user(request.user)
    counts = checks.aggregate(
        pending=Count("pk", filter=Q(status=PledgeSpotCheck.Status.PENDING)),
        false_pledges=Count("pk", filter=Q(status=PledgeSpotCheck.Status.FALSE_PLEDGE)),
        open_recoveries=Count("pk", filter=Q(recovery__status=Recovery.Status.OPEN)),
    )
    if not (counts["pending"] or counts["open_recoveries"]):
        return None
    return {"counts": counts}


# ---------------------------------------------------------------- shared figures (legalaid.figures)


def _decide_rows(user, today: date, horizon: date) -> QuerySet:
    # The whole decision queue, not cut at the horizon: it is the queue page's list.
    return selectors.applications_under_review(user, today).prefetch_related("applicant")


def _decide_item(user, application, today: date) -> Item:
    may_open = user.has_perm("eligibility.view_meansassessment")
    return Item(
        title=application.number,
        detail=application.applicant.name,
        url=reverse("eligibility:application", args=[application.pk]) if may_open else "",
        due=same_day_due(
            application.decision_due, timezone.localdate(application.received_at), simplified=application.simplified
        ),
        action=str(_("审查决定")),
    )


def _objection_rows(user, today: date, horizon: date) -> QuerySet:
    return selectors.pending_objections(user).filter(review_due__lte=horizon)


def _objection_item(user, objection: Objection, today: date) -> Item:
    return Item(
        title=objection.objector_name,
        detail=objection.get_kind_display(),
        url=reverse("eligibility:objection_detail", args=[objection.pk]),
        due=objection.review_due,
        action=str(_("审查")),
    )


def _narrow_objections(rows: QuerySet, organisation_id, handler_id) -> QuerySet | None:
    return None if handler_id else rows.filter(centre_id=organisation_id)


figures.register(
    Figure(
        "decide",
        _("待决定"),
        _decide_rows,
        _decide_item,
        overdue=selectors.decision_overdue,
        permission="eligibility.decide_application",
        roles=CENTRE_DESK,
        board=False,
        order=13,
        list_url="eligibility:decision_queue",
    )
)
figures.register(
    Figure(
        "objection",
        _("待审查的异议"),
        _objection_rows,
        _objection_item,
        overdue=lambda today: Q(review_due__lt=today),
        permission="eligibility.view_objection",
        roles=CENTRE_DESK,
        narrow=_narrow_objections,
        order=17,
        list_url="eligibility:objection_list",
    )
)
