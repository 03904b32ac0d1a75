"""Every page: the outsider gets 404, the lower role 403, the right role 200; bad input is re-shown in Chinese."""

from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases import services
from cases.models import Case, CooperationRequest
from tests.cases.factories import granted_application, notification_case, subsidy_standard
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def minor_case(frozen_now, network, alice):
    return notification_case(alice, network.centre)


CASE_PAGES = [
    "cases:case_detail",
    "cases:case_assign",
    "cases:case_parties",
]


@pytest.mark.parametrize("name", CASE_PAGES)
def test_case_pages_scope_and_permission(minor_case, as_alice, as_bob, as_charlie, name):
    url = reverse(name, args=[minor_case.pk])
    assert as_alice.get(url).status_code == 200
    assert as_charlie.get(url).status_code == 404
    expected_for_bob = 404 if name == "cases:case_detail" else 403  # the clerk may view, not act; case not theirs
    assert as_bob.get(url).status_code == expected_for_bob


@pytest.mark.parametrize(
    "name",
    [
        "cases:case_list",
        "cases:deadline_board",
        "cases:open_queue",
        "cases:open_notification",
        "cases:cooperation_list",
    ],
)
def test_lists_for_centre_staff_only(network, as_alice, as_bob, name):
    assert as_alice.get(reverse(name)).status_code == 200
    expected = 200 if name == "cases:case_list" else 403
    assert as_bob.get(reverse(name)).status_code == expected


def test_handler_sees_only_their_own_cases(labour_case, roster, minor_case):
    lawyer = login(roster.senior_lawyer)
    assert lawyer.get(reverse("cases:case_detail", args=[labour_case.pk])).status_code == 200
    assert lawyer.get(reverse("cases:case_detail", args=[minor_case.pk])).status_code == 404
    page = lawyer.get(reverse("cases:my_cases"))
    assert labour_case.number in page.content.decode() and minor_case.number not in page.content.decode()
    assert lawyer.get(reverse("cases:case_assign", args=[labour_case.pk])).status_code == 403
    assert lawyer.get(reverse("cases:deadline_board")).status_code == 403
    home = lawyer.get(reverse("home")).content.decode()
    assert "我的案件" in home and labour_case.number in home


def test_clerk_sees_cases_their_workstation_received(labour_case, as_bob, network):
    assert as_bob.get(reverse("cases:case_detail", args=[labour_case.pk])).status_code == 200  # filed at bob's station
    assert as_bob.get(reverse("cases:case_event", args=[labour_case.pk])).status_code == 403


def test_open_notification_form_reshows_values_and_errors(frozen_now, network, as_alice):
    url = reverse("cases:open_notification")
    data = {
        "centre": network.centre.pk,
        "authority_kind": "court",
        "authority_name": "寿县人民法院",
        "letter_number": "(2026)皖0422刑初88号",
        "letter_date": "2026-03-11",
        "received_on": "2026-03-10",
        "accused_name": "钱小东",
        "charge": "抢劫罪",
        "ground": "minor",
        "criminal_stage": "first_instance",
    }
    response = as_alice.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "通知书日期不能晚于今天" in html and "钱小东" in html
    assert not Case.objects.exists()
    data["letter_date"] = "2026-03-09"
    response = as_alice.post(url, data)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cases:case_detail", args=[case.pk])


def test_assign_page_explains_and_refuses_the_unqualified(minor_case, roster, as_alice):
    url = reverse("cases:case_assign", args=[minor_case.pk])
    html = as_alice.get(url).content.decode()
    assert "熟悉未成年人身心特点" in html and "此前未被指派过" in html
    response = as_alice.post(url, {"handler": roster.senior_lawyer.pk, "reason": "我想指派他"})
    assert response.status_code == 200 and "不能指派该承办人" in response.content.decode()
    response = as_alice.post(url, {"handler": 999999})
    assert response.status_code == 200 and "有效" in response.content.decode()
    response = as_alice.post(url, {"handler": roster.minors_lawyer.pk})
    assert response.status_code == 302
    assert Case.objects.get(pk=minor_case.pk).handler == roster.minors_lawyer


