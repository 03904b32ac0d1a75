"""Thin Celery tasks: a service call in the site's language and time zone."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import services


@shared_task(acks_late=True)
def draw_pledge_spot_checks() -> int:
    """Monthly (the 1st): draw last month's pledge spot-checks at every centre; idempotent."""
    with translation.override(settings.LANGUAGE_CODE):
        return services.draw_monthly_spot_checks()
