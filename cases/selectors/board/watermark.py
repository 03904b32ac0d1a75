"""The grant clock's watermark: grants before it all have their case (see `cases.models.GrantWatermark`)."""

from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.db.models import Min, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ...models import GrantWatermark

# Older than any transaction that grants: a grant committed after the repair looked, but stamped
# before it started, still falls after the mark.
SAFETY = timedelta(hours=1)
_BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)


def since_watermark() -> Q:
    """On granted applications: those the clock must still look at. The mark is read inside the
    query (one value), so the index range starts at it; with no mark, at every grant."""
    mark = Subquery(GrantWatermark.objects.filter(pk=1).values("since")[:1])
    return Q(status_changed_at__gte=Coalesce(mark, Value(_BEGINNING)))


def grant_watermark_advance() -> int:
    """Move the mark to the oldest grant still without a case (or an hour ago when there is none).

    Idempotent; reads only the grants since the previous mark. Returns 0: it records, it repairs nothing.
    """
    from intake.models import Application

    now = timezone.now()
    with transaction.atomic():
        mark = GrantWatermark.objects.select_for_update().filter(pk=1).first()
        waiting = Application.objects.filter(status=Application.Status.GRANTED, case__isnull=True)
        if mark is not None:
            waiting = waiting.filter(status_changed_at__gte=mark.since)
        oldest = waiting.aggregate(oldest=Min("status_changed_at"))["oldest"]
        since = min(filter(None, [oldest, now - SAFETY]))
        GrantWatermark.objects.update_or_create(pk=1, defaults={"since": since, "computed_at": now})
    return 0
