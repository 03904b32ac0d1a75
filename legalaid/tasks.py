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


@shared_task(acks_late=True, ignore_result=True)
def relay_outbox() -> int:
    """Publish side effects that could not be handed to the broker right after their commit."""
    from .kernel import outbox

    return outbox.relay()


@shared_task(acks_late=True, ignore_result=True)
def repair_missing_work() -> dict:
    """Make what should exist and does not (each app registers its repairers); purge old messages."""
    from .kernel import outbox, repairs

    outbox.purge_published()
    return repairs.run_all()


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=8)
def deliver_message(self, message_id: int) -> bool:
    """Send one message; a gateway or mail server that fails is tried again later, doubling the wait."""
    from .messaging import services
    from .messaging.channels import DeliveryError

    try:
        return services.deliver(message_id)
    except DeliveryError as exc:
        raise self.retry(exc=exc, countdown=settings.MESSAGE_RETRY_SECONDS * 2**self.request.retries) from exc
