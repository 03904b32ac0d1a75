"""The case search's rows (a Jinja2 fragment inside the Django page) show what the list promises: the link
to the case, its aided person, type, status, urgency, pre-provision and the deadline that matters now, in
the user's language, and a clear line when nothing matches."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from tests.cases.test_seams_pre_provision import urgent_application

pytestmark = pytest.mark.django_db


def _rows(client, **params) -> list[str]:
    html = client.get(reverse("cases:case_list"), params).content.decode()
    return re.findall(r'<tr data-testid="case-row">(.*?)</tr>', html, re.S)


def test_a_row_shows_the_case_its_urgency_and_its_next_deadline_in_chinese_and_english(
    frozen_now, network, alice, as_alice
):
    application = urgent_application(network, name="喆堃龑㛃")
    as_alice.post(
        reverse("cases:open_pre_provision", args=[application.pk]),
        {"reason": "仲裁时效三日后届满，须立即申请仲裁", "summary": application.facts},
    )
    case = Case.objects.get(application=application)
    due = (timezone.localdate() + timedelta(days=3)).strftime("%m-%d")

    [row] = _rows(as_alice)
    assert f'<a href="{reverse("cases:case_detail", args=[case.pk])}">{case.number}</a>' in row
    assert "喆堃龑㛃" in row and 'data-testid="case-urgent">紧急' in row
    assert 'title="审查决定作出前先行提供(法律援助法第四十四条)">先行提供' in row
    assert f"指派 {due}" in row and "已受理待指派" in row

    as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    [row] = _rows(as_alice)
    assert 'data-testid="case-urgent">Urgent<' in row and ">Provide aid first<" in row
    assert f"Assignment {due}" in row and "Accepted, awaiting assignment" in row

    html = as_alice.get(reverse("cases:case_list"), {"q": "没有这个人"}).content.decode()
    assert _rows(as_alice, q="没有这个人") == [] and "No cases match." in html
