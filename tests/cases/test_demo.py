"""The demo builds cases in every state through the services, and running it twice adds nothing."""

import pytest

from cases.demo import seed_demo
from cases.models import Case, CooperationRequest, DutyHelp, Subsidy

pytestmark = pytest.mark.django_db


def run_all_demos():
    from eligibility.demo import seed_demo as eligibility_demo
    from intake.demo import seed_demo as intake_demo
    from legalaid.demo import seed_demo as legalaid_demo

    legalaid_demo()
    intake_demo()
    eligibility_demo()
    seed_demo()


def test_demo_is_complete_and_idempotent():
    run_all_demos()
    counts = (
        Case.objects.count(),
        Subsidy.objects.count(),
        CooperationRequest.objects.count(),
        DutyHelp.objects.count(),
    )
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"accepted", "assigned", "in_progress", "closing_submitted", "closed"} <= statuses
    assert Case.objects.filter(is_group=True, aided_count__gte=50).exists()
    assert Case.objects.filter(source="court", notification__ground="minor").exists()
    assert Case.objects.filter(handler__username="lawyer").count() >= 3
    assert Subsidy.objects.filter(status="paid").exists()
    # Three cooperation rows: the request sent to 凤台 (on this system, so also received there) and one from off it.
    assert counts[0] >= 11 and counts[2] == 3 and counts[3] == 3
    assert CooperationRequest.objects.filter(origin__isnull=False, direction="incoming").count() == 1
    run_all_demos()
    assert counts == (
        Case.objects.count(),
        Subsidy.objects.count(),
        CooperationRequest.objects.count(),
        DutyHelp.objects.count(),
    )
