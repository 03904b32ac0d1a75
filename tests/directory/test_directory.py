"""Directors' self-service: users, roles and the handler roster of their subtree, every change attributed."""

import pytest
from django.urls import reverse

from legalaid.directory import services
from legalaid.errors import DomainError
from legalaid.models import HandlerProfile, User
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_member


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_d", last_name="王", first_name="主任")


@pytest.fixture
def other_director(network):
    return make_member(network.other_centre, Role.CENTRE_DIRECTOR, username="director_o")


@pytest.fixture
def handler(network):
    user = make_member(network.law_firm, Role.HANDLER, username="handler_d", last_name="刘", first_name="洋")
    HandlerProfile.objects.create(user=user, handler_type="practising_lawyer")
    return user


PAGES = [
    ("directory:index", None),
    ("directory:user_create", None),
    ("directory:user_edit", "bob"),
    ("directory:handler_edit", "handler"),
]


@pytest.mark.parametrize(("name", "subject"), PAGES)
def test_three_personas(name, subject, director, other_director, alice, bob, handler):
    args = []
    if subject == "bob":
        args = [bob.pk]
    elif subject == "handler":
        args = [handler.handler_profile.pk]
    url = reverse(name, args=args)
    assert login(alice).get(url).status_code == 403
    assert login(director).get(url).status_code == 200
    if args:
        assert login(other_director).get(url).status_code == 404


def test_the_director_adds_a_handler_to_the_roster(director, network):
    response = login(director).post(
        reverse("directory:user_create"),
        {
            "username": "new_lawyer",
            "full_name": "张律师",
            "organisation": network.law_firm.pk,
            "role": Role.HANDLER,
            "handler_type": "practising_lawyer",
            "password": "Xq8!long-enough-2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="new_lawyer")
    assert user.profile.role == Role.HANDLER and user.handler_profile.handler_type == "practising_lawyer"
    assert user.groups.get().name == "role:handler"
    assert user.history.get().history_user == director
    assert user.handler_profile.history.get().history_user == director


def test_never_a_role_at_or_above_the_directors_own(director, bob, network):
    for role in (Role.CENTRE_DIRECTOR, Role.ADMINISTRATOR, Role.JUSTICE_BUREAU):
        with pytest.raises(DomainError):
            services.user_change_role(bob, actor=director, organisation=network.workstation, role=role)
    response = login(director).post(
        reverse("directory:user_edit", args=[bob.pk]), {"organisation": network.workstation.pk, "role": "administrator"}
    )
    assert response.status_code == 200
    bob.profile.refresh_from_db()
    assert bob.profile.role == Role.WORKSTATION_CLERK


def test_a_role_only_where_it_belongs(director, bob, network):
    with pytest.raises(DomainError):
        services.user_change_role(bob, actor=director, organisation=network.workstation, role=Role.PROVIDER_MANAGER)
    services.user_change_role(bob, actor=director, organisation=network.centre, role=Role.CENTRE_STAFF)
    bob.refresh_from_db()
    assert bob.profile.role == Role.CENTRE_STAFF and bob.groups.get().name == "role:centre_staff"
    assert bob.profile.history.first().history_user == director


def test_the_director_deactivates_an_account_of_the_subtree_only(director, bob, charlie):
    client = login(director)
    assert client.post(reverse("directory:user_set_active", args=[bob.pk]), {"active": "0"}).status_code == 302
    bob.refresh_from_db()
    assert not bob.is_active and bob.history.first().history_user == director
    assert client.post(reverse("directory:user_set_active", args=[charlie.pk]), {"active": "0"}).status_code == 404
    charlie.refresh_from_db()
    assert charlie.is_active


def test_the_roster_records_leave_specialties_and_minors_training(director, handler):
    from legalaid.models import MatterCategory

    matter = MatterCategory.objects.first()
    response = login(director).post(
        reverse("directory:handler_edit", args=[handler.handler_profile.pk]),
        {
            "handler_type": "practising_lawyer",
            "specialties": [matter.pk] if matter else [],
            "trained_for_minors": "on",
            "criminal_defence_years": "4",
            "status": "on_leave",
        },
    )
    assert response.status_code == 302
    profile = HandlerProfile.objects.get(pk=handler.handler_profile.pk)
    assert profile.status == "on_leave" and profile.trained_for_minors and profile.criminal_defence_years == 4
    assert profile.history.first().history_user == director


def test_the_menu_offers_the_directory_to_the_director_only(director, alice):
    url = reverse("directory:index")
    assert url in login(director).get(reverse("home")).content.decode()
    assert url not in login(alice).get(reverse("home")).content.decode()
