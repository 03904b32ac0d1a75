"""The preliminary-review forms print for applicants in every person group, rare names included.

Applicants in a group once broke every form (lazy group labels joined as strings): the factories
made applicants in no group, so nothing saw it. Each form is printed as HTML and as PDF, the PDF
read back, for one applicant per group, and under English the documents stay Chinese.
"""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from intake import services
from intake.models import Person
from legalaid.vocabulary import PersonGroup
from tests.intake.factories import PersonFactory, file_application, resident_id

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=TZ)
FORMS = {"application-form": "申请表", "approval-form": "审批表", "acceptance-notice": "受理通知书"}
RARE_NAMES = ["王喆", "李堃", "龑龑", "㛃娜"]

# One applicant per group, built so that the person is in that group (and, for the woman, only there).
GROUP_APPLICANTS = {
    PersonGroup.ELDERLY: {"birth_date": date(1950, 1, 9)},
    PersonGroup.MINOR: {"birth_date": date(2012, 6, 1)},
    PersonGroup.WOMAN: {"sex": "F"},
    PersonGroup.DISABLED: {"is_disabled": True, "disability_grade": 2},
    PersonGroup.MIGRANT_WORKER: {"is_migrant_worker": True},
    PersonGroup.SERVICE_MEMBER: {"is_service_member": True},
    PersonGroup.ETHNIC_MINORITY: {"ethnicity": "壮族"},
    PersonGroup.FOREIGNER: {"id_type": Person.IdType.PASSPORT, "id_number": "E12345678", "nationality": "越南"},
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_every_group_is_covered():
    assert set(GROUP_APPLICANTS) == set(PersonGroup.values)


def _applicant(group: str, name: str) -> Person:
    fields = dict(GROUP_APPLICANTS[group])
    birth = fields.setdefault("birth_date", date(1980, 5, 17))
    if fields.get("id_type") != Person.IdType.PASSPORT:
        fields["id_number"] = resident_id(birth, female=fields.get("sex") == "F")
    return PersonFactory(name=name, **fields)


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("group", list(GROUP_APPLICANTS))
def test_forms_print_for_every_group(as_bob, bob, network, group):
    name = RARE_NAMES[list(GROUP_APPLICANTS).index(group) % len(RARE_NAMES)]
    applicant = _applicant(group, name)
    assert group in applicant.groups()
    application = file_application(bob, network.workstation, applicant=applicant)
    services.preliminary_review_submit(
        application, actor=bob, materials_complete=True, recommendation="grant", reasons="符合条件"
    )
    label = dict(PersonGroup.choices)[group]
    for slug, title in FORMS.items():
        html = as_bob.get(reverse("intake:form_print", args=[application.pk, slug]))
        assert html.status_code == 200, slug
        page = html.content.decode()
        assert application.number in page and name in page and title in page
        if slug == "application-form":
            assert str(label) in page
        response = as_bob.get(reverse("intake:form_pdf", args=[application.pk, slug]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert application.number in text and title in text
        assert name in text.replace(" ", "")


def test_forms_stay_chinese_for_an_english_reader(as_bob, bob, network):
    applicant = _applicant(PersonGroup.ELDERLY, "张喆堃")
    applicant.is_migrant_worker = True
    applicant.save()
    application = file_application(bob, network.workstation, applicant=applicant)
    as_bob.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = as_bob.get(reverse("intake:form_print", args=[application.pk, "application-form"])).content.decode()
    assert "老年人" in page and "农民工" in page and "Elderly" not in page
    text = pdf_text(as_bob.get(reverse("intake:form_pdf", args=[application.pk, "application-form"])).content)
    assert "申请表" in text and "张喆堃" in text.replace(" ", "")
