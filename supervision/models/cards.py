"""Quality supervision cards (质量监督卡) and the aided person's answer on them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Organisation

from .common import SATISFACTION_CHOICES, MoneyAnswer, YesNo

User = settings.AUTH_USER_MODEL


class SupervisionCard(models.Model):
    """One card per case and handler, issued when the case is assigned to that handler."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("已发放")
        RETURNED = "returned", _("已交回纸质卡")
        RATED = "rated", _("已在线评价")

    case = models.ForeignKey("cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="cards")
    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    handler = models.ForeignKey(User, verbose_name=_("承办人"), on_delete=models.PROTECT, related_name="+")
    handler_organisation = models.ForeignKey(
        Organisation, verbose_name=_("承办机构"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_code = models.CharField(_("回执码"), max_length=12, unique=True)
    issued_at = models.DateTimeField(_("发放时间"), default=timezone.now, db_index=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.ISSUED)
    pdf = models.FileField(_("监督卡 PDF"), upload_to="supervision/cards/%Y/%m/", blank=True)
    generated_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["pdf"])

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("质量监督卡")
        verbose_name_plural = _("质量监督卡")
        constraints = [models.UniqueConstraint(fields=["case", "handler"], name="supervision_card_one_per_handler")]
        indexes = [models.Index(fields=["centre", "issued_at"], name="supervision_card_centre_issued")]
        permissions = [
            ("enter_card_return", _("登记交回的监督卡")),
            ("print_cards", _("打印监督卡")),
        ]

    def __str__(self) -> str:
        return f"{self.case}·{self.return_code}"


class CardResponse(models.Model):
    """The aided person's rating on a card: online through the QR code, or a paper card entered by staff."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("扫码在线评价")
        PAPER = "paper", _("交回纸质卡")

    card = models.OneToOneField(
        SupervisionCard, verbose_name=_("监督卡"), on_delete=models.PROTECT, related_name="response"
    )
    channel = models.CharField(_("交回方式"), max_length=10, choices=Channel.choices)
    satisfaction = models.PositiveSmallIntegerField(
        _("总体评价"), choices=SATISFACTION_CHOICES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    handler_contacted = models.CharField(_("承办人是否与您联系"), max_length=10, choices=YesNo.choices)
    attended_hearing = models.CharField(_("是否出庭或参加调解"), max_length=10, choices=YesNo.choices)
    money = models.CharField(_("承办人是否索要或收取财物"), max_length=10, choices=MoneyAnswer.choices)
    comments = models.TextField(_("意见和建议"), blank=True)
    submitted_at = models.DateTimeField(_("交回时间"), default=timezone.now)
    entered_by = models.ForeignKey(
        User, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("监督卡评价")
        verbose_name_plural = _("监督卡评价")

    def __str__(self) -> str:
        return f"{self.card.return_code}:{self.get_satisfaction_display()}"


class CardBatch(models.Model):
    """A print run: every card issued in a period (of one centre or all the user's), in one PDF made by a task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RENDERING = "rendering", _("生成中")
        READY = "ready", _("已生成")
        FAILED = "failed", _("生成失败")

    requested_by = models.ForeignKey(User, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    centre = models.ForeignKey(
        Organisation, verbose_name=_("法律援助中心"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    centres = models.JSONField(_("范围内的中心"), default=list, help_text=_("申请人当时可见的中心"))
    start = models.DateField(_("指派日期自"))
    end = models.DateField(_("指派日期至"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(_("开始生成时间"), null=True, blank=True)
    card_count = models.PositiveIntegerField(_("张数"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="supervision/card-batches/%Y/%m/", blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error = models.TextField(_("错误信息"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("监督卡批量打印")
        verbose_name_plural = _("监督卡批量打印")

    def __str__(self) -> str:
        return _("%(start)s—%(end)s(%(count)s 张)") % {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "count": self.card_count,
        }
