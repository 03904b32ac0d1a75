"""The review queue's rows (a Jinja2 fragment inside the Django page) show each application's decision clock
as `rules.clock_state` computes it — overdue, due today, due soon, paused for materials — with the urgent
badge and the applicant's own deadline, in Chinese and in English."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from intake.models import Application
from tests.intake.factories import PersonFactory, file_application

pytestmark = pytest.mark.django_db


def _row(html: str, number: str) -> str:
    rows = re.findall(r'<tr class="[^"]*" data-testid="queue-row">(.*?)</tr>', html, re.S)
    [row] = [row for row in rows if f">{number}</a>" in row]
    return row


def test_each_row_shows_its_clock_urgency_and_deadline_in_chinese_and_english(network, alice, as_alice):
    today = timezone.localdate()
    filed = {
        name: file_application(alice, network.centre, channel_code="centre_window", applicant=PersonFactory(name=name))
        for name in ("喆堃", "龑㛃", "司马光", "欧阳修")
    }
    overdue, due_today, urgent, paused = filed.values()
    Application.objects.filter(pk=overdue.pk).update(decision_due=today - timedelta(days=2))
    Application.objects.filter(pk=due_today.pk).update(decision_due=today)
    Application.objects.filter(pk=urgent.pk).update(
        decision_due=today + timedelta(days=1), deadline_date=today + timedelta(days=3)
    )
    Application.objects.filter(pk=paused.pk).update(
        status=Application.Status.AWAITING_MATERIALS, paused_since=timezone.now() - timedelta(days=1)
    )
    deadline = (today + timedelta(days=3)).isoformat()

    queue = as_alice.get(reverse("intake:queue")).content.decode()
    row = _row(queue, overdue.number)
    assert "喆堃" in row and 'data-testid="due-state">已超期 2 天' in row
    assert f'href="{reverse("intake:application_detail", args=[overdue.pk])}"' in row
    assert 'data-testid="due-state">今日到期' in _row(queue, due_today.number)
    row = _row(queue, urgent.number)
    assert 'data-testid="urgent">紧急' in row and f"期限 {deadline}" in row and ">剩 1 天<" in row
    materials = as_alice.get(reverse("intake:queue"), {"view": "materials"}).content.decode()
    assert 'data-testid="due-state">补充材料中，暂停计时' in _row(materials, paused.number)

    as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    queue = as_alice.get(reverse("intake:queue")).content.decode()
    assert re.search(r'data-testid="due-state">[^<]*2 days', _row(queue, overdue.number))
    assert 'data-testid="urgent">Urgent<' in _row(queue, urgent.number)
    empty = as_alice.get(reverse("intake:queue"), {"view": "workstations"}).content.decode()
    assert "No applications in the queue." in empty and 'data-testid="queue-row"' not in empty
