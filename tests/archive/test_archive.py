"""Archiving a closed case: the number, the frozen catalogue, the whole-file PDF read back, the refusals."""

import re
from io import BytesIO

import pytest
from pypdf import PdfReader

from cases.archive import services
from cases.models import ArchiveEntry, Case, CaseArchive
from legalaid.errors import DomainError

from .conftest import SCAN_TEXT

pytestmark = pytest.mark.django_db


def pdf_pages(archive) -> list[str]:
    archive.refresh_from_db()
    with archive.pdf.open("rb") as stored:
        return [page.extract_text() for page in PdfReader(BytesIO(stored.read())).pages]


def test_archive_numbers_freezes_catalogue_and_renders_the_file(closed_case, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        archive = services.archive_case(closed_case, actor=alice)
    closed_case.refresh_from_db()
    assert closed_case.status == Case.Status.ARCHIVED
    assert archive.number == "〔2026〕皖0422法援档字第1号"
    assert archive.retention_years == 10 and archive.retention_until.isoformat() == "2036-12-31"
    titles = list(archive.entries.values_list("title", flat=True))
    assert titles[:2] == ["卷宗封面", "卷内目录"]
    assert "委托代理协议" in titles and "结案审查表" in titles
    assert titles[-2:] == ["仲裁裁决书", "送达回证照片"]
    assert closed_case.transitions.last().to_status == "archived"

    archive.refresh_from_db()
    assert archive.status == CaseArchive.Status.READY  # eager outbox: rendered after commit
    pages = pdf_pages(archive)
    assert archive.pages == len(pages)
    catalogue_text = "".join(pages[1 : archive.entries.get(kind_code="archive_catalogue").page_to])
    for entry in archive.entries.order_by("order"):
        assert entry.page_from and entry.page_to >= entry.page_from
        assert re.search(rf"{entry.order}\s*{re.escape(entry.title)}\s*{entry.pages_display}", catalogue_text), entry
        first = pages[entry.page_from - 1]
        # Every page carries its number in the file, as the catalogue gives it.
        assert first.rstrip().endswith(str(entry.page_from))
        if entry.kind_code and entry.kind_code != "archive_cover":
            assert entry.title in first.replace("\n", "")
    scan = archive.entries.get(title="仲裁裁决书")
    assert scan.page_to - scan.page_from == 1 and SCAN_TEXT in pages[scan.page_from - 1]
    photo = archive.entries.get(title="送达回证照片")
    assert photo.page_from == photo.page_to == len(pages)
    cover = pages[0]
    assert "〔2026〕皖0422法援档字第1号" in cover and closed_case.number in cover and "张建国" in cover
    assert "2026年3月10日" in cover and "10年" in cover and f"{len(pages)}页" in cover


def test_archive_numbers_are_sequential_per_centre_and_year(closed_case, alice, roster):
    from cases import services as case_services
    from tests.archive.conftest import close_case
    from tests.cases.factories import granted_application

    first = services.archive_case(closed_case, actor=alice)
    second_case = case_services.case_open_from_application(
        granted_application(closed_case_network(closed_case)), actor=alice
    )
    case_services.case_assign(second_case, actor=alice, handler=roster.senior_lawyer, reason="同类案件")
    second_case = close_case(second_case, roster.senior_lawyer, alice)
    second = services.archive_case(second_case, actor=alice)
    assert [first.number, second.number] == ["〔2026〕皖0422法援档字第1号", "〔2026〕皖0422法援档字第2号"]
    assert CaseArchive.objects.values("number").distinct().count() == 2


def closed_case_network(case):
    from types import SimpleNamespace

    return SimpleNamespace(workstation=case.received_by, centre=case.centre)


def test_refusal_says_why_and_changes_nothing(labour_case, alice):
    with pytest.raises(DomainError, match="不能归档"):
        services.archive_case(labour_case, actor=alice)
    assert services.archive_refusal(labour_case)
    assert not CaseArchive.objects.exists() and not ArchiveEntry.objects.exists()


def test_missing_document_refuses_with_its_name(closed_case, alice):
    Case.objects.filter(pk=closed_case.pk).update(agreement_signed_on=None)
    closed_case.refresh_from_db()
    with pytest.raises(DomainError, match="卷内文书不全：委托代理协议"):
        services.archive_case(closed_case, actor=alice)
    assert Case.objects.get(pk=closed_case.pk).status == Case.Status.CLOSED


def test_a_case_archived_by_another_path_gets_its_number_and_catalogue(closed_case, alice):
    from cases import services as case_services

    case_services.case_archive(closed_case, actor=alice)  # the case page's older archive action
    archive = CaseArchive.objects.get(case=closed_case)
    assert archive.number == "〔2026〕皖0422法援档字第1号" and archive.archived_by == alice
    assert archive.entries.filter(kind_code="archive_cover").exists() and archive.entries.count() > 4
    assert archive.status == CaseArchive.Status.WAITING  # its file is queued through the outbox


def test_the_file_holds_each_cooperation_letter_the_reply_and_the_answered_file(
    closed_case, alice, charlie, network, django_capture_on_commit_callbacks
):
    """A case that asked another centre on the system and one off it: both letters, the reply issued by the centre
    on the system and the file it answered with are catalogued, each naming its centre, on the pages given."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from cases import services as case_services
    from cases.models import CooperationRequest
    from legalaid.documents.services import document_issue

    from .conftest import pdf_scan

    asked = {}
    for name, counterpart in (("凤台县法律援助中心", network.other_centre), ("河南省固始县法律援助中心", None)):
        asked[name] = case_services.cooperation_request_create(
            actor=alice,
            centre=network.centre,
            direction="outgoing",
            counterpart=counterpart,
            counterpart_name=name,
            kind="investigation",
            request="请协助调取考勤记录",
            person_name="张建国",
            due_date=date(2026, 3, 20),
            case=closed_case,
        )
        document_issue("cooperation_letter", asked[name], actor=alice)
    received = asked["凤台县法律援助中心"].forwarded
    Status = CooperationRequest.Status
    case_services.cooperation_answer(received, actor=charlie, status=Status.ACCEPTED, answer="已受理")
    case_services.cooperation_answer(
        received,
        actor=charlie,
        status=CooperationRequest.Status.ANSWERED,
        answer="已调取考勤记录八个月",
        answer_file=SimpleUploadedFile("考勤.pdf", pdf_scan("考勤记录复印件", pages=1), content_type="application/pdf"),
    )
    received.refresh_from_db()
    document_issue("cooperation_reply", received, actor=charlie)
    withdrawn = case_services.cooperation_request_create(
        actor=alice,
        centre=network.centre,
        direction="outgoing",
        counterpart_name="霍邱县法律援助中心",
        kind="service",
        request="请协助送达",
        due_date=date(2026, 3, 20),
        case=closed_case,
    )
    case_services.cooperation_answer(withdrawn, actor=alice, status=Status.WITHDRAWN, answer="当事人已自行送达")

    client = Client()
    client.force_login(alice)
    page = client.get(reverse("cases:archive:case_file", args=[closed_case.pk])).content.decode()
    assert "法律援助协作函（河南省固始县法律援助中心）" in page and "法律援助协作复函" in page
    assert "霍邱" not in page

    with django_capture_on_commit_callbacks(execute=True):
        archive = services.archive_case(closed_case, actor=alice)
    titles = list(archive.entries.order_by("order").values_list("title", flat=True))
    assert "法律援助协作函（凤台县法律援助中心）" in titles
    assert "法律援助协作函（河南省固始县法律援助中心）" in titles
    assert "法律援助协作复函（凤台县法律援助中心）" in titles
    assert titles[-1] == "协作办复材料（凤台县法律援助中心）"
    assert not any("霍邱" in title for title in titles)

    pages = pdf_pages(archive)
    catalogue_text = "".join(pages[1 : archive.entries.get(kind_code="archive_catalogue").page_to])
    for entry in archive.entries.filter(cooperation__isnull=False):
        assert re.search(rf"{entry.order}\s*{re.escape(entry.title)}\s*{entry.pages_display}", catalogue_text), entry
        first = pages[entry.page_from - 1].replace("\n", "")
        if entry.kind_code:
            assert registry_title(entry.kind_code) in first
        else:
            assert "考勤记录复印件" in first
    letter = archive.entries.get(title="法律援助协作函（河南省固始县法律援助中心）")
    assert "河南省固始县法律援助中心" in pages[letter.page_from - 1]


def registry_title(code: str) -> str:
    from legalaid.documents import registry

    return registry.official_title(code)
