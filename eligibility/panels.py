"""Home-page panels of eligibility, and the waiver choices offered to intake's forms."""

from django.db.models import Count, Q
from django.utils import timezone

from . import selectors
from .models import PledgeSpotCheck, Recovery, WaiverCategory


def waiver_choices_today() -> list[tuple[str, str]]:
    """(code, name) of the waiver categories in force today anywhere, for intake's claim field."""
    today = timezone.localdate()
    choices: dict[str, str] = {}
    for category in WaiverCategory.objects.in_force(today).order_by("sort_order", "code"):
        choices.setdefault(category.code, category.name)
    return list(choices.items())


def decisions_panel(request):
    today = timezone.localdate()
    queue = selectors.decision_queue(request.user)
    counts = queue.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=selectors.decision_overdue(today)),
        unassessed=Count("pk", filter=Q(assessment_outcome__isnull=True)),
        priority=Count("pk", filter=Q(priority_group_name__isnull=False)),
    )
    return {"counts": counts, "rows": list(queue[:5]), "today": today}


def objections_panel(request):
    pending = selectors.pending_objections(request.user)
    today = timezone.localdate()
    counts = pending.aggregate(total=Count("pk"), overdue=Count("pk", filter=Q(review_due__lt=today)))
    if not counts["total"]:
        return None
    return {"counts": counts, "rows": list(pending[:5]), "today": today}


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
