"""Thin Celery tasks: primary keys in, a service call, nothing else. Each is idempotent."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import services
from .models import ApplicantLetter, MaterialsNotice


@shared_task(acks_late=True)
def deem_overdue_applications_withdrawn() -> int:
    """Daily: applications whose one-time notice lapsed with nothing supplied are deemed withdrawn."""
    with translation.override(settings.LANGUAGE_CODE):
        return services.deem_overdue_applications_withdrawn()


@shared_task(acks_late=True)
def render_materials_notice_pdf(notice_id: int) -> None:
    notice = MaterialsNotice.objects.filter(pk=notice_id).select_related("application").first()
    if notice is not None:
        with translation.override(settings.LANGUAGE_CODE):
            services.notice_store_pdf(notice)


@shared_task(acks_late=True)
def render_applicant_letter_pdf(letter_id: int) -> None:
    letter = ApplicantLetter.objects.filter(pk=letter_id).select_related("application").first()
    if letter is not None:
        with translation.override(settings.LANGUAGE_CODE):
            services.letter_store_pdf(letter)
