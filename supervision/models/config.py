"""Configuration that changes over time: the holiday calendar and the supervision policy."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Holiday(models.Model):
    """A day of the official holiday calendar: a day off on a weekday, or a weekend day worked (调休)."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("法定节假日(休息)")
        WORKDAY = "workday", _("调休上班日")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.DAY_OFF)
    name = models.CharField(_("名称"), max_length=30, help_text=_("如“国庆节”"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}({self.get_kind_display()})"


def positive(maximum: int):
    return [MinValueValidator(0), MaxValueValidator(maximum)]


class SupervisionPolicy(models.Model):
    """The numbers supervision counts with; one row in force on any date (edited in admin)."""

    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    effective_to = models.DateField(_("失效日期"), null=True, blank=True, help_text=_("留空表示长期有效(含当日)"))
    basis = models.CharField(_("依据"), max_length=200, blank=True)

    complaint_accept_working_days = models.PositiveSmallIntegerField(
        _("投诉受理期限(工作日)"), default=5, validators=positive(60)
    )
    complaint_conclude_days = models.PositiveSmallIntegerField(
        _("投诉办结期限(自受理起,日)"), default=45, validators=positive(365)
    )
    complaint_reply_working_days = models.PositiveSmallIntegerField(
        _("投诉答复期限(自办结起,工作日)"), default=5, validators=positive(60)
    )
    follow_up_after_assignment_days = models.PositiveSmallIntegerField(
        _("指派后首次回访(日)"), default=7, validators=positive(365)
    )
    follow_up_during_handling_days = models.PositiveSmallIntegerField(
        _("办案中回访(指派后,日)"), default=60, validators=positive(730)
    )
    follow_up_after_closing_days = models.PositiveSmallIntegerField(
        _("结案后回访(结案后,日内)"), default=15, validators=positive(365)
    )
    stale_case_days = models.PositiveSmallIntegerField(
        _("案件无进展提示(日)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    enforcement_first_reminder_days = models.PositiveSmallIntegerField(
        _("申请执行期限首次提醒(届满前,日)"), default=90, validators=positive(700)
    )
    enforcement_second_reminder_days = models.PositiveSmallIntegerField(
        _("申请执行期限再次提醒(届满前,日)"), default=30, validators=positive(700)
    )
    fail_subsidy_reduction_percent = models.PositiveSmallIntegerField(
        _("不合格案件补贴扣减比例(%)"),
        default=100,
        validators=positive(100),
        help_text=_("100 表示不予发放;50 表示减半发放"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("监督工作参数")
        verbose_name_plural = _("监督工作参数")

    def __str__(self) -> str:
        return f"{_('监督工作参数')}({self.effective_from:%Y-%m-%d} 起)"

    def clean(self):
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("失效日期不能早于生效日期。")})
        if self.enforcement_second_reminder_days > self.enforcement_first_reminder_days:
            raise ValidationError({"enforcement_second_reminder_days": _("再次提醒应晚于首次提醒(天数更小)。")})
        overlapping = SupervisionPolicy.objects.exclude(pk=self.pk).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from)
        )
        if self.effective_to:
            overlapping = overlapping.filter(effective_from__lte=self.effective_to)
        if overlapping.exists():
            raise ValidationError(_("与已有参数的有效期重叠,请先设置原参数的失效日期。"))

    @classmethod
    def in_force(cls, on: date) -> "SupervisionPolicy":
        """The policy in force on `on`; an unsaved default one if none is configured."""
        policy = (
            cls.objects.filter(effective_from__lte=on)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
            .order_by("-effective_from")
            .first()
        )
        return policy or cls()