def test_notification_letter_pdf_reads_back(minor_case, roster, alice, as_alice, as_charlie):
    assignment = services.case_assign(minor_case, actor=alice, handler=roster.minors_lawyer)
    url = reverse("cases:assignment_letter_pdf", args=[minor_case.pk, assignment.pk])
    assert as_charlie.get(url).status_code == 404
    response = as_alice.get(url)
    assert response["Content-Type"] == "application/pdf"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "指派律师通知书" in text and "李小明" in text and "盗窃罪" in text
    assert roster.minors_lawyer.get_full_name() in text and minor_case.number in text
    notice = as_alice.get(reverse("cases:assignment_notice_pdf", args=[minor_case.pk, assignment.pk]))
    notice_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(notice.content)).pages)
    assert "法律援助案件指派通知书" in notice_text and "2026年3月15日" in notice_text


def test_closing_form_keeps_input_on_bad_amount(labour_case, roster):
    lawyer = login(roster.senior_lawyer)
    url = reverse("cases:case_closing", args=[labour_case.pk])
    response = lawyer.post(
        url,
        {
            "outcome": "arbitration_award",
            "case_end_date": "2026-03-10",
            "recovered_amount": "-300",
            "handling_report": "仲裁裁决支持全部请求",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "金额不能为负数" in html and "仲裁裁决支持全部请求" in html
    response = lawyer.post(
        url,
        {
            "outcome": "arbitration_award",
            "case_end_date": "2026-03-10",
            "recovered_amount": "300",
            "handling_report": "仲裁裁决支持全部请求",
        },
    )
    assert "结案材料不全" in response.content.decode()


def test_termination_decision_pdf_states_reasons_and_objection_rights(labour_case, alice, as_alice):
    termination = services.case_terminate(
        labour_case, actor=alice, ground="own_counsel", reasons="受援人已自行委托律师"
    )
    import io

    response = as_alice.get(reverse("cases:termination_decision_pdf", args=[labour_case.pk, termination.pk]))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "终止法律援助决定书" in text and "受援人已自行委托律师" in text
    assert "寿县司法局" in text and "五日内" in text and "行政复议" in text


def test_subsidy_pages_and_export(labour_case, roster, alice, as_alice, director, as_charlie):
    from cases import selectors

    subsidy_standard(amount="1500.00")
    items = [i.pk for i in selectors.checklist_items(labour_case)]
    services.closing_submit(
        labour_case,
        actor=roster.senior_lawyer,
        outcome="arbitration_award",
        case_end_date=date(2026, 3, 10),
        recovered_amount="100",
        checked_item_ids=items,
        handling_report="办结",
    )
    services.closing_review(labour_case, actor=alice, accept=True)
    listing = as_alice.get(reverse("cases:subsidy_list"), {"month": "2026-03"})
    assert "1500.00" in listing.content.decode()
    assert "月份格式" in as_alice.get(reverse("cases:subsidy_list"), {"month": "March"}).content.decode()
    export = as_alice.get(reverse("cases:subsidy_export"), {"month": "2026-03"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet.cell(row=2, column=3).value == labour_case.number and sheet.cell(row=3, column=1).value == "合计"
    subsidy = labour_case.subsidy
    detail = reverse("cases:subsidy_detail", args=[subsidy.pk])
    assert as_charlie.get(detail).status_code == 404
    response = as_alice.post(detail, {"action": "approve"})  # staff may not approve
    assert "您没有执行此操作的权限" in response.content.decode()
    login(director).post(detail, {"action": "approve"})
    response = as_alice.post(detail, {"action": "pay", "payment_reference": ""})
    assert "支付凭证号" in response.content.decode()
    as_alice.post(detail, {"action": "pay", "payment_reference": "PZ-9"})
    subsidy.refresh_from_db()
    assert subsidy.status == "paid"


def test_cooperation_pages(labour_case, network, as_alice, as_charlie):
    response = as_alice.post(
        reverse("cases:cooperation_create"),
        {
            "centre": network.centre.pk,
            "direction": "outgoing",
            "counterpart_name": "河南省固始县法律援助中心",
            "kind": "investigation",
            "request": "协助调取用人单位工商登记信息",
            "due_date": "2026-03-20",
            "case_number": labour_case.number,
        },
    )
    cooperation = CooperationRequest.objects.get()
    assert response.status_code == 302 and cooperation.case == labour_case
    url = reverse("cases:cooperation_detail", args=[cooperation.pk])
    assert as_charlie.get(url).status_code == 404
    as_alice.post(url, {"status": "answered", "answer": "已调取并寄回"})
    cooperation.refresh_from_db()
    assert cooperation.status == "answered"
    response = as_alice.post(
        reverse("cases:cooperation_create"),
        {
            "centre": network.centre.pk,
            "direction": "outgoing",
            "kind": "other",
            "request": "x",
            "due_date": "2026-03-20",
        },
    )
    assert "请选择或填写对方中心" in response.content.decode()


def test_search_finds_by_number_name_id_and_sequence(labour_case, minor_case, as_alice):
    url = reverse("cases:case_list")
    party = labour_case.parties.get()
    for query in [labour_case.number, labour_case.number[:10], party.name, party.id_number, "1"]:
        html = as_alice.get(url, {"q": query}).content.decode()
        assert labour_case.number in html, query
    html = as_alice.get(url, {"q": "李小明"}).content.decode()
    assert minor_case.number in html and labour_case.number not in html
    html = as_alice.get(url, {"status": "accepted"}).content.decode()
    assert minor_case.number in html and labour_case.number not in html
    response = as_alice.get(url, {"accepted_from": "2026-03-10", "accepted_to": "2026-03-01"})
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_search_and_board_queries_do_not_grow_with_rows(
    frozen_now, network, alice, as_alice, django_assert_max_num_queries
):
    for _ in range(3):
        services.case_open_from_application(granted_application(network), actor=alice)
    with django_assert_max_num_queries(40) as few:
        as_alice.get(reverse("cases:case_list"))
    for _ in range(12):
        services.case_open_from_application(granted_application(network), actor=alice)
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_alice.get(reverse("cases:case_list"))
    with django_assert_max_num_queries(40) as board_few:
        as_alice.get(reverse("cases:deadline_board"))
    notification_case(alice, network.centre)
    with django_assert_max_num_queries(len(board_few.captured_queries)):
        as_alice.get(reverse("cases:deadline_board"))


def test_deadline_board_orders_overdue_first(frozen_now, network, alice, as_alice, roster):
    import time_machine

    with time_machine.travel("2026-03-01 09:00 +08:00", tick=False):
        late = notification_case(alice, network.centre, letter_date=date(2026, 3, 1), received_on=date(2026, 3, 1))
    fresh = notification_case(alice, network.centre)
    html = as_alice.get(reverse("cases:deadline_board")).content.decode()
    assert html.index(late.number) < html.index(fresh.number)
    assert "已逾期 6 天" in html and "剩余 3 天" in html
    lawyer_filter = as_alice.get(reverse("cases:deadline_board"), {"handler": roster.minors_lawyer.pk}).content.decode()
    assert late.number not in lawyer_filter


@pytest.mark.parametrize(
    ("name", "alice_code", "bob_code"),
    [
        ("cases:subsidy_list", 200, 403),
        ("cases:duty_list", 200, 200),
        ("cases:duty_create", 200, 200),
        ("cases:cooperation_create", 200, 403),
        ("cases:my_cases", 403, 403),
    ],
)
def test_other_pages_by_role(network, as_alice, as_bob, name, alice_code, bob_code):
    assert as_alice.get(reverse(name)).status_code == alice_code
    assert as_bob.get(reverse(name)).status_code == bob_code


@pytest.mark.parametrize(
    "name",
    [
        "cases:case_event",
        "cases:case_end",
        "cases:case_closing",
        "cases:termination_report",
        "cases:handler_change_request",
        "cases:case_document",
    ],
)
def test_handler_pages(labour_case, roster, as_charlie, name):
    url = reverse(name, args=[labour_case.pk])
    assert login(roster.senior_lawyer).get(url).status_code == 200
    assert login(roster.junior_lawyer).get(url).status_code == 404  # not their case
    assert as_charlie.get(url).status_code in (403, 404)


@pytest.mark.parametrize("name", ["cases:case_review", "cases:case_terminate", "cases:case_coordinator"])
def test_centre_action_pages(labour_case, as_alice, as_bob, as_charlie, name):
    url = reverse(name, args=[labour_case.pk])
    assert as_alice.get(url).status_code == 200
    assert as_bob.get(url).status_code == 403
    assert as_charlie.get(url).status_code == 404
