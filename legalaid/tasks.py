from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from .models import Organisation


@shared_task(acks_late=True)
def network_health(language: str = "zh-hans") -> dict:
    """A cheap round trip through worker, database and settings (used by monitoring and tests)."""
    with translation.override(language):
        return {
            "organisations": Organisation.objects.count(),
            "time_zone": settings.TIME_ZONE,
            "now": timezone.localtime().isoformat(),
            "language": translation.get_language(),
        }
