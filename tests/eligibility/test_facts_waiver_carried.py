"""The waiver claimed at intake (or confirmed at the preliminary review) is the means test's first
claim, pre-filled; submitted as it stands it waives the means test (LAL 42)."""

import pytest
import time_machine
from django.urls import reverse

from eligibility import services
from eligibility.models import MeansAssessment
from eligibility.rulebook import RuleBook
from tests.conftest import login
from tests.eligibility.factories import under_review
from tests.intake.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +08:00", tick=False):
        yield


def test_the_waiver_claimed_at_intake_is_prefilled_and_applied(alice, network, standards):
    application = under_review(alice, network.centre, waiver_claimed="migrant_worker")
    client = login(alice)
    url = reverse("eligibility:assessment_create", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'name="claims-INITIAL_FORMS" value="1"' in page
    assert '<option value="migrant_worker" selected>' in page

    response = client.post(
        url,
        {
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "1",
            "claims-0-category": "migrant_worker",
            "claims-0-document_seen": "劳动合同、工资单",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
            "integrity_pledge": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = MeansAssessment.objects.get(application=application)
    assert [c.category.code for c in assessment.claims.all()] == ["migrant_worker"]
    assert assessment.outcome == "waived"


def test_a_prefilled_claim_may_be_dropped(alice, network, standards):
    application = under_review(alice, network.centre, waiver_claimed="migrant_worker")
    response = login(alice).post(
        reverse("eligibility:assessment_create", args=[application.pk]),
        {
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "1",
            "claims-0-category": "",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-0-name": "申请人",
            "members-0-relation": "self",
            "members-0-monthly_income": "500",
            "integrity_pledge": "on",
        },
    )
    assert response.status_code == 302
    assert not MeansAssessment.objects.get(application=application).claims.exists()


def test_the_applicants_own_valid_card_number_is_prefilled(alice, network, standards, huainan_rules):
    person = PersonFactory(id_number="34042219500301002X", name="李桂英")
    card = services.card_issue(
        actor=alice,
        centre=network.centre,
        holder_name="李桂英",
        holder_id_number=person.id_number,
        group="minimum_allowance",
        proof_document="低保证 0001",
    )
    application = under_review(alice, network.centre, applicant=person, waiver_claimed="legal_aid_card")
    categories = RuleBook.load().waivers_on(services.application_region(application), card.issued_on)
    assert services.claims_initial(application, categories) == [
        {"category": "legal_aid_card", "card_number": card.number}
    ]
