"""Shared fixtures: an organisation network and the three personas of every view test.

- alice: centre staff of 寿县 centre (the member who may act),
- bob: a workstation clerk under that centre (a lower role),
- charlie: centre staff of another county's centre (the outsider).
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from legalaid.models import Organisation
from legalaid.roles import Role
from tests.factories import OrganisationFactory, make_member


@dataclass
class Network:
    city: Organisation
    centre: Organisation
    workstation: Organisation
    other_workstation: Organisation
    law_firm: Organisation
    other_centre: Organisation


@pytest.fixture
def network(db) -> Network:
    city = OrganisationFactory(name="淮南市法律援助中心", kind=Organisation.Kind.CITY_CENTRE, division_code="340400")
    centre = OrganisationFactory(name="寿县法律援助中心", parent=city)
    workstation = OrganisationFactory(
        name="寿春镇法律援助工作站", kind=Organisation.Kind.TOWNSHIP_WORKSTATION, parent=centre
    )
    other_workstation = OrganisationFactory(
        name="安丰塘镇法律援助工作站", kind=Organisation.Kind.TOWNSHIP_WORKSTATION, parent=centre
    )
    law_firm = OrganisationFactory(name="安徽寿州律师事务所", kind=Organisation.Kind.LAW_FIRM, parent=centre)
    other_centre = OrganisationFactory(name="凤台县法律援助中心", parent=city, division_code="340421")
    return Network(city, centre, workstation, other_workstation, law_firm, other_centre)


@pytest.fixture
def alice(network):
    return make_member(network.centre, Role.CENTRE_STAFF, username="alice", last_name="王", first_name="爱丽")


@pytest.fixture
def bob(network):
    return make_member(network.workstation, Role.WORKSTATION_CLERK, username="bob", last_name="包", first_name="博")


@pytest.fixture
def charlie(network):
    return make_member(network.other_centre, Role.CENTRE_STAFF, username="charlie", last_name="陈", first_name="查理")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_alice(alice) -> Client:
    return login(alice)


@pytest.fixture
def as_bob(bob) -> Client:
    return login(bob)


@pytest.fixture
def as_charlie(charlie) -> Client:
    return login(charlie)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Demo seeding hashes dozens of passwords; the production hasher would take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_kept_count_statements():
    """The figures' count statements are kept by the process per user and day (legalaid.figures), the queues'
    counts and pages per centre and day (legalaid.compiled.CompiledPerKey): a test that counts what is
    compiled starts from none, whatever ids an earlier test left the same."""
    from legalaid import compiled, figures

    figures.forget_statements()
    compiled.forget_all()


@pytest.fixture(scope="session")
def seeded_snapshot(django_db_setup, django_db_blocker) -> str:
    """The rows the migrations seeded (national rule data, texts), as they stood after creating the test database."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def seeded_data_after_flush(request):
    """A transactional test empties every table when it ends (Django's flush), taking the data migrations'
    rows with it; the next one starts from them again, as a real database always has them."""
    if not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    snapshot = request.getfixturevalue("seeded_snapshot")  # taken before the first flush
    request.getfixturevalue("transactional_db")
    from django.core import serializers
    from django.db import connection, transaction

    from legalaid.models import MatterCategory

    if MatterCategory.objects.exists():
        return
    # Tables the flush's own post_migrate refilled (content types, permissions, role groups) are left as they are.
    refilled: dict = {}
    with transaction.atomic(), connection.constraint_checks_disabled():
        for item in serializers.deserialize("json", snapshot):
            model = type(item.object)
            if model not in refilled:
                refilled[model] = model._base_manager.exists()
            if not refilled[model]:
                item.save()
