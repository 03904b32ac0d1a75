"""Thin Celery tasks of the cases app: load, call the service in the site's language, return a pk."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from legalaid.errors import DomainError
from legalaid.kernel import SYSTEM

from . import services
from .models import Case


@shared_task(acks_late=True)
def open_case_for_grant(application_id: int) -> int | None:
    """Open the case of a granted application, as the system (LAL 43: assign within 3 days of the grant).

    Contract for the stage that grants (eligibility), which enqueues it by name without importing cases:
    ``outbox.enqueue("cases.tasks.open_case_for_grant", application.pk, key=f"grant:{application.pk}:open")``
    inside the transaction that records the grant. Argument: the Application's pk (an int).
    Returns the case's pk, or None when the application is missing or no longer granted.

    Idempotent: when the application already has a case (opened by hand from 待立案, or by an earlier
    run of this task) nothing is created and that case's pk is returned. The assignment clock runs from
    the decision, not from this task, so a late run does not extend it.
    """
    from intake.models import Application

    existing = Case.objects.filter(application_id=application_id).values_list("pk", flat=True).first()
    if existing is not None:
        return existing
    application = Application.objects.filter(pk=application_id, status=Application.Status.GRANTED).first()
    if application is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return services.case_open_from_application(application, actor=SYSTEM).pk
        except DomainError:
            # Another run or a clerk opened it between the check and the row lock; the service refused.
            existing = Case.objects.filter(application_id=application_id).values_list("pk", flat=True).first()
            if existing is None:
                raise
            return existing
