"""Filing monthly reports: the beat jobs, the go-live back-fill and the claims they make.

A report being computed is claimed with the kernel's lease (`generating`, `claimed_at`): however
often and however concurrently the jobs run, each organisation gets one report per month and each
report is computed once; a claim left by a worker that died is taken up by the next run once its
lease has expired. Every status change (created, claimed, generated, failed) leaves a history row
naming who acted — `SYSTEM` for the beat jobs and the back-fill. Month-to-date drafts are refreshed
in place (a compare-and-swap on `generated_at`), which changes figures, not status.

A closed month is *filed* for an organisation when it has a submitted report or a draft computed
after the month ended. The monthly job files every closed month that is not, so a month beat
missed is filed by the next run instead of being computed on a director's click.
"""

import logging
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.kernel import SYSTEM, leases, locked, record_transition, transition
from legalaid.kernel.actors import actor_user
from legalaid.models import Organisation

from ..models.statistics import StatisticsReport
from . import figures, periods

log = logging.getLogger(__name__)
Status = StatisticsReport.Status
# A claim older than this belongs to a worker that died; the next run takes the report up again.
LEASE = timedelta(minutes=30)
WAITING = (Status.PENDING, Status.FAILED)


def filing_organisations(root: Organisation):
    return root.subtree().filter(kind__in=figures.FILING_KINDS, is_active=True)


def is_filed(report: StatisticsReport) -> bool:
    """A closed month's report that needs no more computing: submitted, or drafted after the month."""
    if report.status == Status.SUBMITTED:
        return True
    end = periods.month(report.period).end
    return report.status == Status.DRAFT and report.generated_at is not None and report.generated_at >= end


def _filed(period: periods.Period) -> Q:
    return Q(status=Status.SUBMITTED) | Q(status=Status.DRAFT, generated_at__gte=period.end)


def claim(report: StatisticsReport, *, actor) -> bool:
    """Take a waiting report (or one whose lease expired) for computing; record it if this run has it."""
    if not leases.claim(
        StatisticsReport, report.pk, waiting=WAITING, running=Status.GENERATING, lease=LEASE, extra={"error": ""}
    ):
        return False
    record_transition(report, actor=actor, from_status=report.status, to_status=Status.GENERATING)
    return True


def create_claimed(organisation_id: int, period_first: date, *, actor, reason: str = "") -> StatisticsReport | None:
    """A new report, claimed by this run at once; None if another run created it a moment ago."""
    try:
        with transaction.atomic():
            report = StatisticsReport.objects.create(
                organisation_id=organisation_id,
                period=period_first,
                status=Status.GENERATING,
                claimed_at=timezone.now(),
                requested_by=actor_user(actor),
            )
            record_transition(report, actor=actor, from_status="", to_status=Status.GENERATING, reason=reason)
    except IntegrityError:
        return None
    return report


def store(report: StatisticsReport, tree: figures.TreeFigures, *, actor) -> bool:
    """Write the computed figures of a claimed report, only if the claim still stands."""
    data = figures.report_data(tree, report.organisation_id)
    changes = figures.differences(report.corrects.figures, data) if report.corrects_id else []
    with transaction.atomic():
        current = locked(report)
        if current.status != Status.GENERATING:
            return False
        current.figures, current.differences = data, changes
        current.generated_at, current.claimed_at = timezone.now(), None
        transition(
            current,
            to=Status.DRAFT,
            actor=actor,
            reason=_("生成统计数据"),
            fields=("figures", "differences", "generated_at", "claimed_at"),
        )
    return True


def refresh_draft(report: StatisticsReport, tree: figures.TreeFigures) -> bool:
    """New figures for a draft, unless another run refreshed, submitted or claimed it meanwhile."""
    data = figures.report_data(tree, report.organisation_id)
    changes = figures.differences(report.corrects.figures, data) if report.corrects_id else []
    return bool(
        StatisticsReport.objects.filter(pk=report.pk, status=Status.DRAFT, generated_at=report.generated_at).update(
            figures=data, differences=changes, generated_at=timezone.now()
        )
    )


def fail(reports: list[StatisticsReport], error: Exception, *, actor) -> None:
    for report in reports:
        with transaction.atomic():
            current = locked(report)
            if current.status != Status.GENERATING:
                continue
            current.error, current.claimed_at = str(error)[:2000], None
            transition(current, to=Status.FAILED, actor=actor, reason=str(error)[:500], fields=("error", "claimed_at"))


