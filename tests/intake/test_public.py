"""The public online application and status check: no login, rate-limited, reveals nothing else."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from intake import services
from intake.models import Application, Person
from tests.intake.factories import PersonFactory, file_application, jpeg_bytes, resident_id

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 20, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen_and_clean_cache(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def apply_data(network, **overrides):
    data = {
        "submission_token": "pub-1",
        "centre": network.centre.pk,
        "name": "周小红",
        "id_number": resident_id(date(1992, 8, 8), female=True),
        "phone": "13855556789",
        "address": "寿县寿春镇北街12号",
        "case_type": "labour_arbitration",
        "facts": "在饭店打工半年，老板不发工资。",
        "opposing_party": "某饭店",
        "pledge": "on",
    }
    data.update(overrides)
    return data


def test_public_apply_gives_a_receipt_without_login(client, network):
    data = apply_data(network)
    data["files"] = [SimpleUploadedFile("id.jpg", jpeg_bytes())]
    response = client.post(reverse("intake:public_apply"), data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.channel_id == "online"
    assert application.received_by is None
    assert application.centre == network.centre and application.status == Application.Status.RECEIVED
    assert application.applicant.sex == Person.Sex.FEMALE
    assert application.attachments.get().source == "online"
    assert application.opposing_parties.get().name == "某饭店"
    receipt = client.get(response["Location"]).content.decode()
    assert application.number in receipt
    first = application.transitions.get()
    assert first.actor is None and first.actor_kind == "public"


def test_public_form_works_on_a_phone(client, db):
    body = client.get(reverse("intake:public_apply")).content.decode()
    assert 'name="viewport"' in body and 'inputmode="tel"' in body and 'type="file"' in body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "123"}, "身份证号码应为18位"),
        ({"phone": "0554123"}, "请输入11位手机号码"),
        ({"deadline_date": "2026-03-01"}, "这个日期已经过去了"),
        ({"pledge": ""}, "这个字段是必填项"),
    ],
)
def test_public_bad_input_keeps_what_was_typed(client, network, overrides, message):
    data = apply_data(network, **overrides)
    response = client.post(reverse("intake:public_apply"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "在饭店打工半年，老板不发工资。" in body and "寿县寿春镇北街12号" in body
    assert not Application.objects.exists()


def test_public_upload_must_be_pdf_or_image(client, network):
    data = apply_data(network)
    data["files"] = [SimpleUploadedFile("note.txt", b"hello")]
    body = client.post(reverse("intake:public_apply"), data).content.decode()
    assert "只能上传 PDF、JPG 或 PNG" in body
    assert not Application.objects.exists()


def test_public_double_submit_files_once(client, network):
    client.post(reverse("intake:public_apply"), apply_data(network))
    response = client.post(reverse("intake:public_apply"), apply_data(network))
    assert "请勿重复提交" in response.content.decode()
    assert Application.objects.count() == 1


def test_public_form_never_tells_whether_an_id_is_registered_or_a_name_matches(client, network):
    """A registered number under another name answers exactly as a new one; the centre is told instead."""
    existing = PersonFactory(name="张三")
    response = client.post(reverse("intake:public_apply"), apply_data(network, id_number=existing.id_number))
    assert response.status_code == 302 and response["Location"] == reverse("intake:public_receipt")
    receipt = client.get(response["Location"]).content.decode()
    assert "张三" not in receipt and "张" not in receipt.split("receipt-number")[1][:200]
    application = Application.objects.get()
    assert application.applicant == existing
    assert "周小红" in application.transitions.get().reason
    fresh = client.post(
        reverse("intake:public_apply"), apply_data(network, submission_token="pub-2", id_number=resident_id())
    )
    assert fresh.status_code == 302 and fresh["Location"] == response["Location"]


def test_public_apply_reuses_the_registered_person(client, network):
    existing = PersonFactory(name="周小红")
    client.post(reverse("intake:public_apply"), apply_data(network, id_number=existing.id_number))
    assert Application.objects.get().applicant == existing


def test_public_apply_is_rate_limited(client, network):
    for n in range(5):
        client.post(reverse("intake:public_apply"), apply_data(network, submission_token=f"t{n}", name=""))
    response = client.post(reverse("intake:public_apply"), apply_data(network, submission_token="t9"))
    assert response.status_code == 429
    assert "操作过于频繁" in response.content.decode()
    assert not Application.objects.exists()


def test_bot_filling_the_hidden_field_is_refused(client, network):
    client.post(reverse("intake:public_apply"), apply_data(network, website="http://spam"))
    assert not Application.objects.exists()


# ---------------------------------------------------------------- status check


@pytest.fixture
def filed(bob, network):
    applicant = PersonFactory(phone="13912345678")
    return file_application(bob, network.workstation, applicant=applicant)


def test_status_by_number_and_last_four_of_id_or_phone(client, filed):
    url = reverse("intake:public_status")
    for last4 in (filed.applicant.id_number[-4:], "5678"):
        body = client.post(url, {"number": filed.number, "last4": last4}).content.decode()
        assert "工作站初审中" in body, last4
        assert filed.applicant.id_number not in body and filed.applicant.name not in body


def test_status_reveals_nothing_on_wrong_digits(client, filed):
    body = client.post(reverse("intake:public_status"), {"number": filed.number, "last4": "0000"}).content.decode()
    assert "没有找到对应的申请" in body
    assert "工作站初审中" not in body
    body = client.post(reverse("intake:public_status"), {"number": "20260302999999", "last4": "5678"}).content.decode()
    assert "没有找到对应的申请" in body


def test_status_shows_the_notice_items(client, filed, alice, bob):
    services.notice_issue(filed, actor=bob, items=["户口簿复印件"], due_date=date(2026, 3, 12))
    body = client.post(reverse("intake:public_status"), {"number": filed.number, "last4": "5678"}).content.decode()
    assert "户口簿复印件" in body and "待补充材料" in body


def test_guessing_one_receipt_number_slows_the_guesser_not_the_applicant(client, filed):
    """Wrong digits are counted per address and receipt number (see tests/public for the back-off)."""
    url = reverse("intake:public_status")
    for n in range(6):
        client.post(url, {"number": filed.number, "last4": f"{n:04d}"}, REMOTE_ADDR="10.0.0.66")
    assert client.post(url, {"number": filed.number, "last4": "5678"}, REMOTE_ADDR="10.0.0.66").status_code == 429
    response = client.post(url, {"number": filed.number, "last4": "5678"}, REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 200 and "工作站初审中" in response.content.decode()


def test_status_lookups_per_address_are_limited(client, filed):
    url = reverse("intake:public_status")
    for n in range(10):
        client.post(url, {"number": f"2026030200000{n}", "last4": "1111"})
    assert client.post(url, {"number": filed.number, "last4": "5678"}).status_code == 429


def test_status_page_names_no_one(client, network, alice):
    """Neither the (masked) name nor a letter's body, which names the applicant, is shown."""
    from datetime import timedelta

    from legalaid.kernel import SYSTEM

    application = file_application(alice, network.centre, channel_code="centre_window")
    services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    with time_machine.travel(NOW + timedelta(days=9), tick=False):
        services.application_deem_withdrawn(Application.objects.get(pk=application.pk), actor=SYSTEM)
        page = client.post(
            reverse("intake:public_status"),
            {"number": application.number, "last4": application.applicant.id_number[-4:]},
        ).content.decode()
    assert application.number in page and "视为撤回告知书" in page
    assert application.applicant.name not in page and application.applicant.name[0] + "**" not in page


def test_the_online_application_refuses_more_files_than_the_public_cap(settings):
    from intake.forms.common import MultipleScanField

    settings.UPLOAD_PUBLIC_MAX_FILES = 2
    field = MultipleScanField(public=True)
    files = [SimpleUploadedFile(f"材料{i}.pdf", b"%PDF-1.4\n", content_type="application/pdf") for i in range(3)]
    with pytest.raises(ValidationError) as refused:
        field.clean(files)
    assert "一次最多上传 2 个文件" in " ".join(refused.value.messages)
