"""Celery tasks of statistics: thin wrappers that load, set the language and call a service."""

from datetime import date

from celery import shared_task
from django.utils import timezone, translation

from legalaid.models import Organisation

from . import periods, services


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def monthly_statistics_reports(period: str = "", root_id: int | None = None) -> dict[str, int]:
    """On the 1st of each month (Celery beat): every filing organisation's report for the month before.

    `period` ("YYYY-MM-01") makes it run for another month, on demand; running it again is harmless.
    """
    with translation.override("zh-hans"):
        first = date.fromisoformat(period) if period else periods.previous_month(timezone.localdate()).first
        root = Organisation.objects.get(pk=root_id) if root_id else None
        return services.monthly_reports_generate(first, root=root)


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def month_to_date_statistics() -> dict[str, int]:
    """Every half hour (Celery beat): this month's reports so far, which the dashboard reads."""
    with translation.override("zh-hans"):
        return services.monthly_reports_generate(periods.month_start(timezone.localdate()))
