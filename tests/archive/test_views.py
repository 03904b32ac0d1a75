"""The 卷宗 page, archiving from it, the archived file's download and the archive list, for the three personas."""

import pytest
from django.urls import reverse

from cases.models import CaseArchive
from legalaid.models import AccessRecord
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_centre_staff_archives_from_the_case_file_page_and_downloads_it(
    closed_case, alice, django_capture_on_commit_callbacks
):
    client = login(alice)
    page = client.get(reverse("cases:archive:case_file", args=[closed_case.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "委托代理协议" in body and "仲裁裁决书" in body
    assert reverse("cases:archive:archive_case", args=[closed_case.pk]) in body  # the button: nothing refuses

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:archive:archive_case", args=[closed_case.pk]))
    assert response.status_code == 302
    archive = CaseArchive.objects.get(case=closed_case)
    assert archive.status == CaseArchive.Status.READY

    page = client.get(reverse("cases:archive:case_file", args=[closed_case.pk])).content.decode()
    assert archive.number in page and reverse("cases:archive:case_file_pdf", args=[closed_case.pk]) in page
    download = client.get(reverse("cases:archive:case_file_pdf", args=[closed_case.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    logged = AccessRecord.objects.get(user=alice, kind=AccessRecord.Kind.DOCUMENT)
    assert logged.subject == "张*国" and archive.number in logged.detail

    listing = client.get(reverse("cases:archive:list")).content.decode()
    assert archive.number in listing and "2036-12-31" in listing


def test_the_button_is_hidden_with_the_reason_when_the_service_would_refuse(labour_case, alice):
    body = login(alice).get(reverse("cases:archive:case_file", args=[labour_case.pk])).content.decode()
    assert reverse("cases:archive:archive_case", args=[labour_case.pk]) not in body
    assert "不能归档" in body


def test_outsider_gets_404_everywhere(closed_case, alice, charlie, django_capture_on_commit_callbacks):
    from cases.archive import services

    with django_capture_on_commit_callbacks(execute=True):
        archive = services.archive_case(closed_case, actor=alice)
    client = login(charlie)
    for name in ("case_file", "case_file_pdf"):
        assert client.get(reverse(f"cases:archive:{name}", args=[closed_case.pk])).status_code == 404
    assert client.post(reverse("cases:archive:archive_case", args=[closed_case.pk])).status_code == 404
    assert archive.number not in client.get(reverse("cases:archive:list")).content.decode()
    assert not AccessRecord.objects.filter(user=charlie).exists()


def test_lower_role_may_look_but_not_archive(closed_case, bob):
    client = login(bob)
    assert client.get(reverse("cases:archive:case_file", args=[closed_case.pk])).status_code == 200
    assert client.post(reverse("cases:archive:archive_case", args=[closed_case.pk])).status_code == 403
    assert client.get(reverse("cases:archive:list")).status_code == 403
    assert not CaseArchive.objects.exists()
