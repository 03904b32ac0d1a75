"""Facts entered once: what the clerk recorded at one step is pre-filled at the next, not typed again."""

import pytest
import time_machine
from django.urls import reverse

from intake import selectors, services
from intake.forms import NoticeForm
from intake.models import Channel
from tests.intake.factories import file_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-03-02 10:00 +08:00", tick=False):
        yield


def _reviewed_with_ticks(bob, network):
    application = file_application(bob, network.workstation)
    required = [item for item in selectors.application_checklist(application) if item.is_required]
    assert len(required) >= 2, "the default checklist asks for at least two required items"
    services.preliminary_review_submit(
        application,
        actor=bob,
        materials_complete=True,
        recommendation="grant",
        reasons="材料已当面核对。",
        provided_items=[required[0].name],
    )
    return application, required


def test_items_ticked_at_the_preliminary_review_are_provided_on_the_centres_checklist(as_alice, bob, network):
    application, required = _reviewed_with_ticks(bob, network)
    assert selectors.materials_provided(application) == {required[0].pk}

    page = as_alice.get(reverse("intake:application_detail", args=[application.pk])).content.decode()
    ticked_line = next(line for line in page.splitlines() if required[0].name in line and "<li>" in line)
    other_line = next(line for line in page.splitlines() if required[1].name in line and "<li>" in line)
    assert "✔" in ticked_line and "✔" not in other_line


def test_the_one_time_notice_does_not_ask_again_for_what_the_clerk_ticked(bob, network):
    application, required = _reviewed_with_ticks(bob, network)
    listed = NoticeForm(application=application).initial["items"].splitlines()
    assert required[0].name not in listed
    assert required[1].name in listed


def test_an_application_started_from_a_consultation_carries_the_visitors_name_and_phone(as_bob, bob):
    consultation = services.consultation_record(
        actor=bob,
        channel=Channel.objects.get(code="workstation"),
        question="工地老板拖欠工资怎么办？",
        visitor_name="张建国",
        visitor_phone="13905540123",
        outcome="referred_to_application",
    )
    page = as_bob.get(reverse("intake:application_create") + f"?consultation={consultation.pk}").content.decode()
    assert 'value="张建国"' in page
    assert 'value="13905540123"' in page
    assert "工地老板拖欠工资怎么办？" in page
