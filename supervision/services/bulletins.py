"""The monthly supervision bulletin (月通报): one per centre and month, claimed with a lease."""

from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from legalaid.kernel import (
    SYSTEM,
    DomainError,
    leases,
    locked,
    outbox,
    record_transition,
    require_permission,
    require_scope,
    transition,
)
from legalaid.models import Organisation
from legalaid.pdf import store_pdf

from .. import dates
from ..models import MonthlyBulletin
from .common import today

# A bulletin takes seconds; a run still "generating" after this has died and may be taken up again.
BULLETIN_LEASE = timedelta(hours=1)


def bulletin_claim(centre: Organisation, period: date, *, actor=SYSTEM) -> MonthlyBulletin | None:
    """Claim the one bulletin of (centre, month) for generation; None if it is done or being done.

    The lease's conditional UPDATE is the lock: of two workers running the same schedule, one
    changes the row and the other changes nothing and stops.
    """
    period = dates.month_start(period)
    bulletin, created = MonthlyBulletin.objects.get_or_create(organisation=centre, period=period)
    if created:
        record_transition(bulletin, actor=actor, from_status="", to_status=bulletin.status)
    before = MonthlyBulletin.objects.filter(pk=bulletin.pk).values_list("status", flat=True).get()
    claimed = leases.claim(
        MonthlyBulletin,
        bulletin.pk,
        waiting=[MonthlyBulletin.Status.PENDING, MonthlyBulletin.Status.FAILED],
        running=MonthlyBulletin.Status.GENERATING,
        lease=BULLETIN_LEASE,
    )
    if not claimed:
        return None
    bulletin = MonthlyBulletin.objects.get(pk=bulletin.pk)
    record_transition(bulletin, actor=actor, from_status=before, to_status=MonthlyBulletin.Status.GENERATING)
    return bulletin


def _finish(bulletin: MonthlyBulletin, *, actor, to: str, fields: dict, reason: str = "") -> MonthlyBulletin:
    with transaction.atomic():
        bulletin = locked(bulletin)
        if bulletin.status != MonthlyBulletin.Status.GENERATING:
            return bulletin  # a racing run (after its lease ran out) finished it first
        for name, value in fields.items():
            setattr(bulletin, name, value)
        transition(bulletin, to=to, actor=actor, reason=reason, fields=tuple(fields))
    return bulletin


def bulletin_generate(bulletin: MonthlyBulletin, *, actor=SYSTEM) -> MonthlyBulletin:
    """Compute a claimed bulletin's figures, render its PDF and mark it ready."""
    from ..reports import bulletin_data, render_bulletin

    try:
        bulletin.data = bulletin_data(bulletin.organisation, bulletin.period)
        MonthlyBulletin.objects.filter(pk=bulletin.pk).update(data=bulletin.data)
        store_pdf(bulletin, "pdf", render_bulletin, stamp="generated_at")
    except Exception as exc:
        _finish(
            bulletin, actor=actor, to=MonthlyBulletin.Status.FAILED, fields={"error": str(exc)}, reason=str(exc)[:200]
        )
        raise
    return _finish(bulletin, actor=actor, to=MonthlyBulletin.Status.READY, fields={"error": ""})


def bulletins_generate_month(period: date) -> list[MonthlyBulletin]:
    """Every centre's bulletin for the month of `period` (SYSTEM); running twice produces nothing new."""
    done = []
    for centre in Organisation.objects.filter(kind__in=Organisation.CENTRE_KINDS, is_active=True):
        bulletin = bulletin_claim(centre, period)
        if bulletin is not None:
            done.append(bulletin_generate(bulletin))
    return done


def bulletin_request(actor, centre: Organisation, period: date) -> MonthlyBulletin | None:
    """Staff asking for a past month's bulletin that the schedule has not produced yet."""
    from ..selectors import centres_for_user

    require_permission(actor, "supervision.view_bulletin")
    require_scope(actor, centre, centres_for_user, message=_("该中心不在您的管辖范围内。"))
    if dates.month_start(period) >= dates.month_start(today()):
        raise DomainError(_("只能生成已经结束的月份的通报。"), field="period")
    bulletin = bulletin_claim(centre, period, actor=actor)
    return bulletin_generate(bulletin, actor=actor) if bulletin else None


def bulletins_repair() -> int:
    """Repair sweep: months whose bulletin run died (lease expired), generated again by the task."""
    stale = leases.stale(MonthlyBulletin, running=MonthlyBulletin.Status.GENERATING, lease=BULLETIN_LEASE)
    periods = sorted(set(stale.values_list("period", flat=True)))
    for period in periods:
        outbox.enqueue("supervision.tasks.monthly_bulletins", period.isoformat())
    return len(periods)
