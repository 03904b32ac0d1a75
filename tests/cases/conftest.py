import pytest
import time_machine

from legalaid.roles import Role
from tests.cases.factories import make_roster
from tests.factories import make_member


@pytest.fixture
def roster(network):
    return make_roster(network)


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_t", last_name="王", first_name="主任")


@pytest.fixture
def supervisor(network):
    return make_member(network.centre, Role.SUPERVISOR, username="supervisor_t", last_name="李", first_name="监督")


NOW = "2026-03-10 09:30 +08:00"


@pytest.fixture
def frozen_now():
    """Time stands at NOW (a Tuesday) for the fixture's setup and the test."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def labour_case(frozen_now, network, alice, roster):
    """A granted labour case, marked for mediation first, assigned to the senior lawyer."""
    from cases import services
    from tests.cases.factories import granted_application

    case = services.case_open_from_application(granted_application(network), actor=alice, mediation_first=True)
    services.case_assign(case, actor=alice, handler=roster.senior_lawyer, reason="擅长劳动争议")
    case.refresh_from_db()
    return case
