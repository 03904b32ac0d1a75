import pytest
import time_machine

from legalaid.models import Organisation
from legalaid.roles import Role
from tests.cases.factories import make_roster, subsidy_standard
from tests.factories import OrganisationFactory, make_handler, make_member
from tests.supervision.factories import assigned_case, close_case, make_rubric

NOW = "2026-03-10 09:30 +08:00"  # a Tuesday


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Card and bulletin PDFs go to a temporary folder, not the project's var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def roster(network):
    return make_roster(network)


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_s", last_name="王", first_name="主任")


@pytest.fixture
def supervisor(network):
    return make_member(network.centre, Role.SUPERVISOR, username="supervisor_s", last_name="李", first_name="静")


@pytest.fixture
def other_firm(network):
    return OrganisationFactory(name="安徽楚都律师事务所", kind=Organisation.Kind.LAW_FIRM, parent=network.centre)


@pytest.fixture
def peer(other_firm):
    return make_handler(other_firm)


@pytest.fixture
def rubric(db):
    return make_rubric()


@pytest.fixture
def case(frozen_now, network, alice, roster):
    """A labour case assigned to the senior lawyer on 2026-03-10."""
    return assigned_case(network, actor=alice, handler=roster.senior_lawyer)


@pytest.fixture
def closed_case(case, roster, alice, rubric):
    subsidy_standard(amount="1500.00")
    return close_case(case, handler=roster.senior_lawyer, reviewer=alice, end=case.accepted_at.date())
