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


@shared_task(acks_late=True)
def propose_termination_for_false_pledge(spot_check_id: int) -> int | None:
    """Propose terminating the aid a false integrity pledge obtained (LAL 41, 48), as the system.

    Contract for eligibility, which enqueues it by name when a spot check finds a false pledge, inside
    the transaction that records the finding: ``outbox.enqueue("cases.tasks.propose_termination_for_false_pledge",
    check.pk, key=f"spot-check:{check.pk}:terminate")``.
    Returns the termination's pk, or None when the aid has no case or the case no longer allows it.
    Idempotent: a second run returns the proposal the first one made.
    """
    from eligibility.selectors import false_pledge_findings

    check = false_pledge_findings().select_related("draw").filter(pk=spot_check_id).first()
    if check is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        termination = services.termination_propose_for_false_pledge(check)
    return termination.pk if termination else None
