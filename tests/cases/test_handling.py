"""The handler's work, change of handler and termination."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import selectors, services
from cases.models import Case, CaseEvent, HandlerChange, Termination
from legalaid.errors import DomainError
from tests.legalaid.samples import pdf_upload

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
NOW = "2026-03-10 09:30 +08:00"


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=TZ)


@time_machine.travel(NOW, tick=False)
def test_signing_the_agreement_starts_the_handling(labour_case, roster):
    lawyer = roster.senior_lawyer
    services.case_handler_event_log(
        labour_case, actor=lawyer, kind="meeting", text="约见受援人，了解欠薪情况", at=at(10, 8)
    )
    assert Case.objects.get(pk=labour_case.pk).status == Case.Status.ASSIGNED
    services.case_handler_event_log(labour_case, actor=lawyer, kind="agreement_signed", text="", at=at(10, 9))
    case = Case.objects.get(pk=labour_case.pk)
    assert case.status == Case.Status.IN_PROGRESS
    assert case.agreement_signed_on == date(2026, 3, 10)
    assert "签订委托协议" in case.transitions.last().reason


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("kind", "extra", "field"),
    [
        ("hearing", {}, "court"),
        ("progress_notice", {}, "channel"),
        ("mediation", {}, "mediation_result"),
        ("meeting", {"at": at(11)}, "at"),
        ("nonsense", {}, "kind"),
    ],
)
def test_events_check_what_they_need(labour_case, roster, kind, extra, field):
    fields = {"kind": kind, "text": "记录", "at": at(9)}
    fields.update(extra)
    with pytest.raises(DomainError) as caught:
        services.case_handler_event_log(labour_case, actor=roster.senior_lawyer, **fields)
    assert caught.value.field == field


@time_machine.travel(NOW, tick=False)
def test_a_hearing_may_be_in_the_future(labour_case, roster):
    event = services.case_handler_event_log(
        labour_case,
        actor=roster.senior_lawyer,
        kind="hearing",
        text="劳动仲裁开庭",
        at=at(20),
        court="寿县劳动人事争议仲裁委员会",
    )
    assert event.court == "寿县劳动人事争议仲裁委员会"


@time_machine.travel(NOW, tick=False)
def test_mediation_first_warns_before_a_suit(labour_case, roster):
    lawyer = roster.senior_lawyer
    with pytest.raises(DomainError, match="先行调解") as caught:
        services.case_handler_event_log(labour_case, actor=lawyer, kind="suit_filed", text="申请劳动仲裁", at=at(10, 9))
    assert caught.value.field == "reason"
    event = services.case_handler_event_log(
        labour_case, actor=lawyer, kind="suit_filed", text="申请劳动仲裁", at=at(10, 9), reason="仲裁时效将届满"
    )
    assert event.reason == "仲裁时效将届满"


@time_machine.travel(NOW, tick=False)
def test_after_a_mediation_attempt_a_suit_needs_no_reason(labour_case, roster):
    lawyer = roster.senior_lawyer
    services.case_handler_event_log(
        labour_case, actor=lawyer, kind="mediation", text="镇调解委员会调解", at=at(9), mediation_result="failed"
    )
    services.case_handler_event_log(labour_case, actor=lawyer, kind="suit_filed", text="申请劳动仲裁", at=at(10, 9))
    assert labour_case.events.filter(kind="suit_filed").exists()


@time_machine.travel(NOW, tick=False)
def test_only_the_handler_records_the_work(labour_case, roster, alice):
    with pytest.raises(DomainError, match="权限"):
        services.case_handler_event_log(labour_case, actor=alice, kind="meeting", text="会见", at=at(9))
    with pytest.raises(DomainError, match="只有本案承办人"):
        services.case_handler_event_log(labour_case, actor=roster.junior_lawyer, kind="meeting", text="会见", at=at(9))


@time_machine.travel(NOW, tick=False)
def test_other_apps_add_timeline_rows(labour_case, supervisor, charlie):
    event = services.case_event_record(labour_case, actor=supervisor, kind="follow_up", text="电话回访，受援人满意")
    assert event.get_kind_display() == "回访"
    custom = services.case_event_record(labour_case, actor=supervisor, kind="quality_card", text="发放质量监督卡")
    assert custom.get_kind_display() == "quality_card"
    with pytest.raises(DomainError, match="管辖范围"):
        services.case_event_record(labour_case, actor=charlie, kind="note", text="x")
    with pytest.raises(DomainError, match="记录内容"):
        services.case_event_record(labour_case, actor=supervisor, kind="note", text=" ")
    kinds = [item["kind"] for item in selectors.case_timeline(labour_case)]
    assert kinds[:2] == ["transition", "transition"] and "follow_up" in kinds


@time_machine.travel(NOW, tick=False)
def test_documents_are_checked_and_shown_on_the_timeline(labour_case, roster, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad = SimpleUploadedFile("协议.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError, match="内容与扩展名不符"):
        services.case_document_upload(labour_case, actor=roster.senior_lawyer, title="委托协议", upload=bad)
    good = pdf_upload("协议.pdf")
    document = services.case_document_upload(labour_case, actor=roster.senior_lawyer, title="委托协议", upload=good)
    assert labour_case.events.get(kind=CaseEvent.Kind.DOCUMENT).document == document


@time_machine.travel(NOW, tick=False)
def test_case_end_starts_the_closing_clock(labour_case, roster):
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.case_end_record(labour_case, actor=roster.senior_lawyer, case_end_date=date(2026, 3, 11), text="")
    case = services.case_end_record(labour_case, actor=roster.senior_lawyer, case_end_date=date(2026, 3, 10), text="")
    assert case.closing_due == date(2026, 4, 9)


# ---------------------------------------------------------------- change of handler


@time_machine.travel(NOW, tick=False)
def test_change_of_handler_on_the_aided_persons_request(labour_case, roster, alice):
    change = services.handler_change_request(
        labour_case, actor=alice, requested_by="aided_person", reasons="受援人反映承办人长期联系不上"
    )
    with pytest.raises(DomainError, match="待决定"):
        services.handler_change_request(labour_case, actor=alice, requested_by="centre", reasons="再次申请")
    services.handler_change_decide(change, actor=alice, approve=True)
    case = Case.objects.get(pk=labour_case.pk)
    assert case.status == Case.Status.HANDLER_CHANGED
    assert case.handler is None and case.assignment_due == date(2026, 3, 13)
    assert case.assignments.get().ended_at is not None
    failures = {c.handler.user_id: c.failures for c in selectors.assignment_candidates(case)}
    assert any("退出本案" in f for f in failures[roster.senior_lawyer.pk])
    services.case_assign(case, actor=alice, handler=roster.service_worker)
    case.refresh_from_db()
    assert case.status == Case.Status.ASSIGNED and case.handler == roster.service_worker
    assert case.assignments.count() == 2
    statuses = list(case.transitions.values_list("to_status", flat=True))
    assert statuses == ["accepted", "assigned", "handler_changed", "assigned"]


def test_declining_a_change_needs_reasons(labour_case, roster, alice):
    change = services.handler_change_request(
        labour_case, actor=roster.senior_lawyer, requested_by="handler", reasons="与受援人沟通困难"
    )
    with pytest.raises(DomainError, match="写明理由"):
        services.handler_change_decide(change, actor=alice, approve=False)
    services.handler_change_decide(change, actor=alice, approve=False, note="承办人应继续履行职责")
    change.refresh_from_db()
    assert change.status == HandlerChange.Status.DECLINED
    assert Case.objects.get(pk=labour_case.pk).handler == roster.senior_lawyer
    with pytest.raises(DomainError, match="已经决定"):
        services.handler_change_decide(change, actor=alice, approve=True)


# ---------------------------------------------------------------- termination


@time_machine.travel(NOW, tick=False)
def test_handler_reports_and_centre_terminates(labour_case, roster, alice):
    termination = services.termination_report(
        labour_case, actor=roster.senior_lawyer, ground="own_counsel", facts="受援人已自行委托律师"
    )
    with pytest.raises(DomainError, match="写明理由"):
        services.case_terminate(labour_case, actor=alice, ground="own_counsel", reasons="")
    decided = services.case_terminate(
        labour_case, actor=alice, ground="own_counsel", reasons="经核实，受援人已另行委托律师代理。"
    )
    assert decided.pk == termination.pk and decided.status == Termination.Status.TERMINATED
    case = Case.objects.get(pk=labour_case.pk)
    assert case.status == Case.Status.TERMINATED
    assert case.closing_due == date(2026, 4, 9)
    assert "自行委托律师" in case.transitions.last().reason
    with pytest.raises(DomainError, match="不能终止"):
        services.case_terminate(case, actor=alice, ground="other", reasons="再次终止")


def test_centre_may_terminate_before_assignment_and_archive(network, alice):
    from tests.cases.factories import notification_case

    case = notification_case(alice, network.centre)
    services.case_terminate(case, actor=alice, ground="proceedings_ended", reasons="法院通知已撤回起诉")
    services.case_archive(case, actor=alice)
    assert Case.objects.get(pk=case.pk).status == Case.Status.ARCHIVED


def test_termination_rights(labour_case, roster, bob):
    with pytest.raises(DomainError, match="权限"):
        services.case_terminate(labour_case, actor=bob, ground="other", reasons="x")
    with pytest.raises(DomainError, match="只有本案承办人"):
        services.termination_report(labour_case, actor=roster.junior_lawyer, ground="other", facts="x")


def test_declining_a_reported_ground(labour_case, roster, alice):
    termination = services.termination_report(
        labour_case, actor=roster.senior_lawyer, ground="means_changed", facts="受援人继承房产"
    )
    services.termination_decline(termination, actor=alice, reasons="继承房产不影响其支付能力的认定")
    termination.refresh_from_db()
    assert termination.status == Termination.Status.DECLINED
    assert Case.objects.get(pk=labour_case.pk).status == Case.Status.ASSIGNED


def test_my_cases_list_the_handlers_open_work(labour_case, roster):
    assert list(selectors.my_cases(roster.senior_lawyer)) == [labour_case]
    assert list(selectors.my_cases(roster.junior_lawyer)) == []
    counts = selectors.my_case_counts(roster.senior_lawyer)
    assert counts["open"] == 1
    assert timezone.localdate() + timedelta(days=5) == labour_case.agreement_due


def test_objection_to_a_termination_goes_to_eligibility(labour_case, alice, as_alice):
    from django.urls import reverse

    from eligibility.models import Objection

    termination = services.case_terminate(
        labour_case, actor=alice, ground="means_changed", reasons="受援人经济状况好转"
    )
    with pytest.raises(DomainError, match="异议理由"):
        services.termination_objection_record(termination, actor=alice, grounds=" ")
    objection = services.termination_objection_record(termination, actor=alice, grounds="经济状况并未好转")
    assert objection.kind == Objection.Kind.TERMINATION
    assert objection.subject_reference == labour_case.number and objection.centre == labour_case.centre
    assert objection.objector_name == labour_case.parties.get().name
    termination.refresh_from_db()
    assert termination.objection == objection
    with pytest.raises(DomainError, match="已登记异议"):
        services.termination_objection_record(termination, actor=alice, grounds="再次异议")
    html = as_alice.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    assert reverse("eligibility:objection_detail", args=[objection.pk]) in html
