"""Thin tasks of the documents framework (primary keys in, the service does the work).

Imported by the legalaid app's ready(): that registers the tasks with a worker (this package is not
an app Celery autodiscovers) and the repairers with the periodic sweep.
"""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from legalaid.kernel import repairs


@shared_task(acks_late=True, ignore_result=True)
def render_document_batch(batch_id: int) -> None:
    from .services import document_batch_render

    with translation.override(settings.LANGUAGE_CODE):
        document_batch_render(batch_id)


@shared_task(acks_late=True, ignore_result=True)
def store_issued_document_pdf(issued_id: int) -> None:
    from .services import issued_pdf_store

    with translation.override(settings.LANGUAGE_CODE):
        issued_pdf_store(issued_id)


def _repair_batches() -> int:
    from .services import document_batches_repair

    return document_batches_repair()


def _repair_issued_pdfs() -> int:
    from .services import issued_pdfs_repair

    return issued_pdfs_repair()


repairs.register("legalaid.document_batches", _repair_batches)
repairs.register("legalaid.issued_document_pdfs", _repair_issued_pdfs)
