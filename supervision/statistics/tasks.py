"""Celery tasks of statistics: thin wrappers that set the language and call a filing service as SYSTEM."""

from datetime import date

from celery import shared_task
from django.utils import timezone, translation

from legalaid.models import Organisation

from . import filing, periods


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5)
def monthly_statistics_reports(period: str = "", root_id: int | None = None) -> dict[str, int]:
    """On the 1st of each month (Celery beat): every closed month not yet filed — last month, and
    any month an earlier run missed. `period` ("YYYY-MM-01") files that one month, on demand;
    running it again is harmless."""
    with translation.override("zh-hans"):
        if not period:
            return filing.file_closed_months(timezone.localdate())
        root = Organisation.objects.get(pk=root_id) if root_id else None
        return filing.monthly_reports_generate(date.fromisoformat(period), root=root)


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def month_to_date_statistics() -> dict[str, int]:
    """Every half hour (Celery beat): this month's reports so far, which the dashboard reads."""
    with translation.override("zh-hans"):
        return filing.monthly_reports_generate(periods.month_start(timezone.localdate()))
