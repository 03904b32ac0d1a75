"""Complaints: working-day limits with the holiday calendar, the steps, history rows, the handler's record."""

from datetime import date

import pytest
import time_machine

from cases.models import CaseEvent
from legalaid.errors import DomainError
from supervision import selectors, services
from supervision.models import Complaint, ComplaintTransition, Holiday, SupervisionPolicy

pytestmark = pytest.mark.django_db


def register(actor, centre, case=None, **overrides):
    fields = {
        "centre": centre,
        "target": "handler",
        "complainant_kind": "aided_person",
        "complainant_name": "张建国",
        "channel": "phone",
        "received_on": date(2026, 3, 10),
        "summary": "承办律师一个多月没有联系我。",
        "case": case,
    }
    fields.update(overrides)
    return services.complaint_register(actor=actor, **fields)


def test_limits_count_working_days_and_skip_holidays(case, alice, network):
    complaint = register(alice, network.centre, case)
    assert complaint.accept_due == date(2026, 3, 17)  # Tuesday + 5 working days
    assert complaint.handler == case.handler
    assert complaint.limits == {"accept_working_days": 5, "conclude_days": 45, "reply_working_days": 5}
    Holiday.objects.create(date=date(2026, 3, 12), name="测试假日")
    Holiday.objects.create(date=date(2026, 3, 14), name="调休", kind=Holiday.Kind.WORKDAY)
    again = register(alice, network.centre, case)
    assert again.accept_due == date(2026, 3, 17)  # one day off, one Saturday worked
    assert CaseEvent.objects.filter(case=case, kind="complaint").count() == 2


def test_full_course_with_history_and_due_dates(case, alice, director, network, frozen_now):
    complaint = register(alice, network.centre, case)
    complaint = services.complaint_accept(complaint, actor=alice, accepted_on=date(2026, 3, 10))
    assert complaint.status == "accepted" and complaint.conclude_due == date(2026, 4, 24)
    frozen_now.move_to("2026-04-20 10:00 +08:00")
    with pytest.raises(DomainError, match="处理措施"):
        services.complaint_conclude(
            complaint, actor=director, concluded_on=date(2026, 4, 20), outcome="upheld", findings="属实"
        )
    complaint = services.complaint_conclude(
        complaint,
        actor=director,
        concluded_on=date(2026, 4, 20),
        outcome="upheld",
        findings="承办人未按规定向受援人通报进展。",
        measures="约谈承办人，暂停指派三个月。",
    )
    assert complaint.reply_due == date(2026, 4, 27)
    complaint = services.complaint_reply(complaint, actor=alice, replied_on=date(2026, 4, 20), reply="已书面答复。")
    assert complaint.status == "replied"
    assert list(ComplaintTransition.objects.filter(complaint=complaint).values_list("to_status", flat=True)) == [
        "received",
        "accepted",
        "concluded",
        "replied",
    ]
    record = selectors.handler_record(alice, case.handler)
    assert list(record["complaints"]) == [complaint]


def test_steps_out_of_order_are_refused(case, alice, network):
    complaint = register(alice, network.centre, case)
    with pytest.raises(DomainError, match="不能办结"):
        services.complaint_conclude(
            complaint, actor=alice, concluded_on=date(2026, 3, 10), outcome="not_upheld", findings="不属实"
        )
    complaint = services.complaint_decline(
        complaint, actor=alice, decided_on=date(2026, 3, 10), reason="匿名且无具体事实"
    )
    assert complaint.status == "not_accepted"
    with pytest.raises(DomainError, match="不能受理"):
        services.complaint_accept(complaint, actor=alice, accepted_on=date(2026, 3, 10))


def test_overdue_complaints_are_listed(case, alice, charlie, network):
    complaint = register(alice, network.centre, case, received_on=date(2026, 3, 2))
    with time_machine.travel("2026-03-10 09:00 +08:00", tick=False):
        assert list(selectors.complaints_overdue(alice)) == [complaint]  # due 9 March
        assert not selectors.complaints_overdue(charlie).exists()


def test_configured_limits_apply_to_new_complaints(case, alice, network):
    SupervisionPolicy.objects.create(
        effective_from=date(2026, 1, 1), complaint_accept_working_days=3, complaint_conclude_days=30
    )
    complaint = register(alice, network.centre, case)
    assert complaint.accept_due == date(2026, 3, 13)
    complaint = services.complaint_accept(complaint, actor=alice, accepted_on=date(2026, 3, 10))
    assert complaint.conclude_due == date(2026, 4, 9)


def test_a_complaint_about_the_centre_needs_no_handler(alice, network, frozen_now):
    complaint = register(alice, network.centre, target="centre", complainant_kind="public", summary="窗口态度差")
    assert complaint.handler is None and complaint.case is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"complainant_name": " "}, "complainant_name"),
        ({"summary": ""}, "summary"),
        ({"received_on": date(2026, 3, 11)}, "received_on"),
    ],
)
def test_bad_complaint_input(alice, network, frozen_now, overrides, field):
    with pytest.raises(DomainError) as caught:
        register(alice, network.centre, target="centre", **overrides)
    assert caught.value.field == field
    assert not Complaint.objects.exists()


def test_complaint_pages(case, alice, network, as_alice, as_bob, as_charlie):
    from django.urls import reverse

    complaint = register(alice, network.centre, case)
    url = reverse("supervision:complaint", args=[complaint.pk])
    assert as_alice.get(url).status_code == 200
    assert as_charlie.get(url).status_code == 404
    assert as_bob.get(url).status_code == 403
    response = as_alice.post(url, {"action": "accept", "accepted_on": "2026-03-01"})
    assert "不能早于收到日期" in response.content.decode()
    response = as_alice.post(url, {"action": "accept", "accepted_on": "2026-03-10"})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == "accepted"
    new = as_alice.post(
        reverse("supervision:complaint_new"),
        {
            "centre": network.centre.pk,
            "target": "handler",
            "complainant_kind": "aided_person",
            "complainant_name": "李四",
            "channel": "visit",
            "received_on": "2026-03-10",
            "summary": "收费",
            "case_number": "不存在的案号",
        },
    )
    assert "没有找到这个案号" in new.content.decode() and "李四" in new.content.decode()
