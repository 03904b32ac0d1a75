"""The supervision demo: rubrics, holidays and, on the cases demo, cards, visits, grades and a complaint;
running it twice adds nothing."""

from datetime import date

import pytest

from supervision.demo import seed_demo
from supervision.models import (
    Complaint,
    FollowUpVisit,
    Holiday,
    QualityAssessment,
    QualityRubric,
    SupervisionCard,
    SupervisionFlag,
)
from supervision.services import holiday_calendar

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (QualityRubric, Holiday, SupervisionCard, FollowUpVisit, QualityAssessment, Complaint)
    ]


def test_demo_on_the_whole_lifecycle_is_idempotent(settings, tmp_path):
    from tests.cases.test_demo import run_all_demos

    settings.MEDIA_ROOT = tmp_path / "media"
    run_all_demos()
    seed_demo()
    first = counts()
    assert set(QualityRubric.objects.values_list("case_type", flat=True)) == {
        "criminal",
        "civil",
        "administrative",
        "labour_arbitration",
        "non_litigation",
    }
    assert all(rubric.max_total == 100 for rubric in QualityRubric.objects.all())
    # A real installation's calendar: the library's, with no holiday rows seeded.
    assert not Holiday.objects.exists()
    days_off, workdays = holiday_calendar(date(2026, 9, 1), 60)
    assert date(2026, 10, 1) in days_off and date(2026, 10, 10) in workdays
    assert first[2] >= 5 and first[4] >= 1 and first[5] == 1
    assert SupervisionFlag.objects.filter(kind="money").exists()
    assert not SupervisionCard.objects.filter(pdf="").exists()
    seed_demo()
    assert counts() == first
