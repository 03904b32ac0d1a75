"""The public status page through the case's closing: case number, handler and office phone, stage, closing
date; letters with the name starred; wrong guesses slow the guesser's address, never the applicant."""

from datetime import date

import pytest
from django.urls import reverse

from cases import selectors as case_selectors
from cases import services as case_services
from intake.models import ApplicantLetter
from tests.cases.factories import granted_application

pytestmark = pytest.mark.django_db
URL = reverse("intake:public_status")


def look_up(client, application, last4=None, **extra):
    last4 = last4 or application.applicant.id_number[-4:]
    return client.post(URL, {"number": application.number, "last4": last4}, **extra)


def test_the_applicant_follows_the_case_to_its_closing(client, frozen_now, network, alice, roster):
    application = granted_application(network, contact_phone="13912345678")
    page = look_up(client, application).content.decode()
    assert "准予法律援助" in page and "案件办理情况" not in page
    case = case_services.case_open_from_application(application, actor=alice)
    page = look_up(client, application).content.decode()
    assert case.number in page and "中心正在指派承办人" in page
    lawyer = roster.senior_lawyer
    case_services.case_assign(case, actor=alice, handler=lawyer, reason="擅长劳动争议")
    page = look_up(client, application).content.decode()
    case.refresh_from_db()
    assert lawyer.get_full_name() in page and case.handler_organisation.name in page
    phone = lawyer.profile.phone or case.handler_organisation.phone
    assert phone and f'href="tel:{phone}"' in page
    assert 'aria-current="step">指派承办人' in page
    case_services.closing_submit(
        case,
        actor=lawyer,
        outcome="arbitration_award",
        case_end_date=date(2026, 3, 10),
        recovered_amount="23000.00",
        checked_item_ids=[item.pk for item in case_selectors.checklist_items(case)],
        handling_report="经仲裁，裁决用人单位支付拖欠工资二万三千元。",
    )
    assert 'aria-current="step">办理中' in look_up(client, application).content.decode()
    case_services.closing_review(case, actor=alice, accept=True)
    page = look_up(client, application).content.decode()
    assert 'aria-current="step">结案' in page and "2026年3月10日" in page
    assert application.applicant.name not in page


def test_letter_bodies_star_the_name_and_id(client, frozen_now, network):
    application = granted_application(network)
    applicant = application.applicant
    ApplicantLetter.objects.create(
        application=application,
        kind="online_receipt",
        body=f"{applicant.name}（身份证号{applicant.id_number}）：您好。",
    )
    page = look_up(client, application).content.decode()
    assert "您好" in page and applicant.name not in page and applicant.id_number not in page
    assert "***" in page and applicant.id_number[-4:] in page


def test_wrong_guesses_back_off_per_address_and_number(client, frozen_now, network):
    application = granted_application(network)
    guesser = {"REMOTE_ADDR": "10.9.9.9"}
    for n in range(5):
        assert look_up(client, application, f"{n:04d}", **guesser).status_code == 200
    assert look_up(client, application, **guesser).status_code == 429  # locked for a minute
    assert look_up(client, application, REMOTE_ADDR="10.1.1.1").status_code == 200  # the real applicant
    frozen_now.shift(61)
    assert look_up(client, application, "9999", **guesser).status_code == 200  # one more wrong guess…
    frozen_now.shift(61)
    assert look_up(client, application, **guesser).status_code == 429  # …locks for two minutes
    frozen_now.shift(60)
    assert b"public-status" in look_up(client, application, **guesser).content


def test_status_page_fits_a_phone(client, db):
    page = client.get(URL).content.decode()
    assert 'name="viewport"' in page and reverse("intake:public_consult") in page
