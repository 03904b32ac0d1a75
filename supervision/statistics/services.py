"""Writes of statistics: generating monthly reports (idempotent), submitting, correcting, targets.

A monthly report row is claimed by a conditional UPDATE (pending → generating) before its
figures are computed, so however often and however concurrently the monthly job runs,
each organisation gets one report per month and each report is computed once. A
submitted report is locked: nothing here writes its figures again.
"""

import logging
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from legalaid.errors import DomainError
from legalaid.models import Organisation
from legalaid.selectors import visible_organisations

from ..models.statistics import AnnualTarget, StatisticsReport, StatisticsReportTransition
from . import figures, periods

log = logging.getLogger(__name__)
Status = StatisticsReport.Status
# A claim older than this is taken to belong to a worker that died.
STALE_CLAIM = timedelta(minutes=30)


def _require(actor, permission: str, action: str) -> None:
    if not actor.has_perm(permission):
        raise DomainError(f"您没有{action}的权限。")


def _in_scope(actor, organisation: Organisation) -> None:
    if not visible_organisations(actor).filter(pk=organisation.pk).exists():
        raise DomainError("该单位不在您的管理范围内。")


def _record(report: StatisticsReport, *, actor, from_status: str, reason: str = "") -> None:
    StatisticsReportTransition.objects.create(
        report=report, actor=actor, from_status=from_status, to_status=report.status, reason=reason
    )


def _claimable(period_end=None, *, refresh: bool = False) -> Q:
    """Reports a run may take: new or failed ones, drafts computed before their month was over
    (month-to-date figures, made final once the month has ended), and claims of dead workers."""
    stale = timezone.now() - STALE_CLAIM
    condition = Q(status__in=(Status.PENDING, Status.FAILED)) | Q(status=Status.GENERATING, claimed_at__lt=stale)
    if refresh:
        condition |= Q(status=Status.DRAFT)
    elif period_end is not None:
        condition |= Q(status=Status.DRAFT, generated_at__lt=period_end)
    return condition


def _claim(report_id: int, period_end=None, *, refresh: bool = False) -> bool:
    """Take the report for computing (a conditional UPDATE): False if another run has it or it is done."""
    claimed = StatisticsReport.objects.filter(_claimable(period_end, refresh=refresh), pk=report_id).update(
        status=Status.GENERATING, claimed_at=timezone.now(), error=""
    )
    return claimed == 1


def _store(report: StatisticsReport, tree: figures.TreeFigures, *, actor=None) -> bool:
    """Write the computed figures, only if the claim still stands (never onto a submitted report)."""
    data = figures.report_data(tree, report.organisation_id)
    changes = figures.differences(report.corrects.figures, data) if report.corrects_id else []
    now = timezone.now()
    stored = StatisticsReport.objects.filter(pk=report.pk, status=Status.GENERATING).update(
        status=Status.DRAFT, figures=data, differences=changes, generated_at=now
    )
    if stored:
        report.refresh_from_db()
        _record(report, actor=actor, from_status=Status.GENERATING, reason="生成统计数据")
    return bool(stored)


def _fail(report_ids: list[int], error: Exception) -> None:
    StatisticsReport.objects.filter(pk__in=report_ids, status=Status.GENERATING).update(
        status=Status.FAILED, error=str(error)[:2000]
    )


def filing_organisations(root: Organisation):
    return root.subtree().filter(kind__in=figures.FILING_KINDS, is_active=True)


def monthly_reports_generate(period_first: date, *, root: Organisation | None = None) -> dict[str, int]:
    """Make sure every filing organisation has its report for the month, and compute those not yet done.

    Idempotent: a report made after its month ended is left as it is (a draft can be refreshed
    on demand, a submitted one never); run during the month it keeps month-to-date drafts current.
    Each tree's aggregates run once for all its reports.
    """
    period = periods.month(period_first)
    roots = [root] if root else list(Organisation.objects.filter(parent__isnull=True))
    result = {"created": 0, "generated": 0, "skipped": 0}
    for top in roots:
        org_ids = list(filing_organisations(top).values_list("pk", flat=True))
        have = set(
            StatisticsReport.objects.filter(organisation_id__in=org_ids, period=period.first).values_list(
                "organisation_id", flat=True
            )
        )
        missing = [StatisticsReport(organisation_id=pk, period=period.first) for pk in org_ids if pk not in have]
        # ignore_conflicts: a concurrent run creating the same rows is not an error.
        StatisticsReport.objects.bulk_create(missing, ignore_conflicts=True)
        result["created"] += len(missing)
        candidates = StatisticsReport.objects.filter(
            _claimable(period.end), organisation_id__in=org_ids, period=period.first
        ).values_list("pk", flat=True)
        claimed = [pk for pk in candidates if _claim(pk, period.end)]
        result["skipped"] += len(org_ids) - len(claimed)
        if not claimed:
            continue
        try:
            tree = figures.compute(top, period)
            for report in StatisticsReport.objects.filter(pk__in=claimed).select_related("corrects"):
                result["generated"] += _store(report, tree)
        except Exception as exc:  # noqa: BLE001 — recorded on the reports and re-raised for the task's retry
            log.exception("monthly statistics for %s %s failed", top, period.label)
            _fail(claimed, exc)
            raise
    return result


