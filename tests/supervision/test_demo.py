"""The supervision demo: rubrics, holidays and, on the cases demo, cards, visits, grades and a complaint;
running it twice adds nothing."""

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
    assert Holiday.objects.filter(kind="workday").exists()
    assert first[2] >= 5 and first[4] >= 1 and first[5] == 1
    assert SupervisionFlag.objects.filter(kind="money").exists()
    assert not SupervisionCard.objects.filter(pdf="").exists()
    seed_demo()
    assert counts() == first
