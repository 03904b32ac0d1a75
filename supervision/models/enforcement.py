"""Enforcement follow-up: judgments and mediation agreements paid over time, and the two-year limit."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.models import Organisation

User = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class EnforcementWatch(models.Model):
    class Instrument(models.TextChoices):
        JUDGMENT = "judgment", _("判决书")
        MEDIATION = "mediation", _("调解书")
        MEDIATION_AGREEMENT = "mediation_agreement", _("经司法确认的调解协议")
        AWARD = "award", _("仲裁裁决书")

    class Status(models.TextChoices):
        OPEN = "open", _("跟踪履行中")
        FULFILLED = "fulfilled", _("已履行完毕")
        ENFORCEMENT_APPLIED = "enforcement_applied", _("已申请强制执行")
        CLOSED = "closed", _("停止跟踪")

    case = models.ForeignKey(
        "cases.Case", verbose_name=_("案件"), on_delete=models.PROTECT, related_name="enforcement_watches"
    )
    centre = models.ForeignKey(Organisation, verbose_name=_("法律援助中心"), on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(_("法律文书"), max_length=30, choices=Instrument.choices)
    instrument_number = models.CharField(_("文书编号"), max_length=80)
    effective_on = models.DateField(_("生效日期"))
    obligor = models.CharField(_("履行义务人"), max_length=100)
    total_amount = models.DecimalField(_("应给付总额(元)"), **MONEY)
    performance_end = models.DateField(_("履行期间最后一日"))
    limit_date = models.DateField(_("申请执行期限届满日"), db_index=True)
    first_reminder_on = models.DateField(_("首次提醒日期"))
    second_reminder_on = models.DateField(_("再次提醒日期"))
    status = models.CharField(_("状态"), max_length=30, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("备注"), blank=True)
    letter_printed_at = models.DateTimeField(_("提示函打印时间"), null=True, blank=True)
    letter_printed_by = models.ForeignKey(
        User, verbose_name=_("提示函打印人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminded_first_at = models.DateTimeField(_("首次提醒时间"), null=True, blank=True)
    reminded_second_at = models.DateTimeField(_("再次提醒时间"), null=True, blank=True)
    registered_by = models.ForeignKey(User, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    status_note = models.TextField(_("状态说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["limit_date", "pk"]
        verbose_name = _("执行跟踪")
        verbose_name_plural = _("执行跟踪")
        permissions = [("follow_enforcement", _("登记和跟踪判决、调解履行"))]

    def __str__(self) -> str:
        return f"{self.get_instrument_display()} {self.instrument_number}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Instalment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待履行")
        RECEIVED = "received", _("已收到")
        MISSED = "missed", _("未履行")

    watch = models.ForeignKey(
        EnforcementWatch, verbose_name=_("执行跟踪"), on_delete=models.PROTECT, related_name="instalments"
    )
    due_date = models.DateField(_("应付日期"))
    amount = models.DecimalField(_("应付金额(元)"), **MONEY)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    received_on = models.DateField(_("收到日期"), null=True, blank=True)
    received_amount = models.DecimalField(_("实收金额(元)"), null=True, blank=True, **MONEY)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("分期履行")
        verbose_name_plural = _("分期履行")

    def __str__(self) -> str:
        return _("%(date)s %(amount)s 元") % {"date": self.due_date.isoformat(), "amount": self.amount}
