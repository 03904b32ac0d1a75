"""A law firm's or legal service office's own annual obligation (issue 15): its manager sees the same rows the
centre's obligations report shows for that organisation — its lawyers' minimums and cases this year, and the
organisation's own minimum where one is set — and the centre's annual target for the firm as the centre's targets
page shows it (a page of the centre's statistics, closed to the manager), and nothing of any other organisation.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from legalaid.models import Organisation
from legalaid.roles import ROLE_ORGANISATION_KINDS, Role

from . import periods, progress
from .registry import ObligationForm

YEARS = (ObligationForm.base_fields["year"].min_value, ObligationForm.base_fields["year"].max_value)


def provider_organisation(user) -> Organisation:
    """The firm or office the user manages: their own organisation, when it is one (else 404: nothing to show)."""
    profile = getattr(user, "profile", None)
    organisation = profile.organisation if profile else None
    if organisation is None or organisation.kind not in ROLE_ORGANISATION_KINDS[Role.PROVIDER_MANAGER]:
        raise Http404
    return organisation


def provider_obligations(organisation: Organisation, year: int, today) -> dict:
    """The centre report's two selectors, over the firm's own subtree: the same figures for the same people."""
    handlers = progress.handler_obligations(organisation, year, today)
    return {
        "elapsed": handlers["elapsed"],
        "handlers": handlers["rows"],
        "units": progress.organisation_obligations(organisation, year, today),
        # The annual target the centre set for the firm, with the progress the centre's targets page shows.
        "targets": progress.target_progress(organisation, year, today)["rows"],
    }


@login_required
@permission_required("supervision.view_annualtarget", raise_exception=True)
def provider_obligations_view(request):
    organisation = provider_organisation(request.user)
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and YEARS[0] <= int(year) <= YEARS[1] else today.year
    return render(
        request,
        "supervision/obligations/provider.html",
        {
            "organisation": organisation,
            "year": year,
            "period": periods.year(year),
            "years": YEARS,
            **provider_obligations(organisation, year, today),
        },
    )
