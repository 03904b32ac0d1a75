"""Deployment checks: production settings that would be wrong quietly fail `check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def production_services(app_configs, **kwargs):
    errors = []
    if not settings.PRODUCTION:
        return errors
    if not settings.SITE_URL:
        errors.append(
            Error(
                "SITE_URL is not set: printed QR codes and notices would point nowhere.",
                hint="Set SITE_URL to the address aided persons reach, e.g. https://fy.example.gov.cn.",
                id="legalaid.E001",
            )
        )
    if not settings.REDIS_URL:
        errors.append(
            Error(
                "REDIS_URL is not set: background tasks would run inside web requests.",
                hint="Set REDIS_URL (redis://host:6379/0) and run a Celery worker and beat.",
                id="legalaid.E002",
            )
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        errors.append(
            Error(
                "CELERY_TASK_ALWAYS_EAGER is true in production: tasks would run inside web requests.",
                id="legalaid.E003",
            )
        )
    return errors
