"""Messaging's own tasks (imported by `messaging.connect()` so every worker registers them)."""

from celery import shared_task
from django.db import transaction
from django.utils import translation


@shared_task(acks_late=True, ignore_result=True)
def notify_case_opened(case_id: int) -> None:
    """The case-opened notice, written once the opening has committed with its application and parties."""
    from django.apps import apps

    from .triggers import case_opened

    case = apps.get_model("cases", "Case").objects.select_related("centre", "application__applicant").get(pk=case_id)
    with translation.override("zh-hans"), transaction.atomic():
        case_opened(case)
