"""The public online consultation (12348-style): no login, lands in the centre's call-back list with its
clock, consent recorded, Chinese errors with the values kept, rate-limited per address, phone-friendly."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intake.models import Consultation
from legalaid.models import ContactPreference

pytestmark = pytest.mark.django_db
URL = reverse("intake:public_consult")


def data(network, **overrides):
    values = {
        "submission_token": "consult-1",
        "centre": network.centre.pk,
        "name": "刘女士",
        "phone": "13855550000",
        "question": "公司拖欠三个月工资，能不能申请法律援助？",
        "call_time": "morning",
        "consent": "on",
    }
    return values | overrides


def test_a_question_lands_in_the_call_back_list_with_its_clock(client, network, as_alice, as_charlie, frozen_now):
    page = client.get(URL)
    assert page.status_code == 200 and 'inputmode="tel"' in page.content.decode()
    response = client.post(URL, data(network))
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.organisation == network.centre and consultation.channel_id == "online"
    assert consultation.taken_by is None and consultation.outcome == Consultation.Outcome.CALL_BACK
    assert consultation.call_back_due == timezone.now() + timedelta(hours=24)
    assert "工作日上午" in consultation.question
    assert ContactPreference.objects.get(address="13855550000").consented_at is not None
    receipt = client.get(response["Location"]).content.decode()
    assert "2026年3月11日 09:30" in receipt and network.centre.name in receipt
    assert consultation.question[:10] in as_alice.get(reverse("intake:call_back_list")).content.decode()
    assert consultation.question[:10] not in as_charlie.get(reverse("intake:call_back_list")).content.decode()
    assert as_alice.get(reverse("intake:consultation_detail", args=[consultation.pk])).status_code == 200


def test_the_same_form_posted_twice_is_kept_once(client, network):
    client.post(URL, data(network))
    response = client.post(URL, data(network))
    assert Consultation.objects.count() == 1
    assert "已经提交过" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "1385555"}, "手机号码"),
        ({"question": ""}, "必填"),
        ({"consent": ""}, "必填"),
    ],
)
def test_errors_are_in_chinese_and_keep_what_was_typed(client, network, overrides, message):
    body = client.post(URL, data(network, **overrides)).content.decode()
    assert message in body and "刘女士" in body
    assert not Consultation.objects.exists()


def test_consultations_are_rate_limited_per_address(client, network):
    for n in range(5):
        client.post(URL, data(network, submission_token=f"t-{n}"))
    assert client.post(URL, data(network, submission_token="t-6")).status_code == 429
    assert client.post(URL, data(network, submission_token="t-7"), REMOTE_ADDR="10.2.2.2").status_code == 302
    assert Consultation.objects.count() == 6


def test_the_ledger_and_its_export_take_a_question_no_one_has_taken_yet(client, network, as_alice):
    client.post(URL, data(network))
    ledger = reverse("intake:consultation_list")
    assert "刘女士" in as_alice.get(ledger).content.decode()
    export = as_alice.get(ledger, {"export": "xlsx"})
    assert export.status_code == 200 and b"".join(export.streaming_content if export.streaming else [export.content])
