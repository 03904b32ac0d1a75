"""Thin Celery tasks: primary keys in, a service call, language and time zone set."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone, translation

from . import dates, services

RETRY = {"acks_late": True, "autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def case_assigned(case_id: int) -> str | None:
    """After an assignment: schedule the follow-up visits and issue the card with its PDF (idempotent)."""
    from cases.models import Case

    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        case = Case.objects.filter(pk=case_id).first()
        if case is None:
            return None
        services.follow_ups_schedule_for_assignment(case)
        card = services.card_issue(case_id)
        return card.return_code if card else None


@shared_task(**RETRY)
def daily_supervision() -> dict:
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        return {
            "visits_scheduled": services.follow_ups_schedule_due(),
            "enforcement_reminders": services.enforcement_reminders_due(),
        }


@shared_task(**RETRY)
def monthly_bulletins(period: str | None = None) -> list[int]:
    """The bulletins of `period` (YYYY-MM-DD), by default last month; one per centre whatever the retries."""
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        month = dates.previous_month(timezone.localdate()) if period is None else dates.month_start_iso(period)
        return [bulletin.pk for bulletin in services.bulletins_generate_month(month)]


@shared_task(**RETRY)
def render_card_batch(batch_id: int) -> int | None:
    """A print run of cards as one PDF (a 1,000-card batch takes most of a minute: never in a web request)."""
    with translation.override(settings.LANGUAGE_CODE), timezone.override(settings.TIME_ZONE):
        batch = services.card_batch_render(batch_id)
        return batch.card_count if batch else None
