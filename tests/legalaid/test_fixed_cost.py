"""What every page pays is precomputed where it does not change per request, and still follows the user:
the signed-in user's profile and permissions from statements compiled once (legalaid.middleware), the menu
built once per role, permissions and language (legalaid.navigation)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from legalaid.middleware import _with_profile_and_permissions
from legalaid.models import User, UserProfile
from legalaid.navigation import navigation
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_the_profile_and_organisation_are_those_the_orm_reads(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="reader")
    # Permissions of the user's own beside their group's, one of them given both ways.
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="legalaid", codename="view_organisation"),
        Permission.objects.get(content_type__app_label="cases", codename="view_case"),
    )
    loaded = _with_profile_and_permissions(User.objects.get(pk=user.pk))
    expected = UserProfile.objects.select_related("organisation").get(user=user)
    fields = [f.attname for f in UserProfile._meta.concrete_fields]
    assert [getattr(loaded.profile, f) for f in fields] == [getattr(expected, f) for f in fields]
    organisation_fields = [f.attname for f in type(expected.organisation)._meta.concrete_fields]
    assert [getattr(loaded.profile.organisation, f) for f in organisation_fields] == [
        getattr(expected.organisation, f) for f in organisation_fields
    ]
    assert loaded.profile.organisation.is_active is True  # a boolean, whatever the database returns
    assert not loaded.profile._state.adding and loaded.profile._state.db == "default"
    assert loaded.get_all_permissions() == User.objects.get(pk=user.pk).get_all_permissions()
    assert {"legalaid.view_organisation", "cases.view_case", "cases.assign_case"} <= loaded.get_all_permissions()


def test_the_menu_follows_a_changed_permission_on_the_next_page(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="menu")
    client = login(user)
    cases = reverse("cases:case_list")
    assert f'href="{cases}"' in client.get(reverse("home")).content.decode()
    user.groups.clear()
    user.user_permissions.add(Permission.objects.get(content_type__app_label="legalaid", codename="view_organisation"))
    page = client.get(reverse("home")).content.decode()
    assert f'href="{cases}"' not in page


def test_the_current_page_is_marked_in_the_menu(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="here")
    page = login(user).get(reverse("cases:case_list")).content.decode()
    assert f'href="{reverse("cases:case_list")}" aria-current="page"' in page


def test_the_menu_is_in_the_language_of_the_request(network):
    user = _with_profile_and_permissions(make_member(network.centre, Role.CENTRE_STAFF, username="lang"))
    request = RequestFactory().get(reverse("cases:case_list"))
    request.user = user
    with translation.override("zh-hans"):
        chinese = navigation(request)["nav_html"]
    with translation.override("en"):
        english = navigation(request)["nav_html"]
    assert "案件办理" in chinese and "案件办理" not in english and "首页" not in english
    assert chinese.count('aria-current="page"') == english.count('aria-current="page"') == 1


def test_the_menu_marks_the_page_the_request_is_on(network):
    user = _with_profile_and_permissions(make_member(network.centre, Role.CENTRE_STAFF, username="where"))
    shown = {}
    for name in ("home", "cases:case_list", "cases:deadline_board"):
        request = RequestFactory().get(reverse(name))
        request.user = user
        shown[name] = navigation(request)["nav_html"]
    assert 'class="nav-link active" href="/"' in shown["home"] and 'aria-current="page"' not in shown["home"]
    for name in ("cases:case_list", "cases:deadline_board"):
        assert f'href="{reverse(name)}" aria-current="page"' in shown[name]
    assert shown["cases:case_list"].count('aria-current="page"') == 1


def test_the_session_and_user_are_read_as_django_reads_them(network):
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore as DjangoStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from legalaid.backends import UserBackend
    from legalaid.sessions import SessionStore

    user = make_member(network.centre, Role.CENTRE_STAFF, username="session")
    client = login(user)
    key = client.cookies["sessionid"].value
    assert SessionStore(key).load() == DjangoStore(key).load() and SessionStore(key).load()
    assert UserBackend().get_user(user.pk).username == "session" and UserBackend().get_user(-1) is None
    loaded = UserBackend().get_user(user.pk)
    fields = [f.attname for f in User._meta.concrete_fields]
    assert [getattr(loaded, f) for f in fields] == [getattr(User.objects.get(pk=user.pk), f) for f in fields]
    assert not loaded._state.adding and loaded.is_active is True

    # An expired session finds nothing, as Django's store: the next page asks to sign in.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    store = SessionStore(key)
    assert store.load() == {} and store.session_key is None
    assert client.get(reverse("cases:case_list")).status_code == 302


def test_a_deactivated_user_is_signed_out_on_the_next_page(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="leaver")
    client = login(user)
    assert client.get(reverse("cases:case_list")).status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("cases:case_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
