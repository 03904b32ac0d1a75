"""Home-page panels: due and overdue visits and supervision work for the supervisor; flags for the director."""

from django.utils import timezone

from . import selectors
from .models import SupervisionFlag


def supervisor_panel(request):
    user = request.user
    today = timezone.localdate()
    visits = list(selectors.visits_due(user, today)[:8])
    return {
        "today": today,
        "visits": visits,
        "overdue_count": selectors.visits_due(user, today, horizon_days=-1).count(),
        "due_count": selectors.visits_due(user, today).count(),
        "queue_count": selectors.assessment_queue(user).count(),
        "stale_count": selectors.stale_cases(user, today).count(),
        "complaints_overdue": selectors.complaints_overdue(user, today).count(),
        "enforcement_count": selectors.watches_needing_attention(user, today).count(),
    }


def flags_panel(request):
    flags = selectors.flags_for_user(request.user).filter(status=SupervisionFlag.Status.OPEN)
    return {"flags": list(flags[:6]), "count": flags.count()}
