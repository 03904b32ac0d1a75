"""Reports open on their default period (the last complete month, the current year) for the user's
own organisation, instead of an empty page until 查询 is pressed; the downloads carry that period."""

import pytest
import time_machine

from legalaid.roles import Role
from supervision.statistics.registry import REPORTS
from tests.conftest import login
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-03-10 10:00 +08:00", tick=False)
def test_every_report_opens_on_its_default_period(network):
    director = make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_r")
    client = login(director)
    opened = 0
    for identifier, cls in REPORTS.items():
        if not director.has_perm(cls.permission):
            continue
        response = client.get(f"/supervision/statistics/report/{identifier}/")
        assert response.status_code == 200, identifier
        assert response.context["report"] is not None, identifier
        assert response.context["report"].organisation == network.centre, identifier
        query = response.context["query"]
        assert f"organisation={network.centre.pk}" in query, identifier
        if "month" in response.context["form"].fields:
            assert "month=2026-02" in query, identifier
        if "year" in response.context["form"].fields:
            assert "year=2026" in query, identifier
        opened += 1
    assert opened >= 2


@time_machine.travel("2026-03-10 10:00 +08:00", tick=False)
def test_a_chosen_period_still_wins(network):
    director = make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_r2")
    response = login(director).get(
        f"/supervision/statistics/report/monthly/?organisation={network.centre.pk}&month=2026-01"
    )
    assert response.status_code == 200
    assert "month=2026-01" in response.context["query"]
