"""Long-silent cases (长期无进展): each case keeps the time of its latest timeline entry (Case.last_event_at,
kept by CaseEvent.save), and the list, its count on the home page and its export read it."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases import services as case_services
from cases.models import Case, CaseEvent
from supervision import selectors
from tests.conftest import login
from tests.supervision.factories import assigned_case


def _record(case: Case, days_ago: int, text: str = "电话联系受援人") -> CaseEvent:
    at = timezone.now() - timedelta(days=days_ago)
    return case_services.case_event_record(case, actor=case.handler, kind="meeting", text=text, at=at)


def test_each_entry_keeps_the_cases_latest_and_a_backdated_one_does_not_lower_it(case, frozen_now):
    frozen_now.shift(60 * 86400)
    recent = _record(case, 5)
    assert Case.objects.get(pk=case.pk).last_event_at == recent.at
    assert case.last_event_at == recent.at  # the caller's copy too

    _record(case, 20, "补记：二十天前的会见")  # entered late, dated back

    assert Case.objects.get(pk=case.pk).last_event_at == recent.at
    assert case.last_event_at == recent.at


def test_a_case_is_silent_from_its_last_entry_on(case, network, alice, roster, supervisor, frozen_now):
    quiet = assigned_case(network, actor=alice, handler=roster.senior_lawyer, name="欧阳喆")
    frozen_now.shift(90 * 86400)
    _record(case, 40, "会见受援人")
    _record(quiet, 70, "阅卷")

    assert list(selectors.stale_cases(supervisor)) == [quiet, case]  # the longest silence first
    shown = login(supervisor).get(reverse("supervision:stale")).content.decode()
    assert shown.index(quiet.number) < shown.index(case.number)

    _record(case, 3, "向受援人通报案件进展")

    assert list(selectors.stale_cases(supervisor)) == [quiet]
    assert selectors.stale_cases(supervisor).count() == 1


def test_a_case_with_no_entry_is_silent_since_its_assignment(case, supervisor, frozen_now):
    frozen_now.shift(29 * 86400)
    assert not selectors.stale_cases(supervisor).exists()
    frozen_now.shift(2 * 86400)
    assert list(selectors.stale_cases(supervisor)) == [case]
    assert Case.objects.get(pk=case.pk).last_event_at is None


def test_the_migration_fills_each_cases_latest_entry(case, network, alice, roster, frozen_now):
    other = assigned_case(network, actor=alice, handler=roster.senior_lawyer, name="龑㛃")
    frozen_now.shift(30 * 86400)
    latest = _record(case, 2)
    _record(case, 9)
    Case.objects.update(last_event_at=None)

    migration = importlib.import_module("cases.migrations.0024_case_last_event_at")
    migration.fill(apps, SimpleNamespace(connection=connection, execute=connection.cursor().execute))

    assert Case.objects.get(pk=case.pk).last_event_at == latest.at
    assert Case.objects.get(pk=other.pk).last_event_at is None
