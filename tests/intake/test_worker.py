"""The notice PDF and the deemed-withdrawal sweep run in a real Celery worker through Redis."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intake import services
from intake.models import Application, MaterialsNotice
from intake.tasks import deem_overdue_applications_withdrawn, render_materials_notice_pdf
from tests.intake.factories import file_application
from tests.worker import celery_worker


@pytest.mark.worker
def test_notice_pdf_and_sweep_in_a_worker(transactional_db, alice, network):
    application = file_application(alice, network.centre, channel_code="centre_window")
    notice = services.notice_issue(
        application, actor=alice, items=["欠薪证明"], due_date=timezone.localdate() + timedelta(days=5)
    )
    # A notice issued long ago whose due date has passed.
    MaterialsNotice.objects.filter(pk=notice.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    with celery_worker() as worker:
        render_materials_notice_pdf.delay(notice.pk).get(timeout=120)
        assert deem_overdue_applications_withdrawn.delay().get(timeout=120) == 1
        assert worker.poll() is None
    notice.refresh_from_db()
    assert notice.pdf.name.endswith(".pdf")
    assert Application.objects.get(pk=application.pk).status == Application.Status.DEEMED_WITHDRAWN
