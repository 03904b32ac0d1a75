import pytest
import time_machine

from legalaid.demo import seed_demo as seed_network
from supervision.models import AnnualTarget, StatisticsReport
from supervision.statistics.demo import seed_demo


@pytest.mark.django_db
def test_demo_statistics_are_idempotent():
    with time_machine.travel("2026-03-10 10:00 +08:00", tick=False):
        seed_network()
        seed_demo()
        targets, reports = AnnualTarget.objects.count(), StatisticsReport.objects.count()
        seed_demo()
    assert targets == 4 and reports > 0
    assert AnnualTarget.objects.count() == targets and StatisticsReport.objects.count() == reports
