"""Writing and delivering messages. Triggers in every app call `notify(...)` inside their transaction;
the delivery is an outbox task, so a message is never lost with Redis down and never sent for a change
that rolled back. Each trigger passes a key, so the same event never sends the same message twice."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import DomainError
from ..kernel import SYSTEM, outbox, require_actor, transition
from ..models import ContactPreference, Message, MessageChannel, MessageText
from . import channels

Status = Message.Status


class _Blank(dict):
    """A placeholder the text names but the trigger did not give stays visible, never a crash."""

    def __missing__(self, key):
        return "{" + key + "}"


def text_for(event: str, channel: str, on=None) -> MessageText | None:
    return MessageText.objects.in_force(on or timezone.localdate()).filter(event=event, channel=channel).first()


def opted_out(address: str) -> bool:
    return bool(address) and ContactPreference.objects.filter(address=address, opted_out_at__isnull=False).exists()


def notify(event: str, *, key: str, context: dict, about=None, phone: str = "", email: str = "", user=None):
    """Write one message per channel that has a recipient and a text in force; deliver after commit."""
    recipients = [(MessageChannel.SMS, phone), (MessageChannel.EMAIL, email), (MessageChannel.IN_APP, user)]
    written = []
    for channel, recipient in recipients:
        if not recipient:
            continue
        text = text_for(event, channel)
        if text is None:
            continue
        message, created = Message.objects.get_or_create(
            key=f"{key}:{channel}",
            defaults=_message_fields(event, channel, recipient, text, context, about),
        )
        if created:
            _route(message)
        written.append(message)
    return written


def _message_fields(event, channel, recipient, text, context, about) -> dict:
    values = _Blank({k: "" if v is None else str(v) for k, v in context.items()})
    fields = {
        "event": event,
        "channel": channel,
        "subject": text.subject.format_map(values),
        "body": text.body.format_map(values),
    }
    if channel == MessageChannel.IN_APP:
        fields["user"] = recipient
    else:
        fields["address"] = str(recipient).strip()
    if about is not None:
        fields["content_type"] = ContentType.objects.get_for_model(type(about))
        fields["object_id"] = about.pk
    return fields


def _route(message: Message) -> None:
    if message.channel == MessageChannel.IN_APP:
        message.sent_at = timezone.now()
        transition(message, to=Status.SENT, actor=SYSTEM, fields=("sent_at",))
    elif opted_out(message.address):
        _suppress(message, _("收件人已退订"))
    elif not _channel_configured(message.channel):
        # Kept, visibly not sent, rather than retried for ever where the centre has no gateway or mail server.
        _suppress(message, _("未配置该发送渠道"))
    else:
        outbox.enqueue("legalaid.tasks.deliver_message", message.pk)


def _channel_configured(channel: str) -> bool:
    if channel == MessageChannel.SMS:
        return channels.sms_gateway() is not None
    if channel == MessageChannel.EMAIL:
        return channels.email_configured()
    return True


def _suppress(message: Message, reason: str) -> None:
    message.last_error = reason
    transition(message, to=Status.SUPPRESSED, actor=SYSTEM, reason=reason, fields=("last_error",))


def deliver(message_id: int) -> bool:
    """Send one queued message (the task). Idempotent: a sent or suppressed message is left alone.

    Returns True when sent; raises `channels.DeliveryError` for the task to retry.
    """
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status not in (Status.QUEUED, Status.FAILED):
            return False
        if opted_out(message.address):
            _suppress(message, _("收件人已退订"))
            return False
        message.attempts += 1
        try:
            _send(message)
        except channels.DeliveryError as exc:
            message.last_error = str(exc)[:2000]
            transition(
                message, to=Status.FAILED, actor=SYSTEM, reason=message.last_error, fields=("attempts", "last_error")
            )
            failure = exc
        else:
            message.sent_at, message.last_error = timezone.now(), ""
            transition(message, to=Status.SENT, actor=SYSTEM, fields=("attempts", "sent_at", "last_error"))
            return True
    # The failure is recorded (committed) before the task is told to retry.
    raise failure


def _send(message: Message) -> None:
    if message.channel == MessageChannel.SMS:
        gateway = channels.sms_gateway()
        if gateway is None:
            raise channels.DeliveryError("SMS_GATEWAY_URL is not set")
        gateway.send(message.address, message.body, reference=str(message.pk))
    elif message.channel == MessageChannel.EMAIL:
        if not channels.email_configured():
            raise channels.DeliveryError("EMAIL_URL is not set")
        channels.send_email(message.address, message.subject, message.body)


def contact_opt_out(address: str, *, actor, note: str = "") -> ContactPreference:
    require_actor(actor)
    preference, _created = ContactPreference.objects.get_or_create(address=address.strip())
    preference.opted_out_at = timezone.now()
    preference.note = note
    preference._history_user = None if getattr(actor, "pk", None) is None else actor
    preference.save(update_fields=["opted_out_at", "note"])
    return preference


def contact_consent(address: str, *, actor, note: str = "") -> ContactPreference:
    require_actor(actor)
    preference, _created = ContactPreference.objects.get_or_create(address=address.strip())
    preference.consented_at = timezone.now()
    preference.opted_out_at = None
    preference.note = note
    preference._history_user = None if getattr(actor, "pk", None) is None else actor
    preference.save(update_fields=["consented_at", "opted_out_at", "note"])
    return preference


def inbox(user):
    return Message.objects.filter(user=user, channel=MessageChannel.IN_APP).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return inbox(user).filter(read_at__isnull=True).count()


def mark_read(message: Message, *, actor) -> None:
    if message.user_id != actor.pk:
        raise DomainError(_("这不是您的消息。"))
    Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
