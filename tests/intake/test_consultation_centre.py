"""A consultation belongs to the centre answerable for where it was taken, and the centres' ledgers are
scoped by it (issue 14): the county's staff and the city's director see what the county's workstations took,
another county does not, the workstation's clerk sees their own; the migration fills the centre in for
consultations taken before it existed."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from intake import selectors, services
from intake.models import Consultation
from intake.services.public import public_consultation_submit
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_member
from tests.intake.factories import channel


@pytest.fixture
def at_workstation(bob):
    return services.consultation_record(
        actor=bob,
        channel=channel("hotline_12348"),
        question="工资被拖欠三个月怎么办",
        answer="可申请劳动仲裁",
        visitor_name="喆堃",
    )


@pytest.fixture
def city_director(network):
    return make_member(network.city, Role.CENTRE_DIRECTOR, username="director_city")


def ledger_names(user) -> list[str]:
    page = login(user).get(reverse("intake:consultation_list"))
    assert page.status_code == 200
    return [row.visitor_name for row in page.context["page"].object_list]


def test_a_workstations_consultation_is_in_its_county_centres_ledger(
    at_workstation, network, alice, bob, charlie, city_director
):
    assert at_workstation.centre == network.centre
    assert ledger_names(alice) == ["喆堃"]
    assert ledger_names(city_director) == ["喆堃"]
    assert ledger_names(bob) == ["喆堃"]
    assert ledger_names(charlie) == []
    other_clerk = make_member(network.other_workstation, Role.WORKSTATION_CLERK, username="clerk_anfeng")
    assert ledger_names(other_clerk) == []
    assert login(charlie).get(reverse("intake:consultation_detail", args=[at_workstation.pk])).status_code == 404


def test_an_online_message_belongs_to_the_centre_it_was_left_for(network, alice, charlie):
    message = public_consultation_submit(
        centre=network.other_centre, name="龑先生", phone="13955501234", question="交通事故赔偿怎么申请法律援助"
    )
    assert message.centre == network.other_centre
    assert list(selectors.call_back_list(charlie)) == [message]
    assert list(selectors.call_back_list(alice)) == []


def test_the_migration_fills_in_the_centre_of_every_consultation(at_workstation, network, alice):
    at_centre = services.consultation_record(
        actor=alice, channel=channel("hotline_12348"), question="离婚财产分割", answer="可协议或起诉"
    )
    Consultation.objects.update(centre=None)
    migration = importlib.import_module("intake.migrations.0014_consultation_centre")
    migration.fill_centres(apps, None)
    assert dict(Consultation.objects.values_list("pk", "centre")) == {
        at_workstation.pk: network.centre.pk,
        at_centre.pk: network.centre.pk,
    }
