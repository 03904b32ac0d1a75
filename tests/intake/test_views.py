"""Views: scope (outsider 404, other workstation 404), permissions (403), bad input re-shown, PDFs."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from intake import services
from intake.models import Application, Consultation, Person
from legalaid.models import AccessRecord
from legalaid.roles import Role
from tests.conftest import login
from tests.factories import make_member
from tests.intake.factories import PersonFactory, channel, file_application, pdf_bytes, resident_id

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def application(bob, network):
    return file_application(
        bob,
        network.workstation,
        attachments=[services.ScanUpload(SimpleUploadedFile("id.pdf", pdf_bytes()), title="身份证")],
    )


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# ---------------------------------------------------------------- scope and permissions


def test_application_detail_scope(as_alice, as_bob, as_charlie, application, network):
    url = reverse("intake:application_detail", args=[application.pk])
    assert as_alice.get(url).status_code == 200
    assert as_bob.get(url).status_code == 200
    assert as_charlie.get(url).status_code == 404
    other_clerk = login(make_member(network.other_workstation, Role.WORKSTATION_CLERK))
    assert other_clerk.get(url).status_code == 404
    attachment = application.attachments.get()
    file_url = reverse("intake:attachment_file", args=[application.pk, attachment.pk])
    assert other_clerk.get(file_url).status_code == 404
    response = as_bob.get(file_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_every_application_page_404_for_outsider(as_charlie, application):
    for name in [
        "application_edit",
        "application_review",
        "application_notice",
        "application_supply",
        "application_withdraw",
        "application_mark_urgent",
        "opposing_party_add",
    ]:
        assert as_charlie.get(reverse(f"intake:{name}", args=[application.pk])).status_code in (403, 404), name
    assert as_charlie.get(reverse("intake:form_pdf", args=[application.pk, "approval-form"])).status_code == 404


def test_queue_needs_review_permission(as_alice, as_bob, as_charlie, application):
    url = reverse("intake:queue")
    assert as_alice.get(url).status_code == 200
    assert as_charlie.get(url).status_code == 200  # their own (empty) queue
    assert application.number not in as_charlie.get(url + "?view=workstations").content.decode()
    assert application.number in as_alice.get(url + "?view=workstations").content.decode()
    assert as_bob.get(url).status_code == 200  # clerks see their workstation's filings only


def test_handler_cannot_see_intake(network, client):
    handler = make_member(network.law_firm, Role.HANDLER)
    client.force_login(handler)
    assert client.get(reverse("intake:application_list")).status_code == 403
    assert client.get(reverse("intake:consultation_list")).status_code == 403


def test_supervisor_reads_but_cannot_accept(network, alice):
    supervisor = login(make_member(network.centre, Role.SUPERVISOR))
    application = file_application(alice, network.centre, channel_code="centre_window")
    assert supervisor.get(reverse("intake:application_detail", args=[application.pk])).status_code == 200
    assert supervisor.post(reverse("intake:application_accept", args=[application.pk])).status_code == 403
    assert supervisor.get(reverse("intake:application_create")).status_code == 403


def test_clerk_cannot_accept_or_pre_provide(as_bob, application):
    assert as_bob.post(reverse("intake:application_accept", args=[application.pk])).status_code == 403
    assert as_bob.get(reverse("intake:application_pre_provide", args=[application.pk])).status_code == 403


# ---------------------------------------------------------------- filing through the form


def filing_data(**overrides):
    data = {
        "submission_token": "tok-1",
        "channel": "workstation",
        "received_at": "2026-03-02T09:00",
        "applicant-id_type": "resident_id",
        "applicant-id_number": resident_id(date(1970, 4, 1)),
        "applicant-name": "刘大山",
        "applicant-ethnicity": "汉族",
        "applicant-nationality": "中国",
        "applicant-phone": "13955501234",
        "applicant-is_migrant_worker": "on",
        "representative-id_type": "resident_id",
        "representative-nationality": "中国",
        "case_type": "labour_arbitration",
        "service_requested": "arbitration",
        "facts": "工地欠薪两万元。",
        "party-TOTAL_FORMS": "2",
        "party-INITIAL_FORMS": "0",
        "party-0-kind": "organisation",
        "party-0-name": "寿县某建筑公司",
        "party-1-kind": "person",
        "upload-TOTAL_FORMS": "3",
        "upload-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_clerk_files_through_the_form(as_bob, bob, network):
    data = filing_data(receiving_organisation=network.workstation.pk)
    data["upload-0-file"] = SimpleUploadedFile("contract.pdf", pdf_bytes(), content_type="application/pdf")
    data["upload-0-title"] = "劳动合同"
    response = as_bob.post(reverse("intake:application_create"), data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:application_detail", args=[application.pk])
    assert application.status == Application.Status.PRELIMINARY_REVIEW
    assert application.applicant.birth_date == date(1970, 4, 1)
    assert application.applicant.is_migrant_worker
    assert application.opposing_parties.get().name == "寿县某建筑公司"
    assert application.attachments.get().title == "劳动合同"
    # The same form posted again (double click, back button) files nothing new.
    again = as_bob.post(
        reverse("intake:application_create"), filing_data(receiving_organisation=network.workstation.pk)
    )
    assert again.status_code == 200
    assert "请勿重复提交" in again.content.decode()
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"applicant-id_number": "340422197004011230"}, "身份证号码"),
        ({"applicant-phone": "12345678"}, "电话号码格式无效"),
        (
            {"applicant-id_type": "none", "applicant-id_number": "", "applicant-birth_date": "2027-01-01"},
            "出生日期不能晚于今天",
        ),
        ({"deadline_date": "2026-03-01"}, "不能早于接收日期"),
        ({"received_at": "2026-03-05T09:00"}, "接收时间不能晚于当前时间"),
    ],
)
def test_bad_filing_input_is_reshown_with_values(as_bob, network, overrides, message):
    data = filing_data(receiving_organisation=network.workstation.pk, **overrides)
    if overrides.get("applicant-id_number") == "340422197004011230":
        number = resident_id(date(1970, 4, 1))
        data["applicant-id_number"] = number[:17] + ("0" if number[17] != "0" else "1")
    response = as_bob.post(reverse("intake:application_create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "工地欠薪两万元。" in body and "刘大山" in body and "寿县某建筑公司" in body
    assert not Application.objects.exists() and not Person.objects.exists()


def test_bad_upload_is_refused_with_a_message(as_bob, network, settings):
    settings.UPLOAD_MAX_BYTES = 20
    data = filing_data(receiving_organisation=network.workstation.pk)
    data["upload-0-file"] = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"x" * 100)
    data["upload-1-file"] = SimpleUploadedFile("virus.exe", b"MZ...")
    body = as_bob.post(reverse("intake:application_create"), data).content.decode()
    assert "过大" in body and "只能上传 PDF、JPG 或 PNG" in body
    assert "刘大山" in body
    assert not Application.objects.exists()


def test_existing_id_offers_the_registered_person_without_showing_it(as_bob, charlie, network):
    """A person registered elsewhere is linked by the full ID number typed, and the form shows only that."""
    existing = PersonFactory(name="柳如烟", phone="13900007777")
    file_application(charlie, network.other_centre, applicant=existing, channel_code="centre_window")
    data = filing_data(receiving_organisation=network.workstation.pk, **{"applicant-id_number": existing.id_number})
    body = as_bob.post(reverse("intake:application_create"), data).content.decode()
    assert "该证件号码" in body and "已登记" in body
    assert "柳如烟" not in body and "13900007777" not in body
    assert f'name="applicant-existing" value="{existing.pk}"' not in body
    data.update({"applicant-use_existing": "on", "applicant-existing": ""})
    response = as_bob.post(reverse("intake:application_create"), data)
    assert response.status_code == 302
    assert Application.objects.get(receiving_organisation=network.workstation).applicant == existing
    assert Person.objects.count() == 1


def test_existing_person_in_scope_is_offered_by_name(as_bob, bob, network):
    existing = PersonFactory(name="刘小山", created_by=bob)
    data = filing_data(receiving_organisation=network.workstation.pk, **{"applicant-id_number": existing.id_number})
    body = as_bob.post(reverse("intake:application_create"), data).content.decode()
    assert "刘小山" in body and f'name="applicant-existing" value="{existing.pk}"' in body


def test_person_lookup_answers_found_and_masked_only(as_bob):
    person = PersonFactory(name="陈某")
    data = as_bob.get(reverse("intake:person_lookup"), {"id_number": person.id_number}).json()
    assert data["found"] and "*" in data["id_number"] and person.id_number not in str(data)
    assert "陈某" not in str(data) and "pk" not in data and str(person.pk) not in data.values()
    assert as_bob.get(reverse("intake:person_lookup"), {"id_number": "x"}).json() == {"found": False}


def test_person_lookup_is_rate_limited_per_user(as_bob, as_alice):
    from django.core.cache import cache

    from intake.views.persons import LOOKUP_LIMIT

    cache.clear()
    url = reverse("intake:person_lookup")
    for _n in range(LOOKUP_LIMIT[0]):
        assert as_bob.get(url, {"id_number": resident_id()}).status_code == 200
    assert as_bob.get(url, {"id_number": resident_id()}).status_code == 429
    assert as_alice.get(url, {"id_number": resident_id()}).status_code == 200
    cache.clear()


# ---------------------------------------------------------------- review, notice, supply


def test_review_notice_and_supply_through_views(as_bob, as_alice, bob, application):
    review_url = reverse("intake:application_review", args=[application.pk])
    response = as_bob.post(review_url, {"materials_complete": "0", "recommendation": "grant", "reasons": "x"})
    assert "缺少的材料" in response.content.decode()
    response = as_bob.post(
        review_url, {"materials_complete": "1", "recommendation": "grant", "reasons": "农民工欠薪，符合条件"}
    )
    assert response.status_code == 302
    notice_url = reverse("intake:application_notice", args=[application.pk])
    assert "一次性告知" in as_alice.get(notice_url).content.decode()
    response = as_alice.post(notice_url, {"items": "工资条\n欠薪证明", "due_date": "2026-03-01"})
    assert "补充期限应晚于今天" in response.content.decode() and "欠薪证明" in response.content.decode()
    response = as_alice.post(notice_url, {"items": "工资条\n欠薪证明", "due_date": "2026-03-17"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.AWAITING_MATERIALS
    pdf = as_alice.get(reverse("intake:notice_pdf", args=[application.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    assert "工资条" in text and "欠薪证明" in text and application.number in text
    assert "欠薪证明" in as_alice.get(reverse("intake:notice_print", args=[application.pk])).content.decode()
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        supply_url = reverse("intake:application_supply", args=[application.pk])
        response = login(bob).post(supply_url, {"note": "已补交工资条、欠薪证明"})
        assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW
    assert application.decision_due == date(2026, 3, 12)


@pytest.mark.parametrize("slug", ["application-form", "approval-form", "acceptance-notice"])
def test_printable_forms(as_bob, application, slug):
    services.preliminary_review_submit(
        application, actor=application.received_by, materials_complete=True, recommendation="grant", reasons="符合条件"
    )
    html = as_bob.get(reverse("intake:form_print", args=[application.pk, slug])).content.decode()
    assert application.number in html and "data-print" in html
    response = as_bob.get(reverse("intake:form_pdf", args=[application.pk, slug]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert application.number in text
    assert {"application-form": "申请表", "approval-form": "审批表", "acceptance-notice": "受理通知书"}[slug] in text


def test_unknown_form_slug_is_404(as_bob, application):
    assert as_bob.get(reverse("intake:form_pdf", args=[application.pk, "nope"])).status_code == 404


def test_conflict_warning_on_detail(as_alice, bob, network):
    employer = PersonFactory(name="赵老板")
    file_application(bob, network.workstation, opposing_parties=[{"name": "赵老板", "id_number": employer.id_number}])
    later = file_application(bob, network.workstation, applicant=employer)
    body = as_alice.get(reverse("intake:application_detail", args=[later.pk])).content.decode()
    assert "利益冲突提示" in body and "对方当事人" in body


# ---------------------------------------------------------------- consultations


def test_consultation_form_defaults_and_record(as_bob, bob, network):
    page = as_bob.get(reverse("intake:consultation_create")).content.decode()
    assert 'value="workstation" selected' in page
    response = as_bob.post(
        reverse("intake:consultation_create"),
        {
            "submission_token": "c1",
            "channel": "workstation",
            "consulted_at": "2026-03-02T09:50",
            "question": "欠薪怎么办",
            "answer": "可以申请法律援助",
            "outcome": "referred_to_application",
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("intake:application_create") + f"?consultation={consultation.pk}")
    assert consultation.taken_by == bob and consultation.organisation == network.workstation


def test_consultation_bad_input_keeps_values(as_bob):
    response = as_bob.post(
        reverse("intake:consultation_create"),
        {
            "channel": "workstation",
            "consulted_at": "2026-03-02T09:50",
            "question": "被打了怎么办",
            "outcome": "referred_to_agency",
            "visitor_phone": "999",
            "id_number": "12345",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "被打了怎么办" in body and "电话号码格式无效" in body and "身份证号码应为18位" in body
    assert not Consultation.objects.exists()


def test_ledger_filters_scope_and_export(as_alice, as_bob, as_charlie, alice, bob, network):
    services.consultation_record(actor=bob, channel=channel("workstation"), question="欠薪", answer="仲裁")
    services.consultation_record(
        actor=alice, channel=channel("hotline_12348"), question="离婚", outcome="call_back", visitor_phone="13900001111"
    )
    url = reverse("intake:consultation_list")
    assert "离婚" in as_alice.get(url).content.decode()
    body = as_alice.get(url, {"channel": "workstation"}).content.decode()
    assert "欠薪" in body and "离婚" not in body
    assert "离婚" not in as_bob.get(url).content.decode()
    assert "欠薪" not in as_charlie.get(url).content.decode()
    response = as_alice.get(url, {"export": "xlsx", "date_from": "2026-03-01"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "咨询时间" and len(rows) == 3
    assert "13900001111" not in str(rows) and "139****1111" in str(rows)
    call_backs = as_alice.get(reverse("intake:call_back_list")).content.decode()
    assert call_backs.count("离婚") == 1 and "13900001111" not in call_backs and "139****1111" in call_backs
    # The full number is on the consultation itself, to call back, and that showing is logged.
    consultation = Consultation.objects.get(visitor_phone="13900001111")
    detail = as_alice.get(reverse("intake:consultation_detail", args=[consultation.pk])).content.decode()
    assert "13900001111" in detail
    assert AccessRecord.objects.filter(kind="phone", object_id=consultation.pk, user=alice).exists()


def test_ledger_bad_date_range_message(as_alice):
    body = as_alice.get(reverse("intake:consultation_list"), {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert "截止日期不能早于起始日期" in body.content.decode()


def test_consultation_detail_scope(as_charlie, as_alice, bob):
    consultation = services.consultation_record(actor=bob, channel=channel("workstation"), question="q", answer="a")
    url = reverse("intake:consultation_detail", args=[consultation.pk])
    assert as_alice.get(url).status_code == 200
    assert as_charlie.get(url).status_code == 404


# ---------------------------------------------------------------- persons and home visits


def test_person_pages(as_bob, as_charlie, bob):
    response = as_bob.post(
        reverse("intake:person_create"),
        {
            "name": "李奶奶",
            "id_type": "resident_id",
            "id_number": resident_id(date(1945, 1, 1), female=True),
            "nationality": "中国",
            "ethnicity": "汉族",
            "residence_address": "寿春镇南街",
        },
    )
    person = Person.objects.get()
    assert response.status_code == 302
    detail = reverse("intake:person_detail", args=[person.pk])
    assert "预约上门服务" in as_bob.get(detail).content.decode()
    assert as_charlie.get(detail).status_code == 404
    response = as_bob.post(
        reverse("intake:home_visit_create", args=[person.pk]),
        {"scheduled_for": "2026-03-04T09:00", "staff": bob.pk, "address": "寿春镇南街", "purpose": "上门受理"},
    )
    assert response.status_code == 302
    visit = person.home_visits.get()
    response = as_bob.post(
        reverse("intake:home_visit_detail", args=[visit.pk]), {"action": "done", "outcome": "已受理"}
    )
    visit.refresh_from_db()
    assert visit.status == "done"


def test_duplicate_person_form_offers_existing(as_bob):
    existing = PersonFactory(name="王五")
    body = as_bob.post(
        reverse("intake:person_create"),
        {"name": "王五五", "id_type": "resident_id", "id_number": existing.id_number, "nationality": "中国"},
    ).content.decode()
    assert "该证件号码已登记" in body and reverse("intake:person_detail", args=[existing.pk]) in body
    assert Person.objects.count() == 1


# ---------------------------------------------------------------- home page panels


def test_home_panels(as_alice, as_bob, application, alice, network):
    file_application(alice, network.centre, channel_code="centre_window")
    body = as_alice.get(reverse("home")).content.decode()
    assert 'data-testid="home-waiting">1<' in body
    body = as_bob.get(reverse("home")).content.decode()
    assert application.number in body and "工作站初审中" in body


def test_the_home_queue_panel_reads_the_applicant_it_shows_and_nothing_else(as_alice, alice, network):
    first = file_application(alice, network.centre, channel_code="centre_window")
    with CaptureQueriesContext(connection) as queries:
        body = as_alice.get(reverse("home")).content.decode()
    assert first.number in body and first.applicant.name in body
    # The queue page's rows show the channel; the panel's do not, so no panel reads it.
    assert not [q["sql"] for q in queries.captured_queries if 'FROM "intake_channel"' in q["sql"]]


def test_detail_marks_late_forwarding_and_approaching_deadline(as_alice, alice, network):
    application = file_application(
        alice,
        network.centre,
        channel_code="detention_forward",
        case_type="criminal",
        criminal_stage="investigation",
        service_requested="criminal_defence",
        applied_at=NOW - timedelta(hours=30),
        deadline_date=date(2026, 3, 20),
    )
    assert not application.is_urgent
    url = reverse("intake:application_detail", args=[application.pk])
    body = as_alice.get(url).content.decode()
    assert "转交超过24小时" in body and 'data-testid="urgent"' not in body
    with time_machine.travel(datetime(2026, 3, 15, 10, 0, tzinfo=TZ), tick=False):
        body = login(alice).get(url).content.decode()
    assert 'data-testid="urgent"' in body


def test_supervisor_cannot_issue_a_notice(network, application):
    supervisor = login(make_member(network.centre, Role.SUPERVISOR))
    assert supervisor.get(reverse("intake:application_notice", args=[application.pk])).status_code == 403


def test_full_id_scans_exports_and_forms_are_logged(as_alice, alice, bob, application):
    from legalaid.models import AccessRecord

    attachment = application.attachments.get()
    as_alice.get(reverse("intake:attachment_file", args=[application.pk, attachment.pk]))
    as_alice.get(reverse("intake:person_edit", args=[application.applicant.pk]))
    as_alice.get(reverse("intake:form_print", args=[application.pk, "application-form"]))
    as_alice.get(reverse("intake:consultation_list") + "?export=xlsx")
    kinds = sorted(AccessRecord.objects.filter(user=alice).values_list("kind", flat=True))
    assert kinds == sorted(
        [AccessRecord.Kind.SCAN, AccessRecord.Kind.FULL_ID_NUMBER, AccessRecord.Kind.DOCUMENT, AccessRecord.Kind.EXPORT]
    )


def test_a_printable_form_keeps_its_styles_under_the_csp(as_alice, alice, network):
    application = file_application(alice, network.workstation)
    response = as_alice.get(reverse("intake:form_print", args=[application.pk, "application-form"]))
    policy = response["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
