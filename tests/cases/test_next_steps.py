"""Next-step links between stages: application → means test and decision → case → supervision,
each shown only to a user who may open it (every link shown answers 200 for that user)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cases import services
from tests.cases.factories import granted_application

pytestmark = pytest.mark.django_db


def _next_steps(html: str) -> list[str]:
    block = re.search(r'<nav class="next-steps.*?</nav>', html, re.S)
    return re.findall(r'href="([^"]+)"', block.group(0)) if block else []


def _follow_all(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    links = _next_steps(response.content.decode())
    for link in links:
        assert client.get(link).status_code == 200, link
    return links


def test_granted_application_leads_to_its_eligibility_page_and_case(network, alice, as_alice, supervisor):
    application = granted_application(network)
    case = services.case_open_from_application(application, actor=alice)
    links = _follow_all(as_alice, reverse("intake:application_detail", args=[application.pk]))
    assert reverse("eligibility:application", args=[application.pk]) in links
    assert reverse("cases:case_detail", args=[case.pk]) in links
    eligibility_links = _follow_all(as_alice, reverse("eligibility:application", args=[application.pk]))
    assert reverse("cases:case_detail", args=[case.pk]) in eligibility_links

    supervising = Client()
    supervising.force_login(supervisor)
    case_links = _follow_all(supervising, reverse("cases:case_detail", args=[case.pk]))
    assert reverse("supervision:case", args=[case.pk]) in case_links


def test_workstation_clerk_is_shown_no_link_they_may_not_follow(network, alice, as_bob):
    application = granted_application(network)
    case = services.case_open_from_application(application, actor=alice)
    _follow_all(as_bob, reverse("intake:application_detail", args=[application.pk]))
    case_links = _follow_all(as_bob, reverse("cases:case_detail", args=[case.pk]))
    assert reverse("supervision:case", args=[case.pk]) not in case_links
