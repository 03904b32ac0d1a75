"""The archive's task: render the whole-file PDF of an archived case (enqueued through the kernel outbox)."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import services


@shared_task(acks_late=True)
def render_case_file(archive_id: int) -> bool:
    """Idempotent: a file already stored, or held by a live run, is left alone (the lease decides)."""
    with translation.override(settings.LANGUAGE_CODE):
        return services.render_case_file(archive_id)
