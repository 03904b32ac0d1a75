"""Messages to the people a case concerns: SMS, e-mail and in-app, with their texts, consent and delivery log."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..kernel.effective import EffectiveDated, period_constraint


class MessageChannel(models.TextChoices):
    SMS = "sms", _("短信")
    EMAIL = "email", _("电子邮件")
    IN_APP = "in_app", _("站内消息")


class MessageEvent(models.TextChoices):
    """What a message tells; each has a text per channel (MessageText), edited in admin."""

    RECEIPT = "receipt", _("申请已收到")
    MATERIALS_NOTICE = "materials_notice", _("一次性告知补充材料")
    DECISION_GRANTED = "decision_granted", _("准予法律援助")
    DECISION_REFUSED = "decision_refused", _("不予法律援助")
    CASE_OPENED = "case_opened", _("已立案")
    ASSIGNED = "assigned", _("已指派承办人")
    PROGRESS = "progress", _("案件进展")
    CLOSED = "closed", _("案件已结案")
    CARD_RATING = "card_rating", _("质量监督卡评价")
    ENFORCEMENT_REMINDER = "enforcement_reminder", _("执行提醒")
    HEARING_SCHEDULED = "hearing_scheduled", _("开庭排期通知")
    HEARING_REMINDER = "hearing_reminder", _("开庭提醒")


class MessageText(EffectiveDated):
    """The words of one event on one channel, in force for a period (placeholders in {braces})."""

    event = models.CharField(_("事项"), max_length=40, choices=MessageEvent.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=MessageChannel.choices)
    subject = models.CharField(_("标题"), max_length=200, blank=True, help_text=_("电子邮件和站内消息的标题"))
    body = models.TextField(_("正文"), help_text=_("可用占位符，如 {name}、{number}、{link}；短信请控制在 70 字以内"))
    history = HistoricalRecords()

    overlap_fields = ("event", "channel")

    class Meta:
        ordering = ["event", "channel", "-effective_from"]
        verbose_name = _("消息文本")
        verbose_name_plural = _("消息文本")
        constraints = [period_constraint("message_text_period")]

    def __str__(self) -> str:
        return f"{self.get_event_display()} · {self.get_channel_display()}"


class ContactPreference(models.Model):
    """Consent to and opt-out from messages, per phone number or e-mail address (whoever holds it)."""

    address = models.CharField(_("手机号或邮箱"), max_length=200, unique=True)
    consented_at = models.DateTimeField(_("同意接收时间"), null=True, blank=True)
    opted_out_at = models.DateTimeField(_("退订时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("消息接收意愿")
        verbose_name_plural = _("消息接收意愿")

    def __str__(self) -> str:
        return self.address


class Message(models.Model):
    """One message to one recipient on one channel, with its delivery state. Never deleted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        SUPPRESSED = "suppressed", _("未发送(已退订或未配置)")

    event = models.CharField(_("事项"), max_length=40, choices=MessageEvent.choices)
    channel = models.CharField(_("渠道"), max_length=10, choices=MessageChannel.choices)
    address = models.CharField(_("发送至"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收用户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages_received",
    )
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    body = models.TextField(_("正文"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    key = models.CharField(_("去重键"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        indexes = [
            models.Index(fields=["user", "read_at"], name="message_inbox"),
            models.Index(fields=["content_type", "object_id"], name="message_about"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address or self.user} {self.get_event_display()}"
