import pytest

from legalaid.models import Organisation
from legalaid.roles import Role
from tests.factories import OrganisationFactory, make_member
from tests.roles.network import add_bureau


@pytest.fixture
def bureau(network):
    return add_bureau(network)


@pytest.fixture
def other_bureau(db):
    """A bureau of another city: over none of the test network's centres."""
    office = OrganisationFactory(name="蚌埠市司法局", kind=Organisation.Kind.JUSTICE_BUREAU, division_code="340300")
    return make_member(office, Role.JUSTICE_BUREAU, username="bureau_bengbu")


@pytest.fixture
def firm_manager(network):
    return make_member(network.law_firm, Role.PROVIDER_MANAGER, username="firm_manager")


@pytest.fixture
def other_firm_manager(network):
    firm = OrganisationFactory(name="安徽楚都律师事务所", kind=Organisation.Kind.LAW_FIRM, parent=network.centre)
    return make_member(firm, Role.PROVIDER_MANAGER, username="other_firm_manager")


@pytest.fixture
def liaison_point(network):
    return OrganisationFactory(
        name="寿春镇中心村法律援助联络点", kind=Organisation.Kind.LIAISON_POINT, parent=network.workstation
    )


@pytest.fixture
def liaison(liaison_point):
    return make_member(liaison_point, Role.LIAISON_STAFF, username="liaison")


@pytest.fixture
def other_liaison(network):
    point = OrganisationFactory(
        name="安丰塘镇中心村法律援助联络点", kind=Organisation.Kind.LIAISON_POINT, parent=network.other_workstation
    )
    return make_member(point, Role.LIAISON_STAFF, username="other_liaison")


# The cases app's assigned labour case (a lawyer of the test law firm) and what it needs.
from tests.cases.conftest import frozen_now, labour_case, roster  # noqa: E402, F401
