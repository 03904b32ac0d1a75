"""A closed labour case with an uploaded PDF scan and a photographed page, ready to archive."""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw
from weasyprint import HTML

from cases import selectors, services
from cases.models import CaseEvent
from legalaid.pdf import font_config
from tests.cases.conftest import frozen_now, labour_case, roster  # noqa: F401 - the cases fixtures, shared

SCAN_TEXT = "劳动人事争议仲裁委员会裁决书正文"


def pdf_scan(text: str = SCAN_TEXT, pages: int = 2) -> bytes:
    body = "".join(f'<p style="page-break-after:always">{text}第{n}页</p>' for n in range(1, pages + 1))
    html = f'<html><body style="font-family:Noto Serif CJK SC">{body}</body></html>'
    return HTML(string=html).write_pdf(font_config=font_config())


def png_scan() -> bytes:
    image = Image.new("RGB", (900, 1200), "white")
    ImageDraw.Draw(image).rectangle((100, 100, 800, 300), outline="black", width=8)
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def close_case(case, lawyer, centre_user):
    """Sign the agreement, end the matter, submit and accept the closing (time is frozen at 2026-03-10)."""
    services.case_handler_event_log(
        case, actor=lawyer, kind=CaseEvent.Kind.AGREEMENT_SIGNED, text="", at=timezone.now(), reason=""
    )
    services.case_end_record(case, actor=lawyer, case_end_date=date(2026, 3, 10), text="裁决书已送达")
    services.closing_submit(
        case,
        actor=lawyer,
        outcome="arbitration_award",
        case_end_date=date(2026, 3, 10),
        recovered_amount="23000.00",
        checked_item_ids=[item.pk for item in selectors.checklist_items(case)],
        handling_report="经仲裁，裁决用人单位支付拖欠工资二万三千元,已送达双方。",
    )
    services.closing_review(case, actor=centre_user, accept=True, note="")
    case.refresh_from_db()
    return case


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def closed_case(media, labour_case, roster, alice):  # noqa: F811 - the imported fixtures
    lawyer = roster.senior_lawyer
    services.case_document_upload(
        labour_case,
        actor=lawyer,
        title="仲裁裁决书",
        upload=SimpleUploadedFile("裁决书.pdf", pdf_scan(), content_type="application/pdf"),
    )
    services.case_document_upload(
        labour_case,
        actor=lawyer,
        title="送达回证照片",
        upload=SimpleUploadedFile("回证.png", png_scan(), content_type="image/png"),
    )
    return close_case(labour_case, lawyer, alice)


def aware(year, month, day, hour=9):
    return timezone.make_aware(datetime(year, month, day, hour))
