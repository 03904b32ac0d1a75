"""The monthly bulletin: figures per firm and handler, one per centre and month however often it runs."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from legalaid.kernel import PUBLIC
from supervision import services
from supervision.models import MonthlyBulletin
from supervision.tasks import monthly_bulletins
from tests.supervision.factories import scores
from tests.supervision.test_card_pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(closed_case, supervisor, rubric, network, alice):
    """March 2026: one closed labour case, failed on assessment, one card (returned), one complaint, one visit."""
    assessment = services.assessment_start(closed_case, actor=supervisor)
    services.assessment_review_record(assessment, actor=supervisor, reviewer=supervisor, scores=scores(rubric, 50))
    services.assessment_finalise(assessment, actor=supervisor)
    card = services.card_issue(closed_case.pk)
    services.card_response_submit(
        card, actor=PUBLIC, satisfaction=4, handler_contacted="yes", attended_hearing="yes", money="no"
    )
    services.complaint_register(
        actor=alice,
        centre=network.centre,
        target="handler",
        complainant_kind="aided_person",
        complainant_name="张建国",
        channel="phone",
        received_on=date(2026, 3, 10),
        summary="联系不上律师",
        case=closed_case,
    )
    visit = services.follow_up_schedule(closed_case, actor=supervisor, due_date=date(2026, 3, 10), note="结案回访")
    services.follow_up_record(
        visit,
        actor=supervisor,
        channel="phone",
        result="reached",
        performed_on=date(2026, 3, 10),
        handler_contacted="yes",
        money="no",
        attended_hearing="yes",
        satisfaction=3,
    )
    return closed_case


def test_figures_per_firm_and_handler(march, network):
    with time_machine.travel("2026-04-01 03:00 +08:00", tick=False):
        ids = monthly_bulletins.delay().get()
    bulletin = MonthlyBulletin.objects.get(organisation=network.centre, period=date(2026, 3, 1))
    assert bulletin.pk in ids and bulletin.status == "ready"
    [row] = bulletin.data["handlers"]
    assert row["handler"] == march.handler.get_full_name() and row["firm"] == "安徽寿州律师事务所"
    assert (row["closed"], row["assessed"], row["fails"], row["average_score"]) == (1, 1, 1, 50.0)
    assert (row["complaints"], row["satisfaction"], row["cards_issued"], row["cards_returned"]) == (1, 3.0, 1, 1)
    assert row["return_rate"] == 100.0
    assert bulletin.data["firms"][0]["firm"] == "安徽寿州律师事务所"
    text = "".join(pdf_text(bulletin.pdf.read())).replace("\n", "")
    assert "2026年3月" in text and "安徽寿州律师事务所" in text


def test_running_twice_makes_one_bulletin_per_centre_and_month(march, network):
    with time_machine.travel("2026-04-01 03:00 +08:00", tick=False):
        first = monthly_bulletins.delay().get()
        second = monthly_bulletins.delay().get()
    assert first and second == []
    assert MonthlyBulletin.objects.filter(period=date(2026, 3, 1), organisation=network.centre).count() == 1


def test_a_claimed_bulletin_is_not_claimed_again(network, frozen_now):
    assert services.bulletin_claim(network.centre, date(2026, 2, 1)) is not None
    assert services.bulletin_claim(network.centre, date(2026, 2, 1)) is None  # another worker has it
    frozen_now.shift(2 * 3600)  # a claim abandoned for over an hour may be taken over
    assert services.bulletin_claim(network.centre, date(2026, 2, 1)) is not None


def test_bulletin_pages(march, network, alice, bob, charlie, as_alice, as_bob, as_charlie, frozen_now):
    current = as_alice.post(reverse("supervision:bulletins"), {"centre": network.centre.pk, "month": "2026-03"})
    assert "只能生成已经结束的月份" in current.content.decode()
    frozen_now.move_to("2026-04-02 10:00 +08:00")
    for client, user in ((as_alice, alice), (as_bob, bob), (as_charlie, charlie)):
        client.force_login(user)  # sessions last a working day
    response = as_alice.post(reverse("supervision:bulletins"), {"centre": network.centre.pk, "month": "2026-03"})
    bulletin = MonthlyBulletin.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/bulletins/{bulletin.pk}/")
    page = as_alice.get(reverse("supervision:bulletin", args=[bulletin.pk])).content.decode()
    assert "法律援助案件监督月通报" in page and "安徽寿州律师事务所" in page
    assert as_alice.get(reverse("supervision:bulletin_pdf", args=[bulletin.pk]))["Content-Type"] == "application/pdf"
    assert as_charlie.get(reverse("supervision:bulletin", args=[bulletin.pk])).status_code == 404
    assert as_bob.get(reverse("supervision:bulletins")).status_code == 403
    again = as_alice.post(reverse("supervision:bulletins"), {"centre": network.centre.pk, "month": "2026-03"})
    assert again.status_code == 302 and MonthlyBulletin.objects.count() == 1
    bad = as_alice.post(reverse("supervision:bulletins"), {"centre": network.centre.pk, "month": "三月"})
    assert "月份格式" in bad.content.decode()
