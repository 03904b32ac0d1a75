"""The grant clock's watermark: grants before it all have their case (see `cases.models.GrantWatermark`)."""

from datetime import UTC, datetime, timedelta

from django.db import router, transaction
from django.db.models import Min, Q
from django.utils import timezone

from legalaid.compiled import CompiledRead

from ...models import GrantWatermark

# Older than any transaction that grants: a grant committed after the repair looked, but stamped
# before it started, still falls after the mark.
SAFETY = timedelta(hours=1)
_BEGINNING = datetime(2000, 1, 1, tzinfo=UTC)
# The one mark, read on every page that counts grants (the board, the home page, 我的待办): compiled once.
MARK = CompiledRead(lambda pk: GrantWatermark.objects.filter(pk=pk).order_by().values_list("since")[:1], -1)


def since_watermark(user) -> Q:
    """On granted applications: those the clock must still look at, from the mark on (with no mark,
    every grant). The mark is read first and given to the query as a value: the planner then sees
    how recent it is and expects the few grants since; read inside the query, an unknown value made
    it expect a third of the centre's grants and start parallel workers for none (5 ms a figure).
    Read once a request, kept on the user like the scope: a mark read earlier is only older, and an
    older mark reads more grants, never fewer."""
    return Q(status_changed_at__gte=grant_mark(user) or _BEGINNING)


def grant_mark(user) -> datetime | None:
    """The mark (None before the first repair), read once a request and kept on the user."""
    if not hasattr(user, "_grant_mark"):
        found = MARK.rows(router.db_for_read(GrantWatermark), 1)
        user._grant_mark = found[0][0] if found else None
    return user._grant_mark


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
