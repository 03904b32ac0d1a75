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
    """A month's report: as stored if the organisation has one, else computed now from live data."""
    report = stored_report(organisation, period_first)
    if report is not None:
        return report.figures, report
    tree = figures.compute(organisation, periods.month(period_first), reports_for={organisation.pk})
    return figures.report_data(tree, organisation.pk), None


def yearly_data(organisation: Organisation, year: int, today: date) -> dict:
    """A year's report (to date), made from its monthly reports as filed; a month without one is
    computed from live data. Medians are computed over the whole year's rows."""
    months = [date(year, number, 1) for number in range(1, 13)]
    months = [first for first in months if first <= periods.month_start(today)] or months[:1]
    parts = [monthly_data(organisation, first)[0] for first in months]
    whole = periods.year(year)
    covered = periods.Period(whole.first, min(whole.after, periods.add_months(months[-1], 1)), whole.label)
    return figures.combine(parts, organisation, covered)
