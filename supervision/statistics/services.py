"""Writes of statistics a person asks for: a report on demand, refreshing, submitting and
correcting it, and annual targets. The beat jobs and the back-fill live in `filing`.

Every service takes `actor=` (a user, or `SYSTEM`), checks the permission and the scope through
the kernel, and leaves an attributed history row for every status change of a report. A
submitted report is locked: nothing here writes its figures again.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from legalaid.kernel import DomainError, locked, record_transition, require_permission, require_scope, transition
from legalaid.kernel.actors import actor_user
from legalaid.models import Organisation
from legalaid.selectors import visible_organisations

from ..models.statistics import AnnualTarget, StatisticsReport
from . import figures, filing, periods
from .filing import monthly_reports_generate  # noqa: F401 — part of this module's interface (the bench uses it)

Status = StatisticsReport.Status


def _in_scope(actor, organisation: Organisation) -> None:
    require_scope(actor, organisation, visible_organisations, _("该单位不在您的管理范围内。"))


def latest_revision(organisation: Organisation, period_first: date) -> StatisticsReport | None:
    return StatisticsReport.objects.filter(organisation=organisation, period=period_first).order_by("-revision").first()


def _compute(report: StatisticsReport) -> figures.TreeFigures:
    return figures.compute(report.organisation, periods.month(report.period), reports_for={report.organisation_id})


def _generate_claimed(report: StatisticsReport, *, actor) -> StatisticsReport:
    """Compute a report this run has claimed; a failure is recorded on it and raised."""
    report = StatisticsReport.objects.select_related("corrects", "organisation").get(pk=report.pk)
    try:
        filing.store(report, _compute(report), actor=actor)
    except Exception as exc:
        filing.fail([report], exc, actor=actor)
        raise
    report.refresh_from_db()
    return report


def report_request(organisation: Organisation, period_first: date, *, actor) -> StatisticsReport:
    """On demand: the organisation's report of a month, created and computed now.

    A draft is computed again from today's data; a submitted report is returned as it is.
    """
    require_permission(actor, "supervision.generate_statistics")
    _in_scope(actor, organisation)
    if organisation.kind not in figures.FILING_KINDS:
        raise DomainError(_("只有法律援助中心和工作站填报统计月报表。"))
    period = periods.month(period_first)
    if period.first > periods.month_start(timezone.localdate()):
        raise DomainError(_("不能生成尚未开始的月份的报表。"), field="month")
    report = latest_revision(organisation, period.first)
    if report is None:
        report = filing.create_claimed(organisation.pk, period.first, actor=actor, reason=_("按需生成"))
        if report is not None:
            return _generate_claimed(report, actor=actor)
        report = latest_revision(organisation, period.first)  # created a moment ago by the job or a colleague
    if report.is_locked:
        return report
    return report_refresh(report, actor=actor)


def report_refresh(report: StatisticsReport, *, actor) -> StatisticsReport:
    """Compute a draft (or a report waiting or failed) again from today's data; a submitted one is locked."""
    require_permission(actor, "supervision.generate_statistics")
    _in_scope(actor, report.organisation)
    with transaction.atomic():
        current = locked(report)
        if current.is_locked:
            raise DomainError(_("该报表已报送，数据已锁定，不能重新生成；如需更正，请创建更正版次。"))
        if current.status != Status.DRAFT:
            if not filing.claim(current, actor=actor):
                raise DomainError(_("该报表正在生成中，请稍后刷新。"))
            claimed = True
        else:
            claimed = False
            current.requested_by = actor_user(actor)
            current.save(update_fields=["requested_by"])
    if claimed:
        return _generate_claimed(current, actor=actor)
    current = StatisticsReport.objects.select_related("corrects", "organisation").get(pk=current.pk)
    if filing.refresh_draft(current, _compute(current)):
        record_transition(
            current, actor=actor, from_status=Status.DRAFT, to_status=Status.DRAFT, reason=_("按当前数据重新生成")
        )
    current.refresh_from_db()
    return current


def submit_refusal(report: StatisticsReport, today: date) -> str | None:
    """Why the report cannot be submitted now (None if it can): shared by the service and the page."""
    if report.status != Status.DRAFT:
        return _("报表当前状态为“%(status)s”，只有待报送的报表可以报送。") % {"status": report.get_status_display()}
    period = periods.month(report.period)
    if report.period >= periods.month_start(today):
        return _("本月尚未结束，月报表须在次月报送。")
    if report.generated_at is None or report.generated_at < period.end:
        return _("该报表的数据统计于月份结束之前，请先按当前数据重新生成，再报送。")
    return None


def report_submit(report: StatisticsReport, *, actor) -> StatisticsReport:
    """Submit the report: from now on its figures are locked."""
    require_permission(actor, "supervision.submit_statisticsreport")
    _in_scope(actor, report.organisation)
    with transaction.atomic():
        report = locked(report)
        refusal = submit_refusal(report, timezone.localdate())
        if refusal:
            raise DomainError(refusal)
        report.submitted_by, report.submitted_at = actor_user(actor), timezone.now()
        transition(
            report,
            to=Status.SUBMITTED,
            actor=actor,
            reason=_("报送"),
            fields=("submitted_by", "submitted_at"),
        )
    return report


def report_correct(report: StatisticsReport, *, actor, reason: str) -> StatisticsReport:
    """A correction of a submitted report: a new revision computed now, with the differences shown."""
    require_permission(actor, "supervision.submit_statisticsreport")
    _in_scope(actor, report.organisation)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请写明更正原因。"), field="reason")
    with transaction.atomic():
        report = locked(report)
        if not report.is_locked:
            raise DomainError(_("只有已报送的报表需要更正；待报送的报表可直接重新生成。"))
        latest = latest_revision(report.organisation, report.period)
        if latest.pk != report.pk:
            raise DomainError(_("该报表已有第 %(revision)s 版，请在最新版次上更正。") % {"revision": latest.revision})
        correction = StatisticsReport.objects.create(
            organisation=report.organisation,
            period=report.period,
            revision=report.revision + 1,
            corrects=report,
            correction_reason=reason,
            requested_by=actor_user(actor),
            status=Status.GENERATING,
            claimed_at=timezone.now(),
        )
        record_transition(
            correction,
            actor=actor,
            from_status="",
            to_status=Status.GENERATING,
            reason=_("更正第 %(revision)s 版：%(reason)s") % {"revision": report.revision, "reason": reason},
        )
    return _generate_claimed(correction, actor=actor)


def annual_target_set(
    organisation: Organisation, *, actor, year: int, cases: int, other_matters: int, basis: str = ""
) -> AnnualTarget:
    """Set (or change) an organisation's target for a year; the history keeps every earlier value."""
    require_permission(actor, "supervision.change_annualtarget")
    _in_scope(actor, organisation)
    if cases < 0 or other_matters < 0:
        raise DomainError(_("目标任务不能为负数。"))
    with transaction.atomic():
        target, created = AnnualTarget.objects.select_for_update().get_or_create(
            organisation=organisation,
            year=year,
            defaults={"cases": cases, "other_matters": other_matters, "basis": basis, "set_by": actor},
        )
        if not created:
            target.cases, target.other_matters, target.basis = cases, other_matters, basis
            target.set_by, target.set_at = actor, timezone.now()
            target.save(update_fields=["cases", "other_matters", "basis", "set_by", "set_at"])
    return target
