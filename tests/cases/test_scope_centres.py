"""The centres a centre role sees, read by the statement compiled once per process (legalaid/selectors.py)."""

from cases.selectors import visible_centre_ids
from legalaid.models import Organisation, User
from legalaid.roles import Role
from tests.factories import OrganisationFactory, make_member


def fresh(user) -> User:
    """The user as the next request loads them (nothing kept from an earlier request)."""
    return User.objects.get(pk=user.pk)


def test_a_city_director_sees_the_centres_of_the_subtree_only(network):
    director = make_member(network.city, Role.CENTRE_DIRECTOR, username="city_director")

    assert sorted(visible_centre_ids(director)) == sorted([network.city.pk, network.centre.pk, network.other_centre.pk])


def test_a_county_centre_sees_itself_not_its_sibling(network, alice, charlie):
    assert visible_centre_ids(alice) == [network.centre.pk]
    assert visible_centre_ids(charlie) == [network.other_centre.pk]


def test_a_new_centre_is_seen_by_the_next_request(network):
    director = make_member(network.city, Role.CENTRE_DIRECTOR, username="city_director")
    before = visible_centre_ids(director)

    new = OrganisationFactory(name="潘集区法律援助中心", kind=Organisation.Kind.COUNTY_CENTRE, parent=network.city)

    assert new.pk not in before
    assert new.pk in visible_centre_ids(fresh(director))


def test_a_path_with_like_wildcards_matches_literally(network, alice):
    # Paths are made of ids and slashes; were one ever to hold "_" or "%", it must not widen the subtree.
    Organisation.objects.filter(pk=network.centre.pk).update(path="/_/")
    Organisation.objects.filter(pk=network.other_centre.pk).update(path="/x/")  # what an unescaped "_" would match

    assert visible_centre_ids(fresh(alice)) == [network.centre.pk]


def test_roles_outside_the_centres_see_no_centre(network, bob):
    assert visible_centre_ids(bob) == []
