"""Whom a centre's staff see in the persons list: everyone who appears in a record of their county (as applicant,
as representative, in a consultation, in a home visit) or whom their county registered, and nobody else. Each way
in is its own branch of the scope's query (intake.selectors.persons_for_user), so each is checked alone."""

import pytest
from django.urls import reverse

from intake.models import Channel, Consultation
from intake.selectors import persons_for_user
from legalaid.models import User
from tests.conftest import login
from tests.intake.factories import PersonFactory, file_application, home_visit

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request loads it (the scope is read once a request)."""
    return User.objects.get(pk=user.pk)


def as_applicant(network, bob, alice):
    person = PersonFactory(name="甘应龙")
    file_application(bob, network.workstation, applicant=person)
    return person


def as_representative(network, bob, alice):
    person = PersonFactory(name="覃代理")
    file_application(bob, network.workstation, representative=person, representative_relationship="child")
    return person


def in_a_consultation(network, bob, alice):
    person = PersonFactory(name="喆咨询")
    Consultation.objects.create(
        channel=Channel.objects.get(code="workstation"),
        organisation=network.workstation,
        taken_by=bob,
        person=person,
        question="工伤认定需要哪些材料？",
    )
    return person


def in_a_home_visit(network, bob, alice):
    return home_visit(network.centre, alice, person=PersonFactory(name="龑上门")).person


def registered_here(network, bob, alice):
    return PersonFactory(name="堃登记", created_by=bob)


@pytest.mark.parametrize(
    "appears", [as_applicant, as_representative, in_a_consultation, in_a_home_visit, registered_here]
)
def test_a_person_of_the_county_is_in_its_list_and_in_no_other(appears, network, alice, bob, charlie):
    person = appears(network, bob, alice)
    stranger = PersonFactory(name="㛃无关")  # in no record and registered by nobody: in nobody's list

    seen = set(persons_for_user(fresh(alice)))
    assert person in seen and stranger not in seen
    assert list(persons_for_user(fresh(charlie))) == []
    response = login(alice).get(reverse("intake:person_list"))
    page = response.content.decode()
    assert person.name in page and "㛃无关" not in page
    assert response.context["page"].paginator.count == len(seen)  # the count read from the records' side
    theirs = login(charlie).get(reverse("intake:person_list"))
    assert person.name not in theirs.content.decode() and theirs.context["page"].paginator.count == 0


def test_the_list_counts_a_person_of_several_records_once(network, alice, bob):
    """The count of the whole list (intake.selectors.persons_count_for_user, a union of the records' person
    ids) is the list's own: each way in, and a person in several records or registered here counted once."""
    ways = [as_applicant, as_representative, in_a_consultation, in_a_home_visit, registered_here]
    persons = [appears(network, bob, alice) for appears in ways]
    file_application(bob, network.workstation, applicant=persons[2])  # also an applicant now
    home_visit(network.centre, alice, person=persons[4])  # also visited
    PersonFactory(name="㛃无关")
    response = login(alice).get(reverse("intake:person_list"))
    assert response.context["page"].paginator.count == persons_for_user(fresh(alice)).count() >= len(ways)
