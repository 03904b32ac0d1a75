"""Claims on long work (a card batch, a monthly report, a bulletin) that expire.

A run claims a row by a conditional update (waiting → running, `claimed_at` = now). A row left
running longer than its lease belongs to a run that died (a worker killed mid-render): the next
run — the redelivered task or the repair sweep — may claim it again. A model using this has a
status field and a nullable `claimed_at`.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone


def expired(running_status: str, lease: timedelta) -> Q:
    return Q(status=running_status, claimed_at__lt=timezone.now() - lease)


def claim(
    model: type[models.Model],
    pk,
    *,
    waiting: Iterable[str],
    running: str,
    lease: timedelta,
    extra: dict | None = None,
) -> bool:
    """Claim one row for this run. True if this run holds it now (no other live run does)."""
    now = timezone.now()
    claimable = Q(status__in=list(waiting)) | expired(running, lease)
    return bool(model._default_manager.filter(claimable, pk=pk).update(status=running, claimed_at=now, **(extra or {})))


def stale(model: type[models.Model], *, running: str, lease: timedelta) -> models.QuerySet:
    """Rows whose run died: for the repair sweep to hand out again."""
    return model._default_manager.filter(expired(running, lease))