def report_request(organisation: Organisation, period_first: date, *, actor) -> StatisticsReport:
    """On demand: the organisation's report of a month, created and computed now.

    A draft is computed again from today's data; a submitted report is returned as it is.
    """
    _require(actor, "supervision.generate_statistics", "生成统计报表")
    _in_scope(actor, organisation)
    if organisation.kind not in figures.FILING_KINDS:
        raise DomainError("只有法律援助中心和工作站填报统计月报表。")
    period = periods.month(period_first)
    if period.first > periods.month_start(timezone.localdate()):
        raise DomainError("不能生成尚未开始的月份的报表。", field="month")
    report = latest_revision(organisation, period.first)
    if report is None:
        try:
            with transaction.atomic():
                report = StatisticsReport.objects.create(
                    organisation=organisation, period=period.first, requested_by=actor
                )
                _record(report, actor=actor, from_status="", reason="按需生成")
        except IntegrityError:  # created a moment ago by the monthly job or a colleague
            report = latest_revision(organisation, period.first)
    if report.is_locked:
        return report
    return report_refresh(report, actor=actor)


def latest_revision(organisation: Organisation, period_first: date) -> StatisticsReport | None:
    return StatisticsReport.objects.filter(organisation=organisation, period=period_first).order_by("-revision").first()


def report_refresh(report: StatisticsReport, *, actor) -> StatisticsReport:
    """Compute a draft again from today's data; a submitted report is locked."""
    _require(actor, "supervision.generate_statistics", "生成统计报表")
    _in_scope(actor, report.organisation)
    with transaction.atomic():
        locked = StatisticsReport.objects.select_for_update().get(pk=report.pk)
        if locked.is_locked:
            raise DomainError("该报表已报送,数据已锁定,不能重新生成;如需更正,请创建更正版次。")
        if not _claim(locked.pk, refresh=True):
            raise DomainError("该报表正在生成中,请稍后刷新。")
        StatisticsReport.objects.filter(pk=locked.pk).update(requested_by=actor)
    report = StatisticsReport.objects.select_related("corrects", "organisation").get(pk=report.pk)
    try:
        tree = figures.compute(report.organisation, periods.month(report.period), reports_for={report.organisation_id})
        _store(report, tree, actor=actor)
    except Exception as exc:
        _fail([report.pk], exc)
        raise
    report.refresh_from_db()
    return report


def report_submit(report: StatisticsReport, *, actor) -> StatisticsReport:
    """Submit the report: from now on its figures are locked."""
    _require(actor, "supervision.submit_statisticsreport", "报送统计月报表")
    _in_scope(actor, report.organisation)
    with transaction.atomic():
        report = StatisticsReport.objects.select_for_update().get(pk=report.pk)
        if report.status != Status.DRAFT:
            raise DomainError(f"报表当前状态为“{report.get_status_display()}”,只有待报送的报表可以报送。")
        if report.period >= periods.month_start(timezone.localdate()):
            raise DomainError("本月尚未结束,月报表须在次月报送。")
        report.status, report.submitted_by, report.submitted_at = Status.SUBMITTED, actor, timezone.now()
        report.save(update_fields=["status", "submitted_by", "submitted_at"])
        _record(report, actor=actor, from_status=Status.DRAFT, reason="报送")
    return report


def report_correct(report: StatisticsReport, *, actor, reason: str) -> StatisticsReport:
    """A correction of a submitted report: a new revision computed now, with the differences shown."""
    _require(actor, "supervision.submit_statisticsreport", "更正统计月报表")
    _in_scope(actor, report.organisation)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请写明更正原因。", field="reason")
    with transaction.atomic():
        report = StatisticsReport.objects.select_for_update().get(pk=report.pk)
        if not report.is_locked:
            raise DomainError("只有已报送的报表需要更正;待报送的报表可直接重新生成。")
        latest = latest_revision(report.organisation, report.period)
        if latest.pk != report.pk:
            raise DomainError(f"该报表已有第 {latest.revision} 版,请在最新版次上更正。")
        correction = StatisticsReport.objects.create(
            organisation=report.organisation,
            period=report.period,
            revision=report.revision + 1,
            corrects=report,
            correction_reason=reason,
            requested_by=actor,
        )
        _record(correction, actor=actor, from_status="", reason=f"更正第 {report.revision} 版:{reason}")
    return report_refresh(correction, actor=actor)


def annual_target_set(
    organisation: Organisation, *, actor, year: int, cases: int, other_matters: int, basis: str = ""
) -> AnnualTarget:
    """Set (or change) an organisation's target for a year; the history keeps every earlier value."""
    _require(actor, "supervision.change_annualtarget", "设定年度目标任务")
    _in_scope(actor, organisation)
    if cases < 0 or other_matters < 0:
        raise DomainError("目标任务不能为负数。")
    with transaction.atomic():
        target, _created = AnnualTarget.objects.select_for_update().get_or_create(
            organisation=organisation,
            year=year,
            defaults={"cases": cases, "other_matters": other_matters, "basis": basis, "set_by": actor},
        )
        if not _created:
            target.cases, target.other_matters, target.basis = cases, other_matters, basis
            target.set_by, target.set_at = actor, timezone.now()
            target.save(update_fields=["cases", "other_matters", "basis", "set_by", "set_at"])
    return target
