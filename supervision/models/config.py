"""Configuration that changes over time: the holiday calendar and the supervision policy."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from legalaid.kernel.effective import EffectiveDated, period_constraint


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


# The complaint limits' source. The defaults (5 working days to accept, 45 days to conclude, 5 working
# days to reply) are those of the Ministry's 2013 法律援助投诉处理办法, which county
# bureaux still publish (e.g. 巫溪县司法局's 2025 service guide: 45 days to conclude). It was replaced by
# 司法部令第149号 (published 13 May 2025, in force 15 June 2025, 5 chapters, 32 articles); the text of its
# time-limit articles could not be consulted when these defaults were last checked (November 2026), so
# the numbers are kept and the help texts say so. An administrator who finds a different number in the
# order enters a new policy row effective from 2025-06-15 rather than editing this default.
COMPLAINT_BASIS = (
    "《中华人民共和国法律援助法》第五十六条；《法律援助投诉处理办法》(2013年)的投诉处理时限，"
    "待按现行司法部令第149号(2025年6月15日起施行)核对"
)


class SupervisionPolicy(EffectiveDated):
    """The numbers supervision counts with; one row in force on any date (edited in admin)."""

    effective_from = models.DateField(_("生效日期"), default=date(2022, 1, 1))
    basis = models.CharField(_("依据"), max_length=200, blank=True, default=COMPLAINT_BASIS)

    complaint_accept_working_days = models.PositiveSmallIntegerField(
        _("投诉受理期限(工作日)"),
        default=5,
        validators=positive(60),
        help_text=_(
            "收到投诉之日起决定是否受理的期限。默认 5 个工作日(2013年《法律援助投诉处理办法》)；"
            "现行司法部令第149号自2025年6月15日起施行，请按其条文核对。"
        ),
    )
    complaint_conclude_days = models.PositiveSmallIntegerField(
        _("投诉办结期限(自受理起，日)"),
        default=45,
        validators=positive(365),
        help_text=_(
            "自受理之日起办结的期限。默认 45 日(2013年《法律援助投诉处理办法》)；"
            "现行司法部令第149号自2025年6月15日起施行，请按其条文核对。"
        ),
    )
    complaint_reply_working_days = models.PositiveSmallIntegerField(
        _("投诉答复期限(自办结起，工作日)"),
        default=5,
        validators=positive(60),
        help_text=_(
            "办结后书面答复投诉人的期限。默认 5 个工作日(2013年《法律援助投诉处理办法》)；"
            "现行司法部令第149号自2025年6月15日起施行，请按其条文核对。"
        ),
    )
    follow_up_after_assignment_days = models.PositiveSmallIntegerField(
        _("指派后首次回访(日)"), default=7, validators=positive(365)
    )
    follow_up_during_handling_days = models.PositiveSmallIntegerField(
        _("办案中回访(指派后，日)"), default=60, validators=positive(730)
    )
    follow_up_after_closing_days = models.PositiveSmallIntegerField(
        _("结案后回访(结案后，日内)"), default=15, validators=positive(365)
    )
    stale_case_days = models.PositiveSmallIntegerField(
        _("案件无进展提示(日)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    enforcement_first_reminder_days = models.PositiveSmallIntegerField(
        _("申请执行期限首次提醒(届满前，日)"), default=90, validators=positive(700)
    )
    enforcement_second_reminder_days = models.PositiveSmallIntegerField(
        _("申请执行期限再次提醒(届满前，日)"), default=30, validators=positive(700)
    )
    fail_subsidy_reduction_percent = models.PositiveSmallIntegerField(
        _("不合格案件补贴扣减比例(%)"),
        default=100,
        validators=positive(100),
        help_text=_("100 表示不予发放；50 表示减半发放"),
    )
    history = HistoricalRecords()

    overlap_message = _("与已有参数的有效期重叠：{other}。请先设置原参数的失效日期。")

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("监督工作参数")
        verbose_name_plural = _("监督工作参数")
        constraints = [period_constraint("supervision_policy_period")]

    def __str__(self) -> str:
        return _("监督工作参数(%(start)s 起)") % {"start": self.effective_from.isoformat()}

    def clean(self):
        super().clean()
        if self.enforcement_second_reminder_days > self.enforcement_first_reminder_days:
            raise ValidationError({"enforcement_second_reminder_days": _("再次提醒应晚于首次提醒(天数更小)。")})

    @classmethod
    def for_day(cls, day: date) -> "SupervisionPolicy":
        """The policy in force on `day`; an unsaved default one if none is configured."""
        return cls.objects.in_force(day).order_by("-effective_from").first() or cls()