def _latest_by_organisation(org_ids: list[int], period_first: date) -> dict[int, StatisticsReport]:
    latest: dict[int, StatisticsReport] = {}
    rows = StatisticsReport.objects.filter(organisation_id__in=org_ids, period=period_first).select_related("corrects")
    for report in rows.order_by("organisation_id", "-revision"):
        latest.setdefault(report.organisation_id, report)
    return latest


def monthly_reports_generate(period_first: date, *, root: Organisation | None = None, actor=SYSTEM) -> dict[str, int]:
    """Every filing organisation's report of one month: created, computed or brought up to date.

    Idempotent: a filed report is left as it is (a submitted one is never touched); a draft of a
    month still running, or computed before its month ended, gets today's figures. Each tree's
    aggregates run once for all its reports.
    """
    period = periods.month(period_first)
    closed = period.after <= periods.month_start(timezone.localdate())
    roots = [root] if root else list(Organisation.objects.filter(parent__isnull=True))
    result = {"created": 0, "generated": 0, "skipped": 0}
    for top in roots:
        org_ids = list(filing_organisations(top).values_list("pk", flat=True))
        latest = _latest_by_organisation(org_ids, period.first)
        claimed, drafts = [], []
        for org_id in org_ids:
            report = latest.get(org_id)
            if report is None:
                report = create_claimed(org_id, period.first, actor=actor)
                if report is not None:
                    result["created"] += 1
                    claimed.append(report)
            elif report.status == Status.DRAFT:
                if not (closed and is_filed(report)):
                    drafts.append(report)
            elif report.status != Status.SUBMITTED and claim(report, actor=actor):
                claimed.append(report)
        result["skipped"] += len(org_ids) - len(claimed) - len(drafts)
        if not claimed and not drafts:
            continue
        try:
            tree = figures.compute(top, period)
        except Exception as exc:  # recorded on the reports and re-raised for the task's retry
            log.exception("monthly statistics for %s %s failed", top, period.label)
            fail(claimed, exc, actor=actor)
            raise
        result["generated"] += sum(store(report, tree, actor=actor) for report in claimed)
        result["generated"] += sum(refresh_draft(report, tree) for report in drafts)
    return result


def unfiled_months(today: date, since: date | None = None) -> list[date]:
    """Closed months from `since` (default: the first month any report was made for) to last month
    in which some filing organisation has no filed report."""
    last = periods.previous_month(today).first
    # Last month at least, even when the only reports so far are this month's (beat's month-to-date).
    first = since or min(StatisticsReport.objects.aggregate(first=Min("period"))["first"] or last, last)
    months = periods.months_between(first, last)
    if not months:
        return []
    filing = set(
        Organisation.objects.filter(kind__in=figures.FILING_KINDS, is_active=True).values_list("pk", flat=True)
    )
    condition = Q()
    for month in months:
        condition |= Q(period=month) & _filed(periods.month(month))
    filed: dict[date, set[int]] = {}
    for org_id, period_first in StatisticsReport.objects.filter(condition).values_list("organisation_id", "period"):
        filed.setdefault(period_first, set()).add(org_id)
    return [month for month in months if filing - filed.get(month, set())]


def file_closed_months(today: date, *, since: date | None = None, root: Organisation | None = None) -> dict[str, int]:
    """File every closed month not yet filed (the monthly beat job), or, for one organisation's tree,
    every closed month since `since` (the back-fill); months already filed cost one query each."""
    if root is None:
        months = unfiled_months(today, since)
    else:
        last = periods.previous_month(today).first
        months = periods.months_between(since or last, last)
    total = {"months": len(months), "created": 0, "generated": 0, "skipped": 0}
    for month in months:
        for key, value in monthly_reports_generate(month, root=root).items():
            total[key] += value
    return total


def retake_stale_claims() -> int:
    """Repair sweep: reports whose worker died mid-computation are computed again."""
    stale = leases.stale(StatisticsReport, running=Status.GENERATING, lease=LEASE)
    stale = list(stale.values_list("period", flat=True))
    for period_first in sorted(set(stale)):
        monthly_reports_generate(period_first)
    return len(stale)
