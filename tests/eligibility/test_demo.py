import pytest

from eligibility.demo import seed_demo
from eligibility.models import Decision, HardshipStandard, LegalAidCard, MeansAssessment, Objection
from intake.demo import seed_demo as seed_intake
from legalaid.demo import seed_demo as seed_network

pytestmark = pytest.mark.django_db


def test_demo_builds_rules_cards_and_decisions_and_is_idempotent():
    seed_network()
    seed_intake()
    seed_demo()
    counts = (
        HardshipStandard.objects.count(),
        LegalAidCard.objects.count(),
        MeansAssessment.objects.count(),
        Decision.objects.count(),
        Objection.objects.count(),
    )
    seed_demo()
    assert counts == (
        HardshipStandard.objects.count(),
        LegalAidCard.objects.count(),
        MeansAssessment.objects.count(),
        Decision.objects.count(),
        Objection.objects.count(),
    )
    assert HardshipStandard.objects.filter(division_code="340422").count() == 2
    assert HardshipStandard.objects.get(division_code="340000").monthly_per_capita_line == 1117.50
    assert Decision.objects.filter(granted=True).exists() and Decision.objects.filter(granted=False).exists()
    assert Objection.objects.filter(status="pending").exists()
    assert LegalAidCard.objects.filter(status="revoked").count() == 1
    assert MeansAssessment.objects.filter(outcome="waived").exists()


def test_demo_without_the_network_seeds_only_the_rules():
    seed_demo()
    assert HardshipStandard.objects.exists() and not Decision.objects.exists()
