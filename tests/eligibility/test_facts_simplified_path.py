"""The simplified, same-day path (即申即批): found by the means test, it is due on the day of receipt
and comes first in every queue the application or its grant waits in (one ordering helper)."""

import pytest
import time_machine
from django.urls import reverse

from cases.selectors import applications_to_open
from eligibility import panels, selectors, services
from intake import rules
from intake import selectors as intake_selectors
from tests.conftest import login
from tests.eligibility.factories import members, under_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(alice, network, huainan_rules, standards):
    """Filed in this order: an ordinary one, an urgent one, and a simplified one (filed last)."""
    with time_machine.travel("2026-03-10 09:00 +08:00", tick=False):
        ordinary = under_review(alice, network.centre)
    with time_machine.travel("2026-03-10 09:30 +08:00", tick=False):
        urgent = under_review(alice, network.centre, needs_preservation=True, urgent_reason="需要证据保全")
    with time_machine.travel("2026-03-10 10:00 +08:00", tick=False):
        simplified = under_review(alice, network.centre)
        services.assessment_create(
            simplified, actor=alice, members=members("0"), integrity_pledge=True, priority_group_code="newly_unemployed"
        )
    return ordinary, urgent, simplified


@time_machine.travel("2026-03-10 15:00 +08:00", tick=False)
def test_the_simplified_path_comes_first_then_urgent_in_the_review_and_decision_queues(alice, three):
    ordinary, urgent, simplified = three
    expected = [simplified.pk, urgent.pk, ordinary.pk]
    assert [a.pk for a in intake_selectors.review_queue(alice)] == expected
    assert [a.pk for a in selectors.decision_queue(alice)] == expected


def test_the_decision_queue_page_lists_what_came_under_review_since_its_last_view(alice, charlie, three, network):
    """The page's rows are read by a statement kept per centre and day (DECISION_QUEUE_PAGES), its count is
    the "decide" figure's: the next view still shows the application accepted in between, each outcome and
    the simplified path's badge; another centre's staff see their own alone."""
    ordinary, urgent, simplified = three
    with time_machine.travel("2026-03-10 14:00 +08:00", tick=False):
        theirs = under_review(charlie, network.other_centre)
    with time_machine.travel("2026-03-10 15:00 +08:00", tick=False):
        first = login(alice).get(reverse("eligibility:decision_queue")).content.decode()
        elsewhere = login(charlie).get(reverse("eligibility:decision_queue")).content.decode()
        assert elsewhere.count('data-testid="queue-row"') == 1 and theirs.number in elsewhere
        newcomer = under_review(alice, network.centre)
        services.assessment_create(ordinary, actor=alice, members=members("0"), integrity_pledge=True)
        body = login(alice).get(reverse("eligibility:decision_queue")).content.decode()
    assert first.count('data-testid="queue-row"') == 3 and newcomer.number not in first
    assert body.count('data-testid="queue-row"') == 4
    numbers = [simplified.number, urgent.number, ordinary.number, newcomer.number]
    assert [body.index(number) for number in numbers] == sorted(body.index(number) for number in numbers)
    assert simplified.applicant.name in body and "即申即批" in body
    rows = body.split('data-testid="queue-row"')[1:]
    assert "未审查" in rows[1] and "未审查" not in rows[2] and "未审查" in rows[3]


@time_machine.travel("2026-03-10 15:00 +08:00", tick=False)
def test_the_simplified_path_is_due_the_day_it_was_received(alice, three):
    ordinary, _urgent, simplified = three
    today = simplified.received_at.astimezone().date()
    rows = {a.pk: rules.clock_state(a, today) for a in intake_selectors.review_queue(alice)}
    assert rows[simplified.pk]["state"] == "due_today"
    assert rows[simplified.pk]["due"] == today
    assert rows[ordinary.pk]["days_left"] == 7
    # The application's own page tells the same clock.
    detail = intake_selectors.application_for_user(alice, simplified.pk)
    assert rules.clock_state(detail, today)["state"] == "due_today"
    counts = intake_selectors.queue_counts(alice, today)
    assert counts["due_today"] == 1 and counts["overdue"] == 0

    page = login(alice).get(reverse("eligibility:decision_queue"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index(simplified.number) < text.index(ordinary.number)


@time_machine.travel("2026-03-11 09:00 +08:00", tick=False)
def test_a_simplified_application_undecided_the_next_day_is_overdue_everywhere(alice, three, rf):
    _ordinary, _urgent, simplified = three
    today = simplified.received_at.astimezone().date().replace(day=11)
    assert intake_selectors.queue_counts(alice, today)["overdue"] == 1
    request = rf.get("/")
    request.user = alice
    assert panels.decisions_panel(request)["counts"]["overdue"] == 1
    row = next(a for a in intake_selectors.review_queue(alice) if a.pk == simplified.pk)
    assert rules.clock_state(row, today)["state"] == "overdue"


def test_a_simplified_grant_is_first_to_be_opened(alice, three, monkeypatch):
    ordinary, _urgent, simplified = three
    # The grant's own hand-off (the outbox opening the case) is not under test here: keep them waiting.
    monkeypatch.setattr("legalaid.kernel.outbox.enqueue", lambda *args, **kwargs: None)
    with time_machine.travel("2026-03-10 11:00 +08:00", tick=False):
        services.assessment_create(ordinary, actor=alice, members=members("0"), integrity_pledge=True)
        services.application_decide(ordinary, actor=alice, granted=True)
    with time_machine.travel("2026-03-10 16:00 +08:00", tick=False):
        services.application_decide(simplified, actor=alice, granted=True)
    assert [a.pk for a in applications_to_open(alice)][:2] == [simplified.pk, ordinary.pk]
