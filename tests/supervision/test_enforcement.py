"""Enforcement follow-up: the two-year limit from the last day of performance, payments, reminders, the letter."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from cases.models import CaseEvent
from legalaid.errors import DomainError
from supervision import selectors, services
from supervision.models import EnforcementWatch, Holiday
from tests.supervision.test_card_pdf import pdf_text

pytestmark = pytest.mark.django_db


def register(case, actor, schedule=None):
    return services.enforcement_register(
        case,
        actor=actor,
        instrument="mediation",
        instrument_number="(2026)皖0422民初123号",
        effective_on=date(2026, 3, 1),
        obligor="寿县某建筑公司",
        instalments=schedule or [(date(2026, 4, 30), Decimal("10000")), (date(2026, 6, 30), Decimal("13000"))],
    )


def test_limit_counts_from_the_last_day_of_performance(case, alice):
    watch = register(case, alice)
    assert watch.performance_end == date(2026, 6, 30)
    assert watch.limit_date == date(2028, 6, 30)
    assert watch.first_reminder_on == date(2028, 4, 1) and watch.second_reminder_on == date(2028, 5, 31)
    assert watch.total_amount == Decimal("23000")
    assert CaseEvent.objects.filter(case=case, text__contains="2028-06-30").exists()


def test_payments_missed_and_reminders(case, alice, frozen_now):
    watch = register(case, alice)
    first, second = watch.instalments.all()
    with pytest.raises(DomainError, match="尚未到期"):
        services.instalment_record(first, actor=alice, received=False)
    frozen_now.move_to("2026-05-06 10:00 +08:00")
    assert list(selectors.watches_needing_attention(alice)) == [watch]  # April's payment is overdue
    services.instalment_record(first, actor=alice, received=False, note="义务人称资金困难")
    assert CaseEvent.objects.filter(case=case, text__contains="未按期履行").exists()
    frozen_now.move_to("2028-04-02 10:00 +08:00")
    assert services.enforcement_reminders_due() == 1
    assert services.enforcement_reminders_due() == 0
    watch.refresh_from_db()
    assert watch.reminded_first_at and not watch.reminded_second_at


def test_all_received_fulfils_the_watch(case, alice, frozen_now):
    watch = register(case, alice, [(date(2026, 3, 5), Decimal("5000"))])
    [only] = watch.instalments.all()
    services.instalment_record(only, actor=alice, received=True, received_on=date(2026, 3, 6))
    watch.refresh_from_db()
    assert watch.status == EnforcementWatch.Status.FULFILLED
    with pytest.raises(DomainError, match="已履行完毕"):
        services.enforcement_close(watch, actor=alice, status="closed", note="x")


def test_bad_schedule_is_refused(case, alice):
    with pytest.raises(DomainError, match="早于文书生效日期"):
        register(case, alice, [(date(2026, 2, 1), Decimal("100"))])
    with pytest.raises(DomainError, match="至少填写一期"):
        services.enforcement_register(
            case,
            actor=alice,
            instrument="judgment",
            instrument_number="x",
            effective_on=date(2026, 3, 1),
            obligor="y",
            instalments=[],
        )


def test_letter_for_the_aided_person(case, alice, as_alice, as_bob, as_charlie):
    watch = register(case, alice)
    url = reverse("supervision:watch_letter", args=[watch.pk])
    assert as_charlie.post(url).status_code == 404
    assert as_bob.post(url).status_code == 403
    assert as_alice.get(url).status_code == 405  # printing is recorded: never from a GET
    watch.refresh_from_db()
    assert watch.letter_printed_at is None
    response = as_alice.post(url)
    text = pdf_text(response.content)[0].replace("\n", "")
    assert "申请强制执行提示函" in text and "2028年6月30日" in text and case.number in text
    watch.refresh_from_db()
    assert watch.letter_printed_by.username == "alice"


def test_schedule_form_reports_bad_lines(case, as_alice):
    response = as_alice.post(
        reverse("supervision:enforcement_new", args=[case.pk]),
        {
            "instrument": "judgment",
            "instrument_number": "(2026)皖0422民初1号",
            "effective_on": "2026-03-01",
            "obligor": "某公司",
            "schedule": "2026-05-31,5000\n五月底，三千",
        },
    )
    assert "第 2 行应为" in response.content.decode()
    assert not EnforcementWatch.objects.exists()


@time_machine.travel("2026-11-30 09:00 +0800", tick=False)
def test_a_limit_on_a_holiday_moves_to_the_first_working_day_after_it(case, alice):
    # CPL art. 85. 2028 is beyond the installed library: the administrator's rows supply its National Day.
    for day in range(2, 7):
        Holiday.objects.create(date=date(2028, 10, day), name="国庆节")
    schedule = [(date(2026, 10, 1), Decimal("5000"))]
    watch = register(case, alice, schedule)
    # Two years on is Sunday 1 October 2028; 2-6 October are off; Monday 9 October is the first working day.
    assert watch.limit_date == date(2028, 10, 9)
