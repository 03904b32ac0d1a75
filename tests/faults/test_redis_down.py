"""With Redis stopped, work is accepted quickly and without error; once Redis is back, every side effect
happens exactly once (the outbox relay publishes what the request could not, the worker does it)."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake.models import MaterialsNotice
from legalaid.celery import app
from legalaid.kernel import outbox, repairs
from legalaid.models import OutboxMessage
from supervision.models import SupervisionCard
from tests.faults.servers import RedisServer
from tests.intake.factories import file_application
from tests.worker import start_worker

pytestmark = [pytest.mark.faults, pytest.mark.worker]


@pytest.fixture
def private_redis(tmp_path, settings):
    """Broker and cache on a Redis of this test's own, stopped before the test acts."""
    redis = RedisServer(tmp_path)
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = redis.url, False
    try:
        yield redis
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        redis.stop()


def wait_until(predicate, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.25)


def test_assignment_and_notice_survive_a_stopped_redis(transactional_db, network, alice, private_redis):
    from tests.cases.factories import make_roster
    from tests.supervision.factories import assigned_case

    roster = make_roster(network)
    application = file_application(alice, network.centre, channel_code="centre_window")
    private_redis.stop()

    started = time.monotonic()
    case = assigned_case(network, actor=alice, handler=roster.senior_lawyer)
    assert time.monotonic() - started < 2, "assigning a case waited on the stopped broker"

    client = Client()
    client.force_login(alice)
    started = time.monotonic()
    response = client.post(
        reverse("intake:application_notice", args=[application.pk]),
        {"items": "欠薪证明\n劳动合同", "due_date": (timezone.localdate() + timedelta(days=10)).isoformat()},
    )
    assert time.monotonic() - started < 2, "issuing a notice waited on the stopped broker"
    assert response.status_code in (200, 302), response.status_code
    notice = MaterialsNotice.objects.get(application=application)
    assert not SupervisionCard.objects.filter(case=case).exists()
    assert OutboxMessage.objects.filter(published_at__isnull=True).count() >= 2

    # The public status and card-rating pages use the (stopped) cache for their rate limits: they answer all the same.
    assert Client().get(reverse("intake:public_status")).status_code == 200
    assert Client().get(reverse("supervision:card_rate", args=["NOSUCHCODE"])).status_code in (200, 404)
    assert Client().post(reverse("supervision:card_rate", args=["NOSUCHCODE"]), {}).status_code in (200, 404)

    private_redis.start()
    worker = start_worker(private_redis.url)
    try:
        # Thirty seconds later the beat relay runs (its back-off has passed).
        OutboxMessage.objects.update(available_at=timezone.now())
        assert outbox.relay() >= 2
        wait_until(lambda: SupervisionCard.objects.filter(case=case).exclude(pdf="").exists())
        wait_until(lambda: bool(MaterialsNotice.objects.get(pk=notice.pk).pdf))
        # Running the relay and the repair sweep again changes nothing: exactly once.
        OutboxMessage.objects.update(available_at=timezone.now())
        outbox.relay()
        repairs.run_all()
        time.sleep(2)
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert SupervisionCard.objects.filter(case=case).count() == 1
    assert not OutboxMessage.objects.filter(published_at__isnull=True).exists()
