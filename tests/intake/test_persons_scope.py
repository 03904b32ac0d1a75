"""Whom a centre's staff see in the persons list: everyone who appears in a record of their county (as applicant,
as representative, in a consultation, in a home visit) or whom their county registered, and nobody else. Each way
in writes its own appearance (intake.models.PersonAppearance, which intake.selectors.persons_for_user reads), so
each is checked alone."""

import pytest
from django.urls import reverse

from intake.models import Channel, Consultation, Person
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
    assert response.context["page"].paginator.count == len(seen)  # the count read from the appearances
    theirs = login(charlie).get(reverse("intake:person_list"))
    assert person.name not in theirs.content.decode() and theirs.context["page"].paginator.count == 0


def test_the_list_counts_a_person_of_several_records_once(network, alice, bob):
    """The count of the whole list (the distinct persons of the scope's appearances) is the list's own: each
    way in, and a person in several records or registered here counted once."""
    ways = [as_applicant, as_representative, in_a_consultation, in_a_home_visit, registered_here]
    persons = [appears(network, bob, alice) for appears in ways]
    file_application(bob, network.workstation, applicant=persons[2])  # also an applicant now
    home_visit(network.centre, alice, person=persons[4])  # also visited
    PersonFactory(name="㛃无关")
    response = login(alice).get(reverse("intake:person_list"))
    assert response.context["page"].paginator.count == persons_for_user(fresh(alice)).count() >= len(ways)


def test_a_surname_finds_the_county_s_bearers_in_name_order_page_by_page(network, alice, bob, charlie):
    """A name typed is looked for among the scope's own appearances (intake.selectors.PersonsInScope): every
    bearer of the county, none of another county's, in name order across pages, and the same in the export."""
    ours = [PersonFactory(name=f"胡{given}", created_by=bob) for given in ["喆", "小军", "堃", "龑", "㛃", "一"] * 10]
    theirs = PersonFactory(name="胡外县", created_by=charlie)
    PersonFactory(name="甘不相干", created_by=bob)
    client = login(alice)
    first = client.get(reverse("intake:person_list"), {"q": "胡"})
    second = client.get(reverse("intake:person_list"), {"q": "胡", "page": 2})
    listed = list(first.context["page"]) + list(second.context["page"])
    assert first.context["page"].paginator.count == len(ours) == len(listed)
    assert [p.pk for p in listed] == [p.pk for p in sorted(ours, key=lambda p: (p.name, p.pk))]
    assert theirs not in listed and "甘不相干" not in first.content.decode()
    # The whole list too, page by page (on PostgreSQL each organisation's rows merged in name order).
    registered = sorted([*ours, *Person.objects.filter(name="甘不相干")], key=lambda p: (p.name, p.pk))
    whole = [list(client.get(reverse("intake:person_list"), {"page": n}).context["page"]) for n in (1, 2)]
    assert [p.pk for p in whole[0] + whole[1]] == [p.pk for p in registered]
    assert "胡外县" in login(charlie).get(reverse("intake:person_list"), {"q": "胡外"}).content.decode()


def test_a_renamed_person_is_found_by_the_new_name_only(network, alice, bob):
    from intake.services import person_update

    person = PersonFactory(name="甘应龙", created_by=bob)
    person_update(person, actor=alice, name="甘应喆")
    client = login(alice)
    assert "甘应喆" in client.get(reverse("intake:person_list"), {"q": "应喆"}).content.decode()
    assert client.get(reverse("intake:person_list"), {"q": "应龙"}).context["page"].paginator.count == 0


def test_the_migration_fills_the_appearances_the_records_imply(network, alice, bob):
    """intake 0016 fills the appearances of existing records: the same rows as the records' save() writes."""
    import importlib
    from types import SimpleNamespace

    from django.db import connection

    from intake.models import PersonAppearance

    for appears in (as_applicant, as_representative, in_a_consultation, in_a_home_visit, registered_here):
        appears(network, bob, alice)
    written = set(PersonAppearance.objects.values_list("organisation_id", "person_id", "name"))
    PersonAppearance.objects.all().delete()
    migration = importlib.import_module("intake.migrations.0016_person_appearance")
    migration.fill_appearances(None, SimpleNamespace(connection=connection))  # all it reads of the editor
    assert set(PersonAppearance.objects.values_list("organisation_id", "person_id", "name")) == written
    assert len(written) >= 5


def test_a_name_corrected_anywhere_is_carried_to_the_searches(network, alice, bob):
    """A rename that does not go through the service (the admin's form saves the record) still reaches the
    names the searches read: the scope's rows and the applicant's name each application keeps."""
    from intake.models import Application, PersonAppearance

    person = as_applicant(network, bob, alice)
    person.name = "甘应堃"
    person.save()
    assert set(PersonAppearance.objects.filter(person=person).values_list("name", flat=True)) == {"甘应堃"}
    assert set(Application.objects.filter(applicant=person).values_list("applicant_name", flat=True)) == {"甘应堃"}
    assert "甘应堃" in login(alice).get(reverse("intake:application_list"), {"q": "甘"}).content.decode()


def test_the_persons_export_holds_the_scope_in_name_order_and_a_search_s_matches(network, alice, bob, charlie):
    """The export iterates the same scope (intake.selectors.PersonsInScope) in chunks: every person of the
    county once, in name order, none of another's; with a name typed, only its matches."""
    from io import BytesIO

    from openpyxl import load_workbook

    from intake.selectors import PersonsInScope

    ours = [PersonFactory(name=name, created_by=bob) for name in ["甘应龙", "胡喆", "覃堃", "胡龑"]]
    file_application(bob, network.workstation, applicant=ours[0])  # in two records: exported once
    PersonFactory(name="胡外县", created_by=charlie)

    def exported(**params):
        response = login(alice).get(reverse("list_export", args=["intake.persons"]), params)
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
        return [row[0] for row in rows[1:]]

    assert exported() == sorted(p.name for p in ours)
    assert exported(q="胡") == ["胡喆", "胡龑"]
    assert PersonsInScope.CHUNK > 1
    everyone = PersonsInScope([network.centre.pk, network.workstation.pk])
    everyone.CHUNK = 1  # chunk by chunk, as a large scope's export is read
    assert [p.name for p in everyone] == sorted(p.name for p in ours)
