"""The Celery app. With no REDIS_URL, settings make every task run in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "legalaid.settings")

app = Celery("legalaid")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
