"""The transactional outbox: a side effect is a row written with the change that implies it.

`enqueue("app.tasks.name", *args)` inside the service's transaction writes an `OutboxMessage`.
After the commit one quick attempt hands it to Celery (bounded: a second at most when the broker
is down or hung); whatever is not handed over stays in the table and the beat relay
`legalaid.tasks.relay_outbox` publishes it later. A rolled-back change leaves no message, a
committed one is never lost. Tasks are idempotent, so a message published twice (the relay and
the quick attempt racing) does no harm.

With no broker (the demo), the quick attempt runs the task in-process; a failing task is logged
and left for the relay instead of turning the user's committed request into a 500.
"""

import logging
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

RELAY_BATCH = 200
MAX_BACKOFF = timedelta(minutes=30)


def enqueue(task: str, *args, key: str = ""):
    """Write the intent to run `task(*args)` in the current transaction; publish after commit.

    `key`, when given, makes the intent unique: a second enqueue with the same key (say, the card of
    one assignment) returns the first message instead of adding another.
    """
    from legalaid.models import OutboxMessage

    if key:
        message, created = OutboxMessage.objects.get_or_create(key=key, defaults={"task": task, "args": list(args)})
        if not created:
            return message
    else:
        message = OutboxMessage.objects.create(task=task, args=list(args))
    transaction.on_commit(lambda: publish_now([message.pk]))
    return message


def publish_now(message_ids: list[int]) -> None:
    """One bounded attempt right after commit; what fails stays for the relay."""
    from legalaid.models import OutboxMessage

    for message in OutboxMessage.objects.filter(pk__in=message_ids, published_at__isnull=True):
        _publish(message)


def relay(limit: int = RELAY_BATCH) -> int:
    """Publish messages still waiting (the beat relay). Returns how many were handed over."""
    from legalaid.models import OutboxMessage

    now = timezone.now()
    published = 0
    with transaction.atomic():
        waiting = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(published_at__isnull=True, available_at__lte=now)
            .order_by("available_at", "pk")[:limit]
        )
        for message in waiting:
            published += _publish(message)
    return published


def _publish(message) -> bool:
    from legalaid.celery import app
    from legalaid.models import OutboxMessage

    try:
        if app.conf.task_always_eager:
            import_module(message.task.rsplit(".", 1)[0])  # registers the task in a web process too
            app.tasks[message.task].apply(args=message.args, throw=True)
        else:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
                app.send_task(message.task, args=message.args, connection=connection, retry=False, ignore_result=True)
    except Exception as exc:  # a broker down, a task failing in-process: retried by the relay
        logger.warning("outbox message %s (%s) not published: %s", message.pk, message.task, exc)
        backoff = min(MAX_BACKOFF, timedelta(seconds=30 * 2 ** min(message.attempts, 10)))
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=F("attempts") + 1, last_error=str(exc)[:2000], available_at=timezone.now() + backoff
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk, published_at__isnull=True).update(published_at=timezone.now())
    return True


def purge_published(older_than: timedelta = timedelta(days=30)) -> int:
    """Published messages are kept a month for inspection, then removed."""
    from legalaid.models import OutboxMessage

    cutoff = timezone.now() - older_than
    deleted, _ = OutboxMessage.objects.filter(published_at__lt=cutoff).delete()
    return deleted


def broker_configured() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))
