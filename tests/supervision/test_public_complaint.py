"""The public complaint form (12348-style): no login, phone-friendly, rate-limited, never a 500."""

from datetime import date

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cases.models import CaseEvent
from legalaid.kernel import PUBLIC, history_rows
from supervision import services
from supervision.models import Complaint
from supervision.views.public import RATE_LIMIT_COMPLAINTS

pytestmark = pytest.mark.django_db
URL = reverse("supervision:complaint_public")


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def filed(**overrides):
    values = {
        "complainant_name": "李四",
        "complainant_phone": "１３８ ０００ ０００００",
        "complainant_kind": "aided_person",
        "target": "centre",
        "case_number": "",
        "centre": "",
        "summary": "打电话没人接，三次来中心都说经办人不在。",
    }
    values.update(overrides)
    return values


def test_a_complaint_about_the_centre_lands_in_the_list_with_its_clock(frozen_now, network, as_alice, as_charlie):
    assert Client().get(URL).status_code == 200
    response = Client().post(URL, filed(centre=network.centre.pk))
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.receipt_number == f"TS20260310{complaint.pk:06d}"
    assert complaint.receipt_number in response.content.decode()
    assert (complaint.centre, complaint.channel, complaint.status) == (network.centre, "online", "received")
    assert complaint.complainant_phone == "138-000-00000" and complaint.registered_by is None
    # Five working days from Tuesday 10 March 2026.
    assert complaint.received_on == date(2026, 3, 10) and complaint.accept_due == date(2026, 3, 17)
    assert "2026-03-17" in response.content.decode()
    row = list(history_rows(complaint))[0]
    assert (row.from_status, row.to_status, row.actor_display) == ("", "received", str(PUBLIC))
    # The centre's staff see it in their list with its clock; another centre's do not.
    listing = as_alice.get(reverse("supervision:complaints")).content.decode()
    assert "李四" in listing
    assert "李四" not in as_charlie.get(reverse("supervision:complaints")).content.decode()
    detail = reverse("supervision:complaint", args=[complaint.pk])
    assert complaint.receipt_number in as_alice.get(detail).content.decode()
    assert as_charlie.get(detail).status_code == 404


def test_a_complaint_about_the_handler_found_by_a_case_number_typed_any_way(case, as_alice):
    typed = case.number.replace("〔", "（").replace("〕", "）").translate(str.maketrans("0123", "０１２３"))
    response = Client().post(URL, filed(target="handler", case_number=typed))
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.case == case and complaint.centre_id == case.centre_id and complaint.handler == case.handler
    event = CaseEvent.objects.get(case=case, kind="complaint")
    assert "李四" in event.text and event.actor_kind == "public"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"complainant_name": "", "centre": "CENTRE"}, "这个字段是必填项"),
        ({"complainant_phone": "打我电话", "centre": "CENTRE"}, "请填写正确的电话号码"),
        ({}, "请选择法律援助中心，或填写案号"),
        ({"case_number": "〔2026〕不存在的案号"}, "没有找到这个案号"),
        ({"target": "handler", "centre": "CENTRE"}, "请填写案号"),
        ({"centre": "abc", "target": "nobody", "complainant_kind": "x"}, "选择一个有效的选项"),
    ],
)
def test_invalid_input_is_shown_again_with_a_chinese_error(frozen_now, network, overrides, error):
    values = filed(**overrides)
    if values["centre"] == "CENTRE":
        values["centre"] = network.centre.pk
    response = Client().post(URL, values)
    assert response.status_code == 200
    text = response.content.decode()
    assert error in text
    assert "打电话没人接" in text  # what was typed is kept
    assert not Complaint.objects.exists()


def test_the_form_is_rate_limited_per_address(frozen_now, network):
    client = Client()
    for _attempt in range(RATE_LIMIT_COMPLAINTS):
        assert client.post(URL, filed(complainant_name="")).status_code == 200
    assert client.post(URL, filed(centre=network.centre.pk)).status_code == 429
    assert not Complaint.objects.exists()


def test_the_rating_page_links_to_the_form_with_its_centre(case):
    card = services.card_issue(case.pk)
    page = Client().get(reverse("supervision:card_rate", args=[card.return_code])).content.decode()
    assert f"{URL}?centre={case.centre_id}" in page
    form = Client().get(URL, {"centre": case.centre_id}).content.decode()
    assert f'<option value="{case.centre_id}" selected>' in form
