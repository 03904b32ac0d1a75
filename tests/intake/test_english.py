"""With English chosen, intake's pages (staff and public) show no Chinese interface text.

Han characters that remain must come from user data (names, facts, organisation and channel names,
matter categories); the test takes those out of the page and requires nothing Chinese is left.
The official documents (print views and PDFs) stay Chinese.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from intake import services
from intake.models import Channel, Consultation, MaterialRequirement, NoticeText
from legalaid.models import MatterCategory, Organisation
from tests.conftest import login
from tests.intake.factories import PersonFactory, channel, file_application, resident_id

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
HAN = re.compile(r"[\u3400-\u9fff]+")


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        yield
    translation.activate(settings.LANGUAGE_CODE)


def user_data() -> list[str]:
    """Every stored text a page may echo: it is data, not interface."""
    texts = []
    for model, fields in [
        (Organisation, ["name"]),
        (Channel, ["name", "description"]),
        (MatterCategory, ["name"]),
        (MaterialRequirement, ["name", "description"]),
        (NoticeText, ["title", "body"]),
        (Consultation, ["question", "answer", "visitor_name", "referred_agency"]),
    ]:
        for row in model.objects.values_list(*fields):
            texts += [t for t in row if t]
    from intake.models import Application, ApplicationTransition, OpposingParty, Person

    for row in Person.objects.values_list("name", "ethnicity", "nationality", "household_address", "residence_address"):
        texts += [t for t in row if t]
    for row in Application.objects.values_list("facts", "urgent_reason"):
        texts += [t for t in row if t]
    texts += list(OpposingParty.objects.values_list("name", flat=True))
    from legalaid.models import User

    for user in User.objects.all():
        texts += [user.get_full_name(), user.last_name, user.first_name]
    texts += list(ApplicationTransition.objects.values_list("reason", flat=True))
    from intake.models import MaterialsNotice, PreliminaryReview

    for items in MaterialsNotice.objects.values_list("items", flat=True):
        texts += items
    texts += list(MaterialsNotice.objects.values_list("note", flat=True))
    texts += list(PreliminaryReview.objects.values_list("reasons", "missing_items").values_list("reasons", flat=True))
    # Waiver categories are eligibility's rule rows (edited in admin), offered on the filing form.
    texts += list(apps.get_model("eligibility", "WaiverCategory").objects.values_list("name", flat=True))
    return sorted({t for t in texts if t}, key=len, reverse=True)


def chinese_left(html: str) -> list[str]:
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<script.*?</script>", "", body, flags=re.S)
    for text in user_data():
        body = body.replace(escape(text), "").replace(text, "")
    body = body.replace("简体中文", "")  # the language switcher names Chinese in Chinese, as it should
    return HAN.findall(body)


@pytest.fixture
def english(alice, bob, network):
    application = file_application(bob, network.workstation)
    services.preliminary_review_submit(
        application, actor=bob, materials_complete=True, recommendation="grant", reasons="符合条件"
    )
    services.notice_issue(application, actor=alice, items=["欠薪证明"], due_date=date(2026, 3, 10))
    services.consultation_record(
        actor=bob, channel=channel("workstation"), question="工资拖欠怎么办", answer="可以申请劳动仲裁"
    )
    elderly = PersonFactory(birth_date=date(1940, 1, 1), id_number=resident_id(date(1940, 1, 1)), created_by=bob)
    return {"application": application, "elderly": elderly}


def staff_pages(data) -> list[str]:
    application, elderly = data["application"], data["application"].applicant
    return [
        reverse("intake:queue"),
        reverse("intake:application_list"),
        reverse("intake:application_create"),
        reverse("intake:application_detail", args=[application.pk]),
        reverse("intake:application_edit", args=[application.pk]),
        reverse("intake:application_mark_urgent", args=[application.pk]),
        reverse("intake:application_withdraw", args=[application.pk]),
        reverse("intake:application_supply", args=[application.pk]),
        reverse("intake:opposing_party_add", args=[application.pk]),
        reverse("intake:person_list"),
        reverse("intake:person_create"),
        reverse("intake:person_detail", args=[elderly.pk]),
        reverse("intake:person_edit", args=[elderly.pk]),
        reverse("intake:home_visit_create", args=[data["elderly"].pk]),
        reverse("intake:consultation_list"),
        reverse("intake:consultation_create"),
        reverse("intake:call_back_list"),
        reverse("intake:home_visit_list"),
    ]


def test_staff_pages_in_english(alice, english):
    client = login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    left = {}
    for url in staff_pages(english):
        response = client.get(url)
        assert response.status_code == 200, url
        if found := chinese_left(response.content.decode()):
            left[url] = found
    assert not left


def test_public_pages_in_english(client, network):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in [reverse("intake:public_apply"), reverse("intake:public_status")]:
        response = client.get(url)
        assert response.status_code == 200
        assert not chinese_left(response.content.decode()), (url, chinese_left(response.content.decode()))
