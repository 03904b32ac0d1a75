"""The idle timeout without a session write per request, and the signed-in user read in two queries.

The session is saved again (its expiry pushed back) at most once per SESSION_REFRESH_INTERVAL; a user who
works on stays signed in past SESSION_COOKIE_AGE, one idle for SESSION_COOKIE_AGE is signed out.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from legalaid.roles import Role
from tests.conftest import login
from tests.factories import UserFactory, make_member

START = timezone.make_aware(timezone.datetime(2026, 11, 30, 9, 0))


def session_writes(queries) -> list[str]:
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]
    return [sql for sql in writes if "django_session" in sql]


def expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_page_within_the_interval_writes_no_session(alice):
    with time_machine.travel(START, tick=False) as clock:
        client = login(alice)
        client.get(reverse("home"))
        clock.shift(timedelta(minutes=1))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
    assert session_writes(queries) == []


def test_the_session_is_saved_again_once_the_interval_has_passed(alice, settings):
    with time_machine.travel(START, tick=False) as clock:
        client = login(alice)
        client.get(reverse("home"))
        first = expiry(client)
        clock.shift(timedelta(seconds=settings.SESSION_REFRESH_INTERVAL + 1))
        client.get(reverse("home"))
    assert expiry(client) - first == timedelta(seconds=settings.SESSION_REFRESH_INTERVAL + 1)


def test_a_user_who_works_on_stays_signed_in_past_the_timeout(alice, settings):
    with time_machine.travel(START, tick=False) as clock:
        client = login(alice)
        for _ in range(settings.SESSION_COOKIE_AGE // 1800 + 2):  # a page every half hour, longer than the timeout
            clock.shift(timedelta(minutes=30))
            assert client.get(reverse("home")).status_code == 200


def test_a_user_idle_for_the_timeout_is_signed_out(alice, settings):
    with time_machine.travel(START, tick=False) as clock:
        client = login(alice)
        client.get(reverse("home"))
        clock.shift(timedelta(minutes=4))
        client.get(reverse("home"))  # within the interval: not saved, the timeout still counts from the login
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE))
        response = client.get(reverse("cases:case_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_signing_out_still_ends_the_session(alice):
    client = login(alice)
    key = client.session.session_key
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("cases:case_list")).status_code == 302


def test_an_anonymous_visit_stores_no_session(client, db):
    client.get(reverse("login"))
    assert Session.objects.count() == 0


def test_the_user_profile_organisation_and_permissions_take_two_queries(alice):
    client = login(alice)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("cases:case_list"))
    tables = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "legalaid_userprofile"' in sql for sql in tables) == 1
    assert sum('FROM "auth_permission"' in sql for sql in tables) == 1
    assert not any('FROM "legalaid_organisation" WHERE "legalaid_organisation"."id" =' in sql for sql in tables)


def test_a_removed_role_applies_to_the_next_page(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="mover")
    client = login(user)
    assert client.get(reverse("cases:case_list")).status_code == 200
    user.groups.clear()
    assert client.get(reverse("cases:case_list")).status_code == 403


def test_a_permission_given_to_the_user_alone_counts(network):
    user = make_member(network.workstation, Role.WORKSTATION_CLERK, username="extra")
    user.groups.clear()
    client = login(user)
    assert client.get(reverse("cases:case_list")).status_code == 403
    user.user_permissions.add(Permission.objects.get(content_type__app_label="cases", codename="view_case"))
    assert client.get(reverse("cases:case_list")).status_code == 200


@pytest.mark.parametrize("superuser", [False, True])
def test_a_user_without_a_profile_gets_pages(db, superuser):
    user = UserFactory(username="noprofile", is_superuser=superuser)
    client = login(user)
    assert client.get(reverse("home")).status_code == 200
