from legalaid import selectors
from legalaid.models import Organisation
from legalaid.roles import Role
from tests.factories import make_handler, make_member


def test_centre_staff_see_their_centre_subtree(network, alice):
    visible = set(selectors.visible_organisations(alice))
    assert {network.centre, network.workstation, network.other_workstation, network.law_firm} <= visible
    assert network.other_centre not in visible
    assert network.city not in visible


def test_clerk_sees_only_their_workstation(network, bob):
    assert list(selectors.visible_organisations(bob)) == [network.workstation]


def test_handler_sees_only_their_own_organisation(network):
    handler = make_handler(network.law_firm)
    assert list(selectors.visible_organisations(handler)) == [network.law_firm]


def test_city_director_sees_every_county(network):
    director = make_member(network.city, Role.CENTRE_DIRECTOR)
    visible = set(selectors.visible_organisations(director))
    assert {network.centre, network.other_centre, network.workstation} <= visible


def test_user_without_profile_sees_nothing(db, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x")
    assert not selectors.visible_organisations(user).exists()


def test_moving_an_organisation_moves_its_subtree(network):
    network.workstation.parent = network.other_centre
    network.workstation.save()
    point = Organisation.objects.create(
        name="联络点", kind=Organisation.Kind.LIAISON_POINT, parent=network.workstation, division_code="340421"
    )
    network.workstation.parent = network.centre
    network.workstation.save()
    point.refresh_from_db()
    assert point.path.startswith(network.centre.path)
    assert point.responsible_centre() == network.centre
    assert network.workstation.responsible_centre() == network.centre
