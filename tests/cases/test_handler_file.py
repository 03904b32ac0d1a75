"""The handler sees their own case's application read-only on the case page: facts, opposing parties, scans
(served by cases after the case's scope check, each download in the access log); no link they may not follow."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from intake.models import Attachment, OpposingParty
from legalaid.models import AccessRecord
from tests.cases.factories import granted_application
from tests.conftest import login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scan(settings, tmp_path, labour_case):
    settings.MEDIA_ROOT = tmp_path
    application = labour_case.application
    OpposingParty.objects.create(
        application=application, kind=OpposingParty.Kind.ORGANISATION, name="寿县宏达建筑有限公司", role="被申请人"
    )
    attachment = Attachment(
        application=application,
        title="劳动合同",
        original_name="contract.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    attachment.file.save("contract.pdf", ContentFile(PDF), save=True)
    return attachment


def test_handler_sees_facts_parties_and_scans_and_no_intake_link(labour_case, roster, scan):
    lawyer = login(roster.senior_lawyer)
    html = lawyer.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    assert labour_case.application.facts in html and "寿县宏达建筑有限公司" in html and "劳动合同" in html
    download = reverse("cases:application_attachment", args=[labour_case.pk, scan.pk])
    assert download in html
    assert reverse("intake:application_detail", args=[labour_case.application_id]) not in html
    response = lawyer.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    record = AccessRecord.objects.get(user=roster.senior_lawyer)
    assert record.kind == AccessRecord.Kind.SCAN and record.object_id == scan.pk
    assert record.subject == "张*国" and "张建国" not in record.subject


def test_centre_staff_also_get_the_intake_link(labour_case, as_alice, scan):
    html = as_alice.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    assert reverse("intake:application_detail", args=[labour_case.application_id]) in html
    assert as_alice.get(reverse("cases:application_attachment", args=[labour_case.pk, scan.pk])).status_code == 200


def test_scans_outside_the_handlers_case_are_not_found(network, labour_case, roster, scan, as_charlie):
    other_lawyer = login(roster.junior_lawyer)
    url = reverse("cases:application_attachment", args=[labour_case.pk, scan.pk])
    assert other_lawyer.get(url).status_code == 404
    assert as_charlie.get(url).status_code == 404
    lawyer = login(roster.senior_lawyer)
    stranger = granted_application(network)
    foreign = Attachment.objects.create(
        application=stranger,
        title="身份证",
        original_name="id.pdf",
        content_type="application/pdf",
        size=1,
        file="x.pdf",
    )
    assert lawyer.get(reverse("cases:application_attachment", args=[labour_case.pk, foreign.pk])).status_code == 404
    assert not AccessRecord.objects.exists()


def test_handler_sees_the_conflict_check(network, labour_case, roster, scan):
    lawyer = login(roster.senior_lawyer)
    html = lawyer.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    assert "未发现利益冲突" in html
    applicant = labour_case.application.applicant
    elsewhere = granted_application(network, name="王五")
    OpposingParty.objects.create(application=elsewhere, name=applicant.name, id_number=applicant.id_number)
    html = lawyer.get(reverse("cases:case_detail", args=[labour_case.pk])).content.decode()
    conflicts = html[html.index('data-testid="case-conflicts"') :][:800]
    assert elsewhere.number in conflicts and "证件号码一致" in conflicts
    assert reverse("intake:application_detail", args=[elsewhere.pk]) not in html
