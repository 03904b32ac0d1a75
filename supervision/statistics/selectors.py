"""Reads of statistics, always scoped to the organisations the user may see."""

from datetime import date

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from legalaid.models import Organisation
from legalaid.selectors import visible_organisations

from ..models.statistics import StatisticsReport
from . import figures, periods
from .dashboard import dashboard, dashboard_summary  # noqa: F401 — part of this module's interface
from .progress import handler_obligations, organisation_obligations, target_progress  # noqa: F401

SHOWN = (StatisticsReport.Status.DRAFT, StatisticsReport.Status.SUBMITTED)


def reporting_organisations(user) -> QuerySet[Organisation]:
    """Organisations in the user's scope that file monthly reports (centres and workstations)."""
    return visible_organisations(user).filter(kind__in=figures.FILING_KINDS, is_active=True).order_by("path")


def home_organisation(user, organisations: QuerySet[Organisation]) -> Organisation | None:
    """The user's own organisation if it is among `organisations`, else the first of them."""
    profile = getattr(user, "profile", None)
    own = organisations.filter(pk=profile.organisation_id).first() if profile else None
    return own or organisations.first()


def statistics_organisations(user) -> QuerySet[Organisation]:
    """Organisations whose statistics the user may open: every one in scope except providers."""
    return visible_organisations(user).exclude(kind__in=Organisation.PROVIDER_KINDS).order_by("path")


def organisation_for_statistics(user, pk: int) -> Organisation:
    return get_object_or_404(statistics_organisations(user), pk=pk)


def reports_for_user(user) -> QuerySet[StatisticsReport]:
    return (
        StatisticsReport.objects.filter(organisation__in=visible_organisations(user))
        .select_related("organisation", "submitted_by")
        .order_by("-period", "organisation__path", "-revision")
    )


def report_rows(user) -> QuerySet[StatisticsReport]:
    """The reports as lists show them: the columns a row shows, not their figures and differences (decoded
    from JSON row by row, they were a quarter of the statistics page's time) nor the rest of the
    organisation's and the submitter's rows."""
    return reports_for_user(user).only(
        "period",
        "revision",
        "corrects_id",
        "status",
        "generated_at",
        "submitted_at",
        "organisation__name",
        "submitted_by__username",
        "submitted_by__first_name",
        "submitted_by__last_name",
    )


def report_for_user(user, pk: int) -> StatisticsReport:
    return get_object_or_404(
        reports_for_user(user).select_related("corrects", "requested_by").prefetch_related("transitions__actor"),
        pk=pk,
    )


def report_revisions(report: StatisticsReport) -> QuerySet[StatisticsReport]:
    return StatisticsReport.objects.filter(organisation_id=report.organisation_id, period=report.period).order_by(
        "revision"
    )


def stored_report(organisation: Organisation, period_first: date) -> StatisticsReport | None:
    """The latest revision of the month that has figures."""
    return (
        StatisticsReport.objects.filter(organisation=organisation, period=period_first, status__in=SHOWN)
        .order_by("-revision")
        .first()
    )


def monthly_data(organisation: Organisation, period_first: date) -> tuple[dict, StatisticsReport | None]:
    """A month's report: as stored if the organisation has one, else computed now from live data
    (one month, on an explicit request for it)."""
    report = stored_report(organisation, period_first)
    if report is not None:
        return report.figures, report
    tree = figures.compute(organisation, periods.month(period_first), reports_for={organisation.pk})
    return figures.report_data(tree, organisation.pk), None


def yearly_data(organisation: Organisation, year: int, today: date) -> tuple[dict | None, list[periods.Period]]:
    """A year's report (to date) made from its monthly reports as filed, and the past months that
    have none (left out, never computed here). Only this month may be computed live when it has no
    report yet. Medians are computed over the whole covered period's rows."""
    this_month = periods.month_start(today)
    months = [first for first in periods.months_between(date(year, 1, 1), date(year, 12, 1)) if first <= this_month]
    stored: dict[date, dict] = {}
    for report in StatisticsReport.objects.filter(
        organisation=organisation, period__in=months, status__in=SHOWN
    ).order_by("period", "-revision"):
        stored.setdefault(report.period, report.figures)
    if this_month in months and this_month not in stored:
        stored[this_month] = monthly_data(organisation, this_month)[0]
    missing = [periods.month(first) for first in months if first not in stored]
    if not stored:
        return None, missing
    parts = [stored[first] for first in months if first in stored]
    whole = periods.year(year)
    covered = periods.Period(whole.first, min(whole.after, periods.add_months(max(stored), 1)), "year")
    return figures.combine(parts, organisation, covered), missing
