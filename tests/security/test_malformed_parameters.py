"""The malformed parameters the probe answered with a 500: each now gets a 404, a form error or its default."""

import pytest
from django.urls import reverse

from legalaid.roles import Role
from tests.factories import make_member
from tests.supervision.conftest import case, frozen_now, media_in_tmp, roster  # noqa: F401  (fixtures)
from tests.supervision.test_enforcement import register


@pytest.mark.parametrize("instalment", ["abc", "1e3", "-1", "99999999999999999999"])
def test_an_instalment_that_is_not_an_id_is_not_found(case, alice, as_alice, instalment):  # noqa: F811
    watch = register(case, alice)
    response = as_alice.post(
        reverse("supervision:watch", args=[watch.pk]),
        {"instalment": instalment, "received_on": "2026-03-10", "amount": "100"},
    )
    assert response.status_code == 404


@pytest.fixture
def director(network):
    return make_member(network.centre, Role.CENTRE_DIRECTOR, username="director_t", last_name="周", first_name="主任")


@pytest.mark.parametrize("year", ["abc", "0", "-5", "99999", "10000000000000000000000"])
def test_a_target_year_out_of_range_shows_the_page(director, client, year):
    client.force_login(director)
    assert client.get(reverse("supervision:statistics_targets"), {"year": year}).status_code == 200


@pytest.mark.parametrize("back", ["abc", "//evil.example/", "https://evil.example/", "javascript:alert(1)"])
def test_generate_never_fails_or_leaves_the_site_on_a_bad_next(network, director, client, back):
    client.force_login(director)
    response = client.post(
        reverse("supervision:statistics_generate"),
        {"gen-organisation": network.centre.pk, "gen-month": "2026-02", "next": back},
    )
    assert response.status_code < 500
    assert "evil.example" not in response.get("Location", "") and "javascript" not in response.get("Location", "")
