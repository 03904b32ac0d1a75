import pytest
import time_machine

from legalaid.roles import Role
from tests.factories import make_member

NOW = "2026-03-10 10:00 +08:00"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_s", last_name="周", first_name="主任")


@pytest.fixture
def city_director(network):
    return make_member(network.city, Role.CENTRE_DIRECTOR, username="city_director", last_name="市", first_name="主任")


@pytest.fixture
def generated(frozen, network):
    from tests.statistics.factories import generate

    return generate(network)
