"""Fixtures the directors' self-service tests share: a director of the centre and one of another centre, on a
Monday morning (the duty rota's week and the rules' 'effective next month' depend on the day)."""

import pytest
import time_machine

from legalaid.roles import Role
from tests.factories import make_member


@pytest.fixture
def monday_morning():
    with time_machine.travel("2026-11-30 09:00 +08:00", tick=False):
        yield


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_c", last_name="王", first_name="主任")


@pytest.fixture
def other_director(network):
    return make_member(network.other_centre, Role.CENTRE_DIRECTOR, username="director_o", last_name="赵")
