"""A batch print run and an issued document's PDF, rendered by a real Celery worker through Redis.

The tasks live in legalaid.documents.tasks, which Celery does not autodiscover: this shows the
legalaid app's ready() registers them with a worker.
"""

import io
import time
from datetime import timedelta

import pytest
from pypdf import PdfReader

from legalaid.documents import services
from legalaid.documents.tasks import render_document_batch, store_issued_document_pdf
from legalaid.models import DocumentBatch, IssuedDocument
from tests.intake.factories import PersonFactory, file_application
from tests.worker import celery_worker


def wait_for(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)


@pytest.mark.worker
def test_batch_and_issued_pdf_in_a_worker(transactional_db, alice, bob, network):
    from django.utils import timezone

    today = timezone.localdate()
    for name in ("王𠮷", "李䶮"):
        file_application(bob, network.workstation, applicant=PersonFactory(name=name))
    notified = file_application(bob, network.workstation, applicant=PersonFactory(name="赵龘"))
    from intake import services as intake_services

    intake_services.notice_issue(notified, actor=alice, items=["户籍证明"], due_date=today + timedelta(days=10))
    with celery_worker() as worker:
        # The outbox hands both tasks to the worker after each commit; sending them again is harmless.
        batch = services.document_batch_request(alice, kind_code="materials_receipt", start=today, end=today)
        render_document_batch.delay(batch.pk)
        issued = services.document_issue("notice_service_receipt", notified, actor=alice)
        store_issued_document_pdf.delay(issued.pk)
        # The tasks keep no result (ignore_result): wait for their rows instead.
        wait_for(lambda: DocumentBatch.objects.filter(pk=batch.pk, status=DocumentBatch.Status.READY).exists())
        wait_for(lambda: IssuedDocument.objects.filter(pk=issued.pk).exclude(pdf="").exists())
        assert worker.poll() is None
    batch = DocumentBatch.objects.get(pk=batch.pk)
    assert batch.status == DocumentBatch.Status.READY and batch.document_count == 3
    with batch.pdf.open("rb") as stored:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(stored.read())).pages)
    assert "王𠮷" in text and "李䶮" in text and "赵龘" in text
    issued = IssuedDocument.objects.get(pk=issued.pk)
    assert issued.pdf and issued.number in "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(issued.pdf.read())).pages
    )
