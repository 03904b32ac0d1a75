"""Messages: written with the change, delivered once by a real worker to a real local SMS gateway and SMTP
server, retried when the gateway fails, never sent to someone who opted out."""

import email
import time

import pytest
from django.core import mail

from legalaid.celery import app
from legalaid.kernel import SYSTEM, history_rows
from legalaid.messaging import services
from legalaid.models import Message, MessageEvent, MessageText
from tests.messaging_servers import SmsGatewayServer, SmtpServer
from tests.worker import start_worker

CONTEXT = {
    "name": "张喆堃",
    "number": "WS2026-000123",
    "link": "https://fy.example.gov.cn/s",
    "centre": "寿县法律援助中心",
}


def wait_until(predicate, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.2)


def test_texts_are_seeded_and_effective_dated(db):
    text = services.text_for(MessageEvent.RECEIPT, "sms")
    assert "{number}" in text.body and MessageText.objects.filter(event="receipt").count() >= 2


@pytest.fixture
def sms_gateway_configured(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"


def test_without_a_gateway_a_message_is_kept_as_not_sent(db, settings, django_capture_on_commit_callbacks):
    settings.SMS_GATEWAY_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.notify(MessageEvent.RECEIPT, key="receipt:0", context=CONTEXT, phone="13800138000")
    message.refresh_from_db()
    assert message.status == Message.Status.SUPPRESSED and "未配置" in message.last_error


def test_a_missing_placeholder_stays_visible_and_the_same_event_writes_once(
    db, sms_gateway_configured, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = services.notify(MessageEvent.RECEIPT, key="receipt:1", context={"name": "李㛃"}, phone="13800138000")
        again = services.notify(MessageEvent.RECEIPT, key="receipt:1", context={"name": "李㛃"}, phone="13800138000")
    assert [m.pk for m in first] == [m.pk for m in again]
    assert "李㛃" in first[0].body and "{number}" in first[0].body
    assert Message.objects.count() == 1


def test_in_app_messages_reach_the_inbox(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            MessageEvent.ASSIGNED,
            key="assigned:9",
            context=CONTEXT | {"number": "〔2026〕皖0422法援民字第0009号"},
            user=alice,
        )
    assert services.unread_count(alice) == 1
    message = services.inbox(alice).get()
    assert message.status == Message.Status.SENT and "〔2026〕皖0422法援民字第0009号" in message.subject
    services.mark_read(message, actor=alice)
    assert services.unread_count(alice) == 0
    assert [row.to_status for row in history_rows(message)] == ["sent"]


def test_an_opted_out_person_receives_nothing(db, sms_gateway_configured, django_capture_on_commit_callbacks):
    services.contact_opt_out("13900139000", actor=SYSTEM, note="短信回复退订")
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.notify(MessageEvent.RECEIPT, key="receipt:2", context=CONTEXT, phone="13900139000")
    message.refresh_from_db()
    assert message.status == Message.Status.SUPPRESSED
    assert not mail.outbox


@pytest.mark.worker
def test_sms_and_email_reach_real_servers_once_through_a_worker_with_a_retry(transactional_db, settings):
    import os

    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: run the suite with scripts/test.sh")
    with SmsGatewayServer(fail_first=1) as gateway, SmtpServer() as smtp:
        settings.SMS_GATEWAY_URL, settings.EMAIL_CONFIGURED = gateway.url, True  # as the worker has them
        worker = start_worker(SMS_GATEWAY_URL=gateway.url, EMAIL_URL=smtp.url, MESSAGE_RETRY_SECONDS="1")
        app.conf.task_always_eager = False
        try:
            services.contact_opt_out("13700137000", actor=SYSTEM)
            services.notify(
                MessageEvent.RECEIPT, key="receipt:3", context=CONTEXT, phone="13800138000", email="zhang@example.cn"
            )
            services.notify(MessageEvent.RECEIPT, key="receipt:4", context=CONTEXT, phone="13700137000")
            wait_until(lambda: gateway.received and smtp.messages)
            time.sleep(3)  # anything sent twice would have arrived by now
        finally:
            app.conf.task_always_eager = True
            worker.terminate()
            worker.wait(timeout=30)
    assert gateway.attempts == 2  # refused once, then delivered
    assert [payload["phone"] for payload in gateway.received] == ["13800138000"]
    assert "WS2026-000123" in gateway.received[0]["content"] and "张喆堃" in gateway.received[0]["content"]
    assert len(smtp.messages) == 1
    parsed = email.message_from_bytes(smtp.messages[0].content)
    assert smtp.messages[0].rcpt_tos == ["zhang@example.cn"]
    assert "WS2026-000123" in parsed.get_payload(decode=True).decode("utf-8")
    sms = Message.objects.get(key="receipt:3:sms")
    assert sms.status == Message.Status.SENT and sms.attempts == 2
    assert [row.to_status for row in history_rows(sms)] == ["failed", "sent"]
    assert Message.objects.get(key="receipt:4:sms").status == Message.Status.SUPPRESSED
