"""The signed-in user read by a statement compiled once per process (legalaid.middleware._session_user) is the
user Django's get_user gives, with every check of Django's: an inactive user, a stale session hash (a changed
password) and a session signed under a fallback secret."""

import pytest
from django.contrib.auth import HASH_SESSION_KEY
from django.test import RequestFactory, override_settings
from django.urls import reverse

from legalaid.middleware import _session_user
from legalaid.models import User
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def signed_in(client):
    request = RequestFactory().get("/")
    request.session = client.session
    return request


def test_the_user_is_the_one_the_orm_reads(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="reader")
    loaded = _session_user(signed_in(login(user)))
    expected = User.objects.get(pk=user.pk)
    fields = [f.attname for f in User._meta.concrete_fields]
    assert [getattr(loaded, f) for f in fields] == [getattr(expected, f) for f in fields]
    assert loaded.is_active is True and not loaded._state.adding and loaded._state.db == "default"


def test_a_page_is_served_to_the_signed_in_user(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="worker")
    assert login(user).get(reverse("cases:case_list")).status_code == 200


def test_a_changed_password_signs_the_other_sessions_out(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="changer")
    client = login(user)
    user.set_password("another-pw-2026")
    user.save()
    request = signed_in(client)
    assert not _session_user(request).is_authenticated
    assert not request.session.keys()  # flushed
    assert client.get(reverse("cases:case_list")).status_code == 302


def test_an_inactive_user_is_nobody(network):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="leaver")
    client = login(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert not _session_user(signed_in(client)).is_authenticated
    assert client.get(reverse("cases:case_list")).status_code == 302


def test_a_session_of_a_fallback_secret_moves_to_the_current_one(network, settings):
    user = make_member(network.centre, Role.CENTRE_STAFF, username="rotated")
    old_secret = settings.SECRET_KEY
    with override_settings(SECRET_KEY="x" * 50 + "-old-secret"):
        client = login(user)
        old_hash = client.session[HASH_SESSION_KEY]
    with override_settings(SECRET_KEY=old_secret, SECRET_KEY_FALLBACKS=["x" * 50 + "-old-secret"]):
        request = signed_in(client)
        key = request.session.session_key
        assert _session_user(request).pk == user.pk
        assert request.session[HASH_SESSION_KEY] != old_hash
        assert request.session.session_key != key


def test_a_session_without_a_user_is_anonymous(client):
    request = RequestFactory().get("/")
    request.session = client.session
    assert not _session_user(request).is_authenticated
