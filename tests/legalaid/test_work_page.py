"""我的待办: one page per user listing what awaits them, by role and scope, each row linking to its next action."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake.models import Application, Channel, Consultation
from legalaid.roles import Role
from legalaid.work.selectors import WORK_LIMIT
from tests.cases.factories import granted_application
from tests.conftest import login
from tests.factories import make_member


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-10 09:30 +08:00", tick=False) as traveller:
        yield traveller


@pytest.fixture
def grant(frozen, network):
    return granted_application(network, decided_at=timezone.now() - timedelta(days=4))


def test_the_work_page_needs_a_login(client, db):
    response = client.get(reverse("work"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_centre_staff_see_the_grant_to_open_overdue_with_its_action(grant, as_alice):
    html = as_alice.get(reverse("work")).content.decode()
    assert 'data-testid="work-grant"' in html and grant.number in html
    assert reverse("cases:open_from_application", args=[grant.pk]) in html
    assert "已逾期 1 天" in html


def test_the_outsider_and_the_clerk_do_not_see_it(grant, as_charlie, as_bob):
    assert grant.number not in as_charlie.get(reverse("work")).content.decode()
    assert grant.number not in as_bob.get(reverse("work")).content.decode()  # opening a case is not a clerk's work


def test_the_clerk_sees_the_preliminary_reviews_and_call_backs_of_their_workstation(frozen, network, bob, as_bob):
    application = granted_application(
        network,
        status=Application.Status.PRELIMINARY_REVIEW,
        decided_at=None,
        decision_due=timezone.localdate() + timedelta(days=3),
    )
    Consultation.objects.create(
        channel=Channel.objects.get(code="workstation"),
        organisation=network.workstation,
        taken_by=bob,
        visitor_name="周八",
        visitor_phone="13900002222",
        question="工伤认定怎么申请？",
        call_back_due=timezone.now() + timedelta(hours=3),
    )
    html = as_bob.get(reverse("work")).content.decode()
    assert application.number in html and reverse("intake:application_review", args=[application.pk]) in html
    assert "周八" in html and "139****2222" in html and "13900002222" not in html


def test_the_home_page_leads_with_the_work_panel_and_the_menu_has_the_page(grant, as_alice):
    html = as_alice.get(reverse("home")).content.decode()
    assert html.index('data-testid="panel-work"') < html.index("panel-org")
    assert f'href="{reverse("work")}"' in html
    panel = html[html.index('data-testid="panel-work"') :]
    assert 'data-figure="grant" data-total="1" data-overdue="1"' in panel


def test_a_user_with_nothing_waiting_is_told_so(as_charlie):
    html = as_charlie.get(reverse("work")).content.decode()
    assert 'data-testid="work-empty"' in html


def test_the_administrator_has_no_work_page_entry(network):
    admin = make_member(network.city, Role.ADMINISTRATOR, username="admin_t")
    html = login(admin).get(reverse("home")).content.decode()
    assert 'data-testid="panel-work"' not in html and f'href="{reverse("work")}"' not in html


def test_the_work_page_queries_do_not_grow_with_its_rows(frozen, network, alice, django_assert_max_num_queries):
    client = login(alice)
    granted_application(network, decided_at=timezone.now())
    with django_assert_max_num_queries(60) as few:
        client.get(reverse("work"))
    for _ in range(WORK_LIMIT + 2):  # more rows than a section shows: still the same queries
        granted_application(network, decided_at=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("work"))


def test_the_work_page_in_english(grant, as_alice, settings):
    as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = as_alice.get(reverse("work")).content.decode()
    assert "My work" in html and "Granted, case not yet opened" in html and ">Open case</a>" in html
    assert "1 day overdue" in html and "1 overdue" in html and "1 items waiting, 1 of them overdue" in html
