"""Granted applications are not lost between stages: the 待立案 queue with its 3-day clock (LAL 43),
one-click opening, the deadline board, and the system's own hand-off task."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import deadlines, services
from cases.models import Case
from cases.tasks import open_case_for_grant
from intake.models import Application
from legalaid.kernel.actors import ActorKind
from tests.cases.factories import granted_application

pytestmark = pytest.mark.django_db


def _decided(day: str):
    return timezone.make_aware(datetime.fromisoformat(f"{day} 10:00"))


def test_grant_clock_runs_three_days_from_the_decision_day():
    assert deadlines.grant_assignment_due(_decided("2026-03-05")).isoformat() == "2026-03-08"
    late_evening_utc = timezone.make_aware(datetime(2026, 3, 5, 23, 30), timezone.get_fixed_timezone(0))
    assert deadlines.grant_assignment_due(late_evening_utc).isoformat() == "2026-03-09"  # 07:30 on the 6th in China


def test_queue_is_in_the_menu_shows_the_clock_and_opens_in_one_click(frozen_now, network, as_alice, as_bob):
    late = granted_application(network, decided_at=_decided("2026-03-02"))
    fresh = granted_application(network, name="李秀英", decided_at=_decided("2026-03-10"))
    home = as_alice.get(reverse("cases:case_list")).content.decode()
    assert reverse("cases:open_queue") in home and "待立案" in home
    assert reverse("cases:open_queue") not in as_bob.get(reverse("cases:case_list")).content.decode()
    html = as_alice.get(reverse("cases:open_queue")).content.decode()
    assert html.index(late.number) < html.index(fresh.number)  # overdue first
    assert "2026-03-05" in html and "已逾期 5 天" in html and "剩余 3 天" in html
    response = as_alice.post(reverse("cases:open_from_application", args=[late.pk]))
    case = Case.objects.get(application=late)
    assert response.status_code == 302 and response.url == reverse("cases:case_detail", args=[case.pk])
    assert case.assignment_due.isoformat() == "2026-03-05" and case.summary == late.facts
    assert late.number not in as_alice.get(reverse("cases:open_queue")).content.decode()


def test_board_lists_unopened_grants_overdue_first_linking_to_opening(frozen_now, network, alice, as_alice):
    late = granted_application(network, decided_at=_decided("2026-03-01"))
    fresh = granted_application(network, decided_at=_decided("2026-03-09"))
    far = granted_application(network, decided_at=_decided("2026-03-10"))
    opened = granted_application(network, decided_at=_decided("2026-03-01"))
    services.case_open_from_application(opened, actor=alice)
    from cases.selectors import deadline_board

    board = deadline_board(alice, horizon_days=2)
    grant = next(section for section in board["sections"] if section["kind"] == "grant")
    assert [row.title for row in grant["rows"]] == [late.number, fresh.number]
    assert (grant["total"], grant["overdue"]) == (2, 1)
    assert far.number not in [row.title for row in grant["rows"]]  # due on the 13th, beyond the horizon
    assert grant["rows"][0].url == reverse("cases:open_from_application", args=[late.pk])
    html = as_alice.get(reverse("cases:deadline_board")).content.decode()
    assert "准予援助待立案" in html and html.index(late.number) < html.index(fresh.number)
    assert opened.number not in html


def test_a_supervisor_sees_the_grant_clock_without_a_link_to_open(frozen_now, network, supervisor):
    from cases.selectors import deadline_board

    application = granted_application(network, decided_at=_decided("2026-03-09"))
    board = deadline_board(supervisor)
    rows = [row for section in board["sections"] for row in section["rows"] if row.title == application.number]
    assert rows and all(row.url == "" for row in rows)


def test_task_opens_the_case_as_the_system_once(frozen_now, network):
    application = granted_application(network, decided_at=_decided("2026-03-09"))
    first = open_case_for_grant(application.pk)
    case = Case.objects.get(pk=first)
    assert case.application == application and case.accepted_by is None
    assert case.assignment_due.isoformat() == "2026-03-12"  # from the decision, not from the task
    transition = case.transitions.get()
    assert transition.actor_kind == ActorKind.SYSTEM
    assert case.parties.get().person == application.applicant
    assert open_case_for_grant(application.pk) == first
    assert Case.objects.filter(application=application).count() == 1


def test_task_leaves_a_case_opened_by_hand_and_ignores_what_is_not_granted(frozen_now, network, alice):
    by_hand = granted_application(network)
    case = services.case_open_from_application(by_hand, actor=alice)
    assert open_case_for_grant(by_hand.pk) == case.pk
    refused = granted_application(network, status=Application.Status.REFUSED)
    assert open_case_for_grant(refused.pk) is None
    assert open_case_for_grant(999999) is None
    assert not Case.objects.filter(application=refused).exists()


def test_task_runs_through_the_outbox_by_name(frozen_now, network, django_capture_on_commit_callbacks):
    from django.db import transaction

    from legalaid.kernel import outbox

    application = granted_application(network)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.enqueue("cases.tasks.open_case_for_grant", application.pk, key=f"grant:{application.pk}:open")
    assert Case.objects.filter(application=application).count() == 1
