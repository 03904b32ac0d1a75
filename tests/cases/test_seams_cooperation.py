"""Cooperation between two centres on the same system: the request reaches the other centre's work
list, its staff accept and answer there (with an attachment), and the answer comes back to the
requesting case; links only for those who may follow them."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cases import selectors, services
from cases.models import CooperationRequest
from legalaid.errors import DomainError
from legalaid.kernel import history_rows
from tests.intake.factories import pdf_bytes

pytestmark = pytest.mark.django_db
Status = CooperationRequest.Status


def test_request_reaches_the_other_centre_and_its_answer_comes_back(
    frozen_now, network, alice, charlie, roster, labour_case, as_alice, as_charlie
):
    response = as_alice.post(
        reverse("cases:cooperation_create") + f"?case={labour_case.pk}",
        {
            "centre": network.centre.pk,
            "direction": "outgoing",
            "counterpart": network.other_centre.pk,
            "kind": "investigation",
            "request": "请协助向凤台县某建筑公司调取考勤记录",
            "person_name": "张建国",
            "due_date": "2026-03-20",
            "case_number": labour_case.number,
        },
    )
    sent = CooperationRequest.objects.get(centre=network.centre)
    assert response.status_code == 302 and sent.case == labour_case
    received = sent.forwarded
    assert (received.centre, received.direction, received.counterpart) == (
        network.other_centre,
        "incoming",
        network.centre,
    )
    assert received.case is None and received.status == Status.OPEN

    # The other centre's work list and its page, in its own scope.
    assert list(selectors.cooperation_received(charlie)) == [received]
    listing = as_charlie.get(reverse("cases:cooperation_list")).content.decode()
    assert reverse("cases:cooperation_detail", args=[received.pk]) in listing
    assert as_charlie.get(reverse("cases:cooperation_detail", args=[sent.pk])).status_code == 404
    page = as_charlie.get(reverse("cases:cooperation_detail", args=[received.pk])).content.decode()
    assert 'data-testid="via-system"' in page and "调取考勤记录" in page
    assert reverse("cases:case_detail", args=[labour_case.pk]) not in page  # not their case

    # The sender may only withdraw; the answer is given where the request was received.
    assert services.cooperation_answer_statuses(sent) == [Status.WITHDRAWN]
    with pytest.raises(DomainError, match="办理结果"):
        services.cooperation_answer(sent, actor=alice, status=Status.ANSWERED, answer="x")

    detail = reverse("cases:cooperation_detail", args=[received.pk])
    as_charlie.post(detail, {"status": Status.ACCEPTED, "answer": "已接受，三日内调取"})
    sent.refresh_from_db()
    assert sent.status == Status.ACCEPTED and sent.answer == ""
    as_charlie.post(
        detail,
        {
            "status": Status.ANSWERED,
            "answer": "已调取考勤记录八个月，附扫描件",
            "answer_file": SimpleUploadedFile("kaoqin.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )
    sent.refresh_from_db()
    received.refresh_from_db()
    assert received.status == sent.status == Status.ANSWERED
    assert sent.answer == "已调取考勤记录八个月，附扫描件" and sent.answered_by == charlie
    assert sent.answer_file.name == received.answer_file.name != ""
    assert [str(row.to_label) for row in history_rows(sent)] == ["待办理", "对方已接受，办理中", "已办复"]
    assert history_rows(sent).last().actor == charlie  # who answered, in the sender's history too

    # Back on the requesting case: the answer on the page and the timeline, the file for the centre.
    case_page = as_alice.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    assert 'data-testid="cooperation-answer"' in case_page and "已调取考勤记录八个月" in case_page
    assert reverse("cases:cooperation_answer_file", args=[sent.pk]) in case_page
    assert labour_case.events.filter(kind="cooperation", text__contains="对方已接受").exists()
    assert labour_case.events.filter(kind="cooperation", text__contains="已办复").exists()
    assert as_alice.get(reverse("cases:cooperation_answer_file", args=[sent.pk])).status_code == 200
    assert as_charlie.get(reverse("cases:cooperation_answer_file", args=[received.pk])).status_code == 200
    assert as_charlie.get(reverse("cases:cooperation_answer_file", args=[sent.pk])).status_code == 404

    # The handler sees the answer on their case, without links to the centre's pages.
    handler = Client()
    handler.force_login(roster.senior_lawyer)
    handler_page = handler.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    assert "已调取考勤记录八个月" in handler_page
    assert reverse("cases:cooperation_detail", args=[sent.pk]) not in handler_page
    assert reverse("cases:cooperation_answer_file", args=[sent.pk]) not in handler_page


def test_withdrawal_reaches_the_other_centre(frozen_now, network, alice, charlie, labour_case):
    sent = services.cooperation_request_create(
        actor=alice,
        centre=network.centre,
        direction="outgoing",
        counterpart=network.other_centre,
        kind="service",
        request="请协助送达仲裁文书",
        due_date=date(2026, 3, 25),
        case=labour_case,
    )
    services.cooperation_answer(sent, actor=alice, status=Status.WITHDRAWN, answer="当事人已自行领取")
    sent.forwarded.refresh_from_db()
    assert sent.forwarded.status == Status.WITHDRAWN
    assert list(selectors.cooperation_received(charlie)) == []
    with pytest.raises(DomainError, match="不能重复办理"):
        services.cooperation_answer(sent.forwarded, actor=charlie, status=Status.ANSWERED, answer="x")


def test_a_centre_off_the_system_is_answered_by_hand(frozen_now, network, alice):
    sent = services.cooperation_request_create(
        actor=alice,
        centre=network.centre,
        direction="outgoing",
        counterpart_name="河南省固始县法律援助中心",
        kind="hardship_proof",
        request="请协助出具经济困难证明",
        due_date=date(2026, 3, 25),
    )
    assert not CooperationRequest.objects.filter(origin=sent).exists()
    assert services.cooperation_answer_statuses(sent) == [Status.ANSWERED, Status.DECLINED, Status.WITHDRAWN]
    services.cooperation_answer(sent, actor=alice, status=Status.ANSWERED, answer="对方中心已邮寄证明")
    sent.refresh_from_db()
    assert sent.status == Status.ANSWERED
