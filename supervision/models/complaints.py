"""Complaints about a handler or the centre, with their working-day limits."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Organisation, TransitionRecord

User = settings.AUTH_USER_MODEL


class Complaint(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("已登记待受理")
        ACCEPTED = "accepted", _("已受理调查中")
        NOT_ACCEPTED = "not_accepted", _("不予受理")
        CONCLUDED = "concluded", _("已办结待答复")
        REPLIED = "replied", _("已答复")

    OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED, Status.CONCLUDED)

    class ComplainantKind(models.TextChoices):
        AIDED_PERSON = "aided_person", _("受援人")
        PUBLIC = "public", _("其他公民或组织")

    class Target(models.TextChoices):
        HANDLER = "handler", _("承办人")
        CENTRE = "centre", _("法律援助机构")

    class Channel(models.TextChoices):
        VISIT = "visit", _("来访")
        PHONE = "phone", _("电话")
        LETTER = "letter", _("信函")
        ONLINE = "online", _("网络")
        CARD = "card", _("质量监督卡")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("投诉属实")
        PARTLY = "partly", _("部分属实")
        NOT_UPHELD = "not_upheld", _("投诉不属实")

    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    target = models.CharField(_("投诉对象"), max_length=20, choices=Target.choices)
    handler = models.ForeignKey(
        User, verbose_name=_("被投诉承办人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    complainant_kind = models.CharField(_("投诉人类别"), max_length=20, choices=ComplainantKind.choices)
    complainant_name = models.CharField(_("投诉人"), max_length=50)
    complainant_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    channel = models.CharField(_("投诉方式"), max_length=20, choices=Channel.choices)
    received_on = models.DateField(_("收到日期"))
    summary = models.TextField(_("投诉事项"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    limits = models.JSONField(_("适用期限快照"), default=dict)
    accept_due = models.DateField(_("受理期限"))
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    not_accepted_reason = models.TextField(_("不予受理理由"), blank=True)
    conclude_due = models.DateField(_("办结期限"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    outcome = models.CharField(_("调查结论"), max_length=20, choices=Outcome.choices, blank=True)
    findings = models.TextField(_("调查情况"), blank=True)
    measures = models.TextField(_("处理措施"), blank=True)
    reply_due = models.DateField(_("答复期限"), null=True, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    registered_by = models.ForeignKey(
        User,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示公众在线提交"),
    )
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    receipt_number = models.CharField(
        _("投诉回执号"), max_length=20, blank=True, help_text=_("在线提交的投诉给投诉人的回执号")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        indexes = [
            models.Index(fields=["centre", "status"], name="supervision_complaint_status"),
            models.Index(fields=["handler", "received_on"], name="supervision_complaint_handler"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_number"],
                condition=~models.Q(receipt_number=""),
                name="supervision_complaint_receipt_unique",
            )
        ]
        permissions = [("handle_complaint", _("受理和处理投诉"))]

    def __str__(self) -> str:
        return f"{self.complainant_name} {self.received_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def current_due(self):
        """The limit that applies now, with its label."""
        if self.status == self.Status.RECEIVED:
            return _("受理"), self.accept_due
        if self.status == self.Status.ACCEPTED:
            return _("办结"), self.conclude_due
        if self.status == self.Status.CONCLUDED:
            return _("答复"), self.reply_due
        return None


class ComplaintTransition(TransitionRecord):
    complaint = models.ForeignKey(
        Complaint, verbose_name=_("投诉"), on_delete=models.PROTECT, related_name="transitions"
    )

    class Meta(TransitionRecord.Meta):
        verbose_name = _("投诉处理记录")
        verbose_name_plural = _("投诉处理记录")
