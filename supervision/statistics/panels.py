"""Home-page panels: the director's key figures, and the state of this organisation's monthly reports."""

from django.utils import timezone

from legalaid import selectors as network

from . import periods, selectors


def director_panel(request):
    profile = network.user_profile(request.user)
    if profile is None:
        return None
    organisation = profile.organisation
    summary = selectors.dashboard_summary(organisation, timezone.localdate())
    return {"organisation": organisation, "summary": summary}


def reports_panel(request):
    profile = network.user_profile(request.user)
    if profile is None:
        return None
    last_month = periods.previous_month(timezone.localdate())
    return {
        "organisation": profile.organisation,
        "period": last_month,
        "reports": selectors.reports_for_user(request.user).filter(period=last_month.first)[:10],
    }
