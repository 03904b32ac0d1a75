"""Home-page panels: the director's key figures, and the state of this organisation's monthly reports."""

from django.utils import timezone

from legalaid import selectors as network

from ..models.statistics import StatisticsReport
from . import periods, selectors


def director_panel(request):
    """Last month's key figures from its stored report; when last month is not filed yet (the
    first days of a month), the latest month that is, so the panel never says no report exists
    while one does."""
    profile = network.user_profile(request.user)
    if profile is None:
        return None
    organisation = profile.organisation
    summary = selectors.dashboard_summary(organisation, timezone.localdate())
    if summary["values"] is None:
        latest = (
            StatisticsReport.objects.filter(
                organisation=organisation, status__in=(StatisticsReport.Status.DRAFT, StatisticsReport.Status.SUBMITTED)
            )
            .order_by("-period")
            .values_list("period", flat=True)
            .first()
        )
        if latest is not None:
            summary = selectors.dashboard_summary(organisation, periods.add_months(latest, 1))
    return {"organisation": organisation, "summary": summary}


def reports_panel(request):
    profile = network.user_profile(request.user)
    if profile is None:
        return None
    last_month = periods.previous_month(timezone.localdate())
    return {
        "organisation": profile.organisation,
        "period": last_month,
        "reports": selectors.report_rows(request.user).filter(period=last_month.first)[:10],
    }
